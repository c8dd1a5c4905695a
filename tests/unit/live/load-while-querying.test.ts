// Reads never wait for a load (issue 8): a full extract of over 1,000,000 rows is loaded (in this
// process, as the app's watcher does) while another client asks for payment figures without a
// pause. No query may fail; their p95 during the load is reported next to the p95 without a load
// (target: at most 3× slower). The larger run is scripts/bench/load-while-querying.ts.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCompany } from '@/lib/generate';
import { loadExtract, loadInbox } from '@/lib/load';
import { measureWhileLoading } from '@/lib/live/measure';
import { cleanupDataDir, freshDataDir } from '../helpers';

describe('queries during a large load', () => {
  let dir: string;
  let big: string;
  let bigRows = 0;
  beforeAll(async () => {
    dir = await freshDataDir();
    // What the app shows before: a small company as of the day before.
    await generateCompany({ clients: 300, months: 24, seed: 5, asOf: '2026-11-19', out: path.join(dir, 'inbox') });
    const first = await loadInbox();
    if (first.some((r) => r.outcome !== 'applied')) throw new Error('small company not applied');
    // The large full extract, generated aside and loaded below.
    const g = await generateCompany({ clients: 4000, months: 24, seed: 6, asOf: '2026-11-20', out: path.join(dir, 'big') });
    big = path.join(dir, 'big', g.extracts[0].id);
    bigRows = g.totalRows;
  }, 120_000);
  afterAll(() => cleanupDataDir(dir));

  it('no query fails, and their p95 during the load is reported next to the p95 without it', async () => {
    expect(bigRows).toBeGreaterThanOrEqual(1_000_000);
    const r = await measureWhileLoading(() => loadExtract(big), { asOf: '2026-11-19', baselineMs: 4000 });
    process.stdout.write(`load of ${bigRows.toLocaleString('ru-RU')} rows: ${(r.loadMs / 1000).toFixed(1)} s; `
      + `queries without a load p95 ${r.without.p95.toFixed(1)} ms (n=${r.without.n}), during it p95 ${r.during.p95.toFixed(1)} ms (n=${r.during.n}), `
      + `×${(r.during.p95 / r.without.p95).toFixed(2)}; failed ${r.failures.length}\n`);
    expect(r.load.outcome).toBe('applied');
    expect(r.failures).toEqual([]);
    // Queries kept being answered all through the load, not after it.
    expect(r.during.n).toBeGreaterThan(10);
  }, 300_000);
});
