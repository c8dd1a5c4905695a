// POST /api/v1/alerts/seen with { "upTo": { "<kind>": "YYYY-MM-DDTHH:MM:SS", ... } } - the caller
// opened the bell and was shown each kind's alerts up to that time (GET /api/v1/alerts `newest`):
// their "seen up to" marks move forward to it (never back), per user, in app.sqlite
// (lib/alerts/seen.ts) → { seen: { <kind>: at } }. Kinds not sent keep their marks. Every role may
// (it is the caller's own state, not data); an unknown kind or a bad time is 400.
import { BadRequestError, withApi } from '@/lib/auth/session';
import { markAlertsSeen, seenUpToSchema } from '@/lib/alerts/seen';

export const dynamic = 'force-dynamic';

export const POST = withApi(async (req, { caller }) => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new BadRequestError('тело запроса: JSON вида {"upTo": {"threat": "2026-11-20T12:30:00"}}');
  }
  const { upTo } = seenUpToSchema.parse(body);
  return { seen: markAlertsSeen(caller.user.login, upTo) };
});
