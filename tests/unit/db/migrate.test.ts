import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../lib/db';
import { migrations } from '../../../lib/db/migrations';

describe('migrate', () => {
  it('applies every unrecorded migration, even below a recorded higher version', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      // A warehouse that already recorded a later migration (landed from another branch first).
      await con.run(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
        applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())`);
      await con.run(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from another branch')`);
      expect(await migrate(con)).toBe(migrations.length);
      const v = (await con.runAndReadAll('SELECT version::INTEGER AS v FROM schema_migrations ORDER BY 1')).getRowObjectsJson().map((r) => Number(r.v));
      expect(v).toEqual([...migrations.map((m) => m.version).sort((a, b) => a - b), 999]);
      // Idempotent: nothing left to apply.
      expect(await migrate(con)).toBe(0);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });
});
