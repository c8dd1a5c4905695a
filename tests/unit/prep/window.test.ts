// The "since last contact" window (metrics.md "Preparation checklist") as a pure function: no
// previous contact, a contact on D itself, a long gap, and the usage comparison window.
import { describe, expect, it } from 'vitest';
import { MIN_USAGE_WINDOW_DAYS, prepWindow } from '@/lib/prep/window';

const D = '2026-11-20';

describe('prepWindow', () => {
  it('no previous contact: no start, a four-week usage window', () => {
    expect(prepWindow(null, D)).toEqual({
      since: null, sinceOn: null, daysSince: null,
      usage: { from: '2026-10-24', to: D, days: MIN_USAGE_WINDOW_DAYS, prevFrom: '2026-09-26', prevTo: '2026-10-23' },
    });
  });

  it('a contact on D itself: the window starts at that moment, 0 days ago', () => {
    const w = prepWindow('2026-11-20T10:00:00', D);
    expect(w.since).toBe('2026-11-20T10:00:00');
    expect(w.sinceOn).toBe(D);
    expect(w.daysSince).toBe(0);
    expect(w.usage.days).toBe(28);
  });

  it('a contact long ago: the usage window runs from its day to D, the same length before it', () => {
    const w = prepWindow('2026-09-01T09:30:00', D);
    expect(w.daysSince).toBe(80);
    expect(w.usage).toEqual({ from: '2026-09-01', to: D, days: 81, prevFrom: '2026-06-12', prevTo: '2026-08-31' });
  });

  it('a contact 27 days before D: its day to D is 28 days, exactly the minimum', () => {
    expect(prepWindow('2026-10-24T12:00:00', D).usage).toMatchObject({ from: '2026-10-24', days: 28 });
    expect(prepWindow('2026-10-23T12:00:00', D).usage).toMatchObject({ from: '2026-10-23', days: 29 });
  });
});
