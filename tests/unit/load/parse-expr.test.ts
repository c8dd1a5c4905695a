// What each column kind accepts and refuses (extracts.md: decimal `.` or `,`, dates YYYY-MM-DD or
// DD.MM.YYYY). The cheap guards in validate-sql.ts must refuse what DuckDB's bare casts would
// silently accept (1.5 → 2, 1e3, 0x10, 1_000, inf), so each such value has a row here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExpr, parseExprCanonical } from '@/lib/load/validate-sql';
import type { ColumnKind } from '@/lib/load/contract';
import { query } from '@/lib/db';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
beforeAll(async () => { dir = await freshDataDir(); });
afterAll(async () => { await cleanupDataDir(dir); });

async function parse(kind: ColumnKind, v: string, f = parseExpr): Promise<string | null> {
  const [r] = await query<{ p: string | null }>(`SELECT (${f(kind, '$v', 'Europe/Moscow')})::VARCHAR AS p`, { v });
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

// The direct first-load path parses with parseExprCanonical and aborts to the exact path on NULL,
// so for every value it must give exactly parseExpr's answer or NULL, never a third value.
const more: Array<[ColumnKind, string]> = [
  ['timestamp', '2026-06-17T12:51:00'], ['timestamp', '2026-06-17 12:51:00'], ['timestamp', '2026-06-17T12:51'],
  ['timestamp', '2026-06-17T12:51:00+03:00'], ['timestamp', '2026-06-17T09:51:00Z'], ['timestamp', '17.06.2026 12:51'],
  ['timestamp', '2026-06-17T25:51:00'], ['timestamp', '2026-6-17T12:51:000'], ['timestamp', '+026-06-17T12:51:00'], ['timestamp', '2026-06-17X12:51:00'],
  ['period', '2026-11'], ['period', '2026-13'], ['period', '2026-00'], ['period', '2026-1 '], ['period', '+026-11'], ['period', '0999-05'],
  ['int', '007'], ['int', '+7'], ['int', ' 7'], ['money', '1234.567'], ['money', '12 000'], ['money', '.5'], ['number', '1 000,5'], ['number', '-0'],
];
const canonical: Array<[ColumnKind, string]> = [
  ['int', '12'], ['int', '-3'], ['money', '1234.5'], ['money', '-10'], ['number', '2.5'], ['date', '2026-11-05'], ['date', '05.11.2026'],
  ['timestamp', '2026-06-17T12:51:00'], ['timestamp', '2026-06-17 12:51:00'], ['period', '2026-11'], ['flag', '1'], ['text', 'Иванов'],
];

describe('parseExprCanonical', () => {
  it.each([...cases.map(([k, v]) => [k, v] as [ColumnKind, string]), ...more])('%s %j: the same as parseExpr, or NULL', async (kind, v) => {
    const fast = await parse(kind, v, parseExprCanonical);
    if (fast !== null) expect(fast).toBe(await parse(kind, v));
  });
  it.each(canonical)('%s %j in canonical form is parsed, not sent to the exact path', async (kind, v) => {
    const fast = await parse(kind, v, parseExprCanonical);
    expect(fast).not.toBeNull();
    expect(fast).toBe(await parse(kind, v));
  });
});
