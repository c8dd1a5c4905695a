// GET /api/v1/clients - clients visible to the caller; ?q= name (or exact INN / contract),
// ?limit= 1..1000 (default 50), ?offset= ≥0, ?sort= name|inn|contract|segment|specialist|status, ?dir= asc|desc.
import { z } from 'zod';
import { withApi } from '@/lib/auth/session';
import { clientSortKeys, getClients } from '@/lib/clients/get-clients';

export const dynamic = 'force-dynamic';

const paramsSchema = z.object({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z.enum(clientSortKeys).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const p = paramsSchema.parse(Object.fromEntries([...sp.entries()].filter(([k]) => k in paramsSchema.shape)));
  const { rows, total } = await getClients(scope, p);
  return { rows, total, limit: p.limit, offset: p.offset };
});
