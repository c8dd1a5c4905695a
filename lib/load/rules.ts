// The rule keys the loader writes: a rejected row's `rule` (rejected_rows.rule) and the
// `[правило …]` that ends the message of a rejected or refused extract (extracts.md "Rules").
// Keys stay in the journal, the report and the API as they are (support quotes them); pages show
// each with its Russian name from t.loadInfo.ruleNames (tests/unit/load/rule-names.test.ts checks
// that every key the loader source can write is listed here and named there).
import { t } from '../i18n/ru';

/** Rules a single row is quarantined under: validate-sql.ts checks, the duplicate and reference checks, the CSV reader. */
export const rowRules = ['required', 'type', 'enum', 'pattern', 'range', 'absurd', 'date_range', 'deleted', 'duplicate', 'reference', 'format', 'encoding'] as const;
export type RowRule = (typeof rowRules)[number];

/** Rules a whole extract is rejected or refused under (load-extract.ts, manifest.ts, removals.ts). */
export const extractRules = [
  'manifest', 'file', 'empty', 'checksum', 'encoding', 'idempotent', 'order', 'first_full', 'rows', 'column', 'threshold', 'shrink', 'orphans', 'internal',
] as const;
export type ExtractRule = (typeof extractRules)[number];

/** The Russian name of a rule key; an unknown key (an older load) as it is. */
export function ruleName(rule: string): string {
  return t.loadInfo.ruleNames[rule] ?? rule;
}

// At the end of the message, or before the examples of a threshold rejection.
const RULE_MARK = /\s*\[правило ([a-z_]+)\]/;
/** A load message without its `[правило …]` mark, and the rule key it named (null when none). */
export function splitRule(message: string): { text: string; rule: string | null } {
  const m = RULE_MARK.exec(message);
  return m ? { text: message.slice(0, m.index) + message.slice(m.index + m[0].length), rule: m[1] } : { text: message, rule: null };
}
