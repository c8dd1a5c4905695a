// The preparation checklist getter (lib/prep/preparation.ts) on the hand-made company of
// ./fixture.ts, loaded by the real loader: the suggestion for each rule from real rows, the "since
// last contact" window, the sections per type, the section contents, ticks, scope, and that the
// one-client and many-client paths give the same facts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec as dbExec, query } from '@/lib/db';
import { NBSP } from '@/lib/format';
import { appState } from '@/lib/state';
import { sectionsByType } from '@/lib/prep/contact-types';
import { parsePrepParamsLenient, parsePrepParamsStrict } from '@/lib/prep/params';
import { getPreparation, prepPeriods, type PrepItem, type Preparation } from '@/lib/prep/preparation';
import { getReviewedKeys, setReviewed } from '@/lib/prep/reviews';
import { getSuggestionFacts } from '@/lib/prep/suggest-batch';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { allClientIds, D, exec, headT1, loadPrepFixture, s1, s2 } from './fixture';

let dir: string;
beforeAll(async () => {
  dir = await freshDataDir('sa-prep-');
  await loadPrepFixture(dir);
});
afterAll(() => cleanupDataDir(dir));

const prep = async (clientId: string, over: Partial<Parameters<typeof getPreparation>[2]> = {}) => {
  const p = await getPreparation(s1, clientId, { asOf: D, ...over });
  if (!p) throw new Error(`no checklist for ${clientId}`);
  return p;
};
const items = (p: Preparation, section: string): PrepItem[] => p.sections.find((s) => s.key === section)?.items ?? [];
const find = <K extends PrepItem['kind']>(p: Preparation, kind: K) =>
  p.sections.flatMap((s) => s.items).filter((i): i is Extract<PrepItem, { kind: K }> => i.kind === kind);

describe('suggested type from the data, one client per rule', () => {
  it.each([
    ['cThr', 'disconnect_threat', 'threat', 'открытая угроза отключения с 12.11'],
    ['cComp', 'competitor_threat', 'threat', 'открытая угроза ухода к конкуренту с 18.11'],
    ['cCompl', 'complaint', 'threat', 'открытая жалоба с 19.11'],
    ['cDebt', 'payment_delay', 'overdueInvoice', `просрочен счёт: срок оплаты 10.10, долг 600${NBSP}₽`],
    ['cPaidLate', 'payment_delay', 'overdueInvoice', `просрочен счёт: срок оплаты 10.11, долг 500${NBSP}₽`],
    ['cActs', 'payment_delay', 'unreturnedActs', 'не возвращён акт за октябрь 2026 (выставлен 30.10)'],
    ['cWindow', 'payment_delay', 'unreturnedActs', 'не возвращён акт за сентябрь 2026 (выставлен 30.09)'],
    ['cUsage', 'low_usage', 'lowUsage', `использование упало на 50${NBSP}% (за 28 дн. против 28 дн. до этого)`],
    ['cPlanned', 'renewal', 'planned', 'контакт запланирован на 25.11'],
    ['cRegular', 'regular', 'default', 'угроз, долгов и спада использования нет — плановый контакт'],
  ])('%s → %s (%s)', async (id, type, rule, reason) => {
    const p = await prep(id);
    expect({ type: p.suggestedType, rule: p.rule, reason: p.reason, shown: p.type }).toEqual({ type, rule, reason, shown: type });
  });

  it('not an emergency: a threat resolved before D, one raised after D', async () => {
    expect((await prep('cResolved')).suggestedType).toBe('regular');
  });
  it('not payment_delay: an act out 10 days (within the grace)', async () => {
    expect((await prep('cActFresh')).suggestedType).toBe('regular');
  });
  it('not low_usage: usage down by less than half', async () => {
    expect((await prep('cUsageOk')).suggestedType).toBe('regular');
  });
  it('as known on an earlier D: before the complaint was raised and the invoice fell due', async () => {
    const p = await prep('cCompl', { asOf: '2026-10-05' });
    expect(p.suggestedType).toBe('regular');
    expect(p.asOf).toBe('2026-10-05');
  });
});

