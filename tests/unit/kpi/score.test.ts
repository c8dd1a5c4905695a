// The composite score and the medians of the KPI ranking (lib/kpi/score.ts).
import { describe, expect, it } from 'vitest';
import { compositeScore, controlKeys, mediansByGroup, rankedMetricKeys, worseThanMedian, type MetricValues } from '@/lib/kpi/score';

const row = (over: Partial<MetricValues>): MetricValues => ({ ...Object.fromEntries(rankedMetricKeys.map((k) => [k, null])), ...over }) as MetricValues;

describe('compositeScore', () => {
  it('is the mean of the controls that have a value', () => {
    expect(compositeScore({ calls: 80, entry: 60, completeness: 100, agreements: 40, feedback: 20, reaction: 0 })).toBe(50);
    expect(compositeScore({ calls: 80, entry: null, completeness: 100, agreements: null, feedback: null, reaction: null })).toBe(90);
    expect(compositeScore({ calls: null, entry: null, completeness: null, agreements: null, feedback: null, reaction: null })).toBeNull();
  });

  it('counts every one of the six controls (each alone is the score)', () => {
    for (const k of controlKeys) {
      const values = Object.fromEntries(controlKeys.map((c) => [c, null])) as Record<(typeof controlKeys)[number], number | null>;
      values[k] = 42;
      expect(compositeScore(values), k).toBe(42);
    }
  });
});

describe('mediansByGroup', () => {
  it('medians over all rows and per group, nulls skipped, even counts averaged', () => {
    const rows = [row({ calls: 10, churned: 1 }), row({ calls: 30, churned: 3 }), row({ calls: 20 }), row({ calls: null, churned: 7 })];
    const m = mediansByGroup(rows, new Map([['t1', [0, 1]], ['t2', [2, 3]], ['t3', []]]));
    expect(m.all.calls).toBe(20);
    expect(m.all.churned).toBe(3);
    expect(m.byGroup.get('t1')!.calls).toBe(20);
    expect(m.byGroup.get('t2')!.calls).toBe(20);
    expect(m.byGroup.get('t2')!.churned).toBe(7);
    expect(m.byGroup.get('t3')!.calls).toBeNull();
    expect(m.all.revenue).toBeNull();
  });
});

describe('mediansByGroup over many rows (quickselect)', () => {
  it('agrees with the median of the sorted values, odd and even counts, with ties', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (const n of [1, 2, 3, 4, 5, 100, 101, 1000, 1001]) {
      // Few distinct values: many ties around the middle.
      const values = Array.from({ length: n }, () => Math.floor(rnd() * 7) * 10);
      const sorted = [...values].sort((a, b) => a - b);
      const want = n % 2 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
      const m = mediansByGroup(values.map((v) => row({ revenue: v })), new Map());
      expect(m.all.revenue, `n = ${n}`).toBe(want);
    }
  });
});

describe('worseThanMedian', () => {
  it('below where higher is better, above where lower is better, never for a neutral figure or a missing value', () => {
    expect(worseThanMedian('calls', 70, 80)).toBe(true);
    expect(worseThanMedian('calls', 80, 80)).toBe(false);
    expect(worseThanMedian('callsOverdue', 5, 3)).toBe(true);
    expect(worseThanMedian('callsOverdue', 2, 3)).toBe(false);
    expect(worseThanMedian('activeClients', 1, 100)).toBe(false);
    expect(worseThanMedian('calls', null, 80)).toBe(false);
    expect(worseThanMedian('calls', 10, null)).toBe(false);
  });
});
