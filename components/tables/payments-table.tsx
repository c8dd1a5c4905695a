'use client';
// The payment % table: company → team → specialist → client, one level at a time. Sorted in the
// browser (every row of the level is here); the name links one level down, or to the client card.
// CSV export writes exactly the rows and columns shown, in the order shown.
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
import { useState } from 'react';
import { formatMoney, formatPct, formatPoints } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { downloadCsv } from '@/components/ui/csv';
import { deltaClass } from '@/components/ui/delta';
import { PhoneSort, SortHeader, useColumnChoice, usePhonePages, useScrollFocus, type Priority } from './table-kit';

export interface PaymentTableRow {
  id: string | null;
  name: string;
  /** Where the name leads: the next level down, or the client card; null for no link. */
  href: string | null;
  billed: number;
  collected: number;
  paymentPct: number | null;
  deltaPct: number | null;
  remaining: number;
  forecastPct?: number | null;
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, PaymentTableRow>();
const c = t.payments.cols;

// Nulls ("no value") sort last whichever way.
const numSort = { sortFn: 'basic' as const, sortUndefined: 'last' as const };
const columns = helper.columns([
  helper.accessor('name', {
    id: 'name', header: c.name, sortFn: 'alphanumeric',
    cell: (i) => (i.row.original.href ? <Link href={i.row.original.href}>{i.getValue()}</Link> : i.getValue()),
  }),
  helper.accessor('billed', { id: 'billed', header: c.billed, ...numSort, cell: (i) => formatMoney(i.getValue()) }),
  helper.accessor('collected', { id: 'collected', header: c.collected, ...numSort, cell: (i) => formatMoney(i.getValue()) }),
  helper.accessor((r) => r.paymentPct ?? undefined, { id: 'pct', header: c.pct, ...numSort, cell: (i) => formatPct(i.getValue()) }),
  helper.accessor((r) => r.deltaPct ?? undefined, { id: 'delta', header: c.delta, ...numSort, cell: (i) => formatPoints(i.getValue()) }),
  helper.accessor('remaining', { id: 'remaining', header: c.remaining, ...numSort, cell: (i) => formatMoney(i.getValue()) }),
  helper.accessor((r) => r.forecastPct ?? undefined, { id: 'forecast', header: c.forecast, ...numSort, cell: (i) => formatPct(i.getValue()) }),
]);
const NUMERIC = new Set(['billed', 'collected', 'pct', 'delta', 'remaining', 'forecast']);
// What the view is about (%, the change, Осталось, Прогноз) always shows; «Выставлено» gives way on
// tablets (it is «Оплачено» + «Осталось»), back through «Столбцы».
const PRIORITY: Record<string, Priority> = { billed: 2 };

export function PaymentsTable({ rows, total, withForecast, csvName }: { rows: PaymentTableRow[]; total: PaymentTableRow; withForecast: boolean; csvName: string }) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({ features, columns, data: rows, state: { sorting }, onSortingChange: setSorting });
  const shown = table.getAllLeafColumns().filter((col) => withForecast || col.id !== 'forecast');
  const visible = new Set(shown.map((col) => col.id));
  const labels = shown.map((col) => ({ key: col.id, label: String(col.columnDef.header), priority: PRIORITY[col.id] }));
  const { cellClass, menu } = useColumnChoice(csvName, labels);
  const pages = usePhonePages(sorting);
  const scrollFocus = useScrollFocus();
  const numCls = (id: string, extra = '') => ['num nowrap', extra, cellClass(id, PRIORITY[id])].join(' ').trim();

  function exportCsv() {
    const order = table.getRowModel().rows.map((r) => r.original);
    const head = shown.map((col) => String(col.columnDef.header));
    const line = (r: PaymentTableRow) => shown.map((col) => {
      switch (col.id) {
        case 'name': return r.name;
        case 'pct': return r.paymentPct;
        case 'delta': return r.deltaPct;
        case 'forecast': return r.forecastPct ?? null;
        default: return r[col.id as 'billed' | 'collected' | 'remaining'];
      }
    });
    downloadCsv(csvName, [head, ...order.map(line), line({ ...total, name: `${t.payments.company}: ${total.name}` })]);
  }

  return (
    <div className="stack">
      <div className="toolbar">
        <span className="muted small">{t.payments.rowsShown(rows.length)}</span>
        <PhoneSort columns={labels} sort={sorting[0]} onSort={(v) => setSorting(v ? [v] : [])} />
        {menu}
        <button type="button" className="button small" onClick={exportCsv}>{t.payments.csv}</button>
      </div>
      <div className="table-wrap" ref={scrollFocus}>
        <table className="table">
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.filter((h) => visible.has(h.column.id)).map((h) => (
                  <SortHeader key={h.id} label={String(h.column.columnDef.header)} numeric={NUMERIC.has(h.column.id)}
                    className={cellClass(h.column.id, PRIORITY[h.column.id])} sorted={h.column.getIsSorted()} onSort={h.column.getToggleSortingHandler()} />
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((r, i) => (
              <tr key={r.id} className={pages.rowClass(i)}>
                {r.getAllCells().filter((cell) => visible.has(cell.column.id)).map((cell) => (
                  <td key={cell.id} data-label={cell.column.id === 'name' ? undefined : String(cell.column.columnDef.header)}
                    className={NUMERIC.has(cell.column.id) ? numCls(cell.column.id, cell.column.id === 'delta' ? deltaClass(r.original.deltaPct) : '') : 'title-cell'}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="title-cell">{total.name}</th>
              <td className={numCls('billed')} data-label={c.billed}>{formatMoney(total.billed)}</td>
              <td className={numCls('collected')} data-label={c.collected}>{formatMoney(total.collected)}</td>
              <td className={numCls('pct')} data-label={c.pct}>{formatPct(total.paymentPct)}</td>
              <td className={numCls('delta', deltaClass(total.deltaPct))} data-label={c.delta}>{formatPoints(total.deltaPct)}</td>
              <td className={numCls('remaining')} data-label={c.remaining}>{formatMoney(total.remaining)}</td>
              {withForecast && <td className={numCls('forecast')} data-label={c.forecast}>{formatPct(total.forecastPct)}</td>}
            </tr>
          </tfoot>
        </table>
      </div>
      {pages.more(rows.length)}
    </div>
  );
}
