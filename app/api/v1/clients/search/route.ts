// GET /api/v1/clients/search?q=&limit= - clients of the caller's scope matching q: phone in any
// format or its last 4+ digits, INN, contract number, organisation name, contact person's name,
// surname + initials; one typo and ё/е tolerated. { rows: [{ id, name, matched: { field, value },
// specialistId }] }, best first; field is phone | inn | contract | name | contact. limit 1–100
// (default 20); q of fewer than 2 characters or a bad limit → 400.
import { withApi } from '@/lib/auth/session';
import { searchClients } from '@/lib/search/search-clients';
import { parseSearchParams } from '@/lib/search/search-params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => {
  const p = parseSearchParams(new URL(req.url).searchParams);
  return { rows: await searchClients({ q: p.q, limit: p.limit, scope }) };
});
