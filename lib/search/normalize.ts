// How search text is normalised, on both sides: the index build (lib/search/search-index.ts does
// the same in SQL, NORMALIZE_SQL below) and the query (parseSearchQuery). Both sides must agree
// character for character, so every rule lives here once, with its SQL twin next to it; a unit
// test runs the SQL over the same strings and compares (tests/unit/search/normalize.test.ts).
//   text:     lower case, ё → е; words are runs of letters and digits (quotes, dots, dashes split);
//             the query is also put in NFC (a typed й may arrive as и + breve), stored text is
//             taken as NFC, as the CRM and accounting exports write it
//   names:    organisation forms (ООО, ИП, АО …) are not words to search by: «ООО "Ромашка"» = «Ромашка»
//   phone:    digits before any letter ("доб. 12" dropped); 11 digits starting with 7 or 8 → the
//             10-digit national number; stored reversed, so "last 4+ digits" is a prefix lookup
//   INN:      its digits; contract: letters and digits only, without a leading series of letters
//             (Д-2019/00123 → 201900123), so a number typed with or without its series matches

/** Organisation forms dropped from names and queries: they tell nothing apart. */
export const orgForms = [
  'ооо', 'оао', 'зао', 'пао', 'нао', 'ао', 'ип', 'гбу', 'гау', 'гуп', 'фгуп', 'мбу', 'мау', 'мку', 'муп', 'ано', 'нко', 'кфх', 'пк', 'тсж',
] as const;
const orgFormSet: ReadonlySet<string> = new Set(orgForms);

/** Lower case, ё → е (and NFC, so a decomposed й is one letter; the index build skips NFC, see above). */
export function normalizeText(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/ё/g, 'е');
}

const nonWord = /[^\p{L}\p{N}]+/u;

/** The words of a text: normalised runs of letters and digits. */
export function words(s: string): string[] {
  return normalizeText(s).split(nonWord).filter((w) => w !== '');
}

/** Words of a name that identify it: organisation forms removed. */
export function nameWords(s: string): string[] {
  return words(s).filter((w) => !orgFormSet.has(w));
}

/** Phone digits as stored in the index: the national number for +7/8 numbers, else all digits; null below 5 digits. */
export function phoneKey(s: string): string | null {
  const head = s.split(/\p{L}/u)[0];
  let d = head.replace(/\D/g, '');
  if (d.length === 11 && (d[0] === '7' || d[0] === '8')) d = d.slice(1);
  return d.length >= 5 ? d : null;
}

/** The phone's index term: its digits reversed, so a suffix of the number is a prefix of the term. */
export const reversedDigits = (d: string): string => [...d].reverse().join('');

/**
 * Contract number key: normalised letters and digits only, without a leading series of letters
 * (Д-2019/00123 → 201900123), so a number typed with or without its series finds it. One term per
 * contract: two numbers that differ only in their series both come up, side by side.
 */
export function contractKey(s: string): string {
  const k = words(s).join('');
  const m = /^\p{L}+(?=\p{N})/u.exec(k);
  return m ? k.slice(m[0].length) : k;
}

/** Term namespaces of search_postings: one sorted table holds every kind of term. */
export const NS = { word: 'w', pair: 'b', phone: 'p', inn: 'i', contract: 'c' } as const;

/** Field codes stored in search_postings.field, and their API names. */
export const fieldCodes = { name: 1, inn: 2, contract: 3, phone: 4, contact: 5 } as const;
export type MatchField = keyof typeof fieldCodes;
export const matchFields = Object.keys(fieldCodes) as MatchField[];
export const fieldOfCode = (code: number): MatchField => matchFields.find((f) => fieldCodes[f] === code) ?? 'name';

/** Only words at least this long get postings; shorter ones (initials) are checked through `rest`. */
export const MIN_WORD = 2;
/** Words this long or longer are matched with one typo (shorter ones give too many neighbours). */
export const MIN_TYPO_WORD = 4;
/** Vocabulary words this long or longer get deletion neighbours (a 3-letter word is one insertion from a 4-letter query). */
export const MIN_DELETES_WORD = 3;
/** `rest` keeps this many characters of the words after a word: enough for a first name and patronymic. */
export const REST_CHARS = 48;

/**
 * Every string one deletion away from `w` (SymSpell): two words are within one edit (insertion,
 * deletion, substitution, or swap of neighbours) only if their deletion sets (each including the
 * word itself) share a string. Code points, not bytes, so Cyrillic counts one per letter.
 */
export function deletions(w: string): string[] {
  const cs = [...w];
  const out = new Set<string>();
  for (let i = 0; i < cs.length; i++) out.add(cs.slice(0, i).join('') + cs.slice(i + 1).join(''));
  out.delete(w);
  return [...out];
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits) on code points. */
export function editDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const m = s.length;
  const n = t.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/** What a query asks for, after normalisation. Each part is looked up in its own branch. */
export interface ParsedQuery {
  /** Digits of a phone-like query (only digits and phone punctuation), national form; ≥ 4 digits. */
  phone: string | null;
  /** Digits of an INN-like query (6–12 digits, nothing else). */
  inn: string | null;
  /** Contract key of a query holding a digit (and no phone brackets or plus). */
  contract: string | null;
  /** The first name word (≥ 2 characters) to look up; null when the query has none. */
  lead: string | null;
  /** The words typed after the lead, each matched as the start of a following word, in order. */
  after: string[];
  /** Digits-only query: name words then only match exactly (a number in a name, not a completion). */
  numeric: boolean;
}

/** Parse a search box query into the lookups it needs. */
export function parseSearchQuery(q: string): ParsedQuery {
  const raw = q.normalize('NFC').trim();
  const phoneLike = /^[\d\s()+\-.]+$/.test(raw);
  const digits = raw.replace(/\D/g, '');
  let phone: string | null = null;
  let inn: string | null = null;
  if (phoneLike && digits.length >= 4) {
    phone = digits.length === 11 && (digits[0] === '7' || digits[0] === '8') ? digits.slice(1) : digits;
    // An INN has 10 or 12 digits; its first 6+ are worth a prefix lookup, fewer are not.
    if (/^\d+$/.test(raw) && digits.length >= 6 && digits.length <= 12) inn = digits;
  }
  const ck = contractKey(raw);
  // "+7 (…" is a phone; a contract number has no brackets or plus.
  const contract = /\p{N}/u.test(ck) && ck.length >= 3 && !/[()+]/.test(raw) ? ck : null;
  const ws = nameWords(raw);
  const leadAt = ws.findIndex((w) => [...w].length >= MIN_WORD);
  return {
    phone, inn, contract,
    lead: leadAt >= 0 ? ws[leadAt] : null,
    after: leadAt >= 0 ? ws.slice(leadAt + 1) : [],
    numeric: phoneLike,
  };
}

/**
 * The LIKE pattern on `rest` for the words typed after the lead: each starts a following word, in
 * order ("Иванов И П" → rest LIKE 'и% п%'). Words hold only letters and digits, so no wildcard
 * can come from the user.
 */
export function restPattern(after: string[]): string | null {
  if (!after.length) return null;
  return `${after.join('% ')}%`;
}
