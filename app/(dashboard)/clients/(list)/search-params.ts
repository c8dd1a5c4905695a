// URL state of Клиенты, parsed once: ?q= name / INN / contract, ?team= ?specialist= ?segment=
// ?taxSystem= ?status= ?abc= ?xyz= ?quadrant= filters, ?sort= ?dir= order, ?cols= the columns shown (comma list).
// Bad or missing values fall back to defaults, and a filter value the caller has no client with
// (another team, a typo) is dropped, so a hand-edited URL never gives a 500 or an empty screen
// for a reason the filters do not show.
import { z } from 'zod';
import { clientListFilterSchema, type ClientListOptions } from '@/lib/clients/get-clients';
import { clientSortKeys, parseColumns, type ClientsSearch } from '@/lib/clients/list-query';

/** Rows rendered by the server: the first screens, before the whole list arrives as Arrow. */
export const CLIENTS_FIRST_ROWS = 100;

type Raw = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const shape = clientListFilterSchema.shape;

function pick<T>(schema: z.ZodType<T>, v: string | undefined): T | undefined {
  if (v === undefined || v === '') return undefined;
  const r = schema.safeParse(v);
  return r.success ? r.data : undefined;
}

/** Parse Клиенты's search params against the caller's filter options; never throws. */
export function parseClientsSearch(raw: Raw, options: ClientListOptions): ClientsSearch {
  const team = pick(shape.team, first(raw.team));
  const specialist = pick(shape.specialist, first(raw.specialist));
  const segment = pick(shape.segment, first(raw.segment));
  const taxSystem = pick(shape.taxSystem, first(raw.taxSystem));
  return {
    q: pick(shape.q, first(raw.q)) ?? '',
    team: team && options.teams.some((x) => x.id === team) ? team : undefined,
    specialist: specialist && options.specialists.some((x) => x.id === specialist) ? specialist : undefined,
    segment: segment && options.segments.includes(segment) ? segment : undefined,
    taxSystem: taxSystem && options.taxSystems.includes(taxSystem) ? taxSystem : undefined,
    status: pick(shape.status, first(raw.status)),
    abc: pick(shape.abc, first(raw.abc)),
    xyz: pick(shape.xyz, first(raw.xyz)),
    quadrant: pick(shape.quadrant, first(raw.quadrant)),
    sort: pick(z.enum(clientSortKeys), first(raw.sort)) ?? 'name',
    dir: pick(z.enum(['asc', 'desc']), first(raw.dir)) ?? 'asc',
    cols: parseColumns(first(raw.cols)),
  };
}
