// After a load the app builds every derived table at once (lib/live/warm.ts), so the first page
// after the load finds them ready: each records the load it was built from in mart_state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { warmAll, warmers } from '@/lib/live/warm';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadBase } from '../load/util';

describe('warming the derived tables', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await loadBase(dir);
  });
  afterAll(() => cleanupDataDir(dir));

  it('builds each of them for the newest load', async () => {
    const before = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart_state`);
    await warmAll();
    const rows = await query<{ name: string; loadId: number }>(`SELECT name, load_id::INTEGER AS "loadId" FROM mart_state ORDER BY name`);
    // The payment marts (built by the load itself) and one row per warmer.
    expect(rows.length).toBe(before[0].n + warmers.length);
    const [last] = await query<{ id: number }>(`SELECT max(load_id)::INTEGER AS id FROM load_log WHERE outcome = 'applied'`);
    expect(rows.every((r) => r.loadId === last.id)).toBe(true);
  });
});
