'use client';
// The growth × share scatter (spec/metrics.md "Growth × share matrix"): share on a log axis, growth
// on the other, the two quadrant lines, the quadrant names in the corners. Touch first, nothing on
// hover: a tap on a point selects it and shows its name and figures below the chart; a second tap
// on the same point opens it (the client card, or a group's clients). Points with a share ≤ 0 cannot
// sit on a log axis and are left to the table; "new" points (nothing before) sit on the top edge,
// as do growths above it.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { CartesianGrid, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import { formatGrowth, formatInt, formatRoubles, formatShare, NBSP } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import charts from '@/components/charts/charts.module.css';
import s from './abc.module.css';

export interface ChartPoint {
  key: string;
  name: string;
  /** 0–1 */
  share: number;
  /** ratio; null = new */
  growth: number | null;
  quadrant: 'star' | 'cow' | 'question' | 'dog';
  value: number;
  prevValue: number;
  clients: number;
  /** Where a second tap goes. */
  href: string;
  /** The client card (a client), or the group's clients. */
  isClient: boolean;
}

export const QUADRANT_COLOR: Record<ChartPoint['quadrant'], string> = { star: '#1d7a45', cow: '#2257c9', question: '#b7791f', dog: '#8a93a3' };

const b = t.bcg;
const growthText = (g: number | null) => formatGrowth(g, b.isNewShort);

/** Ticks of the log axis inside [lo, hi]: the decades, with 2 and 5 between them when the axis spans fewer than three. */
function decades(lo: number, hi: number): number[] {
  const steps = Math.log10(hi / lo) < 3 ? [1, 2, 5] : [1];
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of steps) {
      const v = m * 10 ** e;
      if (v >= lo && v <= hi) out.push(Number(v.toPrecision(6)));
    }
  }
  return out;
}

