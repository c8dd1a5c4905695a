// GET /api/v1/alerts?asOf= - the bell: new threats and complaints, contacts and agreements gone
// overdue lately, in the caller's scope as known on asOf (default: the newest extract's as-of):
// { asOf, system, items: [{ kind, id, clientId, clientName, at, text, detail, days, isNew }], counts,
// unseen, newest, total, unseenTotal }: items newest first, at most 5 of each kind; counts and total
// cover all; isNew / unseen against the caller's "seen up to" marks (POST /api/v1/alerts/seen).
// Bad asOf: 400.
import { getAlerts } from '@/lib/alerts/alerts';
import { getAlertsSeen } from '@/lib/alerts/seen';
import { withApi } from '@/lib/auth/session';
import { parsePrepParamsStrict } from '@/lib/prep/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope, caller }) => {
  const p = await parsePrepParamsStrict(new URL(req.url).searchParams, ['asOf']);
  return getAlerts(scope, p.asOf, { seen: getAlertsSeen(caller.user.login) });
});
