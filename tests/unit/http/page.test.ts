// Paged list answers (lib/http/page.ts) through the routes' handlers with an API key: one page of the
// rows in the list's order, `rowCount` all of them, the figures of the whole list unchanged by the
// page; a bad limit or offset is 400 naming it. On the hand-made company of ../prep/fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as forecastRoute from '@/app/api/v1/payments/forecast/route';
import * as kpiRoute from '@/app/api/v1/kpi/route';
import * as paymentsRoute from '@/app/api/v1/payments/route';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { loadPrepFixture } from '../prep/fixture';

let dir: string;
let key: string;
beforeAll(async () => {
  dir = await freshDataDir('sa-page-');
  await loadPrepFixture(dir);
  await addUser({ login: 'boss', role: 'executive', password: 'password-1' });
  key = await createApiKey('boss');
});
afterAll(() => cleanupDataDir(dir));

type Handler = (r: Request, c: never) => Promise<Response>;
const get = async (handler: Handler, path: string) => {
  const res = await handler(new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) } as never);
  return { status: res.status, body: await res.json() };
};

describe.each([
  ['/api/v1/payments?by=client', paymentsRoute.GET, 'total'],
  ['/api/v1/payments/forecast?by=specialist', forecastRoute.GET, 'day'],
  ['/api/v1/kpi?by=specialist', kpiRoute.GET, 'medians'],
] as const)('%s', (path, handler, whole) => {
  it('pages the rows in their order; rowCount and the whole-list figures stay', async () => {
    const all = await get(handler, path);
    expect(all.status).toBe(200);
    const n = all.body.rows.length;
    expect(n).toBeGreaterThan(0);
    expect(all.body).toMatchObject({ limit: 500, offset: 0, rowCount: n });
    const pages = [];
    for (let i = 0; i <= n; i++) pages.push(await get(handler, `${path}&limit=1&offset=${i}`));
    // Each row on its own page, in order, and nothing past the end.
    expect(pages.flatMap((p) => p.body.rows)).toEqual(all.body.rows);
    expect(pages[n].body.rows).toEqual([]);
    for (const page of pages) {
      expect(page.body.rowCount).toBe(n);
      expect(page.body[whole]).toEqual(all.body[whole]);
    }
  });

  it('a bad limit or offset is 400 naming it', async () => {
    for (const [q, name] of [['limit=0', 'limit'], ['limit=100001', 'limit'], ['limit=x', 'limit'], ['offset=-1', 'offset'], ['offset=1.5', 'offset']]) {
      const r = await get(handler, `${path}&${q}`);
      expect(r.status, q).toBe(400);
      expect(JSON.stringify(r.body), q).toContain(name);
    }
  });
});
