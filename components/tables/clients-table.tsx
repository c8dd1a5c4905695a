'use client';
// The client list, smooth at 100,000+ rows. The server renders the first rows; the whole list then
// arrives as an Arrow IPC stream from GET /api/v1/clients (record batches decoded as they come,
// with a progress bar), and only the rows in view are in the DOM (@tanstack/react-virtual over the
// window's scroll). Sorting and filtering are the server's (over every row, not just the loaded
// ones): a header click puts ?sort=&dir= in the URL. The columns shown are kept in ?cols=.
// CSV export gives the rows shown, in order, with the columns shown.
import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnVisibilityState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useTransition, type CSSProperties, type KeyboardEvent } from 'react';
import { downloadCsv } from '@/components/ui/csv';
import { ColumnsMenu, usePhone, useTablet } from './table-kit';
import { ARROW_STREAM_TYPE } from '@/lib/arrow/mime';
import type { ClientListRow } from '@/lib/clients/get-clients';
import {
  CLIENTS_MAX_LIMIT, clientColumnIds, clientsDataQuery, defaultClientColumns, clientsHref, type ClientColumnId, type ClientsSearch,
} from '@/lib/clients/list-query';
import { formatDate, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import styles from './clients-table.module.css';

const L = t.clientsList.cols;
const features = tableFeatures({ rowSortingFeature, columnVisibilityFeature });
const helper = createColumnHelper<typeof features, ClientListRow>();

/** Each column's text, for the cell and for CSV alike (CSV leaves a missing value empty). */
const textOf: Record<ClientColumnId, (r: ClientListRow) => string | null> = {
  name: (r) => r.name,
  inn: (r) => r.inn,
  contract: (r) => r.contractNo,
  contractStart: (r) => (r.contractStartOn ? formatDate(r.contractStartOn) : null),
  segment: (r) => r.segment,
  taxSystem: (r) => r.taxSystem,
  region: (r) => r.region,
  specialist: (r) => r.specialistName ?? r.specialistId,
  team: (r) => r.teamName ?? r.teamId,
  status: (r) => t.clientStatus[r.status] ?? r.status,
};

// Grid widths: the name takes the most; INN, contract, dates and statuses keep room for their usual
// values; the rest shrink down to their header's width, their text taking up to two lines (then an
// ellipsis, the full text in the title), so a 1024 px tablet never scrolls sideways.
const widths: Record<ClientColumnId, string> = {
  name: 'minmax(9rem, 1.6fr)', inn: 'minmax(8rem, 0.8fr)', contract: 'minmax(9rem, 1fr)', contractStart: 'minmax(6.5rem, 0.8fr)',
  segment: 'minmax(7.4rem, 1fr)', taxSystem: 'minmax(4.6rem, 0.5fr)', region: 'minmax(5.5rem, 1fr)', specialist: 'minmax(7rem, 1.5fr)',
  team: 'minmax(4.8rem, 1.2fr)', status: 'minmax(6.5rem, 0.8fr)',
};

const WRAP = new Set<string>(['name', 'segment', 'region', 'specialist', 'team']);
const TABLET_HIDDEN: ReadonlySet<ClientColumnId> = new Set<ClientColumnId>(['contract', 'taxSystem']);
const NO_COLUMNS: ReadonlySet<ClientColumnId> = new Set<ClientColumnId>();

const columns = helper.columns(clientColumnIds.map((id) => helper.accessor((r) => textOf[id](r) ?? '', {
  id,
  header: L[id],
  enableHiding: id !== 'name',
  cell: (i) => {
    const r = i.row.original;
    if (id === 'name') return <Link className={`${styles.nameLink} ${styles.wrap2}`} href={`/clients/${encodeURIComponent(r.id)}`}>{r.name}</Link>;
    if (id === 'status') return <span className={`badge status-${r.status}`}>{textOf.status(r)}</span>;
    const text = textOf[id](r);
    if (text === null) return t.common.dash;
    return WRAP.has(id) ? <span className={styles.wrap2}>{text}</span> : text;
  },
})));

const ROW_PX = 41; // a desktop row: one line of text and its padding
const PHONE_GAP_PX = 10;

type LoadState = 'done' | 'loading' | 'error';

/**
 * Every row of the list: `first` (rendered by the server) at once, then the whole list read from
 * the Arrow stream batch by batch. `want` is how many rows to ask for.
 */
function useAllRows(first: ClientListRow[], want: number, dataQuery: string) {
  const [rows, setRows] = useState(first);
  const [loaded, setLoaded] = useState(first.length);
  const [state, setState] = useState<LoadState>(first.length >= want ? 'done' : 'loading');
  const [total, setTotal] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (first.length >= want) return;
    const ac = new AbortController();
    (async () => {
      setState('loading');
      const qs = new URLSearchParams(dataQuery);
      qs.set('limit', String(want));
      const res = await fetch(`/api/v1/clients?${qs}`, { headers: { accept: ARROW_STREAM_TYPE }, signal: ac.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const counted = Number(res.headers.get('x-total-count'));
      if (Number.isFinite(counted)) setTotal(counted);
      // The decoder is loaded with the data, not with the page (the first screen needs neither).
      const [{ RecordBatchReader }, { clientRowsFromArrow }] = await Promise.all([import('apache-arrow'), import('@/lib/arrow/client-rows')]);
      const reader = await RecordBatchReader.from(res.body);
      const all: ClientListRow[] = [];
      let shown = first.length;
      for await (const batch of reader) {
        for (const r of clientRowsFromArrow(batch)) all.push(r);
        setLoaded(all.length);
        // Each new data array rebuilds the table's row model over every row so far, so the list is
        // refreshed as the loaded part doubles (16k, 32k, 64k… rows): about twice the final work in
        // all, instead of a rebuild per batch (200,000 rows: tasks of up to 1.1 s under load).
        if (all.length >= 2 * shown) {
          shown = all.length;
          setRows(all.slice());
        }
      }
      setRows(all);
      setLoaded(all.length);
      setState('done');
    })().catch(() => {
      if (!ac.signal.aborted) setState('error');
    });
    return () => ac.abort();
  }, [first, want, dataQuery, attempt]);

  return { rows, loaded, state, total, retry: () => setAttempt((n) => n + 1) };
}

export function ClientsTable({ first, total, state }: { first: ClientListRow[]; total: number; state: ClientsSearch }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const dataQuery = clientsDataQuery(state).toString();
  const want = Math.min(total, CLIENTS_MAX_LIMIT);
  const all = useAllRows(first, want, dataQuery);
  const rows = all.rows;
  const knownTotal = all.total ?? total;

  // Columns shown: from ?cols=, changed here and written back to the URL without a server round trip.
  const [cols, setCols] = useState<ClientColumnId[]>(state.cols);
  // A tablet (761–1100 px) shows the default columns but the contract and the tax system. CSS
  // decides it (--cols-tablet, .tabletHide), so the first paint fits before the page hydrates;
  // «Столбцы» brings them back (any choice other than the defaults is shown as chosen).
  const tablet = useTablet();
  const tabletDrop = cols.join(',') === defaultClientColumns.join(',') ? TABLET_HIDDEN : NO_COLUMNS;
  const visibility = useMemo<ColumnVisibilityState>(() => Object.fromEntries(clientColumnIds.map((id) => [id, cols.includes(id)])), [cols]);
  function pickColumns(picked: ClientColumnId[]) {
    setCols(picked);
    window.history.replaceState(null, '', clientsHref({ ...state, cols: picked }));
  }
  function toggleColumn(key: string, on: boolean) {
    const base = tablet ? cols.filter((id) => !tabletDrop.has(id)) : cols;
    pickColumns(clientColumnIds.filter((id) => (id === key ? on : base.includes(id))));
  }
  function onColumnVisibilityChange(updater: Updater<ColumnVisibilityState>) {
    const next = typeof updater === 'function' ? updater(visibility) : updater;
    pickColumns(clientColumnIds.filter((id) => next[id] !== false));
  }

  const sorting: SortingState = [{ id: state.sort, desc: state.dir === 'desc' }];
  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const s = next[0] ?? { id: state.sort, desc: state.dir !== 'desc' }; // a third click flips instead of clearing
    startTransition(() => router.push(clientsHref({ ...state, cols, sort: s.id as ClientColumnId, dir: s.desc ? 'desc' : 'asc' }), { scroll: false }));
  }

  const table = useTable({
    features, columns, data: rows,
    state: { sorting, columnVisibility: visibility },
    onSortingChange, onColumnVisibilityChange,
    manualSorting: true, enableSortingRemoval: false, sortDescFirst: false,
  });
  const visible = table.getVisibleLeafColumns();
  const gridStyle = {
    '--cols': visible.map((c) => widths[c.id as ClientColumnId]).join(' '),
    '--cols-tablet': visible.filter((c) => !tabletDrop.has(c.id as ClientColumnId)).map((c) => widths[c.id as ClientColumnId]).join(' '),
  } as CSSProperties;
  const hideOnTablet = (id: string) => (tabletDrop.has(id as ClientColumnId) ? styles.tabletHide : '');

  // While the stream arrives, the rows not yet read are placeholders, so the scrollbar is the final one.
  const count = all.state === 'loading' ? Math.max(want, rows.length) : rows.length;
  const phone = usePhone();
  const listRef = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => setMargin(listRef.current ? listRef.current.getBoundingClientRect().top + window.scrollY : 0);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  const estimate = phone ? 30 * visible.length + 14 : ROW_PX;
  const virtualizer = useWindowVirtualizer({
    count,
    estimateSize: () => estimate,
    gap: phone ? PHONE_GAP_PX : 0,
    overscan: 10,
    scrollMargin: margin,
    // The server renders the first screen as if the window were 900 px high.
    initialRect: { width: 1280, height: 900 },
    getItemKey: (i) => rows[i]?.id ?? `placeholder-${i}`,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, phone, cols]);
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0].start - margin : 0;
  const after = items.length ? virtualizer.getTotalSize() - (items[items.length - 1].end - margin) : 0;
  const modelRows = table.getRowModel().rows;

  // Keyboard: arrows move between rows' links, Home/End to the ends; Enter follows the link.
  function focusRow(index: number) {
    const i = Math.max(0, Math.min(rows.length - 1, index));
    virtualizer.scrollToIndex(i, { align: 'auto' });
    requestAnimationFrame(() => requestAnimationFrame(() => {
      listRef.current?.querySelector<HTMLElement>(`[data-index="${i}"] a`)?.focus({ preventScroll: true });
    }));
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const i = Number(row.dataset.index);
    const page = Math.max(1, Math.floor(window.innerHeight / estimate) - 2);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, PageDown: i + page, PageUp: i - page, Home: 0, End: rows.length - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    focusRow(to);
  }

  function exportCsv() {
    const ids = visible.map((c) => c.id as ClientColumnId);
    downloadCsv(`klienty-${new Date().toISOString().slice(0, 10)}.csv`, [ids.map((id) => L[id]), ...rows.map((r) => ids.map((id) => textOf[id](r)))]);
  }

  const truncated = knownTotal > CLIENTS_MAX_LIMIT;
  return (
    <div className="stack">
      <div className={styles.toolbar}>
        <span className={styles.status} role="status" aria-live="polite">
          {pending ? t.clientsList.updating
            : all.state === 'loading' ? (
              <>
                <progress max={want} value={all.loaded} aria-label={t.clientsList.loading(formatInt(all.loaded), formatInt(want))} />
                {t.clientsList.loading(formatInt(all.loaded), formatInt(want))}
              </>
            ) : all.state === 'error' ? (
              <span className={styles.error}>{t.clientsList.loadFailed}</span>
            ) : truncated ? t.clientsList.truncated(formatInt(rows.length), formatInt(knownTotal)) : t.clientsList.shown(formatInt(rows.length))}
        </span>
        {all.state === 'error' && <button type="button" className="button small" onClick={all.retry}>{t.clientsList.retry}</button>}
        <span className={styles.spacer} />
        <ColumnsMenu
          items={table.getAllLeafColumns().map((c) => ({
            key: c.id, label: L[c.id as ClientColumnId], checked: c.getIsVisible() && !(tablet && tabletDrop.has(c.id as ClientColumnId)), disabled: !c.getCanHide(),
          }))}
          onToggle={toggleColumn} />
        <button type="button" className="button small" onClick={exportCsv} disabled={all.state === 'loading'} title={all.state === 'loading' ? t.clientsList.csvWait : undefined}>
          {t.clientsList.csv}
        </button>
      </div>
      <p className={`muted small ${styles.hint}`}>{t.clientsList.keys}</p>
      <div
        ref={listRef}
        className={styles.list}
        role="table"
        aria-label={t.clientsList.table}
        aria-rowcount={count + 1}
        aria-busy={all.state === 'loading' || pending}
        style={gridStyle}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className={styles.headGroup}>
          {table.getHeaderGroups().map((g) => (
            <div key={g.id} role="row" aria-rowindex={1} className={styles.head}>
              {g.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <div key={h.id} role="columnheader" className={`${styles.th} ${hideOnTablet(h.column.id)}`} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                    <button type="button" onClick={h.column.getToggleSortingHandler()} title={L[h.column.id as ClientColumnId]}>
                      <span><table.FlexRender header={h} /></span>
                      <span className={styles.mark} aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                    </button>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" className={styles.body} style={{ paddingTop: before, paddingBottom: after }}>
          {items.map((item) => {
            const row = modelRows[item.index];
            if (!row) {
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} data-index={item.index} ref={virtualizer.measureElement} className={`${styles.row} ${styles.placeholder}`}>
                  <div role="cell" className={styles.cell}><span className={styles.srOnly}>{t.clientsList.placeholder}</span></div>
                </div>
              );
            }
            return (
              <div key={item.key} role="row" aria-rowindex={item.index + 2} data-index={item.index} ref={virtualizer.measureElement} className={styles.row}>
                {row.getVisibleCells().map((c) => (
                  <div key={c.id} role="cell" className={[styles.cell, c.column.id === 'name' ? styles.title : '', WRAP.has(c.column.id) ? styles.wraps : '', hideOnTablet(c.column.id)].join(' ').trim()} data-label={L[c.column.id as ClientColumnId]} title={c.column.id === 'status' ? undefined : textOf[c.column.id as ClientColumnId](row.original) ?? undefined}>
                    <table.FlexRender cell={c} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
