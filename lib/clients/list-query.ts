// What a Клиенты list shows, as plain data shared by the server (getter, API, page) and the
// browser (the table builds its links and API requests from it): the sort keys, which are also
// the column ids, the default columns, the row limit, and the URL of a state. No server imports.
import { abcClasses, bcgQuadrants, xyzClasses } from '../abc/classes';
import { clientStatuses, taxSystems } from '../load/contract';

export { abcClasses, bcgQuadrants, clientStatuses, taxSystems, xyzClasses };

/** Every column of the list is sortable, so a column id is its sort key. */
export const clientSortKeys = ['name', 'inn', 'contract', 'contractStart', 'segment', 'taxSystem', 'region', 'specialist', 'team', 'status'] as const;
export type ClientSortKey = (typeof clientSortKeys)[number];
export const clientColumnIds = clientSortKeys;
export type ClientColumnId = ClientSortKey;
/** Shown until the user picks: what a head scans a portfolio by. */
export const defaultClientColumns: readonly ClientColumnId[] = ['name', 'inn', 'contract', 'segment', 'taxSystem', 'specialist', 'team', 'status'];

/** Most rows one request may ask for: the whole list of a 200,000-client company in one Arrow stream. */
export const CLIENTS_MAX_LIMIT = 200_000;

/** The list's state, as the URL holds it. */
export interface ClientsSearch {
  q: string;
  team?: string;
  specialist?: string;
  segment?: string;
  taxSystem?: (typeof taxSystems)[number];
  status?: (typeof clientStatuses)[number];
  /** ABC / XYZ class and growth × share quadrant in the default view (revenue, 12 months, newest as-of). */
  abc?: (typeof abcClasses)[number];
  xyz?: (typeof xyzClasses)[number];
  quadrant?: (typeof bcgQuadrants)[number];
  sort: ClientSortKey;
  dir: 'asc' | 'desc';
  cols: ClientColumnId[];
}

/** The columns of `?cols=`: known ids in the table's order, the name always; none known → defaults. */
export function parseColumns(v: string | undefined): ClientColumnId[] {
  const asked = new Set((v ?? '').split(','));
  const cols = clientColumnIds.filter((id) => asked.has(id));
  return cols.length ? (cols.includes('name') ? cols : ['name', ...cols]) : [...defaultClientColumns];
}

/** The filters of a state, in URL order. */
export const clientFilterKeys = ['team', 'specialist', 'segment', 'taxSystem', 'status', 'abc', 'xyz', 'quadrant'] as const;

/** The query string of the rows a state shows (filters and order, not columns): the API's too. */
export function clientsDataQuery(s: Partial<ClientsSearch>): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of clientFilterKeys) {
    const v = s[k];
    if (v) p.set(k, v);
  }
  if (s.sort && s.sort !== 'name') p.set('sort', s.sort);
  if (s.dir && s.dir !== 'asc') p.set('dir', s.dir);
  return p;
}

/** The list URL for a state (defaults left out). */
export function clientsHref(s: Partial<ClientsSearch>): string {
  const p = clientsDataQuery(s);
  if (s.cols && s.cols.join(',') !== defaultClientColumns.join(',')) p.set('cols', s.cols.join(','));
  const qs = p.toString();
  return qs ? `/clients?${qs}` : '/clients';
}

