// What the bell shows, as plain functions of GET /api/v1/alerts (components/alerts/alerts-bell.tsx;
// tests/unit/alerts/bell.test.ts). Type-only imports: the bell is a client component.
import type { AlertItem, Alerts } from './alerts';
import { alertKinds, type AlertKind } from './kinds';

/** The badge: the number of new alerts, `99+` past 99; null (no badge) when nothing is new. */
export function badgeText(unseen: number): string | null {
  return unseen > 99 ? '99+' : unseen > 0 ? String(unseen) : null;
}

/**
 * The answer after the caller opened the bell and its marks were sent: nothing is new any more
 * (the badge empties; system alerts stay, they are problems until fixed), while the items keep
 * `isNew` so the open list still shows which ones were.
 */
export function acknowledged(a: Alerts): Alerts {
  const unseen = Object.fromEntries(alertKinds.map((k) => [k, 0])) as Record<AlertKind, number>;
  return { ...a, unseen, unseenTotal: a.system.length };
}

/** The marks to send on opening: each kind's newest `at`, kinds without alerts left out. */
export function seenMarks(a: Alerts): Partial<Record<AlertKind, string>> {
  const out: Partial<Record<AlertKind, string>> = {};
  for (const k of alertKinds) if (a.newest[k]) out[k] = a.newest[k]!;
  return out;
}

export interface AlertGroup { kind: AlertKind; count: number; unseen: number; items: AlertItem[]; more: number }

/** The list by kind, in alertKinds order, kinds with no alert left out; `more` = not listed. */
export function alertGroups(a: Alerts): AlertGroup[] {
  return alertKinds.filter((k) => a.counts[k] > 0).map((k) => {
    const items = a.items.filter((i) => i.kind === k);
    return { kind: k, count: a.counts[k], unseen: a.unseen[k], items, more: Math.max(0, a.counts[k] - items.length) };
  });
}
