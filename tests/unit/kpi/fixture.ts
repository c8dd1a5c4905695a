// A hand-made company for the KPI tests (spec/metrics.md "Manager KPIs"), D = 2026-11-20, period
// 2026-11 (window 01.11–20.11). What each row must count for is worked out next to it; the tests
// assert those hand-computed figures.
//   teams t1 Север (s1 Петров, s3 Кузнецова), t2 Юг (s2 Сидорова)
import type { Row } from '../load/build-extract';

export const D = '2026-11-20';

export const teams: Row[] = [{ team_id: 't1', name: 'Север' }, { team_id: 't2', name: 'Юг' }];
export const specialists: Row[] = [
  { specialist_id: 's1', full_name: 'Петров Пётр', team_id: 't1', active: 1 },
  { specialist_id: 's2', full_name: 'Сидорова Анна', team_id: 't2', active: 1 },
  { specialist_id: 's3', full_name: 'Кузнецова Ольга', team_id: 't1', active: 1 },
];

// Completeness (checks: phone, email, tax system, segment, specifics, a decision maker with a phone or email):
export const clients: Row[] = [
  // active, all six pass (k1 is a decision maker with a phone): 6 / 6
  { client_id: 'c1', name: 'ООО «Ромашка»', status: 'active', specialist_id: 's1', phone: '+7 495 000-00-01', email: 'a@r.ru', tax_system: 'УСН', segment: 'Торговля', specifics: 'Главбух в отпуске до 15-го' },
  // active, a client with no contacts, only a phone: 1 / 6
  { client_id: 'c2', name: 'ИП Лютиков', status: 'active', specialist_id: 's2', phone: '+7 495 000-00-02' },
  // suspended: not active
  { client_id: 'c3', name: 'ООО Приостановлен', status: 'suspended', specialist_id: 's1', phone: '1', email: 'x@y.ru' },
  // churned on 10.11: not active on D, churned in the period (s3)
  { client_id: 'c4', name: 'ООО Ушли', status: 'churned', churned_on: '2026-11-10', specialist_id: 's3' },
  // churned after D: still active on D; email + segment; its decision maker has no phone or email: 2 / 6
  { client_id: 'c5', name: 'ООО Пятёрка', status: 'churned', churned_on: '2026-11-25', specialist_id: 's1', email: 'p@5.ru', segment: 'Услуги', phone: '  ' },
  // contract starts after D: not a client yet
  { client_id: 'c6', name: 'ООО Будущее', status: 'active', contract_start: '2026-12-01', specialist_id: 's1' },
];
export const contacts: Row[] = [
  { contact_id: 'k1', client_id: 'c1', full_name: 'Иванов Иван', role: 'decision_maker', phone: '+7 900 000-00-01' },
  { contact_id: 'k2', client_id: 'c5', full_name: 'Петрова Ольга', role: 'decision_maker' },
  { contact_id: 'k3', client_id: 'c5', full_name: 'Смирнов Олег', role: 'contact', phone: '+7 900 000-00-03' },
];

const int = (id: string, client: string, spec: string, planned: string | null, occurred: string | null, entered: string | null): Row =>
  ({ interaction_id: id, client_id: client, specialist_id: spec, channel: 'call', contact_type: 'regular', planned_on: planned, occurred_at: occurred, entered_at: entered });
