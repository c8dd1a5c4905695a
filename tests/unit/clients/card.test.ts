// The client card getter (lib/clients/card*.ts) on a hand-made company loaded by the real loader.
// D = 2026-11-20; the 12 periods are 2025-12 … 2026-11. Every expected figure is worked out by hand
// in the comments next to the rows, so a wrong rule changes a number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '@/lib/db/scope';
import { completenessOf, getClientCard, statusOn, type ClientCard } from '@/lib/clients/card';
import { getCardContacts, getCardFacts } from '@/lib/clients/card-facts';
import { getCardGroups } from '@/lib/clients/card-group';
import { openAgreementsOf, openThreatsOf, plannedContactsOf } from '@/lib/clients/card-open';
import { getCardPayments } from '@/lib/clients/card-payments';
import { timelineOf } from '@/lib/clients/card-timeline';
import { getClient } from '@/lib/clients/get-client';
import { parseCardParamsLenient, parseCardParamsStrict } from '@/lib/clients/card-params';
import { cleanupDataDir, freshDataDir } from '../helpers';
import type { Row } from '../load/build-extract';
import { load } from '../load/util';

const D = '2026-11-20';
const exec: Scope = { login: 'e', role: 'executive' };
const s1: Scope = { login: 's1', role: 'specialist', specialistId: 's1' };
const s2: Scope = { login: 's2', role: 'specialist', specialistId: 's2' };
const headT1: Scope = { login: 'h', role: 'head', teamIds: ['t1'] };

const teams = [{ team_id: 't1', name: 'Север' }, { team_id: 't2', name: 'Юг' }];
const specialists = [
  { specialist_id: 's1', full_name: 'Петров Пётр', team_id: 't1', active: 1 },
  { specialist_id: 's2', full_name: 'Сидорова Анна', team_id: 't2', active: 1 },
];
// Holding H1: h1, h2 (s1) and h3 (s2). Chain: parent p1 (s1) with outlets o1 (s1) and o2 (s2).
// x1: no group, nothing filled in, churned after D.
const clients: Row[] = [
  {
    client_id: 'h1', name: 'ООО Альфа', inn: '7701000001', contract_no: 'Д-1', contract_start: '2020-03-01', holding_id: 'H1',
    holding_name: 'ГК «Альфа»', segment: 'Бухгалтерия', tax_system: 'УСН', region: 'Москва', specialist_id: 's1', status: 'active',
    phone: '+7 (912) 345-67-89', email: 'a@alfa.ru', specifics: 'Платят только после сверки',
  },
  { client_id: 'h2', name: 'ООО Бета', holding_id: 'H1', holding_name: 'ГК «Альфа»', specialist_id: 's1', status: 'active', phone: '+7 900 000-00-02' },
  { client_id: 'h3', name: 'ООО Гамма', holding_id: 'H1', holding_name: 'ГК «Альфа»', specialist_id: 's2', status: 'active' },
  { client_id: 'p1', name: 'ООО «Парус»', specialist_id: 's1', status: 'active' },
  { client_id: 'o1', name: 'Парус, магазин на Садовой', parent_client_id: 'p1', specialist_id: 's1', status: 'active' },
  { client_id: 'o2', name: 'Парус, магазин на Лесной', parent_client_id: 'p1', specialist_id: 's2', status: 'active' },
  { client_id: 'x1', name: 'ИП Одиночка', specialist_id: 's2', status: 'churned', churned_on: '2026-12-01' },
];
const contacts: Row[] = [
  { contact_id: 'k1', client_id: 'h1', full_name: 'Иванова Мария Петровна', role: 'contact', position: 'Бухгалтер', phone: '+7 900 111-11-11' },
  { contact_id: 'k2', client_id: 'h1', full_name: 'Орлов Игорь Сергеевич', role: 'decision_maker', position: 'Директор', phone: '+7 900 222-22-22', specifics: 'Звонить после 15:00' },
  { contact_id: 'k3', client_id: 'h1', full_name: 'Белов Олег', role: 'influencer', email: 'b@alfa.ru' },
  { contact_id: 'k4', client_id: 'h2', full_name: 'Зайцев Антон', role: 'decision_maker', email: 'z@beta.ru' },
  // x1's decision maker has neither phone nor email; a plain contact's phone does not count.
  { contact_id: 'k5', client_id: 'x1', full_name: 'Одинокий Пётр', role: 'decision_maker' },
  { contact_id: 'k6', client_id: 'x1', full_name: 'Секретарь', role: 'contact', phone: '+7 900 333-33-33' },
];
const inv = (invoice_id: string, client_id: string, period: string, issued_on: string, due_on: string, amount: number): Row =>
  ({ invoice_id, client_id, specialist_id: null, period, issued_on, due_on, amount: amount.toFixed(2) });
