// The preparation checklist's reads of one client, as known on D: the last completed contact (first,
// it sets the window), then everything else in one statement, one column per part, each a list of
// structs. Every extract table is read by client_id, which DuckDB's zone maps answer in about a
// millisecond whatever the size of the company (tables are stored in client order for the bulk of
// their rows, scripts/bench/CARD.md); open debt and unreturned acts come from the payment marts
// (lib/metrics/payment-mart.ts), whose open rows are a short tail sorted by the day they close.
// The per-period payment figures are NOT read from mart_payment_events: it is laid out by period
// for company-wide sums, so one client's six periods cost a scan of six periods of everybody
// (49 ms at 200,000 clients against 1.5 ms from invoices by client_id); they follow its rules
// exactly (collected capped at the amount, a payment before issue counts from issued_on, paid in
// full on the day the running sum reaches the amount), and tests/unit/prep checks both agree.
//   $clientId  the client;  $asOf  D;  $pFrom..$pTo  the six billing periods ending with D's;
//   $sinceOn   the last completed contact's day (NULL: none);  $uFrom/$uPrevFrom  the usage window
//   and the one before it (lib/prep/window.ts);  $hotFrom  first day of the hotline fortnight.
import { ACT_RETURN_GRACE_DAYS } from './suggest';

/** Billing periods in "Payments & acts" (metrics.md: "last 6 periods"). */
export const PREP_PERIODS = 6;
/** "Hotline questions (topics of the last 2 weeks, by contact person)": days, D included. */
export const HOTLINE_DAYS = 14;
/** Talking points shown (metrics.md: "1–2 newest materials"). */
export const MATERIALS_SHOWN = 2;
/** Agreements done since the last contact listed at most (newest first). */
export const DONE_AGREEMENTS_SHOWN = 20;
/** Unreturned acts listed at most (oldest first). */
export const ACTS_SHOWN = 24;

/** Timestamps leave as company-local `YYYY-MM-DDTHH:MM:SS` (extracts.md: local time of the company). */
const ts = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;
const day = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
/** Happened on or before D (by the end of that day). */
const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;

/* sql */
export const LAST_CONTACT_SQL = `
SELECT i.interaction_id AS id, ${ts('i.occurred_at')} AS "occurredAt", i.channel, i.contact_type AS "contactType",
  i.topic, i.outcome, k.full_name AS "contactName", k.role AS "contactRole", s.full_name AS "specialistName"
FROM (
  SELECT * FROM interactions
  WHERE client_id = $clientId AND ${byD('occurred_at')}
  ORDER BY occurred_at DESC, interaction_id DESC
  LIMIT 1
) i
LEFT JOIN contacts k ON k.contact_id = i.contact_id
LEFT JOIN specialists s ON s.specialist_id = i.specialist_id`;

const CTES = /* sql */ `
cl AS MATERIALIZED (SELECT segment, tax_system FROM clients WHERE client_id = $clientId),
k AS MATERIALIZED (SELECT contact_id, full_name, role, position, phone, email, specifics FROM contacts WHERE client_id = $clientId),
i AS MATERIALIZED (
  SELECT interaction_id, contact_id, specialist_id, channel, contact_type, planned_on, occurred_at, topic
  FROM interactions WHERE client_id = $clientId),
a AS MATERIALIZED (
  SELECT agreement_id, interaction_id, text, due_on, done_on, feedback, feedback_on FROM agreements WHERE client_id = $clientId),
th AS MATERIALIZED (
  SELECT threat_id, kind, raised_at, first_reaction_at, description FROM threats
  WHERE client_id = $clientId AND ${byD('raised_at')} AND (resolved_at IS NULL OR NOT ${byD('resolved_at')})),
u AS MATERIALIZED (
  SELECT kind, contact_id, date, count, topic FROM usage
  WHERE client_id = $clientId AND date BETWEEN least($uPrevFrom::DATE, $hotFrom::DATE) AND $asOf::DATE),
inv AS MATERIALIZED (
  SELECT invoice_id, period, issued_on, due_on, amount FROM invoices
  WHERE client_id = $clientId AND period BETWEEN $pFrom AND $pTo AND issued_on <= $asOf::DATE),
pay AS MATERIALIZED (
  SELECT p.invoice_id, p.paid_on, sum(p.amount) AS amount FROM payments p
  WHERE p.client_id = $clientId AND p.paid_on <= $asOf::DATE AND p.invoice_id IN (SELECT invoice_id FROM inv)
  GROUP BY p.invoice_id, p.paid_on)`;

