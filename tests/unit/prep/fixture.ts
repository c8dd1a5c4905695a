// A hand-made company for the preparation checklist, Мой день, the bell and the beacon, loaded by the
// real loader. D = 2026-11-20 (a Friday). One client per suggestion rule and per window case; every
// expected value is worked out next to its rows.
import type { Scope } from '@/lib/db/scope';
import type { Row } from '../load/build-extract';
import { load } from '../load/util';

export const D = '2026-11-20';
export const exec: Scope = { login: 'e', role: 'executive' };
export const s1: Scope = { login: 's1', role: 'specialist', specialistId: 's1' };
export const s2: Scope = { login: 's2', role: 'specialist', specialistId: 's2' };
export const headT1: Scope = { login: 'h', role: 'head', teamIds: ['t1'] };

const teams = [{ team_id: 't1', name: 'Север' }, { team_id: 't2', name: 'Юг' }];
const specialists = [
  { specialist_id: 's1', full_name: 'Петров Пётр', team_id: 't1', active: 1 },
  { specialist_id: 's2', full_name: 'Сидорова Анна', team_id: 't2', active: 1 },
];

const client = (client_id: string, name: string, extra: Row = {}): Row =>
  ({ client_id, name, specialist_id: 's1', status: 'active', ...extra });
// Clients of s1 unless said otherwise.
const clients: Row[] = [
  client('cThr', 'ООО Угроза'), //            open disconnect (12.11) and complaint (15.11): disconnect wins
  client('cComp', 'ООО Конкурент'), //        open competitor threat with a recorded reaction
  client('cCompl', 'ООО Жалоба'), //          open complaint, and an overdue invoice: the threat wins
  client('cResolved', 'ООО Было и прошло'), // threat resolved before D, another raised after D: regular
  client('cDebt', 'ООО Должник'), //          invoice of 2026-10 overdue on D (600 ₽ left)
  client('cPaidLate', 'ООО Заплатит'), //     invoice due 10.11 paid only after D: overdue on D
  client('cActs', 'ООО Акты'), //             act issued 30.10 not returned: 21 days ≥ the grace
  client('cActFresh', 'ООО Свежий акт'), //   act issued 10.11 not returned: 10 days, within the grace
  client('cUsage', 'ООО Спад'), //            usage 20 → 10 over 28 days: down by half
  client('cUsageOk', 'ООО Ровно'), //         usage 20 → 11: not by half
  client('cPlanned', 'ООО План'), //          a renewal planned for 25.11
  client('cRegular', 'ООО Пусто'), //         nothing at all: regular, no previous contact, all checks missing
  client('cToday', 'ООО Сегодня'), //         a contact on D at 10:00, another after D
  client('cWindow', 'ООО Окно', { //          a contact on 10.11, a planned one not done since
    segment: 'Торговля', tax_system: 'УСН', phone: '+7 900 100-00-00', email: 'w@okno.ru', specifics: 'Платят после сверки',
  }),
  client('cOther', 'ООО Чужой', { specialist_id: 's2' }),
];

const contacts: Row[] = [
  { contact_id: 'kW1', client_id: 'cWindow', full_name: 'Орлов Игорь', role: 'decision_maker', phone: '+7 900 222-22-22', specifics: 'Звонить после 15:00' },
  { contact_id: 'kW2', client_id: 'cWindow', full_name: 'Иванова Мария', role: 'contact', position: 'Бухгалтер' },
];

const inv = (invoice_id: string, client_id: string, period: string, issued_on: string, due_on: string, amount: number): Row =>
  ({ invoice_id, client_id, specialist_id: null, period, issued_on, due_on, amount: amount.toFixed(2) });
const pay = (payment_id: string, invoice_id: string, client_id: string, paid_on: string, amount: number): Row =>
  ({ payment_id, invoice_id, client_id, paid_on, amount: amount.toFixed(2) });
