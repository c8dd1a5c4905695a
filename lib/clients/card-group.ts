// The holding or chain a client belongs to (domain.md "Client structure"), for the client card:
//   - holding: every client with the same holding_id (several legal entities);
//   - chain: the parent entity and its outlets (parent_client_id → the parent); a client is in a
//     chain when it has a parent or outlets. One level, as extracts.md describes outlets.
// Only members inside the caller's scope are listed (and linked); the others are counted, never
// named, so a specialist learns that a group has members elsewhere but not which. Group totals
// (billed and collected of the period of D, open threats on D) cover the listed members only, for
// the same reason: another specialist's client's money is not the caller's to see.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { pct, periodOf } from '../metrics/period';
import { getPeriodSums } from './card-payments';

export const groupKinds = ['holding', 'chain'] as const;
export type GroupKind = (typeof groupKinds)[number];

const memberRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  inn: z.string().nullable(),
  status: z.string(),
  specialistName: z.string().nullable(),
  /** chain: the parent entity (the others are its outlets). */
  isParent: z.coerce.boolean(),
  visible: z.coerce.boolean(),
});

export interface CardGroupMember {
  id: string;
  name: string;
  inn: string | null;
  status: string;
  specialistName: string | null;
  /** chain only: the parent entity. */
  isParent: boolean;
  /** The card's own client. */
  isSelf: boolean;
}

export interface CardGroup {
  kind: GroupKind;
  /** holding_id, or the chain parent's client_id. */
  id: string;
  /** holding_name; for a chain the parent's name when the caller may see it; else null. */
  name: string | null;
  /** Members the caller may see, the card's client among them; parent first, then by name. */
  members: CardGroupMember[];
  /** Members outside the caller's scope: counted, not named. */
  outsideScope: number;
  totals: {
    /** All members, in scope or not. */
    members: number;
    /** The period of D. */
    period: string;
    /** Over the listed members, as known on D. */
    billed: number;
    collected: number;
    paymentPct: number | null;
    openThreats: number;
  };
}

/** What the card's header knows about the client's place in a group. */
export interface GroupKeys {
  id: string;
  holdingId: string | null;
  holdingName: string | null;
  parentClientId: string | null;
}

function membersSql(where: string, visible: string): string {
  return /* sql */ `
SELECT c.client_id AS id, c.name, c.inn, c.status, s.full_name AS "specialistName",
  (c.client_id = $root) AS "isParent", (${visible}) AS visible
FROM clients c LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
WHERE ${where}
ORDER BY (c.client_id = $root) DESC, c.name, c.client_id`;
}

/** Open threats on D (raised by D, not resolved by D) per client of `ids`. */
async function openThreatCount(ids: string[], asOf: string): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await query(/* sql */ `
    SELECT count(*)::INTEGER AS n FROM threats
    WHERE client_id IN (SELECT unnest($ids::VARCHAR[]))
      AND raised_at < $asOf::DATE + INTERVAL 1 DAY
      AND (resolved_at IS NULL OR resolved_at >= $asOf::DATE + INTERVAL 1 DAY)`, { ids, asOf });
  return Number((rows[0] as { n: number }).n);
}

async function buildGroup(kind: GroupKind, id: string, name: string | null, raw: unknown[], selfId: string, asOf: string): Promise<CardGroup | null> {
  const all = raw.map((r) => memberRowSchema.parse(r));
  if (all.length < 2) return null; // a chain of one is no chain
  const visible = all.filter((m) => m.visible);
  const ids = visible.map((m) => m.id);
  const period = periodOf(asOf);
  const [sums, openThreats] = await Promise.all([getPeriodSums(ids, period, asOf), openThreatCount(ids, asOf)]);
  const parent = all.find((m) => m.isParent);
  return {
    kind,
    id,
    name: kind === 'holding' ? name : parent?.visible ? parent.name : null,
    members: visible.map(({ visible: _v, ...m }) => ({ ...m, isParent: kind === 'chain' && m.isParent, isSelf: m.id === selfId })),
    outsideScope: all.length - visible.length,
    totals: { members: all.length, period, billed: sums.billed, collected: sums.collected, paymentPct: pct(sums.collected, sums.billed), openThreats },
  };
}

/**
 * The holding and/or chain of the client (0, 1 or 2 groups), members as `scope` may see them,
 * totals as known on `asOf`. The caller has already checked the client itself is in scope.
 */
export async function getCardGroups(c: GroupKeys, scope: Scope, asOf: string): Promise<CardGroup[]> {
  const sc = scopeClause(scope, 'c');
  const out: Array<Promise<CardGroup | null>> = [];
  if (c.holdingId) {
    out.push(query(membersSql('c.holding_id = $holdingId', sc.sql), { ...sc.params, holdingId: c.holdingId, root: '' })
      .then((rows) => buildGroup('holding', c.holdingId!, c.holdingName, rows, c.id, asOf)));
  }
  // The chain's parent: the client's own parent, else the client itself (it may have outlets).
  const root = c.parentClientId ?? c.id;
  // Two keyed lookups (UNION) rather than one OR over two columns, which scans every client.
  const chainWhere = 'c.client_id IN (SELECT $root UNION ALL SELECT x.client_id FROM clients x WHERE x.parent_client_id = $root)';
  out.push(query(membersSql(chainWhere, sc.sql), { ...sc.params, root })
    .then((rows) => buildGroup('chain', root, null, rows, c.id, asOf)));
  return (await Promise.all(out)).filter((g): g is CardGroup => g !== null);
}
