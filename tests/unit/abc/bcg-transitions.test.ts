// Transitions and the growth × share view (spec/metrics.md "ABC / XYZ classes of clients" →
// Transitions, "Growth × share matrix") on the hand-made company of ./fixture.ts.
// Previous window = 12 months before: 2024-12-01 … 2025-11-20 (D − 12 months).
//   previous: k04 2000 (Feb–Nov 2025, 200 each), k01 1200, k03 600, k08 300 (one sale in March) = 4100;
//   ABC (positive total 4100): k04 before 0 → A, k01 2000 (48.8 %) → A, k03 3200 (78.0 %) → A, k08 3800 (92.7 %) → B;
//   XYZ: k04 constant over its 10 months → X, k01 X, k03 X, k08 one 300 in 9 months → Z, the rest none.
//   current (abc-xyz.test.ts): k04 A-Z, k01 A-X, k02 A-X, k03 A-Y, k05 B-Z, k06 B-X, k07 C-new, k08 C-none,
//   k09 C-Z, k10 C-none, k11 C-none; total 5950 (6000 − k09's 50). Company growth 5950 / 4100 − 1 = 45.1 %.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbcQuery } from '@/lib/abc/abc-xyz';
import { getBcg } from '@/lib/abc/bcg';
import { abcMetrics, DEFAULT_THRESHOLDS } from '@/lib/abc/params';
import { exec as exec_, query } from '@/lib/db';
import { getAbcTransitions, getTransitionClients } from '@/lib/abc/transitions';
import type { Scope } from '@/lib/db/scope';
import { cleanupDataDir } from '../helpers';
import { AS_OF, loadFixtureCompany } from './fixture';

const exec: Scope = { login: 'e', role: 'executive' };
const specS1: Scope = { login: 's', role: 'specialist', specialistId: 's1' };

let dir: string;
beforeAll(async () => {
  dir = await loadFixtureCompany();
});
afterAll(async () => { await cleanupDataDir(dir); });

const q = (o: Partial<AbcQuery> = {}): AbcQuery => ({ metric: 'revenue', asOf: AS_OF, months: 12, thresholds: DEFAULT_THRESHOLDS, ...o });

describe('transitions', () => {
  it('from → to tables of counts and sums between the previous window and the current one', async () => {
    const t = await getAbcTransitions({ ...q(), shift: 12 }, exec);
    expect([t.prevAsOf, t.prevFrom, t.from]).toEqual(['2025-11-20', '2024-12-01', '2025-12-01']);
    const abc = Object.fromEntries(t.abc.filter((c) => c.clients > 0).map((c) => [`${c.from}>${c.to}`, [c.clients, c.value, c.prevValue]]));
    // A→A: k04, k01, k03 (1500 + 1200 + 1200 now, 2000 + 1200 + 600 before); C→A: k02 (nothing before);
    // B→C: k08; C→B: k05, k06; C→C: k07, k09, k10, k11.
    expect(abc).toEqual({ 'A>A': [3, 3900, 3800], 'C>A': [1, 1200, 0], 'B>C': [1, 0, 300], 'C>B': [2, 700, 0], 'C>C': [4, 150, 0] });
    expect(t.abc).toHaveLength(9);
    const xyz = Object.fromEntries(t.xyz.filter((c) => c.clients > 0).map((c) => [`${c.from}>${c.to}`, c.clients]));
    expect(xyz).toEqual({ 'X>Z': 1, 'X>X': 1, 'X>Y': 1, 'none>X': 2, 'none>Z': 2, 'none>new': 1, 'Z>none': 1, 'none>none': 2 });
    expect(t.xyz).toHaveLength(25);
    expect(t.total).toBe(11);
  });

  it('each cell opens its clients; another shift moves the previous window', async () => {
    const r = await getTransitionClients({ ...q(), shift: 12 }, exec, { kind: 'xyz', from: 'X', to: 'Z', limit: 10 });
    expect(r.total).toBe(1);
    expect(r.rows[0]).toMatchObject({ clientId: 'k04', prevAbc: 'A', prevXyz: 'X', prevCv: 0, prevValue: 2000, abc: 'A', xyz: 'Z', value: 1500, specialistName: 'Сидорова Анна' });
    // shift 1: previous = as known on 2026-10-20 (Nov 2025 … Oct 20 2026): k07 had one month → new, now 2 → new.
    const s = await getTransitionClients({ ...q(), shift: 1 }, exec, { kind: 'xyz', from: 'new', to: 'new', limit: 10 });
    expect(s.rows.map((x) => x.clientId)).toEqual(['k07']);
    // k06: Sep, Oct before (2 months, new) → Sep–Nov now (3 months, X).
    const k06 = await getTransitionClients({ ...q(), shift: 1 }, exec, { kind: 'xyz', from: 'new', to: 'X', limit: 10 });
    expect(k06.rows.map((x) => x.clientId)).toEqual(['k06']);
  });
});

