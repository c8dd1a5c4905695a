// GET /api/v1/payments/forecast - month-end payment % forecast (metrics.md "Month-end forecast") with its
// 10–90 % range and the run-rate baseline, per group; ?period= YYYY-MM (default: the month of asOf),
// ?asOf= YYYY-MM-DD (default: the newest applied extract's as-of), ?by= company|team|specialist
// (default company; client is refused), ?team= / ?specialist= narrow the invoices. Scoped to the caller.
import { BadRequestError, withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { forecastBySchema, getPaymentForecast } from '@/lib/metrics/payment-forecast';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePaymentParamsStrict(new URL(req.url).searchParams, 'company');
  const by = forecastBySchema.safeParse(p.by);
  if (!by.success) {
    throw new BadRequestError(`by: прогноз строится по company, team или specialist, не по клиенту / the forecast is by company, team or specialist, not by client (got "${p.by}")`);
  }
  return { by: by.data, ...(await getPaymentForecast({ period: p.period, asOf: p.asOf, by: by.data, scope, teamId: p.team, specialistId: p.specialist })) };
});
