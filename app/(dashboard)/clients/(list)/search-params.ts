// URL state of Клиенты, parsed once: ?q= name filter, ?page= (1-based), ?sort=, ?dir=.
// Bad or missing values fall back to defaults, so a hand-edited URL never gives a 500.
import { z } from 'zod';
import { clientSortKeys } from '@/lib/clients/get-clients';

export const CLIENTS_PAGE_SIZE = 50;

const schema = z.object({
  q: z.string().trim().max(100).catch(''),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  sort: z.enum(clientSortKeys).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
});
export type ClientsSearch = z.infer<typeof schema>;

type Raw = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Parse Клиенты's search params; never throws. */
export function parseClientsSearch(raw: Raw): ClientsSearch {
  return schema.parse({ q: first(raw.q) ?? '', page: first(raw.page) ?? 1, sort: first(raw.sort) ?? 'name', dir: first(raw.dir) ?? 'asc' });
}

/** The list URL for a state (defaults left out). */
export function clientsHref(s: Partial<ClientsSearch>): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.sort && s.sort !== 'name') p.set('sort', s.sort);
  if (s.dir && s.dir !== 'asc') p.set('dir', s.dir);
  if (s.page && s.page > 1) p.set('page', String(s.page));
  const qs = p.toString();
  return qs ? `/clients?${qs}` : '/clients';
}
