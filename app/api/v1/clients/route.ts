// GET /api/v1/clients - clients visible to the caller, filtered and sorted, a page at a time:
// ?q= part of the name (or an exact INN / contract), ?team= ?specialist= ids, ?segment=,
// ?taxSystem= ОСНО|УСН|ПСН|ЕСХН|АУСН, ?status= active|suspended|churned (empty = any),
// ?abc= A|B|C, ?xyz= X|Y|Z|new|none, ?quadrant= star|cow|question|dog (the default ABC/XYZ view:
// revenue, 12 months, as known on the newest extract, classes among the caller's clients),
// ?sort= name|inn|contract|contractStart|segment|taxSystem|region|specialist|team|status, ?dir= asc|desc,
// ?limit= 1..200000 (default 50), ?offset= ≥0. JSON `{ rows, total, limit, offset }`; with
// `Accept: application/vnd.apache.arrow.stream` the same rows as an Arrow IPC stream (total in the
// X-Total-Count header and the schema metadata). Not compressed here: Next drops a route handler's
// Content-Encoding header (send-response.ts), so compress in a reverse proxy if the link is slow.
// A bad parameter answers 400 with a Russian message.
import { z } from 'zod';
import { withApi } from '@/lib/auth/session';
import { ARROW_STREAM_TYPE } from '@/lib/arrow/rows';
import { abcClasses, bcgQuadrants, xyzClasses } from '@/lib/abc/classes';
import {
  CLIENTS_MAX_LIMIT, clientListFilterSchema, clientSortKeys, clientStatuses, getClients, getClientsArrow, taxSystems,
} from '@/lib/clients/get-clients';

export const dynamic = 'force-dynamic';

const paramsSchema = clientListFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(CLIENTS_MAX_LIMIT).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z.enum(clientSortKeys).default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});
type ParamKey = keyof typeof paramsSchema.shape;

// What each parameter must be, said the way the 400 answer says it.
const expected: Record<ParamKey, string> = {
  q: 'не длиннее 100 символов',
  team: 'код отдела, 1–100 символов',
  specialist: 'код специалиста, 1–100 символов',
  segment: 'сегмент, 1–100 символов',
  taxSystem: `одно из: ${taxSystems.join(', ')}`,
  status: `одно из: ${clientStatuses.join(', ')}`,
  abc: `одно из: ${abcClasses.join(', ')}`,
  xyz: `одно из: ${xyzClasses.join(', ')}`,
  quadrant: `одно из: ${bcgQuadrants.join(', ')}`,
  limit: `целое число от 1 до ${CLIENTS_MAX_LIMIT}`,
  offset: 'целое число не меньше 0',
  sort: `одно из: ${clientSortKeys.join(', ')}`,
  dir: 'asc или desc',
};

function badRequest(bad: Array<[ParamKey, string]>): Response {
  const error = `Неверные параметры запроса: ${bad.map(([k, v]) => `${k}=${JSON.stringify(v)} — ожидается ${expected[k]}`).join('; ')}`;
  return Response.json(
    { error, issues: bad.map(([k]) => ({ path: k, message: expected[k] })) },
    { status: 400, headers: { 'cache-control': 'no-store' } },
  );
}

export const GET = withApi(async (req, { scope }) => {
  // Known keys only; an empty value means "not set" (so `?team=&status=` is every team and status).
  const raw: Partial<Record<ParamKey, string>> = {};
  for (const [k, v] of new URL(req.url).searchParams) {
    if (k in paramsSchema.shape && v !== '') raw[k as ParamKey] = v;
  }
  const bad = (Object.keys(raw) as ParamKey[])
    .filter((k) => !paramsSchema.shape[k].safeParse(raw[k]).success)
    .map((k): [ParamKey, string] => [k, raw[k]!]);
  if (bad.length) return badRequest(bad);
  const p = paramsSchema.parse(raw);

  const headers = { 'cache-control': 'no-store', vary: 'accept' };
  if (req.headers.get('accept')?.includes(ARROW_STREAM_TYPE)) {
    const { bytes, total } = await getClientsArrow(scope, p);
    return new Response(bytes, { headers: { ...headers, 'content-type': ARROW_STREAM_TYPE, 'x-total-count': String(total) } });
  }
  const { rows, total } = await getClients(scope, p);
  return Response.json({ rows, total, limit: p.limit, offset: p.offset }, { headers });
});
