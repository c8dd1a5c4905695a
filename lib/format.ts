// Number and date formatting for the Russian UI (domain.md, style.md §5): money `1 234 567,89 ₽`,
// percent `63,4 %`, date `22.11.2026`, date-time `22.11.2026 12:30` in company time, counts `1 234`.
// The thousands separator and the space before ₽ / % are U+00A0 (what Intl ru-RU gives in Node 20),
// used everywhere so tests and screens agree. No Node imports: client components use this too.

/** No-break space: thousands separator and the space before a unit. */
export const NBSP = '\u00a0';

const pluralRules = new Intl.PluralRules('ru-RU');

/**
 * The Russian plural form of a count, by the CLDR rules (`Intl.PluralRules('ru')`): 1 оплата,
 * 2 оплаты, 5 оплат, 21 оплата, 11 оплат; a fraction takes the genitive singular (1,5 оплаты).
 */
export function pluralRu(n: number, forms: readonly [string, string, string]): string {
  switch (pluralRules.select(n)) {
    case 'one': return forms[0];
    case 'few': return forms[1];
    case 'many': return forms[2];
    default: return forms[1];
  }
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

// Money: one rule for every screen (domain.md: money as `1 234 567,89 ₽`; metrics.md defines the
// sums in roubles and says nothing of their precision on screen, so this is the UI's choice):
//   - formatMoneyCompact: a tile's figure and a chart's axis (`15,3 млн ₽`), the exact figure with
//     kopecks a tap or hover away (components/ui/money.tsx);
//   - formatMoney, with kopecks: where a kopeck decides whether an invoice is paid in full
//     (metrics.md "Payment rate": collected = min(amount, Σ payments), remaining = billed −
//     collected): the payments board's tables, one client's payments and debt on the client card
//     and the checklist, the rows behind a KPI money figure;
//   - formatRoubles, whole roubles: everything else: a tile's sub-line and any sentence, rankings
//     and mixes where kopecks are noise (debtors' ageing, ABC/XYZ, growth × share, portfolio load,
//     KPI ranking).
// Pages call these; none formats money by hand (toLocaleString, Intl.NumberFormat).

/** Roubles with kopecks: `1 234 567,89 ₽`; null/NaN → `—`. Accepts DuckDB's DECIMAL-as-string. */
export function formatMoney(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : money.format(n);
}

const rub = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', minimumFractionDigits: 0, maximumFractionDigits: 0, useGrouping: 'always' });
/** Whole roubles (the money rule above): `1 234 568 ₽` (rounded); null → `—`. */
export function formatRoubles(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : rub.format(n);
}

const compactNum = new Intl.NumberFormat('ru-RU', { notation: 'compact', maximumFractionDigits: 1 });
/** A number short for a chart axis: `12,3 млн`, `870 тыс.`, `950`; null → `—`. */
export function formatCompact(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : compactNum.format(n).replace(/ /g, NBSP);
}

/**
 * Roubles for a tile, where a full figure would not fit or would wrap: `15,3 млн ₽`, `870 тыс. ₽`,
 * `950 ₽`; null → `—`. Shown with the exact figure (formatMoney) a hover or tap away.
 */
export function formatMoneyCompact(v: Num): string {
  const n = toNumber(v);
  return n === null ? '—' : `${formatCompact(n)}${NBSP}₽`;
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

const shareSmall = new Intl.NumberFormat('ru-RU', { minimumSignificantDigits: 1, maximumSignificantDigits: 2 });
/**
 * A share of a total on 0-100 (`...Pct`), where one client's share is often well under 1 %: one
 * decimal from 1 % up (`12,3 %`), two significant digits below it (`0,14 %`, `0,0052 %`), so small
 * shares stay apart; 0 → `0 %`, null → `—`. The one formatter for shares (the growth × share
 * chart and its table).
 */
export function formatShare(v: Num): string {
  const n = toNumber(v);
  if (n === null) return '—';
  if (n === 0) return `0${NBSP}%`;
  // Rounds up to 1 % or more with two significant digits (0,996 → «1,0 %»): one decimal like the rest.
  if (Math.abs(Number(n.toPrecision(2))) >= 1) return formatPct(n, 1);
  return `${shareSmall.format(n)}${NBSP}%`;
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
 * A day in running text and short lists: `10.02` when it falls in the year of `today` (an ISO date,
 * usually D, the as-of date the page shows), `10.02.2025` otherwise, so a date from another year
 * is never read as this year's. An ISO date or timestamp string as it is (no time zone shift).
 */
export function formatDay(v: string | null | undefined, today: string): string {
  if (v === null || v === undefined || v === '') return '—';
  const m = ISO_DATE.exec(v);
  if (!m) return formatDate(v);
  return m[1] === today.slice(0, 4) ? `${m[3]}.${m[2]}` : `${m[3]}.${m[2]}.${m[1]}`;
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

/** A plain number with `digits` decimals, no sign or unit: `3,7`; null → `—`. */
export function formatNumber(v: Num, digits = 1): string {
  const n = toNumber(v);
  if (n === null) return '—';
  return new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: 'always' }).format(n);
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

/**
 * A Russian phone number as `+7 (912) 345-67-89`: 11 digits starting 7 or 8, or 10 starting 9
 * (a mobile without its prefix), however spaced, dashed or bracketed. Anything else (a foreign or
 * short number, an extension, text) is returned as it was written; null → `—`.
 */
export function formatPhone(v: string | null | undefined): string {
  if (v === null || v === undefined || v.trim() === '') return '—';
  const d = russianDigits(v);
  return d ? `+7${NBSP}(${d.slice(0, 3)})${NBSP}${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}` : v.trim();
}

/** The `tel:` address of a phone as shown by formatPhone: `tel:+79123456789`, or the digits (and +) as written. */
export function telHref(v: string): string {
  const d = russianDigits(v);
  return `tel:${d ? `+7${d}` : v.replace(/[^\d+]/g, '')}`;
}

/** The 10 digits after +7 of a Russian number, or null when `v` is not one. */
function russianDigits(v: string): string | null {
  // Only the characters people write numbers with; a letter (доб., ext) means "leave it be".
  if (!/^[\d\s()+\-.\u00a0]+$/.test(v.trim())) return null;
  const digits = v.replace(/\D/g, '');
  const plus = v.trim().startsWith('+');
  if (digits.length === 11 && (digits[0] === '7' || (digits[0] === '8' && !plus))) return digits.slice(1);
  if (digits.length === 10 && digits[0] === '9' && !plus) return digits;
  return null;
}

const MONTHS_SHORT = ['янв', 'фев', 'мар', 'апр', 'май', 'июн', 'июл', 'авг', 'сен', 'окт', 'ноя', 'дек'];
/** A month for a chart axis: `2026-11` → `ноя`, with the year when asked (`янв 2026`); other input as it is. */
export function formatMonthShort(p: string, withYear = false): string {
  const m = /^(\d{4})-(\d{2})/.exec(p);
  if (!m) return p;
  const name = MONTHS_SHORT[Number(m[2]) - 1];
  return withYear ? `${name}${NBSP}${m[1]}` : name;
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
