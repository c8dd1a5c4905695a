// Client search (issue 4, "Search"; GET /api/v1/clients/search, the header search box): by phone
// in any format or its last 4+ digits, INN, contract number, organisation name words, a contact
// person's surname, "surname + initials" or "surname + first name", with one typo and ё/е
// tolerated, ranked, within the caller's scope. Reads the index of lib/search/search-index.ts.
//
// Each lookup is a branch of a UNION ALL over search_postings: an equality or a range on the
// sorted `term` (so it reads one or two row groups), filtered by the caller's scope (scopeClause
// on the posting's specialist_id) and the words typed after the term (`rest`), and capped. Several
// words look up the pair of the first two ("Иванов И", "Вектор Гранит"), which stays selective
// where the first word alone has hundreds of thousands of rows.
// Per client the best branch wins; ranking classes, best first:
//   9 exact phone (the whole number), INN, contract · 8 last digits of a phone · 7 INN / contract prefix
//   6 name word exact · 5 name word prefix (being typed) · 4 name word with one typo
// Within a class: the client's own name or key before a contact person's, the shorter (closer)
// term, then the fewer words after it. The same statement reads the rows shown from clients and
// contacts by primary key (DuckDB pushes the few ids into an ART index scan) and checks the scope
// again on the live client row. Two round trips: the index check (with the typo neighbours,
// concurrently) and that statement.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { logger } from '../log';
import {
  MIN_TYPO_WORD, NS, deletions, editDistance, fieldCodes, fieldOfCode, parseSearchQuery, restPattern, reversedDigits,
  type MatchField, type ParsedQuery,
} from './normalize';

const log = logger('search');

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_MIN_CHARS = 2;
/** Rows one branch may contribute before ranking: bounds the work for a frequent word. */
const BRANCH_CAP = 2000;
/** Rows of the lead word read when the words typed after it are not its neighbours in the name. */
const SKIP_SCAN = 20000;
/** At most this many one-typo neighbours of a word are looked up. */
const TYPO_CAP = 24;
/** Above every code point: `term < prefix + TOP` is "term starts with prefix". */
const TOP = '\u{10FFFF}';

export interface SearchRow {
  id: string;
  name: string;
  matched: { field: MatchField; value: string };
  specialistId: string | null;
}

export interface SearchOptions {
  q: string;
  limit?: number;
  scope: Scope;
}

/**
 * One lookup: its condition on `p.term` ($LO, $HI stand for its own bound values), its class, the
 * LIKE pattern on the words after the term (if any), and, for a best-effort scan, how many of the
 * term's rows to look at before that pattern.
 */
interface Branch { cond: string; cls: string; values: Record<string, string>; rest: string | null; scan?: number }

/** Neighbours of `word` within one typo in the vocabulary (not the word itself). */
async function typoNeighbours(word: string): Promise<string[]> {
  const dels = [word, ...deletions(word)];
  const rows = await query<{ word: string }>(
    `SELECT DISTINCT word FROM search_deletes WHERE del IN (${dels.map((_, i) => `$d${i}`).join(', ')})`,
    Object.fromEntries(dels.map((d, i) => [`d${i}`, d])),
  );
  return rows.map((r) => r.word).filter((w) => w !== word && editDistance(w, word) === 1).sort().slice(0, TYPO_CAP);
}

/** The lookups a query needs, each an equality or a range on the sorted term. */
function branchesOf(p: ParsedQuery, typos: string[]): Branch[] {
  const out: Branch[] = [];
  const range = (lo: string, cls: string, rest: string | null = null) =>
    out.push({ cond: 'p.term >= $LO AND p.term < $HI', cls, values: { LO: lo, HI: lo + TOP }, rest });
  const exact = (term: string, cls: number, rest: string | null = null, scan?: number) =>
    out.push({ cond: 'p.term = $LO', cls: String(cls), values: { LO: term }, rest, scan });
  // A key (phone, INN, contract) is found exactly or by its start in one range: few rows either way.
  const key = (term: string, exactCls: number, startCls: number) => range(term, `CASE WHEN p.term = $LO THEN ${exactCls} ELSE ${startCls} END`);

  if (p.phone) key(NS.phone + reversedDigits(p.phone), 9, 8);
  if (p.inn) key(NS.inn + p.inn, 9, 7);
  if (p.contract) key(NS.contract + p.contract, 9, 7);
  if (!p.lead) return out;
  const wordy = !p.numeric && !/\p{N}/u.test(p.lead);
  if (!wordy) {
    // A number in a name only matches whole (№ 12, house 70): its prefixes would be noise beside phones.
    exact(NS.word + p.lead, 6, restPattern(p.after));
  } else if (!p.after.length) {
    // The word exactly or being typed, in one range: zone maps keep only 8 bytes of a string, so a
    // separate "longer than the word" range would read every row of the word itself to find none.
    // Sorted, the word's own rows come first, so the cap keeps them.
    range(NS.word + p.lead, 'CASE WHEN p.term = $LO THEN 6 ELSE 5 END');
    for (const t of typos) exact(NS.word + t, 4);
  } else {
    // Several words: the lead and the next one as a pair (the next one complete or being typed),
    // the words after them in order through `rest`.
    const more = restPattern(p.after.slice(1));
    const second = p.after[0];
    range(`${NS.pair}${p.lead} ${second}`, 'CASE WHEN p.term = $LO THEN 6 ELSE 5 END', more);
    for (const t of typos) range(`${NS.pair}${t} ${second}`, '4', more);
    // Best effort for words that skip one ("Иванов Петрович"): the lead's first rows only, so a
    // frequent lead cannot cost a scan of all its rows.
    exact(NS.word + p.lead, 5, restPattern(p.after), SKIP_SCAN);
  }
  return out;
}

