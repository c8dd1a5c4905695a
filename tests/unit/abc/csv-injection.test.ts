// The ABC/XYZ CSV (GET /api/v1/abc-xyz?format=csv, built by DuckDB) against formula injection: the
// hand-made company of ./fixture.ts with clients, a specialist and a team named like formulas. Every
// such name comes out with a leading `'` (components/ui/csv.ts CSV_FORMULA_CHARS), numbers stay
// plain (k09's −50), and the file is still byte for byte what toCsvText makes of the page's rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAbcCellClients } from '@/lib/abc/abc-xyz';
import { abcCsvHead } from '@/lib/abc/csv';
import { DEFAULT_THRESHOLDS } from '@/lib/abc/params';
import { toCsvText } from '@/components/ui/csv';
import { GET } from '@/app/api/v1/abc-xyz/route';
import { ru } from '@/lib/i18n/ru';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { AS_OF, fixture, LOAD_ID } from './fixture';

const hostile: Record<string, string> = {
  k01: '=HYPERLINK("http://x","y")', k02: '+cmd', k03: '@SUM(A1)', k04: '-2+3', k05: '\tx', k06: '\rx', k07: '-5',
};

let dir: string;
let key: string;
beforeAll(async () => {
  dir = await freshDataDir();
  const r = await load(dir, LOAD_ID, { asOf: AS_OF, files: [
    { table: 'teams', rows: fixture.teams.map((t) => (t.team_id === 't2' ? { ...t, name: '-Юг' } : t)) },
    { table: 'specialists', rows: fixture.specialists.map((s) => (s.specialist_id === 's2' ? { ...s, full_name: '@Сидорова' } : s)) },
    { table: 'clients', rows: fixture.clients.map((c) => ({ ...c, name: hostile[String(c.client_id)] ?? c.name })) },
    { table: 'sales', rows: fixture.sales },
  ] });
  if (r.outcome !== 'applied') throw new Error(r.message);
  await addUser({ login: 'e', role: 'executive', password: 'password-1' });
  key = await createApiKey('e');
});
afterAll(async () => { await cleanupDataDir(dir); });

describe('GET /api/v1/abc-xyz?format=csv: formula injection', () => {
  it('prefixes every formula-like name with \', keeps numbers plain, and equals toCsvText of the rows', async () => {
    const res = await GET(new Request('http://x/api/v1/abc-xyz?format=csv', { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    const text = await res.text();
    // Lines by client id (the second field); no name here holds `;` or CRLF, so splitting is safe.
    const lines = new Map(text.trim().split('\r\n').slice(1).map((l) => l.split(';')).map((f) => [f[1], f]));
    expect(Object.fromEntries(Object.keys(hostile).map((id) => [id, lines.get(id)?.[0]]))).toEqual({
      k01: `"'=HYPERLINK(""http://x"",""y"")"`, k02: "'+cmd", k03: "'@SUM(A1)", k04: "'-2+3", k05: "'\tx", k06: `"'\rx"`, k07: "'-5",
    });
    // s2's clients (k02, k04, …): the specialist and the team are prefixed too; s1's are not.
    expect(lines.get('k04')!.slice(7)).toEqual(["'@Сидорова", "'-Юг"]);
    expect(lines.get('k01')!.slice(7)).toEqual(['Петров Пётр', 'Север']);
    // Numbers stay numbers: k04's revenue 1500; k09's −50 (a return exceeds its sale) plain, not text.
    expect(lines.get('k04')![5]).toBe('1500');
    expect(lines.get('k09')![5]).toBe('-50');
    // The same rule as the browser tables' CSV, byte for byte.
    const rows = (await getAbcCellClients({ metric: 'revenue', asOf: AS_OF, months: 12, thresholds: DEFAULT_THRESHOLDS }, { login: 'e', role: 'executive' }, { limit: 1000 })).rows;
    expect(rows.map((r) => r.name)).toContain('\rx');
    const expected = toCsvText([abcCsvHead('revenue'), ...rows.map((r) => [r.name, r.clientId, r.abc, ru.abc.xyz[r.xyz], r.cv, r.value, r.sharePct, r.specialistName, r.teamName])]);
    expect('\ufeff' + text).toBe(expected);
  });
});
