// The client card's timeline: what happened with the client up to D, newest first, of four kinds,
// put together from the client's rows (lib/clients/card-facts.ts):
//   - interaction: a contact done by D (dated occurred_at), or one planned on or before D and not
//     done by D (dated planned_on: overdue, or planned for D itself);
//   - agreement: dated the moment it was made (its interaction's), else its due day; shown when that
//     day is ≤ D, with its state on D (done by D / overdue / open) and feedback recorded by D;
//   - threat: dated raised_at (≤ D), with its state on D (open / resolved, outcome);
//   - usage: service use summed per month and kind, dated the last day of use in that month up to
//     D, with the topics asked.
// Ordered by that moment (newest first), then kind, then id; counted per kind (the filter shows the
// counts); narrowed to one kind and capped at `limit` items.
import type { CardFacts } from './card-facts';
import { cmp, madeAtOf, occurredById } from './card-open';
import type { TimelineKind } from './card-params';

interface Base { id: string; on: string; at: string | null }
export type TimelineItem =
  | (Base & {
      kind: 'interaction'; state: 'done' | 'planned' | 'overdue';
      channel: string; contactType: string; topic: string | null; outcome: string | null;
      contactName: string | null; specialistName: string | null;
    })
  | (Base & {
      kind: 'agreement'; state: 'done' | 'open' | 'overdue';
      text: string; dueOn: string; doneOn: string | null; feedback: string | null; specialistName: string | null;
    })
  | (Base & {
      kind: 'threat'; state: 'open' | 'resolved';
      threatKind: string; description: string | null; outcome: string | null; resolvedAt: string | null;
    })
  | (Base & { kind: 'usage'; usageKind: string; period: string; count: number; topics: string[] });

export interface CardTimeline {
  /** The filter: null = every kind. */
  kind: TimelineKind | null;
  limit: number;
  /** Items of each kind up to D (before the filter and the cap). */
  counts: Record<TimelineKind, number>;
  /** Items matching the filter (before the cap). */
  total: number;
  /** Newest first, at most `limit`. */
  items: TimelineItem[];
}

/** Every timeline item up to `asOf`, each with its sort moment (ISO local time). */
function allItems(f: CardFacts, asOf: string): Array<{ sortAt: string; item: TimelineItem }> {
  const names = new Map(f.contacts.map((k) => [k.id, k.fullName]));
  const occurred = occurredById(f.interactions);
  const out: Array<{ sortAt: string; item: TimelineItem }> = [];
  for (const i of f.interactions) {
    if (!i.inTimeline || !i.on || !i.sortAt) continue;
    out.push({
      sortAt: i.sortAt,
      item: {
        kind: 'interaction', id: i.id, on: i.on, at: i.done ? i.occurredAt : null, state: i.state, channel: i.channel,
        contactType: i.contactType, topic: i.topic, outcome: i.outcome,
        contactName: i.contactId ? names.get(i.contactId) ?? null : null, specialistName: i.specialistName,
      },
    });
  }
  for (const a of f.agreements) {
    const madeAt = madeAtOf(a, occurred);
    const on = madeAt?.slice(0, 10) ?? a.dueOn;
    if (on > asOf) continue;
    out.push({
      sortAt: madeAt ?? `${a.dueOn}T00:00:00`,
      item: {
        kind: 'agreement', id: a.id, on, at: madeAt, state: a.state, text: a.text, dueOn: a.dueOn, doneOn: a.doneOn,
        feedback: a.feedback, specialistName: a.specialistName,
      },
    });
  }
  for (const x of f.threats) {
    out.push({
      sortAt: x.raisedAt,
      item: { kind: 'threat', id: x.id, on: x.on, at: x.raisedAt, state: x.state, threatKind: x.kind, description: x.description, outcome: x.outcome, resolvedAt: x.resolvedAt },
    });
  }
  for (const u of f.usage) {
    out.push({
      sortAt: `${u.lastOn}T00:00:00`,
      item: { kind: 'usage', id: `${u.kind}:${u.period}`, on: u.lastOn, at: null, usageKind: u.kind, period: u.period, count: u.count, topics: u.topics },
    });
  }
  return out;
}

/** The timeline up to `asOf`, newest first, of one kind (or all), at most `limit` items. */
export function timelineOf(f: CardFacts, asOf: string, kind: TimelineKind | null, limit: number): CardTimeline {
  const all = allItems(f, asOf);
  const counts: Record<TimelineKind, number> = { interaction: 0, agreement: 0, threat: 0, usage: 0 };
  for (const { item } of all) counts[item.kind]++;
  const matching = kind ? all.filter(({ item }) => item.kind === kind) : all;
  matching.sort((x, y) => cmp(y.sortAt, x.sortAt) || cmp(x.item.kind, y.item.kind) || cmp(x.item.id, y.item.id));
  return { kind, limit, counts, total: matching.length, items: matching.slice(0, limit).map(({ item }) => item) };
}
