'use client';
// Cumulative payment % by day of month: this month (to D), the three months before, the pace line
// (80 % by the 20th, 100 % on the last day) and the month-end forecast range drawn from D to the end.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPct, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import charts from './charts.module.css';

export interface CurveChartPoint {
  day: number;
  pct: number | null;
  prev1: number | null;
  prev2: number | null;
  prev3: number | null;
  target: number;
  /** [low, high] of the forecast from D to the month end. */
  range?: [number, number] | null;
  forecast?: number | null;
}

const tick = (v: number) => `${v}`;

export function PaymentCurveChart({ points, prevPeriods }: { points: CurveChartPoint[]; prevPeriods: string[] }) {
  return (
    <div className={`chart ${charts.chart}`} role="img" aria-label={t.payments.curveTitle}>
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e6e8ec" vertical={false} />
          <XAxis dataKey="day" tickFormatter={tick} interval="preserveStartEnd" minTickGap={8} />
          <YAxis domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} width={52} tickFormatter={(v: number) => `${v}\u00a0%`} />
          <Tooltip
            formatter={(v, name) => [Array.isArray(v) ? `${formatPct(v[0] as number)} … ${formatPct(v[1] as number)}` : formatPct(v as number), name]}
            labelFormatter={(d) => `${t.payments.curveDay}: ${d}`}
          />
          <Legend />
          <Area dataKey="range" name={t.payments.curveRange} stroke="none" fill="#1f5bd6" fillOpacity={0.12} isAnimationActive={false} connectNulls={false} />
          {prevPeriods.map((p, i) => (
            <Line key={p} dataKey={`prev${i + 1}`} name={formatPeriod(p)} stroke={['#8aa0c8', '#b3c0da', '#d3dbea'][i]} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls />
          ))}
          <Line dataKey="target" name={t.payments.curvePace} stroke="#c0392b" strokeDasharray="5 4" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line dataKey="forecast" name={t.payments.forecast} stroke="#1f5bd6" strokeDasharray="2 3" strokeWidth={1.5} dot={false} isAnimationActive={false} legendType="none" />
          <Line dataKey="pct" name={t.payments.curveCurrent} stroke="#1f5bd6" strokeWidth={3} dot={false} isAnimationActive={false} connectNulls={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
