// GET /api/v1/payments/curve - the cumulative daily payment % of a month as known on asOf, with the
// three months before and the pace line; ?period= YYYY-MM (default: the month of asOf), ?asOf= YYYY-MM-DD
// (default: the newest applied extract's as-of), ?team= / ?specialist= narrow the invoices. Scoped.
import { withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { getPaymentCurve } from '@/lib/metrics/payment-rate';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePaymentParamsStrict(new URL(req.url).searchParams, 'company');
  return getPaymentCurve({ period: p.period, asOf: p.asOf, scope, teamId: p.team, specialistId: p.specialist });
});
