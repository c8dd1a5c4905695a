'use client';
// The rows behind a KPI figure (issue 6): one row per interaction, agreement, threat, client,
// invoice or act, its client linked to the card, its status marked, the control's own fields
// formatted by kind. Sortable in the browser (the rows listed are all here); the full list's CSV
// comes from the API route (the page links it).
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
import { formatDate, formatDateTime, formatInt, formatMoney } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import type { DrillFieldKind } from '@/lib/kpi/drill';
import s from './kpi.module.css';
import { PhoneSort, SortHeader } from '@/components/tables/table-kit';

export interface DrillTableRow {
  id: string;
  clientName: string;
  /** The client card (as known on the same date). */
  clientHref: string;
  specialistName: string | null;
  teamName: string | null;
  status: string;
  fields: Record<string, string | number | string[] | null>;
}

const k = t.kpi;
const CODES: Record<string, Record<string, string>> = { contactType: k.contactTypes, channel: k.channels, threatKind: k.threatKinds };
const NUMERIC = new Set<DrillFieldKind>(['int', 'days', 'hours', 'money']);
const fmt1 = (v: number) => v.toLocaleString('ru-RU', { maximumFractionDigits: 1 });

function show(key: string, kind: DrillFieldKind, v: string | number | string[] | null): string {
  if (v === null || v === '') return t.common.dash;
  if (Array.isArray(v)) return v.length ? v.map((x) => k.checks[x] ?? x).join(', ') : t.common.dash;
  switch (kind) {
    case 'date': return formatDate(String(v));
    case 'datetime': return formatDateTime(String(v));
    case 'hours': return k.hours(fmt1(Number(v)));
    case 'days': return k.days(formatInt(v));
    case 'int': return formatInt(v);
    case 'money': return formatMoney(v);
    case 'code': return CODES[key]?.[String(v)] ?? String(v);
    default: return String(v);
  }
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric, basic: sortFn_basic },
});
const helper = createColumnHelper<typeof features, DrillTableRow>();

export function DrillTable({ control, rows, fields, statusGroups, showTeam }: {
  control: string;
  rows: DrillTableRow[];
  fields: ReadonlyArray<{ key: string; kind: DrillFieldKind }>;
  /** Status → ok | bad | pending; null: the list has no statuses. */
  statusGroups: Record<string, 'ok' | 'bad' | 'pending'> | null;
  showTeam: boolean;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const statusLabel = (st: string) => (st === 'late' ? k.statusLate[control] : undefined) ?? k.statuses[st] ?? st;
  const columns = useMemo(() => helper.columns([
    helper.accessor('clientName', {
      id: 'client', header: k.drillCols.client, sortFn: 'alphanumeric',
      cell: (i) => <Link href={i.row.original.clientHref}>{i.getValue()}</Link>,
    }),
    // The specialist with their team under the name: one column instead of two, so the list fits a tablet.
    helper.accessor((r) => r.specialistName ?? undefined, {
      id: 'specialist', header: k.drillCols.specialist, sortFn: 'alphanumeric', sortUndefined: 'last',
      cell: (i) => (
        <span className={s.nameCell}>
          {i.getValue() ?? t.common.dash}
          {showTeam && i.row.original.teamName && <span className={s.teamName}>{i.row.original.teamName}</span>}
        </span>
      ),
    }),
    ...(statusGroups ? [helper.accessor('status', {
      id: 'status', header: k.drillCols.status, sortFn: 'alphanumeric',
      cell: (i) => {
        const g = statusGroups[i.getValue()];
        return <span className={`${s.status} ${g === 'ok' ? s.statusOk : g === 'bad' ? s.statusBad : s.statusPending}`}>{statusLabel(i.getValue())}</span>;
      },
    })] : []),
    ...fields.map((f) => helper.accessor((r) => {
      const v = r.fields[f.key];
      return v === null || v === undefined ? undefined : Array.isArray(v) ? v.length : v;
    }, {
      id: `f:${f.key}`, header: k.drillCols[f.key] ?? f.key, sortFn: NUMERIC.has(f.kind) || f.kind === 'codes' ? 'basic' : 'alphanumeric', sortUndefined: 'last',
      cell: (i) => show(f.key, f.kind, i.row.original.fields[f.key] ?? null),
    })),
  ]), [control, fields, statusGroups, showTeam]); // eslint-disable-line react-hooks/exhaustive-deps
  const table = useTable({ features, columns, data: rows, state: { sorting }, onSortingChange: setSorting });
  const kindOf = new Map(fields.map((f) => [`f:${f.key}`, f.kind]));

  const sortable = table.getAllLeafColumns().map((c) => ({ key: c.id, label: String(c.columnDef.header) }));
  return (
    <>
    <PhoneSort columns={sortable} sort={sorting[0]} onSort={(v) => setSorting(v ? [v] : [])} />
    <div className="table-wrap">
      <table className={`table stack-tablet ${s.drill}`} data-testid="kpi-rows">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const kind = kindOf.get(h.column.id);
                return <SortHeader key={h.id} label={String(h.column.columnDef.header)} numeric={!!kind && NUMERIC.has(kind)} sorted={h.column.getIsSorted()} onSort={h.column.getToggleSortingHandler()} />;
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((r) => (
            <tr key={r.original.id}>
              {r.getAllCells().map((cell) => {
                const kind = kindOf.get(cell.column.id);
                const cls = cell.column.id === 'client' ? 'title-cell' : kind === 'text' ? `message ${s.textCell}` : kind && NUMERIC.has(kind) ? 'num nowrap'
                  : cell.column.id === 'specialist' || kind === 'codes' ? undefined : 'nowrap';
                return (
                  <td key={cell.id} className={cls} data-label={cell.column.id === 'client' ? undefined : String(cell.column.columnDef.header)}>
                    <table.FlexRender cell={cell} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
