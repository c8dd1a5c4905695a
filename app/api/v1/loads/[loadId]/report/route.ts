// GET /api/v1/loads/<loadId>/report - the load's readable report as text/plain. Heads and
// executives only: a report quotes rejected lines, which may hold any client's data.
import fs from 'node:fs/promises';
import path from 'node:path';
import { BadRequestError, NotFoundError, withApi } from '@/lib/auth/session';
import { dataDir } from '@/lib/env';
import { getLoadReportPath } from '@/lib/loads';

export const dynamic = 'force-dynamic';

export const GET = withApi<{ loadId: string }>(async (_req, { scope, params }) => {
  if (scope.role === 'specialist') return Response.json({ error: 'forbidden: reports are for heads and executives' }, { status: 403 });
  const id = Number(params.loadId);
  if (!Number.isSafeInteger(id) || id < 0) throw new BadRequestError('loadId must be a whole number');
  const p = await getLoadReportPath(id);
  if (!p) throw new NotFoundError();
  let text: string;
  try {
    text = await fs.readFile(path.resolve(dataDir(), p), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError();
    throw e;
  }
  return new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
});
