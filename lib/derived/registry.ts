// The derived tables registry (issue 18): every mart, summary, search index and stored window the
// app reads is declared here once (its name, the version its mart_state row is recorded under, the
// extract tables it is made of, the entries it reads, its full build and, where it has one, its
// incremental build), and one controller brings them all up to a load, in dependency order:
//   - buildDerived: inside each load's transaction (lib/load/load-extract.ts), so the snapshot a
//     load publishes has every derived table of that load (extracts.md rule 1: a build that fails
//     fails the load, which then changes nothing);
//   - reconcileDerived: on an existing warehouse (the loader's start, after an upgrade changed a
//     version), building whatever is missing or recorded for an older load.
// Modelled on Rill's runtime reconcilers: one controller, one reconcile per resource. Readers never
// build and never ask whether a table is current; only lib/load and this folder import the builders
// (tests/unit/derived/registry.test.ts checks it).
//
// How the controller brings one entry up to load N (`recorded`: the load its version's row names):
//   1. recorded for N, and nothing it reads rebuilt from scratch in this pass: left as it is;
//   2. no row for its version (a new warehouse, or a new version after an upgrade), or an entry it
//      reads rebuilt from scratch in this pass: full build;
//   3. no load since `recorded` changed one of its sources (its own and those of the entries it
//      reads, from load_log.files) and its `keep` test holds: only recorded as N's (the midday
//      payments extract leaves the search index and the sales marts as they are);
//   4. else its incremental build where it has one (which may fall back to a full one), else full.
// An entry whose sources are 'every load' depends on the newest extract's as-of itself (the KPI
// summary, the holding points): every load rebuilds it.
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable, inTransaction, withConnection } from '../db';
import { logger } from '../log';
import { rebuildBcgHoldings } from '../abc/bcg';
import { abcWindowsCurrent, rebuildAbcMarts, rebuildSalesWide, wideSameDay } from '../abc/sales-mart';
import { kpiMartBuilds, rebuildKpiMarts, refreshKpiMarts } from '../kpi/mart';
import { buildKpiSummary, onlyPaymentsChanged, refreshKpiSummaryPaymentsNow } from '../kpi/summary';
import { buildInvoiceProbabilities, earlierPointsUnchanged } from '../metrics/invoice-forecast';
import { buildDayMart, refreshDayMart } from '../day/day-mart';
import { martBuilds, rebuildMarts, refreshMarts, type MartChanges } from '../metrics/payment-mart';
import { rebuildSearchIndex } from '../search/search-index';
import { contract } from '../load/contract';

const log = logger('derived');

/** What an incremental build is told about the load. */
export interface DerivedContext {
  /** What the load's files touched (lib/metrics/payment-mart.ts); null when not known (reconcile). */
  changes: MartChanges | null;
  /** The entry was recorded for the applied load just before this one. */
  wasCurrent: boolean;
  /** A load since the recorded one changed one of its sources. */
  sourcesChanged: boolean;
}

export type DerivedOutcome = 'current' | 'kept' | 'incremental' | 'full';

export interface DerivedEntry {
  /** Unique; also the progress step's label and the log's. */
  name: string;
  /** Its mart_state row: a new version (after a change of shape or meaning) forces one full build. */
  version: string;
  /** The tables it writes. */
  tables: readonly string[];
  /** The extract tables it reads, or 'every load': it follows the newest as-of and is rebuilt by each load. */
  sources: readonly string[] | 'every load';
  /** Entries it reads: built before it; when one is rebuilt from scratch, so is it. */
  dependsOn: readonly string[];
  /** Build it from scratch on `con`, inside the caller's transaction. */
  full(con: DuckDBConnection, loadId: number | null): Promise<unknown>;
  /** With its sources unchanged, whether it may be kept as it is (default: yes). */
  keep?(con: DuckDBConnection): Promise<boolean>;
  /** Bring it up to the load from what changed; returns whether that became a full build. */
  incremental?(con: DuckDBConnection, loadId: number | null, ctx: DerivedContext): Promise<'incremental' | 'full'>;
}

/** The payment marts' name (the loader reports their build as its own progress step). */
export const PAYMENT_MARTS = 'payment marts';

const SALES_SOURCES = ['sales', 'clients', 'specialists'] as const;

