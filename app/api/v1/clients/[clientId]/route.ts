// GET /api/v1/clients/<clientId> - one client's header if the caller may see it; 404 otherwise
// (missing and out-of-scope look the same).
import { NotFoundError, withApi } from '@/lib/auth/session';
import { getClient } from '@/lib/clients/get-client';

export const dynamic = 'force-dynamic';

export const GET = withApi<{ clientId: string }>(async (_req, { scope, params }) => {
  const client = await getClient(scope, params.clientId);
  if (!client) throw new NotFoundError();
  return { client };
});
