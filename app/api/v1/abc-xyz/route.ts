// GET /api/v1/abc-xyz - ABC / XYZ classes of clients (metrics.md) as known on asOf: the 3 × 5
// matrix (A/B/C × X/Y/Z/new/none: clients, metric sums, shares) and the clients with their classes,
// largest first. ?metric= revenue|gross_profit|sales_count, ?asOf= YYYY-MM-DD (default: the newest
// extract's), ?months= 3–36 (12), ?a=&b= ABC bounds % (80, 95), ?x=&y= CV bounds % (10, 25),
// ?cell= A-X … C-none (only that cell's clients), ?limit= 1–200000 (1000), ?offset=. Scoped: the
// classes are among the caller's clients. A bad parameter → 400.
import { withApi } from '@/lib/auth/session';
import { abcXyzAnswer } from '@/lib/abc/api';
import { parseAbcParamsStrict } from '@/lib/abc/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => abcXyzAnswer(await parseAbcParamsStrict(new URL(req.url).searchParams), scope));
