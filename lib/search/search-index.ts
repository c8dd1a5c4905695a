// The client search index (issue 4, "Search"): derived from clients and contacts, rebuilt once per
// applied load, read by lib/search/search-clients.ts. DuckDB's fts extension cannot be installed
// here (docs/stack-notes.md §4), and ILIKE scans cost 0.5–1 s per million names, so the index is
// two plain tables shaped for DuckDB's own pruning (migration 5; figures in scripts/bench/SEARCH.md):
//
//   search_postings(term, field, client_id, contact_id, specialist_id, rest), sorted by (term,
//   specialist_id). One row per searchable word of a client or contact name, per pair of
//   neighbouring words, per phone, INN and contract number. Terms carry a namespace letter
//   (lib/search/normalize.ts NS): w<word>, b<word> <next word>, p<phone digits reversed>, i<INN>,
//   c<contract key>. Because the table is sorted, an equality
//   or a range on `term` (exact word, word prefix, last digits of a phone = prefix of the reversed
//   digits, INN or contract prefix) is answered from the one or two row groups whose min/max
//   (zone map) can hold it; the rest of the table is never read. The second sort key puts one
//   specialist's rows of a word together, so for a word frequent enough to span several row
//   groups a specialist's scope prunes them too.
//   `rest` holds the words after the word (or pair), so "Иванов И.П." is the lookup of the pair
//   "иванов и" plus a LIKE on the few rows found.
//
//   search_deletes(del, word): the SymSpell deletion neighbourhood of the word vocabulary (every
//   word with one letter removed, and the word itself), sorted by `del`. A query word's own
//   deletions find every vocabulary word within one typo in one IN lookup (the sort lets zone maps
//   skip row groups); the candidates are then checked with the exact edit distance. No ART index:
//   deleting from an indexed table invalidated the database in DuckDB 1.5 (docs/stack-notes.md §4a,
//   "Failed to delete all rows from index"), so both tables are rebuilt as new tables and swapped in,
//   never deleted from.
//
// An in-process index (typed arrays and maps in the Node heap) would answer faster per query, but
// it must be read out of DuckDB and rebuilt in every process that serves requests, after every
// load, and held in the heap: 288 bytes per client measured at 3,000,000, ≈ 8 GiB at 30,000,000
// (scripts/bench/search-inprocess.ts, SEARCH.md); the tables cost nothing until queried and
// survive restarts, and answer within the targets (SEARCH.md).
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable } from '../db';
import { logger } from '../log';
import { MIN_DELETES_WORD, MIN_WORD, NS, REST_CHARS, fieldCodes, orgForms } from './normalize';

const log = logger('search-index');

// SQL twins of lib/search/normalize.ts; tests/unit/search/normalize.test.ts checks they agree.
/** normalizeText(x) */
export const normTextSql = (x: string) => `replace(lower(${x}), 'ё', 'е')`;
/** nameWords(x): words minus organisation forms; $orgForms is bound to orgForms. */
export const nameWordsSql = (x: string) =>
  `list_filter(regexp_split_to_array(${normTextSql(x)}, '[^\\p{L}\\p{N}]+'), w -> w <> '' AND NOT list_contains($orgForms, w))`;
/** The digits phoneKey(x) looks at: those before any letter. */
export const phoneDigitsSql = (x: string) =>
  `regexp_replace(CASE WHEN regexp_matches(${x}, '[^0-9 ()+.\\-]') THEN regexp_extract(${x}, '^[^\\p{L}]*') ELSE ${x} END, '\\D+', '', 'g')`;
/** phoneKey from those digits `d`. */
export const phoneKeySql = (d: string) => `CASE WHEN length(${d}) = 11 AND ${d}[1] IN ('7', '8') THEN ${d}[2:] WHEN length(${d}) >= 5 THEN ${d} END`;
/** The letters and digits of a contract number `x`, normalised. */
export const contractCharsSql = (x: string) => `regexp_replace(${normTextSql(x)}, '[^\\p{L}\\p{N}]+', '', 'g')`;
/** contractKey from those characters `k`: a leading series of letters dropped. */
export const contractKeySql = (k: string) => `CASE WHEN regexp_matches(${k}, '^\\p{L}+\\p{N}') THEN regexp_replace(${k}, '^\\p{L}+', '') ELSE ${k} END`;

/**
 * The postings table, as migration 5 creates it: a rebuild fills a fresh one and swaps it in,
 * because deleting 100+ million rows inside the build's transaction ran out of memory at 30,000,000
 * clients (8 GB limit), and a new table needs no delete at all.
 */
const postingsDdl = (name: string) => /* sql */ `
CREATE TABLE ${name} (
  term VARCHAR NOT NULL,
  field UTINYINT NOT NULL,
  client_id VARCHAR NOT NULL,
  contact_id VARCHAR,
  specialist_id VARCHAR,
  rest VARCHAR
)`;

