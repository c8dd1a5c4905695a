'use client';
// Revenue by month as bars (the month of D as known on D, so partial), each bar's sum written
// under the chart's title by the page: nothing is hover-only. Month ticks are short (`фев`), with
// the year on the first one and on each January; recharts drops ticks that would collide (a gap
// of at least MIN_TICK_GAP px), always keeping the first and the last, so 12 months never run
// together on a phone (390 px) and all show on a tablet or desktop.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import charts from '@/components/charts/charts.module.css';
import { formatCompact, formatMonthShort } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

const MIN_TICK_GAP = 6;

export function RevenueChart({ months }: { months: Array<{ period: string; revenue: number }> }) {
  const first = months[0]?.period;
  const tick = (p: string) => formatMonthShort(p, p === first || p.endsWith('-01'));
  return (
    <div className={charts.chart} role="img" aria-label={t.overview.revenue} style={{ width: '100%', height: 190 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={months} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e8ec" vertical={false} />
          <XAxis dataKey="period" tickFormatter={tick} interval="preserveStartEnd" minTickGap={MIN_TICK_GAP} fontSize={11} />
          <YAxis width={58} tickFormatter={formatCompact} fontSize={11} />
          <Bar dataKey="revenue" fill="#2257c9" isAnimationActive={false} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
