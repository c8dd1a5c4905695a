// Client search (issue 4, "Search"; GET /api/v1/clients/search, the header search box): by phone
// in any format or its last 4+ digits, INN, contract number, organisation name words, a contact
// person's surname, "surname + initials" or "surname + first name", with one typo and ё/е
// tolerated, ranked, within the caller's scope. Reads the index of lib/search/search-index.ts.
//
// One query per lookup kind is a branch of a UNION ALL over search_postings; each branch is an
// equality or a range on the sorted `term` (so it reads one or two row groups), filtered by the
// caller's scope (scopeClause on the posting's specialist_id) and the words after the lead
// (`rest`), and capped. Per client the best branch wins; ranking classes, best first:
//   9 exact phone (whole number), INN, contract · 8 last digits of a phone · 7 INN / contract prefix
//   6 name word exact · 5 name word prefix (being typed) · 4 name word with one typo
// Within a class: the client's own name before a contact person's, shorter (closer) terms first.
// The rows shown are then read from clients and contacts by primary key, with the scope checked
// again against the live clients table.
import { z } from 'zod';
import { query } from '../db';
import { scopeClause, type Scope } from '../db/scope';
import { ensureSearchIndex } from './search-index';
import {
  MIN_TYPO_WORD, NS, deletions, editDistance, fieldCodes, fieldOfCode, parseSearchQuery, restPattern, reversedDigits,
  type MatchField,
} from './normalize';

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 100;
export const SEARCH_MIN_CHARS = 2;
/** Rows one branch may contribute before ranking: bounds the work for a frequent word. */
const BRANCH_CAP = 2000;
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

interface Branch { cond: string; cls: number; params: Record<string, unknown>; rest?: boolean }

/** Neighbours of `word` within one typo in the vocabulary (not the word itself). */
async function typoNeighbours(word: string): Promise<string[]> {
  const dels = [word, ...deletions(word)];
  const names = dels.map((_, i) => `$d${i}`);
  const rows = await query<{ word: string }>(
    `SELECT DISTINCT word FROM search_deletes WHERE del IN (${names.join(', ')})`,
    Object.fromEntries(dels.map((d, i) => [`d${i}`, d])),
  );
  return rows.map((r) => r.word).filter((w) => w !== word && editDistance(w, word) === 1).sort().slice(0, TYPO_CAP);
}

/** The lookups a query needs, each an equality or a range on the sorted term. */
async function branchesOf(p: ParsedQuery): Promise<Branch[]> {
  const out: Branch[] = [];
  const eq = (term: string, cls: number, rest = false) => out.push({ cond: 'p.term = $%', cls, params: { '%': term }, rest });
  const pre = (prefix: string, cls: number, rest = false) =>
    out.push({ cond: 'p.term > $%lo AND p.term < $%hi', cls, params: { '%lo': prefix, '%hi': prefix + TOP }, rest });

  if (p.phone) {
    const rev = NS.phone + reversedDigits(p.phone);
    eq(rev, 9);
    pre(rev, 8);
  }
  if (p.inn) {
    eq(NS.inn + p.inn, 9);
    if (p.inn.length >= 6 && p.inn.length < 12) pre(NS.inn + p.inn, 7);
  }
  if (p.contract) {
    eq(NS.contract + p.contract, 9);
    pre(NS.contract + p.contract, 7);
  }
  if (p.lead) {
    eq(NS.word + p.lead, 6, true);
    // A number in a name only matches whole (№ 12, house 70): its prefixes would be noise beside phones.
    if (!p.numeric && !/\p{N}/u.test(p.lead)) {
      pre(NS.word + p.lead, 5, true);
      if ([...p.lead].length >= MIN_TYPO_WORD) {
        for (const w of await typoNeighbours(p.lead)) eq(NS.word + w, 4, true);
      }
    }
  }
  return out;
}

