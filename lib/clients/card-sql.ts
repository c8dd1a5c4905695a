// The client card's reads of the extract tables, in one place: one CTE per table holding just this
// client's rows (by client_id); every card section is a SELECT over them, so all sections agree on
// what "the client's rows known on D" are. A client_id lookup costs about a millisecond per table however
// large the table (the tables are stored in load order, which is client order for the bulk of
// the rows, so DuckDB's zone maps skip to the client's row groups: scripts/bench/CARD.md); the
// card's cost is the number of lookups, not the size of the company.
//   $clientId  the client;  $asOf  D;  $pFrom / $pTo  the card's first and last billing period.

export const clientCteNames = ['k', 'i', 'a', 'th', 'u', 'inv', 'pay', 'act'] as const;
export type ClientCte = (typeof clientCteNames)[number];

const CTE: Record<ClientCte, string> = {
  // Contact persons.
  k: `k AS MATERIALIZED (SELECT contact_id, full_name, role, position, phone, email, specifics FROM contacts WHERE client_id = $clientId)`,
  // Interactions (done, planned, or both).
  i: `i AS MATERIALIZED (SELECT interaction_id, contact_id, specialist_id, channel, contact_type, planned_on, occurred_at, topic, outcome
        FROM interactions WHERE client_id = $clientId)`,
  a: `a AS MATERIALIZED (SELECT agreement_id, interaction_id, specialist_id, text, due_on, done_on, feedback, feedback_on
        FROM agreements WHERE client_id = $clientId)`,
  th: `th AS MATERIALIZED (SELECT threat_id, kind, raised_at, first_reaction_at, resolved_at, outcome, description FROM threats WHERE client_id = $clientId)`,
  // Service use up to D, summed per kind and month (weekly session counts would bury everything else).
  u: `u AS MATERIALIZED (
        SELECT x.kind, strftime(x.date, '%Y-%m') AS period, max(x.date) AS last_on, sum(x.count)::INTEGER AS n,
          coalesce(list(DISTINCT x.topic ORDER BY x.topic) FILTER (WHERE x.topic IS NOT NULL), []) AS topics
        FROM usage x WHERE x.client_id = $clientId AND x.date <= $asOf::DATE
        GROUP BY x.kind, strftime(x.date, '%Y-%m'))`,
  // Invoices of the card's periods known on D.
  inv: `inv AS MATERIALIZED (SELECT invoice_id, period, issued_on, due_on, amount FROM invoices
        WHERE client_id = $clientId AND period BETWEEN $pFrom AND $pTo AND issued_on <= $asOf::DATE)`,
  // Payments known on D against those invoices, one row per invoice and day.
  pay: `pay AS MATERIALIZED (SELECT p.invoice_id, p.paid_on, sum(p.amount) AS amount FROM payments p
        WHERE p.client_id = $clientId AND p.paid_on <= $asOf::DATE AND p.invoice_id IN (SELECT invoice_id FROM inv)
        GROUP BY p.invoice_id, p.paid_on)`,
  // Acts of the card's periods known on D.
  act: `act AS MATERIALIZED (SELECT act_id, period, issued_on, returned_on FROM acts
        WHERE client_id = $clientId AND period BETWEEN $pFrom AND $pTo AND issued_on <= $asOf::DATE)`,
};
const DEPS: Partial<Record<ClientCte, ClientCte[]>> = { pay: ['inv'] };

/** `WITH`-list entries (no `WITH`) for the named client CTEs and what they depend on, in a valid order. */
export function clientCtes(names: readonly ClientCte[]): string {
  const need = new Set<ClientCte>();
  const add = (n: ClientCte) => { for (const d of DEPS[n] ?? []) add(d); need.add(n); };
  names.forEach(add);
  return clientCteNames.filter((n) => need.has(n)).map((n) => CTE[n]).join(',\n');
}

/** A card section: a SELECT over the client CTEs; `ord` orders its rows. */
export interface CardSection {
  ctes: readonly ClientCte[];
  sql: string;
}

/** Only the parameters the SQL uses: DuckDB refuses to bind a name that does not occur. */
export function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
  return out;
}

/** One section on its own: `WITH <its CTEs> <its SELECT> ORDER BY ord`. */
export function sectionSql(s: CardSection): string {
  return `WITH ${clientCtes(s.ctes)}\nSELECT * FROM (${s.sql}) ORDER BY ord`;
}

/** True when timestamp `col` happened on or before D (by the end of that day). */
export const byEndOf = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;
/** Timestamps leave as ISO local time `YYYY-MM-DDTHH:MM:SS` (company time, extracts.md). */
export const isoTs = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;
/** Dates leave as ISO `YYYY-MM-DD`. */
export const isoDay = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
