// The KPI period (metrics.md "Manager KPIs": "over a period (month or quarter, only up to D)"): a
// month `YYYY-MM` or a quarter `YYYY-Qn`, cut at D. The window is [its first day, min(its last
// day, D)]; a period that starts after D has an empty window (to < from) and counts nothing.
import { z } from 'zod';
import { addMonths, firstDay, lastDay, periodOf, quarterOf, quarterPeriods } from '../metrics/period';

export const kpiPeriodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, 'период в формате ГГГГ-ММ или ГГГГ-Qn (квартал)');

export interface KpiWindow {
  /** As given: `YYYY-MM` or `YYYY-Qn`. */
  period: string;
  kind: 'month' | 'quarter';
  /** Billing periods (months) of the period, oldest first. */
  periods: string[];
  /** First day of the period. */
  from: string;
  /** min(last day of the period, D). */
  to: string;
  /** Last day of the period (after D for the current one). */
  end: string;
}

/** The window of `period` as known on `asOf` (D). */
export function kpiWindow(period: string, asOf: string): KpiWindow {
  const kind = /Q/.test(period) ? 'quarter' : 'month';
  const periods = kind === 'quarter' ? quarterPeriods(period) : [period];
  const from = firstDay(periods[0]);
  const end = lastDay(periods[periods.length - 1]);
  return { period, kind, periods, from, to: end < asOf ? end : asOf, end };
}

/** The period of the same kind that holds day `asOf`. */
export function kpiPeriodOf(asOf: string, kind: 'month' | 'quarter'): string {
  return kind === 'quarter' ? quarterOf(periodOf(asOf)) : periodOf(asOf);
}

/** The `n` months ending with `last` (oldest first): the trend's months. */
export function monthsEndingWith(last: string, n = 12): string[] {
  return Array.from({ length: n }, (_, i) => addMonths(last, i - n + 1));
}

/** Months and quarters a picker offers: the 24 months and 8 quarters up to the month of `latestAsOf`, newest first. */
export function kpiPeriodChoices(latestAsOf: string): { months: string[]; quarters: string[] } {
  const cur = periodOf(latestAsOf);
  const months = Array.from({ length: 24 }, (_, i) => addMonths(cur, -i));
  const quarters = [...new Set(Array.from({ length: 24 }, (_, i) => quarterOf(addMonths(cur, -i))))].slice(0, 8);
  return { months, quarters };
}
