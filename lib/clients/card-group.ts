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

const totalsRowSchema = z.object({ billed: z.coerce.number(), collected: z.coerce.number(), openThreats: z.coerce.number().int() });

/**
 * Members (`where` over clients c) with a `visible` flag from the caller's scope, and on every row
 * the totals over the visible ones: billed and collected of period $period as known on D (an
 * invoice counts from issued_on ≤ D; collected = min(amount, Σ payments paid_on ≤ D)) and the
 * threats open on D. One statement; the ids go to the fact tables as a semi-join, which DuckDB
 * turns into a filter on the scan, so their zone maps still skip to the members' rows.
 */
function groupSql(where: string, visible: string): string {
  return /* sql */ `
WITH m AS MATERIALIZED (
  SELECT c.client_id AS id, c.name, c.inn, c.status, s.full_name AS "specialistName",
    (c.client_id = $root) AS "isParent", (${visible}) AS visible
  FROM clients c LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
  WHERE ${where}
),
vis AS (SELECT id FROM m WHERE visible),
ginv AS (
  SELECT invoice_id, amount FROM invoices
  WHERE client_id IN (SELECT id FROM vis) AND period = $period AND issued_on <= $asOf::DATE
),
gpaid AS (
  SELECT invoice_id, sum(amount) AS amount FROM payments
  WHERE client_id IN (SELECT id FROM vis) AND paid_on <= $asOf::DATE AND invoice_id IN (SELECT invoice_id FROM ginv)
  GROUP BY invoice_id
),
totals AS (
  SELECT coalesce(sum(ginv.amount), 0)::DOUBLE AS billed,
         coalesce(sum(least(coalesce(gpaid.amount, 0), ginv.amount)), 0)::DOUBLE AS collected,
         (SELECT count(*) FROM threats
          WHERE client_id IN (SELECT id FROM vis) AND raised_at < $asOf::DATE + INTERVAL 1 DAY
            AND (resolved_at IS NULL OR resolved_at >= $asOf::DATE + INTERVAL 1 DAY))::INTEGER AS "openThreats"
  FROM ginv LEFT JOIN gpaid ON gpaid.invoice_id = ginv.invoice_id
)
SELECT m.*, totals.* FROM m, totals
ORDER BY m."isParent" DESC, m.name, m.id`;
}

function buildGroup(kind: GroupKind, id: string, name: string | null, raw: unknown[], selfId: string, period: string): CardGroup | null {
  const all = raw.map((r) => memberRowSchema.parse(r));
  if (all.length < 2) return null; // a chain of one is no chain
  const totals = raw.length ? totalsRowSchema.parse(raw[0]) : { billed: 0, collected: 0, openThreats: 0 };
  const visible = all.filter((m) => m.visible);
  const parent = all.find((m) => m.isParent);
  return {
    kind,
    id,
    name: kind === 'holding' ? name : parent?.visible ? parent.name : null,
    members: visible.map(({ visible: _v, ...m }) => ({ ...m, isParent: kind === 'chain' && m.isParent, isSelf: m.id === selfId })),
    outsideScope: all.length - visible.length,
    totals: { members: all.length, period, ...totals, paymentPct: pct(totals.collected, totals.billed) },
  };
}

/**
 * The holding and/or chain of the client (0, 1 or 2 groups), members as `scope` may see them,
 * totals as known on `asOf`. The caller has already checked the client itself is in scope.
 */
export async function getCardGroups(c: GroupKeys, scope: Scope, asOf: string): Promise<CardGroup[]> {
  const sc = scopeClause(scope, 'c');
  const period = periodOf(asOf);
  const base = { ...sc.params, period, asOf };
  const out: Array<Promise<CardGroup | null>> = [];
  if (c.holdingId) {
    out.push(query(groupSql('c.holding_id = $holdingId', sc.sql), { ...base, holdingId: c.holdingId, root: '' })
      .then((rows) => buildGroup('holding', c.holdingId!, c.holdingName, rows, c.id, period)));
  }
  // The chain's parent: the client's own parent, else the client itself if it has outlets; most
  // clients are in no chain, and one cheap look at parent_client_id saves them the group query.
  const root = c.parentClientId ?? c.id;
  const inChain = c.parentClientId !== null
    || (await query('SELECT EXISTS (SELECT 1 FROM clients WHERE parent_client_id = $root) AS yes', { root }))[0]?.yes === true;
  if (inChain) {
    // Two keyed lookups (UNION) rather than one OR over two columns, which scans every client.
    const chainWhere = 'c.client_id IN (SELECT $root UNION ALL SELECT x.client_id FROM clients x WHERE x.parent_client_id = $root)';
    out.push(query(groupSql(chainWhere, sc.sql), { ...base, root })
      .then((rows) => buildGroup('chain', root, null, rows, c.id, period)));
  }
  return (await Promise.all(out)).filter((g): g is CardGroup => g !== null);
}
