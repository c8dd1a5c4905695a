'use client';
// The clients of an ABC/XYZ cell, a transition or the growth × share points: a sortable TanStack
// (v9) table of plain rows with CSV export of exactly the rows shown in the order shown. Like
// components/tables/data-table.tsx, plus the kinds these views need: a metric value (roubles or a
// count), a percentage, a growth (signed %, "новый" when there is none before).
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_alphanumeric,
  sortFn_basic,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { downloadCsv } from '@/components/ui/csv';
import { formatInt, formatPct, formatRoubles } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

export type AbcCell = string | number | null;
export interface AbcColumn {
  key: string;
  label: string;
  /** value: the metric (roubles when `money`, else a count); pct: 0–100; growth: a ratio (0.12 = +12 %), null = new. */
  kind: 'text' | 'value' | 'pct' | 'growth' | 'int';
  /** Row key holding this cell's link. */
  hrefKey?: string;
}
export type AbcRow = Record<string, AbcCell>;

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, AbcRow>();

function show(kind: AbcColumn['kind'], v: AbcCell, money: boolean): string {
  if (kind === 'growth') {
    if (v === null) return t.bcg.isNewShort;
    const n = Number(v) * 100;
    return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatPct(Math.abs(n))}`;
  }
  if (v === null || v === '') return t.common.dash;
  if (kind === 'value') return money ? formatRoubles(v) : formatInt(v);
  if (kind === 'pct') return formatPct(v);
  if (kind === 'int') return formatInt(v);
  return String(v);
}

/** CSV cell: numbers stay numbers (growth in %), text as shown. */
function csvCell(kind: AbcColumn['kind'], v: AbcCell): string | number | null {
  if (kind === 'growth') return v === null ? t.bcg.isNewShort : Math.round(Number(v) * 10000) / 100;
  return v;
}

export function AbcTable({ columns, rows, csvName, money, note }: {
  columns: AbcColumn[];
  rows: AbcRow[];
  csvName: string;
  /** The metric is in roubles (else a number of sales). */
  money: boolean;
  /** Shown next to the CSV button (e.g. "показаны 1 000 крупнейших из 45 000"). */
  note?: string;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const defs = useMemo(() => helper.columns(columns.map((col) => helper.accessor((r) => r[col.key] ?? undefined, {
    id: col.key,
    header: col.label,
    sortFn: col.kind === 'text' ? 'alphanumeric' : 'basic',
    sortUndefined: 'last',
    cell: (i) => {
      const href = col.hrefKey ? i.row.original[col.hrefKey] : null;
      const text = show(col.kind, i.row.original[col.key] ?? null, money);
      return href ? <Link href={String(href)}>{text}</Link> : text;
    },
  }))), [columns, money]);
  const table = useTable({ features, columns: defs, data: rows, state: { sorting }, onSortingChange: setSorting });
  const numeric = (col: AbcColumn) => col.kind !== 'text';

  function exportCsv() {
    const ordered = table.getRowModel().rows.map((r) => r.original);
    downloadCsv(csvName, [columns.map((c) => c.label), ...ordered.map((r) => columns.map((c) => csvCell(c.kind, r[c.key] ?? null)))]);
  }

  return (
    <div className="stack">
      <div className="toolbar">
        <span className="muted small">{note ?? t.payments.rowsShown(rows.length)}</span>
        <button type="button" className="button small" onClick={exportCsv}>{t.payments.csv}</button>
      </div>
      <div className="table-wrap">
        <table className="table stack-tablet">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h, k) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th key={h.id} className={numeric(columns[k]) ? 'num' : undefined} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      <button type="button" className="th-sort" onClick={h.column.getToggleSortingHandler()}>
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
            {table.getRowModel().rows.map((r) => (
              <tr key={r.id}>
                {r.getAllCells().map((cell, k) => {
                  const col = columns[k];
                  return (
                    <td key={cell.id} data-label={k === 0 ? undefined : col.label} className={numeric(col) ? 'num nowrap' : k === 0 ? 'title-cell' : undefined}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
