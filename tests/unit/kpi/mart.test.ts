// The KPI marts (lib/kpi/mart.ts, built by each load through lib/derived/registry.ts): rebuilt after a load that changed one of their tables, only
// marked current after one that did not (the midday payments extract), and read as known then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import type { Scope } from '@/lib/db/scope';
import { getKpi } from '@/lib/kpi/get-kpi';
import { derivedEntry } from '@/lib/derived/registry';
import { kpiWindow } from '@/lib/kpi/period';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files, interactions } from './fixture';

const KPI_MART_STATE = derivedEntry('KPI marts').version;
const exec: Scope = { login: 'e', role: 'executive' };
const state = async () => (await query<{ id: number; ms: number }>(`SELECT load_id::INTEGER AS id, build_ms::INTEGER AS ms FROM mart_state WHERE name = $n`, { n: KPI_MART_STATE }))[0];

describe('KPI marts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', { asOf: D, files });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('a load of payments only keeps the marts and marks them current; a load of interactions rebuilds them', async () => {
    const first = await state();
    const pay = await load(dir, '2026-11-20T13-00', { asOf: D, files: [{ table: 'payments', mode: 'delta', rows: [{ payment_id: 'p9', invoice_id: 'inv2', client_id: 'c2', paid_on: D, amount: '100' }] }] });
    expect(pay.outcome).toBe('applied');
    const kept = await state();
    expect(kept.id).toBe(pay.loadId);
    expect(kept.ms).toBe(first.ms); // the build's own time stays: nothing was built

    // i4 (planned for D, not done) is done on D: on time now.
    const done = interactions.find((r) => r.interaction_id === 'i4')!;
    const upd = await load(dir, '2026-11-20T18-00', { asOf: D, files: [{ table: 'interactions', mode: 'delta', rows: [{ ...done, occurred_at: `${D}T16:00:00`, entered_at: `${D}T16:30:00` }] }] });
    expect(upd.outcome).toBe('applied');
    const k = await getKpi({ window: kpiWindow('2026-11', D), asOf: D, scope: exec, by: 'specialist' });
    expect((await state()).id).toBe(upd.loadId);
    expect(k.rows.find((r) => r.id === 's1')!.controls.calls).toMatchObject({ numerator: 3, denominator: 6 });
  });
});
