'use client';
// The parts every table here shares (issue 19 "Tables fit", "Phone"):
// - a sortable header cell whose label is never cut (a short label, the full one as its title);
// - column priorities: 1 always shown, 2 hidden on tablets (761–1100 px), 3 hidden below 1280 px,
//   decided by CSS so the first paint is already right; the «Столбцы» menu shows or hides any
//   column on top of that, remembered per table in this browser;
// - on phones, where rows are cards: a sort control and pages of 50 cards (their CSS shows them
//   on phones only).
import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { t } from '@/lib/i18n/ru';
import styles from './table-kit.module.css';

export type Priority = 1 | 2 | 3;
export type SortDir = 'asc' | 'desc' | false;

const WIDE = '(min-width: 1280px)';
const TABLET = '(min-width: 761px) and (max-width: 1100px)';
const PHONE = '(max-width: 760px)';

function useMedia(query: string, serverValue: boolean): boolean {
  return useSyncExternalStore(
    (cb) => { const m = window.matchMedia(query); m.addEventListener('change', cb); return () => m.removeEventListener('change', cb); },
    () => window.matchMedia(query).matches,
    () => serverValue,
  );
}

/** True on a phone-sized screen (cards instead of a grid); false on the server. */
export function usePhone(): boolean {
  return useMedia(PHONE, false);
}

/** True on a tablet-sized screen (761–1100 px); false on the server. */
export function useTablet(): boolean {
  return useMedia(TABLET, false);
}

/** Whether a column of this priority shows at the current width when the user has not chosen. */
function shownByDefault(priority: Priority, wide: boolean, tablet: boolean): boolean {
  if (priority === 3) return wide;
  if (priority === 2) return !tablet;
  return true;
}

/**
 * The user's column choices for one kind of table, kept in localStorage. `cellClass(key, priority)`
 * gives the class that hides or shows a cell; `menu` is the «Столбцы» menu.
 */
export function useColumnChoice(csvName: string, columns: { key: string; label: string; priority?: Priority }[]) {
  // One choice per kind of table: the CSV name without its period, date and level.
  const storageKey = `columns:${csvName.replace(/[-_.]\d.*$/, '').replace(/\.csv$/, '')}`;
  const [choice, setChoice] = useState<Record<string, boolean>>({});
  useEffect(() => {
    try {
      const saved = JSON.parse(window.localStorage.getItem(storageKey) ?? '{}') as unknown;
      // Read after hydration: the server has no storage, so the first paint is the defaults.
      if (saved && typeof saved === 'object') setChoice(saved as Record<string, boolean>);
    } catch { /* a broken entry is ignored */ }
  }, [storageKey]);
  const wide = useMedia(WIDE, true);
  const tablet = useMedia(TABLET, false);

  function cellClass(key: string, priority: Priority = 1): string {
    const chosen = choice[key];
    if (chosen === false) return 'col-off';
    if (priority === 1) return '';
    return chosen === true ? `prio-${priority} col-on` : `prio-${priority}`;
  }
  function toggle(key: string, on: boolean) {
    const next = { ...choice, [key]: on };
    setChoice(next);
    try { window.localStorage.setItem(storageKey, JSON.stringify(next)); } catch { /* private mode */ }
  }
  const items = columns.map((c) => ({ key: c.key, label: c.label, checked: choice[c.key] ?? shownByDefault(c.priority ?? 1, wide, tablet) }));
  const menu = <ColumnsMenu items={items.slice(1)} onToggle={toggle} />;
  return { cellClass, menu };
}

/** The «Столбцы» menu: one checkbox per column (the first, the row's name, always stays). */
export function ColumnsMenu({ items, onToggle }: { items: { key: string; label: string; checked: boolean; disabled?: boolean }[]; onToggle: (key: string, on: boolean) => void }) {
  return (
    <details className={styles.columns}>
      <summary className="button small">{t.common.columns}</summary>
      <div className={styles.columnsMenu}>
        {items.map((c) => (
          <label key={c.key}>
            <input type="checkbox" checked={c.checked} disabled={c.disabled} onChange={(e) => onToggle(c.key, e.currentTarget.checked)} />
            {c.label}
          </label>
        ))}
      </div>
    </details>
  );
}

/** A header cell that sorts on click; `short` is shown when given, the full label is its title. */
export function SortHeader({ label, short, sorted, numeric, className, onSort }: {
  label: string; short?: string; sorted: SortDir; numeric: boolean; className?: string; onSort: ((e: unknown) => void) | undefined;
}) {
  const cls = [numeric ? 'num' : '', className ?? ''].join(' ').trim() || undefined;
  return (
    <th className={cls} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'} title={short ? label : undefined}>
      <button type="button" className="th-sort" onClick={onSort}>
        <span>{short ?? label}</span>
        {short && <span className="sr-only"> ({label})</span>}
        <span className="sort-mark" aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
      </button>
    </th>
  );
}

export const PHONE_PAGE = 50;

/**
 * Phones only (CSS hides it elsewhere): sort the cards by a column, either way. `value` is
 * `<column>:<asc|desc>` or '' for the view's own order.
 */
export function PhoneSort({ columns, sort, onSort }: {
  columns: { key: string; label: string }[];
  sort: { id: string; desc: boolean } | undefined;
  onSort: (s: { id: string; desc: boolean } | null) => void;
}) {
  const value = sort ? `${sort.id}:${sort.desc ? 'desc' : 'asc'}` : '';
  return (
    <label className={styles.phoneSort}>
      <span className="muted small">{t.common.sortBy}</span>
      <select value={value} onChange={(e) => {
        const [id, dir] = e.currentTarget.value.split(':');
        onSort(id ? { id, desc: dir === 'desc' } : null);
      }}>
        <option value="">{t.common.sortDefault}</option>
        {columns.flatMap((c) => [
          <option key={`${c.key}:desc`} value={`${c.key}:desc`}>{t.common.sortDesc(c.label)}</option>,
          <option key={`${c.key}:asc`} value={`${c.key}:asc`}>{t.common.sortAsc(c.label)}</option>,
        ])}
      </select>
    </label>
  );
}

/** Pages of 50 cards on phones: rows past `limit` carry `beyond` (hidden on phones by CSS). */
export function usePhonePages(resetKey: unknown) {
  const [limit, setLimit] = useState(PHONE_PAGE);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) { setKey(resetKey); setLimit(PHONE_PAGE); }
  const rowClass = (index: number) => (index >= limit ? 'beyond' : undefined);
  const more = (total: number): ReactNode => (total > limit ? (
    <div className={styles.more}>
      <span className="muted small">{t.common.shownOf(Math.min(limit, total), total)}</span>
      <button type="button" className="button" onClick={() => setLimit(limit + PHONE_PAGE)}>{t.common.showMore(Math.min(PHONE_PAGE, total - limit))}</button>
    </div>
  ) : null);
  return { rowClass, more };
}

/**
 * A ref for a `.table-wrap`: while its table is wider than the box (it scrolls sideways), the box
 * takes keyboard focus, so arrow keys can scroll it (axe `scrollable-region-focusable`); otherwise
 * it is no tab stop.
 */
export function useScrollFocus() {
  return useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    const check = () => {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute('tabindex', '0');
      else el.removeAttribute('tabindex');
    };
    check();
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
}

/** A `.table-wrap` (or any box) that is a tab stop while it scrolls sideways; for server pages. */
export function ScrollBox({ className, children }: { className: string; children: ReactNode }) {
  return <div className={className} ref={useScrollFocus()}>{children}</div>;
}
