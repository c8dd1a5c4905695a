// The KPI summary (spec/metrics.md "Manager KPIs: the six controls and sales results"): every KPI
// figure of every month, as known on the newest data's as-of date D₀ (the default "today" of every
// KPI view), per owner, owner's team and client's specialist, stored once per load. A KPI read for
// D₀ then sums ~5,000 stored rows per month instead of scanning the KPI marts' millions
// (getKpi by specialist at 200,000 clients: scripts/bench/KPI.md). Reads for any other D, and for
// months outside the stored ones, use the marts as before.
//
// The stored figures are the control modules' own statements, grouped by month and the three keys
// ('summary' in groupParts), run once over the stored months with D = D₀; so they cannot differ
// from a direct read. Why each figure adds up over the months of a quarter:
//   - calls, entry, agreements, feedback, reaction, revenue: each row falls in the month of its own
//     day (planned, occurred, due, done, raised, sold), and a quarter's window cut at D₀ is its
//     months' windows cut at D₀;
//   - payment % and acts: per billing period, as getKpi reads them;
//   - completeness and active clients are taken on the window's last day: the stored figure of
//     the month that day is in (the month's last day, or D₀ in D₀'s month); churned adds up;
//   - the reaction median is not a sum: it is read from the threats mart at query time (27,000
//     threats at 200,000 clients); the "now" figures (overdue contacts and agreements, open
//     threats and their age) do not depend on the period and are stored once per key.
// tests/unit/kpi/summary.test.ts checks that getKpi answers the same with and without it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable, query, queryTypedColumns, type TypedColumns } from '../db';
import { warehousePath } from '../env';
import { LATEST_AS_OF_SQL } from '../load/log';
import { logger } from '../log';
import { addDays, lastDay, periodOf } from '../metrics/period';
import { agreementsSql } from './agreements';
import { callsSql } from './calls';
import { monthKeyOf, usedParams, type KpiGrouping } from './common';
import { completenessSummarySql } from './completeness';
import { entrySql } from './entry';
import { feedbackSql } from './feedback';
import { overdueSql } from './overdue';
import { monthsEndingWith } from './period';
import { reactionHoursSql, reactionSql } from './reaction';
import { actsSql, paymentSql, revenueSql } from './results';

const log = logger('kpi-summary');

/** Months stored, ending with D₀'s: the 24 months and 8 whole quarters the period picker offers. */
export const SUMMARY_MONTHS = 27;

/** What a summary covers: its D₀ and its months `YYYY-MM`, oldest first. */
export interface KpiSummaryInfo { asOf: string; months: string[] }

const monthKey = (p: string) => Number(p.replace('-', ''));

/** The stored months' figures: [read, its column → the stored column]. */
const PAYMENT_PART: [(where: string) => string, Record<string, string>] = [(w) => paymentSql('summary', w), { billed: 'billed', collected: 'collected' }];
const MONTH_PARTS: ReadonlyArray<[(where: string) => string, Record<string, string>]> = [
  [(w) => callsSql('summary', w), { num: 'calls_num', den: 'calls_den' }],
  [(w) => entrySql('summary', w), { num: 'entry_num', den: 'entry_den', done: 'entry_done' }],
  [completenessSummarySql, { num: 'compl_num', den: 'compl_den', active: 'compl_active', churned: 'churned' }],
  [(w) => agreementsSql('summary', w), { num: 'agr_num', den: 'agr_den' }],
  [(w) => feedbackSql('summary', w), { num: 'fb_num', den: 'fb_den' }],
  [(w) => reactionSql('summary', w), { num: 'react_num', den: 'react_den', reacted: 'react_reacted' }],
  PAYMENT_PART,
  [(w) => actsSql('summary', w), { issued: 'acts_issued', notReturned: 'acts_not_returned' }],
  [(w) => revenueSql('summary', w), { revenue: 'revenue', sales: 'sales' }],
];

