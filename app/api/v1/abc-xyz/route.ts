// GET /api/v1/abc-xyz - ABC / XYZ classes of clients (metrics.md) as known on asOf: the 3 × 5
// matrix (A/B/C × X/Y/Z/new/none: clients, metric sums, shares) and the clients with their classes,
// largest first. ?metric= revenue|gross_profit|sales_count, ?asOf= YYYY-MM-DD (default: the newest
// extract's), ?months= 3–36 (12), ?a=&b= ABC bounds % (80, 95), ?x=&y= CV bounds % (10, 25),
// ?cell= A-X … C-none (only that cell's clients), ?limit= 1–10000 (1000) clients per page,
// ?offset=; ?format=csv: the whole list (the cell's, or every client) as a CSV file with names,
// limit and offset aside. Scoped: the classes are among the caller's clients. A bad parameter → 400.
import { BadRequestError, withApi } from '@/lib/auth/session';
import { abcXyzAnswer, abcXyzCsv } from '@/lib/abc/api';
import { parseAbcParamsStrict } from '@/lib/abc/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const sp = new URL(req.url).searchParams;
  const format = sp.get('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new BadRequestError(`format: json или csv / json or csv (got "${format}")`);
  const p = await parseAbcParamsStrict(sp);
  if (format === 'json') return abcXyzAnswer(p, scope);
  const csv = await abcXyzCsv(p, scope);
  return new Response(csv.text, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${csv.name.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
});
