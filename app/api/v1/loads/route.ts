// GET /api/v1/loads - the load log, latest first; ?limit= 1..500 (default 50). Every role;
// messages without field values for specialists (lib/load/redact.ts).
import { z } from 'zod';
import { withApi } from '@/lib/auth/session';
import { getLoadLog } from '@/lib/loads';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = withApi(async (req, { scope }) => {
  const { limit } = paramsSchema.parse({ limit: new URL(req.url).searchParams.get('limit') ?? undefined });
  return { rows: await getLoadLog(scope, limit) };
});