const rowSchema = z.object({
  id: z.string(), name: z.string(), specialistId: z.string().nullable(), field: z.coerce.number(), value: z.string().nullable(),
});

/** Whether the lead word gets one-typo neighbours looked up. */
const wantsTypos = (p: ParsedQuery) => p.lead !== null && !p.numeric && !/\p{N}/u.test(p.lead) && [...p.lead].length >= MIN_TYPO_WORD;

/**
 * Clients visible to `scope` matching `q`, best first (at most `limit`, default 20, max 100),
 * each with the field that matched and its value as stored. `q` shorter than 2 characters, or
 * holding nothing searchable, finds nothing.
 */
export async function searchClients({ q, limit = SEARCH_LIMIT_DEFAULT, scope }: SearchOptions): Promise<SearchRow[]> {
  const n = Math.max(1, Math.min(SEARCH_LIMIT_MAX, Math.trunc(limit)));
  if ([...q.trim()].length < SEARCH_MIN_CHARS) return [];
  const parsed = parseSearchQuery(q);
  if (!parsed.phone && !parsed.inn && !parsed.contract && !parsed.lead) return [];

  const t0 = performance.now();
  // The index is the snapshot's own (the loader builds it with each load that changes a client or contact).
  const typos = wantsTypos(parsed) ? await typoNeighbours(parsed.lead!) : [];
  const t1 = performance.now();

  const branches = branchesOf(parsed, typos);
  const sp = scopeClause(scope, 'p');
  const sc = scopeClause(scope, 'c');
  const params: Record<string, unknown> = { ...sp.params, ...sc.params, cap: BRANCH_CAP, limit: n };
  const parts = branches.map((b, i) => {
    const name = (k: string) => `$b${i}${k.toLowerCase()}`;
    for (const [k, v] of Object.entries(b.values)) params[name(k).slice(1)] = v;
    const subst = (x: string) => x.replace(/\$(LO|HI)\b/g, (_, k: string) => name(k));
    let restCond = '';
    if (b.rest) {
      params[`b${i}rest`] = `% ${b.rest}`;
      restCond = ` AND (' ' || p.rest) LIKE ${name('rest')}`;
    }
    const cols = `p.client_id, p.contact_id, p.field, ${subst(b.cls)} AS cls, length(p.term) AS len, length(p.rest) AS rest_len`;
    if (b.scan) {
      params[`b${i}scan`] = b.scan;
      return `(SELECT ${cols} FROM (SELECT * FROM search_postings p WHERE ${subst(b.cond)} AND ${sp.sql} LIMIT ${name('scan')}) p
      WHERE TRUE${restCond} LIMIT $cap)`;
    }
    return `(SELECT ${cols} FROM search_postings p WHERE ${subst(b.cond)}${restCond} AND ${sp.sql} LIMIT $cap)`;
  });
  // rank: class; the client's own name or key before a contact person's; the shorter term (an
  // exact word or the closest completion); the fewer words after it ("Иванов И.П." before
  // "Иванов и партнёры").
  const sql = /* sql */ `
WITH hits AS (
  ${parts.join('\n  UNION ALL\n  ')}
),
ranked AS (
  SELECT client_id, contact_id, field,
    cls * 1000000 + CASE WHEN contact_id IS NULL THEN 100000 ELSE 0 END - least(len, 99) * 1000 - least(coalesce(rest_len, 0), 999) AS rank
  FROM hits
),
top AS (
  SELECT client_id, arg_max(contact_id, rank) AS contact_id, arg_max(field, rank) AS field, max(rank) AS rank
  FROM ranked GROUP BY client_id
  ORDER BY rank DESC, client_id
  LIMIT $limit
)
-- What is shown, read by primary key; the scope checked again on the live client row, so a client
-- moved to another specialist since the build is not shown.
SELECT t.client_id AS id, c.name, c.specialist_id AS specialistId, t.field,
  CASE t.field
    WHEN ${fieldCodes.inn} THEN c.inn
    WHEN ${fieldCodes.contract} THEN c.contract_no
    WHEN ${fieldCodes.phone} THEN CASE WHEN t.contact_id IS NULL THEN c.phone ELSE k.phone END
    WHEN ${fieldCodes.contact} THEN k.full_name
    ELSE c.name
  END AS value
FROM top t
JOIN clients c ON c.client_id = t.client_id
-- Inner joins, each from the few top rows: DuckDB then probes the big table through its ART index.
LEFT JOIN (SELECT t.contact_id, k.phone, k.full_name FROM top t JOIN contacts k ON k.contact_id = t.contact_id) k ON k.contact_id = t.contact_id
-- "OR t.rank < 0" (never true) ties the check to the joined row: pushed down into the clients
-- scan, the scope filter would turn its ART index scan into a scan of every client.
WHERE (${sc.sql}) OR t.rank < 0
ORDER BY t.rank DESC, t.client_id`;
  const rows = (await query(sql, params)).map((r) => rowSchema.parse(r));
  log.debug('«%s»: %d rows, %d branches; ms: index check + typos %s, search %s', q, rows.length, branches.length,
    (t1 - t0).toFixed(1), (performance.now() - t1).toFixed(1));
  return rows.map((r) => ({ id: r.id, name: r.name, matched: { field: fieldOfCode(r.field), value: r.value ?? '' }, specialistId: r.specialistId }));
}
