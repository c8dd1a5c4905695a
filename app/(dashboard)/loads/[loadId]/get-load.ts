// The load for /loads/[loadId], read once per request (layout and page share it).
import { cache } from 'react';
import { requirePageScope } from '@/lib/auth/session';
import { getLoad } from '@/lib/loads';

/** Null for a non-numeric or unknown id; the message as the caller may read it. */
export const getLoadForPage = cache(async (loadId: string) => {
  const scope = await requirePageScope();
  const id = Number(loadId);
  return Number.isSafeInteger(id) && id >= 0 ? getLoad(scope, id) : null;
});