/** Every derived table, once. The build order comes from dependsOn (derivedOrder), not from here. */
export const derived: readonly DerivedEntry[] = [
  {
    // spec/metrics.md "Payment %": lib/metrics/payment-mart.ts.
    name: PAYMENT_MARTS,
    version: 'marts@11',
    tables: martBuilds.map((b) => b.table),
    sources: ['invoices', 'payments', 'clients', 'specialists', 'acts'],
    dependsOn: [],
    full: rebuildMarts,
    // Only the invoices, groups and acts a delta touched, when the marts were the previous load's.
    async incremental(con, loadId, ctx) {
      if (!ctx.changes || !ctx.wasCurrent) {
        await rebuildMarts(con, loadId);
        return 'full';
      }
      return (await refreshMarts(con, ctx.changes, loadId)) === 'full' ? 'full' : 'incremental';
    },
  },
  {
    // lib/search/search-index.ts: postings and the one-typo neighbourhood.
    name: 'search index',
    version: 'search@5.3',
    tables: ['search_postings', 'search_deletes'],
    sources: ['clients', 'contacts'],
    dependsOn: [],
    full: rebuildSearchIndex,
  },
  {
    // lib/kpi/mart.ts: the rows each control and sales result counts.
    name: 'KPI marts',
    version: 'kpi@2',
    tables: kpiMartBuilds.map((b) => b.table),
    sources: ['interactions', 'agreements', 'threats', 'clients', 'contacts', 'specialists', 'teams', 'sales', 'acts'],
    dependsOn: [],
    full: rebuildKpiMarts,
    // A load of deltas redoes only the clients its rows touch (lib/derived/touched.ts).
    async incremental(con, loadId, ctx) {
      if (ctx.wasCurrent && ctx.changes && (await refreshKpiMarts(con, loadId))) return 'incremental';
      await rebuildKpiMarts(con, loadId);
      return 'full';
    },
  },
  {
    // lib/kpi/summary.ts: every KPI figure of the stored months as known on D₀ (the newest as-of).
    name: 'KPI summary',
    version: 'kpi-summary@6',
    tables: ['mart_kpi_month', 'mart_kpi_now', 'mart_kpi_pay'],
    sources: 'every load',
    dependsOn: [PAYMENT_MARTS, 'KPI marts'],
    full: buildKpiSummary,
    // A payments-only load on the same D₀ (the midday delta) takes again only the payment figures:
    // ~0.5 s instead of ~6.5 s at 200,000 clients, inside the 10 s a midday delta has to show.
    async incremental(con, loadId, ctx) {
      if (ctx.wasCurrent && loadId !== null
        && (await onlyPaymentsChanged(con, loadId, (since, tables) => tablesChangedSince(con, since, tables), Object.keys(contract)))) {
        await refreshKpiSummaryPaymentsNow(con, loadId);
        return 'incremental';
      }
      await buildKpiSummary(con, loadId);
      return 'full';
    },
  },
  {
    // lib/metrics/invoice-forecast.ts: the newest as-of's invoice probabilities (forecast, «Кому позвонить»).
    name: 'invoice probabilities',
    version: 'invoice-p@1',
    tables: ['mart_invoice_p', 'mart_invoice_points', 'mart_invoice_sums'],
    sources: 'every load',
    dependsOn: [PAYMENT_MARTS],
    full: (con, loadId) => buildInvoiceProbabilities(con, loadId, 'all'),
    // The midday payments delta (payments made this month) leaves every earlier point as it was:
    // only D₀'s own point is redone.
    async incremental(con, loadId, ctx) {
      if (ctx.wasCurrent && loadId !== null && ctx.changes && !ctx.changes.full
        && (await onlyPaymentsChanged(con, loadId, (since, tables) => tablesChangedSince(con, since, tables), Object.keys(contract)))
        && (await earlierPointsUnchanged(con))) {
        await buildInvoiceProbabilities(con, loadId, 'current');
        return 'incremental';
      }
      await buildInvoiceProbabilities(con, loadId, 'all');
      return 'full';
    },
  },
  {
    // lib/day/day-mart.ts: the newest as-of's Мой день and bell rows, and their clients' suggestion facts.
    name: 'day lists',
    version: 'day@1',
    tables: ['mart_day', 'mart_day_facts', 'mart_day_head', 'mart_day_asof'],
    sources: 'every load',
    dependsOn: [PAYMENT_MARTS],
    full: buildDayMart,
    // A delta on the same D₀ (the midday one) redoes only the clients its rows touch.
    async incremental(con, loadId, ctx) {
      if (ctx.wasCurrent && ctx.changes && (await refreshDayMart(con, loadId))) return 'incremental';
      await buildDayMart(con, loadId);
      return 'full';
    },
  },
  {
    // lib/abc/sales-mart.ts: clients, day and month sums, the default windows of D.
    name: 'ABC/XYZ marts',
    version: 'abc-marts@9',
    tables: ['mart_sales_client', 'mart_sales_day', 'mart_sales_month', 'mart_abc_windows'],
    sources: SALES_SOURCES,
    dependsOn: [],
    full: rebuildAbcMarts,
    // Kept while the default windows are D's; when only D moved, the windows alone are redone.
    keep: abcWindowsCurrent,
    async incremental(con, loadId, ctx) {
      if (ctx.sourcesChanged) {
        await rebuildAbcMarts(con, loadId);
        return 'full';
      }
      await rebuildAbcMarts(con, loadId, 'windows');
      return 'incremental';
    },
  },
  {
    // lib/abc/sales-mart.ts: running sums per client and month (their partial months run to D's day).
    name: 'ABC/XYZ running sums',
    version: 'sales-wide@2',
    tables: ['mart_sales_wide', 'mart_sales_wide_months'],
    sources: SALES_SOURCES,
    dependsOn: ['ABC/XYZ marts'],
    full: rebuildSalesWide,
    keep: wideSameDay,
  },
  {
    // lib/abc/bcg.ts: the whole company's holding points of the default growth × share view.
    name: 'growth × share holding points',
    version: 'bcg-holding@1',
    tables: ['mart_bcg_holding'],
    sources: 'every load',
    dependsOn: ['ABC/XYZ marts', 'ABC/XYZ running sums'],
    full: rebuildBcgHoldings,
  },
];

