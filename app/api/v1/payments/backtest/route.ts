// GET /api/v1/payments/backtest - accuracy of the month-end forecast against run-rate (metrics.md):
// each month ended by asOf with enough history, forecast on given days of the month, as MAE in points;
// ?asOf= YYYY-MM-DD (default: the newest applied extract's as-of), ?days= comma list of days 1..31
// (default 5,10,15,20,25). Company level within the caller's scope.
import { z } from 'zod';
import { withApi } from '@/lib/auth/session';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { getPaymentBacktest } from '@/lib/metrics/payment-forecast';

export const dynamic = 'force-dynamic';

const extraSchema = z.object({
  days: z.string().regex(/^\d{1,2}(,\d{1,2}){0,30}$/, 'days: дни месяца через запятую / comma-separated days of month, e.g. 5,10,15')
    .transform((s) => s.split(',').map(Number))
    .pipe(z.array(z.number().int().min(1).max(31)))
    .optional(),
});

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parsePaymentParamsStrict(sp, 'company');
  const { days } = extraSchema.parse({ days: sp.get('days') || undefined });
  return getPaymentBacktest({ asOf: p.asOf, scope, days });
});
