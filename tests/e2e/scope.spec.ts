// A specialist cannot reach another specialist's client through any page or API: enumerate every
// client id of the company as specialist A, by API key and by session.
import { test, expect } from './test';
import { readFixture, stateFile } from './fixture';

const fx = readFixture();

test('specialist API key: every client id answers 200 only for own clients, 404 for all others', async ({ request }) => {
  const own = new Set(fx.clientIdsOfA);
  expect(own.size).toBeGreaterThan(0);
  expect(fx.clientIds.length).toBeGreaterThan(own.size);
  const headers = { authorization: `Bearer ${fx.apiKeySpecA}` };
  for (const id of fx.clientIds) {
    const res = await request.get(`/api/v1/clients/${encodeURIComponent(id)}`, { headers });
    expect(res.status(), id).toBe(own.has(id) ? 200 : 404);
  }
  const list = await (await request.get('/api/v1/clients?limit=1000', { headers })).json();
  const ids = (list.rows as Array<{ id: string }>).map((r) => r.id).sort();
  expect(ids).toEqual([...own].sort());
});

test('executive API key sees every client', async ({ request }) => {
  const list = await (await request.get('/api/v1/clients?limit=1000', { headers: { authorization: `Bearer ${fx.apiKeyExec}` } })).json();
  expect(list.rows.length).toBe(fx.clientIds.length);
});

test.describe('as specialist A (session)', () => {
  test.use({ storageState: stateFile('spec-a') });

  test('pages: another specialist\'s card is not found, own card opens, the list holds only own clients', async ({ page, request }) => {
    const other = fx.clientIds.find((id) => !fx.clientIdsOfA.includes(id))!;
    const res = await page.goto(`/clients/${encodeURIComponent(other)}`);
    expect(res?.status()).toBe(404);
    const ownId = fx.clientIdsOfA[0];
    expect((await page.goto(`/clients/${encodeURIComponent(ownId)}`))?.status()).toBe(200);
    const apiOther = await page.request.get(`/api/v1/clients/${encodeURIComponent(other)}`);
    expect(apiOther.status()).toBe(404);
    void request;
  });
});

test.describe('as a head of one team (session)', () => {
  test.use({ storageState: stateFile('head-team') });

  test('sees exactly the clients of the assigned team', async ({ page }) => {
    const list = await (await page.request.get('/api/v1/clients?limit=1000')).json();
    const ids = (list.rows as Array<{ id: string }>).map((r) => r.id).sort();
    expect(ids).toEqual([...fx.clientIdsOfTeamA].sort());
  });
});
