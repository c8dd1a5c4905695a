// GET /api/v1/abc-xyz/transitions - from → to tables between the previous window (D shifted back by
// ?shift= months, default one window) and the current one (metrics.md "ABC / XYZ" → Transitions):
// `abc` 3 × 3 and `xyz` 5 × 5 cells of { from, to, clients, value, prevValue }. With ?from=&to= (both
// ABC or both XYZ classes) also that cell's clients, largest first (?limit=). The other parameters
// as /api/v1/abc-xyz. Scoped; a bad parameter → 400.
import { withApi } from '@/lib/auth/session';
import { transitionsAnswer } from '@/lib/abc/api';
import { parseAbcParamsStrict } from '@/lib/abc/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => transitionsAnswer(await parseAbcParamsStrict(new URL(req.url).searchParams), scope));
