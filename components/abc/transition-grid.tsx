// A from → to table of class transitions (rows: the class in the previous window, columns: in the
// current one); every non-empty cell shows its clients and their metric now, and opens its list.
import Link from 'next/link';
import type React from 'react';
import { formatInt, formatRoubles } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './abc.module.css';

export interface TransitionFig { from: string; to: string; clients: number; value: number }

export function TransitionGrid({ title, classes, cells, money, hrefs, selected }: {
  title: string;
  classes: readonly string[];
  cells: TransitionFig[];
  money: boolean;
  /** Link per `from>to`. */
  hrefs: Record<string, string>;
  selected?: string;
}) {
  const label = (c: string) => t.abc.xyz[c] ?? c;
  const value = (v: number) => (money ? formatRoubles(v) : formatInt(v));
  return (
    <div className={s.matrixWrap}>
      <div className={s.tr} role="group" aria-label={title} style={{ '--tr-cols': classes.length } as React.CSSProperties}>
        <div className={s.trCorner}>{t.abc.was} ↓ / {t.abc.became} →</div>
        {classes.map((c) => <div key={c} className={s.colHead}>{label(c)}</div>)}
        {classes.map((f) => (
          <div key={f} style={{ display: 'contents' }}>
            <div className={s.rowHead} style={{ fontSize: f.length > 1 ? '0.85rem' : undefined }}>{label(f)}</div>
            {classes.map((to) => {
              const c = cells.find((x) => x.from === f && x.to === to)!;
              const key = `${f}>${to}`;
              const cls = `${s.cell} ${c.clients === 0 ? s.empty : f === to ? s.heat1 : s.heat2} ${selected === key ? s.selected : ''}`;
              const body = (
                <>
                  <span className={s.cellLabel}>{label(f)} → {label(to)}</span>
                  <span className={s.cellCount}>{formatInt(c.clients)}<span className="sr-only"> {t.abc.clientsWord(c.clients)}</span></span>
                  {c.clients > 0 && <span className={s.cellSub}>{value(c.value)}</span>}
                </>
              );
              return c.clients === 0
                ? <div key={key} className={cls}>{body}</div>
                : <Link key={key} href={hrefs[key]} className={cls} scroll={false}>{body}</Link>;
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
