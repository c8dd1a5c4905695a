// GET /api/v1/payments/day - the Δ explained: roubles counted on asOf towards the span's invoices, by
// client, largest first; ?period= YYYY-MM (default: the month of asOf), ?asOf= YYYY-MM-DD (default: the
// newest applied extract's as-of), ?span= month|two-month|quarter (default month), ?team= / ?specialist=
// narrow the invoices, ?limit= 1..1000 (default 200). Scoped to the caller. Answers { period, asOf, span,
// periods, limit, rows: [{ clientId, clientName, specialistName, teamName, collected, invoices }] }.
import { z } from 'zod';
import { withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { getDayPayments, spanPeriods } from '@/lib/metrics/payment-rate';

export const dynamic = 'force-dynamic';

const extraSchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parsePaymentParamsStrict(sp, 'company');
  const { limit } = extraSchema.parse({ limit: sp.get('limit') || undefined });
  const rows = await getDayPayments({ period: p.period, asOf: p.asOf, span: p.span, scope, limit, teamId: p.team, specialistId: p.specialist });
  return { period: p.period, asOf: p.asOf, span: p.span, periods: spanPeriods(p.period, p.span), limit, rows };
});
