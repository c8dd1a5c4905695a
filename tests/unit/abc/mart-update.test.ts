// When the sales marts (lib/abc/sales-mart.ts, declared in lib/derived/registry.ts) are rebuilt: not
// after a load that changed no sale, client or specialist on the same as-of (the midday payments
// extract: only marked current); only the windows after such a load on a new as-of (D moved);
// everything after a load of sales. The running sums likewise. Both are brought up to date by the
// load itself, in its transaction: right after a load the views already use the running sums of
// that load. A sentinel row in each mart tells a kept table from a rebuilt one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, query } from '@/lib/db';
import { getMartAsOf, getSalesMarts } from '@/lib/abc/plan';
import { derivedEntry } from '@/lib/derived/registry';
import { cleanupDataDir } from '../helpers';
import { load } from '../load/util';
import { AS_OF, fixture, loadFixtureCompany } from './fixture';

const SENTINEL = 999_999;
const ABC_MART_STATE = derivedEntry('ABC/XYZ marts').version;
const SALES_WIDE_STATE = derivedEntry('ABC/XYZ running sums').version;
const stateOf = async (n: string) => (await query<{ id: number }>(`SELECT load_id::INTEGER AS id FROM mart_state WHERE name = $n`, { n }))[0]?.id;
const stateId = () => stateOf(ABC_MART_STATE);
async function sentinels(): Promise<{ client: boolean; windows: boolean; wide: boolean }> {
  const [r] = await query<{ client: number; windows: number; wide: number }>(`SELECT
    (SELECT count(*) FROM mart_sales_client WHERE ck = $ck)::INTEGER AS client,
    (SELECT count(*) FROM mart_abc_windows WHERE ck = $ck)::INTEGER AS windows,
    (SELECT count(*) FROM mart_sales_wide WHERE ck = $ck + 1)::INTEGER AS wide`, { ck: SENTINEL });
  return { client: r.client === 1, windows: r.windows === 1, wide: r.wide === 1 };
}
async function plantSentinels(): Promise<void> {
  await exec(`INSERT INTO mart_sales_client (ck, client_id) VALUES (${SENTINEL}, 'sentinel')`);
  await exec(`INSERT INTO mart_abc_windows (metric, win, as_of, ck, has, v, s2, n) VALUES ('revenue', 1, DATE '2000-01-01', ${SENTINEL}, false, 0, 0, 0)`);
  // (Another key: a rebuild of the running sums keeps every key of mart_sales_client.)
  await exec(`INSERT INTO mart_sales_wide (ck) VALUES (${SENTINEL + 1})`);
}
/** After a load: the running sums are the load's already (built in its transaction), and the views use them. */
async function catchUpWide(loadId: number | undefined): Promise<void> {
  expect(await stateOf(SALES_WIDE_STATE)).toBe(loadId);
  expect((await getSalesMarts()).months.length).toBeGreaterThan(0);
}
const teamsDelta = (name: string) => ({ table: 'teams' as const, mode: 'delta' as const, rows: [{ ...fixture.teams[0], name }] });

describe('sales marts after a load', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await loadFixtureCompany();
    await plantSentinels();
  });
  afterAll(() => cleanupDataDir(dir));

  it('are kept after a load of other tables on the same as-of, and marked current', async () => {
    const r = await load(dir, '2026-11-20T21-00', { asOf: AS_OF, files: [teamsDelta('Север-1')] });
    expect(r.outcome).toBe('applied');
    expect(await stateId()).toBe(r.loadId);
    await catchUpWide(r.loadId);
    expect(await sentinels()).toEqual({ client: true, windows: true, wide: true });
  });

  it('redo only the windows when such a load moves the as-of', async () => {
    const r = await load(dir, '2026-11-21T08-00', { asOf: '2026-11-21', files: [teamsDelta('Север-2')] });
    expect(r.outcome).toBe('applied');
    expect(await stateId()).toBe(r.loadId);
    // The running sums' partial months run to D's day of the month: the 21st now.
    await catchUpWide(r.loadId);
    expect(await sentinels()).toEqual({ client: true, windows: false, wide: false });
    expect(await getMartAsOf()).toBe('2026-11-21');
    expect((await getSalesMarts()).months.find((m) => m.month === '2026-10-01')?.partOn).toBe('2026-10-21');
  });

  it('are rebuilt after a load of sales', async () => {
    await plantSentinels();
    const r = await load(dir, '2026-11-21T12-30', { asOf: '2026-11-21', files: [{ table: 'sales', mode: 'delta', rows: [
      { sale_id: 'S-NEW', client_id: 'k10', date: '2026-11-21', product: 'Подписка', quantity: 1, revenue: '500.00', cost: '200.00' },
    ] }] });
    expect(r.outcome).toBe('applied');
    expect(await stateId()).toBe(r.loadId);
    await catchUpWide(r.loadId);
    expect(await sentinels()).toEqual({ client: false, windows: false, wide: false });
    const [k10] = await query<{ v: number }>(`SELECT w.v::INTEGER AS v FROM mart_abc_windows w JOIN mart_sales_client k USING (ck)
      WHERE k.client_id = 'k10' AND w.metric = 'revenue' AND w.win = 0`);
    expect(k10.v).toBe(50_000); // kopecks
  });
});