const hitSchema = z.object({ clientId: z.string(), contactId: z.string().nullable(), field: z.coerce.number(), rank: z.coerce.number() });
// A client row (contactId null) or a contact person row (name = full name), as shown.
const shownSchema = z.object({
  id: z.string(), name: z.string(), specialistId: z.string().nullable(), inn: z.string().nullable(),
  contractNo: z.string().nullable(), phone: z.string().nullable(), contactId: z.string().nullable(),
});

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
  await ensureSearchIndex();
  const branches = await branchesOf(parsed);

  const sc = scopeClause(scope, 'p');
  const rest = restPattern(parsed.after);
  const params: Record<string, unknown> = { ...sc.params, cap: BRANCH_CAP, limit: n };
  if (rest) params.rest = `% ${rest}`;
  const parts = branches.map((b, i) => {
    let cond = b.cond.replaceAll('$%', `$b${i}`);
    for (const [k, v] of Object.entries(b.params)) params[k.replace('%', `b${i}`)] = v;
    if (b.rest && rest) cond += ` AND (' ' || p.rest) LIKE $rest`;
    return `(SELECT p.client_id, p.contact_id, p.field, ${b.cls} AS cls, length(p.term) AS len, length(p.rest) AS restLen FROM search_postings p
      WHERE ${cond} AND ${sc.sql} LIMIT $cap)`;
  });
  // rank: class first; then the client's own name (or a key field) before a contact person; then
  // the shorter term (an exact word or the closest completion); then the fewer words after it
  // ("Иванов И.П." before "Иванов и партнёры").
  const sql = /* sql */ `
WITH hits AS (
  ${parts.join('\n  UNION ALL\n  ')}
),
ranked AS (
  SELECT client_id, contact_id, field,
    cls * 1000000 + CASE WHEN field = ${fieldCodes.contact} OR contact_id IS NOT NULL THEN 0 ELSE 100000 END
      - least(len, 99) * 1000 - least(coalesce(restLen, 0), 999) AS rank
  FROM hits
)
SELECT client_id AS clientId, arg_max(contact_id, rank) AS contactId, arg_max(field, rank) AS field, max(rank) AS rank
FROM ranked GROUP BY client_id
ORDER BY rank DESC, clientId
LIMIT $limit`;
  const hits = (await query(sql, params)).map((r) => hitSchema.parse(r));
  if (!hits.length) return [];

  // What to show, read by primary key (one indexed lookup per row); the scope is checked again on
  // the live client row, so a client moved to another specialist since the build is not shown.
  const cs = scopeClause(scope, 'c');
  const ids = hits.map((h) => h.clientId);
  const contactIds = [...new Set(hits.map((h) => h.contactId).filter((x): x is string => x !== null))];
  const shown = (await query(
    /* sql */ `
SELECT c.client_id AS id, c.name, c.specialist_id AS specialistId, c.inn, c.contract_no AS contractNo, c.phone, NULL AS contactId
FROM clients c WHERE c.client_id IN (${ids.map((_, i) => `$c${i}`).join(', ')}) AND ${cs.sql}
${contactIds.length ? `UNION ALL
SELECT k.client_id, k.full_name, NULL, NULL, NULL, k.phone, k.contact_id
FROM contacts k WHERE k.contact_id IN (${contactIds.map((_, i) => `$k${i}`).join(', ')})` : ''}`,
    {
      ...cs.params,
      ...Object.fromEntries(ids.map((id, i) => [`c${i}`, id])),
      ...Object.fromEntries(contactIds.map((id, i) => [`k${i}`, id])),
    },
  )).map((r) => shownSchema.parse(r));
  const clientById = new Map(shown.filter((r) => r.contactId === null).map((c) => [c.id, c]));
  const contactById = new Map(shown.filter((r) => r.contactId !== null).map((k) => [k.contactId!, { fullName: k.name, phone: k.phone }]));

  const out: SearchRow[] = [];
  for (const h of hits) {
    const c = clientById.get(h.clientId);
    if (!c) continue; // outside the scope now, or gone since the index was built
    const k = h.contactId ? contactById.get(h.contactId) : undefined;
    const field = fieldOfCode(h.field);
    const value = field === 'inn' ? c.inn
      : field === 'contract' ? c.contractNo
        : field === 'phone' ? (h.contactId ? k?.phone : c.phone)
          : field === 'contact' ? k?.fullName
            : c.name;
    out.push({ id: c.id, name: c.name, matched: { field, value: value ?? '' }, specialistId: c.specialistId });
  }
  return out;
}
