// Specialist display names (a dimension: names only, no client data, so no scope is needed).
import { query } from '../db';

/** Full name of a specialist, or null when unknown. */
export async function getSpecialistName(id: string): Promise<string | null> {
  const r = await query<{ name: string }>('SELECT full_name AS name FROM specialists WHERE specialist_id = $id', { id });
  return r[0]?.name ?? null;
}
