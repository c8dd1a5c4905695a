// The windows of spec/metrics.md "ABC / XYZ classes of clients": the L calendar months ending
// with the month of D, counted "as known on D" (sales dated after D do not count, so the month of D
// is partial), and the previous window, shifted back by a number of months (default: one window
// length). Plain ISO strings, calendar arithmetic in UTC (lib/metrics/period.ts).
import { addMonths, dayOf, firstDay, periodOf } from '../metrics/period';

export interface SalesWindow {
  /** D: sales dated on or before it count. */
  asOf: string;
  /** Window length in months (L). */
  months: number;
  /** First day of the window's first month. */
  from: string;
  /** First day of the month of D (the window's last, partial month). */
  lastMonth: string;
  /** First day of the month before the month of D: full months are [from, lastFull]; none when L = 1. */
  lastFull: string;
}

/** The window of L months ending with the month of D. */
export function salesWindow(asOf: string, months: number): SalesWindow {
  const p = periodOf(asOf);
  return { asOf, months, from: firstDay(addMonths(p, -(months - 1))), lastMonth: firstDay(p), lastFull: firstDay(addMonths(p, -1)) };
}

/**
 * D shifted back by `shift` months, the day clamped to that month's length (31 March − 1 month =
 * 28/29 February): the previous window is the classification as it stood on that day, so both
 * windows have the same length and the same partial last month.
 */
export function shiftAsOf(asOf: string, shift: number): string {
  return dayOf(addMonths(periodOf(asOf), -shift), Number(asOf.slice(8, 10)));
}

/** The previous window: the same length, as known on D shifted back by `shift` months. */
export function previousWindow(w: SalesWindow, shift = w.months): SalesWindow {
  return salesWindow(shiftAsOf(w.asOf, shift), w.months);
}

/** Months in the window (YYYY-MM), oldest first. */
export function windowPeriods(w: SalesWindow): string[] {
  const last = periodOf(w.lastMonth);
  return Array.from({ length: w.months }, (_, i) => addMonths(last, i - (w.months - 1)));
}
