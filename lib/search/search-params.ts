// The query parameters of GET /api/v1/clients/search, parsed strictly: ?q= (2–100 characters after
// trimming) and ?limit= (1–100, default 20). A bad value throws BadRequestError (→ 400) with a
// message in Russian and English, never a 500.
import { BadRequestError } from '../auth/session';
import { SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX, SEARCH_MIN_CHARS } from './search-clients';

export const SEARCH_MAX_CHARS = 100;

export interface SearchParams { q: string; limit: number }

/** q and limit from the URL, or a BadRequestError saying what is wrong. */
export function parseSearchParams(sp: URLSearchParams): SearchParams {
  const q = (sp.get('q') ?? '').trim();
  const chars = [...q].length;
  if (chars < SEARCH_MIN_CHARS) {
    throw new BadRequestError(`q: введите не меньше ${SEARCH_MIN_CHARS} символов / at least ${SEARCH_MIN_CHARS} characters (got ${chars})`);
  }
  if (chars > SEARCH_MAX_CHARS) {
    throw new BadRequestError(`q: не больше ${SEARCH_MAX_CHARS} символов / at most ${SEARCH_MAX_CHARS} characters (got ${chars})`);
  }
  const raw = sp.get('limit');
  let limit = SEARCH_LIMIT_DEFAULT;
  if (raw !== null) {
    limit = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= SEARCH_LIMIT_MAX)) {
      throw new BadRequestError(`limit: целое от 1 до ${SEARCH_LIMIT_MAX} / an integer from 1 to ${SEARCH_LIMIT_MAX} (got "${raw.slice(0, 20)}")`);
    }
  }
  return { q, limit };
}
