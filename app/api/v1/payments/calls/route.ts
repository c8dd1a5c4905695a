// GET /api/v1/payments/calls - «Кому позвонить» (metrics.md "Who to call"): the roubles still needed
// to reach the pace line on D and 80 % on the 20th, and the open invoices of the period ranked by
// roubles at risk = open × (1 − p). ?period= YYYY-MM, ?asOf= YYYY-MM-DD (defaults as on Оплаты),
// ?team= / ?specialist= narrow the invoices, ?limit= 1–500 (default 50), ?format=csv: the rows as a
// CSV file. Scoped to the caller (a specialist sees only their own clients' invoices).
import { BadRequestError, withApi } from '@/lib/auth/session';
import { toCsvText } from '@/components/ui/csv';
import { t } from '@/lib/i18n/ru';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';
import { CALLS_DEFAULT_LIMIT, CALLS_MAX_LIMIT, getPaymentCalls } from '@/lib/metrics/payment-calls';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parsePaymentParamsStrict(sp, 'company');
  const rawLimit = sp.get('limit');
  const limit = rawLimit === null || rawLimit === '' ? CALLS_DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > CALLS_MAX_LIMIT) {
    throw new BadRequestError(`limit: целое число от 1 до ${CALLS_MAX_LIMIT} / an integer from 1 to ${CALLS_MAX_LIMIT} (got "${rawLimit}")`);
  }
  const format = sp.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new BadRequestError(`format: json или csv / json or csv (got "${format}")`);
  const calls = await getPaymentCalls({ period: p.period, asOf: p.asOf, scope, teamId: p.team, specialistId: p.specialist, limit });
  if (format === 'json') return calls;
  const c = t.payments.calls.cols;
  const text = toCsvText([
    [c.client, c.specialist, c.invoice, c.amount, c.open, c.dueOn, c.daysLate, c.usualLate, c.probability, c.atRisk],
    ...calls.rows.map((r) => [r.clientName, r.specialistName, r.invoiceId, r.amount, r.open, r.dueOn, r.daysLate, r.usualLate, Math.round(r.probability * 100), r.atRisk]),
  ]);
  return new Response(text, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="komu-pozvonit-${p.period}-${p.asOf}.csv"`,
    },
  });
});
