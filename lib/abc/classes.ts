// The vocabulary and the exact rules of spec/metrics.md "ABC / XYZ classes of clients", with no
// imports, so the loader (which rebuilds the sales marts) and the pages share them.
//   ABC: v ≤ 0 → C; before < a % of the positive total → A; < b % → B; else C
//        (before = Σ of the positive values ranked above, value descending, ties by client id).
//   XYZ: no sales in the window → none; fewer than 3 months in the span → new; CV ≤ x % → X,
//        ≤ y % → Y, else Z; a mean ≤ 0 has no CV and is Z.
// Compared in integers (sums in kopecks or counts, bounds in hundredths of a percent), so a client
// exactly on a bound gets the class the rule says, whatever floating point would round to:
//   before / pos < a %   ⇔  10⁴·before < (100·a)·pos
//   CV ≤ x %             ⇔  10⁸·(n·s2 − v²) ≤ (100·x)²·v²     (CV = √(n·s2 − v²) / v)

export const abcMetrics = ['revenue', 'gross_profit', 'sales_count'] as const;
export type AbcMetric = (typeof abcMetrics)[number];
export const abcClasses = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof abcClasses)[number];
export const xyzClasses = ['X', 'Y', 'Z', 'new', 'none'] as const;
export type XyzClass = (typeof xyzClasses)[number];
export const bcgGroupings = ['client', 'holding', 'segment', 'team', 'specialist'] as const;
export type BcgGrouping = (typeof bcgGroupings)[number];

/** Thresholds in percent: ABC cumulative share bounds (a < b), XYZ coefficient of variation bounds (x < y). */
export interface AbcThresholds { a: number; b: number; x: number; y: number }
/** metrics.md: "80/15/5; coefficient of variation 10/25". */
export const DEFAULT_THRESHOLDS: AbcThresholds = { a: 80, b: 95, x: 10, y: 25 };
export const DEFAULT_MONTHS = 12;

/** A bound in hundredths of a percent (bounds have at most two decimals). */
export const hundredths = (pct: number) => Math.round(pct * 100);

/**
 * Exact ABC class in SQL. `v`, `before`, `pos` are integer expressions (kopecks or counts; `before`
 * NULL when v ≤ 0); `aH`, `bH` the bounds in hundredths of a percent (integer expressions).
 */
export function abcExactSql(v: string, before: string, pos: string, aH: string, bH: string): string {
  return `CASE WHEN ${v} <= 0 THEN 'C'
    WHEN 10000 * (${before})::HUGEINT < (${aH})::HUGEINT * (${pos})::HUGEINT THEN 'A'
    WHEN 10000 * (${before})::HUGEINT < (${bH})::HUGEINT * (${pos})::HUGEINT THEN 'B'
    ELSE 'C' END`;
}

/** 10⁸·(n·s2 − v²) ≤ bound²·v²: CV ≤ the bound (hundredths of a percent, squared). */
const cvWithin = (n: string, v: string, s2: string, bound2: string) =>
  `100000000 * ((${n}) * (${s2})::HUGEINT - (${v})::HUGEINT * (${v})) <= (${bound2})::HUGEINT * ((${v})::HUGEINT * (${v}))`;

/**
 * Exact XYZ class in SQL. `has`: sales in the window; `n`: span in months; `v`: the window sum;
 * `s2`: Σ of squared monthly sums; `x2`, `y2`: the bounds in hundredths of a percent, squared.
 */
export function xyzExactSql(has: string, n: string, v: string, s2: string, x2: string, y2: string): string {
  return `CASE WHEN NOT ${has} THEN 'none' WHEN ${n} < 3 THEN 'new' WHEN ${v} <= 0 THEN 'Z'
    WHEN ${cvWithin(n, v, s2, x2)} THEN 'X'
    WHEN ${cvWithin(n, v, s2, y2)} THEN 'Y'
    ELSE 'Z' END`;
}

/** The coefficient of variation in %, DOUBLE; NULL for none / new / a mean ≤ 0. */
export function cvSql(has: string, n: string, v: string, s2: string): string {
  return `CASE WHEN ${has} AND ${n} >= 3 AND ${v} > 0 THEN 100 * sqrt(greatest((${n}) * (${s2})::DOUBLE - (${v})::DOUBLE * (${v}), 0)) / (${v}) END`;
}

export const bcgQuadrants = ['star', 'cow', 'question', 'dog'] as const;
export type BcgQuadrant = (typeof bcgQuadrants)[number];

/**
 * The growth × share quadrant in SQL (metrics.md "Growth × share matrix"): high share = ABC class
 * A; high growth = growth ≥ the population's own growth, where growth = v / pv − 1 and nothing (or
 * ≤ 0) before is `new`, drawn at the top edge, so high. Exact in integers:
 * v / pv − 1 ≥ V / PV − 1  ⇔  v·PV ≥ V·pv  (pv, PV > 0). NULL with no sales in either window.
 * Arguments are SQL expressions: has/phas booleans, abc the class, v/pv and the totals V/PV integers.
 */
export function quadrantSql(e: { has: string; phas: string; abc: string; v: string; pv: string; V: string; PV: string }): string {
  const high = highGrowthSql(e.v, e.pv, e.V, e.PV);
  return `CASE WHEN NOT (${e.has} OR ${e.phas}) THEN NULL
    WHEN ${e.abc} = 'A' THEN CASE WHEN ${high} THEN 'star' ELSE 'cow' END
    ELSE CASE WHEN ${high} THEN 'question' ELSE 'dog' END END`;
}

/**
 * High growth (see quadrantSql). Compared in DOUBLE first (cheap); only products within 1e-9 of
 * each other, far above DOUBLE's rounding, fall through to the exact HUGEINT test (which on every
 * one of 200,000 rows cost ~15 ms).
 */
export function highGrowthSql(v: string, pv: string, V: string, PV: string): string {
  const a = `(${v})::DOUBLE * (${PV})::DOUBLE`;
  const b = `(${V})::DOUBLE * (${pv})::DOUBLE`;
  return `(${pv} <= 0 OR ${PV} <= 0 OR CASE WHEN ${a} > ${b} * (1 + 1e-9) THEN TRUE WHEN ${a} < ${b} * (1 - 1e-9) THEN FALSE
    ELSE (${v})::HUGEINT * (${PV})::HUGEINT >= (${V})::HUGEINT * (${pv})::HUGEINT END)`;
}