/* sql */
export const POSTINGS_SQL = `
INSERT INTO search_postings_next
WITH named AS (
  SELECT client_id, NULL::VARCHAR AS contact_id, specialist_id, ${fieldCodes.name} AS field, ${nameWordsSql('name')} AS ws FROM clients
  UNION ALL
  SELECT k.client_id, k.contact_id, c.specialist_id, ${fieldCodes.contact}, ${nameWordsSql('k.full_name')}
  FROM contacts k JOIN clients c ON c.client_id = k.client_id
),
word_rows AS (
  -- Per word: its own term and, with the next word, the pair's, each with the words after it (a
  -- surname's first name and patronymic). One pass: a CTE read twice would be held in memory whole.
  SELECT client_id, contact_id, specialist_id, field, ws[i] AS w, unnest([
    {term: '${NS.word}' || ws[i], rest: nullif(left(array_to_string(ws[i + 1:], ' '), ${REST_CHARS}), '')},
    {term: CASE WHEN ws[i + 1] IS NOT NULL THEN '${NS.pair}' || ws[i] || ' ' || ws[i + 1] END,
     rest: nullif(left(array_to_string(ws[i + 2:], ' '), ${REST_CHARS}), '')}
  ]) AS t
  FROM (SELECT *, generate_subscripts(ws, 1) AS i FROM named)
),
phones AS (
  SELECT client_id, NULL::VARCHAR AS contact_id, specialist_id, unnest(string_split_regex(phone, '[,;]')) AS ph FROM clients WHERE phone IS NOT NULL
  UNION ALL
  SELECT k.client_id, k.contact_id, c.specialist_id, unnest(string_split_regex(k.phone, '[,;]'))
  FROM contacts k JOIN clients c ON c.client_id = k.client_id WHERE k.phone IS NOT NULL
),
contracts AS (
  SELECT client_id, specialist_id, ${contractKeySql('k')} AS k
  FROM (SELECT client_id, specialist_id, ${contractCharsSql('contract_no')} AS k FROM clients WHERE contract_no IS NOT NULL)
),
terms AS (
  -- Word pairs ("Вектор Гранит", "Иванов Иван", "Иванов И") are one selective lookup, where the
  -- first word alone may have hundreds of thousands of rows at 30,000,000 clients.
  SELECT t.term, field, client_id, contact_id, specialist_id, t.rest FROM word_rows WHERE length(w) >= ${MIN_WORD} AND t.term IS NOT NULL
  UNION ALL
  SELECT '${NS.phone}' || reverse(pk), ${fieldCodes.phone}, client_id, contact_id, specialist_id, NULL
  FROM (SELECT *, ${phoneKeySql('d')} AS pk FROM (SELECT *, ${phoneDigitsSql('ph')} AS d FROM phones)) WHERE pk IS NOT NULL
  UNION ALL
  SELECT '${NS.inn}' || inn, ${fieldCodes.inn}, client_id, NULL, specialist_id, NULL FROM clients WHERE inn IS NOT NULL
  UNION ALL
  SELECT '${NS.contract}' || k, ${fieldCodes.contract}, client_id, NULL, specialist_id, NULL FROM contracts WHERE k <> ''
)
SELECT term, field::UTINYINT, client_id, contact_id, specialist_id, rest FROM terms
-- Sorted: zone maps then prune every term lookup to the row groups that can hold it.
ORDER BY term, specialist_id`;

/** The deletion neighbourhood's table (migration 5, without its index since migration 15), rebuilt and swapped in like the postings. */
const deletesDdl = (name: string) => /* sql */ `CREATE TABLE ${name} (del VARCHAR NOT NULL, word VARCHAR NOT NULL)`;

/* sql */
const DELETES_SQL = `
INSERT INTO search_deletes_next
WITH vocab AS (
  SELECT DISTINCT substr(term, 2) AS word FROM search_postings
  WHERE term >= '${NS.word}' AND term < '${String.fromCharCode(NS.word.charCodeAt(0) + 1)}'
),
v AS (SELECT word, unnest(range(0, length(word) + 1)) AS i FROM vocab WHERE length(word) >= ${MIN_DELETES_WORD} AND regexp_matches(word, '\\p{L}'))
-- i = 0: the word itself; i ≥ 1: the word without its i-th letter.
SELECT DISTINCT CASE WHEN i = 0 THEN word ELSE left(word, i - 1) || substr(word, i + 1) END AS del, word FROM v
ORDER BY del`;

/**
 * Rebuild the search index from clients and contacts on `con`, inside the caller's open
 * transaction (the loader's, through lib/derived/registry.ts, which records `loadId` as the load it
 * reflects and keeps the index as it is after a load that changed no client or contact). Returns
 * the build time in ms.
 */
export async function rebuildSearchIndex(con: DuckDBConnection, loadId: number | null): Promise<number> {
  const started = Date.now();
  await con.run('DROP TABLE IF EXISTS search_postings_next');
  await con.run(postingsDdl('search_postings_next'));
  await con.run(POSTINGS_SQL, bindable({ orgForms: [...orgForms] }) as never);
  await con.run('DROP TABLE search_postings');
  await con.run('ALTER TABLE search_postings_next RENAME TO search_postings');
  const postingsMs = Date.now() - started;
  await con.run('DROP TABLE IF EXISTS search_deletes_next');
  await con.run(deletesDdl('search_deletes_next'));
  await con.run(DELETES_SQL);
  await con.run('DROP TABLE search_deletes');
  await con.run('ALTER TABLE search_deletes_next RENAME TO search_deletes');
  const ms = Date.now() - started;
  log.debug(`postings ${postingsMs} ms, one-typo neighbourhood ${ms - postingsMs} ms`);
  log.info(`search index rebuilt for load ${loadId ?? '—'} in ${ms} ms`);
  return ms;
}
