// Teams the caller may pick in filters: those of the specialists who hold the caller's clients
// (scoped through scopedClientsCte, lib/db/scope.ts), by name.
import { z } from 'zod';
import { query } from '../db';
import { scopedClientsCte, type Scope } from '../db/scope';

const teamRowSchema = z.object({ id: z.string(), name: z.string() });
export type TeamRow = z.infer<typeof teamRowSchema>;

/** Teams with at least one client in the caller's scope. */
export async function getScopeTeams(scope: Scope): Promise<TeamRow[]> {
  const cte = scopedClientsCte(scope);
  return z.array(teamRowSchema).parse(await query(/* sql */ `
    WITH ${cte.sql}
    SELECT DISTINCT t.team_id AS id, t.name FROM scoped_clients c
      JOIN specialists s ON s.specialist_id = c.specialist_id JOIN teams t ON t.team_id = s.team_id
    ORDER BY t.name`, cte.params));
}