const invoices: Row[] = [
  inv('iD9', 'cDebt', '2026-09', '2026-09-01', '2026-09-10', 1000), //  paid 15.09: late by 5 days
  inv('iD10', 'cDebt', '2026-10', '2026-10-01', '2026-10-10', 1000), // 400 paid: 600 overdue, 41 days (10.10 → 20.11)
  inv('iD11', 'cDebt', '2026-11', '2026-11-01', '2026-11-25', 1000), // not due yet on D: debt, not overdue
  inv('iP', 'cPaidLate', '2026-11', '2026-11-01', '2026-11-10', 500), // paid 25.11, after D
  inv('iC', 'cCompl', '2026-10', '2026-10-01', '2026-10-10', 700), //    unpaid, overdue
  inv('iW', 'cWindow', '2026-11', '2026-11-01', '2026-11-10', 900), //  paid on time
];
const payments: Row[] = [
  pay('pD9', 'iD9', 'cDebt', '2026-09-15', 1000),
  pay('pD10', 'iD10', 'cDebt', '2026-10-05', 400),
  pay('pP', 'iP', 'cPaidLate', '2026-11-25', 500),
  pay('pW', 'iW', 'cWindow', '2026-11-05', 900),
];
const acts: Row[] = [
  { act_id: 'aA', client_id: 'cActs', specialist_id: null, period: '2026-10', issued_on: '2026-10-30', returned_on: null },
  { act_id: 'aF', client_id: 'cActFresh', specialist_id: null, period: '2026-10', issued_on: '2026-11-10', returned_on: null },
  // returned after D: still out on D, 51 days, for cWindow (which has a planned contact, but acts come first)
  { act_id: 'aW', client_id: 'cWindow', specialist_id: null, period: '2026-09', issued_on: '2026-09-30', returned_on: '2026-11-25' },
];

const int = (interaction_id: string, client_id: string, contact_type: string, planned_on: string | null, occurred_at: string | null, extra: Row = {}): Row =>
  ({ interaction_id, client_id, contact_id: null, specialist_id: 's1', channel: 'call', contact_type, planned_on, occurred_at, entered_at: occurred_at, topic: null, outcome: null, ...extra });
const interactions: Row[] = [
  int('iThr', 'cThr', 'disconnect_threat', null, '2026-11-16T10:00:00'), //  reacts to both of cThr's threats (96 h, 24 h)
  int('iPlan', 'cPlanned', 'renewal', '2026-11-25', null),
  int('iT1', 'cToday', 'regular', '2026-11-20', '2026-11-20T10:00:00', { topic: 'Сверка', outcome: 'Договорились' }),
  int('iT2', 'cToday', 'regular', null, '2026-11-21T09:00:00'), //          after D: not known on D
  int('iT0', 'cToday', 'regular', null, '2026-11-02T11:00:00'),
  int('iW1', 'cWindow', 'regular', '2026-11-10', '2026-11-10T14:00:00', { contact_id: 'kW1', topic: 'Продление', outcome: 'Ждут предложение' }),
  int('iW2', 'cWindow', 'first_meeting', '2026-11-15', null), //            planned, not done: does not move the window
  int('iW0', 'cWindow', 'regular', null, '2026-10-20T12:00:00'),
  int('iO', 'cOther', 'regular', '2026-11-20', null),
];

const agr = (agreement_id: string, client_id: string, interaction_id: string | null, text: string, due_on: string, done_on: string | null, extra: Row = {}): Row =>
  ({ agreement_id, client_id, interaction_id, specialist_id: 's1', text, due_on, done_on, feedback: null, feedback_on: null, ...extra });
const agreements: Row[] = [
  agr('aW1', 'cWindow', 'iW1', 'Выслать предложение', '2026-11-13', '2026-11-12', { feedback: 'Понравилось', feedback_on: '2026-11-14' }), // done since the contact
  agr('aW2', 'cWindow', 'iW0', 'Провести сверку', '2026-11-05', '2026-11-01'), //   done before the last contact: not shown
  agr('aW3', 'cWindow', 'iW1', 'Обучить бухгалтера', '2026-11-30', null), //        open
  agr('aW4', 'cWindow', 'iW1', 'Подписать акт', '2026-11-18', null), //            overdue by 2 days
  agr('aW5', 'cWindow', 'iW1', 'Позвонить директору', '2026-11-20', '2026-11-22'), // due on D, done after D: open on D
  agr('aT1', 'cToday', 'iT1', 'Выслать счёт', '2026-11-19', '2026-11-20', { feedback: 'Получили', feedback_on: '2026-11-25' }), // feedback after D: not known
];

