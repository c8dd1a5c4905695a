'use client';
// A sortable table of plain rows described by serialisable columns (kind decides format and
// alignment), with CSV export of exactly the rows shown in the order shown. Used by the debtors,
// acts, ABC/XYZ, transitions and growth × share views; every row of the view is here, so sorting
// is done in the browser. `stackTablet`: wide tables become cards on tablets too.
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
import { formatDate, formatGrowth, formatInt, formatMoney, formatPct, formatRoubles, formatShare } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { downloadCsv } from '@/components/ui/csv';
import { PhoneSort, SortHeader, useColumnChoice, usePhonePages, useScrollFocus, type Priority } from './table-kit';

export type CellValue = string | number | null;
export interface DataColumn {
  key: string;
  label: string;
  /** money `1 234,56 ₽`, rub `1 235 ₽`, pct a percentage 0–100, share a percentage that may be tiny
   * (`0,14 %`, lib/format formatShare), growth a ratio (0.12 = +12 %; null = new). */
  kind: 'text' | 'money' | 'rub' | 'int' | 'date' | 'pct' | 'share' | 'growth';
  /** Row key holding this cell's link (e.g. `/clients/<id>`). */
  hrefKey?: string;
  /** Row key holding a CSS class for the cell. */
  classKey?: string;
  /** 1 (default) always shown; 2 hidden on tablets, 3 below 1280 px, unless chosen in «Столбцы». */
  priority?: Priority;
  /** A shorter header where the full label would widen the column; the full one is its title. */
  short?: string;
}
export type DataRow = Record<string, CellValue>;

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, DataRow>();

function show(kind: DataColumn['kind'], v: CellValue): string {
  if (kind === 'growth') return formatGrowth(v === null || v === '' ? null : Number(v), t.bcg.isNewShort);
  if (v === null || v === '') return t.common.dash;
  if (kind === 'pct') return formatPct(v);
  if (kind === 'share') return formatShare(v);
  if (kind === 'money') return formatMoney(v);
  if (kind === 'rub') return formatRoubles(v);
  if (kind === 'int') return formatInt(v);
  if (kind === 'date') return formatDate(String(v));
  return String(v);
}

export function DataTable({ columns, rows, csvName, initialSort, footer, note, stackTablet }: {
  columns: DataColumn[];
  rows: DataRow[];
  csvName: string;
  initialSort?: SortingState;
  footer?: DataRow;
  /** Shown next to the CSV button instead of the row count (e.g. "показаны 1 000 крупнейших из 45 000"). */
  note?: string;
  stackTablet?: boolean;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ?? []);
  const defs = useMemo(() => helper.columns(columns.map((col) => helper.accessor((r) => r[col.key] ?? undefined, {
    id: col.key,
    header: col.label,
    sortFn: col.kind === 'text' ? 'alphanumeric' : 'basic',
    sortUndefined: 'last',
    cell: (i) => {
      const href = col.hrefKey ? i.row.original[col.hrefKey] : null;
      const text = show(col.kind, i.getValue() ?? null);
      return href ? <Link href={String(href)}>{text}</Link> : text;
    },
  }))), [columns]);
  const table = useTable({ features, columns: defs, data: rows, state: { sorting }, onSortingChange: setSorting });
  const numeric = (col: DataColumn) => col.kind !== 'text';
  const { cellClass, menu } = useColumnChoice(csvName, columns);
  const pages = usePhonePages(sorting);
  const scrollFocus = useScrollFocus();
  const cls = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;

  function exportCsv() {
    const ordered = table.getRowModel().rows.map((r) => r.original);
    // Numbers stay numbers (a growth in %), dates and "new" as shown.
    const cell = (r: DataRow, col: DataColumn): CellValue => {
      const v = r[col.key] ?? null;
      if (col.kind === 'date' && v) return formatDate(String(v));
      if (col.kind === 'growth') return v === null ? t.bcg.isNewShort : Math.round(Number(v) * 10000) / 100;
      return v;
    };
    const out = [columns.map((col) => col.label), ...ordered.map((r) => columns.map((col) => cell(r, col)))];
    if (footer) out.push(columns.map((col) => cell(footer, col)));
    downloadCsv(csvName, out);
  }

  return (
    <div className="stack">
      <div className="toolbar">
        <span className="muted small">{note ?? t.payments.rowsShown(rows.length)}</span>
        <PhoneSort columns={columns.map((col) => ({ key: col.key, label: col.label }))} sort={sorting[0]} onSort={(s) => setSorting(s ? [s] : [])} />
        {menu}
        <button type="button" className="button small" onClick={exportCsv}>{t.payments.csv}</button>
      </div>
      <div className="table-wrap" ref={scrollFocus}>
        <table className={stackTablet ? 'table stack-tablet' : 'table'}>
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h, k) => (
                  <SortHeader key={h.id} label={columns[k].label} short={columns[k].short} numeric={numeric(columns[k])}
                    className={cellClass(columns[k].key, columns[k].priority)} sorted={h.column.getIsSorted()} onSort={h.column.getToggleSortingHandler()} />
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((r, i) => (
              <tr key={r.id} className={pages.rowClass(i)}>
                {r.getAllCells().map((cell, k) => {
                  const col = columns[k];
                  const extra = col.classKey ? String(r.original[col.classKey] ?? '') : '';
                  return (
                    <td key={cell.id} data-label={k === 0 ? undefined : col.label}
                      className={cls(numeric(col) ? 'num nowrap' : k === 0 ? 'title-cell' : undefined, extra, cellClass(col.key, col.priority))}>
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          {footer && (
            <tfoot>
              <tr>
                {columns.map((col, k) => (k === 0
                  ? <th key={col.key} scope="row" className="title-cell">{show(col.kind, footer[col.key] ?? null)}</th>
                  : <td key={col.key} data-label={col.label} className={cls(numeric(col) ? 'num nowrap' : undefined, cellClass(col.key, col.priority))}>{show(col.kind, footer[col.key] ?? null)}</td>))}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {pages.more(rows.length)}
    </div>
  );
}
