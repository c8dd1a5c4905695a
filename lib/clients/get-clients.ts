// The client list a caller may see (Клиенты, GET /api/v1/clients): scoped through
// scopedClientsCte (lib/db/scope.ts), filtered by name, sorted by an allow-listed column, paged.
import { z } from 'zod';
import { query } from '../db';
import { clientCardRowSchema } from './get-client';
import { scopedClientsCte, type Scope } from '../db/scope';

export const clientSortKeys = ['name', 'inn', 'contract', 'segment', 'specialist', 'status'] as const;
export type ClientSortKey = (typeof clientSortKeys)[number];

// The identifier that varies comes from this allow-list, never from the URL.
const SORT_SQL: Record<ClientSortKey, string> = {
  name: 'c.name', inn: 'c.inn', contract: 'c.contract_no', segment: 'c.segment', specialist: 's.full_name', status: 'c.status',
};

// The list shows a subset of the card's fields: derived, so names and types cannot drift apart.
export const clientListRowSchema = clientCardRowSchema.pick({
  id: true, name: true, inn: true, contractNo: true, segment: true, specialistId: true, specialistName: true, teamName: true, status: true,
});
export type ClientListRow = z.infer<typeof clientListRowSchema>;

export interface ClientListQuery {
  /** Part of the name (case-insensitive), or an exact INN / contract number. */
  q?: string;
  limit: number;
  offset: number;
  sort?: ClientSortKey;
  dir?: 'asc' | 'desc';
}

/** A page of the clients visible to `scope`, with the total count matching the filter. */
export async function getClients(scope: Scope, opts: ClientListQuery): Promise<{ rows: ClientListRow[]; total: number }> {
  const cte = scopedClientsCte(scope);
  const q = opts.q?.trim() || null;
  const order = `${SORT_SQL[opts.sort ?? 'name']} ${opts.dir === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, c.client_id`;
  const sql = /* sql */ `
WITH ${cte.sql},
filtered AS (
  SELECT c.* FROM scoped_clients c
  WHERE $q IS NULL OR lower(c.name) LIKE '%' || lower($q) || '%' OR c.inn = $q OR c.contract_no = $q
)
SELECT c.client_id AS id, c.name, c.inn, c.contract_no AS contractNo, c.segment, c.specialist_id AS specialistId,
  s.full_name AS specialistName, t.name AS teamName, c.status,
  count(*) OVER ()::INTEGER AS total
FROM filtered c
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
LEFT JOIN teams t ON t.team_id = s.team_id
ORDER BY ${order}
LIMIT $limit OFFSET $offset`;
  const raw = await query<Record<string, unknown>>(sql, { ...cte.params, q, limit: opts.limit, offset: opts.offset });
  let total = raw.length ? Number(raw[0].total) : 0;
  if (!raw.length && opts.offset > 0) {
    // Past the last page: still report how many there are.
    const c = await query<{ n: number }>(
      `WITH ${cte.sql} SELECT count(*)::INTEGER AS n FROM scoped_clients c WHERE $q IS NULL OR lower(c.name) LIKE '%' || lower($q) || '%' OR c.inn = $q OR c.contract_no = $q`,
      { ...cte.params, q },
    );
    total = Number(c[0]?.n ?? 0);
  }
  return { rows: raw.map((r) => clientListRowSchema.parse(r)), total };
}
