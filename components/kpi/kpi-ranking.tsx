'use client';
// The KPI ranking (issue 6): teams or specialists, sortable by any column, the median row marked
// on top, each value worse than its median highlighted (a specialist against their own team's
// median, a team against the median of the teams), the composite score first. Every number is a
// link to the rows behind it; a name opens that team's specialists or that specialist's page.
// Sorted and paged in the browser (every row of the selection is here: 5,000 specialists at
// 200,000 clients), CSV of every row in the order shown.
import {
  createColumnHelper,
  createPaginatedRowModel,
  createSortedRowModel,
  rowPaginationFeature,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type PaginationState,
  type SortingState,
} from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { formatInt, formatPct, formatRoubles } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { worseThanMedian, type MetricValues, type RankedMetric } from '@/lib/kpi/score';
import { downloadCsv } from '@/components/ui/csv';
import { drillHref, kpiHref, type KpiLinkState } from './href';
import s from './kpi.module.css';
import type { RankingView } from './views';
import { PhoneSort } from '@/components/tables/table-kit';

export interface RankingRow {
  id: string | null;
  name: string;
  teamId: string | null;
  teamName: string | null;
  v: MetricValues;
}

// What each view shows, and the figure a cell opens (with the status filter of the rows).
const VIEWS: Record<RankingView, readonly RankedMetric[]> = {
  controls: ['score', 'calls', 'entry', 'completeness', 'agreements', 'feedback', 'reaction'],
  overdue: ['callsOverdue', 'agreementsOverdue', 'threatsOpen', 'reactionHours'],
  results: ['paymentPct', 'actsPct', 'revenue', 'activeClients', 'churned', 'contactsDone'],
};
const DRILL: Partial<Record<RankedMetric, [string, string?]>> = {
  calls: ['calls', 'bad'], callsOverdue: ['calls-overdue'], entry: ['entry', 'bad'], completeness: ['completeness', 'bad'],
  agreements: ['agreements', 'bad'], agreementsOverdue: ['agreements-overdue'], feedback: ['feedback', 'bad'],
  reaction: ['reaction', 'bad'], reactionHours: ['reaction'], threatsOpen: ['threats-open'],
  paymentPct: ['payments', 'bad'], actsPct: ['acts', 'bad'], revenue: ['revenue'], activeClients: ['active'],
  churned: ['churned'], contactsDone: ['contacts'],
};
// In the controls view a share also shows what is overdue now, one tap away.
const SUB: Partial<Record<RankedMetric, RankedMetric>> = { calls: 'callsOverdue', agreements: 'agreementsOverdue', reaction: 'threatsOpen' };
const PCT = new Set<RankedMetric>(['score', 'calls', 'entry', 'completeness', 'agreements', 'feedback', 'reaction', 'paymentPct', 'actsPct']);

function show(m: RankedMetric, v: number | null): string {
  if (v === null) return t.common.dash;
  if (PCT.has(m)) return formatPct(v);
  if (m === 'revenue') return formatRoubles(v);
  if (m === 'reactionHours') return t.kpi.hours(v.toLocaleString('ru-RU', { maximumFractionDigits: 1 }));
  return formatInt(v);
}

const features = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
  sortedRowModel: createSortedRowModel(),
  paginatedRowModel: createPaginatedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, RankingRow>();
const PAGE = 50;

