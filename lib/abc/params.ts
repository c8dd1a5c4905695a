// The query parameters of the ABC/XYZ and growth × share views (spec/metrics.md "ABC / XYZ
// classes of clients", "Growth × share matrix"), parsed once for pages and API alike:
//   metric=revenue|gross_profit|sales_count, asOf=YYYY-MM-DD (default: the newest applied
//   extract's as-of, metrics.md "D"), months=3–36 (window length, default 12), the thresholds
//   a/b (ABC cumulative share, %, default 80/95) and x/y (XYZ coefficient of variation, %, default
//   10/25), shift=1–36 (transitions: months back, default one window), by (grouping of the growth ×
//   share view), cell / from / to (which clients to list), team/specialist/segment/holding (narrow
//   the points shown), limit/offset.
// parseAbcParamsStrict (API) throws → 400; parseAbcParamsLenient (pages) drops a bad value and
// falls back to its default, so a hand-edited URL never gives a 500.
import { z } from 'zod';
import { BadRequestError } from '../auth/session';
import { getLatestAsOf } from '../load/log';
import { dateParamSchema, toIso } from '../metrics/period';
import { abcClasses, abcMetrics, bcgGroupings, DEFAULT_MONTHS, DEFAULT_THRESHOLDS, xyzClasses, type AbcClass, type AbcMetric, type AbcThresholds, type BcgGrouping, type XyzClass } from './classes';

export { abcMetrics, abcClasses, xyzClasses, bcgGroupings, DEFAULT_THRESHOLDS, DEFAULT_MONTHS } from './classes';
export type { AbcMetric, AbcClass, XyzClass, BcgGrouping, AbcThresholds } from './classes';
export const MIN_MONTHS = 3;
export const MAX_MONTHS = 36;
/** Clients listed per cell or per page of points unless asked otherwise. */
export const DEFAULT_LIMIT = 1000;
/**
 * The most a JSON page holds (pages go on with ?offset=): a page of 200,000 classes was a 15 MB
 * answer at p95 ~540 ms (scripts/bench/ABC.md); 10,000 stay within the API's 150 ms. A whole list
 * is a download: ?format=csv (EXPORT_LIMIT rows).
 */
export const MAX_LIMIT = 10_000;
/** The most rows a CSV export of the classes holds: the whole population of a large company. */
export const EXPORT_LIMIT = 1_000_000;

/** A percentage with at most two decimals (`80`, `12.5`, `12,5`): compared exactly in hundredths. */
const pctSchema = (max: number) => z.string().trim().regex(/^\d{1,4}([.,]\d{1,2})?$/, 'число с точностью до сотых')
  .transform((s) => Number(s.replace(',', '.')))
  .refine((n) => n > 0 && n <= max, `от 0 (не включая) до ${max}`);
const intSchema = (min: number, max: number) => z.string().trim().regex(/^\d{1,7}$/, 'целое число')
  .transform(Number).refine((n) => n >= min && n <= max, `от ${min} до ${max}`);
const idSchema = z.string().trim().min(1).max(100);
/** `A-X` … `C-none`: one cell of the ABC × XYZ matrix; `A`: a row; `-X`: a column. */
const cellSchema = z.string().regex(/^(?:[ABC]-(?:X|Y|Z|new|none)|[ABC]|-(?:X|Y|Z|new|none))$/, 'ячейка вида A-X, строка A или столбец -X');
/** A transition end: an ABC or XYZ class. */
const classSchema = z.enum([...abcClasses, ...xyzClasses]);

const shape = {
  metric: z.enum(abcMetrics),
  asOf: dateParamSchema,
  months: intSchema(MIN_MONTHS, MAX_MONTHS),
  a: pctSchema(100), b: pctSchema(100), x: pctSchema(1000), y: pctSchema(1000),
  shift: intSchema(1, MAX_MONTHS),
  by: z.enum(bcgGroupings),
  cell: cellSchema,
  from: classSchema,
  to: classSchema,
  team: idSchema, specialist: idSchema, segment: idSchema, holding: idSchema,
  limit: intSchema(1, MAX_LIMIT),
  offset: intSchema(0, 10_000_000),
};
type Key = keyof typeof shape;
const keys = Object.keys(shape) as Key[];

export interface AbcParams {
  metric: AbcMetric;
  asOf: string;
  months: number;
  thresholds: AbcThresholds;
  /** Transitions: the previous window is D shifted back by this many months. */
  shift: number;
  by: BcgGrouping;
  /** The matrix cell (or row: no xyz, or column: no abc) whose clients are listed. */
  cell?: { abc?: AbcClass; xyz?: XyzClass };
  /** Transitions: the from → to pair whose clients are listed (both ABC or both XYZ). */
  transition?: { kind: 'abc' | 'xyz'; from: string; to: string };
  /** Narrow the growth × share points to one team, specialist, segment or holding. */
  filter: { team?: string; specialist?: string; segment?: string; holding?: string };
  limit: number;
  offset: number;
  /** The newest data's as-of date (the default of asOf). */
  latestAsOf: string;
}