// Each part: a SELECT whose rows become one list column, in `ord` order.
const PARTS: Record<string, string> = {
  // The earliest contact planned and not done on D (overdue ones are the earliest).
  nextPlanned: /* sql */ `
    SELECT i.interaction_id AS id, ${day('i.planned_on')} AS "plannedOn", i.channel, i.contact_type AS "contactType", i.topic,
      k.full_name AS "contactName", (i.planned_on < $asOf::DATE) AS overdue, 1 AS ord
    FROM i LEFT JOIN k ON k.contact_id = i.contact_id
    WHERE i.planned_on IS NOT NULL AND (i.occurred_at IS NULL OR NOT ${byD('i.occurred_at')})
    ORDER BY i.planned_on, i.interaction_id LIMIT 1`,
  // Agreements made by D (their contact done by D, or none recorded) that are open on D, and those
  // done since the last completed contact (all done by D when there was none), with feedback known on D.
  agreements: /* sql */ `
    SELECT *, row_number() OVER (ORDER BY grp, CASE WHEN grp = 0 THEN due END, done DESC, id) AS ord
    FROM (
      SELECT a.agreement_id AS id, a.text, ${day('a.due_on')} AS "dueOn",
        CASE WHEN a.done_on <= $asOf::DATE THEN ${day('a.done_on')} END AS "doneOn",
        CASE WHEN a.done_on <= $asOf::DATE AND a.feedback IS NOT NULL AND (a.feedback_on IS NULL OR a.feedback_on <= $asOf::DATE) THEN a.feedback END AS feedback,
        CASE WHEN a.done_on <= $asOf::DATE AND a.feedback_on <= $asOf::DATE THEN ${day('a.feedback_on')} END AS "feedbackOn",
        ${day('i.occurred_at')} AS "madeOn",
        CASE WHEN a.done_on <= $asOf::DATE THEN 'done' WHEN a.due_on < $asOf::DATE THEN 'overdue' ELSE 'open' END AS state,
        CASE WHEN a.done_on <= $asOf::DATE THEN 0 ELSE greatest($asOf::DATE - a.due_on, 0) END::INTEGER AS "daysOverdue",
        -- open first (the earliest due first), then done since the last contact, newest first
        CASE WHEN a.done_on <= $asOf::DATE THEN 1 ELSE 0 END AS grp, a.due_on AS due, a.done_on AS done
      FROM a LEFT JOIN i ON i.interaction_id = a.interaction_id
      WHERE (i.occurred_at IS NULL OR ${byD('i.occurred_at')})
        AND (a.done_on IS NULL OR a.done_on > $asOf::DATE OR a.done_on >= coalesce($sinceOn::DATE, DATE '0001-01-01'))
    )
    QUALIFY grp = 0 OR row_number() OVER (PARTITION BY grp ORDER BY done DESC, id) <= ${DONE_AGREEMENTS_SHOWN}`,
  // Per period: invoice counts and ₽ by how they were paid, as known on D (the payment mart's rules).
  periods: /* sql */ `
    WITH steps AS (
      SELECT pay.invoice_id, greatest(pay.paid_on, inv.issued_on) AS on_date,
             sum(pay.amount) OVER (PARTITION BY pay.invoice_id ORDER BY pay.paid_on) AS upto
      FROM pay JOIN inv ON inv.invoice_id = pay.invoice_id
    ),
    per_invoice AS (
      SELECT inv.invoice_id, inv.period, inv.due_on, inv.amount,
             least(coalesce(max(s.upto), 0), inv.amount) AS collected,
             CASE WHEN inv.amount <= 0 THEN inv.issued_on ELSE min(s.on_date) FILTER (WHERE s.upto >= inv.amount) END AS full_on
      FROM inv LEFT JOIN steps s ON s.invoice_id = inv.invoice_id
      GROUP BY inv.invoice_id, inv.period, inv.due_on, inv.amount, inv.issued_on
    )
    SELECT period, period AS ord,
      count(*)::INTEGER AS invoices,
      sum(amount)::DOUBLE AS billed,
      sum(collected)::DOUBLE AS collected,
      count(*) FILTER (WHERE full_on <= due_on)::INTEGER AS "onTime",
      count(*) FILTER (WHERE full_on > due_on)::INTEGER AS late,
      max(full_on - due_on) FILTER (WHERE full_on > due_on)::INTEGER AS "maxDaysLate",
      count(*) FILTER (WHERE full_on IS NULL)::INTEGER AS unpaid,
      coalesce(sum(amount - collected) FILTER (WHERE full_on IS NULL), 0)::DOUBLE AS "unpaidAmount",
      max($asOf::DATE - due_on) FILTER (WHERE full_on IS NULL AND due_on < $asOf::DATE)::INTEGER AS "maxDaysOverdue"
    FROM per_invoice
    GROUP BY period
    ORDER BY period`,
  // Open debt on D from the open-debt mart (lib/metrics/debtors.ts reads the same rows): every
  // invoice of the client not fully collected on D, whatever its period.
  debt: /* sql */ `
    SELECT coalesce(sum(billed - collected), 0)::DOUBLE AS outstanding,
      coalesce(sum(billed - collected) FILTER (WHERE due_on < $asOf::DATE), 0)::DOUBLE AS overdue,
      count(*) FILTER (WHERE billed <> 0)::INTEGER AS invoices,
      count(*) FILTER (WHERE billed <> 0 AND due_on < $asOf::DATE)::INTEGER AS "overdueInvoices",
      ${day('min(due_on) FILTER (WHERE due_on < $asOf::DATE)')} AS "oldestDueOn",
      coalesce(max($asOf::DATE - due_on) FILTER (WHERE due_on < $asOf::DATE), 0)::INTEGER AS "daysOverdue",
      1 AS ord
    FROM mart_debt_events
    WHERE open_until > $asOf::DATE AND on_date <= $asOf::DATE AND client_id = $clientId`,
  // Acts not returned on D from the acts mart (lib/metrics/unreturned-acts.ts), oldest first.
  acts: /* sql */ `
    SELECT act_id AS id, period, ${day('issued_on')} AS "issuedOn", ($asOf::DATE - issued_on)::INTEGER AS "ageDays",
      (count(*) OVER ())::INTEGER AS total,
      (count(*) FILTER (WHERE $asOf::DATE - issued_on >= ${ACT_RETURN_GRACE_DAYS}) OVER ())::INTEGER AS "pastGrace",
      row_number() OVER (ORDER BY issued_on, act_id) AS ord
    FROM mart_act_events
    WHERE open_until > $asOf::DATE AND issued_on <= $asOf::DATE AND client_id = $clientId
    QUALIFY ord <= ${ACTS_SHOWN}`,
  // Service use per kind: the usage window against the one before it.
  usage: /* sql */ `
    SELECT kind,
      coalesce(sum(count) FILTER (WHERE date >= $uFrom::DATE), 0)::INTEGER AS current,
      coalesce(sum(count) FILTER (WHERE date BETWEEN $uPrevFrom::DATE AND $uFrom::DATE - 1), 0)::INTEGER AS previous,
      kind AS ord
    FROM u GROUP BY kind`,
  // Hotline questions of the last two weeks by contact person (NULL: not recorded who asked).
  hotline: /* sql */ `
    SELECT u.contact_id AS "contactId", k.full_name AS "contactName", k.role AS "contactRole", sum(u.count)::INTEGER AS questions,
      coalesce(list(DISTINCT u.topic ORDER BY u.topic) FILTER (WHERE u.topic IS NOT NULL), []) AS topics,
      row_number() OVER (ORDER BY sum(u.count) DESC, k.full_name NULLS LAST) AS ord
    FROM u LEFT JOIN k ON k.contact_id = u.contact_id
    WHERE u.kind = 'hotline_question' AND u.date >= $hotFrom::DATE
    GROUP BY u.contact_id, k.full_name, k.role`,
  // Contact persons: ЛПР first, then ЛВР, КЛ, users; by name within a role.
  contacts: /* sql */ `
    SELECT contact_id AS id, full_name AS "fullName", role, position, phone, email, specifics,
      row_number() OVER (ORDER BY array_position(['decision_maker', 'influencer', 'contact', 'user'], role) NULLS LAST, full_name, contact_id) AS ord
    FROM k`,
  // Threats open on D, the oldest first, with the threat's own first reaction (metrics.md control 6)
  // and the first contact done with the client after it was raised, both as known on D.
  threats: /* sql */ `
    SELECT th.threat_id AS id, th.kind, ${ts('th.raised_at')} AS "raisedAt", th.description,
      ($asOf::DATE - th.raised_at::DATE)::INTEGER AS "ageDays",
      CASE WHEN ${byD('th.first_reaction_at')} THEN ${ts('th.first_reaction_at')} END AS "firstReactionAt",
      ${ts(`(SELECT min(i.occurred_at) FROM i WHERE i.occurred_at >= th.raised_at AND ${byD('i.occurred_at')})`)} AS "firstContactAt",
      row_number() OVER (ORDER BY th.raised_at, th.threat_id) AS ord
    FROM th`,
  // Talking points: published by D, for the client's segment and tax system (a material without a
  // segment or tax system is for everyone), the newest first.
  materials: /* sql */ `
    SELECT m.material_id AS id, m.title, ${day('m.published_on')} AS "publishedOn", m.segment, m.tax_system AS "taxSystem", m.url, m.summary,
      row_number() OVER (ORDER BY m.published_on DESC, m.material_id DESC) AS ord
    FROM materials m, cl
    WHERE m.published_on <= $asOf::DATE
      AND (m.segment IS NULL OR m.segment = cl.segment)
      AND (m.tax_system IS NULL OR m.tax_system = cl.tax_system)
    QUALIFY ord <= ${MATERIALS_SHOWN}`,
};

export type PrepPart = keyof typeof PARTS;

/** Every part in one statement, one row: each column the part's rows as a list of structs. */
export const PREP_SQL = `WITH ${CTES}\nSELECT ${Object.entries(PARTS)
  .map(([name, sql]) => `(SELECT coalesce(list(x ORDER BY x.ord), []) FROM (${sql}) x) AS "${name}"`)
  .join(',\n')}`;