/**
 * `entries` in dependency order (each after every entry it depends on; otherwise in the order
 * given). Throws on an unknown dependency, a repeated name or a cycle.
 */
export function dependencyOrder(entries: readonly DerivedEntry[]): DerivedEntry[] {
  const names = new Set(entries.map((e) => e.name));
  if (names.size !== entries.length) throw new Error('derived tables: a name is declared twice');
  for (const e of entries) {
    for (const d of e.dependsOn) if (!names.has(d)) throw new Error(`derived tables: ${e.name} depends on unknown ${d}`);
  }
  const done = new Set<string>();
  const out: DerivedEntry[] = [];
  while (out.length < entries.length) {
    const next = entries.find((e) => !done.has(e.name) && e.dependsOn.every((d) => done.has(d)));
    if (!next) throw new Error(`derived tables: a dependency cycle among ${entries.filter((e) => !done.has(e.name)).map((e) => e.name).join(', ')}`);
    done.add(next.name);
    out.push(next);
  }
  return out;
}

/** The order every build runs in. */
export const derivedOrder: readonly DerivedEntry[] = dependencyOrder(derived);

/** An entry by name (tests, benchmarks). */
export function derivedEntry(name: string): DerivedEntry {
  const e = derived.find((x) => x.name === name);
  if (!e) throw new Error(`no derived table named ${name}`);
  return e;
}

/** Its sources and those of every entry it reads; 'every load' if any of them is. */
function allSources(e: DerivedEntry): readonly string[] | 'every load' {
  if (e.sources === 'every load') return e.sources;
  const out = new Set(e.sources);
  for (const d of e.dependsOn) {
    const s = allSources(derivedEntry(d));
    if (s === 'every load') return s;
    for (const t of s) out.add(t);
  }
  return [...out];
}

async function one<T>(con: DuckDBConnection, sql: string, params: Record<string, unknown> = {}): Promise<T | undefined> {
  return (await con.runAndReadAll(sql, bindable(params) as never)).getRowObjectsJson()[0] as T | undefined;
}

/** The load `version` was built for: a number, null (built before any load), or undefined (no row). */
async function recordedFor(con: DuckDBConnection, version: string): Promise<number | null | undefined> {
  const r = await one<{ id: string | null }>(con, `SELECT load_id::BIGINT AS id FROM mart_state WHERE name = $n`, { n: version });
  return r === undefined ? undefined : r.id === null ? null : Number(r.id);
}

/** Whether an applied load after `since` inserted, updated or deleted a row of one of `tables`. */
async function tablesChangedSince(con: DuckDBConnection, since: number | null, tables: readonly string[]): Promise<boolean> {
  const r = await one<{ n: number }>(con, /* sql */ `
SELECT count(*)::INTEGER AS n FROM load_log l
WHERE l.outcome = 'applied' AND l.load_id > $since AND EXISTS (
  SELECT 1 FROM (SELECT unnest(from_json(l.files, '[{"table":"VARCHAR","inserted":"BIGINT","updated":"BIGINT","deleted":"BIGINT"}]')) AS f)
  WHERE list_contains($tables::VARCHAR[], f.table) AND coalesce(f.inserted, 0) + coalesce(f.updated, 0) + coalesce(f.deleted, 0) > 0)`,
  { since: since ?? -1, tables: [...tables] });
  return Number(r?.n ?? 0) > 0;
}

