// GET /api/v1/payments - payment % (metrics.md "Payment %") as known on asOf, grouped; ?period= YYYY-MM
// (default: the month of asOf), ?asOf= YYYY-MM-DD (default: the newest applied extract's as-of),
// ?by= company|team|specialist|client (default company), ?span= month|two-month|quarter (default month),
// ?team= / ?specialist= narrow to one team's or one specialist's invoices. Scoped to the caller.
import { withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { getPaymentRates } from '@/lib/metrics/payment-rate';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePaymentParamsStrict(new URL(req.url).searchParams, 'company');
  const rates = await getPaymentRates({ period: p.period, asOf: p.asOf, by: p.by, span: p.span, scope, teamId: p.team, specialistId: p.specialist });
  return { by: p.by, ...rates };
});