const pay = (payment_id: string, invoice_id: string, client_id: string, paid_on: string, amount: number): Row =>
  ({ payment_id, invoice_id, client_id, paid_on, amount: amount.toFixed(2) });
const invoices: Row[] = [
  inv('a1', 'h1', '2026-11', '2026-11-01', '2026-11-10', 1000), // paid in full on the due day: on time
  inv('a7', 'h1', '2026-11', '2026-11-15', '2026-11-25', 300), //  unpaid, not yet due on D
  inv('a6', 'h1', '2026-11', '2026-11-25', '2026-12-05', 999), //  issued after D: not known on D
  inv('a2', 'h1', '2026-10', '2026-10-01', '2026-10-10', 1000), // 600 + 400 on 10-15: late by 5 days
  inv('a3', 'h1', '2026-09', '2026-09-01', '2026-09-10', 500), //  200 paid: 300 unpaid, 71 days overdue on D
  inv('a4', 'h1', '2026-08', '2026-08-01', '2026-08-10', 800), //  paid on D+1: unpaid on D (102 days), late on 11-25 (103)
  inv('a5', 'h1', '2026-07', '2026-07-01', '2026-07-10', 700), //  overpaid 900 on 07-01: on time, collected capped at 700
  inv('a9', 'h1', '2026-06', '2026-06-01', '2026-06-10', 0), //    0 ₽: paid when issued, on time; no payment %
  inv('a10', 'h1', '2026-05', '2026-05-03', '2026-05-10', 400), // paid 04-28, before issue: counts from 05-03, on time
  inv('a8', 'h1', '2025-11', '2025-11-01', '2025-11-10', 5000), // 13 periods back: outside the card
  inv('b1', 'h2', '2026-11', '2026-11-01', '2026-11-10', 2000), // 500 paid
  inv('c1', 'h3', '2026-11', '2026-11-01', '2026-11-10', 4000), // paid in full
];
const payments: Row[] = [
  pay('q1', 'a1', 'h1', '2026-11-10', 1000),
  pay('q2', 'a2', 'h1', '2026-10-05', 600),
  pay('q3', 'a2', 'h1', '2026-10-15', 400),
  pay('q4', 'a3', 'h1', '2026-09-05', 200),
  pay('q5', 'a4', 'h1', '2026-11-21', 800),
  pay('q6', 'a5', 'h1', '2026-07-01', 900),
  pay('q7', 'a10', 'h1', '2026-04-28', 400),
  pay('q8', 'a8', 'h1', '2025-11-05', 5000),
  pay('q9', 'b1', 'h2', '2026-11-05', 500),
  pay('q10', 'c1', 'h3', '2026-11-05', 4000),
];
const acts: Row[] = [
  { act_id: 'ac1', client_id: 'h1', period: '2026-10', issued_on: '2026-10-31', returned_on: '2026-11-05' }, // returned
  { act_id: 'ac2', client_id: 'h1', period: '2026-09', issued_on: '2026-09-30', returned_on: null }, //        not returned
  { act_id: 'ac3', client_id: 'h1', period: '2026-08', issued_on: '2026-08-31', returned_on: '2026-11-21' }, // returned after D
  { act_id: 'ac4', client_id: 'h1', period: '2026-11', issued_on: '2026-11-30', returned_on: null }, //        issued after D
];
const interactions: Row[] = [
  // i1 done (with k2); i2 planned 11-15 and never done: overdue on D; i3 planned after D; i4 planned 11-22, done 11-22 (after D).
  { interaction_id: 'i1', client_id: 'h1', contact_id: 'k2', specialist_id: 's1', channel: 'call', contact_type: 'regular', planned_on: '2026-11-02', occurred_at: '2026-11-02 10:00:00', entered_at: '2026-11-02 11:00:00', topic: 'Продление', outcome: 'Согласны продлить' },
  { interaction_id: 'i2', client_id: 'h1', contact_id: 'k1', specialist_id: 's1', channel: 'meeting', contact_type: 'payment_delay', planned_on: '2026-11-15', topic: 'Сверка' },
  { interaction_id: 'i3', client_id: 'h1', specialist_id: 's1', channel: 'email', contact_type: 'regular', planned_on: '2026-11-27', topic: 'Новости' },
  { interaction_id: 'i4', client_id: 'h1', specialist_id: 's1', channel: 'call', contact_type: 'regular', planned_on: '2026-11-22', occurred_at: '2026-11-22 09:00:00', topic: 'Звонок' },
];
const agreements: Row[] = [
  { agreement_id: 'g1', client_id: 'h1', interaction_id: 'i1', specialist_id: 's1', text: 'Выслать счёт', due_on: '2026-11-10', done_on: '2026-11-09', feedback: 'Получили', feedback_on: '2026-11-12' },
  { agreement_id: 'g2', client_id: 'h1', interaction_id: 'i1', specialist_id: 's1', text: 'Провести обучение', due_on: '2026-11-15' }, // overdue 5 days
  { agreement_id: 'g3', client_id: 'h1', specialist_id: 's1', text: 'Подобрать тариф', due_on: '2026-12-01' }, // no interaction: open, not in the timeline
  { agreement_id: 'g4', client_id: 'h1', interaction_id: 'i1', specialist_id: 's1', text: 'Сверить акты', due_on: '2026-11-18', done_on: '2026-11-25' }, // done after D: overdue 2 days on D
];
const threats: Row[] = [
  { threat_id: 't1', client_id: 'h1', kind: 'complaint', raised_at: '2026-11-03 09:00:00', first_reaction_at: '2026-11-03 12:00:00', resolved_at: '2026-11-10 18:00:00', outcome: 'retained', description: 'Долго отвечает горячая линия' },
  { threat_id: 't2', client_id: 'h2', kind: 'competitor', raised_at: '2026-11-01 10:00:00' },
  { threat_id: 't3', client_id: 'h3', kind: 'disconnect', raised_at: '2026-10-01 10:00:00', first_reaction_at: '2026-10-02 10:00:00' },
  { threat_id: 't4', client_id: 'h2', kind: 'complaint', raised_at: '2026-11-21 10:00:00' }, // after D
];
const usage: Row[] = [
  { usage_id: 'u1', client_id: 'h1', date: '2026-11-03', kind: 'online_session', count: 5 },
  { usage_id: 'u2', client_id: 'h1', date: '2026-11-10', kind: 'online_session', count: 7 },
  { usage_id: 'u3', client_id: 'h1', contact_id: 'k1', date: '2026-11-12', kind: 'hotline_question', count: 1, topic: 'НДС' },
  { usage_id: 'u4', client_id: 'h1', contact_id: 'k1', date: '2026-10-20', kind: 'hotline_question', count: 1, topic: 'Кадры' },
  { usage_id: 'u5', client_id: 'h1', date: '2026-11-21', kind: 'online_session', count: 9 }, // after D
];