describe('the "since last contact" window', () => {
  it('no previous contact: since is null, the last contact item says so', async () => {
    const p = await prep('cRegular');
    expect(p.since).toBeNull();
    expect(p.window.daysSince).toBeNull();
    expect(find(p, 'lastContact')[0].contact).toBeNull();
  });

  it('a contact on D counts (the one after D does not), and what was done that day is "since"', async () => {
    const p = await prep('cToday');
    expect(p.since).toBe('2026-11-20T10:00:00');
    expect(p.window.daysSince).toBe(0);
    expect(find(p, 'lastContact')[0].contact).toMatchObject({ id: 'iT1', topic: 'Сверка', outcome: 'Договорились' });
    // Done on D itself, since the contact's day; its feedback came after D, so it is not known.
    expect(find(p, 'agreement').map((a) => a.agreement)).toEqual([
      expect.objectContaining({ id: 'aT1', state: 'done', doneOn: D, feedback: null, feedbackOn: null }),
    ]);
  });

  it('a planned contact not done does not reset the window; it is the next contact, overdue', async () => {
    const p = await prep('cWindow');
    expect(p.since).toBe('2026-11-10T14:00:00');
    expect(p.window.daysSince).toBe(10);
    expect(find(p, 'nextContact')[0].planned).toMatchObject({ id: 'iW2', plannedOn: '2026-11-15', contactType: 'first_meeting', overdue: true });
  });

  it('agreements: open ones (earliest due first), then the ones done since the last contact with feedback', async () => {
    const p = await prep('cWindow');
    expect(find(p, 'agreement').map((a) => [a.agreement.id, a.agreement.state, a.agreement.daysOverdue])).toEqual([
      ['aW4', 'overdue', 2], ['aW5', 'open', 0], ['aW3', 'open', 0], ['aW1', 'done', 0],
    ]);
    expect(find(p, 'agreement').at(-1)!.agreement).toMatchObject({ feedback: 'Понравилось', feedbackOn: '2026-11-14', madeOn: '2026-11-10' });
  });
});

describe('sections per contact type', () => {
  it('the suggested type gives its sections in the order of metrics.md', async () => {
    const p = await prep('cThr');
    expect(p.sections.map((s) => s.key)).toEqual(['threats', 'history', 'payments', 'usage', 'specifics']);
  });

  it('switching the type reorders the sections and keeps the suggestion', async () => {
    for (const type of ['regular', 'first_meeting', 'payment_delay', 'low_services', 'complaint'] as const) {
      const p = await prep('cWindow', { type });
      expect(p.type).toBe(type);
      expect(p.suggestedType).toBe('payment_delay');
      expect(p.sections.map((s) => s.key)).toEqual(sectionsByType[type]);
    }
    expect(sectionsByType.first_meeting).toEqual(['specifics', 'history', 'payments', 'talkingPoints']);
    expect(sectionsByType.low_usage).toEqual(['usage', 'talkingPoints', 'history', 'specifics']);
  });

  it('a bad type is refused by the API parser and dropped by the page parser', async () => {
    await expect(parsePrepParamsStrict(new URLSearchParams('type=urgent'))).rejects.toThrow(/тип контакта/);
    await expect(parsePrepParamsStrict(new URLSearchParams('asOf=2026-02-30'))).rejects.toThrow();
    const lenient = await parsePrepParamsLenient({ type: 'urgent', asOf: 'вчера' });
    expect(lenient).toMatchObject({ type: undefined, asOf: D, latestAsOf: D });
    expect((await parsePrepParamsStrict(new URLSearchParams('type=renewal&asOf=2026-11-01'))).type).toBe('renewal');
  });
});

