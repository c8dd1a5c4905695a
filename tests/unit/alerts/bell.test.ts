// What the bell shows (lib/alerts/bell.ts): the badge counts only new alerts and never reads 99+
// when nothing is new; opening the bell empties it but keeps the items' "new" marks; the list by
// kind with each kind's count and how many more the full list holds (issue 19).
import { describe, expect, it } from 'vitest';
import type { AlertItem, Alerts } from '@/lib/alerts/alerts';
import { acknowledged, alertGroups, badgeText, seenMarks } from '@/lib/alerts/bell';

const item = (kind: AlertItem['kind'], id: string, at: string, isNew: boolean): AlertItem =>
  ({ kind, id, clientId: `c-${id}`, clientName: `Клиент ${id}`, at, text: null, detail: null, days: 1, isNew });

// 340 overdue contacts and 2 complaints; all seen but one complaint.
const answer: Alerts = {
  asOf: '2026-11-20',
  system: [],
  items: [item('complaint', 'tL', '2026-11-19T15:00:00', true), item('overdueContact', 'i1', '2026-11-19T00:00:00', false),
    item('overdueContact', 'i2', '2026-11-18T00:00:00', false), item('complaint', 'tC', '2026-11-15T10:00:00', false)],
  counts: { threat: 0, complaint: 2, overdueContact: 340, overdueAgreement: 0 },
  unseen: { threat: 0, complaint: 1, overdueContact: 0, overdueAgreement: 0 },
  newest: { threat: null, complaint: '2026-11-19T15:00:00', overdueContact: '2026-11-19T00:00:00', overdueAgreement: null },
  total: 342,
  unseenTotal: 1,
};

describe('the bell', () => {
  it('badge: new alerts only, 99+ past 99, nothing when none is new', () => {
    expect(badgeText(answer.unseenTotal)).toBe('1');
    expect(badgeText(0)).toBeNull();
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    // 342 alerts, none new: no badge (it used to read 99+).
    expect(badgeText(acknowledged(answer).unseenTotal)).toBeNull();
  });

  it('opening acknowledges: counts of new go to 0, system alerts stay, items keep their "new" mark', () => {
    const a = acknowledged({ ...answer, system: [{ kind: 'snapshotFallback', text: 'x', since: '2026-11-20T10:00:00' }], unseenTotal: 2 });
    expect(a.unseen).toEqual({ threat: 0, complaint: 0, overdueContact: 0, overdueAgreement: 0 });
    expect(a.unseenTotal).toBe(1);
    expect(a.items.filter((i) => i.isNew).map((i) => i.id)).toEqual(['tL']);
    expect(a.total).toBe(342);
  });

  it('marks sent on opening: each kind\'s newest time, empty kinds left out', () => {
    expect(seenMarks(answer)).toEqual({ complaint: '2026-11-19T15:00:00', overdueContact: '2026-11-19T00:00:00' });
  });

  it('groups by kind in a fixed order, each with its count and how many more there are', () => {
    expect(alertGroups(answer).map((g) => [g.kind, g.count, g.unseen, g.items.map((i) => i.id), g.more])).toEqual([
      ['complaint', 2, 1, ['tL', 'tC'], 0],
      ['overdueContact', 340, 0, ['i1', 'i2'], 338],
    ]);
  });
});
