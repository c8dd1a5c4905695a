// GET /api/v1/loads/<loadId> - one load with its files and rejected rows (?limit= 1..5000, default
// 500). Specialists get the rows without their raw content, and reasons and the message without
// field values (they may hold other clients' data; lib/load/redact.ts).
import { z } from 'zod';
import { BadRequestError, NotFoundError, withApi } from '@/lib/auth/session';
import { getLoad, getRejectedRows } from '@/lib/loads';

export const dynamic = 'force-dynamic';

const limitSchema = z.coerce.number().int().min(1).max(5000).default(500);

export const GET = withApi<{ loadId: string }>(async (req, { scope, params }) => {
  const id = Number(params.loadId);
  if (!Number.isSafeInteger(id) || id < 0) throw new BadRequestError('loadId must be a whole number');
  const limit = limitSchema.parse(new URL(req.url).searchParams.get('limit') ?? undefined);
  const load = await getLoad(scope, id);
  if (!load) throw new NotFoundError();
  return { load, rejected: await getRejectedRows(scope, id, limit) };
});
