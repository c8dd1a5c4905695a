// The derived tables registry (lib/derived/registry.ts): one declaration per derived table, one
// build order derived from the declared dependencies, every entry built and recorded by a load in
// its own transaction, a reconcile that builds only what is missing or old, and a read path that
// never builds: readers neither import a builder nor write mart_state, even when it is empty.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBcg } from '@/lib/abc/bcg';
import { getAbcView } from '@/lib/abc/abc-xyz';
import { DEFAULT_THRESHOLDS } from '@/lib/abc/params';
import { getRevenueByMonth } from '@/lib/abc/revenue';
import { exec as run, query } from '@/lib/db';
import { migrations } from '@/lib/db/migrations';
import type { Scope } from '@/lib/db/scope';
import { derived, derivedOrder, dependencyOrder, PAYMENT_MARTS, reconcileDerivedNow, type DerivedEntry } from '@/lib/derived/registry';
import { getKpi } from '@/lib/kpi/get-kpi';
import { getPortfolioLoad } from '@/lib/kpi/load';
import { kpiWindow } from '@/lib/kpi/period';
import { getKpiTrend } from '@/lib/kpi/trend';
import { getDebtors } from '@/lib/metrics/debtors';
import { getPaymentRates } from '@/lib/metrics/payment-rate';
import { getUnreturnedActs } from '@/lib/metrics/unreturned-acts';
import { getPreparation } from '@/lib/prep/preparation';
import { searchClients } from '@/lib/search/search-clients';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { D, files } from '../kpi/fixture';
import { load } from '../load/util';

const ROOT = path.resolve(__dirname, '../../..');
const exec: Scope = { login: 'e', role: 'executive' };

const states = () => query<{ name: string; loadId: number | null; builtAt: string }>(
  `SELECT name, load_id::INTEGER AS "loadId", built_at::VARCHAR AS "builtAt" FROM mart_state ORDER BY name`);
const lastLoad = async () => (await query<{ id: number }>(`SELECT max(load_id)::INTEGER AS id FROM load_log WHERE outcome = 'applied'`))[0].id;

/** Every .ts/.tsx file under `dir` (relative to the repository), recursively. */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

describe('the declarations', () => {
  it('run in a valid dependency order: every entry once, after everything it reads', () => {
    expect(derivedOrder.map((e) => e.name).sort()).toEqual(derived.map((e) => e.name).sort());
    const at = new Map(derivedOrder.map((e, i) => [e.name, i]));
    for (const e of derivedOrder) {
      for (const d of e.dependsOn) expect(at.get(d), `${e.name} after ${d}`).toBeLessThan(at.get(e.name)!);
    }
    // The KPI summary reads the payment and KPI marts; the holding points the sales marts and running sums.
    expect(at.get('KPI summary')).toBeGreaterThan(at.get(PAYMENT_MARTS)!);
    expect(at.get('growth × share holding points')).toBeGreaterThan(at.get('ABC/XYZ running sums')!);
  });

  it('are sorted from dependsOn, whatever the order written; a cycle or an unknown name is refused', () => {
    const e = (name: string, dependsOn: string[]): DerivedEntry => ({ name, version: `${name}@1`, tables: [], sources: [], dependsOn, full: async () => undefined });
    expect(dependencyOrder([e('c', ['b']), e('b', ['a']), e('a', []), e('d', [])]).map((x) => x.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(() => dependencyOrder([e('a', ['b']), e('b', ['a'])])).toThrow(/cycle/);
    expect(() => dependencyOrder([e('a', ['nope'])])).toThrow(/unknown nope/);
    expect(() => dependencyOrder([e('a', []), e('a', [])])).toThrow(/twice/);
  });

  it('declare every derived table the migrations or the builders create, and each version once', () => {
    const declared = new Set(derived.flatMap((e) => e.tables));
    const created = new Set<string>();
    for (const m of migrations) for (const x of m.sql.matchAll(/CREATE (?:OR REPLACE )?TABLE (?:IF NOT EXISTS )?((?:mart|search)_\w+)/g)) created.add(x[1]);
    for (const f of sources('lib')) {
      for (const x of fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/CREATE (?:OR REPLACE )?TABLE ((?:mart|search)_\w+)/g)) created.add(x[1]);
    }
    created.delete('mart_state'); // the registry's own record
    created.delete('search_postings_next'); // built and renamed to search_postings
    created.delete('search_deletes_next');
    expect(created.size).toBeGreaterThan(20);
    for (const t of created) expect(declared.has(t), t).toBe(true);
    expect(new Set(derived.map((e) => e.version)).size).toBe(derived.length);
  });

  it('are built by the loader and the registry only: no other module imports a builder, asks mart_state, or has an ensure step', () => {
    const builders = ['rebuildMarts', 'refreshMarts', 'rebuildSearchIndex', 'rebuildKpiMarts', 'rebuildKpiSummary', 'buildKpiSummary',
      'rebuildAbcMarts', 'rebuildSalesWide', 'rebuildBcgHoldings', 'abcWindowsCurrent', 'wideSameDay', 'buildDerived', 'reconcileDerived', 'reconcileDerivedNow'];
    const readers = [...sources('lib'), ...sources('app'), 'instrumentation.ts']
      .filter((f) => !f.startsWith(`lib${path.sep}derived${path.sep}`) && !f.startsWith(`lib${path.sep}load${path.sep}`))
      // The loader process's own modules (lib/snapshots/follow.ts, the web workers' side, stays checked).
      .filter((f) => !['loader.ts', 'service.ts', 'command.ts'].map((n) => path.join('lib', 'snapshots', n)).includes(f));
    expect(readers.length).toBeGreaterThan(100);
    const bad: string[] = [];
    for (const f of readers) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      const imported = [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from/g)].flatMap((m) => m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]));
      for (const b of builders) if (imported.includes(b) || new RegExp(`\\)\\.${b}\\b`).test(text)) bad.push(`${f}: imports ${b}`);
      if (/from '[^']*derived\/registry'|import\('[^']*derived\/registry'\)/.test(text)) bad.push(`${f}: imports the registry`);
      if (f !== path.join('lib', 'db', 'migrations.ts') && /mart_state/.test(text)) bad.push(`${f}: mentions mart_state`);
      for (const m of text.matchAll(/\bensure[A-Z]\w*/g)) if (m[0] !== 'ensureNextAuthSecret') bad.push(`${f}: ${m[0]}`);
      if (/startWarming|warmAll|live\/warm|live\/derived/.test(text)) bad.push(`${f}: a warm-up of tables`);
    }
    expect(bad).toEqual([]);
  });
});

