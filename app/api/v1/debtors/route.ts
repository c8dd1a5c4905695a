// GET /api/v1/debtors - clients with invoices of periods before `period` not fully collected on asOf
// (metrics.md "Debtors"): outstanding roubles, oldest due date, days overdue, aging buckets;
// ?period= YYYY-MM (default: the month of asOf), ?asOf= YYYY-MM-DD (default: the newest applied
// extract's as-of), ?by= client|specialist|team (default client), ?team= / ?specialist= narrow to that
// team's or specialist's invoices. Scoped to the caller.
import { BadRequestError, withApi } from '@/lib/auth/session';
import { debtorGroupings, getDebtors, type DebtorGrouping } from '@/lib/metrics/debtors';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';

export const dynamic = 'force-dynamic';

const isDebtorGrouping = (by: string): by is DebtorGrouping => (debtorGroupings as readonly string[]).includes(by);

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePaymentParamsStrict(new URL(req.url).searchParams, 'client');
  const by = p.by;
  if (!isDebtorGrouping(by)) {
    throw new BadRequestError(`by: должники группируются по client, specialist или team / debtors are grouped by client, specialist or team (got "${by}")`);
  }
  return { by, ...(await getDebtors({ period: p.period, asOf: p.asOf, by, scope, teamId: p.team, specialistId: p.specialist })) };
});
