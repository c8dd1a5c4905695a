'use client';
// Each control by month for the last 12 months (issue 6 "Trends"), one small line chart per
// control for the selection; tapping a month opens that month's rows behind the figure. Charts
// draw after hydration (recharts); each chart has a text alternative: its months and values.
import { useRouter } from 'next/navigation';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMonthShort, formatPct, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import type { ControlKey } from '@/lib/kpi/score';
import charts from '@/components/charts/charts.module.css';
import s from './kpi.module.css';

export interface TrendPoint {
  month: string;
  values: Record<ControlKey, number | null>;
  /** The month's rows behind each control. */
  hrefs: Record<ControlKey, string>;
}

/** `ноя`, with the year on January (`янв 2026`). */
const shortMonth = (m: string) => formatMonthShort(m, m.endsWith('-01'));

export function KpiTrend({ points, controls }: { points: TrendPoint[]; controls: readonly ControlKey[] }) {
  const router = useRouter();
  return (
    <div className={s.trends}>
      {controls.map((c) => {
        const data = points.map((p) => ({ month: p.month, value: p.values[c] }));
        const last = [...data].reverse().find((d) => d.value !== null);
        const alt = `${t.kpi.controls[c]}: ${points.map((p) => `${formatPeriod(p.month)} ${formatPct(p.values[c])}`).join('; ')}`;
        return (
          <figure key={c} className={s.trend} style={{ margin: 0 }} data-testid={`kpi-trend-${c}`}>
            <figcaption className={s.trendHead}>
              <span className={s.trendTitle}>{t.kpi.controls[c]}</span>
              <span className={s.trendValue}>{last ? `${shortMonth(last.month)}: ${formatPct(last.value)}` : t.kpi.trendEmpty}</span>
            </figcaption>
            <div className={`${s.trendChart} ${charts.chart}`} role="img" aria-label={alt}>
              <ResponsiveContainer width="100%" height={150}>
                <LineChart
                  data={data}
                  margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
                  onClick={(st) => {
                    const i = typeof st?.activeIndex === 'number' ? st.activeIndex : Number(st?.activeIndex);
                    const p = Number.isInteger(i) ? points[i] : undefined;
                    if (p) router.push(p.hrefs[c]);
                  }}
                  style={{ cursor: 'pointer' }}
                >
                  <CartesianGrid stroke="#e6e8ec" vertical={false} />
                  <XAxis dataKey="month" tickFormatter={(m: string) => formatMonthShort(m, m === points[0]?.month || m.endsWith('-01'))} interval="preserveStartEnd" minTickGap={6} tick={{ fontSize: 11 }} />
                  <YAxis domain={[0, 100]} ticks={[0, 50, 100]} width={40} tick={{ fontSize: 11 }} tickFormatter={(v: number) => `${v}\u00a0%`} />
                  <Tooltip formatter={(v) => [formatPct(v as number), t.kpi.controls[c]]} labelFormatter={(m) => formatPeriod(String(m))} />
                  <Line dataKey="value" stroke="#2257c9" strokeWidth={2} dot={{ r: 3 }} activeDot={{ r: 6 }} isAnimationActive={false} connectNulls={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
        );
      })}
    </div>
  );
}
