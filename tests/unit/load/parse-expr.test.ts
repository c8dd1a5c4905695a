// What each column kind accepts and refuses (extracts.md: decimal `.` or `,`, dates YYYY-MM-DD or
// DD.MM.YYYY). The cheap guards in validate-sql.ts must refuse what DuckDB's bare casts would
// silently accept (1.5 → 2, 1e3, 0x10, 1_000, inf), so each such value has a row here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExpr } from '@/lib/load/validate-sql';
import type { ColumnKind } from '@/lib/load/contract';
import { query } from '@/lib/db';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
beforeAll(async () => { dir = await freshDataDir(); });
afterAll(async () => { await cleanupDataDir(dir); });

async function parse(kind: ColumnKind, v: string): Promise<string | null> {
  const [r] = await query<{ p: string | null }>(`SELECT (${parseExpr(kind, '$v', 'Europe/Moscow')})::VARCHAR AS p`, { v });
  return r.p;
}

const cases: Array<[ColumnKind, string, string | null]> = [
  ['int', '12', '12'], ['int', '-3', '-3'], ['int', '1 200', '1200'],
  ['int', '1.5', null], ['int', '1e3', null], ['int', '0x10', null], ['int', '1_000', null], ['int', 'abc', null],
  ['money', '1234.5', '1234.50'], ['money', '1234,5', '1234.50'], ['money', '1 234 567,89', '1234567.89'], ['money', '-10', '-10.00'],
  ['money', '1e3', null], ['money', '+5', null], ['money', '1_000', null], ['money', 'inf', null], ['money', 'NaN', null], ['money', '1,2,3', null],
  ['number', '2,5', '2.5'], ['number', 'inf', null], ['number', '1e3', null],
  ['date', '2026-11-05', '2026-11-05'], ['date', '05.11.2026', '2026-11-05'],
  ['date', '2026-02-30', null], ['date', '2026-1-05', null], ['date', '2026/11/05', null], ['date', '20261105', null], ['date', '32.01.2026', null],
  ['date', '2026-11-05T10:00', null],
];

describe('parseExpr', () => {
  it.each(cases)('%s %j → %j', async (kind, v, want) => {
    expect(await parse(kind, v)).toBe(want);
  });
});