/**
 * Where each of getKpi's ten reads (lib/kpi/get-kpi.ts readAll, in its order) finds its columns
 * among readSummary's: read column → summary column.
 */
export const READ_COLUMNS: ReadonlyArray<Readonly<Record<string, string>>> = [
  { num: 'calls_num', den: 'calls_den' },
  { num: 'entry_num', den: 'entry_den', done: 'entry_done' },
  { num: 'compl_num', den: 'compl_den', active: 'compl_active', churned: 'churned' },
  { num: 'agr_num', den: 'agr_den' },
  { num: 'fb_num', den: 'fb_den' },
  { num: 'react_num', den: 'react_den', reacted: 'react_reacted', medianHours: 'react_medianHours', open: 'react_open', oldestOpenDays: 'react_oldest' },
  { contacts: 'over_contacts', agreements: 'over_agreements' },
  { billed: 'billed', collected: 'collected' },
  { issued: 'acts_issued', notReturned: 'acts_not_returned' },
  { revenue: 'revenue', sales: 'sales' },
];

/** The figures that do not depend on the period, as known on D₀. */
const NOW_PARTS: ReadonlyArray<[(where: string) => string, Record<string, string>]> = [
  [(w) => reactionSql('now', w), { open: 'react_open', oldestOpenDays: 'react_oldest' }],
  [(w) => overdueSql('now', w), { contacts: 'over_contacts', agreements: 'over_agreements' }],
];

/**
 * Stored columns summed over the window's months, and those taken from its last month. All are
 * stored as DOUBLE (counts stay exact below 2⁵³): DuckDB sums an INTEGER into a HUGEINT, ~25 %
 * slower over the 26 sums of a ranking by specialist.
 */
const SUMMED = ['calls_num', 'calls_den', 'entry_num', 'entry_den', 'entry_done', 'churned', 'agr_num', 'agr_den', 'fb_num', 'fb_den',
  'react_num', 'react_den', 'react_reacted', 'acts_issued', 'acts_not_returned', 'sales', 'billed', 'collected', 'revenue'];
const LAST_MONTH = ['compl_num', 'compl_den', 'compl_active'];

/**
 * CREATE the summary table from its parts: each part's struct id taken apart, the columns added up
 * per key. `np` (month table only): the key has a row in a part other than the payments', so a
 * payments-only refresh (refreshKpiSummaryPayments) knows which rows exist without payments.
 */
function buildSql(table: string, keys: string[], parts: ReadonlyArray<[(where: string) => string, Record<string, string>]>, np = false): string {
  const all = parts.flatMap(([, cols]) => Object.values(cols));
  const selects = parts.map((part) => {
    const [sql, cols] = part;
    const own = new Set(Object.values(cols));
    const values = all.map((c) => {
      const src = Object.entries(cols).find(([, to]) => to === c)?.[0];
      return own.has(c) && src ? `p."${src}" AS ${c}` : `NULL AS ${c}`;
    });
    return `SELECT ${keys.map((k) => `p.id.${k} AS ${k}`).join(', ')}, ${values.join(', ')}${np ? `, ${part !== PAYMENT_PART} AS np` : ''} FROM (${sql('TRUE')}) p`;
  });
  return /* sql */ `
    CREATE OR REPLACE TABLE ${table} AS
    WITH parts AS (${selects.join('\n UNION ALL\n')})
    SELECT $asOf::DATE AS as_of, ${keys.join(', ')},
      ${all.map((c) => (c === 'react_oldest' ? `max(${c})::INTEGER AS ${c}` : `coalesce(sum(${c}), 0)::DOUBLE AS ${c}`)).join(',\n      ')}${np ? ',\n      bool_or(np) AS np' : ''}
    FROM parts
    GROUP BY ${keys.join(', ')}
    ORDER BY ${keys.join(', ')}`;
}

