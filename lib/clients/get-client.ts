// One client's header for the card (/clients/[clientId], GET /api/v1/clients/<id>). Returns null
// both when the client is missing and when it is outside the caller's scope, so callers answer
// 404 either way and never reveal that another specialist's client exists.
import { z } from 'zod';
import { query } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';

export const clientCardRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  inn: z.string().nullable(),
  contractNo: z.string().nullable(),
  contractStartOn: z.string().nullable(),
  holdingId: z.string().nullable(),
  holdingName: z.string().nullable(),
  /** Outlet of a chain: the parent entity's client_id. */
  parentClientId: z.string().nullable(),
  segment: z.string().nullable(),
  taxSystem: z.string().nullable(),
  region: z.string().nullable(),
  specialistId: z.string().nullable(),
  specialistName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  status: z.string(),
  churnedOn: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  specifics: z.string().nullable(),
});
export type ClientCardRow = z.infer<typeof clientCardRowSchema>;

/** The client if `scope` may see it, else null. Dates are ISO `YYYY-MM-DD`. */
export async function getClient(scope: Scope, clientId: string): Promise<ClientCardRow | null> {
  const cte = scopedClientsCte(scope);
  const rows = await query(
    /* sql */ `
WITH ${cte.sql}
SELECT c.client_id AS id, c.name, c.inn, c.contract_no AS contractNo, c.contract_start::VARCHAR AS contractStartOn,
  c.holding_id AS holdingId, c.holding_name AS holdingName, c.parent_client_id AS parentClientId, c.segment, c.tax_system AS taxSystem, c.region,
  c.specialist_id AS specialistId, s.full_name AS specialistName, s.team_id AS teamId, t.name AS teamName,
  c.status, c.churned_on::VARCHAR AS churnedOn, c.phone, c.email, c.address, c.specifics
FROM scoped_clients c
LEFT JOIN specialists s ON s.specialist_id = c.specialist_id
LEFT JOIN teams t ON t.team_id = s.team_id
WHERE c.client_id = $clientId`,
    { ...cte.params, clientId },
  );
  return rows.length ? clientCardRowSchema.parse(rows[0]) : null;
}
