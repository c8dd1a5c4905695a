// The bell in the header (GET /api/v1/alerts): what needs attention in the caller's scope as known on
// D, newest first, each linking to its client:
//   - threat / complaint: threats open on D raised within NEW_THREAT_DAYS (lib/day/reaction.ts);
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
import type { Scope } from '../db/scope';
import { dayIsStored, dayItemsCte } from '../day/my-day';
import { t } from '../i18n/ru';
import { snapshotFallback } from '../snapshots/follow';
import { alertKinds, type AlertKind } from './kinds';
import type { SeenUpTo } from './seen';

export { alertKinds, type AlertKind };

/** Overdue contacts and agreements enter the bell for this many days. */
export const ALERT_OVERDUE_DAYS = 30;
/** Items listed per kind at most (counts cover all). */
export const ALERT_PER_KIND = 5;

const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

// From the day's rows (lib/day/day-mart.ts: stored for the newest as-of, computed otherwise): new
// threats are the day's threats raised within NEW_THREAT_DAYS; overdue contacts and agreements are
// the day's overdue ones that went overdue within ALERT_OVERDUE_DAYS.
const ALERTS_SQL = (itemsCte: string) => /* sql */ `
WITH ${itemsCte},
bell AS (
  SELECT CASE WHEN kind = 'complaint' THEN 'complaint' ELSE 'threat' END AS kind, id, client_id, client_name,
    raised_at AS happened_at, coalesce(text, kind) AS text, kind AS detail
  FROM items WHERE list = 'threat' AND is_new
  UNION ALL
  SELECT 'overdueContact', id, client_id, client_name, (on_date + 1)::TIMESTAMP, topic, contact_type
  FROM items WHERE list = 'overdue' AND on_date >= $asOf::DATE - ${ALERT_OVERDUE_DAYS}
  UNION ALL
  SELECT 'overdueAgreement', id, client_id, client_name, (on_date + 1)::TIMESTAMP, text, NULL
  FROM items WHERE list = 'agreement' AND on_date < $asOf::DATE AND on_date >= $asOf::DATE - ${ALERT_OVERDUE_DAYS}
),
marked AS MATERIALIZED (
  -- New: after the caller's mark of its kind (none yet: all new).
  SELECT *, coalesce(happened_at > CASE kind WHEN 'threat' THEN $seenThreat::TIMESTAMP WHEN 'complaint' THEN $seenComplaint::TIMESTAMP
    WHEN 'overdueContact' THEN $seenOverdueContact::TIMESTAMP WHEN 'overdueAgreement' THEN $seenOverdueAgreement::TIMESTAMP END, true) AS is_new
  FROM bell
),
-- Each kind's counts by GROUP BY and its first rows by a top-N of its own: windows over the whole
-- company's rows (a row_number and counts partitioned by kind) took ~0.3 s at 200,000 clients.
counts AS (SELECT kind, count(*)::INTEGER AS n, count(*) FILTER (WHERE is_new)::INTEGER AS n_new FROM marked GROUP BY kind),
top AS (
  ${alertKinds.map((k) => `(SELECT * FROM marked WHERE kind = '${k}' ORDER BY happened_at DESC, id LIMIT $perKind)`).join('\n  UNION ALL ')}
)
SELECT r.kind, r.id, r.client_id AS "clientId", r.client_name AS "clientName", ${ts('r.happened_at')} AS at, r.text, r.detail,
  ($asOf::DATE - r.happened_at::DATE)::INTEGER AS days, r.is_new AS "isNew", n.n AS "kindTotal", n.n_new AS "kindNew"
FROM top r JOIN counts n ON n.kind = r.kind
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
 * first, each marked new or not against `seen` (the caller's marks, lib/alerts/seen.ts). `source`:
 * the day's stored rows or computed ones (default: stored on their D₀, lib/day/day-mart.ts).
 */
export async function getAlerts(scope: Scope, asOf: string, opts: { perKind?: number; seen?: SeenUpTo; source?: 'stored' | 'live' } = {}): Promise<Alerts> {
  const { seen = {} } = opts;
  // At least the newest of each kind: it gives the kind's count and its `newest`.
  const perKind = Math.max(1, Math.trunc(opts.perKind ?? ALERT_PER_KIND));
  const cte = dayItemsCte(scope, asOf, opts.source ? opts.source === 'stored' : await dayIsStored(asOf));
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