describe('section contents as known on D', () => {
  it('payments: six periods with on time / late / unpaid, debt from the debt mart', async () => {
    const p = await prep('cDebt');
    const periods = find(p, 'paymentPeriods')[0].periods;
    expect(periods.map((r) => r.period)).toEqual(prepPeriods(D));
    expect(periods.map((r) => r.period)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(periods.find((r) => r.period === '2026-09')).toMatchObject({ billed: 1000, collected: 1000, onTime: 0, late: 1, maxDaysLate: 5, unpaid: 0, paymentPct: 100 });
    expect(periods.find((r) => r.period === '2026-10')).toMatchObject({ billed: 1000, collected: 400, unpaid: 1, unpaidAmount: 600, maxDaysOverdue: 41, paymentPct: 40 });
    expect(periods.find((r) => r.period === '2026-11')).toMatchObject({ billed: 1000, collected: 0, unpaid: 1, maxDaysOverdue: null });
    expect(periods.find((r) => r.period === '2026-06')).toMatchObject({ invoices: 0, billed: 0, paymentPct: null });
    expect(find(p, 'debt')[0].debt).toEqual({ outstanding: 1600, overdue: 600, invoices: 2, overdueInvoices: 1, oldestDueOn: '2026-10-10', daysOverdue: 41 });
  });

  it('payments made after D do not count', async () => {
    const p = await prep('cPaidLate');
    expect(find(p, 'paymentPeriods')[0].periods.at(-1)).toMatchObject({ billed: 500, collected: 0, unpaid: 1 });
    expect(find(p, 'debt')[0].debt.overdue).toBe(500);
  });

  it('acts not returned on D from the acts mart, with their age', async () => {
    const p = await prep('cWindow');
    expect(find(p, 'unreturnedActs')[0]).toMatchObject({ total: 1, acts: [{ id: 'aW', period: '2026-09', issuedOn: '2026-09-30', ageDays: 51 }] });
    expect(find(await prep('cDebt'), 'unreturnedActs')[0].total).toBe(0);
  });

  it('usage: per kind, since the last contact (at least 28 days) against as long before; hotline topics of two weeks by person', async () => {
    const p = await prep('cWindow', { type: 'low_usage' });
    expect(p.window.usage).toEqual({ from: '2026-10-24', to: D, days: 28, prevFrom: '2026-09-26', prevTo: '2026-10-23' });
    const usage = Object.fromEntries(find(p, 'usage').map((u) => [u.usageKind, [u.current, u.previous]]));
    expect(usage).toEqual({ online_session: [0, 0], hotline_question: [3, 0], seminar: [0, 0], portal_login: [4, 6] });
    expect(find(p, 'usage').find((u) => u.usageKind === 'portal_login')!.changePct).toBeCloseTo(-33.33, 1);
    expect(find(p, 'hotlineTopics')[0]).toMatchObject({
      from: '2026-11-07',
      byContact: [{ contactId: 'kW2', contactName: 'Иванова Мария', contactRole: 'contact', questions: 2, topics: ['Кадры', 'НДС'] }],
    });
    // Usage after D is not known: cUsage's 50 sessions on 21.11 do not count.
    const u = await prep('cUsage');
    expect(find(u, 'usage').find((x) => x.usageKind === 'online_session')).toMatchObject({ current: 10, previous: 20 });
  });

  it('specifics: the client, contact persons (ЛПР first) and what is missing', async () => {
    const p = await prep('cWindow', { type: 'first_meeting' });
    expect(items(p, 'specifics').map((i) => i.key)).toEqual(['specifics:client', 'specifics:contact:kW1', 'specifics:contact:kW2']);
    const empty = await prep('cRegular');
    expect(find(empty, 'missingData').map((m) => m.check)).toEqual(['phone', 'email', 'taxSystem', 'segment', 'specifics', 'decisionMaker']);
  });

  it('threats: open on D, oldest first, with the reaction (own or a contact after it)', async () => {
    const p = await prep('cThr');
    expect(find(p, 'threat').map((x) => x.threat)).toEqual([
      expect.objectContaining({ id: 'tD', kind: 'disconnect', ageDays: 8, firstReactionAt: null, firstContactAt: '2026-11-16T10:00:00' }),
      expect.objectContaining({ id: 'tC', kind: 'complaint', ageDays: 5, firstContactAt: '2026-11-16T10:00:00' }),
    ]);
    expect(find(await prep('cComp'), 'threat')[0].threat.firstReactionAt).toBe('2026-11-18T12:00:00');
  });

  it('talking points: the two newest for the segment and tax system, published by D', async () => {
    const p = await prep('cWindow', { type: 'regular' });
    expect(find(p, 'material').map((m) => [m.material.id, m.material.newSinceLastContact])).toEqual([['m2', true], ['m1', false]]);
    // No segment or tax system: only materials for everyone.
    expect(find(await prep('cRegular'), 'material').map((m) => m.material.id)).toEqual(['m2']);
  });
});

describe('ticks: per login, client and day', () => {
  const day = '2026-11-24';
  it('a tick shows for its login, client and day only, and can be taken back', async () => {
    await setReviewed('s1', 'cWindow', day, 'history:last-contact', true);
    await setReviewed('s1', 'cWindow', day, 'payments:debt', true);
    await setReviewed('s1', 'cWindow', day, 'payments:debt', true); // twice: still one
    const p = await prep('cWindow', { reviews: { login: 's1', day } });
    const reviewed = p.sections.flatMap((s) => s.items).filter((i) => i.reviewed).map((i) => i.key);
    expect(reviewed.sort()).toEqual(['history:last-contact', 'payments:debt']);
    expect(p.progress).toEqual({ reviewed: 2, total: p.sections.flatMap((s) => s.items).length });
    expect(p.reviewedOn).toBe(day);
    expect((await getReviewedKeys('s1', 'cWindow', '2026-11-25')).size).toBe(0);
    expect((await getReviewedKeys('other', 'cWindow', day)).size).toBe(0);
    expect((await getReviewedKeys('s1', 'cToday', day)).size).toBe(0);
    // Switching to a type without the History section: its tick is kept but not counted.
    const low = await prep('cWindow', { type: 'payment_delay', reviews: { login: 's1', day } });
    expect(low.progress.reviewed).toBe(2);
    await setReviewed('s1', 'cWindow', day, 'payments:debt', false);
    expect([...await getReviewedKeys('s1', 'cWindow', day)]).toEqual(['history:last-contact']);
  });

  it('kept in app.sqlite, apart from the warehouse (its old prep_reviews table stays unused)', async () => {
    expect(appState().prepare('SELECT count(*) FROM prep_reviews WHERE login = $login').pluck().get({ login: 's1' })).toBe(1);
    const [r] = await query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM prep_reviews`);
    expect(r.n).toBe(0);
  });

  it('a malformed item key is refused', async () => {
    await expect(setReviewed('s1', 'cWindow', day, 'nonsense', true)).rejects.toThrow();
    await expect(setReviewed('s1', 'cWindow', day, 'history:', true)).rejects.toThrow();
  });
});

describe('scope', () => {
  it("another specialist's client is null, as a missing one; heads and executives by their scope", async () => {
    expect(await getPreparation(s1, 'cOther', { asOf: D })).toBeNull();
    expect(await getPreparation(s1, 'nope', { asOf: D })).toBeNull();
    expect((await getPreparation(s2, 'cOther', { asOf: D }))?.suggestedType).toBe('disconnect_threat');
    expect(await getPreparation(headT1, 'cOther', { asOf: D })).toBeNull();
    expect(await getPreparation(headT1, 'cThr', { asOf: D })).not.toBeNull();
    expect(await getPreparation(exec, 'cOther', { asOf: D })).not.toBeNull();
  });
});

describe('one client and many clients agree', () => {
  it('the batch facts equal the checklist facts for every client, on D and on an earlier day', async () => {
    for (const asOf of [D, '2026-11-05']) {
      const batch = await getSuggestionFacts(allClientIds, asOf);
      expect(batch.size).toBe(allClientIds.length);
      for (const id of allClientIds) {
        const one = await getPreparation(exec, id, { asOf });
        expect({ id, ...batch.get(id) }).toEqual({ id, ...one!.facts });
      }
    }
  });

  it('per-period billed and collected equal the payment mart sums', async () => {
    const mart = await query<{ client: string; period: string; billed: number; collected: number }>(`
      SELECT client_id AS client, period, sum(billed)::DOUBLE AS billed, sum(collected)::DOUBLE AS collected
      FROM mart_payment_events WHERE on_date <= $d::DATE GROUP BY 1, 2`, { d: D });
    expect(mart.length).toBeGreaterThan(3);
    for (const m of mart) {
      const p = await getPreparation(exec, m.client, { asOf: D });
      const row = find(p!, 'paymentPeriods')[0]?.periods.find((r) => r.period === m.period)
        ?? (await getPreparation(exec, m.client, { asOf: D, type: 'regular' }))!.sections.flatMap((s) => s.items)
          .filter((i): i is Extract<PrepItem, { kind: 'paymentPeriods' }> => i.kind === 'paymentPeriods')[0].periods.find((r) => r.period === m.period);
      expect({ key: `${m.client} ${m.period}`, billed: row?.billed, collected: row?.collected }).toEqual({ key: `${m.client} ${m.period}`, billed: m.billed, collected: m.collected });
    }
  });
});

// Last: it adds a row to the fixture's warehouse.
describe('a plan dated before the last completed contact (issue 19)', () => {
  it('is stale: not the next contact nor the suggestion\'s plan, in the checklist and in the batch alike', async () => {
    await dbExec(`INSERT INTO interactions (interaction_id, client_id, specialist_id, channel, contact_type, planned_on, _extract_id)
      VALUES ('iWStale', 'cWindow', 's1', 'call', 'renewal', DATE '2025-04-17', 'test')`);
    const p = await prep('cWindow');
    expect(find(p, 'nextContact')[0].planned).toMatchObject({ id: 'iW2', plannedOn: '2026-11-15' });
    expect(p.facts.planned).toEqual({ contactType: 'first_meeting', plannedOn: '2026-11-15' });
    expect((await getSuggestionFacts(['cWindow'], D)).get('cWindow')).toEqual(p.facts);
  });
});
