// The rows behind a KPI figure (issue 6: "every number opens the list behind it"): each figure
// names a DrillDef, whose `source` is the very set its numerator and denominator count, with a
// status per row, so a drill-down always lists exactly what the number counted.
//   num_part / den_part: what the row adds to the figure's numerator / denominator (1/0 for a
//   share, roubles for payment %, checks passed / 6 for completeness; for a plain count or sum,
//   e.g. overdue items or revenue, num_part is 1 or the roubles and den_part is NULL).

export const drillKeys = [
  'calls', 'calls-overdue', 'entry', 'contacts', 'completeness', 'active', 'churned',
  'agreements', 'agreements-overdue', 'feedback', 'reaction', 'threats-open', 'payments', 'acts', 'revenue',
  'threats-unresolved',
] as const;
export type DrillKey = (typeof drillKeys)[number];

/** How a drill-down's status filter groups its statuses. */
export const drillFilters = ['all', 'ok', 'bad', 'pending'] as const;
export type DrillFilter = (typeof drillFilters)[number];

export type DrillFieldKind = 'date' | 'datetime' | 'hours' | 'days' | 'int' | 'money' | 'text' | 'code' | 'codes';

export interface DrillField {
  /** camelCase key in the row (and the dictionary key of its column label). */
  key: string;
  /** SQL over the source row `r`. */
  sql: string;
  kind: DrillFieldKind;
}

export interface DrillDef {
  key: DrillKey;
  /**
   * SELECT of the figure's rows over its mart aliased `m`, with `where` (scope and narrowing)
   * spliced in and $from / $to / $asOf bound. Columns: item_id, client_id, owner_id, team_id,
   * status, num_part, den_part and whatever `fields` read.
   */
  source: (where: string) => string;
  fields: readonly DrillField[];
  /** ORDER BY over the source's columns: the problems first. */
  order: string;
  /** Statuses that count in the numerator (ok), against it (bad), or not yet (pending: not due). */
  statuses: { ok: readonly string[]; bad: readonly string[]; pending: readonly string[] } | null;
}

/** The statuses a filter keeps; null: every row. */
export function statusesOf(def: DrillDef, filter: DrillFilter): readonly string[] | null {
  if (!def.statuses || filter === 'all') return null;
  return def.statuses[filter];
}
