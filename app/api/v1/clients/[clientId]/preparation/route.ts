// GET /api/v1/clients/<clientId>/preparation?type=&asOf= - the preparation checklist (metrics.md
// "Preparation checklist (per contact)") as known on asOf (default: the newest extract's as-of):
// { asOf, client, suggestedType, rule, reason, type, since, window, progress, reviewedOn,
//   sections: [{ key, items: [{ key, kind, reviewed, ... }] }] }; type defaults to the suggested one.
// POST / DELETE ?asOf= with { "item": "<item key>" } tick / untick an item as reviewed for the
// caller, the client and today (company calendar day) → { item, reviewed, reviewedOn }; the item
// must be one the client's checklist offers as known on asOf (default: the newest extract's), in
// any type's sections. 404 when the client is missing or outside the caller's scope; a bad type,
// asOf or item is 400; executives only read (403).
import { BadRequestError, NotFoundError, withApi, type ApiContext } from '@/lib/auth/session';
import { parsePrepParamsStrict } from '@/lib/prep/params';
import { getPrepItemKeys, getPreparation } from '@/lib/prep/preparation';
import { companyToday, itemKeySchema, setReviewed } from '@/lib/prep/reviews';

export const dynamic = 'force-dynamic';

export const GET = withApi<{ clientId: string }>(async (req, { scope, caller, params }) => {
  const p = await parsePrepParamsStrict(new URL(req.url).searchParams);
  const prep = await getPreparation(scope, params.clientId, {
    asOf: p.asOf, type: p.type, reviews: { login: caller.user.login, day: companyToday() },
  });
  if (!prep) throw new NotFoundError();
  const { facts: _facts, lastContact: _last, ...body } = prep;
  return body;
});

async function tick(req: Request, { scope, caller, params }: ApiContext<{ clientId: string }>, reviewed: boolean) {
  if (caller.user.role === 'executive') {
    return Response.json({ error: 'read-only: executives do not tick checklists' }, { status: 403, headers: { 'cache-control': 'no-store' } });
  }
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new BadRequestError('тело запроса: JSON вида {"item": "<ключ пункта>"}');
  }
  const item = itemKeySchema.parse((body as { item?: unknown } | null)?.item);
  const { asOf } = await parsePrepParamsStrict(new URL(req.url).searchParams, ['asOf']);
  // Only what the checklist offers: any string used to be stored (and counted nowhere).
  const offered = await getPrepItemKeys(scope, params.clientId, asOf);
  if (!offered) throw new NotFoundError();
  if (!offered.has(item)) throw new BadRequestError(`пункт «${item}» не входит в чек-лист этого клиента на ${asOf}`);
  const day = companyToday();
  await setReviewed(caller.user.login, params.clientId, day, item, reviewed);
  return { item, reviewed, reviewedOn: day };
}

export const POST = withApi<{ clientId: string }>((req, ctx) => tick(req, ctx, true));
export const DELETE = withApi<{ clientId: string }>((req, ctx) => tick(req, ctx, false));
