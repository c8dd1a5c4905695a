'use client';
// The client list. Sorting is done by the server over all pages (manualSorting): a click on a
// header puts ?sort=&dir= in the URL and the page reloads its rows.
import {
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ClientListRow, ClientSortKey } from '@/lib/clients/get-clients';
import { t } from '@/lib/i18n/ru';

const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, ClientListRow>();

const columns = helper.columns([
  helper.accessor('name', {
    id: 'name',
    header: t.clients.name,
    cell: (i) => <Link href={`/clients/${encodeURIComponent(i.row.original.id)}`}>{i.getValue()}</Link>,
  }),
  helper.accessor('inn', { id: 'inn', header: t.clients.inn, cell: (i) => i.getValue() ?? t.common.dash }),
  helper.accessor('contractNo', { id: 'contract', header: t.clients.contract, cell: (i) => i.getValue() ?? t.common.dash }),
  helper.accessor('segment', { id: 'segment', header: t.clients.segment, cell: (i) => i.getValue() ?? t.common.dash }),
  helper.accessor('specialistName', {
    id: 'specialist',
    header: t.clients.specialist,
    cell: (i) => i.getValue() ?? i.row.original.specialistId ?? t.common.dash,
  }),
  helper.accessor('status', {
    id: 'status',
    header: t.clients.status,
    cell: (i) => <span className={`badge status-${i.getValue()}`}>{t.clientStatus[i.getValue()] ?? i.getValue()}</span>,
  }),
]);

export function ClientsTable({ rows, sort, dir, q }: { rows: ClientListRow[]; sort: ClientSortKey; dir: 'asc' | 'desc'; q: string }) {
  const router = useRouter();
  const sorting: SortingState = [{ id: sort, desc: dir === 'desc' }];

  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const s = next[0] ?? { id: sort, desc: dir !== 'desc' }; // a third click flips instead of clearing
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (s.id !== 'name') p.set('sort', s.id);
    if (s.desc) p.set('dir', 'desc');
    const qs = p.toString();
    router.push(qs ? `/clients?${qs}` : '/clients');
  }

  const table = useTable({ features, columns, data: rows, state: { sorting }, onSortingChange, manualSorting: true, enableSortingRemoval: false });

  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
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
              {r.getAllCells().map((c) => (
                <td key={c.id} data-label={String(c.column.columnDef.header ?? '')}>
                  <table.FlexRender cell={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
