// The rows behind a KPI figure as CSV (GET /api/v1/kpi/<control>/rows?format=csv, lib/kpi/csv.ts)
// against formula injection: the company of ./fixture.ts with clients, a specialist and a team
// named like formulas, and a return that makes one client's revenue negative. Every such name
// comes out with a leading `'` (components/ui/csv.ts); numbers stay plain, the negative one too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/kpi/[control]/rows/route';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { load } from '../load/util';
import { D, files } from './fixture';

const hostile: Record<string, string> = { c1: '=HYPERLINK("http://x","y")', c2: '+cmd', c3: '@SUM(A1)', c4: '-2+3', c5: '\tx', c6: '\rx' };
// Sales in November for the clients the fixture gives none; c4's return exceeds its sales: −250.50.
const extraSales = [['c3', '30'], ['c4', '-250.50'], ['c5', '40'], ['c6', '50']].map(([client, revenue], i) =>
  ({ sale_id: `inj${i}`, client_id: client, date: '2026-11-12', product: 'Подписка', quantity: 1, revenue, cost: '0' }));

let dir: string;
let key: string;
beforeAll(async () => {
  dir = await freshDataDir();
  const r = await load(dir, '2026-11-20T12-00', { asOf: D, files: files.map((f) => {
    if (f.table === 'clients') return { ...f, rows: f.rows.map((c) => ({ ...c, name: hostile[String(c.client_id)] ?? c.name })) };
    if (f.table === 'specialists') return { ...f, rows: f.rows.map((s) => (s.specialist_id === 's2' ? { ...s, full_name: '@Сидорова' } : s)) };
    if (f.table === 'teams') return { ...f, rows: f.rows.map((t) => (t.team_id === 't2' ? { ...t, name: '-Юг' } : t)) };
    if (f.table === 'sales') return { ...f, rows: [...f.rows, ...extraSales] };
    return f;
  }) });
  if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  await addUser({ login: 'e', role: 'executive', password: 'password-1' });
  key = await createApiKey('e');
});
afterAll(() => cleanupDataDir(dir));

describe('GET /api/v1/kpi/<control>/rows?format=csv: formula injection', () => {
  it('prefixes formula-like client, specialist and team names with \'; revenue stays a number, negative included', async () => {
    const res = await GET(new Request(`http://x/api/v1/kpi/revenue/rows?period=2026-11&asOf=${D}&format=csv`, { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ control: 'revenue' }) });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/\r\n$/, '').split('\r\n');
    // Client, specialist, team, revenue, sales, last sale; largest revenue first (c1 1 000 + 500 on D).
    expect(lines).toEqual([
      'Клиент;Специалист;Отдел;Выручка;Продаж;Последняя продажа',
      `"'=HYPERLINK(""http://x"",""y"")";Петров Пётр;Север;1500;2;20.11.2026`,
      "'+cmd;'@Сидорова;'-Юг;200;1;10.11.2026",
      `"'\rx";Петров Пётр;Север;50;1;12.11.2026`,
      "'\tx;Петров Пётр;Север;40;1;12.11.2026",
      "'@SUM(A1);Петров Пётр;Север;30;1;12.11.2026",
      "'-2+3;Кузнецова Ольга;Север;-250,5;1;12.11.2026",
    ]);
  });
});
