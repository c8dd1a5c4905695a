// The checklist's next contact (lib/prep/prep-parts.ts nextPlannedOf): a plan dated before the
// last completed contact is stale and is not shown as the next contact (issue 19).
import { describe, expect, it } from 'vitest';
import { lastContactOf, nextPlannedOf } from '@/lib/prep/prep-parts';
import type { PrepRows } from '@/lib/prep/prep-reads';

type Interaction = PrepRows['interactions'][number];
const D = '2026-11-20';
const row = (id: string, plannedOn: string | null, occurredAt: string | null): Interaction => ({
  id, contactId: null, specialistName: null, channel: 'call', contactType: 'regular', plannedOn, occurredAt, topic: null, outcome: null,
});

describe('next contact', () => {
  it('a plan dated before the last completed contact is stale: not the next contact', () => {
    const rows = [row('iOld', '2025-04-17', null), row('iLast', '2026-10-27', '2026-10-27T11:00:00')];
    const last = lastContactOf(rows, [], D);
    expect(last?.id).toBe('iLast');
    expect(nextPlannedOf(rows, [], D, last!.occurredAt)).toBeNull();
    // Without the last contact (older callers), the old rule: the earliest plan not done.
    expect(nextPlannedOf(rows, [], D)?.id).toBe('iOld');
  });

  it('a stale plan is skipped for a later one; a plan after the last contact, even overdue, is kept', () => {
    const rows = [row('iOld', '2025-04-17', null), row('iLast', '2026-10-27', '2026-10-27T11:00:00'), row('iLate', '2026-11-05', null), row('iNext', '2026-11-25', null)];
    expect(nextPlannedOf(rows, [], D, '2026-10-27T11:00:00')).toMatchObject({ id: 'iLate', plannedOn: '2026-11-05', overdue: true });
    expect(nextPlannedOf(rows.filter((r) => r.id !== 'iLate'), [], D, '2026-10-27T11:00:00')).toMatchObject({ id: 'iNext', overdue: false });
  });

  it('a plan on the last contact\'s own day is not stale', () => {
    const rows = [row('iSame', '2026-10-27', null), row('iLast', null, '2026-10-27T11:00:00')];
    expect(nextPlannedOf(rows, [], D, '2026-10-27T11:00:00')?.id).toBe('iSame');
  });
});