export function BcgChart({ points, lines, money }: {
  points: ChartPoint[];
  lines: { share: number | null; growth: number | null };
  money: boolean;
}) {
  const router = useRouter();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const drawn = useMemo(() => points.filter((p) => p.share > 0), [points]);
  const view = useMemo(() => {
    const xs = drawn.map((p) => p.share * 100);
    const lo = xs.length ? Math.min(...xs) / 1.6 : 0.01;
    const hi = xs.length ? Math.min(100, Math.max(...xs) * 1.6) : 100;
    const gs = drawn.flatMap((p) => (p.growth === null ? [] : [p.growth * 100]));
    if (lines.growth !== null) gs.push(lines.growth * 100);
    // The top edge: the largest growth up to +300 % (outliers above sit on it, with the new ones).
    const top = Math.max(50, Math.min(300, Math.ceil(Math.max(0, ...gs) / 25) * 25 + 25));
    const bottom = Math.max(-100, Math.floor(Math.min(0, ...gs) / 25) * 25 - 25);
    const step = top - bottom > 300 ? 100 : top - bottom > 150 ? 50 : 25;
    // Round ticks (0 among them) inside the edges.
    const yTicks: number[] = [];
    for (let v = Math.ceil(bottom / step) * step; v <= top; v += step) yTicks.push(v);
    return {
      lo, hi, top, bottom, yTicks,
      // Room beyond the edges, so the points on them are drawn (and tapped) whole, not cut by the plot's clip.
      yMin: bottom - (top - bottom) * 0.04, yMax: top + (top - bottom) * 0.04,
      data: drawn.map((p) => ({ ...p, x: p.share * 100, y: p.growth === null ? top : Math.max(bottom, Math.min(top, p.growth * 100)) })),
    };
  }, [drawn, lines.growth]);
  const selected = points.find((p) => p.key === selectedKey) ?? null;
  const value = (v: number) => (money ? formatRoubles(v) : formatInt(v));

  function tap(p: ChartPoint) {
    if (selectedKey === p.key) router.push(p.href);
    else setSelectedKey(p.key);
  }

  return (
    <div className="stack">
      <div className={s.chartBox}>
        <div className={`${s.chart} ${charts.chart}`} role="img" aria-label={b.chartLabel}>
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 16, right: 16, bottom: 28, left: 4 }}>
              <CartesianGrid stroke="#e6e8ec" />
              <XAxis type="number" dataKey="x" scale="log" domain={[view.lo, view.hi]} allowDataOverflow ticks={decades(view.lo, view.hi)}
                tickFormatter={(v: number) => `${v.toLocaleString('ru-RU', { maximumFractionDigits: 4 })}${NBSP}%`}
                label={{ value: b.shareAxis, position: 'insideBottom', offset: -16, fontSize: 12 }} />
              <YAxis type="number" dataKey="y" domain={[view.yMin, view.yMax]} ticks={view.yTicks} allowDataOverflow width={68}
                tickFormatter={(v: number) => `${v > 0 ? '+' : ''}${v}${NBSP}%`} />
              {lines.share !== null && lines.share * 100 >= view.lo && lines.share * 100 <= view.hi && (
                <ReferenceLine x={lines.share * 100} stroke="#5d6776" strokeDasharray="5 4" />
              )}
              {lines.growth !== null && <ReferenceLine y={Math.max(view.bottom, Math.min(view.top, lines.growth * 100))} stroke="#5d6776" strokeDasharray="5 4" />}
              <Scatter data={view.data} isAnimationActive={false}
                shape={(props: unknown) => {
                  const { cx, cy, payload } = props as { cx: number; cy: number; payload: ChartPoint };
                  const on = payload.key === selectedKey;
                  return (
                    <g data-testid="bcg-point" data-key={payload.key} onClick={() => tap(payload)} style={{ cursor: 'pointer' }}>
                      <circle cx={cx} cy={cy} r={14} fill="transparent" />
                      <circle cx={cx} cy={cy} r={on ? 8 : 5} fill={QUADRANT_COLOR[payload.quadrant]} fillOpacity={on ? 1 : 0.75}
                        stroke={on ? '#1c2330' : '#fff'} strokeWidth={on ? 2 : 1} />
                    </g>
                  );
                }} />
            </ScatterChart>
          </ResponsiveContainer>
        </div>
        <span className={`${s.corner} ${s.cornerTL}`}>{b.quadrants.question}</span>
        <span className={`${s.corner} ${s.cornerTR}`}>{b.quadrants.star}</span>
        <span className={`${s.corner} ${s.cornerBL}`}>{b.quadrants.dog}</span>
        <span className={`${s.corner} ${s.cornerBR}`}>{b.quadrants.cow}</span>
      </div>
      <div aria-live="polite">
        {selected ? (
          <div className={s.selectedPanel} data-testid="bcg-selected">
            <div className={s.selectedName}>{selected.name}</div>
            <dl>
              <div><dt>{b.quadrant}</dt><dd style={{ color: QUADRANT_COLOR[selected.quadrant] }}>{b.quadrant1[selected.quadrant]}</dd></div>
              <div><dt>{b.share}</dt><dd>{formatShare(selected.share * 100)}</dd></div>
              <div><dt>{b.growth}</dt><dd>{growthText(selected.growth)}</dd></div>
              <div><dt>{b.value}</dt><dd>{value(selected.value)}</dd></div>
              <div><dt>{b.prevValue}</dt><dd>{value(selected.prevValue)}</dd></div>
              {!selected.isClient && <div><dt>{b.clients}</dt><dd>{formatInt(selected.clients)}</dd></div>}
            </dl>
            <div className={s.panelActions}>
              <Link href={selected.href} className="button primary">{selected.isClient ? b.open : b.openClients}</Link>
              <span className="muted small">{b.tapAgain}</span>
            </div>
          </div>
        ) : <p className="muted small">{b.tapHint}</p>}
      </div>
    </div>
  );
}
