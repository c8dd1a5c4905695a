// Number and date formatting for the Russian UI (domain.md, style.md §5): money `1 234 567,89 ₽`,
// percent `63,4 %`, date `22.11.2026`, date-time `22.11.2026 12:30` in company time, counts `1 234`.
// The thousands separator and the space before ₽ / % are U+00A0 (what Intl ru-RU gives in Node 20),
// used everywhere so tests and screens agree. No Node imports: client components use this too.

/** No-break space: thousands separator and the space before a unit. */
export const NBSP = '\u00a0';

/** The Russian plural form of a count: 1 оплата, 2 оплаты, 5 оплат, 21 оплата, 11 оплат. */
export function pluralRu(n: number, forms: readonly [string, string, string]): string {
  const a = Math.abs(Math.trunc(n)) % 100;
  const b = a % 10;
  if (a >= 11 && a <= 14) return forms[2];
  if (b === 1) return forms[0];
  if (b >= 2 && b <= 4) return forms[1];
  return forms[2];
}

/**
 * Russian alphabetical order. One shared collator: `a.localeCompare(b, 'ru')` builds a collator
 * per call, and sorting 5,000 specialists that way took 200 ms (scripts/bench/PAYMENTS.md).
 */
export const compareRu: (a: string, b: string) => number = new Intl.Collator('ru').compare;

const money = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' });
const int = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0, useGrouping: 'always' });
const pctFormats = new Map<number, Intl.NumberFormat>();

type Num = number | string | bigint | null | undefined;

function toNumber(v: Num): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Company time zone (mirrors lib/env.ts companyTimeZone(), which imports node:path and so cannot be bundled for the browser). */
function companyTz(): string {
  return (typeof process !== 'undefined' && process.env?.COMPANY_TZ) || 'Europe/Moscow';
}

/** Roubles: `1 234 567,89 ₽`; null/NaN → `—`. Accepts DuckDB's DECIMAL-as-string. */
export function formatMoney(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : money.format(n);
}

const rub = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 0, maximumFractionDigits: 0, useGrouping: 'always' });
/** Whole roubles for dense tables and tiles: `1 234 568 ₽` (rounded); null → `—`. */
export function formatRoubles(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : rub.format(n);
}

const compactNum = new Intl.NumberFormat('ru-RU', { notation: 'compact', maximumFractionDigits: 1 });
/**
 * Roubles for a tile, where a full figure would not fit or would wrap: `15,3 млн ₽`, `870 тыс. ₽`,
 * `950 ₽`; null → `—`. Shown with the exact figure (formatMoney) a hover or tap away.
 */
export function formatMoneyCompact(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : `${compactNum.format(n).replace(/ /g, NBSP)}${NBSP}₽`;
}

/** Percentage on 0-100 (`...Pct` naming): `63,4 %`; one decimal by default. */
export function formatPct(v: Num, digits = 1): string {
  const n = toNumber(v);
  if (n === null) return '—';
  let f = pctFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'always' });
    pctFormats.set(digits, f);
  }
  return `${f.format(n)}${NBSP}%`;
}

/** Whole count: `1 234`; BIGINT-as-string welcome. */
export function formatInt(v: Num): string {
  if (typeof v === 'bigint') return int.format(v);
  const n = toNumber(v);
  return n === null ? '—' : int.format(Math.round(n));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
// A timestamp without an offset ('2026-11-22 12:30:00' as DuckDB TIMESTAMP gives it) is already
// company-local wall time (contract.ts: timestamps are stored as given, in company time).
const NAIVE_TS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

function zonedParts(d: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { y: get('year'), m: get('month'), d: get('day'), hh: get('hour'), mm: get('minute') };
}

/** Date `22.11.2026`. An ISO date string is shown as is (no time zone shift); a Date or instant in company time. */
export function formatDate(v: string | Date | null | undefined, timeZone = companyTz()): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    const m = ISO_DATE.exec(v);
    if (m && (v.length === 10 || NAIVE_TS.test(v))) return `${m[3]}.${m[2]}.${m[1]}`;
    v = new Date(v);
  }
  if (Number.isNaN(v.getTime())) return '—';
  const p = zonedParts(v, timeZone);
  return `${p.d}.${p.m}.${p.y}`;
}

/**
 * Date and time `22.11.2026 12:30` in the company time zone. A string without an offset is taken
 * as company-local already; a Date or a string with an offset (`… +00`, `Z`) is converted.
 */
export function formatDateTime(v: string | Date | null | undefined, timeZone = companyTz()): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') {
    const m = NAIVE_TS.exec(v);
    if (m) return `${m[3]}.${m[2]}.${m[1]} ${m[4]}:${m[5]}`;
    // DuckDB TIMESTAMPTZ JSON form: '2026-11-22 09:30:00+00' → make it ISO so Date parses it.
    v = new Date(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  }
  if (Number.isNaN(v.getTime())) return '—';
  const p = zonedParts(v, timeZone);
  return `${p.d}.${p.m}.${p.y} ${p.hh}:${p.mm}`;
}

/** Duration in seconds with one decimal: `12,3 с`, from milliseconds. */
export function formatDurationMs(ms: Num): string {
  const n = toNumber(ms);
  if (n === null) return '—';
  return `${new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n / 1000)}${NBSP}с`;
}

/** Change in percentage points with its sign: `+6,0 п.п.`, `−1,2 п.п.`; null → `—`. */
export function formatPoints(v: Num, digits = 1): string {
  const n = toNumber(v);
  if (n === null) return '—';
  const r = Number(n.toFixed(digits));
  const body = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'always' }).format(Math.abs(r));
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${body}${NBSP}п.п.`;
}

/** A growth ratio (0.12 = +12 %) with its sign: `+12,0 %`, `−3,5 %`; null (nothing before) → `newLabel`. */
export function formatGrowth(ratio: number | null, newLabel: string): string {
  if (ratio === null) return newLabel;
  const pct = ratio * 100;
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${formatPct(Math.abs(pct))}`;
}

/**
 * A person's full name in the neutral short form the UI uses where grammar would need a case:
 * `Щербаков Олег Андреевич` → `Щербаков О. А.`, `Щербаков Олег` → `Щербаков О.`; anything
 * else (one word, already short, Latin initials) as it is.
 */
export function formatPersonShort(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3 || parts.slice(1).some((w) => !/^\p{Lu}\p{Ll}+$/u.test(w))) return name.trim();
  // The initials stay together (no-break space); the line may break after the surname.
  return `${parts[0]} ${parts.slice(1).map((w) => `${w[0]}.`).join(NBSP)}`;
}

const MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
/** A month period in the genitive, where grammar needs it («до декабря 2026»): `2026-12` → `декабря 2026`. */
export function formatPeriodGenitive(p: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  return m ? `${MONTHS_GENITIVE[Number(m[2]) - 1]} ${m[1]}` : formatPeriod(p);
}

const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
/** Billing period `2026-11` → `ноябрь 2026`; a quarter `2026-Q4` → `IV кв. 2026`. */
export function formatPeriod(p: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(p);
  if (q) return `${['I', 'II', 'III', 'IV'][Number(q[2]) - 1]} кв.${NBSP}${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : p;
}