/** The newest applied load's id on `con`, or null before any. */
export async function latestAppliedLoadId(con: DuckDBConnection): Promise<number | null> {
  const r = await one<{ id: string | null }>(con, `SELECT max(load_id)::BIGINT AS id FROM load_log WHERE outcome = 'applied'`);
  return r?.id == null ? null : Number(r.id);
}

/** What one pass did to each entry, by name, in build order. */
export type DerivedReport = Array<{ name: string; outcome: DerivedOutcome; ms: number }>;

/** How a reconcile runs: `force` rebuilds from scratch, `only` limits it to the entries named (a benchmark of one build). */
export interface ReconcileOptions { force?: boolean; only?: readonly string[]; onStep?: (name: string) => void }

async function run(con: DuckDBConnection, loadId: number | null, changes: MartChanges | null, opts: ReconcileOptions): Promise<DerivedReport> {
  const prev = await one<{ id: string | null }>(con, `SELECT max(load_id)::BIGINT AS id FROM load_log WHERE outcome = 'applied' AND load_id < $id`,
    { id: loadId ?? 2 ** 53 });
  const previous = prev?.id == null ? null : Number(prev.id);
  const rebuilt = new Set<string>();
  const report: DerivedReport = [];
  for (const e of derivedOrder) {
    if (opts.only && !opts.only.includes(e.name)) continue;
    opts.onStep?.(e.name);
    const started = Date.now();
    const recorded = await recordedFor(con, e.version);
    const depRebuilt = e.dependsOn.some((d) => rebuilt.has(d));
    let outcome: DerivedOutcome;
    if (!opts.force && !depRebuilt && recorded !== undefined && recorded === loadId) {
      outcome = 'current';
    } else if (opts.force || depRebuilt || recorded === undefined) {
      await e.full(con, loadId);
      outcome = 'full';
    } else {
      const sources = allSources(e);
      const sourcesChanged = sources === 'every load' || (await tablesChangedSince(con, recorded, sources));
      if (!sourcesChanged && (await (e.keep?.(con) ?? true))) outcome = 'kept';
      else if (e.incremental) outcome = await e.incremental(con, loadId, { changes, wasCurrent: recorded === previous, sourcesChanged });
      else {
        await e.full(con, loadId);
        outcome = 'full';
      }
    }
    const ms = Date.now() - started;
    if (outcome === 'kept') {
      // Its build time stays that of its last build.
      await con.run(`UPDATE mart_state SET load_id = $id WHERE name = $n`, { id: loadId, n: e.version });
      log.info(`${e.name} kept for load ${loadId ?? '—'}: nothing it is made of changed since load ${recorded ?? '—'}`);
    } else if (outcome !== 'current') {
      await con.run(`INSERT OR REPLACE INTO mart_state (name, load_id, build_ms) VALUES ($n, $id, $ms)`, { n: e.version, id: loadId, ms });
      log.debug(`${e.name}: ${outcome} build for load ${loadId ?? '—'} in ${ms} ms`);
    }
    if (outcome === 'full') rebuilt.add(e.name);
    report.push({ name: e.name, outcome, ms });
  }
  return report;
}

/**
 * Bring every derived table up to load `loadId` on `con`, inside the load's open transaction, after
 * its files are applied and its load_log row written; `changes` is what its files touched.
 * `onStep` hears each entry's name before it is built.
 */
export function buildDerived(con: DuckDBConnection, loadId: number | null, changes: MartChanges | null, onStep?: (name: string) => void): Promise<DerivedReport> {
  return run(con, loadId, changes, { onStep });
}

/**
 * Build, on `con` inside the caller's transaction, every derived table whose version has no row or
 * whose row names a load other than `loadId` (the newest applied one): a warehouse made by an older
 * version of the app, or one whose tables were written directly.
 */
export function reconcileDerived(con: DuckDBConnection, loadId: number | null, opts: ReconcileOptions = {}): Promise<DerivedReport> {
  return run(con, loadId, null, opts);
}

/**
 * reconcileDerived on the warehouse the door opens, for its newest applied load, in a transaction of
 * its own (the loader at start-up, the benchmarks, the unit tests). Never call it from a reader.
 */
export async function reconcileDerivedNow(opts: ReconcileOptions = {}): Promise<DerivedReport> {
  return withConnection((con) => inTransaction(con, async () => reconcileDerived(con, await latestAppliedLoadId(con), opts)));
}
