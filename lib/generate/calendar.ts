// Dates as integer day numbers (days since 1970-01-01) and timestamps as minutes since
// 1970-01-01 00:00 in company local time (no zone, as in the extracts). Integer arithmetic keeps
// the generator fast and free of time-zone surprises; formatting is cached per day.

export const MIN_PER_DAY = 1440;

/** Day number of an ISO date `YYYY-MM-DD`. */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`дата должна быть в формате YYYY-MM-DD: ${iso}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(t);
  if (d.getUTCMonth() !== Number(m[2]) - 1) throw new Error(`нет такой даты: ${iso}`);
  return Math.round(t / 86_400_000);
}

/** Day number of the first day of a month (month index: year*12 + month0). */
export function dayOfMonthIndex(mi: number, dom = 1): number {
  return Math.round(Date.UTC(Math.floor(mi / 12), mi % 12, dom) / 86_400_000);
}

export function ymd(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** Month index (year*12 + month0) of a day. */
export function monthIndexOf(day: number): number {
  const { y, m } = ymd(day);
  return y * 12 + m - 1;
}

export function daysInMonth(mi: number): number {
  return dayOfMonthIndex(mi + 1) - dayOfMonthIndex(mi);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function isoDate(day: number): string {
  const { y, m, d } = ymd(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function periodOf(mi: number): string {
  return `${Math.floor(mi / 12)}-${pad2((mi % 12) + 1)}`;
}

// Public holidays on fixed dates (the New Year week, 23 Feb, 8 Mar, 1 and 9 May, 12 Jun, 4 Nov).
// Government transfers of days off vary by year and are left out: close enough for billing days.
const HOLIDAYS = new Set(['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08',
  '02-23', '03-08', '05-01', '05-09', '06-12', '11-04']);

/** A working day: not a weekend, not a fixed public holiday. */
export function isWorkingDay(day: number): boolean {
  if (weekday(day) >= 5) return false;
  const { m, d } = ymd(day);
  return !HOLIDAYS.has(`${pad2(m)}-${pad2(d)}`);
}

/** The day itself when working, else the next working day. */
export function nextWorkingDay(day: number): number {
  while (!isWorkingDay(day)) day++;
  return day;
}

/** The day itself when working, else the previous working day. */
export function prevWorkingDay(day: number): number {
  while (!isWorkingDay(day)) day--;
  return day;
}

/** The n-th (1-based) working day of a month. */
export function nthWorkingDay(mi: number, n: number): number {
  let d = nextWorkingDay(dayOfMonthIndex(mi));
  for (let i = 1; i < n; i++) d = nextWorkingDay(d + 1);
  return d;
}

/** Today's date in the company time zone as an ISO date. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/**
 * Formats dates and timestamps for one CSV dialect, cached per day: ISO (`YYYY-MM-DD`,
 * `YYYY-MM-DDTHH:MM:SS`) or the accounting style (`DD.MM.YYYY`, `DD.MM.YYYY HH:MM`).
 */
export class DateFormatter {
  private cache = new Map<number, string>();
  private times: string[] = [];

  constructor(private readonly russian: boolean) {
    for (let m = 0; m < MIN_PER_DAY; m++) {
      const hh = pad2(Math.floor(m / 60));
      const mm = pad2(m % 60);
      this.times.push(russian ? ` ${hh}:${mm}` : `T${hh}:${mm}:00`);
    }
  }

  date(day: number): string {
    let s = this.cache.get(day);
    if (s === undefined) {
      const { y, m, d } = ymd(day);
      s = this.russian ? `${pad2(d)}.${pad2(m)}.${y}` : `${y}-${pad2(m)}-${pad2(d)}`;
      this.cache.set(day, s);
    }
    return s;
  }

  timestamp(minute: number): string {
    const day = Math.floor(minute / MIN_PER_DAY);
    return this.date(day) + this.times[minute - day * MIN_PER_DAY];
  }
}