/** The summary's months and D₀ for the newest applied extract on `con`; null before any. */
async function summaryInfo(con: DuckDBConnection): Promise<KpiSummaryInfo | null> {
  const r = (await con.runAndReadAll(LATEST_AS_OF_SQL)).getRowObjectsJson();
  const asOf = r[0]?.asOf == null ? null : String(r[0].asOf);
  return asOf ? { asOf, months: monthsEndingWith(periodOf(asOf), SUMMARY_MONTHS) } : null;
}

const MONTH_KEYS = ['mk', 'owner_id', 'team_id', 'specialist_id'];

/** How each summary build of this process went, oldest first (tests: the midday path was taken). */
const builds: Array<'full' | 'payments'> = [];
export const kpiSummaryBuilds = (): ReadonlyArray<'full' | 'payments'> => builds;

/**
 * The month table with only its payment figures (billed, collected) taken again, and mart_kpi_pay
 * rebuilt: what a load that brought payments and nothing else changes, on the same D₀ (the loader's
 * midday delta; lib/derived/registry.ts decides). The other parts come from the KPI marts, which no
 * payment touches. Rows are those a full build makes: a key with a row in another part (np), or in
 * the payment part now. Equal to rebuildKpiSummary's tables (tests/unit/kpi/summary-payments.test.ts).
 */
