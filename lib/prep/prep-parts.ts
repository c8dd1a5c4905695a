// The checklist's parts worked out from one client's rows (lib/prep/prep-reads.ts), as known on D.
// Pure functions, every rule next to its code:
//   - "by D" for a timestamp: on or before the end of D (its day ≤ D);
//   - the last completed contact: the latest occurred_at by D (ties: the larger id); the next
//     contact: the earliest planned_on of a contact not done by D (ties: the smaller id), leaving
//     out plans dated before the last completed contact's day: a later contact took their place
//     (issue 19: «следующий контакт 17.04.2025» under a last contact of 27.10.2026), so a plan
//     overdue since then is noise, not the next step; «не запланирован» then prompts a new one;
//   - agreements (metrics.md "History"): made by D (their contact done by D, or none recorded), open on
//     D (not done, or done after D; overdue when due_on < D) or done since the last contact's day (all
//     done by D when there was none), with feedback recorded by D;
//   - payments per period, the payment mart's rules (lib/metrics/payment-mart.ts): collected = min(amount,
//     Σ payments paid by D); paid in full on the first day the running sum reaches the amount (a payment
//     before issue counts from issued_on; a 0 ₽ invoice is paid when issued); on time: paid in full by
//     due_on; late: after it; unpaid: not paid in full on D (overdue when due_on < D);
//   - usage per kind over the window and the one before it (lib/prep/window.ts); hotline questions of
//     the fortnight ending on D by contact person;
//   - threats open on D (raised by D, not resolved by D), with their own first reaction by D and the
//     first contact done after they were raised (lib/day/reaction.ts).
import { addDays, daysBetween } from '../metrics/period';
import type { PrepRows } from './prep-reads';
import type { PrepWindow } from './window';

type Interaction = PrepRows['interactions'][number];
type Contact = PrepRows['contacts'][number];

/** Agreements done since the last contact listed at most (newest first). */
export const DONE_AGREEMENTS_SHOWN = 20;

const byD = (ts: string | null, asOf: string) => ts !== null && ts.slice(0, 10) <= asOf;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface LastContact {
  id: string; occurredAt: string; channel: string; contactType: string; topic: string | null; outcome: string | null;
  contactName: string | null; contactRole: string | null; specialistName: string | null;
}
export interface NextPlanned {
  id: string; plannedOn: string; channel: string; contactType: string; topic: string | null; contactName: string | null; overdue: boolean;
}
export interface PrepAgreement {
  id: string; text: string; dueOn: string; doneOn: string | null; feedback: string | null; feedbackOn: string | null; madeOn: string | null;
  state: 'open' | 'overdue' | 'done'; daysOverdue: number;
}
export interface PrepPeriod {
  period: string; invoices: number; billed: number; collected: number; paymentPct: number | null;
  onTime: number; late: number; maxDaysLate: number | null; unpaid: number; unpaidAmount: number; maxDaysOverdue: number | null;
}
export interface HotlineRow { contactId: string | null; contactName: string | null; contactRole: string | null; questions: number; topics: string[] }
export interface PrepThreat {
  id: string; kind: 'disconnect' | 'competitor' | 'complaint'; raisedAt: string; description: string | null; ageDays: number;
  firstReactionAt: string | null; firstContactAt: string | null;
}
export type PrepContact = Contact;

const contactsById = (contacts: readonly Contact[]) => new Map(contacts.map((c) => [c.id, c]));

/** The last contact done by D, or null. */
export function lastContactOf(interactions: readonly Interaction[], contacts: readonly Contact[], asOf: string): LastContact | null {
  let best: Interaction | null = null;
  for (const i of interactions) {
    if (!byD(i.occurredAt, asOf)) continue;
    if (!best || cmp(i.occurredAt!, best.occurredAt!) > 0 || (i.occurredAt === best.occurredAt && cmp(i.id, best.id) > 0)) best = i;
  }
  if (!best) return null;
  const k = best.contactId ? contactsById(contacts).get(best.contactId) : undefined;
  return {
    id: best.id, occurredAt: best.occurredAt!, channel: best.channel, contactType: best.contactType, topic: best.topic, outcome: best.outcome,
    contactName: k?.fullName ?? null, contactRole: k?.role ?? null, specialistName: best.specialistName,
  };
}

/**
 * The earliest contact planned and not done by D (overdue ones are the earliest), or null. Plans
 * dated before `lastContactAt`'s day (the last contact done by D) are stale and left out.
 */