const card = async (scope: Scope, id: string, asOf = D, kind: ClientCard['timeline']['kind'] = null, limit = 30) =>
  getClientCard(scope, id, { asOf, kind, limit });

describe('getClientCard', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    const r = await load(dir, '2026-11-20T12-00', {
      asOf: D,
      files: [
        { table: 'teams', rows: teams }, { table: 'specialists', rows: specialists }, { table: 'clients', rows: clients },
        { table: 'contacts', rows: contacts }, { table: 'invoices', rows: invoices }, { table: 'payments', rows: payments },
        { table: 'acts', rows: acts }, { table: 'interactions', rows: interactions }, { table: 'agreements', rows: agreements },
        { table: 'threats', rows: threats }, { table: 'usage', rows: usage },
      ],
    });
    if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
  });
  afterAll(() => cleanupDataDir(dir));

  it('a client outside the scope is null, like a missing one', async () => {
    expect(await card(s1, 'h3')).toBeNull();
    expect(await card(s1, 'nope')).toBeNull();
    expect(await card(headT1, 'o2')).toBeNull();
    expect(await card({ login: 'x', role: 'specialist', specialistId: null }, 'h1')).toBeNull();
    expect((await card(s2, 'h3'))?.client.name).toBe('ООО Гамма');
    expect((await card(headT1, 'h1'))?.client.teamName).toBe('Север');
  });

  it('header: contract, since when, specialist and team', async () => {
    const c = (await card(s1, 'h1'))!.client;
    expect(c).toMatchObject({
      id: 'h1', name: 'ООО Альфа', inn: '7701000001', contractNo: 'Д-1', contractStartOn: '2020-03-01', segment: 'Бухгалтерия',
      taxSystem: 'УСН', region: 'Москва', specialistName: 'Петров Пётр', teamName: 'Север', status: 'active', statusOnD: 'active',
    });
  });

  it('holding: members in scope listed, the others counted; totals over the listed ones as known on D', async () => {
    const all = (await card(exec, 'h1'))!.groups;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: 'holding', id: 'H1', name: 'ГК «Альфа»', outsideScope: 0 });
    expect(all[0].members.map((m) => [m.id, m.isSelf])).toEqual([['h1', true], ['h2', false], ['h3', false]]);
    // 2026-11: h1 1000 + 300 billed (a6 issued after D), 1000 collected; h2 2000 / 500; h3 4000 / 4000.
    // Open threats on D: t2 (h2) and t3 (h3); t1 was resolved, t4 raised after D.
    expect(all[0].totals).toEqual({ members: 3, period: '2026-11', billed: 7300, collected: 5500, paymentPct: (100 * 5500) / 7300, openThreats: 2 });

    const mine = (await card(s1, 'h2'))!.groups[0];
    expect(mine.members.map((m) => m.id)).toEqual(['h1', 'h2']);
    expect(mine.members.find((m) => m.id === 'h2')?.isSelf).toBe(true);
    expect(mine.outsideScope).toBe(1);
    expect(JSON.stringify(mine)).not.toContain('Гамма');
    expect(mine.totals).toEqual({ members: 3, period: '2026-11', billed: 3300, collected: 1500, paymentPct: (100 * 1500) / 3300, openThreats: 1 });

    // As known on 2026-11-02: only a1 (issued 11-01), b1 and c1 are billed, nothing of them paid yet
    // except nothing (payments 11-05 and later); t2 is open, t3 too.
    const early = (await card(exec, 'h1', '2026-11-02'))!.groups[0].totals;
    expect(early).toMatchObject({ billed: 7000, collected: 0, paymentPct: 0, openThreats: 2 });
  });

  it('chain: parent first; a hidden parent is neither listed nor named', async () => {
    const g = (await card(s1, 'o1'))!.groups;
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ kind: 'chain', id: 'p1', name: 'ООО «Парус»', outsideScope: 1 });
    expect(g[0].members.map((m) => [m.id, m.isParent, m.isSelf])).toEqual([['p1', true, false], ['o1', false, true]]);
    const parent = (await card(exec, 'p1'))!.groups[0];
    expect(parent.members.map((m) => m.id)).toEqual(['p1', 'o2', 'o1']); // parent, then by name
    const hidden = (await card(s2, 'o2'))!.groups[0];
    expect(hidden).toMatchObject({ kind: 'chain', id: 'p1', name: null, outsideScope: 2, totals: { members: 3 } });
    expect(hidden.members.map((m) => m.id)).toEqual(['o2']);
    expect((await card(s2, 'x1'))!.groups).toEqual([]);
  });

  it('contacts: ЛПР first, then ЛВР, КЛ', async () => {
    const k = (await card(s1, 'h1'))!.contacts;
    expect(k.map((c) => [c.id, c.role])).toEqual([['k2', 'decision_maker'], ['k3', 'influencer'], ['k1', 'contact']]);
    expect(k[0]).toEqual({ id: 'k2', fullName: 'Орлов Игорь Сергеевич', role: 'decision_maker', position: 'Директор', phone: '+7 900 222-22-22', email: null, specifics: 'Звонить после 15:00' });
  });

  it('payments: 12 periods ending with the month of D, on time / late / unpaid as known on D', async () => {
    const p = (await card(s1, 'h1'))!.payments;
    expect(p.periods.map((x) => x.period)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ]);
    const by = Object.fromEntries(p.periods.map((x) => [x.period, x]));
    const noActs = { issued: 0, returned: 0, notReturned: 0, oldestNotReturnedOn: null };
    expect(by['2026-11']).toEqual({
      period: '2026-11', invoices: 2, billed: 1300, collected: 1000, paymentPct: (100 * 1000) / 1300,
      onTime: { count: 1, amount: 1000 }, late: { count: 0, amount: 0, maxDays: null },
      unpaid: { count: 1, amount: 300, overdueCount: 0, maxDaysOverdue: null }, acts: noActs,
    });
    expect(by['2026-10']).toMatchObject({ billed: 1000, collected: 1000, paymentPct: 100, onTime: { count: 0 }, late: { count: 1, amount: 1000, maxDays: 5 }, acts: { issued: 1, returned: 1, notReturned: 0 } });
    expect(by['2026-09']).toMatchObject({ billed: 500, collected: 200, unpaid: { count: 1, amount: 300, overdueCount: 1, maxDaysOverdue: 71 }, acts: { issued: 1, returned: 0, notReturned: 1, oldestNotReturnedOn: '2026-09-30' } });
    expect(by['2026-08']).toMatchObject({ billed: 800, collected: 0, paymentPct: 0, unpaid: { count: 1, amount: 800, overdueCount: 1, maxDaysOverdue: 102 }, acts: { issued: 1, returned: 0, notReturned: 1 } });
    expect(by['2026-07']).toMatchObject({ billed: 700, collected: 700, onTime: { count: 1, amount: 700 } });
    expect(by['2026-06']).toMatchObject({ invoices: 1, billed: 0, paymentPct: null, onTime: { count: 1, amount: 0 } });
    expect(by['2026-05']).toMatchObject({ billed: 400, collected: 400, onTime: { count: 1, amount: 400 }, late: { count: 0 } });
    expect(by['2025-12']).toEqual({ period: '2025-12', invoices: 0, billed: 0, collected: 0, paymentPct: null, onTime: { count: 0, amount: 0 }, late: { count: 0, amount: 0, maxDays: null }, unpaid: { count: 0, amount: 0, overdueCount: 0, maxDaysOverdue: null }, acts: noActs });
    expect(p.total).toEqual({
      invoices: 8, billed: 4700, collected: 3300, paymentPct: (100 * 3300) / 4700,
      onTime: { count: 4, amount: 2100 }, late: { count: 1, amount: 1000, maxDays: 5 },
      unpaid: { count: 3, amount: 1400, overdueCount: 2, maxDaysOverdue: 102 },
      acts: { issued: 3, returned: 1, notReturned: 2, oldestNotReturnedOn: '2026-08-31' },
    });
  });

  it('payments move with D: paid after D becomes late, issued after D appears, the window slides', async () => {
    const later = (await card(s1, 'h1', '2026-11-25'))!.payments;
    const by = Object.fromEntries(later.periods.map((x) => [x.period, x]));
    expect(by['2026-08']).toMatchObject({ collected: 800, late: { count: 1, amount: 800, maxDays: 103 }, unpaid: { count: 0 }, acts: { returned: 1, notReturned: 0 } });
    expect(by['2026-11']).toMatchObject({ invoices: 3, billed: 2299, unpaid: { count: 2, amount: 1299, overdueCount: 0 } });
    // On 2026-10-12 the window is 2025-11 … 2026-10: a8 is in, a2 is part-paid and overdue by 2 days.
    const past = (await card(s1, 'h1', '2026-10-12'))!.payments;
    expect(past.periods[0].period).toBe('2025-11');
    expect(past.periods[0]).toMatchObject({ billed: 5000, collected: 5000, onTime: { count: 1 } });
    expect(past.periods[11]).toMatchObject({ period: '2026-10', billed: 1000, collected: 600, unpaid: { count: 1, amount: 400, overdueCount: 1, maxDaysOverdue: 2 } });
  });

  it('open agreements, threats and planned contacts as known on D', async () => {
    const c = (await card(s1, 'h1'))!;
    expect(c.openAgreements.map((a) => [a.id, a.dueOn, a.daysOverdue, a.madeOn])).toEqual([
      ['g2', '2026-11-15', 5, '2026-11-02'], ['g4', '2026-11-18', 2, '2026-11-02'], ['g3', '2026-12-01', 0, null],
    ]);
    expect(c.openThreats).toEqual([]);
    expect(c.plannedContacts.map((p) => [p.id, p.plannedOn, p.overdue])).toEqual([['i2', '2026-11-15', true], ['i4', '2026-11-22', false], ['i3', '2026-11-27', false]]);
    expect(c.plannedContacts[0]).toMatchObject({ channel: 'meeting', contactType: 'payment_delay', contactName: 'Иванова Мария Петровна', specialistName: 'Петров Пётр' });
    // On 11-05 the complaint is open (2 days, reacted); g1 is still open; i1's agreements exist.
    const early = (await card(s1, 'h1', '2026-11-05'))!;
    expect(early.openThreats).toEqual([{ id: 't1', kind: 'complaint', raisedAt: '2026-11-03T09:00:00', description: 'Долго отвечает горячая линия', ageDays: 2, firstReactionAt: '2026-11-03T12:00:00' }]);
    expect(early.openAgreements.map((a) => a.id)).toEqual(['g1', 'g2', 'g4', 'g3']);
    // On 11-01 i1 had not happened: its agreements were not made yet.
    expect((await card(s1, 'h1', '2026-11-01'))!.openAgreements.map((a) => a.id)).toEqual(['g3']);
    const h2 = (await card(s1, 'h2'))!;
    expect(h2.openThreats.map((x) => [x.id, x.ageDays, x.firstReactionAt])).toEqual([['t2', 19, null]]);
  });

  it('timeline: newest first, each kind counted, filtered by kind, capped', async () => {
    const tl = (await card(s1, 'h1'))!.timeline;
    expect(tl.counts).toEqual({ interaction: 2, agreement: 3, threat: 1, usage: 3 });
    expect(tl.total).toBe(9);
    expect(tl.items.map((i) => `${i.kind}:${i.id}`)).toEqual([
      'interaction:i2', 'usage:hotline_question:2026-11', 'usage:online_session:2026-11', 'threat:t1',
      'agreement:g1', 'agreement:g2', 'agreement:g4', 'interaction:i1', 'usage:hotline_question:2026-10',
    ]);
    const byId = Object.fromEntries(tl.items.map((i) => [i.id, i]));
    expect(byId.i2).toMatchObject({ state: 'overdue', on: '2026-11-15', at: null, contactName: 'Иванова Мария Петровна' });
    expect(byId.i1).toMatchObject({ state: 'done', at: '2026-11-02T10:00:00', outcome: 'Согласны продлить', contactName: 'Орлов Игорь Сергеевич' });
    expect(byId.g1).toMatchObject({ state: 'done', doneOn: '2026-11-09', feedback: 'Получили' });
    expect(byId.g4).toMatchObject({ state: 'overdue', doneOn: null });
    expect(byId.t1).toMatchObject({ state: 'resolved', outcome: 'retained', resolvedAt: '2026-11-10T18:00:00' });
    expect(byId['online_session:2026-11']).toMatchObject({ count: 12, on: '2026-11-10', topics: [] }); // u5 is after D
    expect(byId['hotline_question:2026-11']).toMatchObject({ count: 1, topics: ['НДС'] });

    const agr = (await card(s1, 'h1', D, 'agreement', 2))!.timeline;
    expect(agr).toMatchObject({ kind: 'agreement', limit: 2, total: 3, counts: { interaction: 2, agreement: 3, threat: 1, usage: 3 } });
    expect(agr.items.map((i) => i.id)).toEqual(['g1', 'g2']);
    expect((await card(s1, 'h1', D, 'threat'))!.timeline.items.map((i) => i.kind)).toEqual(['threat']);
    const capped = (await card(s1, 'h1', D, null, 3))!.timeline;
    expect(capped.items.map((i) => i.id)).toEqual(['i2', 'hotline_question:2026-11', 'online_session:2026-11']);
    expect(capped.total).toBe(9);

    // On 11-05 the complaint is still open, and i2 is not yet overdue (planned 11-15 > D).
    const early = (await card(s1, 'h1', '2026-11-05'))!.timeline;
    expect(early.counts).toEqual({ interaction: 1, agreement: 3, threat: 1, usage: 2 });
    expect(early.items.find((i) => i.id === 't1')).toMatchObject({ state: 'open', outcome: null, resolvedAt: null });
    expect(early.items.find((i) => i.id === 'g1')).toMatchObject({ state: 'open', doneOn: null, feedback: null });
    expect((await card(s2, 'x1'))!.timeline).toMatchObject({ total: 0, items: [] });
  });

  it('completeness: the six checks of metrics.md control 3', async () => {
    expect((await card(s1, 'h1'))!.completeness).toEqual({
      checks: [
        { check: 'phone', ok: true }, { check: 'email', ok: true }, { check: 'taxSystem', ok: true },
        { check: 'segment', ok: true }, { check: 'specifics', ok: true }, { check: 'decisionMaker', ok: true },
      ],
      missing: [],
      pct: 100,
    });
    // h2: phone and a decision maker with an email only.
    expect((await card(s1, 'h2'))!.completeness).toMatchObject({ missing: ['email', 'taxSystem', 'segment', 'specifics'], pct: (100 * 2) / 6 });
    // x1: nothing; its decision maker has no phone or email (the secretary's phone does not count).
    expect((await card(s2, 'x1'))!.completeness).toMatchObject({ missing: ['phone', 'email', 'taxSystem', 'segment', 'specifics', 'decisionMaker'], pct: 0 });
    const blank = { phone: ' ', email: null, taxSystem: null, segment: null, specifics: '' };
    expect(completenessOf(blank, [{ id: 'k', fullName: 'x', role: 'influencer', position: null, phone: '1', email: null, specifics: null }]).missing)
      .toEqual(['phone', 'email', 'taxSystem', 'segment', 'specifics', 'decisionMaker']);
  });

  it('status on D: a client churned after D was still active on D', async () => {
    expect((await card(s2, 'x1'))!.client).toMatchObject({ status: 'churned', churnedOn: '2026-12-01', statusOnD: 'active' });
    expect((await card(s2, 'x1', '2026-12-01'))!.client.statusOnD).toBe('churned');
    expect(statusOn({ status: 'suspended', churnedOn: null }, D)).toBe('suspended');
  });

  it('the pieces other pages may use (rows, assemblers, payments, groups) give the card\'s sections', async () => {
    for (const [id, asOf] of [['h1', D], ['h1', '2026-11-05'], ['h2', D], ['x1', D]] as const) {
      const scope = id === 'x1' ? s2 : s1;
      const c = (await card(scope, id, asOf, 'agreement', 2))!;
      const f = await getCardFacts(id, asOf);
      expect(await getCardContacts(id)).toEqual(c.contacts);
      expect(f.contacts).toEqual(c.contacts);
      expect(openAgreementsOf(f, asOf)).toEqual(c.openAgreements);
      expect(openThreatsOf(f.threats)).toEqual(c.openThreats);
      expect(plannedContactsOf(f)).toEqual(c.plannedContacts);
      expect(timelineOf(f, asOf, 'agreement', 2)).toEqual(c.timeline);
      expect(await getCardPayments(id, asOf)).toEqual(c.payments);
      expect(await getCardGroups((await getClient(scope, id))!, scope, asOf)).toEqual(c.groups);
    }
  });

  it('parameters: strict for the API, falling back for the page; asOf defaults to the newest extract', async () => {
    expect(await parseCardParamsStrict(new URLSearchParams(''))).toEqual({ asOf: D, kind: undefined, limit: 30, latestAsOf: D });
    expect(await parseCardParamsStrict(new URLSearchParams('asOf=2026-10-01&kind=usage&limit=5&x=1'))).toMatchObject({ asOf: '2026-10-01', kind: 'usage', limit: 5 });
    for (const bad of ['asOf=2026-02-30', 'asOf=20261120', 'kind=call', 'limit=0', 'limit=501', 'limit=abc']) {
      await expect(parseCardParamsStrict(new URLSearchParams(bad)), bad).rejects.toThrow();
    }
    expect(await parseCardParamsLenient({ asOf: '2026-02-30', kind: 'call', limit: '9999' })).toEqual({ asOf: D, kind: undefined, limit: 30, latestAsOf: D });
    expect(await parseCardParamsLenient({ asOf: ['2026-11-01', 'x'], kind: 'threat' })).toMatchObject({ asOf: '2026-11-01', kind: 'threat' });
  });
});
