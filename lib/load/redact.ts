// What a caller may read of the load journal. Rejected rows' reasons and load messages quote field
// values of any client (a bad INN, a duplicate key, the examples of a rejected extract), and
// specialists never see values of rows outside their scope; so for them each text is rebuilt from
// what holds no value: file, line, rule, column names and counts. Heads and executives read the
// texts as the loader wrote them. Every reader that hands load text to a caller goes through
// loadMessageFor / rejectedRowFor (lib/loads.ts for pages and /api/v1/loads, lib/live/events.ts
// for the event stream).
import type { Role } from '../db/scope';
import { t } from '../i18n/ru';

/** Whoever is reading: only the role matters here. */
export interface Viewer { role: Role }

/** Heads and executives read field values in load texts; specialists do not. */
export const mayReadLoadValues = (v: Viewer): boolean => v.role !== 'specialist';

// Every reason the loader writes starts with the column it is about (validate-sql.ts, the
// duplicate and reference checks); a value only ever comes after it.
const COLUMN_AT_START = /^(?:обязательное )?(?:поле|ключ) «([a-z_][a-z0-9_]*)»/;

/** A rejected row's reason without its value: the column (when there is one) and a per-rule text. */
export function redactReason(rule: string, reason: string): string {
  const L = t.loadInfo;
  const text = L.rules[rule] ?? L.otherRule(rule);
  const column = COLUMN_AT_START.exec(reason)?.[1];
  return column ? L.field(column, text) : text;
}

/**
 * Rules whose messages the loader builds from file names, line numbers, column names, counts,
 * checksums and extract ids only (load-extract.ts, manifest.ts). A message under any other rule is
 * cut to its file and rule for specialists until its rule is listed here.
 */
const VALUE_FREE_RULES = new Set(['manifest', 'file', 'empty', 'checksum', 'idempotent', 'order', 'first_full', 'column', 'rows', 'encoding', 'internal', 'shrink']);
// The loader ends each failure message with its rule; the threshold message then lists examples.
const END_RULE = /\[правило ([a-z_]+)\]$/;
const THRESHOLD_HEAD = /^(.*?\[правило threshold\]\.?) Например: /s;
const FILE_AT_START = /^[^\s:«»]+\.(?:csv|parquet)(?::\d+)?: /i;
/** The catch-all message loads wrote before engine errors went to the log: it quotes the engine. */
const LEGACY_INTERNAL = /^внутренняя ошибка загрузки: /;

/** A load message as a specialist may read it (`outcome` of the load it belongs to). */
export function redactLoadMessage(message: string, outcome: string): string {
  const L = t.loadInfo;
  const threshold = THRESHOLD_HEAD.exec(message);
  if (threshold) return `${threshold[1]} ${L.examplesHidden}`;
  const rule = END_RULE.exec(message)?.[1];
  // The loader's own summaries (applied, already applied, not complete yet) carry no rule.
  if (rule === undefined) return outcome === 'applied' || outcome === 'unchanged' || outcome === 'incomplete' ? message : L.messageHidden;
  if (VALUE_FREE_RULES.has(rule)) return message;
  return `${FILE_AT_START.exec(message)?.[0] ?? ''}${L.detailsHidden(rule)}`;
}

/** A load message for this viewer (and, for everyone, no engine text from older loads). */
export function loadMessageFor(v: Viewer, message: string, outcome: string): string {
  const m = LEGACY_INTERNAL.test(message) ? t.loadInfo.legacyInternal : message;
  return mayReadLoadValues(v) ? m : redactLoadMessage(m, outcome);
}

/** A rejected row for this viewer: specialists get the reason without values and no raw line. */
export function rejectedRowFor<R extends { rule: string; reason: string; raw: string | null }>(v: Viewer, row: R): R {
  return mayReadLoadValues(v) ? row : { ...row, reason: redactReason(row.rule, row.reason), raw: null };
}
