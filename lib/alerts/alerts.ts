// The bell in the header (GET /api/v1/alerts): what needs attention in the caller's scope as known on
// D, newest first, each linking to its client:
//   - threat / complaint: threats open on D raised within NEW_THREAT_DAYS (lib/alerts/reaction.ts);
//     a complaint is a threat of kind complaint (extracts.md "threats");
//   - overdueContact: a contact planned before D and not done by D (metrics.md control 1) that went
//     overdue within ALERT_OVERDUE_DAYS (older ones stay on Мой день, not in the bell);
//   - overdueAgreement: an agreement made by D, due before D and not done by D (control 4), overdue
//     within ALERT_OVERDUE_DAYS.
// "Newest" is when it happened: the threat's raised_at; the day after planned_on / due_on (the first
// day it is overdue). The bell lists each kind under its own heading, newest first, the first
// ALERT_PER_KIND of each with the kind's count; an alert is new for the caller when it happened
// after their "seen up to" mark of its kind (lib/alerts/seen.ts), and the badge counts only those.
import { z } from 'zod';
import { query } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';
import { t } from '../i18n/ru';
import { snapshotFallback } from '../snapshots/follow';
import { alertKinds, type AlertKind } from './kinds';
import { LATE_INTERACTIONS_CTE, madeByD, NEW_THREAT_DAYS, openOnD } from './reaction';
import type { SeenUpTo } from './seen';

export { alertKinds, type AlertKind };

/** Overdue contacts and agreements enter the bell for this many days. */
export const ALERT_OVERDUE_DAYS = 30;
/** Items listed per kind at most (counts cover all). */
export const ALERT_PER_KIND = 5;

const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

const ALERTS_SQL = (scopeCte: string) => /* sql */ `
WITH ${scopeCte}, ${LATE_INTERACTIONS_CTE},
items AS (
  SELECT CASE WHEN th.kind = 'complaint' THEN 'complaint' ELSE 'threat' END AS kind, th.threat_id AS id, th.client_id,
    th.raised_at AS happened_at, coalesce(th.description, th.kind) AS text, th.kind AS detail
  FROM threats th
  WHERE ${openOnD('th')} AND th.client_id IN (SELECT client_id FROM scoped_clients) AND th.raised_at::DATE > $asOf::DATE - ${NEW_THREAT_DAYS}
  UNION ALL
  SELECT 'overdueContact', i.interaction_id, i.client_id, (i.planned_on + 1)::TIMESTAMP, i.topic, i.contact_type
  FROM interactions i
  WHERE i.planned_on < $asOf::DATE AND i.planned_on >= $asOf::DATE - ${ALERT_OVERDUE_DAYS}
    AND (i.occurred_at IS NULL OR NOT ${byD('i.occurred_at')}) AND i.client_id IN (SELECT client_id FROM scoped_clients)
  UNION ALL
  SELECT 'overdueAgreement', a.agreement_id, a.client_id, (a.due_on + 1)::TIMESTAMP, a.text, NULL
  FROM agreements a
  WHERE a.client_id IN (SELECT client_id FROM scoped_clients) AND a.due_on < $asOf::DATE AND a.due_on >= $asOf::DATE - ${ALERT_OVERDUE_DAYS}
    AND (a.done_on IS NULL OR a.done_on > $asOf::DATE) AND ${madeByD('a')}
),
marked AS (
  -- New: after the caller's mark of its kind (none yet: all new).
  SELECT *, coalesce(happened_at > CASE kind WHEN 'threat' THEN $seenThreat::TIMESTAMP WHEN 'complaint' THEN $seenComplaint::TIMESTAMP
    WHEN 'overdueContact' THEN $seenOverdueContact::TIMESTAMP WHEN 'overdueAgreement' THEN $seenOverdueAgreement::TIMESTAMP END, true) AS is_new
  FROM items
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY kind ORDER BY happened_at DESC, id) AS kord,
    count(*) OVER (PARTITION BY kind) AS n, count(*) FILTER (WHERE is_new) OVER (PARTITION BY kind) AS n_new
  FROM marked
)
SELECT r.kind, r.id, r.client_id AS "clientId", c.name AS "clientName", ${ts('r.happened_at')} AS at, r.text, r.detail,
  ($asOf::DATE - r.happened_at::DATE)::INTEGER AS days, r.is_new AS "isNew", r.n::INTEGER AS "kindTotal", r.n_new::INTEGER AS "kindNew"
FROM ranked r JOIN clients c ON c.client_id = r.client_id
WHERE r.kord <= $perKind
ORDER BY r.happened_at DESC, r.kind, r.id`;

