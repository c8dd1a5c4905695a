// Paged list answers (issue 21): a list by specialist or client can hold tens of thousands of rows at
// a million clients (a 25 MB JSON answer for the KPI ranking by specialist), so the API returns one
// page of it: ?limit= rows (default DEFAULT_PAGE_LIMIT) from ?offset= (default 0), in the list's own
// order, with `rowCount` the number of rows in all; totals, medians and other figures of the answer
// still cover every row. The pages read the lists in the server and keep the whole list.
import { BadRequestError } from '../auth/session';

export const DEFAULT_PAGE_LIMIT = 500;
export const MAX_PAGE_LIMIT = 100_000;

export interface PageParams { limit: number; offset: number }

/** A whole-number parameter `name` of an API request within [min, max] (absent: `def`); else a 400 naming it. */
export function wholeParam(sp: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = sp.get(name);
  if (raw === null) return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new BadRequestError(`${name}: целое от ${min} до ${max} / an integer from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

/** ?limit= and ?offset= of an API request; a bad value is a 400 naming it. */
export function parsePageParams(sp: URLSearchParams): PageParams {
  return { limit: wholeParam(sp, 'limit', DEFAULT_PAGE_LIMIT, 1, MAX_PAGE_LIMIT), offset: wholeParam(sp, 'offset', 0, 0, Number.MAX_SAFE_INTEGER) };
}

/** One page of `rows` (in their order) with the page's bounds and how many rows there are in all. */
export function pageOf<T>(rows: readonly T[], p: PageParams): { rows: T[]; rowCount: number; limit: number; offset: number } {
  return { rows: rows.slice(p.offset, p.offset + p.limit), rowCount: rows.length, limit: p.limit, offset: p.offset };
}