type Search = URLSearchParams | Record<string, string | string[] | undefined>;
function entries(sp: Search): Partial<Record<Key, string>> {
  const out: Partial<Record<Key, string>> = {};
  const it: Iterable<[string, unknown]> = sp instanceof URLSearchParams ? sp.entries() : Object.entries(sp);
  for (const [k, v] of it) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s !== '' && (keys as string[]).includes(k)) out[k as Key] = s;
  }
  return out;
}

type Parsed = { [K in Key]?: z.output<(typeof shape)[K]> };

const isAbc = (c: string) => (abcClasses as readonly string[]).includes(c);

/** Cross-field rules; returns the message of the first one broken, or null. */
function crossCheck(p: Parsed): string | null {
  const a = p.a ?? DEFAULT_THRESHOLDS.a;
  const b = p.b ?? DEFAULT_THRESHOLDS.b;
  const x = p.x ?? DEFAULT_THRESHOLDS.x;
  const y = p.y ?? DEFAULT_THRESHOLDS.y;
  if (!(a < b)) return `порог a (${a}) должен быть меньше порога b (${b})`;
  if (!(x < y)) return `порог x (${x}) должен быть меньше порога y (${y})`;
  if ((p.from === undefined) !== (p.to === undefined)) return 'переход задаётся парой from и to';
  if (p.from !== undefined && p.to !== undefined && isAbc(p.from) !== isAbc(p.to)) return 'from и to должны быть оба классами ABC или оба XYZ';
  return null;
}

/** D when nothing is loaded yet: today in UTC (every figure is then empty). */
async function latest(): Promise<string> {
  return (await getLatestAsOf())?.asOf ?? toIso(new Date());
}

async function withDefaults(p: Parsed): Promise<AbcParams> {
  const latestAsOf = await latest();
  const months = p.months ?? DEFAULT_MONTHS;
  const cell = p.cell ? (() => {
    const [abc, xyz] = p.cell.split('-');
    return { abc: (abc || undefined) as AbcClass | undefined, xyz: (xyz || undefined) as XyzClass | undefined };
  })() : undefined;
  return {
    metric: p.metric ?? 'revenue',
    asOf: p.asOf ?? latestAsOf,
    months,
    thresholds: { a: p.a ?? DEFAULT_THRESHOLDS.a, b: p.b ?? DEFAULT_THRESHOLDS.b, x: p.x ?? DEFAULT_THRESHOLDS.x, y: p.y ?? DEFAULT_THRESHOLDS.y },
    shift: p.shift ?? months,
    by: p.by ?? 'client',
    cell,
    transition: p.from && p.to ? { kind: isAbc(p.from) ? 'abc' : 'xyz', from: p.from, to: p.to } : undefined,
    filter: { team: p.team, specialist: p.specialist, segment: p.segment, holding: p.holding },
    limit: p.limit ?? DEFAULT_LIMIT,
    offset: p.offset ?? 0,
    latestAsOf,
  };
}

/** API: unknown keys ignored; a bad value or a broken rule throws (withApi answers 400 with the message). */
export async function parseAbcParamsStrict(sp: URLSearchParams): Promise<AbcParams> {
  const parsed = z.object(Object.fromEntries(keys.map((k) => [k, shape[k].optional()])) as { [K in Key]: z.ZodOptional<(typeof shape)[K]> })
    .parse(entries(sp)) as Parsed;
  const broken = crossCheck(parsed);
  if (broken) throw new BadRequestError(broken);
  return withDefaults(parsed);
}

/** Pages: each bad value falls back to its default; thresholds that contradict each other fall back as a pair. */
export async function parseAbcParamsLenient(sp: Search): Promise<AbcParams> {
  const raw = entries(sp);
  const ok: Parsed = {};
  for (const k of keys) {
    const v = raw[k];
    if (v === undefined) continue;
    const r = shape[k].safeParse(v);
    if (r.success) (ok as Record<string, unknown>)[k] = r.data;
  }
  if (!((ok.a ?? DEFAULT_THRESHOLDS.a) < (ok.b ?? DEFAULT_THRESHOLDS.b))) { delete ok.a; delete ok.b; }
  if (!((ok.x ?? DEFAULT_THRESHOLDS.x) < (ok.y ?? DEFAULT_THRESHOLDS.y))) { delete ok.x; delete ok.y; }
  if (crossCheck(ok)) { delete ok.from; delete ok.to; }
  return withDefaults(ok);
}

/** The URL query of a view's parameters, defaults left out (shareable links stay short). */
export function abcQuery(p: Pick<AbcParams, 'metric' | 'asOf' | 'months' | 'thresholds' | 'latestAsOf'> & Partial<Pick<AbcParams, 'shift' | 'by' | 'filter'>>, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  if (p.metric !== 'revenue') q.set('metric', p.metric);
  if (p.asOf !== p.latestAsOf) q.set('asOf', p.asOf);
  if (p.months !== DEFAULT_MONTHS) q.set('months', String(p.months));
  for (const k of ['a', 'b', 'x', 'y'] as const) if (p.thresholds[k] !== DEFAULT_THRESHOLDS[k]) q.set(k, String(p.thresholds[k]));
  if (p.shift !== undefined && p.shift !== p.months) q.set('shift', String(p.shift));
  if (p.by && p.by !== 'client') q.set('by', p.by);
  for (const [k, v] of Object.entries(p.filter ?? {})) if (v) q.set(k, v);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
