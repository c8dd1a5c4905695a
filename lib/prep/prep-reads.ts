// The preparation checklist's reads of one client: one plain statement per table, by client_id, all run
// side by side (lib/prep/preparation.ts); lib/prep/prep-parts.ts then works out the sections from the
// rows. A client_id filter is answered from DuckDB's zone maps in a few milliseconds whatever the size
// of the company (tables are stored in client order for the bulk of their rows, scripts/bench/CARD.md),
// so the cost is the number of table reads: each table is read once. Measured at 200,000 clients,
// cold, on a busy 2-core machine: statements that joined and aggregated per section (CTEs, list()
// columns) cost 2–3 times their plain reads, 65 ms for the interaction-side sections alone.
// Open debt and unreturned acts are read from the payment marts (lib/metrics/payment-mart.ts): their
// open rows are a short tail sorted by the day they close. Per-period payment figures are NOT read
// from mart_payment_events: it is sorted by period for company-wide sums, so one client's six
// periods cost a scan of six periods of everybody (49 ms against ~4 ms from invoices by client_id).
//   $clientId  the client;  $asOf  D;  $pFrom..$pTo  the billing periods of "Payments & acts".
import { z } from 'zod';
import { query } from '../db';
import { ACT_RETURN_GRACE_DAYS } from './suggest';

/** Timestamps leave as company-local `YYYY-MM-DDTHH:MM:SS` (extracts.md: local time of the company). */
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;
const day = (col: string) => `strftime(${col}, '%Y-%m-%d')`;

const str = z.string();
const nstr = z.string().nullable();
const int = z.coerce.number().int();
/** Money in kopecks (integers), so sums are exact: DECIMAL(18,2) arrives as a string. */
const kopecks = z.union([z.string(), z.number()]).transform((v) => Math.round(Number(v) * 100));

