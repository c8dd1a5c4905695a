// GET /api/v1/kpi - Manager KPIs (metrics.md "Manager KPIs: the six controls and sales results") as
// known on asOf, ranked by team or specialist: ?period= YYYY-MM or YYYY-Qn (default: the month of
// asOf), ?asOf= YYYY-MM-DD (default: the newest applied extract's as-of), ?by= team|specialist|company
// (default team), ?team= / ?specialist= narrow to that team's or specialist's rows.
// → { by, period, asOf, periods, from, to, rows: [{ id, name, teamId, teamName, score,
//     controls: { calls, entry, completeness, agreements, feedback, reaction } (each { value, numerator,
//     denominator } plus calls.overdue, agreements.overdue, completeness.clients, reaction.medianHours /
//     reacted / open / oldestOpenDays), results: { payment, acts, revenue, sales, activeClients,
//     churned, contactsDone } }], total, medians: { all, byTeam } }. Values in % 0–100 (null when
// nothing counts), money in roubles. Scoped to the caller; a bad parameter is 400. Rows paged in the
// ranking's order: ?limit= (default 500) from ?offset=, `rowCount` all of them; `total` and `medians`
// cover them all (lib/http/page.ts).
import { withApi } from '@/lib/auth/session';
import { pageOf, parsePageParams } from '@/lib/http/page';
import { getKpi } from '@/lib/kpi/get-kpi';
import { parseKpiParamsStrict } from '@/lib/kpi/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = await parseKpiParamsStrict(sp, 'team');
  const page = parsePageParams(sp);
  const kpi = await getKpi({ window: p.window, asOf: p.asOf, by: p.by, scope, teamId: p.team, specialistId: p.specialist });
  return { ...kpi, ...pageOf(kpi.rows, page) };
});
