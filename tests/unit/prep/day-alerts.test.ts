// Мой день (lib/day/my-day.ts), the bell (lib/alerts/alerts.ts) and the threat beacon
// (lib/alerts/beacon.ts) on the hand-made company of ./fixture.ts: what each list holds on D, in
// which order, with which suggestion, and in whose scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAlerts } from '@/lib/alerts/alerts';
import { getThreatBeacon } from '@/lib/alerts/beacon';
import { dayMartBuilds } from '@/lib/day/day-mart';
import { dayIsStored, getMyDay } from '@/lib/day/my-day';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { D, exec, headT1, loadPrepFixture, s1, s2 } from './fixture';

let dir: string;
beforeAll(async () => {
  dir = await freshDataDir('sa-day-');
  await loadPrepFixture(dir);
});
afterAll(() => cleanupDataDir(dir));

describe('getMyDay', () => {
  it("a specialist's day: today's contacts, overdue ones, agreements due, new and unreacted threats", async () => {
    const d = await getMyDay(s1, D);
    expect(d.today).toEqual({
      total: 1,
      rows: [expect.objectContaining({ id: 'iT1', clientId: 'cToday', plannedOn: D, done: true, suggestedType: 'regular' })],
    });
    expect(d.overdue).toEqual({
      total: 1,
      rows: [expect.objectContaining({
        id: 'iW2', clientId: 'cWindow', plannedOn: '2026-11-15', contactType: 'first_meeting', done: false, daysOverdue: 5,
        suggestedType: 'payment_delay', reason: 'не возвращён акт за сентябрь 2026 (выставлен 30.09)',
      })],
    });
    // Due today first (aW5 is done only after D), then the overdue one; aW3 is not due yet, aT1 done.
    expect(d.agreements.rows.map((r) => [r.id, r.daysOverdue])).toEqual([['aW5', 0], ['aW4', 2]]);
    // Unreacted first (tL), then new ones newest first; tD is neither new (12.11) nor unreacted (a call on 16.11).
    expect(d.threats.rows.map((r) => [r.id, r.isNew, r.reactedAt, r.suggestedType])).toEqual([
      ['tL', true, null, 'complaint'],
      ['tK', true, '2026-11-18T12:00:00', 'competitor_threat'],
      ['tC', true, '2026-11-16T10:00:00', 'disconnect_threat'],
    ]);
    expect(d.threats.total).toBe(3);
  });

  it('caps each list and keeps the totals', async () => {
    const d = await getMyDay(s1, D, { limit: 1 });
    expect(d.threats.rows.map((r) => r.id)).toEqual(['tL']);
    expect(d.threats.total).toBe(3);
    expect(d.agreements.rows).toHaveLength(1);
    expect(d.agreements.total).toBe(2);
  });

  it('is scoped: another specialist sees only their own; a head their teams', async () => {
    const d2 = await getMyDay(s2, D);
    expect(d2.today.rows.map((r) => r.id)).toEqual(['iO']);
    expect([...d2.overdue.rows, ...d2.agreements.rows].map((r) => r.clientId)).toEqual([]);
    expect(d2.threats.rows.map((r) => r.id)).toEqual(['tO']);
    const h = await getMyDay(headT1, D);
    expect(h.today.rows.map((r) => r.id)).toEqual(['iT1']);
    expect((await getMyDay(exec, D)).today.rows.map((r) => r.id)).toEqual(['iO', 'iT1']);
  });

  it("heads and executives get each team's counts; a specialist does not", async () => {
    expect((await getMyDay(s1, D)).teams).toBeUndefined();
    const e = await getMyDay(exec, D);
    const byTeam = Object.fromEntries((e.teams ?? []).map((x) => [x.teamName, [x.today, x.todayOpen, x.overdue, x.agreements, x.threats]]));
    // Север (s1): iT1 today (done), iW2 overdue, aW5 and aW4, tL tK tC; Юг (s2): iO today (not done), tO.
    expect(byTeam).toEqual({ Север: [1, 0, 1, 2, 3], Юг: [1, 1, 0, 0, 1] });
    // The counts add up to the lists' totals.
    const sum = (k: 'today' | 'overdue' | 'agreements' | 'threats') => (e.teams ?? []).reduce((a, x) => a + x[k], 0);
    expect([sum('today'), sum('overdue'), sum('agreements'), sum('threats')]).toEqual([e.today.total, e.overdue.total, e.agreements.total, e.threats.total]);
    expect((await getMyDay(headT1, D)).teams?.map((x) => x.teamId)).toEqual(['t1']);
  });

  it("narrowed to one team: that team's rows and totals, every team's counts; a team outside the scope or unknown gives nothing", async () => {
    const south = await getMyDay(exec, D, { team: 't2' });
    expect([south.today.total, south.overdue.total, south.agreements.total, south.threats.total]).toEqual([1, 0, 0, 1]);
    expect(south.today.rows.map((r) => r.id)).toEqual(['iO']);
    expect(south.teams?.map((x) => x.teamId)).toEqual(['t1', 't2']);
    for (const s of [{ scope: headT1, team: 't2' }, { scope: exec, team: 'nobody' }]) {
      const d = await getMyDay(s.scope, D, { team: s.team });
      expect([d.today.total, d.overdue.total, d.agreements.total, d.threats.total]).toEqual([0, 0, 0, 0]);
      expect(await getMyDay(s.scope, D, { team: s.team, source: 'live' })).toEqual(d);
    }
  });

  it('on the newest as-of reads the rows the loader stored, and they equal the rows computed now, in every scope', async () => {
    expect(await dayIsStored(D)).toBe(true);
    expect(await dayIsStored('2026-11-15')).toBe(false);
    expect(dayMartBuilds().length).toBeGreaterThan(0);
    for (const scope of [s1, s2, headT1, exec]) {
      expect(await getMyDay(scope, D, { source: 'stored' })).toEqual(await getMyDay(scope, D, { source: 'live' }));
      expect(await getAlerts(scope, D, { source: 'stored' })).toEqual(await getAlerts(scope, D, { source: 'live' }));
    }
  });

  it('as known on an earlier day', async () => {
    const d = await getMyDay(s1, '2026-11-15');
    expect(d.today.rows.map((r) => r.id)).toEqual(['iW2']);
    expect(d.threats.rows.map((r) => r.id)).toEqual(['tC', 'tD']);
  });
});