const threats: Row[] = [
  { threat_id: 'tD', client_id: 'cThr', kind: 'disconnect', raised_at: '2026-11-12T10:00:00', first_reaction_at: null, resolved_at: null, description: 'Хотят отключиться' },
  { threat_id: 'tC', client_id: 'cThr', kind: 'complaint', raised_at: '2026-11-15T10:00:00', first_reaction_at: null, resolved_at: null, description: 'Жалоба на поддержку' },
  { threat_id: 'tK', client_id: 'cComp', kind: 'competitor', raised_at: '2026-11-18T09:00:00', first_reaction_at: '2026-11-18T12:00:00', resolved_at: null },
  { threat_id: 'tL', client_id: 'cCompl', kind: 'complaint', raised_at: '2026-11-19T15:00:00', first_reaction_at: null, resolved_at: null, description: 'Недоволен ценой' },
  { threat_id: 'tR', client_id: 'cResolved', kind: 'disconnect', raised_at: '2026-11-01T10:00:00', first_reaction_at: '2026-11-02T10:00:00', resolved_at: '2026-11-05T10:00:00', outcome: 'retained' },
  { threat_id: 'tF', client_id: 'cResolved', kind: 'disconnect', raised_at: '2026-11-21T10:00:00', first_reaction_at: null, resolved_at: null },
  { threat_id: 'tO', client_id: 'cOther', kind: 'disconnect', raised_at: '2026-11-19T10:00:00', first_reaction_at: null, resolved_at: null },
];

let useq = 0;
const use = (client_id: string, date: string, kind: string, count: number, extra: Row = {}): Row =>
  ({ usage_id: `u${++useq}`, client_id, contact_id: null, date, kind, count, topic: null, ...extra });
// No contact: the window is 28 days, 24.10–20.11 against 26.09–23.10.
const usage: Row[] = [
  use('cUsage', '2026-10-01', 'online_session', 20),
  use('cUsage', '2026-11-02', 'online_session', 10),
  use('cUsageOk', '2026-10-01', 'online_session', 20),
  use('cUsageOk', '2026-11-02', 'online_session', 11),
  use('cUsage', '2026-11-21', 'online_session', 50), //   after D: not known
  // cWindow: last contact 10.11 → 11 days, at least 28: 24.10–20.11 against 26.09–23.10.
  use('cWindow', '2026-10-05', 'portal_login', 6),
  use('cWindow', '2026-11-03', 'portal_login', 4),
  use('cWindow', '2026-11-12', 'hotline_question', 1, { contact_id: 'kW2', topic: 'НДС' }),
  use('cWindow', '2026-11-16', 'hotline_question', 1, { contact_id: 'kW2', topic: 'Кадры' }),
  use('cWindow', '2026-11-01', 'hotline_question', 1, { contact_id: 'kW1', topic: 'Старое' }), // before the fortnight 07.11–20.11
];

const materials: Row[] = [
  { material_id: 'm1', title: 'УСН в торговле', published_on: '2026-11-01', segment: 'Торговля', tax_system: 'УСН' },
  { material_id: 'm2', title: 'Календарь бухгалтера', published_on: '2026-11-15', segment: null, tax_system: null },
  { material_id: 'm3', title: 'Для ИТ', published_on: '2026-11-18', segment: 'ИТ', tax_system: null },
  { material_id: 'm4', title: 'Будущее', published_on: '2026-11-25', segment: null, tax_system: null },
  { material_id: 'm0', title: 'Старое общее', published_on: '2026-10-01', segment: null, tax_system: 'УСН' },
];

/** Load the company into the current DATA_DIR as one applied extract. */
export async function loadPrepFixture(dir: string): Promise<void> {
  const r = await load(dir, '2026-11-20T12-00', {
    asOf: D,
    files: [
      { table: 'teams', rows: teams }, { table: 'specialists', rows: specialists }, { table: 'clients', rows: clients },
      { table: 'contacts', rows: contacts }, { table: 'invoices', rows: invoices }, { table: 'payments', rows: payments },
      { table: 'acts', rows: acts }, { table: 'interactions', rows: interactions }, { table: 'agreements', rows: agreements },
      { table: 'threats', rows: threats }, { table: 'usage', rows: usage }, { table: 'materials', rows: materials },
    ],
  });
  if (r.outcome !== 'applied') throw new Error(`fixture not applied: ${r.message}`);
}

export const allClientIds = clients.map((c) => String(c.client_id));
