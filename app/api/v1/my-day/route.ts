// GET /api/v1/my-day?asOf=&team= - Мой день as known on asOf (default: the newest extract's as-of), in
// the caller's scope: { asOf, today, overdue, agreements, threats }, each { rows, total } (rows capped
// at 50, newest or most urgent first), every row with the client's suggestedType and reason; heads and
// executives also get `teams`, each team's counts. team= narrows the lists to one team. Bad value: 400.
import { withApi } from '@/lib/auth/session';
import { getMyDay } from '@/lib/day/my-day';
import { parsePrepParamsStrict } from '@/lib/prep/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = await parsePrepParamsStrict(new URL(req.url).searchParams, ['asOf', 'team']);
  return getMyDay(scope, p.asOf, { team: p.team });
});
