// Checkpoints without vacuum, and the compaction that the first load of a day does instead
// (lib/db compactWarehouse, lib/snapshots/loader housekeepingDue): a midday delta's checkpoint
// writes its own change only; the row groups deletes have thinned are merged by the morning load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactWarehouse, exec, query, setWarehouseTarget } from '@/lib/db';
import { housekeepingDue } from '@/lib/snapshots/loader';
import type { LoadEvent } from '@/lib/live/events';

const event = (asOf: string | null, outcome: LoadEvent['outcome'] = 'applied'): LoadEvent =>
  ({ loadId: 1, extractId: `${asOf}T08-00`, outcome, asOf, changed: {}, message: '', at: '2026-11-20T08:00:00Z' }) as LoadEvent;
const load = (asOf: string | undefined, inserted = 10, updated = 0, deleted = 0) => ({ asOf, inserted, updated, deleted });

describe('housekeepingDue', () => {
  it('compacts on the first load of a day', () => {
    expect(housekeepingDue(load('2026-11-20'), { events: [] })).toBe(true);
    expect(housekeepingDue(load('2026-11-20'), { events: [event('2026-11-19')] })).toBe(true);
  });
  it('skips a small load after another applied load of the same day', () => {
    expect(housekeepingDue(load('2026-11-20', 6165), { events: [event('2026-11-19'), event('2026-11-20')] })).toBe(false);
  });
  it('counts only applied loads as the day having started', () => {
    expect(housekeepingDue(load('2026-11-20'), { events: [event('2026-11-19'), event('2026-11-20', 'rejected')] })).toBe(true);
  });
  it('compacts after a large load whatever the day', () => {
    expect(housekeepingDue(load('2026-11-20', 60_000, 30_000, 10_000), { events: [event('2026-11-20')] })).toBe(true);
    expect(housekeepingDue(load('2026-11-20', 60_000, 30_000, 9_999), { events: [event('2026-11-20')] })).toBe(false);
  });
  it('compacts when the load has no as-of date', () => {
    expect(housekeepingDue(load(undefined), { events: [event('2026-11-20')] })).toBe(true);
  });
});

describe('compactWarehouse', () => {
  let dir = '';
  afterEach(async () => {
    await setWarehouseTarget(undefined);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowGroups = async () =>
    Number((await query<{ n: number }>(`SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM pragma_storage_info('thinned')`))[0].n);

  it('leaves thinned row groups to a plain checkpoint and merges them when asked', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-compact-'));
    await setWarehouseTarget({ file: path.join(dir, 'w.duckdb'), readOnly: false });
    // Five row groups of 122,880 rows at most, nine rows in ten then deleted.
    await exec(`CREATE TABLE thinned AS SELECT range AS i, 'client ' || range AS s FROM range(600000)`);
    await exec('CHECKPOINT');
    expect(await rowGroups()).toBe(5);
    await exec('DELETE FROM thinned WHERE i % 10 <> 0');
    await exec('CHECKPOINT');
    expect(await rowGroups()).toBe(5);
    const checkpoints = await compactWarehouse();
    expect(checkpoints).toBeGreaterThanOrEqual(1);
    expect(await rowGroups()).toBe(1);
    expect(await query(`SELECT count(*)::INTEGER AS n, sum(i)::BIGINT AS s FROM thinned`)).toEqual([{ n: 60000, s: '17999700000' }]);
    expect(await query(`SELECT table_name FROM duckdb_tables() WHERE table_name = 'vacuum_marker'`)).toEqual([]);
    // And vacuum is off again for the next plain checkpoint.
    expect(await query(`SELECT current_setting('max_vacuum_tasks')::INTEGER AS v`)).toEqual([{ v: 0 }]);
  });
});
