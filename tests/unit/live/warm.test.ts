// An applied load brings every derived table up to date in its own transaction (lib/live/derived.ts),
// so no reader waits for a build after it; what is read through the committed marts (the growth ×
// share holding points) the app builds right after (lib/live/warm.ts). Each records in mart_state
// the load it was built from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { derivedBuilds } from '@/lib/live/derived';
import { warmAll, warmers } from '@/lib/live/warm';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadBase } from '../load/util';

const states = () => query<{ name: string; loadId: number }>(`SELECT name, load_id::INTEGER AS "loadId" FROM mart_state ORDER BY name`);
const lastLoad = async () => (await query<{ id: number }>(`SELECT max(load_id)::INTEGER AS id FROM load_log WHERE outcome = 'applied'`))[0].id;

describe('derived tables after a load', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await loadBase(dir);
  });
  afterAll(() => cleanupDataDir(dir));

  it('the load itself builds the payment marts and every derived table, for that load', async () => {
    const rows = await states();
    // The payment marts' row, and one per derived build.
    expect(rows.length).toBe(1 + derivedBuilds.length);
    const last = await lastLoad();
    expect(rows.every((r) => r.loadId === last)).toBe(true);
    // The journal's duration of the load covers those builds.
    const [{ ms, builds }] = await query<{ ms: number; builds: number }>(`SELECT (SELECT duration_ms FROM load_log WHERE load_id = $id)::INTEGER AS ms,
      (SELECT sum(build_ms) FROM mart_state WHERE load_id = $id)::INTEGER AS builds`, { id: last });
    expect(ms).toBeGreaterThanOrEqual(builds);
  });

  it('warming after it adds the holding points and rebuilds nothing else', async () => {
    const before = await query<{ name: string; builtAt: string }>(`SELECT name, built_at::VARCHAR AS "builtAt" FROM mart_state ORDER BY name`);
    await warmAll();
    const rows = await states();
    expect(rows.length).toBe(before.length + 1);
    expect(warmers.length).toBeGreaterThan(derivedBuilds.length);
    const last = await lastLoad();
    expect(rows.every((r) => r.loadId === last)).toBe(true);
    const after = await query<{ name: string; builtAt: string }>(`SELECT name, built_at::VARCHAR AS "builtAt" FROM mart_state ORDER BY name`);
    for (const b of before) expect(after.find((a) => a.name === b.name)?.builtAt, b.name).toBe(b.builtAt);
  });
});
