'use client';
// Revenue by month as bars (the month of D as known on D, so partial), each bar's sum written
// under the chart's title by the page: nothing is hover-only.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { NBSP } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

const MONTHS = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
const short = (p: string) => MONTHS[Number(p.slice(5, 7)) - 1];
/** 12 345 678 → `12,3 млн`. */
const compact = (v: number) => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: 1 })}${NBSP}млн`
  : Math.abs(v) >= 1e3 ? `${(v / 1e3).toLocaleString('ru-RU', { maximumFractionDigits: 0 })}${NBSP}тыс` : String(Math.round(v)));

export function RevenueChart({ months }: { months: Array<{ period: string; revenue: number }> }) {
  return (
    <div role="img" aria-label={t.overview.revenue} style={{ width: '100%', height: 190 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={months} margin={{ top: 8, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e8ec" vertical={false} />
          <XAxis dataKey="period" tickFormatter={short} interval={0} fontSize={11} />
          <YAxis width={58} tickFormatter={compact} fontSize={11} />
          <Bar dataKey="revenue" fill="#2257c9" isAnimationActive={false} radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