export async function refreshKpiSummaryPayments(con: DuckDBConnection, loadId: number | null, info: KpiSummaryInfo): Promise<number> {
  const started = Date.now();
  const params = summaryBuildParams(info);
  const all = MONTH_PARTS.flatMap(([, cols]) => Object.values(cols));
  const pay = new Set(Object.values(PAYMENT_PART[1]));
  const paySql = (where: string) => `SELECT ${MONTH_KEYS.map((k) => `p.id.${k} AS ${k}`).join(', ')}, p.billed, p.collected FROM (${PAYMENT_PART[0](where)}) p`;
  const on = MONTH_KEYS.map((k) => `m.${k} IS NOT DISTINCT FROM q.${k}`).join(' AND ');
  // The (period, owner, team, specialist) groups whose payment events the payment marts' refresh
  // of this load touched (its _mart_keys, on this connection); without them, every group.
  const touched = Number((await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary AND table_name = '_mart_keys'`)).getRowObjectsJson()[0]?.n ?? 0) > 0;
  const run = (q: string) => con.run(q, bindable(usedParams(q, params)) as never);
  if (touched) {
    // Only the touched groups' months: their payment figures taken again, the rest of the table as
    // it was (a full rewrite of the month table took 1.3 s of the midday delta at 200,000 clients).
    // The period filter first: alone, the EXISTS scanned every period's events (2.3 s, not 0.15 s).
    const keyOf = (a: string) => ['period', 'owner_id', 'team_id', 'specialist_id'].map((k) => `${a}.${k} IS NOT DISTINCT FROM k.${k}`).join(' AND ');
    await run(`CREATE OR REPLACE TEMP TABLE _kpi_touched AS
      SELECT DISTINCT ${monthKeyOf("(k.period || '-01')::DATE")} AS mk, k.owner_id, k.team_id, k.specialist_id FROM _mart_keys k`);
    await run(`CREATE OR REPLACE TEMP TABLE _kpi_pay AS
      SELECT ${MONTH_KEYS.join(', ')}, sum(billed) AS billed, sum(collected) AS collected
      FROM (${paySql(`m.period IN (SELECT period FROM _mart_keys) AND EXISTS (SELECT 1 FROM _mart_keys k WHERE ${keyOf('m')})`)}) GROUP BY ALL`);
    const isTouched = `EXISTS (SELECT 1 FROM _kpi_touched q WHERE ${on})`;
    // A row only the payment part made goes; one another part made keeps its other figures.
    await run(`DELETE FROM mart_kpi_month m WHERE NOT m.np AND ${isTouched}`);
    await run(`UPDATE mart_kpi_month m SET billed = 0, collected = 0 WHERE ${isTouched}`);
    await run(`UPDATE mart_kpi_month m SET billed = q.billed::DOUBLE, collected = q.collected::DOUBLE FROM _kpi_pay q WHERE ${on}`);
    await run(`INSERT INTO mart_kpi_month
      SELECT $asOf::DATE AS as_of, ${MONTH_KEYS.map((k) => `q.${k}`).join(', ')},
        ${all.map((c) => (pay.has(c) ? `coalesce(q.${c}, 0)::DOUBLE AS ${c}` : c === 'react_oldest' ? `NULL::INTEGER AS ${c}` : `0::DOUBLE AS ${c}`)).join(',\n        ')},
        FALSE AS np
      FROM _kpi_pay q WHERE NOT EXISTS (SELECT 1 FROM mart_kpi_month m WHERE ${on})`);
    await con.run(`DELETE FROM mart_kpi_pay m USING _mart_keys k WHERE ${keyOf('m')}`);
    await con.run(PAY_SQL.replace('CREATE OR REPLACE TABLE mart_kpi_pay AS', 'INSERT INTO mart_kpi_pay')
      .replace('FROM mart_payment_events e', `FROM (SELECT * FROM mart_payment_events WHERE period IN (SELECT period FROM _mart_keys)) e SEMI JOIN _mart_keys k ON ${keyOf('e')}`));
  } else {
    await run(/* sql */ `
      CREATE OR REPLACE TABLE mart_kpi_month AS
      WITH q AS (SELECT ${MONTH_KEYS.join(', ')}, sum(billed) AS billed, sum(collected) AS collected FROM (${paySql('TRUE')}) GROUP BY ALL),
           m AS (SELECT * FROM mart_kpi_month WHERE np)
      SELECT $asOf::DATE AS as_of, ${MONTH_KEYS.map((k) => `coalesce(m.${k}, q.${k}) AS ${k}`).join(', ')},
        ${all.map((c) => (pay.has(c) ? `coalesce(q.${c}, 0)::DOUBLE AS ${c}` : c === 'react_oldest' ? `m.${c}` : `coalesce(m.${c}, 0)::DOUBLE AS ${c}`)).join(',\n        ')},
        coalesce(m.np, FALSE) AS np
      FROM m FULL JOIN q ON ${on}
      ORDER BY ${MONTH_KEYS.join(', ')}`);
    await con.run(PAY_SQL);
  }
  builds.push('payments');
  const ms = Date.now() - started;
  log.info(`KPI summary payments for ${info.asOf} refreshed for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

/**
 * Whether load `loadId` may refresh only the summary's payments: the summary is the previous
 * applied load's (the caller knows), D₀ did not move, and no table but payments changed since.
 */
export async function onlyPaymentsChanged(con: DuckDBConnection, loadId: number, changedSince: (since: number, tables: readonly string[]) => Promise<boolean>, tables: readonly string[]): Promise<boolean> {
  const r = (await con.runAndReadAll(/* sql */ `
    SELECT (SELECT max(load_id) FROM load_log WHERE outcome = 'applied' AND load_id < $id)::BIGINT AS prev,
           (SELECT max(as_of) FROM load_log WHERE outcome = 'applied' AND load_id < $id) IS NOT DISTINCT FROM
           (SELECT max(as_of) FROM load_log WHERE outcome = 'applied' AND load_id <= $id) AS same`, { id: loadId })).getRowObjectsJson()[0];
  if (r?.prev == null || r.same !== true) return false;
  return !(await changedSince(Number(r.prev), tables.filter((t) => t !== 'payments')));
}

function summaryBuildParams(info: KpiSummaryInfo): Record<string, unknown> {
  const months = info.months;
  const ends = months.map((m) => (lastDay(m) < info.asOf ? lastDay(m) : info.asOf));
  return {
    asOf: info.asOf, from: `${months[0]}-01`, to: info.asOf, pFrom: months[0], pTo: months[months.length - 1],
    dPeriod: periodOf(info.asOf), dDay: Number(info.asOf.slice(8)),
    monthKeys: months.map(monthKey), monthStarts: months.map((m) => `${m}-01`), monthEnds: ends,
  };
}

/** Rebuild the summary on `con` (inside the caller's transaction) for `info`; returns the build time in ms. */
export async function rebuildKpiSummary(con: DuckDBConnection, loadId: number | null, info: KpiSummaryInfo): Promise<number> {
  const started = Date.now();
  const params = summaryBuildParams(info);
  for (const sql of [
    buildSql('mart_kpi_month', MONTH_KEYS, MONTH_PARTS, true),
    buildSql('mart_kpi_now', ['owner_id', 'team_id', 'specialist_id'], NOW_PARTS),
    PAY_SQL,
  ]) await con.run(sql, bindable(usedParams(sql, params)) as never);
  builds.push('full');
  const ms = Date.now() - started;
  log.info(`KPI summary for ${info.asOf} rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}

/**
 * Build the summary on `con`, inside the caller's open transaction (the loader's, through
 * lib/derived/registry.ts, after the KPI and payment marts it is made of), for the newest applied
 * extract's D₀; nothing before any extract with an as-of. Returns what it covers.
 */
export async function buildKpiSummary(con: DuckDBConnection, loadId: number | null): Promise<KpiSummaryInfo | null> {
  const info = await summaryInfo(con);
  if (info) await rebuildKpiSummary(con, loadId, info);
  return info;
}

/** refreshKpiSummaryPayments for the newest applied extract's D₀ on `con`; false before any. */
export async function refreshKpiSummaryPaymentsNow(con: DuckDBConnection, loadId: number | null): Promise<boolean> {
  const info = await summaryInfo(con);
  if (info) await refreshKpiSummaryPayments(con, loadId, info);
  return !!info;
}

/**
 * What the stored summary covers, or null when there is no data: every applied load rebuilds it
 * for its newest as-of in the same transaction, so this is read from the load journal, never asked
 * of the summary. `load` is this warehouse file and its newest applied load: a key for what may be
 * kept until the next snapshot (lib/kpi/get-kpi.ts keeps the group names under it).
 */
export async function getKpiSummaryInfo(): Promise<{ load: string; info: KpiSummaryInfo | null }> {
  const [r] = await query<{ loadId: string | null; asOf: string | null }>(`SELECT
    (SELECT max(load_id) FROM load_log WHERE outcome = 'applied')::BIGINT AS "loadId",
    (SELECT "asOf" FROM (${LATEST_AS_OF_SQL})) AS "asOf"`);
  const asOf = r?.asOf ?? null;
  return {
    load: `${warehousePath()}#${r?.loadId ?? 'none'}`,
    info: asOf ? { asOf, months: monthsEndingWith(periodOf(asOf), SUMMARY_MONTHS) } : null,
  };
}

/**
 * Whether the summary answers a window as known on `asOf`: the same D₀, a window that is not
 * empty (a period after D counts nothing, and completeness would still be taken on its `to`), and
 * months the summary holds.
 */
export function summaryCovers(info: KpiSummaryInfo, q: { asOf: string; window: { from: string; to: string; periods: string[] } }): boolean {
  return q.asOf === info.asOf && q.window.from <= q.window.to && q.window.periods[0] >= info.months[0];
}

/**
 * The first D from which each of getKpi's ten reads (READ_COLUMNS' order) no longer changes for a
 * window, as a day offset after the window's last day `end`; null: it may change on any later day.
 * From the control modules' as-of rules, for rows dated in the window (all on or before `end`):
 *   - calls, agreements: "not due" is planned / due on D itself, so from end + 1 every row is
 *     decided; done or kept compares two dates of the row, not D;
 *   - entry: a contact occurred by `end` has its 24 h over by the end of end + 1;
 *   - completeness, active and churned clients, revenue: taken up to `to` = min(end, D) = end;
 *   - feedback (feedback_on), reaction (reacted by D, the "now" open threats), the overdue items,
 *     payments and acts (returned by D) keep changing with D after the window.
 */
export const SETTLED_AFTER_END: ReadonlyArray<number | null> = [1, 1, 0, 1, null, null, null, null, null, 0];

/**
 * Which of the ten reads the summary answers for a window as known on `asOf` (a D other than D₀):
 * the stored months hold the window, and the read no longer changes after the window, both on D
 * and on D₀ (the stored figures are D₀'s). The others must be read from the marts.
 */
export function settledReads(info: KpiSummaryInfo, q: { asOf: string; window: { from: string; end: string; periods: string[] } }): boolean[] {
  const stored = q.window.periods[0] >= info.months[0] && q.window.periods[q.window.periods.length - 1] <= info.months[info.months.length - 1];
  return SETTLED_AFTER_END.map((after) => {
    if (!stored || after === null) return false;
    const from = addDays(q.window.end, after);
    return q.asOf >= from && info.asOf >= from;
  });
}

/**
 * The payment events of every period summed per day and keys, with the owner's and team's codes
 * (lib/kpi/mart.ts): a ranking on a D after its window reads its payments here, grouped by code
 * (paymentPastSql), instead of the events themselves (~330,000 rows a month at 200,000 clients,
 * grouped by owner id: the slowest of its reads). Built with the summary, as the payment marts
 * change with every load that brings payments.
 */
const PAY_SQL = /* sql */ `
  CREATE OR REPLACE TABLE mart_kpi_pay AS
  SELECT e.period, e.on_date, e.specialist_id, e.owner_id, e.team_id, oc.code AS owner_code, tc.code AS team_code,
         sum(e.billed) AS billed, sum(e.collected) AS collected
  FROM mart_payment_events e
  LEFT JOIN (SELECT id, code FROM mart_kpi_codes WHERE kind = 'specialist') oc ON oc.id = e.owner_id
  LEFT JOIN (SELECT id, code FROM mart_kpi_codes WHERE kind = 'team') tc ON tc.id = e.team_id
  GROUP BY ALL
  ORDER BY e.period, e.on_date`;

/** The bound values summarySqls and readSummary use for a window (with D₀ as `asOf`). */
export function summaryParams(q: { asOf: string; window: { from: string; to: string; periods: string[] } }): Record<string, unknown> {
  return { asOf: q.asOf, from: q.window.from, to: q.window.to, mkFrom: monthKey(q.window.periods[0]), mkTo: monthKey(periodOf(q.window.to)) };
}

/** One figure per group and for the total (its last row), as getKpi's grouped reads give them. */
export interface SummaryGroups {
  /** Group key → row; the total is row `total`. */
  index: Map<string | null, number>;
  total: number;
  /** `<read>_<figure>` (calls_num, react_medianHours, …) by row; NaN: no value. */
  cols: Record<string, Float64Array>;
}

/**
 * The rows of the window behind a KPI read, ungrouped, in three statements: the stored months',
 * the "now" rows, and the reacted threats' hours; each with the group key `k` (owner, team, or
 * none for the company) and every figure as a DOUBLE. `where` is kpiWhere's over the alias `m`
 * (scope on the client's specialist, narrowing on the owner or team): the summary keeps those
 * three keys.
 */
export function summarySqls(by: KpiGrouping, where: string): { months: string; now: string; hours: string } {
  const key = (a: string) => (by === 'specialist' ? `${a}.owner_id` : by === 'team' ? `${a}.team_id` : 'NULL::VARCHAR');
  return {
    months: /* sql */ `
      SELECT ${key('m')} AS k, m.mk::DOUBLE AS mk, ${[...SUMMED, ...LAST_MONTH].map((c) => `m.${c}`).join(', ')}
      FROM mart_kpi_month m
      WHERE m.as_of = $asOf::DATE AND m.mk BETWEEN $mkFrom AND $mkTo AND ${where}`,
    now: /* sql */ `
      SELECT ${key('m')} AS k, ${NOW_SUMMED.map((c) => `m.${c}`).join(', ')}, m.react_oldest::DOUBLE AS react_oldest
      FROM mart_kpi_now m
      WHERE m.as_of = $asOf::DATE AND ${where}`,
    hours: /* sql */ `SELECT ${key('h')} AS k, h.hours::DOUBLE AS hours FROM (${reactionHoursSql(where)}) h`,
  };
}

const NOW_SUMMED = ['react_open', 'over_contacts', 'over_agreements'];

/**
 * Every getKpi figure per group from the summary, added up here rather than by a GROUP BY: DuckDB's
 * hash aggregation of 26 sums into 5,400 groups took ~20 ms (scripts/bench/KPI.md), reading the
 * rows and adding them up a few. Sums over the window's months; completeness and active clients
 * from its last month (`mkTo`); the oldest open threat's age is a max; the reaction median is over
 * the reacted threats' hours of each group (even counts: the mean of the middle two, as DuckDB's
 * median). The total is the whole selection. By company there are no groups. `monthsOnly`: the
 * stored months' columns alone (the "now" ones and the median are then missing).
 */
export async function readSummary(by: KpiGrouping, where: string, params: Record<string, unknown>, opts: { monthsOnly?: boolean } = {}): Promise<SummaryGroups> {
  const sqls = summarySqls(by, where);
  const read = (sql: string) => queryTypedColumns(sql, usedParams(sql, params));
  // monthsOnly (a past D's settled reads, settledReads): the "now" figures and the median are D₀'s, not read.
  const none = async (): Promise<TypedColumns> => ({ rows: 0, numbers: {}, values: {} });
  const [months, now, hours] = await Promise.all([read(sqls.months), opts.monthsOnly ? none() : read(sqls.now), opts.monthsOnly ? none() : read(sqls.hours)]);
  const index = new Map<string | null, number>();
  // Each row's group (by company: none, every row goes to the total only).
  const groupsOf = (t: TypedColumns): Int32Array => {
    const keys = (t.values.k ?? []) as Array<string | null>;
    const group = new Int32Array(t.rows);
    if (by === 'company') return group.fill(-1);
    for (let r = 0; r < t.rows; r++) {
      let gi = index.get(keys[r]);
      if (gi === undefined) index.set(keys[r], (gi = index.size));
      group[r] = gi;
    }
    return group;
  };
  const gMonths = groupsOf(months), gNow = groupsOf(now), gHours = groupsOf(hours);
  const n = index.size;
  const total = n;
  const cols: Record<string, Float64Array> = {};
  const mkTo = Number(params.mkTo);
  const mk = months.numbers.mk;
  const add = (t: TypedColumns, group: Int32Array, c: string, lastMonthOnly = false) => {
    const src = t.numbers[c];
    const acc = (cols[c] = new Float64Array(n + 1));
    for (let r = 0; r < t.rows; r++) {
      if (lastMonthOnly && mk[r] !== mkTo) continue;
      const v = src[r];
      if (group[r] >= 0) acc[group[r]] += v;
      acc[total] += v;
    }
  };
  for (const c of SUMMED) add(months, gMonths, c);
  for (const c of LAST_MONTH) add(months, gMonths, c, true);
  for (const c of NOW_SUMMED) add(now, gNow, c);
  // The oldest open threat: a max over the rows that have one (NaN: none).
  const oldest = (cols.react_oldest = new Float64Array(n + 1).fill(Number.NaN));
  const age = now.numbers.react_oldest;
  for (let r = 0; r < now.rows; r++) {
    const o = age[r];
    if (o !== o) continue;
    if (gNow[r] >= 0 && !(oldest[gNow[r]] >= o)) oldest[gNow[r]] = o;
    if (!(oldest[total] >= o)) oldest[total] = o;
  }
  cols.react_medianHours = hoursMedians(gHours, hours.numbers.hours, hours.rows, n);
  return { index, total, cols };
}

/**
 * The median of the reacted threats' hours per group and of all of them: `group[r]` is hours row
 * r's group (-1: none, the total only), `n` the number of groups; the total at index n. NaN: no
 * hours. Even counts: the mean of the middle two, as DuckDB's median.
 */
export function hoursMedians(group: Int32Array, hours: Float64Array | undefined, rows: number, n: number): Float64Array {
  const hoursOf: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let r = 0; r < rows; r++) {
    if (group[r] >= 0) hoursOf[group[r]].push(hours![r]);
    hoursOf[n].push(hours![r]);
  }
  const median = new Float64Array(n + 1);
  hoursOf.forEach((xs, g) => {
    if (xs.length === 0) { median[g] = Number.NaN; return; }
    xs.sort((a, b) => a - b);
    const m = xs.length >> 1;
    median[g] = xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
  });
  return median;
}

/** Per month of the window `$mkFrom`..`$mkTo` (YYYYMM), each control's numerator and denominator. */
export interface SummaryTrendMonth { calls: [number, number]; entry: [number, number]; completeness: [number, number]; agreements: [number, number]; feedback: [number, number]; reaction: [number, number]; medianHours: number | null }

/**
 * The KPI trend (lib/kpi/trend.ts) for D₀ from the summary: each stored month's figures as of D₀
 * (each month is its own window, completeness on its last day or D₀), and the median reaction
 * hours of the threats raised in it; two statements of 12 groups instead of six month-grouped
 * scans of the marts. Keyed `YYYY-MM`.
 */
export async function readSummaryTrend(where: string, params: Record<string, unknown>): Promise<Map<string, SummaryTrendMonth>> {
  const pairs = ['calls', 'entry', 'compl', 'agr', 'fb', 'react'];
  const monthsSql = /* sql */ `
    SELECT m.mk::DOUBLE AS mk, ${pairs.flatMap((p) => [`sum(m.${p}_num) AS ${p}_num`, `sum(m.${p}_den) AS ${p}_den`]).join(', ')}
    FROM mart_kpi_month m
    WHERE m.as_of = $asOf::DATE AND m.mk BETWEEN $mkFrom AND $mkTo AND ${where}
    GROUP BY m.mk`;
  const hoursSql = /* sql */ `
    SELECT (year(h.raised_on) * 100 + month(h.raised_on))::DOUBLE AS mk, median(h.hours)::DOUBLE AS median
    FROM (${reactionHoursSql(where)}) h
    GROUP BY 1`;
  const [months, hours] = await Promise.all([monthsSql, hoursSql].map((sql) => queryTypedColumns(sql, usedParams(sql, params))));
  const key = (mk: number) => `${Math.floor(mk / 100)}-${String(mk % 100).padStart(2, '0')}`;
  const medians = new Map<string, number>();
  for (let r = 0; r < hours.rows; r++) medians.set(key(hours.numbers.mk[r]), hours.numbers.median[r]);
  const out = new Map<string, SummaryTrendMonth>();
  const pair = (p: string, r: number): [number, number] => [months.numbers[`${p}_num`][r], months.numbers[`${p}_den`][r]];
  for (let r = 0; r < months.rows; r++) {
    const k = key(months.numbers.mk[r]);
    out.set(k, {
      calls: pair('calls', r), entry: pair('entry', r), completeness: pair('compl', r), agreements: pair('agr', r),
      feedback: pair('fb', r), reaction: pair('react', r), medianHours: medians.get(k) ?? null,
    });
  }
  return out;
}
