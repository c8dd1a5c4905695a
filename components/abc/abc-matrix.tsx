// The ABC × XYZ matrix: 3 rows (A, B, C) × X, Y, Z, new, none and the row total; every cell shows
// its clients, the metric sum and its share, and opens its client list (a link, so a tap is
// enough). Column totals below. Shaded by the share of the metric. Plain rows in, no data access.
import Link from 'next/link';
import { formatInt, formatPct, formatRoubles } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './abc.module.css';

export interface MatrixFig { clients: number; value: number; valuePct: number | null }
export interface MatrixProps {
  cells: Array<MatrixFig & { abc: string; xyz: string }>;
  byAbc: Array<MatrixFig & { abc: string }>;
  byXyz: Array<MatrixFig & { xyz: string }>;
  total: { clients: number; value: number };
  money: boolean;
  /** Link of a cell (`A-X`), a row (`A`) or a column (`-X`). */
  hrefs: Record<string, string>;
  /** The open cell, `A-X` / `A` / `-X`. */
  selected?: string;
}

const XYZ = ['X', 'Y', 'Z', 'new', 'none'] as const;
const ABC = ['A', 'B', 'C'] as const;

function heat(pct: number | null): string {
  if (pct === null || pct <= 0) return '';
  if (pct >= 30) return s.heat4;
  if (pct >= 15) return s.heat3;
  if (pct >= 5) return s.heat2;
  return s.heat1;
}

export function AbcMatrix({ cells, byAbc, byXyz, total, money, hrefs, selected }: MatrixProps) {
  const value = (v: number) => (money ? formatRoubles(v) : formatInt(v));
  const fig = (key: string, label: string, f: MatrixFig, extra = '') => {
    const cls = `${s.cell} ${f.clients === 0 ? s.empty : heat(f.valuePct)} ${extra} ${selected === key ? s.selected : ''}`;
    const body = (
      <>
        <span className={s.cellLabel}>{label}</span>
        <span className={s.cellCount}>{formatInt(f.clients)}<span className="sr-only"> {t.abc.clientsWord(f.clients)}</span></span>
        <span className={s.cellSub}>{value(f.value)}</span>
        <span className={s.cellSub}>{f.valuePct === null ? t.common.dash : t.abc.ofValue(formatPct(f.valuePct))}</span>
      </>
    );
    return f.clients === 0
      ? <div key={key} className={cls}>{body}</div>
      : <Link key={key} href={hrefs[key]} className={cls} aria-current={selected === key ? 'true' : undefined} scroll={false}>{body}</Link>;
  };
  const xyzLabel = (x: string) => t.abc.xyz[x];
  return (
    <div className={s.matrixWrap}>
      <div className={s.matrix} role="group" aria-label={t.abc.matrixTitle}>
        <div className={`${s.colHead} ${s.corner0}`} aria-hidden="true" />
        {XYZ.map((x) => <div key={x} className={s.colHead}>{xyzLabel(x)}</div>)}
        <div className={s.colHead}>{t.abc.total}</div>
        {ABC.map((a) => (
          <div key={a} style={{ display: 'contents' }}>
            <div className={s.rowHead}>{a}</div>
            {XYZ.map((x) => fig(`${a}-${x}`, `${a}-${xyzLabel(x)}`, cells.find((c) => c.abc === a && c.xyz === x)!))}
            {fig(a, `${a} · ${t.abc.total}`, byAbc.find((r) => r.abc === a)!, s.total)}
          </div>
        ))}
        <div className={s.rowHead} style={{ fontSize: '0.85rem' }}>{t.abc.total}</div>
        {XYZ.map((x) => fig(`-${x}`, `${xyzLabel(x)} · ${t.abc.total}`, byXyz.find((r) => r.xyz === x)!, s.total))}
        <div className={`${s.cell} ${s.total}`}>
          <span className={s.cellLabel}>{t.abc.total}</span>
          <span className={s.cellCount}>{formatInt(total.clients)}<span className="sr-only"> {t.abc.clientsWord(total.clients)}</span></span>
          <span className={s.cellSub}>{value(total.value)}</span>
        </div>
      </div>
    </div>
  );
}
