// The suggested contact type (metrics.md "Preparation checklist": "The product suggests the contact
// type from the data"), first rule that holds, in the spec's order:
//   1. an open threat → its emergency type (disconnect_threat, competitor_threat, complaint); with
//      several open, the gravest kind (disconnection, then competitor, then complaint), then the oldest;
//   2. an invoice overdue (due_on < D, not fully collected on D) or acts unreturned → payment_delay;
//      an act counts here once it has been out ACT_RETURN_GRACE_DAYS days without being returned:
//      every act is issued on the month's last working day, so without a grace every client would
//      be "payment delay" on the first days of each month;
//   3. usage down by half or more (current ≤ ½ previous, previous > 0, over the window of
//      lib/prep/window.ts: since the last contact against the same length before it) → low_usage;
//   4. a planned interaction's own type (the earliest planned contact not done on D);
//   5. otherwise regular.
// Pure: the facts come from the checklist's own reads (lib/prep/preparation.ts) or, for many
// clients at once, from lib/prep/suggest-batch.ts; both give the same facts (tests/unit/prep).
import { formatDay, formatInt, formatPeriod, formatRoubles } from '../format';
import { t } from '../i18n/ru';
import { emergencyTypeOf, type ContactType, type ThreatKind } from './contact-types';

/** Days an act may stay unreturned before it counts as "acts unreturned" in the suggestion. */
export const ACT_RETURN_GRACE_DAYS = 14;

/** Threat kinds from gravest to mildest (rule 1's choice among several open threats). */
const THREAT_ORDER: readonly ThreatKind[] = ['disconnect', 'competitor', 'complaint'];

export interface SuggestionFacts {
  /** Threats raised by D and not resolved by D. raisedAt: company time `YYYY-MM-DDTHH:MM:SS`. */
  openThreats: ReadonlyArray<{ kind: ThreatKind; raisedAt: string }>;
  /** Invoices with due_on < D not fully collected on D: count, ₽ still owed, the oldest due_on. */
  overdueInvoices: { count: number; amount: number; oldestDueOn: string | null };
  /** Acts issued by D, not returned on D, out at least ACT_RETURN_GRACE_DAYS days: count, the oldest. */
  unreturnedActs: { count: number; oldestIssuedOn: string | null; oldestPeriod: string | null };
  /** All kinds of service use summed: the usage window against the one before it. */
  usage: { current: number; previous: number; days: number };
  /** The earliest planned contact not done on D, if any. */
  planned: { contactType: ContactType; plannedOn: string } | null;
}

export const suggestionRules = ['threat', 'overdueInvoice', 'unreturnedActs', 'lowUsage', 'planned', 'default'] as const;
export type SuggestionRule = (typeof suggestionRules)[number];

export interface Suggestion {
  type: ContactType;
  /** Which rule decided. */
  rule: SuggestionRule;
  /** Why, in Russian: «открытая угроза отключения с 12.11». */
  reason: string;
}

/** True when usage fell by half or more: previous > 0 and current ≤ previous / 2. */
export function usageHalved(u: SuggestionFacts['usage']): boolean {
  return u.previous > 0 && u.current * 2 <= u.previous;
}

/** The suggested contact type for the facts as known on D = `asOf`, with its reason. */
export function suggestContactType(f: SuggestionFacts, asOf: string): Suggestion {
  const r = t.prep.reasons;
  if (f.openThreats.length > 0) {
    const th = [...f.openThreats].sort((a, b) =>
      THREAT_ORDER.indexOf(a.kind) - THREAT_ORDER.indexOf(b.kind) || a.raisedAt.localeCompare(b.raisedAt))[0];
    return { type: emergencyTypeOf[th.kind], rule: 'threat', reason: r.threat(th.kind, formatDay(th.raisedAt, asOf)) };
  }
  const inv = f.overdueInvoices;
  const acts = f.unreturnedActs;
  if (inv.count > 0) {
    const base = r.overdueInvoice(inv.count, formatRoubles(inv.amount), formatDay(inv.oldestDueOn ?? asOf, asOf));
    return { type: 'payment_delay', rule: 'overdueInvoice', reason: acts.count > 0 ? `${base}; ${r.andActs(formatInt(acts.count))}` : base };
  }
  if (acts.count > 0) {
    return {
      type: 'payment_delay', rule: 'unreturnedActs',
      reason: r.unreturnedActs(acts.count, acts.oldestPeriod ? formatPeriod(acts.oldestPeriod) : '', formatDay(acts.oldestIssuedOn ?? asOf, asOf)),
    };
  }
  if (usageHalved(f.usage)) {
    const dropPct = Math.round((100 * (f.usage.previous - f.usage.current)) / f.usage.previous);
    return { type: 'low_usage', rule: 'lowUsage', reason: r.lowUsage(dropPct, f.usage.days) };
  }
  if (f.planned) {
    const on = f.planned.plannedOn;
    return { type: f.planned.contactType, rule: 'planned', reason: r.planned(formatDay(on, asOf), on < asOf ? 'past' : on === asOf ? 'today' : 'future') };
  }
  return { type: 'regular', rule: 'default', reason: r.regular };
}
