// The ordinary daily shape of the client tables dropped into the running app's inbox (issue 17: a
// one-client rename used to invalidate the database and leave every page answering 500): a new
// client with its contact, a rename, a move to another specialist, a holding renamed; then a
// contact renamed and the new client deleted. After each the app has loaded it, built its search
// index, and every view answers with the change. Runs after the specs that read data (fault.spec.ts
// injects an engine fault into one web worker).
import { test, expect, type APIRequestContext } from './test';
import path from 'node:path';
import { writeExtract, type ExtractSpec } from '../unit/load/build-extract';
import { contactName, dayOne, dayTwo, holdingName, NEW_CLIENT_ID, renamedName } from '../unit/live/daily-deltas';
import { E2E_DIR, readFixture, stateFile } from './fixture';

const fx = readFixture();
const root = path.resolve(E2E_DIR);
const inbox = path.join(root, 'inbox');
const x = fx.deltas;

test.use({ storageState: stateFile('head') });
test.describe.configure({ mode: 'serial' });

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function getJson(request: APIRequestContext, url: string, key = fx.apiKeyExec) {
  const res = await request.get(url, { headers: auth(key) });
  return { status: res.status(), body: res.status() === 200 ? await res.json() : null };
}

/** Drop an extract into the inbox and wait until the app has applied it (the load journal says so). */
async function dropAndWait(request: APIRequestContext, id: string, spec: ExtractSpec): Promise<void> {
  writeExtract(inbox, id, spec);
  await expect.poll(async () => {
    const { body } = await getJson(request, '/api/v1/loads?limit=20');
    const row = (body?.rows ?? []).find((r: { extractId: string }) => r.extractId === id);
    return row ? `${row.outcome}${row.outcome === 'applied' ? '' : `: ${row.message}`}` : 'waiting';
  }, { timeout: 30_000 }).toBe('applied');
}

async function searchIds(request: APIRequestContext, q: string, key = fx.apiKeyExec): Promise<string[]> {
  const { status, body } = await getJson(request, `/api/v1/clients/search?q=${encodeURIComponent(q)}`, key);
  expect(status).toBe(200);
  return body.rows.map((r: { id: string }) => r.id);
}

/** Every main API view answers 200 for the executive. */
async function serves(request: APIRequestContext): Promise<void> {
  for (const url of ['/api/v1/payments?by=team', '/api/v1/debtors?specialist=nobody', '/api/v1/kpi', '/api/v1/abc-xyz?limit=5', '/api/v1/clients?limit=5', '/api/v1/my-day', '/api/v1/alerts']) {
    expect((await request.get(url, { headers: auth(fx.apiKeyExec) })).status(), url).toBe(200);
  }
}

test('day 1 in the inbox: new client, rename, move, holding renamed — applied, searchable, scoped', async ({ page, request }) => {
  await dropAndWait(request, '2026-11-21T08-00', dayOne(x, '2026-11-21'));
  await serves(request);
  // The search index is rebuilt in the background after the load: the new name shows within seconds.
  await expect.poll(() => searchIds(request, renamedName(x.rename)), { timeout: 30_000 }).toContain(x.rename.client_id);
  await expect.poll(() => searchIds(request, 'Новый Дельта-Клиент'), { timeout: 30_000 }).toContain(NEW_CLIENT_ID);
  expect((await getJson(request, `/api/v1/clients/${x.move.client_id}`, fx.apiKeySpecA)).status).toBe(404);
  expect((await getJson(request, `/api/v1/clients/${x.move.client_id}`, fx.apiKeySpecB)).status).toBe(200);
  expect((await getJson(request, `/api/v1/clients/${x.holding[0].client_id}`)).body.client.holdingName).toBe(holdingName);
  // The pages a head opens.
  await page.goto(`/clients/${encodeURIComponent(x.rename.client_id!)}`);
  await expect(page.getByRole('heading', { name: renamedName(x.rename) })).toBeVisible();
  for (const url of ['/payments', '/clients', '/kpi']) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
  }
});

test('day 2 in the inbox: a contact renamed, the new client deleted with its contact', async ({ request }) => {
  await dropAndWait(request, '2026-11-22T08-00', dayTwo(x, '2026-11-22'));
  await serves(request);
  expect((await getJson(request, `/api/v1/clients/${NEW_CLIENT_ID}`)).status).toBe(404);
  await expect.poll(() => searchIds(request, contactName), { timeout: 30_000 }).toContain(x.contact.client_id);
  expect(await searchIds(request, 'Новый Дельта-Клиент')).not.toContain(NEW_CLIENT_ID);
});
