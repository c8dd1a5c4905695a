// The derived marts (migration v4, lib/metrics/payment-mart.ts) must give exactly what the direct
// definitions over mart_payment_events and acts give, for every day, period and group: checked
// on a generated company loaded by the real loader (marts rebuilt in the load's transaction).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '@/lib/db';
import { getPaymentBacktest, getPaymentForecast } from '@/lib/metrics/payment-forecast';
import { derivedEntry, PAYMENT_MARTS } from '@/lib/derived/registry';
import { dayOf } from '@/lib/metrics/period';
import { cleanupDataDir, loadGeneratedCompany } from '../helpers';

const AS_OF = '2026-11-20';

describe('derived marts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await loadGeneratedCompany({ clients: 150, months: 10, seed: 11, asOf: AS_OF });
  }, 60_000);
  afterAll(() => cleanupDataDir(dir));

  it('were built by the last applied load, not lazily', async () => {
    const [s] = await query<{ built: number; last: number }>(
      `SELECT (SELECT load_id FROM mart_state WHERE name = $n)::INTEGER AS built,
              (SELECT max(load_id) FROM load_log WHERE outcome = 'applied')::INTEGER AS last`, { n: derivedEntry(PAYMENT_MARTS).version });
    expect(s.built).toBe(s.last);
    const [n] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM mart_payment_events`);
    expect(n.n).toBeGreaterThan(500);
  });

  it('mart_payment_daycum = sums of events with on_date ≤ the period\'s day d (clamped), its last day, its quarter\'s last day', async () => {
    const diff = await query<{ n: number; checked: number }>(/* sql */ `
      WITH keys AS (SELECT DISTINCT period, owner_id, team_id, specialist_id FROM mart_payment_events),
      grid AS (SELECT k.*, d.range::INTEGER AS day,
                 least((k.period || '-01')::DATE + (d.range::INTEGER - 1), last_day((k.period || '-01')::DATE)) AS cut,
                 last_day((k.period || '-01')::DATE) AS last_on,
                 last_day(date_trunc('quarter', (k.period || '-01')::DATE) + INTERVAL 2 MONTH) AS q_last_on
               FROM keys k CROSS JOIN range(1, 32) d),
      direct AS (
        SELECT g.day, g.period, g.owner_id, g.team_id, g.specialist_id,
          coalesce(sum(e.billed) FILTER (WHERE e.on_date <= g.cut), 0) AS billed,
          coalesce(sum(e.collected) FILTER (WHERE e.on_date <= g.cut), 0) AS collected,
          coalesce(sum(e.billed) FILTER (WHERE e.on_date <= g.last_on), 0) AS billed_end,
          coalesce(sum(e.collected) FILTER (WHERE e.on_date <= g.last_on), 0) AS collected_end,
          coalesce(sum(e.billed) FILTER (WHERE e.on_date <= g.q_last_on), 0) AS billed_qend,
          coalesce(sum(e.collected) FILTER (WHERE e.on_date <= g.q_last_on), 0) AS collected_qend
        FROM grid g JOIN mart_payment_events e ON e.period = g.period AND e.owner_id IS NOT DISTINCT FROM g.owner_id
          AND e.team_id IS NOT DISTINCT FROM g.team_id AND e.specialist_id IS NOT DISTINCT FROM g.specialist_id
        GROUP BY ALL
      )
      SELECT count(*) FILTER (WHERE m.day IS NULL OR d.day IS NULL OR m.billed <> d.billed OR m.collected <> d.collected
                                 OR m.billed_end <> d.billed_end OR m.collected_end <> d.collected_end
                                 OR m.billed_qend <> d.billed_qend OR m.collected_qend <> d.collected_qend)::INTEGER AS n,
             count(*)::INTEGER AS checked
      FROM direct d FULL JOIN mart_payment_daycum m ON m.day = d.day AND m.period = d.period
        AND m.owner_id IS NOT DISTINCT FROM d.owner_id AND m.team_id IS NOT DISTINCT FROM d.team_id
        AND m.specialist_id IS NOT DISTINCT FROM d.specialist_id
      -- Groups with nothing up to the quarter's end are absent from the mart and all-zero in direct.
      WHERE NOT (m.day IS NULL AND d.billed_qend = 0 AND d.collected_qend = 0)`);
    expect(diff[0].checked).toBeGreaterThan(500);
    expect(diff[0].n).toBe(0);
  });

  it('mart_debt_events gives the same open debt as the events mart on every day', async () => {
    const diff = await query<{ n: number; open: number }>(/* sql */ `
      WITH days AS (SELECT range::DATE AS d FROM range(DATE '2026-05-01', DATE '2026-11-21', INTERVAL 1 DAY)),
      direct AS (SELECT days.d, sum(e.billed - e.collected) AS owed FROM days JOIN mart_payment_events e
                   ON e.on_date <= days.d AND (e.full_on IS NULL OR e.full_on > days.d) GROUP BY days.d),
      mart AS (SELECT days.d, sum(e.billed - e.collected) AS owed FROM days JOIN mart_debt_events e
                   ON e.on_date <= days.d AND e.open_until > days.d GROUP BY days.d)
      SELECT count(*) FILTER (WHERE direct.owed IS DISTINCT FROM mart.owed)::INTEGER AS n,
             count(*) FILTER (WHERE direct.owed > 0)::INTEGER AS open
      FROM direct FULL JOIN mart USING (d)`);
    expect(diff[0].open).toBeGreaterThan(100);
    expect(diff[0].n).toBe(0);
  });

  it('mart_act_events gives the same unreturned acts, owners and teams as acts on every day', async () => {
    const diff = await query<{ n: number; open: number }>(/* sql */ `
      WITH days AS (SELECT range::DATE AS d FROM range(DATE '2026-05-01', DATE '2026-11-21', INTERVAL 1 DAY)),
      direct AS (
        SELECT days.d, a.act_id, coalesce(a.specialist_id, c.specialist_id) AS owner_id, s.team_id, c.specialist_id
        FROM days JOIN acts a ON a.issued_on <= days.d AND (a.returned_on IS NULL OR a.returned_on > days.d)
        JOIN clients c ON c.client_id = a.client_id
        LEFT JOIN specialists s ON s.specialist_id = coalesce(a.specialist_id, c.specialist_id)),
      mart AS (SELECT days.d, o.act_id, o.owner_id, o.team_id, o.specialist_id FROM days
               JOIN mart_act_events o ON o.issued_on <= days.d AND o.open_until > days.d)
      SELECT count(*) FILTER (WHERE direct.act_id IS NULL OR mart.act_id IS NULL OR direct.owner_id IS DISTINCT FROM mart.owner_id
               OR direct.team_id IS DISTINCT FROM mart.team_id OR direct.specialist_id IS DISTINCT FROM mart.specialist_id)::INTEGER AS n,
             count(*)::INTEGER AS open
      FROM direct FULL JOIN mart ON mart.d = direct.d AND mart.act_id = direct.act_id`);
    expect(diff[0].open).toBeGreaterThan(100);
    expect(diff[0].n).toBe(0);
  });

  it('the forecast in SQL (getPaymentForecast) equals the one in JS (the backtest) for every tested month and day', async () => {
    const exec = { login: 'e', role: 'executive' as const };
    const bt = await getPaymentBacktest({ asOf: AS_OF, scope: exec, days: [5, 10, 20, 30] });
    let compared = 0;
    for (const m of bt.months) {
      for (const d of m.byDay) {
        const f = await getPaymentForecast({ period: m.period, asOf: dayOf(m.period, d.day), by: 'company', scope: exec });
        expect(f.rows).toHaveLength(1);
        if (d.forecastPct === null) expect(f.rows[0].forecastPct).toBeNull();
        else {
          expect(f.rows[0].forecastPct).toBeCloseTo(d.forecastPct, 9);
          compared++;
        }
        expect(f.rows[0].runRatePct).toBeCloseTo(d.runRatePct ?? NaN, 9);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(8);
  });
});
