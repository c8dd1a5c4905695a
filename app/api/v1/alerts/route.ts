// GET /api/v1/alerts?asOf= - the bell: new threats and complaints, contacts and agreements gone
// overdue lately, in the caller's scope as known on asOf (default: the newest extract's as-of):
// { asOf, items: [{ kind, id, clientId, clientName, at, text, detail, days }], counts, total },
// newest first (at most 30 items; counts and total cover all). Bad asOf: 400.
import { getAlerts } from '@/lib/alerts/alerts';
import { withApi } from '@/lib/auth/session';
import { parsePrepParamsStrict } from '@/lib/prep/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePrepParamsStrict(new URL(req.url).searchParams, ['asOf']);
  return getAlerts(scope, p.asOf);
});
