// GET /api/v1/payments/forecast - month-end payment % forecast (metrics.md "Month-end forecast") with its
// 10–90 % range and the run-rate baseline, per group; ?period= YYYY-MM (default: the month of asOf),
// ?asOf= YYYY-MM-DD (default: the newest applied extract's as-of), ?by= company|team|specialist
// (default company; client is refused), ?team= / ?specialist= narrow the invoices. Scoped to the caller.
// Rows paged: ?limit= (default 500) from ?offset=, `rowCount` all of them (lib/http/page.ts).
import { BadRequestError, withApi } from '@/lib/auth/session';
import { pageOf, parsePageParams } from '@/lib/http/page';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { forecastBySchema, getPaymentForecast } from '@/lib/metrics/payment-forecast';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parsePaymentParamsStrict(sp, 'company');
  const page = parsePageParams(sp);
  const by = forecastBySchema.safeParse(p.by);
  if (!by.success) {
    throw new BadRequestError(`by: прогноз строится по company, team или specialist, не по клиенту / the forecast is by company, team or specialist, not by client (got "${p.by}")`);
  }
  const f = await getPaymentForecast({ period: p.period, asOf: p.asOf, by: by.data, scope, teamId: p.team, specialistId: p.specialist });
  return { by: by.data, ...f, ...pageOf(f.rows, page) };
});
