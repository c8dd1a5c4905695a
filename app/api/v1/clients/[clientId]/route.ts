// GET /api/v1/clients/<clientId> - the client card's data as known on ?asOf= YYYY-MM-DD (default:
// the newest extract's as-of): { asOf, client, groups, contacts, payments, openAgreements,
// openThreats, plannedContacts, timeline, completeness }; ?kind= interaction|agreement|threat|usage
// narrows the timeline, ?limit= 1..500 caps it (default 30). Money in roubles (numbers), dates ISO.
// 404 when the client is missing or outside the caller's scope (the two look the same); a bad
// parameter is 400.
import { NotFoundError, withApi } from '@/lib/auth/session';
import { getClientCard } from '@/lib/clients/card';
import { parseCardParamsStrict } from '@/lib/clients/card-params';

export const dynamic = 'force-dynamic';

export const GET = withApi<{ clientId: string }>(async (req, { scope, params }) => {
  const p = await parseCardParamsStrict(new URL(req.url).searchParams);
  const card = await getClientCard(scope, params.clientId, { asOf: p.asOf, kind: p.kind, limit: p.limit });
  if (!card) throw new NotFoundError();
  return card;
});
