// Control 3, data completeness (spec/metrics.md "Manager KPIs", row 3): mean over the active
// clients of the share of six checks passed: client phone, client email, tax system, segment,
// specifics text, at least one decision maker with a phone or email (the card's checks,
// lib/clients/card.ts completenessOf: a blank value is missing). Reported as checks passed /
// (6 × active clients), which is that mean.
// Sales results from the same rows: active clients, and clients churned in the period (churned_on).
// As known on D:
//   - active on the window's last day (min(period end, D)): status active, or churned after that
//     day (the extracts keep no status history; a churned_on after it means still a client then),
//     and a contract that had started (contract_start empty or not after it); suspended is not active;
//   - the six checks read the client's current data: fields carry no history.
// Counted for the client's current specialist and that specialist's team.
import { z } from 'zod';
import { count, groupedRowSchema, groupParts, type KpiGrouping } from './common';
import type { DrillDef } from './drill';

/** The six checks, in the spec's order (the same keys as the card's completenessChecks). */
export const completenessCheckColumns = {
  phone: 'has_phone', email: 'has_email', taxSystem: 'has_tax_system', segment: 'has_segment',
  specifics: 'has_specifics', decisionMaker: 'has_decision_maker',
} as const;
export const COMPLETENESS_CHECKS = 6;

/** Active on day `day` (a bound date expression) for a mart_kpi_clients row `m`. */
export function activeOn(day: string, m = 'm'): string {
  return `((${m}.status = 'active' OR (${m}.status = 'churned' AND ${m}.churned_on > ${day}))
    AND (${m}.contract_start IS NULL OR ${m}.contract_start <= ${day}))`;
}

export const completenessAggSchema = groupedRowSchema.extend({ num: count, den: count, active: count, churned: count });
export type CompletenessAgg = z.infer<typeof completenessAggSchema>;

/** Checks passed, checks counted, active clients and churned clients per group. */
export function completenessSql(by: KpiGrouping, where: string): string {
  const g = groupParts(by, 'NULL');
  const act = activeOn('$to::DATE');
  return /* sql */ `
    SELECT ${g.key} AS id, ${g.isTotal}::INTEGER AS "isTotal",
      coalesce(sum(m.passed) FILTER (WHERE ${act}), 0)::INTEGER AS num,
      (${COMPLETENESS_CHECKS} * count(*) FILTER (WHERE ${act}))::INTEGER AS den,
      count(*) FILTER (WHERE ${act})::INTEGER AS active,
      count(*) FILTER (WHERE m.churned_on BETWEEN $from::DATE AND $to::DATE)::INTEGER AS churned
    FROM mart_kpi_clients m
    WHERE ${where}
    ${g.groupBy}`;
}

/** The trend: per month (the list `$months`, each active on `$monthEnds`), checks passed and counted. */
export function completenessByMonthSql(where: string): string {
  const act = activeOn('k.last_on');
  return /* sql */ `
    WITH k AS (SELECT unnest($months::VARCHAR[]) AS month, unnest($monthEnds::DATE[]) AS last_on)
    SELECT k.month AS id, 0 AS "isTotal",
      coalesce(sum(m.passed) FILTER (WHERE ${act}), 0)::INTEGER AS num,
      (${COMPLETENESS_CHECKS} * count(*) FILTER (WHERE ${act}))::INTEGER AS den,
      count(*) FILTER (WHERE ${act})::INTEGER AS active, 0 AS churned
    FROM mart_kpi_clients m CROSS JOIN k
    WHERE ${where}
    GROUP BY k.month`;
}

/**
 * The KPI summary (lib/kpi/summary.ts): per month (`$monthKeys` YYYYMM, each from `$monthStarts` to
 * `$monthEnds`) and owner keys, completenessSql's figures for that month's window.
 */
export function completenessSummarySql(where: string): string {
  const act = activeOn('k.last_on');
  return /* sql */ `
    WITH k AS (SELECT unnest($monthKeys::INTEGER[]) AS mk, unnest($monthStarts::DATE[]) AS first_on, unnest($monthEnds::DATE[]) AS last_on)
    SELECT struct_pack(mk := k.mk, owner_id := m.owner_id, team_id := m.team_id, specialist_id := m.specialist_id) AS id, 0 AS "isTotal",
      coalesce(sum(m.passed) FILTER (WHERE ${act}), 0)::INTEGER AS num,
      (${COMPLETENESS_CHECKS} * count(*) FILTER (WHERE ${act}))::INTEGER AS den,
      count(*) FILTER (WHERE ${act})::INTEGER AS active,
      count(*) FILTER (WHERE m.churned_on BETWEEN k.first_on AND k.last_on)::INTEGER AS churned
    FROM mart_kpi_clients m CROSS JOIN k
    WHERE ${where}
    GROUP BY k.mk, m.owner_id, m.team_id, m.specialist_id`;
}

const missingSql = `list_filter([${Object.entries(completenessCheckColumns).map(([k, col]) => `CASE WHEN NOT m.${col} THEN '${k}' END`).join(', ')}], x -> x IS NOT NULL)`;

function clientsDrill(key: 'completeness' | 'active'): DrillDef {
  return {
    key,
    source: (where) => /* sql */ `
      SELECT m.client_id AS item_id, m.client_id, m.owner_id, m.team_id,
        ${key === 'completeness' ? `CASE WHEN m.passed = ${COMPLETENESS_CHECKS} THEN 'complete' ELSE 'incomplete' END` : `'active'`} AS status,
        ${key === 'completeness' ? `m.passed::INTEGER AS num_part, ${COMPLETENESS_CHECKS} AS den_part` : '1 AS num_part, NULL::INTEGER AS den_part'},
        m.passed, ${missingSql} AS missing, m.contract_start
      FROM mart_kpi_clients m
      WHERE ${activeOn('$to::DATE')} AND ${where}`,
    fields: [
      { key: 'passed', sql: 'r.passed', kind: 'int' },
      { key: 'missing', sql: 'r.missing', kind: 'codes' },
      { key: 'contractStart', sql: 'r.contract_start', kind: 'date' },
    ],
    order: 'r.passed, r.client_id',
    statuses: key === 'completeness' ? { ok: ['complete'], bad: ['incomplete'], pending: [] } : null,
  };
}

export const completenessDrill = clientsDrill('completeness');
export const activeDrill = clientsDrill('active');

export const churnedDrill: DrillDef = {
  key: 'churned',
  source: (where) => /* sql */ `
    SELECT m.client_id AS item_id, m.client_id, m.owner_id, m.team_id, 'churned' AS status, 1 AS num_part, NULL::INTEGER AS den_part,
      m.churned_on, m.contract_start
    FROM mart_kpi_clients m
    WHERE m.churned_on BETWEEN $from::DATE AND $to::DATE AND ${where}`,
  fields: [
    { key: 'churnedOn', sql: 'r.churned_on', kind: 'date' },
    { key: 'contractStart', sql: 'r.contract_start', kind: 'date' },
  ],
  order: 'r.churned_on DESC, r.client_id',
  statuses: null,
};