const READS = {
  interactions: {
    sql: /* sql */ `
      SELECT i.interaction_id AS id, i.contact_id AS "contactId", s.full_name AS "specialistName", i.channel, i.contact_type AS "contactType",
        ${day('i.planned_on')} AS "plannedOn", ${ts('i.occurred_at')} AS "occurredAt", i.topic, i.outcome
      FROM interactions i LEFT JOIN specialists s ON s.specialist_id = i.specialist_id
      WHERE i.client_id = $clientId`,
    row: z.object({
      id: str, contactId: nstr, specialistName: nstr, channel: str, contactType: str, plannedOn: nstr, occurredAt: nstr, topic: nstr, outcome: nstr,
    }),
  },
  contacts: {
    sql: /* sql */ `SELECT contact_id AS id, full_name AS "fullName", role, position, phone, email, specifics FROM contacts WHERE client_id = $clientId`,
    row: z.object({ id: str, fullName: str, role: str, position: nstr, phone: nstr, email: nstr, specifics: nstr }),
  },
  agreements: {
    sql: /* sql */ `
      SELECT agreement_id AS id, interaction_id AS "interactionId", text, ${day('due_on')} AS "dueOn", ${day('done_on')} AS "doneOn",
        feedback, ${day('feedback_on')} AS "feedbackOn"
      FROM agreements WHERE client_id = $clientId`,
    row: z.object({ id: str, interactionId: nstr, text: str, dueOn: str, doneOn: nstr, feedback: nstr, feedbackOn: nstr }),
  },
  threats: {
    sql: /* sql */ `
      SELECT threat_id AS id, kind, ${ts('raised_at')} AS "raisedAt", ${ts('first_reaction_at')} AS "firstReactionAt",
        ${ts('resolved_at')} AS "resolvedAt", description
      FROM threats WHERE client_id = $clientId`,
    row: z.object({
      id: str, kind: z.enum(['disconnect', 'competitor', 'complaint']), raisedAt: str, firstReactionAt: nstr, resolvedAt: nstr, description: nstr,
    }),
  },
  usage: {
    sql: /* sql */ `SELECT kind, contact_id AS "contactId", ${day('date')} AS date, count, topic FROM usage WHERE client_id = $clientId AND date <= $asOf::DATE`,
    row: z.object({ kind: str, contactId: nstr, date: str, count: int, topic: nstr }),
  },
  invoices: {
    sql: /* sql */ `
      SELECT invoice_id AS id, period, ${day('issued_on')} AS "issuedOn", ${day('due_on')} AS "dueOn", amount
      FROM invoices WHERE client_id = $clientId AND period BETWEEN $pFrom AND $pTo AND issued_on <= $asOf::DATE`,
    row: z.object({ id: str, period: str, issuedOn: str, dueOn: str, amount: kopecks }),
  },
  payments: {
    sql: /* sql */ `SELECT invoice_id AS "invoiceId", ${day('paid_on')} AS "paidOn", amount FROM payments WHERE client_id = $clientId AND paid_on <= $asOf::DATE`,
    row: z.object({ invoiceId: str, paidOn: str, amount: kopecks }),
  },
  // Talking points for the client's segment and tax system (a material without one is for everyone),
  // published by D, the newest first.
  materials: {
    sql: /* sql */ `
      SELECT m.material_id AS id, m.title, ${day('m.published_on')} AS "publishedOn", m.segment, m.tax_system AS "taxSystem", m.url, m.summary
      FROM materials m, (SELECT segment, tax_system FROM clients WHERE client_id = $clientId) c
      WHERE m.published_on <= $asOf::DATE AND (m.segment IS NULL OR m.segment = c.segment) AND (m.tax_system IS NULL OR m.tax_system = c.tax_system)
      ORDER BY m.published_on DESC, m.material_id DESC
      LIMIT $limit`,
    row: z.object({ id: str, title: str, publishedOn: str, segment: nstr, taxSystem: nstr, url: nstr, summary: nstr }),
  },
  // Open debt on D from the open-debt mart (lib/metrics/debtors.ts reads the same rows): every invoice
  // of the client not fully collected on D, whatever its period.
  debt: {
    sql: /* sql */ `
      SELECT coalesce(sum(billed - collected), 0)::DOUBLE AS outstanding,
        coalesce(sum(billed - collected) FILTER (WHERE due_on < $asOf::DATE), 0)::DOUBLE AS overdue,
        count(*) FILTER (WHERE billed <> 0)::INTEGER AS invoices,
        count(*) FILTER (WHERE billed <> 0 AND due_on < $asOf::DATE)::INTEGER AS "overdueInvoices",
        ${day('min(due_on) FILTER (WHERE due_on < $asOf::DATE)')} AS "oldestDueOn",
        coalesce(max($asOf::DATE - due_on) FILTER (WHERE due_on < $asOf::DATE), 0)::INTEGER AS "daysOverdue"
      FROM mart_debt_events
      WHERE open_until > $asOf::DATE AND on_date <= $asOf::DATE AND client_id = $clientId`,
    row: z.object({
      outstanding: z.coerce.number(), overdue: z.coerce.number(), invoices: int, overdueInvoices: int, oldestDueOn: nstr, daysOverdue: int,
    }),
  },
  // Acts not returned on D from the acts mart (lib/metrics/unreturned-acts.ts), oldest first; how many
  // in all and how many are out past the suggestion's grace (lib/prep/suggest.ts).
  acts: {
    sql: /* sql */ `
      WITH open_acts AS MATERIALIZED (
        SELECT act_id, period, issued_on FROM mart_act_events
        WHERE open_until > $asOf::DATE AND issued_on <= $asOf::DATE AND client_id = $clientId
      ), counts AS (
        -- Counted apart, not by a count with an empty OVER clause: that window intermittently raised an INTERNAL
        -- error on small inputs, which invalidates the database (docs/stack-notes.md §4a).
        SELECT count(*)::INTEGER AS total,
          (count(*) FILTER (WHERE $asOf::DATE - issued_on >= ${ACT_RETURN_GRACE_DAYS}))::INTEGER AS "pastGrace"
        FROM open_acts
      )
      SELECT act_id AS id, period, ${day('issued_on')} AS "issuedOn", ($asOf::DATE - issued_on)::INTEGER AS "ageDays", total, "pastGrace"
      FROM open_acts CROSS JOIN counts
      ORDER BY issued_on, act_id
      LIMIT $limit`,
    row: z.object({ id: str, period: str, issuedOn: str, ageDays: int, total: int, pastGrace: int }),
  },
} as const;

export type PrepReadName = keyof typeof READS;
export type PrepRows = { [K in PrepReadName]: Array<z.infer<(typeof READS)[K]['row']>> };

/** Talking points shown (metrics.md: "1–2 newest materials"). */
export const MATERIALS_SHOWN = 2;
/** Unreturned acts listed at most (oldest first; the count covers all). */
export const ACTS_SHOWN = 24;

const LIMITS: Partial<Record<PrepReadName, number>> = { materials: MATERIALS_SHOWN, acts: ACTS_SHOWN };

/** Only the parameters the SQL uses: DuckDB refuses to bind a name that does not occur. */
function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
}

/**
 * Every table's rows of `clientId` as known on `asOf` (billing periods `pFrom`..`pTo`), read side by
 * side. The caller checks the scope (and drops the rows of a client outside it unseen).
 */
export async function readPrepRows(clientId: string, asOf: string, pFrom: string, pTo: string): Promise<PrepRows> {
  const names = Object.keys(READS) as PrepReadName[];
  const results = await Promise.all(names.map(async (name) => {
    const { sql, row } = READS[name];
    const rows = await query(sql, usedParams(sql, { clientId, asOf, pFrom, pTo, limit: LIMITS[name] }));
    return [name, rows.map((r) => (row as z.ZodType).parse(r))] as const;
  }));
  return Object.fromEntries(results) as PrepRows;
}
