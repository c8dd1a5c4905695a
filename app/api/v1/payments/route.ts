// GET /api/v1/payments - payment % (metrics.md "Payment %") as known on asOf, grouped; ?period= YYYY-MM
// (default: the month of asOf), ?asOf= YYYY-MM-DD (default: the newest applied extract's as-of),
// ?by= company|team|specialist|client (default company), ?span= month|two-month|quarter (default month),
// ?team= / ?specialist= narrow to one team's or one specialist's invoices. Scoped to the caller.
// Rows by name, paged: ?limit= (default 500) from ?offset= (default 0), `rowCount` all of them,
// `total` the figures of all of them (lib/http/page.ts).
import { withApi } from '@/lib/auth/session';
import { pageOf, parsePageParams } from '@/lib/http/page';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { getPaymentRates } from '@/lib/metrics/payment-rate';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parsePaymentParamsStrict(sp, 'company');
  const page = parsePageParams(sp);
  const rates = await getPaymentRates({ period: p.period, asOf: p.asOf, by: p.by, span: p.span, scope, teamId: p.team, specialistId: p.specialist });
  return { by: p.by, ...rates, ...pageOf(rates.rows, page) };
});