export const interactions: Row[] = [
  int('i1', 'c1', 's1', '2026-11-10', '2026-11-10T15:00:00', '2026-11-11T15:00:00'), // done exactly on the planned day: on time; entered at exactly 24 h: on time
  int('i2', 'c1', 's1', '2026-11-10', '2026-11-12T10:00:00', '2026-11-12T11:00:00'), // done 2 days late; entered in 1 h
  int('i3', 'c5', 's1', '2026-11-15', null, null), //                                     never done: missed, overdue now (5 days)
  int('i4', 'c1', 's1', '2026-11-20', null, null), //                                     planned for D, not done yet: not due (neither num nor den)
  int('i5', 'c1', 's1', '2026-11-25', null, null), //                                     planned after D: outside the window, not overdue
  int('i6', 'c1', 's1', '2026-11-05', '2026-11-04T09:00:00', '2026-11-06T10:00:00'), // done early: on time; entered after 49 h: late
  int('i7', 'c5', 's1', null, '2026-11-18T09:00:00', null), //                         unplanned; never entered: late (missing)
  int('i8', 'c1', 's1', null, '2026-11-20T09:00:00', null), //                         occurred on D, not entered yet: waiting (neither)
  int('i9', 'c1', 's1', '2026-10-20', null, null), //                                     last month, never done: overdue now (31 days), not in the window
  int('i10', 'c1', 's1', '2026-11-16', '2026-11-21T10:00:00', '2026-11-21T11:00:00'), // done after D: missed as known on D, overdue now
  int('i11', 'c2', 's2', '2026-11-03', '2026-11-03T10:00:00', '2026-11-04T10:00:01'), // on time; entered 24 h + 1 s: late
  int('i13', 'c1', 's1', null, '2026-11-19T23:00:00', '2026-11-20T22:00:00'), //          entered in 23 h, on D: on time
];
// calls  s1: on time i1 i6; late i2; missed i3 i10; not due i4 → 2 / 5;  s2: 1 / 1;  all 3 / 6
// overdue contacts now: s1 i3 i9 i10 → 3;  s2 0
// entry  s1: on time i1 i2 i13; late i6 i7; waiting i8 → 3 / 5, done 6;  s2: i11 late → 0 / 1, done 1

const agr = (id: string, client: string, spec: string | null, due: string, done: string | null, feedback: string | null = null, feedbackOn: string | null = null): Row =>
  ({ agreement_id: id, client_id: client, specialist_id: spec, text: `Договорённость ${id}`, due_on: due, done_on: done, feedback, feedback_on: feedbackOn });
export const agreements: Row[] = [
  agr('a1', 'c1', 's1', '2026-11-10', '2026-11-10', 'Всё получили', '2026-11-12'), // done exactly on its due day: kept; feedback
  agr('a2', 'c1', 's1', '2026-11-12', '2026-11-15'), //                                  done late; no feedback
  agr('a3', 'c5', 's1', '2026-11-14', null), //                                          open past due: overdue now (6 days)
  agr('a4', 'c1', 's1', '2026-11-20', null), //                                          due on D, not done yet: not due
  agr('a5', 'c1', 's1', '2026-11-18', '2026-11-22'), //                                  done after D: open on D, overdue now
  agr('a6', 'c1', 's1', '2026-10-30', '2026-11-02', 'Спасибо', '2026-11-25'), //        due last month; done in the period; feedback after D: none yet
  agr('a7', 'c2', null, '2026-11-05', '2026-11-01'), //                                  no specialist: the client's s2; kept; no feedback
  agr('a8', 'c1', 's1', '2026-10-01', null), //                                          long overdue (not in the window)
];
// kept  s1: a1 kept; a2 a3 a5 bad; a4 not due → 1 / 4;  s2: 1 / 1
// overdue agreements now: s1 a3 a5 a8 → 3
// feedback  s1: done in the period a1 (yes) a2 (no) a6 (after D: no) → 1 / 3;  s2: a7 → 0 / 1

const thr = (id: string, client: string, raised: string, reaction: string | null, resolved: string | null = null): Row =>
  ({ threat_id: id, client_id: client, kind: 'complaint', raised_at: raised, first_reaction_at: reaction, resolved_at: resolved, description: `Угроза ${id}` });
export const threats: Row[] = [
  thr('th1', 'c1', '2026-11-05T10:00:00', '2026-11-06T10:00:00'), // reacted at exactly 24 h: within
  thr('th2', 'c1', '2026-11-08T10:00:00', '2026-11-10T10:00:00'), // 48 h: late
  thr('th3', 'c1', '2026-11-12T09:00:00', null), //                  never reacted to: late; open now, 8 days
  thr('th4', 'c2', '2026-11-20T08:00:00', null), //                  raised on D: waiting; open now, 0 days
  thr('th5', 'c1', '2026-10-15T10:00:00', null, '2026-10-20T10:00:00'), // resolved without a reaction: not open
  thr('th6', 'c1', '2026-11-15T12:00:00', '2026-11-15T14:00:00'), // 2 h
];
// reaction  s1: within th1 th6; late th2 th3 → 2 / 4, median of 24, 48, 2 h = 24 h; open th3 (8 days)
//           s2: th4 waiting → no value; open 1 (0 days)

