// GET /api/v1/payments/history - the last 12 months and last 4 quarters up to the month of asOf, each
// as known on its last day (or on asOf for the current one); ?asOf= YYYY-MM-DD (default: the newest
// applied extract's as-of), ?team= / ?specialist= narrow the invoices. Scoped to the caller.
import { withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { getPaymentHistory } from '@/lib/metrics/payment-rate';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePaymentParamsStrict(new URL(req.url).searchParams, 'company');
  return getPaymentHistory({ asOf: p.asOf, scope, teamId: p.team, specialistId: p.specialist });
});
