// ABC/XYZ (issue 7, spec/metrics.md "ABC / XYZ classes of clients"): the 3 × 5 matrix of the
// caller's clients with counts, metric sums and shares; metric, window, date and bounds in the URL;
// the rules in plain Russian; a tapped cell (?cell=A-X, a row ?cell=A, a column ?cell=-X) lists its
// clients with the CV next to the class, CSV, each opening the client card.
import type { Metadata } from 'next';
import { AbcFilters } from '@/components/abc/abc-filters';
import { AbcMatrix } from '@/components/abc/abc-matrix';
import { AbcRules } from '@/components/abc/abc-rules';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { AbcTabs } from '@/components/abc/abc-tabs';
import s from '@/components/abc/abc.module.css';
import { getAbcView, type AbcQuery } from '@/lib/abc/abc-xyz';
import { abcQuery, parseAbcParamsLenient } from '@/lib/abc/params';
import { isMoney } from '@/lib/abc/plan';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS } from '@/lib/docs/anchors';

export const metadata: Metadata = { title: t.abc.title };

const a = t.abc;

export default async function AbcXyzPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parseAbcParamsLenient(await searchParams);
  const q: AbcQuery = { metric: p.metric, asOf: p.asOf, months: p.months, thresholds: p.thresholds };
  const { matrix: m, list } = await getAbcView(q, scope, p.cell ? { abc: p.cell.abc, xyz: p.cell.xyz, limit: p.limit, names: true } : undefined);
  const base = abcQuery(p);
  const link = (cell: string) => `/abc-xyz${abcQuery(p, { cell })}#cell-list`;
  const hrefs: Record<string, string> = {};
  for (const c of m.cells) hrefs[`${c.abc}-${c.xyz}`] = link(`${c.abc}-${c.xyz}`);
  for (const r of m.byAbc) hrefs[r.abc] = link(r.abc);
  for (const r of m.byXyz) hrefs[`-${r.xyz}`] = link(`-${r.xyz}`);
  const selected = p.cell ? (p.cell.abc && p.cell.xyz ? `${p.cell.abc}-${p.cell.xyz}` : p.cell.abc ?? `-${p.cell.xyz}`) : undefined;
  const cellLabel = p.cell ? [p.cell.abc, p.cell.xyz ? a.xyz[p.cell.xyz] : undefined].filter(Boolean).join('-') : '';
  const money = isMoney(p.metric);

  const columns: DataColumn[] = [
    { key: 'name', label: a.cols.client, kind: 'text', hrefKey: 'href' },
    { key: 'cls', label: a.cols.cls, kind: 'text' },
    { key: 'cv', label: a.cols.cv, kind: 'pct' },
    { key: 'value', label: a.metrics[p.metric], kind: money ? 'rub' : 'int' },
    { key: 'share', label: a.cols.share, kind: 'pct' },
    { key: 'specialist', label: a.cols.specialist, kind: 'text' },
    { key: 'team', label: a.cols.team, kind: 'text' },
  ];
  const rows: DataRow[] = (list?.rows ?? []).map((r) => ({
    name: r.name, href: `/clients/${encodeURIComponent(r.clientId)}`, cls: `${r.abc}-${a.xyzShort[r.xyz]}`, cv: r.cv,
    value: r.value, share: r.sharePct, specialist: r.specialistName, team: r.teamName,
  }));

  return (
    <>
      <div className="page-head">
        <h1>{a.title}</h1>
        <span className="muted">{a.window(formatDate(m.from), formatDate(p.asOf))} · {a.metrics[p.metric].toLowerCase()}</span>
      </div>
      <AbcTabs current="matrix" query={base} />
      <AbcFilters v={p} />
      <AbcRules metric={p.metric} months={p.months} from={m.from} asOf={p.asOf} thresholds={p.thresholds} restricted={m.restricted} />

      <section aria-labelledby="matrix-h" className="stack">
        <div className={s.listHead}>
          <h2 id="matrix-h" className="h3">{a.matrixTitle} <HowLink anchor={METRIC_DOCS.abcMatrix} /></h2>
          <span className="muted small">{a.matrixHint}</span>
        </div>
        {m.total.clients === 0 ? <div className="card"><p className="muted">{a.noSales}</p></div> : (
          <AbcMatrix cells={m.cells} byAbc={m.byAbc} byXyz={m.byXyz} total={m.total} money={money} hrefs={hrefs} selected={selected} />
        )}
      </section>

      {list && (
        <section id="cell-list" aria-labelledby="cell-h" className="stack">
          <div className={s.listHead}>
            <h2 id="cell-h" className="h3">{a.cellTitle(cellLabel, formatInt(list.total))}</h2>
            <span className={s.listActions}>
              {/* When the table shows only part of the cell (its own CSV has the rows shown): the whole
                  cell, names included, from the API. */}
              {list.total > rows.length && (
                <a href={`/api/v1/abc-xyz${abcQuery(p, { cell: selected, format: 'csv' })}`} className="button small" download>{a.wholeList(formatInt(list.total))}</a>
              )}
              <a href={`/abc-xyz${base}`} className="button small">{a.closeList}</a>
            </span>
          </div>
          <DataTable stackTablet columns={columns} rows={rows} csvName={`abc-xyz-${cellLabel}-${p.metric}-${p.asOf}.csv`}
            note={list.total > rows.length ? a.shownOf(formatInt(rows.length), formatInt(list.total)) : undefined} />
        </section>
      )}
    </>
  );
}