describe('growth × share', () => {
  it('puts every client with sales in either window in a quadrant', async () => {
    const v = await getBcg({ ...q(), by: 'client', limit: 100 }, exec);
    const quad = Object.fromEntries(v.points.map((p) => [p.id, p.quadrant]));
    // High share = A (k04, k01, k02, k03). High growth = ≥ 45.1 % or nothing before (new).
    // k04 1500/2000 − 1 = −25 % → cow; k01 0 % → cow; k02 new → star; k03 1200/600 − 1 = +100 % → star;
    // k05, k06, k07, k09 new → question; k08 0/300 − 1 = −100 % → dog. k10, k11: no sales in either → not points.
    expect(quad).toEqual({ k04: 'cow', k01: 'cow', k02: 'star', k03: 'star', k05: 'question', k06: 'question', k07: 'question', k08: 'dog', k09: 'question' });
    expect(v.points.map((p) => p.id)).toEqual(['k04', 'k01', 'k02', 'k03', 'k05', 'k06', 'k07', 'k08', 'k09']);
    expect(v.quadrants).toEqual([
      { quadrant: 'star', count: 2, value: 2400 }, { quadrant: 'cow', count: 2, value: 2700 },
      { quadrant: 'question', count: 4, value: 850 }, { quadrant: 'dog', count: 1, value: 0 },
    ]);
    expect([v.total, v.idleClients]).toEqual([9, 2]);
    const k03 = v.points.find((p) => p.id === 'k03')!;
    expect(k03.share).toBeCloseTo(1200 / 5950, 12);
    expect(k03.growth).toBeCloseTo(1, 12);
    const k02 = v.points.find((p) => p.id === 'k02')!;
    expect([k02.growth, k02.isNew, k02.name]).toEqual([null, true, 'ООО «Бета»']);
    // The lines: the smallest A share (1200 / 5950) and the company's growth.
    expect(v.lines.share).toBeCloseTo(1200 / 5950, 12);
    expect(v.lines.growth).toBeCloseTo(5950 / 4100 - 1, 12);
  });

  it('the limit cuts the list, not the counts; a filter narrows the points', async () => {
    const v = await getBcg({ ...q(), by: 'client', limit: 2 }, exec);
    expect(v.points.map((p) => p.id)).toEqual(['k04', 'k01']);
    expect(v.total).toBe(9);
    const f = await getBcg({ ...q(), by: 'client', limit: 100, filter: { holding: 'h1' } }, exec);
    // Filtered points keep their population classes: k01 cow, k03 star.
    expect(f.points.map((p) => [p.id, p.quadrant])).toEqual([['k01', 'cow'], ['k03', 'star']]);
    expect(f.lines.share).toBeCloseTo(1200 / 5950, 12);
  });

  it('for a chart, the largest point of each quadrant beyond the limit comes as an extra point', async () => {
    const all = await getBcg({ ...q(), by: 'client', limit: 100 }, exec);
    const v = await getBcg({ ...q(), by: 'client', limit: 2, perQuadrant: 1 }, exec);
    expect(v.points.map((p) => p.id)).toEqual(['k04', 'k01']);
    // Per quadrant, the largest (value descending, ties by id) of all points, unless already in the top 2.
    const firsts = new Map<string, string>();
    for (const p of all.points) if (!firsts.has(p.quadrant)) firsts.set(p.quadrant, p.id!);
    const expected = [...firsts.values()].filter((id) => id !== 'k04' && id !== 'k01').sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(v.extraPoints.map((p) => p.id).sort()).toEqual(expected);
    expect(new Set([...v.points, ...v.extraPoints].map((p) => p.quadrant))).toEqual(new Set(all.points.map((p) => p.quadrant)));
    // Without perQuadrant there are none.
    expect((await getBcg({ ...q(), by: 'client', limit: 2 }, exec)).extraPoints).toEqual([]);
  });

  it('grouped: teams, holdings (a client outside every holding is its own point), segments', async () => {
    // t1 = s1's: now 1200 + 1200 + 400 + 200 − 50 = 2950, before 1200 + 600 = 1800 → +63.9 % ≥ 45.1 %;
    // t2: now 1200 + 1500 + 300 = 3000, before 2000 + 300 = 2300 → +30.4 %. Both A (t2 before 0, t1 before 50.4 %).
    const teams = await getBcg({ ...q(), by: 'team', limit: 100 }, exec);
    expect(teams.points.map((p) => [p.id, p.name, p.value, p.prevValue, p.quadrant, p.clients])).toEqual([
      ['t2', 'Юг', 3000, 2300, 'cow', 4], ['t1', 'Север', 2950, 1800, 'star', 5],
    ]);
    // h1 = k01 + k03: 2400 now, 1800 before → +33 %; ranked first → A → cow. k04 alone: 1500 → before 2400 (40 % of 6000) → A, −25 %.
    const h = await getBcg({ ...q(), by: 'holding', limit: 100 }, exec);
    expect(h.points.slice(0, 2).map((p) => [p.kind, p.id, p.name, p.value, p.quadrant])).toEqual([
      ['holding', 'h1', 'Холдинг «Север»', 2400, 'cow'], ['client', 'k04', 'ООО «Гамма»', 1500, 'cow'],
    ]);
    const seg = await getBcg({ ...q(), by: 'segment', limit: 100 }, exec);
    expect(seg.points.map((p) => [p.id, p.name])).toEqual([[null, 'Без сегмента'], ['Торговля', 'Торговля']]);
  });

  it('the holding points the load stored (rebuildBcgHoldings) give the same view as grouping at request time', async () => {
    const grouped = await Promise.all(abcMetrics.map((metric) => getBcg({ ...q(), metric, by: 'holding', limit: 100, useStored: false }, exec)));
    for (const [i, metric] of abcMetrics.entries()) {
      const [{ n }] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart_bcg_holding WHERE metric = $m`, { m: metric });
      expect(n).toBe(grouped[i].total);
      expect(await getBcg({ ...q(), metric, by: 'holding', limit: 100 }, exec)).toEqual(grouped[i]);
    }
    // The view reads them (a changed stored row shows), and a head of some teams still groups their own clients.
    await exec_(`UPDATE mart_bcg_holding SET quadrant = 'star' WHERE metric = 'revenue' AND tie < 0`);
    expect((await getBcg({ ...q(), by: 'holding', limit: 100 }, exec)).points[0]).toMatchObject({ id: 'h1', quadrant: 'star' });
    await exec_(`UPDATE mart_bcg_holding SET quadrant = 'cow' WHERE metric = 'revenue' AND tie < 0`);
    const head = await getBcg({ ...q(), by: 'holding', limit: 100 }, { login: 'h', role: 'head', teamIds: ['t1'] });
    expect(head.restricted).toBe(true);
  });

  it("a specialist's view is their clients' own totals", async () => {
    // s1: now 2950, before 1800 → growth 63.9 %. k01 0 % → cow; k03 +100 % → star; k05 (B at exactly 80 %), k07, k09 new → question.
    const v = await getBcg({ ...q(), by: 'client', limit: 100 }, specS1);
    expect(v.points.map((p) => [p.id, p.quadrant])).toEqual([['k01', 'cow'], ['k03', 'star'], ['k05', 'question'], ['k07', 'question'], ['k09', 'question']]);
    expect(v.points[0].share).toBeCloseTo(1200 / 2950, 12);
    expect(v.lines.growth).toBeCloseTo(2950 / 1800 - 1, 12);
    expect(v.restricted).toBe(true);
  });

  it('growth with no previous window at all: every point is new and high growth', async () => {
    // D = 2025-02-28: previous window Mar 2023 … Feb 2024 holds no sales; current: k01 Dec 2024 – Feb 2025.
    const v = await getBcg({ ...q({ asOf: '2025-02-28' }), by: 'client', limit: 100 }, exec);
    expect(v.lines.growth).toBeNull();
    expect(v.points.every((p) => p.isNew && p.growth === null && (p.quadrant === 'star' || p.quadrant === 'question'))).toBe(true);
    expect(v.points.find((p) => p.id === 'k01')?.quadrant).toBe('star');
  });
});
