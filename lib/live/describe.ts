// What a load notice says (issue 8: "+1 834 оплаты, 12:31"), from a load event. Plain functions,
// used by the browser notice and unit-tested.
import { formatDateTime, formatInt, pluralRu } from '../format';
import { t } from '../i18n/ru';

/** The fields of a load event the notice needs (lib/live/events.ts LoadEvent). */
export interface LoadEventLike {
  extractId: string;
  outcome: string;
  changed: Record<string, number>;
  at: string;
}

/** "+1 834 оплаты, +12 счетов": tables in the dictionary's order, then any others by name. */
export function describeChanges(changed: Record<string, number>, max = 3): string {
  const order = Object.keys(t.live.tables);
  const keys = Object.keys(changed).filter((k) => changed[k] > 0)
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return keys.slice(0, max).map((k) => {
    const forms = t.live.tables[k];
    return `+${formatInt(changed[k])} ${forms ? pluralRu(changed[k], forms) : k}`;
  }).join(', ');
}

/** The notice for an applied load, or the alert line for a rejected / refused one. */
export function describeLoad(e: LoadEventLike): string {
  const time = formatDateTime(e.at).slice(11);
  if (e.outcome === 'rejected') return t.live.rejected(e.extractId);
  if (e.outcome === 'refused') return t.live.refused(e.extractId);
  const what = describeChanges(e.changed);
  return what ? t.live.arrived(what, time) : t.live.arrivedNothing(time);
}
