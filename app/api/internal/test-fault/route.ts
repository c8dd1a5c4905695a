// POST /api/internal/test-fault - test hook: the next call through the data door fails as a DuckDB
// engine fault would (lib/db injectDbFault), so e2e tests can show the app keeps serving. Exists
// only when the server runs with SA_TEST_HOOKS=1 (404 otherwise), and only for the local CLI token
// (lib/cli/endpoint.ts: the supervisor's token, passed to every worker).
import { injectDbFault, testHooksEnabled, warehouseHealth } from '@/lib/db';
import { cliTokenOk } from '@/lib/cli/endpoint';

export const dynamic = 'force-dynamic';

export async function POST(req: Request): Promise<Response> {
  if (process.env.SA_TEST_HOOKS !== '1' || !testHooksEnabled()) return Response.json({ error: 'not found' }, { status: 404 });
  if (!cliTokenOk(req.headers.get('x-cli-token'))) return Response.json({ error: 'forbidden' }, { status: 403 });
  await injectDbFault();
  return Response.json({ injected: true, worker: process.env.WORKER_ID ?? null, health: warehouseHealth() });
}

/** GET: the door's fault and reopen counts (same conditions). */
export async function GET(req: Request): Promise<Response> {
  if (process.env.SA_TEST_HOOKS !== '1') return Response.json({ error: 'not found' }, { status: 404 });
  if (!cliTokenOk(req.headers.get('x-cli-token'))) return Response.json({ error: 'forbidden' }, { status: 403 });
  return Response.json({ worker: process.env.WORKER_ID ?? null, ...warehouseHealth() });
}