export const alertItemSchema = z.object({
  kind: z.enum(alertKinds),
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  /** When it happened: raised_at, or the first overdue day (company time `YYYY-MM-DDTHH:MM:SS`). */
  at: z.string(),
  /** Threat description, contact topic or agreement text. */
  text: z.string().nullable(),
  /** Threat kind or the planned contact's type; null for agreements. */
  detail: z.string().nullable(),
  /** Days from `at` to D. */
  days: z.coerce.number().int(),
  /** Happened after the caller's "seen up to" mark of its kind (lib/alerts/seen.ts). */
  isNew: z.boolean(),
});
export type AlertItem = z.infer<typeof alertItemSchema>;

/** Something wrong with the app itself that heads and executives must know (not about a client). */
export interface SystemAlert {
  kind: 'snapshotFallback';
  /** Russian, for the bell. */
  text: string;
  since: string;
}

export interface Alerts {
  asOf: string;
  /** Heads and executives only: the warehouse snapshot served is not the newest published (lib/snapshots/follow.ts). */
  system: SystemAlert[];
  /** Newest first, at most `perKind` (ALERT_PER_KIND) of each kind. */
  items: AlertItem[];
  /** Of each kind, however many are listed. */
  counts: Record<AlertKind, number>;
  /** Of each kind, those new for the caller (after their mark). */
  unseen: Record<AlertKind, number>;
  /** Of each kind, the newest `at` (what opening the bell marks as seen); null when none. */
  newest: Record<AlertKind, string | null>;
  /** All alerts, system ones included. */
  total: number;
  /** What the badge shows: new alerts, and system ones (a problem until it is fixed). */
  unseenTotal: number;
}

/**
 * The bell's alerts of `scope` as known on `asOf` (D): the first `perKind` of each kind, newest
 * first, each marked new or not against `seen` (the caller's marks, lib/alerts/seen.ts).
 */
export async function getAlerts(scope: Scope, asOf: string, opts: { perKind?: number; seen?: SeenUpTo } = {}): Promise<Alerts> {
  const { seen = {} } = opts;
  // At least the newest of each kind: it gives the kind's count and its `newest`.
  const perKind = Math.max(1, Math.trunc(opts.perKind ?? ALERT_PER_KIND));
  const cte = scopedClientsCte(scope);
  const rows = await query<Record<string, unknown>>(ALERTS_SQL(cte.sql), {
    ...cte.params, asOf, perKind,
    seenThreat: seen.threat ?? null, seenComplaint: seen.complaint ?? null,
    seenOverdueContact: seen.overdueContact ?? null, seenOverdueAgreement: seen.overdueAgreement ?? null,
  });
  const zero = () => Object.fromEntries(alertKinds.map((k) => [k, 0])) as Record<AlertKind, number>;
  const counts = zero();
  const unseen = zero();
  const newest = Object.fromEntries(alertKinds.map((k) => [k, null])) as Record<AlertKind, string | null>;
  const items = rows.map((r) => alertItemSchema.parse(r));
  rows.forEach((r, i) => {
    const k = items[i].kind;
    counts[k] = Number(r.kindTotal);
    unseen[k] = Number(r.kindNew);
    if (newest[k] === null || items[i].at > newest[k]!) newest[k] = items[i].at;
  });
  const system = scope.role === 'specialist' ? [] : systemAlerts();
  const sum = (x: Record<AlertKind, number>) => Object.values(x).reduce((s, n) => s + n, 0);
  return { asOf, system, items, counts, unseen, newest, total: sum(counts) + system.length, unseenTotal: sum(unseen) + system.length };
}

/** The newest published snapshot would not open in this worker, so an older one is served. */
function systemAlerts(): SystemAlert[] {
  const f = snapshotFallback();
  return f ? [{ kind: 'snapshotFallback', text: t.alerts.snapshotFallback(f.wanted, f.serving), since: f.since }] : [];
}
