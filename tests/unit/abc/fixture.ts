// A hand-made company for the ABC/XYZ and growth × share tests: D = 2026-11-20, window 12 months
// = 2025-12-01 … 2026-11-20, previous window = 2024-12-01 … 2025-11-20 (D − 12 months).
// One sale a month on the 5th unless said otherwise; cost = 40 % of revenue (k06: 100 %).
//
// client  spec  current window (Dec 2025 … Nov 2026)                 Σ      previous window      Σ
// k01     s1    100 every month (+1000 on 2026-11-25, after D)     1200    100 × 12             1200
// k02     s2    90, 110, 90, 110 … (first sale 2025-12-05)           1200    —                       0
// k03     s1    75, 125, 75, 125 …                                  1200    50 × 12               600
// k04     s2    80, 170, 80, 170 …                                  1500    200 × 10 (Feb–Nov)   2000
// k05     s1    from Jun 2026: 80, 80, 80, —, 80, 80 (no Sep sale)   400    —                       0
// k06     s2    from Sep 2026: 100, 100, 100 (cost = revenue)        300    —                       0
// k07     s1    from Oct 2026: 100, 100 (Nov sale on the 10th)       200    —                       0
// k08     s2    —                                                      0    300 on 2025-03-05     300
// k09     s1    Dec 2025 +100, Jan 2026 −150 (a return)              −50    —                       0
// k10     s2    no sales at all                                        0    —                       0
// k11     s1    one sale on 2026-11-25, after D                        0    —                       0
import type { Row } from '../load/build-extract';
import { freshDataDir } from '../helpers';
import { load } from '../load/util';

export const AS_OF = '2026-11-20';
export const LOAD_ID = '2026-11-20T20-00';

const months = (from: string, n: number): string[] => {
  const [y, m] = from.split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
};

const sales: Row[] = [];
let seq = 0;
function sale(client: string, date: string, revenue: number, costShare = 0.4): void {
  sales.push({ sale_id: `S${++seq}`, client_id: client, date, product: 'Подписка', quantity: 1, revenue: revenue.toFixed(2), cost: (revenue > 0 ? revenue * costShare : 0).toFixed(2) });
}
const cur = months('2025-12', 12);
const prev = months('2024-12', 12);
cur.forEach((p) => sale('k01', `${p}-05`, 100));
sale('k01', '2026-11-25', 1000);
cur.forEach((p, i) => sale('k02', `${p}-05`, i % 2 === 0 ? 90 : 110));
cur.forEach((p, i) => sale('k03', `${p}-05`, i % 2 === 0 ? 75 : 125));
cur.forEach((p, i) => sale('k04', `${p}-05`, i % 2 === 0 ? 80 : 170));
['2026-06', '2026-07', '2026-08', '2026-10', '2026-11'].forEach((p) => sale('k05', `${p}-05`, 80));
['2026-09', '2026-10', '2026-11'].forEach((p) => sale('k06', `${p}-05`, 100, 1));
sale('k07', '2026-10-05', 100);
sale('k07', '2026-11-10', 100);
sale('k09', '2025-12-05', 100);
sale('k09', '2026-01-05', -150);
sale('k11', '2026-11-25', 1000);
prev.forEach((p) => sale('k01', `${p}-05`, 100));
prev.forEach((p) => sale('k03', `${p}-05`, 50));
prev.slice(2).forEach((p) => sale('k04', `${p}-05`, 200));
sale('k08', '2025-03-05', 300);

const spec = (i: number) => (i % 2 === 1 ? 's1' : 's2');
export const clientIds = Array.from({ length: 11 }, (_, i) => `k${String(i + 1).padStart(2, '0')}`);
const names = ['Альфа', 'Бета', 'Вега', 'Гамма', 'Дельта', 'Дзета', 'Эта', 'Тета', 'Йота', 'Каппа', 'Лямбда'];

export const fixture = {
  teams: [{ team_id: 't1', name: 'Север', head_name: 'Иванова' }, { team_id: 't2', name: 'Юг', head_name: null }],
  specialists: [
    { specialist_id: 's1', full_name: 'Петров Пётр', team_id: 't1', email: null, phone: null, hired_on: null, active: 1 },
    { specialist_id: 's2', full_name: 'Сидорова Анна', team_id: 't2', email: null, phone: null, hired_on: null, active: 1 },
  ],
  clients: clientIds.map((id, i) => ({
    client_id: id, name: `ООО «${names[i]}»`, status: 'active', specialist_id: spec(i + 1),
    // k01 and k03 are one holding; k05 has a segment.
    holding_id: id === 'k01' || id === 'k03' ? 'h1' : null, holding_name: id === 'k01' || id === 'k03' ? 'Холдинг «Север»' : null,
    segment: id === 'k05' ? 'Торговля' : null,
  })) as Row[],
  sales,
};

/** A fresh warehouse with this company loaded by the real loader; returns its data folder. */
export async function loadFixtureCompany(): Promise<string> {
  const dir = await freshDataDir();
  const r = await load(dir, LOAD_ID, { asOf: AS_OF, files: [
    { table: 'teams', rows: fixture.teams }, { table: 'specialists', rows: fixture.specialists },
    { table: 'clients', rows: fixture.clients }, { table: 'sales', rows: fixture.sales },
  ] });
  if (r.outcome !== 'applied') throw new Error(r.message);
  return dir;
}
