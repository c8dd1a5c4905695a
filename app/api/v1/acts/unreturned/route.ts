// GET /api/v1/acts/unreturned - acts not returned as known on asOf (metrics.md "Acts"): counts per group
// and the oldest acts with their age in days; ?asOf= YYYY-MM-DD (default: the newest applied extract's
// as-of), ?period= YYYY-MM (optional: only that period's acts; default every period),
// ?by= period|specialist|team (default period), ?team= / ?specialist= narrow to that team's or
// specialist's acts, ?limit= 1..5000 acts listed (default 500; `total` counts them all). Scoped.
import { z } from 'zod';
import { withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { actGroupings, DEFAULT_ACT_LIMIT, getUnreturnedActs } from '@/lib/metrics/unreturned-acts';

export const dynamic = 'force-dynamic';

// `by` here groups by period, which the shared payment parser does not know: read it (and limit) here.
const extraSchema = z.object({
  by: z.enum(actGroupings).default('period'),
  limit: z.coerce.number().int().min(1).max(5000).default(DEFAULT_ACT_LIMIT),
});

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const { by, limit } = extraSchema.parse({ by: sp.get('by') || undefined, limit: sp.get('limit') || undefined });
  const shared = new URLSearchParams(sp);
  shared.delete('by');
  const p = await parsePaymentParamsStrict(shared);
  // The period is a filter here, not a default: no ?period= means every period.
  const period = sp.get('period') ? p.period : undefined;
  const acts = await getUnreturnedActs({ asOf: p.asOf, period, by, scope, teamId: p.team, specialistId: p.specialist, limit });
  return { by, limit, ...acts };
});
