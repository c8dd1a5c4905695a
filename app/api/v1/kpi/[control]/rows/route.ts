// GET /api/v1/kpi/<control>/rows - the rows behind one KPI figure, as known on asOf (issue 6): the
// same ?period, ?asOf, ?team / ?specialist as /api/v1/kpi, ?status= all|ok|bad|pending (default
// all), ?limit= 1..200000 rows listed, problems first (default 500; `counts` and `matching` cover
// every row), ?format=csv for a CSV file (UTF-8 with BOM, `;`, Russian headers).
// <control>: calls, calls-overdue, entry, contacts, completeness, active, churned, agreements,
// agreements-overdue, feedback, reaction, threats-open, payments, acts, revenue, threats-unresolved
// (Нагрузка's open threats).
// → { key, period, asOf, from, to, filter, counts: { all, ok, bad, pending, numerator, denominator },
//     matching, limit, rows: [{ id, clientId, clientName, specialistId, specialistName, teamName,
//     status, fields }] }. Scoped to the caller; an unknown control or a bad parameter is 400.
import { BadRequestError, withApi } from '@/lib/auth/session';
import { drillKeys, type DrillKey } from '@/lib/kpi/drill';
import { drillRowsCsv } from '@/lib/kpi/csv';
import { parseKpiParamsStrict } from '@/lib/kpi/params';
import { getKpiRows } from '@/lib/kpi/rows';

export const dynamic = 'force-dynamic';

const isDrillKey = (s: string): s is DrillKey => (drillKeys as readonly string[]).includes(s);

export const GET = withApi<{ control: string }>(async (req, { scope, params }) => {
  if (!isDrillKey(params.control)) {
    throw new BadRequestError(`control: один из ${drillKeys.join(', ')} / one of them (got "${params.control}")`);
  }
  const sp = new URL(req.url).searchParams;
  const format = sp.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new BadRequestError(`format: json или csv / json or csv (got "${format}")`);
  const p = await parseKpiParamsStrict(sp);
  const rows = await getKpiRows({
    window: p.window, asOf: p.asOf, scope, teamId: p.team, specialistId: p.specialist,
    key: params.control, filter: p.status ?? 'all', limit: p.limit,
  });
  if (format === 'csv') {
    const name = `kpi-${rows.key}-${rows.period}-${rows.asOf}${p.team ? `-${p.team}` : ''}${p.specialist ? `-${p.specialist}` : ''}.csv`;
    return new Response(drillRowsCsv(rows), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    });
  }
  return rows;
});