export function nextPlannedOf(interactions: readonly Interaction[], contacts: readonly Contact[], asOf: string, lastContactAt: string | null = null): NextPlanned | null {
  const staleBefore = lastContactAt?.slice(0, 10) ?? null;
  let best: Interaction | null = null;
  for (const i of interactions) {
    if (i.plannedOn === null || byD(i.occurredAt, asOf)) continue;
    if (staleBefore !== null && i.plannedOn < staleBefore) continue;
    if (!best || cmp(i.plannedOn, best.plannedOn!) < 0 || (i.plannedOn === best.plannedOn && cmp(i.id, best.id) < 0)) best = i;
  }
  if (!best) return null;
  const k = best.contactId ? contactsById(contacts).get(best.contactId) : undefined;
  return {
    id: best.id, plannedOn: best.plannedOn!, channel: best.channel, contactType: best.contactType, topic: best.topic,
    contactName: k?.fullName ?? null, overdue: best.plannedOn! < asOf,
  };
}

/** Agreements open on D (the earliest due first), then those done since `sinceOn` (newest first). */
export function agreementsOf(rows: PrepRows['agreements'], interactions: readonly Interaction[], sinceOn: string | null, asOf: string): PrepAgreement[] {
  const occurred = new Map(interactions.map((i) => [i.id, i.occurredAt]));
  const open: PrepAgreement[] = [];
  const done: PrepAgreement[] = [];
  for (const a of rows) {
    const made = a.interactionId === null ? null : occurred.get(a.interactionId) ?? null;
    if (made !== null && !byD(made, asOf)) continue; // agreed in a contact after D: not known yet
    const isDone = a.doneOn !== null && a.doneOn <= asOf;
    if (isDone && sinceOn !== null && a.doneOn! < sinceOn) continue;
    const x: PrepAgreement = {
      id: a.id, text: a.text, dueOn: a.dueOn, madeOn: made ? made.slice(0, 10) : null,
      doneOn: isDone ? a.doneOn : null,
      feedback: isDone && a.feedback !== null && (a.feedbackOn === null || a.feedbackOn <= asOf) ? a.feedback : null,
      feedbackOn: isDone && a.feedbackOn !== null && a.feedbackOn <= asOf ? a.feedbackOn : null,
      state: isDone ? 'done' : a.dueOn < asOf ? 'overdue' : 'open',
      daysOverdue: isDone ? 0 : Math.max(daysBetween(a.dueOn, asOf), 0),
    };
    (isDone ? done : open).push(x);
  }
  // Open: the earliest due first (then a later done day first, then by id); done: the newest first.
  const doneOf = new Map(rows.map((a) => [a.id, a.doneOn]));
  open.sort((a, b) => cmp(a.dueOn, b.dueOn) || cmp(doneOf.get(b.id) ?? '', doneOf.get(a.id) ?? '') || cmp(a.id, b.id));
  done.sort((a, b) => cmp(b.doneOn!, a.doneOn!) || cmp(a.id, b.id));
  return [...open, ...done.slice(0, DONE_AGREEMENTS_SHOWN)];
}

/** Per billing period of `periods`: invoices by how they were paid, as known on D (roubles). */
export function periodsOf(invoices: PrepRows['invoices'], payments: PrepRows['payments'], periods: readonly string[], asOf: string): PrepPeriod[] {
  const byInvoice = new Map<string, Map<string, number>>();
  for (const p of payments) {
    const days = byInvoice.get(p.invoiceId) ?? new Map<string, number>();
    days.set(p.paidOn, (days.get(p.paidOn) ?? 0) + p.amount);
    byInvoice.set(p.invoiceId, days);
  }
  type Acc = Omit<PrepPeriod, 'paymentPct'>;
  const acc = new Map<string, Acc>(periods.map((period) => [period, {
    period, invoices: 0, billed: 0, collected: 0, onTime: 0, late: 0, maxDaysLate: null, unpaid: 0, unpaidAmount: 0, maxDaysOverdue: null,
  }]));
  const max = (a: number | null, b: number) => (a === null ? b : Math.max(a, b));
  for (const inv of invoices) {
    const a = acc.get(inv.period);
    if (!a) continue;
    let paid = 0; // kopecks
    let fullOn: string | null = inv.amount <= 0 ? inv.issuedOn : null;
    for (const [paidOn, amount] of [...(byInvoice.get(inv.id) ?? new Map<string, number>())].sort((x, y) => cmp(x[0], y[0]))) {
      paid += amount;
      if (fullOn === null && paid >= inv.amount) fullOn = paidOn > inv.issuedOn ? paidOn : inv.issuedOn;
    }
    const collected = Math.min(paid, inv.amount);
    a.invoices += 1;
    a.billed += inv.amount;
    a.collected += collected;
    if (fullOn === null) {
      a.unpaid += 1;
      a.unpaidAmount += inv.amount - collected;
      if (inv.dueOn < asOf) a.maxDaysOverdue = max(a.maxDaysOverdue, daysBetween(inv.dueOn, asOf));
    } else if (fullOn <= inv.dueOn) a.onTime += 1;
    else {
      a.late += 1;
      a.maxDaysLate = max(a.maxDaysLate, daysBetween(inv.dueOn, fullOn));
    }
  }
  return periods.map((p) => {
    const a = acc.get(p)!;
    const billed = a.billed / 100;
    const collected = a.collected / 100;
    return { ...a, billed, collected, unpaidAmount: a.unpaidAmount / 100, paymentPct: billed > 0 ? (100 * collected) / billed : null };
  });
}