describe('getAlerts', () => {
  it('new threats and complaints, overdue contacts and agreements, newest first', async () => {
    const a = await getAlerts(s1, D);
    expect(a.items.map((i) => [i.kind, i.id, i.at])).toEqual([
      ['complaint', 'tL', '2026-11-19T15:00:00'],
      ['overdueAgreement', 'aW4', '2026-11-19T00:00:00'],
      ['threat', 'tK', '2026-11-18T09:00:00'],
      ['overdueContact', 'iW2', '2026-11-16T00:00:00'],
      ['complaint', 'tC', '2026-11-15T10:00:00'],
    ]);
    expect(a.counts).toEqual({ threat: 1, complaint: 2, overdueContact: 1, overdueAgreement: 1 });
    expect(a.total).toBe(5);
    expect(a.items[0]).toMatchObject({ clientId: 'cCompl', clientName: 'ООО Жалоба', text: 'Недоволен ценой', days: 1, isNew: true });
    // Nothing seen yet: all of them are new, and the newest of each kind is what opening marks.
    expect(a.unseen).toEqual(a.counts);
    expect(a.unseenTotal).toBe(5);
    expect(a.newest).toEqual({ threat: '2026-11-18T09:00:00', complaint: '2026-11-19T15:00:00', overdueContact: '2026-11-16T00:00:00', overdueAgreement: '2026-11-19T00:00:00' });
  });

  it('lists the first few of each kind and keeps every count', async () => {
    const a = await getAlerts(s1, D, { perKind: 1 });
    expect(a.items.map((i) => i.id)).toEqual(['tL', 'aW4', 'tK', 'iW2']);
    expect(a.counts).toEqual({ threat: 1, complaint: 2, overdueContact: 1, overdueAgreement: 1 });
    expect(a.newest.complaint).toBe('2026-11-19T15:00:00');
  });

  it('counts as new only what happened after the caller\'s mark of its kind (issue 19)', async () => {
    // Seen everything: no badge, whatever the totals.
    const all = await getAlerts(s1, D);
    const seenAll = await getAlerts(s1, D, { seen: { ...all.newest } as Record<string, string> });
    expect(seenAll.unseenTotal).toBe(0);
    expect(seenAll.total).toBe(5);
    expect(seenAll.items.every((i) => !i.isNew)).toBe(true);
    // Seen complaints up to tC only: tL (later) is new; other kinds unseen entirely.
    const some = await getAlerts(s1, D, { seen: { complaint: '2026-11-15T10:00:00', threat: '2026-11-18T09:00:00' } });
    expect(some.unseen).toEqual({ threat: 0, complaint: 1, overdueContact: 1, overdueAgreement: 1 });
    expect(some.unseenTotal).toBe(3);
    expect(some.items.filter((i) => i.isNew).map((i) => i.id)).toEqual(['tL', 'aW4', 'iW2']);
  });

  it('is scoped', async () => {
    expect((await getAlerts(s2, D)).items.map((i) => i.id)).toEqual(['tO']);
    expect((await getAlerts(exec, D)).total).toBe(6);
  });
});

describe('getThreatBeacon', () => {
  it('threats open on D raised within the days, unreacted first, with the reaction time', async () => {
    const b = await getThreatBeacon(headT1, D, 14);
    expect(b.rows.map((r) => [r.id, r.reactedAt, r.reactionHours])).toEqual([
      ['tL', null, null],
      ['tK', '2026-11-18T12:00:00', 3],
      ['tC', '2026-11-16T10:00:00', 24],
      ['tD', '2026-11-16T10:00:00', 96],
    ]);
    expect(b.rows[0]).toMatchObject({ clientName: 'ООО Жалоба', kind: 'complaint', ageDays: 1, specialistName: 'Петров Пётр', teamName: 'Север' });
    expect(b.unreacted).toBe(1);
    expect(b.medianReactionHours).toBe(24);
    const week = await getThreatBeacon(headT1, D, 7);
    expect(week.rows.map((r) => r.id)).toEqual(['tL', 'tK', 'tC']);
    expect(week.medianReactionHours).toBe(13.5);
  });

  it("is scoped to the head's teams", async () => {
    expect((await getThreatBeacon({ login: 'h2', role: 'head', teamIds: ['t2'] }, D, 14)).rows.map((r) => r.id)).toEqual(['tO']);
    expect((await getThreatBeacon(exec, D, 14)).rows).toHaveLength(5);
  });
});