describe('a load, a reconcile and the readers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', { asOf: D, files });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('the load builds every entry in its transaction and records each version for itself', async () => {
    const last = await lastLoad();
    const rows = await states();
    expect(rows.map((r) => r.name).sort()).toEqual(derived.map((e) => e.version).sort());
    for (const r of rows) expect(r.loadId, r.name).toBe(last);
    // Every declared table exists, and the fixture's data reached the last ones in the order.
    const tables = new Set((await query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables()`)).map((r) => r.t));
    for (const t of derived.flatMap((e) => e.tables)) expect(tables.has(t), t).toBe(true);
    const [n] = await query<{ holding: number; summary: number }>(`SELECT (SELECT count(*) FROM mart_bcg_holding)::INTEGER AS holding,
      (SELECT count(*) FROM mart_kpi_month)::INTEGER AS summary`);
    expect(n.holding).toBeGreaterThan(0);
    expect(n.summary).toBeGreaterThan(0);
    // The journal's duration of the load covers those builds.
    const [{ ms, builds }] = await query<{ ms: number; builds: number }>(`SELECT (SELECT duration_ms FROM load_log WHERE load_id = $id)::INTEGER AS ms,
      (SELECT sum(build_ms) FROM mart_state WHERE load_id = $id)::INTEGER AS builds`, { id: last });
    expect(ms).toBeGreaterThanOrEqual(builds);
  });

  it('a reconcile after it builds nothing; with a version missing, that entry and what reads it', async () => {
    expect((await reconcileDerivedNow()).map((r) => r.outcome)).toEqual(derivedOrder.map(() => 'current'));
    const before = await states();
    const abc = derived.find((e) => e.name === 'ABC/XYZ marts')!;
    await run(`DELETE FROM mart_state WHERE name = $n`, { n: abc.version });
    const report = await reconcileDerivedNow();
    const rebuilt = report.filter((r) => r.outcome !== 'current').map((r) => r.name);
    expect(rebuilt).toEqual(['ABC/XYZ marts', 'ABC/XYZ running sums', 'growth × share holding points']);
    expect(report.find((r) => r.name === 'ABC/XYZ marts')?.outcome).toBe('full');
    const after = await states();
    expect(after.map((r) => r.name).sort()).toEqual(before.map((r) => r.name).sort());
    for (const b of before) {
      const a = after.find((x) => x.name === b.name)!;
      expect(a.loadId, b.name).toBe(b.loadId);
      const entry = derived.find((e) => e.version === b.name)!;
      if (!rebuilt.includes(entry.name)) expect(a.builtAt, b.name).toBe(b.builtAt);
    }
  });

  it('readers with an empty mart_state read what is there and build nothing', async () => {
    await run(`DELETE FROM mart_state`);
    // A sentinel row in a mart a build would rewrite.
    await run(`INSERT INTO mart_sales_client (ck, client_id) VALUES (999999, 'sentinel')`);
    const window = kpiWindow('2026-11', D);
    const kpi = await getKpi({ window, asOf: D, scope: exec, by: 'specialist' });
    expect(kpi.rows.length).toBeGreaterThan(0);
    await getKpi({ window, asOf: D, scope: exec, by: 'team', useSummary: false });
    await getKpiTrend({ asOf: D, lastMonth: '2026-11', scope: exec });
    await getPortfolioLoad({ window, asOf: D, scope: exec });
    await getPaymentRates({ period: '2026-11', asOf: D, by: 'specialist', span: 'month', scope: exec });
    await getDebtors({ period: '2026-11', asOf: D, by: 'client', scope: exec });
    await getUnreturnedActs({ asOf: D, by: 'specialist', scope: exec });
    expect((await searchClients({ q: 'Ромашка', scope: exec })).map((r) => r.id)).toContain('c1');
    const abcQ = { metric: 'revenue' as const, asOf: D, months: 12, thresholds: DEFAULT_THRESHOLDS };
    await getAbcView(abcQ, exec, { limit: 5 });
    await getBcg({ ...abcQ, by: 'holding', limit: 10 }, exec);
    await getRevenueByMonth({ asOf: D, scope: exec });
    await getPreparation(exec, 'c1', { asOf: D });
    expect(await states()).toEqual([]);
    const [s] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart_sales_client WHERE ck = 999999`);
    expect(s.n).toBe(1);
  });
});
