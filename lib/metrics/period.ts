// Billing periods (`YYYY-MM`), quarters (`YYYY-Qn`) and ISO dates (`YYYY-MM-DD`) as plain strings,
// with calendar arithmetic in UTC so no time zone can shift a day. Shared by every metric.
import { z } from 'zod';

export const periodSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'период в формате ГГГГ-ММ');
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД')
  .refine((s) => toIso(fromIso(s)) === s, 'такой даты нет в календаре');

/**
 * A date in a URL parameter: ISO (`2026-11-19`, what links carry) or as a Russian user types it
 * (`19.11.2026`, what the date fields show and submit: components/ui/date-field.tsx).
 */
export const dateParamSchema = z.preprocess((v) => {
  const m = typeof v === 'string' ? /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(v) : null;
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v;
}, isoDateSchema);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Date of an ISO day at UTC midnight. */
export function fromIso(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}
/** ISO day of a Date (UTC fields). */
export function toIso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
/** ISO day `n` days after `s` (negative: before). */
export function addDays(s: string, n: number): string {
  const d = fromIso(s);
  d.setUTCDate(d.getUTCDate() + n);
  return toIso(d);
}
/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((fromIso(b).getTime() - fromIso(a).getTime()) / 86_400_000);
}

/** The period (YYYY-MM) a day falls in. */
export const periodOf = (iso: string) => iso.slice(0, 7);
/** Period `n` months after `p` (negative: before). */
export function addMonths(p: string, n: number): string {
  const [y, m] = p.split('-').map(Number);
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${pad((k % 12) + 1)}`;
}
/** Number of days in period `p` (28–31). */
export function daysInMonth(p: string): number {
  const [y, m] = p.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
export const firstDay = (p: string) => `${p}-01`;
export const lastDay = (p: string) => `${p}-${pad(daysInMonth(p))}`;
/** Day `d` of period `p`, clamped to the month's length (day 31 of a 30-day month is the 30th). */
export const dayOf = (p: string, d: number) => `${p}-${pad(Math.min(Math.max(d, 1), daysInMonth(p)))}`;

/** Quarter label `YYYY-Qn` of a period. */
export function quarterOf(p: string): string {
  const [y, m] = p.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}
/** The three periods of a quarter label, or of the quarter containing a period. */
export function quarterPeriods(q: string): string[] {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  const first = m ? `${m[1]}-${pad((Number(m[2]) - 1) * 3 + 1)}` : addMonths(q, -((Number(q.slice(5, 7)) - 1) % 3));
  return [first, addMonths(first, 1), addMonths(first, 2)];
}

/** 100 × part / whole on 0–100; null when nothing is billed (metrics.md: "no value when billed is 0"). */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}