export function KpiRanking({ by, view, rows, medians, median, medianLabel, link, highlightId, csvName }: {
  by: 'team' | 'specialist';
  view: RankingView;
  rows: RankingRow[];
  /** Medians each row is compared with: by team id (specialists), else `all`. */
  medians: { all: MetricValues; byTeam: Record<string, MetricValues> };
  /** The median row shown on top. */
  median: MetricValues;
  medianLabel: string;
  link: KpiLinkState;
  highlightId?: string;
  csvName: string;
}) {
  const metrics = VIEWS[view];
  const [sorting, setSorting] = useState<SortingState>([]);
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: PAGE });
  const medianOf = (r: RankingRow): MetricValues | undefined => (by === 'specialist' ? (r.teamId ? medians.byTeam[r.teamId] : undefined) : medians.all);
  const who = (r: RankingRow) => (r.id === null ? null : by === 'team' ? { team: r.id } : { specialist: r.id });

  const columns = useMemo(() => helper.columns([
    helper.accessor('name', {
      id: 'name', header: t.kpi.cols[by], sortFn: 'alphanumeric',
      cell: (i) => {
        const r = i.row.original;
        const href = r.id === null ? null : kpiHref({ ...link, by: undefined, team: by === 'team' ? r.id : undefined, specialist: by === 'specialist' ? r.id : undefined });
        return (
          <span className={s.nameCell}>
            {href ? <Link href={href}>{r.name}</Link> : r.name}
            {by === 'specialist' && r.teamName && <span className={s.teamName}>{r.teamName}</span>}
          </span>
        );
      },
    }),
    ...metrics.map((m) => helper.accessor((r) => r.v[m] ?? undefined, {
      id: m, header: t.kpi.cols[m], sortFn: 'basic', sortUndefined: 'last',
      // Worst first on the first tap: lowest where higher is better.
      sortDescFirst: m === 'callsOverdue' || m === 'agreementsOverdue' || m === 'threatsOpen' || m === 'reactionHours' || m === 'churned',
      cell: (i) => {
        const r = i.row.original;
        const w = who(r);
        const d = DRILL[m];
        const text = show(m, r.v[m]);
        const main = d && w && r.v[m] !== null ? <Link href={drillHref(link, d[0], w, d[1])}>{text}</Link> : text;
        const sub = SUB[m];
        if (!sub || !w) return main;
        const n = r.v[sub] ?? 0;
        const sd = DRILL[sub]!;
        return (
          <span className={s.cellStack}>
            <span>{main}</span>
            <span className={s.sub}>{n > 0 ? <Link href={drillHref(link, sd[0], w, sd[1])}>{t.kpi.subOverdue[sub](formatInt(n))}</Link> : t.kpi.subOverdue[sub](formatInt(n))}</span>
          </span>
        );
      },
    })),
  ]), [by, metrics, link]); // eslint-disable-line react-hooks/exhaustive-deps

  const table = useTable({
    features, columns, data: rows,
    state: { sorting, pagination },
    onSortingChange: (u) => { setSorting(u); setPagination((p) => ({ ...p, pageIndex: 0 })); },
    onPaginationChange: setPagination,
  });

  function exportCsv() {
    const ordered = table.getSortedRowModel().rows.map((r) => r.original);
    const head = [t.kpi.cols[by], ...(by === 'specialist' ? [t.kpi.cols.team] : []), ...metrics.map((m) => t.kpi.cols[m].replace(/\u00ad/g, ''))];
    const line = (r: RankingRow) => [r.name, ...(by === 'specialist' ? [r.teamName] : []), ...metrics.map((m) => (r.v[m] === null ? null : Math.round(r.v[m]! * 10) / 10))];
    downloadCsv(csvName, [head, ...ordered.map(line), [medianLabel, ...(by === 'specialist' ? [null] : []), ...metrics.map((m) => median[m])]]);
  }

  const pages = table.getPageCount();
  return (
    <div className="stack">
      <div className="toolbar">
        <span className="muted small">{t.kpi.rowsShown(formatInt(rows.length))}</span>
        <PhoneSort columns={table.getAllLeafColumns().map((c) => ({ key: c.id, label: String(c.columnDef.header).replace(/\u00ad/g, '') }))} sort={sorting[0]}
          onSort={(v) => { setSorting(v ? [v] : []); setPagination((p) => ({ ...p, pageIndex: 0 })); }} />
        <button type="button" className="button small" onClick={exportCsv}>{t.kpi.csv}</button>
      </div>
      <div className={`table-wrap ${s.rankingWrap}`}>
        <table className={`table ${s.ranking}`} data-testid="kpi-ranking">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th key={h.id} className={h.column.id === 'name' ? s.nameHead : 'num'} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      <button type="button" className={`th-sort ${s.thSort}`} onClick={h.column.getToggleSortingHandler()}>
                        <table.FlexRender header={h} />
                        <span className="sort-mark" aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            <tr className={s.medianRow} data-testid="kpi-median">
              <td className="title-cell">{medianLabel}</td>
              {metrics.map((m) => <td key={m} className="num nowrap" data-label={t.kpi.cols[m]}>{show(m, median[m])}</td>)}
            </tr>
            {table.getRowModel().rows.map((row) => {
              const r = row.original;
              const med = medianOf(r);
              return (
                <tr key={row.id} className={r.id !== null && r.id === highlightId ? s.current : undefined} data-testid="kpi-row">
                  {row.getAllCells().map((cell) => {
                    const m = cell.column.id as RankedMetric | 'name';
                    if (m === 'name') return <td key={cell.id} className="title-cell"><table.FlexRender cell={cell} /></td>;
                    const worse = r.id !== null && worseThanMedian(m, r.v[m], med?.[m] ?? null);
                    return (
                      <td key={cell.id} data-label={t.kpi.cols[m]} data-metric={m} className={`num nowrap ${worse ? s.worse : ''}`} title={worse ? t.kpi.worse : undefined}>
                        <table.FlexRender cell={cell} />
                        {worse && <span className={s.srOnly}> ({t.kpi.worse})</span>}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="pager">
          <button type="button" className="button small" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>{t.common.prev}</button>
          <span className="muted small">{t.common.page(pagination.pageIndex + 1, pages)}</span>
          <button type="button" className="button small" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>{t.common.next}</button>
        </div>
      )}
    </div>
  );
}
