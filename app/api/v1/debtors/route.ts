// GET /api/v1/debtors - clients with invoices of periods before `period` not fully collected on asOf
// (metrics.md "Debtors"): outstanding roubles, oldest due date, days overdue, aging buckets;
// ?period= YYYY-MM (default: the month of asOf), ?asOf= YYYY-MM-DD (default: the newest applied
// extract's as-of), ?by= client|specialist|team (default client), ?team= / ?specialist= narrow to that
// team's or specialist's invoices, ?limit= rows returned, largest debt first (default 500, at most
// 100,000; `rowCount` says how many there are, `total` covers them all). Scoped to the caller.
import { BadRequestError, withApi } from '@/lib/auth/session';
import { DEFAULT_DEBTOR_LIMIT, debtorGroupings, getDebtors, MAX_DEBTOR_LIMIT, type DebtorGrouping } from '@/lib/metrics/debtors';
import { wholeParam } from '@/lib/http/page';
import { parsePaymentParamsStrict } from '@/lib/metrics/params';

export const dynamic = 'force-dynamic';

const isDebtorGrouping = (by: string): by is DebtorGrouping => (debtorGroupings as readonly string[]).includes(by);

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parsePaymentParamsStrict(sp, 'client');
  const limit = wholeParam(sp, 'limit', DEFAULT_DEBTOR_LIMIT, 1, MAX_DEBTOR_LIMIT);
  const by = p.by;
  if (!isDebtorGrouping(by)) {
    throw new BadRequestError(`by: должники группируются по client, specialist или team / debtors are grouped by client, specialist or team (got "${by}")`);
  }
  return { by, limit, ...(await getDebtors({ period: p.period, asOf: p.asOf, by, scope, teamId: p.team, specialistId: p.specialist, limit })) };
});
