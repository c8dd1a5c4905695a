// Маячок угроз (/beacon): a head's list of their teams' new threats — disconnection, competitor,
// complaint — open on D and raised within the last `days` days, with their age and whether anyone
// reacted yet (lib/day/reaction.ts), unreacted first, then the newest. Beside it, metrics.md
// control 6 over the same threats: how many are unreacted and the median hours to the reaction.
// Scope: the caller's (a head's teams; a specialist sees their own clients' threats).
import { z } from 'zod';
import { query } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';
import { openOnD, reactionAtSql } from '../day/reaction';

export const beaconDays = [7, 14, 30, 90] as const;
export type BeaconDays = (typeof beaconDays)[number];
export const DEFAULT_BEACON_DAYS: BeaconDays = 14;
export const beaconDaysSchema = z.enum(beaconDays.map(String) as ['7', '14', '30', '90'], { error: `дней: одно из ${beaconDays.join(', ')}` })
  .transform((s) => Number(s) as BeaconDays);

const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;

const BEACON_SQL = (scopeCte: string) => /* sql */ `
WITH ${scopeCte},
open AS (
  SELECT th.threat_id, th.client_id, th.kind, th.raised_at, th.description, ${reactionAtSql('th')} AS reacted_at
  FROM threats th
  WHERE th.client_id IN (SELECT client_id FROM scoped_clients) AND ${openOnD('th')}
    AND th.raised_at::DATE > $asOf::DATE - $days
)
SELECT o.threat_id AS id, o.client_id AS "clientId", c.name AS "clientName", o.kind, ${ts('o.raised_at')} AS "raisedAt",
  o.description, ($asOf::DATE - o.raised_at::DATE)::INTEGER AS "ageDays", ${ts('o.reacted_at')} AS "reactedAt",
  round(epoch(o.reacted_at - o.raised_at) / 3600, 1)::DOUBLE AS "reactionHours",
  s.full_name AS "specialistName", t.name AS "teamName"
FROM open o
JOIN clients c ON c.client_id = o.client_id
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
LEFT JOIN teams t ON t.team_id = s.team_id
ORDER BY o.reacted_at IS NOT NULL, o.raised_at DESC, o.threat_id`;

export const beaconRowSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  kind: z.enum(['disconnect', 'competitor', 'complaint']),
  raisedAt: z.string(),
  description: z.string().nullable(),
  /** D − the day it was raised. */
  ageDays: z.coerce.number().int(),
  /** The reaction (lib/day/reaction.ts) as known on D; null: nobody reacted yet. */
  reactedAt: z.string().nullable(),
  reactionHours: z.coerce.number().nullable(),
  specialistName: z.string().nullable(),
  teamName: z.string().nullable(),
});
export type BeaconRow = z.infer<typeof beaconRowSchema>;

export interface ThreatBeacon {
  asOf: string;
  days: BeaconDays;
  rows: BeaconRow[];
  unreacted: number;
  /** Median hours to the reaction over the reacted ones; null when none reacted. */
  medianReactionHours: number | null;
}

/** Median of numbers (null for none). */
function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The threat beacon of `scope` as known on `asOf` (D): threats open on D raised within `days` days. */
export async function getThreatBeacon(scope: Scope, asOf: string, days: BeaconDays = DEFAULT_BEACON_DAYS): Promise<ThreatBeacon> {
  const cte = scopedClientsCte(scope);
  const rows = (await query(BEACON_SQL(cte.sql), { ...cte.params, asOf, days })).map((r) => beaconRowSchema.parse(r));
  return {
    asOf,
    days,
    rows,
    unreacted: rows.filter((r) => r.reactedAt === null).length,
    medianReactionHours: median(rows.flatMap((r) => (r.reactionHours === null ? [] : [r.reactionHours]))),
  };
}