// Payment % (the payment marts):  Nov  s1 billed 1 100 collected 1 000;  s2 2 000 / 0
//                                 Q4   s1 1 100 / 1 000;  s2 2 800 / 800 (inv3's owner is s2)
export const invoices: Row[] = [
  { invoice_id: 'inv1', client_id: 'c1', specialist_id: 's1', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '1000' },
  { invoice_id: 'inv2', client_id: 'c2', specialist_id: 's2', period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '2000' },
  { invoice_id: 'inv3', client_id: 'c5', specialist_id: 's2', period: '2026-10', issued_on: '2026-10-01', due_on: '2026-10-10', amount: '800' },
  { invoice_id: 'inv4', client_id: 'c1', specialist_id: 's1', period: '2026-12', issued_on: '2026-11-25', due_on: '2026-12-10', amount: '900' },
  { invoice_id: 'inv5', client_id: 'c1', specialist_id: null, period: '2026-11', issued_on: '2026-11-20', due_on: '2026-11-30', amount: '100' },
];
export const payments: Row[] = [
  { payment_id: 'p1', invoice_id: 'inv1', client_id: 'c1', paid_on: '2026-11-05', amount: '600' },
  { payment_id: 'p2', invoice_id: 'inv1', client_id: 'c1', paid_on: '2026-11-15', amount: '600' }, // overpaid: capped at 1 000
  { payment_id: 'p3', invoice_id: 'inv2', client_id: 'c2', paid_on: '2026-11-21', amount: '500' }, // after D
  { payment_id: 'p4', invoice_id: 'inv3', client_id: 'c5', paid_on: '2026-11-03', amount: '800' },
];

// Acts of 2026-11: s1 2 issued, 2 returned (one the day it was issued); s2 2 issued, none returned on D.
export const acts: Row[] = [
  { act_id: 'ac1', client_id: 'c1', specialist_id: 's1', period: '2026-11', issued_on: '2026-11-05', returned_on: '2026-11-10' },
  { act_id: 'ac2', client_id: 'c1', specialist_id: null, period: '2026-11', issued_on: '2026-11-05', returned_on: '2026-11-05' },
  { act_id: 'ac3', client_id: 'c2', specialist_id: 's2', period: '2026-11', issued_on: '2026-11-05', returned_on: '2026-11-25' },
  { act_id: 'ac4', client_id: 'c2', specialist_id: null, period: '2026-11', issued_on: '2026-11-05', returned_on: null },
  { act_id: 'ac5', client_id: 'c1', specialist_id: 's1', period: '2026-11', issued_on: '2026-11-22', returned_on: null },
];

// Revenue in the window: s1 1 000 + 500 (on D) = 1 500 (2 sales); s2 200.
const sale = (id: string, client: string, date: string, revenue: string): Row => ({ sale_id: id, client_id: client, date, product: 'Подписка', quantity: 1, revenue, cost: '0' });
export const sales: Row[] = [
  sale('x1', 'c1', '2026-11-05', '1000'),
  sale('x2', 'c1', '2026-11-20', '500'),
  sale('x3', 'c1', '2026-11-21', '700'), // after D
  sale('x4', 'c1', '2026-10-31', '300'), // last month
  sale('x5', 'c2', '2026-11-10', '200'),
];

export const files = [
  { table: 'teams' as const, rows: teams },
  { table: 'specialists' as const, rows: specialists },
  { table: 'clients' as const, rows: clients },
  { table: 'contacts' as const, rows: contacts },
  { table: 'invoices' as const, rows: invoices },
  { table: 'payments' as const, rows: payments },
  { table: 'acts' as const, rows: acts },
  { table: 'interactions' as const, rows: interactions },
  { table: 'agreements' as const, rows: agreements },
  { table: 'threats' as const, rows: threats },
  { table: 'sales' as const, rows: sales },
];