/** Service use per kind: the usage window and the one before it. */
export function usageOf(rows: PrepRows['usage'], window: PrepWindow, kinds: readonly string[]): Array<{ kind: string; current: number; previous: number }> {
  const u = window.usage;
  return kinds.map((kind) => {
    let current = 0;
    let previous = 0;
    for (const r of rows) {
      if (r.kind !== kind || r.date > u.to) continue;
      if (r.date >= u.from) current += r.count;
      else if (r.date >= u.prevFrom) previous += r.count;
    }
    return { kind, current, previous };
  });
}

/** Hotline questions from `from` to D by contact person, the most asking first; topics in order. */
export function hotlineOf(rows: PrepRows['usage'], contacts: readonly Contact[], from: string, asOf: string): HotlineRow[] {
  const byContact = new Map<string | null, { questions: number; topics: Set<string> }>();
  for (const r of rows) {
    if (r.kind !== 'hotline_question' || r.date < from || r.date > asOf) continue;
    const x = byContact.get(r.contactId) ?? { questions: 0, topics: new Set<string>() };
    x.questions += r.count;
    if (r.topic !== null) x.topics.add(r.topic);
    byContact.set(r.contactId, x);
  }
  const ks = contactsById(contacts);
  return [...byContact].map(([contactId, x]) => {
    const k = contactId ? ks.get(contactId) : undefined;
    return { contactId, contactName: k?.fullName ?? null, contactRole: k?.role ?? null, questions: x.questions, topics: [...x.topics].sort(cmp) };
  }).sort((a, b) => b.questions - a.questions
    || (a.contactName === null ? 1 : 0) - (b.contactName === null ? 1 : 0) || cmp(a.contactName ?? '', b.contactName ?? ''));
}

const ROLE_ORDER = ['decision_maker', 'influencer', 'contact', 'user'];
/** Contact persons: ЛПР first, then ЛВР, КЛ, users; by name within a role. */
export function contactsOf(rows: readonly Contact[]): Contact[] {
  const rank = (r: string) => (ROLE_ORDER.includes(r) ? ROLE_ORDER.indexOf(r) : ROLE_ORDER.length);
  return [...rows].sort((a, b) => rank(a.role) - rank(b.role) || cmp(a.fullName, b.fullName) || cmp(a.id, b.id));
}

/** Threats open on D, the oldest first, with their reactions as known on D. */
export function threatsOf(rows: PrepRows['threats'], interactions: readonly Interaction[], asOf: string): PrepThreat[] {
  const done = interactions.filter((i) => byD(i.occurredAt, asOf)).map((i) => i.occurredAt!).sort(cmp);
  return rows
    .filter((t) => byD(t.raisedAt, asOf) && !byD(t.resolvedAt, asOf))
    .sort((a, b) => cmp(a.raisedAt, b.raisedAt) || cmp(a.id, b.id))
    .map((t) => ({
      id: t.id, kind: t.kind, raisedAt: t.raisedAt, description: t.description,
      ageDays: daysBetween(t.raisedAt.slice(0, 10), asOf),
      firstReactionAt: byD(t.firstReactionAt, asOf) ? t.firstReactionAt : null,
      firstContactAt: done.find((at) => at >= t.raisedAt) ?? null,
    }));
}

/** First day of the hotline fortnight ending on D. */
export const hotlineFrom = (asOf: string, days: number) => addDays(asOf, -(days - 1));
