// The daily shape of the client tables (tests/unit/live/daily-deltas.ts) loaded as the running app
// loads it: each extract through the loader (which builds every derived table in the load's
// transaction, lib/derived/registry.ts), then requests through the route handlers. Then "a restart":
// the warehouse closed, a delta loaded as `npm run load` does with no app running, the warehouse
// opened again and reconciled as the loader does at its start. After every step every request answers, no engine fault happened, and
// the change shows (issue 17: a one-client rename used to invalidate the database).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cardRoute from '@/app/api/v1/clients/[clientId]/route';
import * as searchRoute from '@/app/api/v1/clients/search/route';
import * as clientsRoute from '@/app/api/v1/clients/route';
import * as debtorsRoute from '@/app/api/v1/debtors/route';
import * as kpiRoute from '@/app/api/v1/kpi/route';
import * as abcRoute from '@/app/api/v1/abc-xyz/route';
import * as myDayRoute from '@/app/api/v1/my-day/route';
import * as paymentsRoute from '@/app/api/v1/payments/route';
import { closeDb, query, warehouseHealth } from '@/lib/db';
import { loadExtract, loadInbox } from '@/lib/load';
import { reconcileDerivedNow } from '@/lib/derived/registry';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { writeExtract, type ExtractSpec } from '../load/build-extract';
import { cleanupDataDir, loadGeneratedCompany } from '../helpers';
import { asClientRow, asContactRow, contactName, dayOne, dayThree, dayTwo, holdingName, NEW_CLIENT_ID, NEW_CONTACT_ID, renamedName, type DeltaInputs } from './daily-deltas';

let dir: string;
let x: DeltaInputs;
const keys: Record<string, string> = {};

type Handler = (r: Request, c: never) => Promise<Response>;
async function get(handler: unknown, url: string, who: string, params: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await (handler as Handler)(new Request(`http://x${url}`, { headers: { authorization: `Bearer ${keys[who]}` } }), { params: Promise.resolve(params) } as never);
  return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text() };
}
const card = (id: string, who = 'boss') => get(cardRoute.GET, `/api/v1/clients/${encodeURIComponent(id)}`, who, { clientId: id });
const search = async (q: string, who = 'boss') => {
  const r = await get(searchRoute.GET, `/api/v1/clients/search?q=${encodeURIComponent(q)}&limit=20`, who);
  expect(r.status).toBe(200);
  return (r.body.rows as Array<{ id: string }>).map((row) => row.id);
};

/** Every main view answers 200 for the executive, and no engine fault has happened so far. */
async function serves(): Promise<void> {
  for (const [h, url] of [[paymentsRoute.GET, '/api/v1/payments?by=team'], [debtorsRoute.GET, '/api/v1/debtors?specialist=nobody'],
    [kpiRoute.GET, '/api/v1/kpi'], [abcRoute.GET, '/api/v1/abc-xyz?limit=5'], [clientsRoute.GET, '/api/v1/clients?limit=5'],
    [myDayRoute.GET, '/api/v1/my-day']] as const) {
    expect((await get(h, url, 'boss')).status, url).toBe(200);
  }
  expect(warehouseHealth().faults).toBe(0);
}

/** Load one extract as the app does: the loader builds the derived tables; nothing is left to reconcile. */
async function loadAsApp(id: string, spec: ExtractSpec) {
  const r = await loadExtract(writeExtract(path.join(dir, 'inbox'), id, spec));
  expect(r.outcome, r.message).toBe('applied');
  expect((await reconcileDerivedNow()).every((x) => x.outcome === 'current')).toBe(true);
}

beforeAll(async () => {
  dir = await loadGeneratedCompany({ clients: 300, months: 6, seed: 7, asOf: '2026-11-20' });
  const specs = await query<{ id: string }>('SELECT specialist_id AS id FROM clients GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2');
  const [a, b] = specs.map((s) => s.id);
  const ofA = await query<Record<string, unknown>>(`SELECT * FROM clients WHERE specialist_id = $a AND holding_id IS NULL ORDER BY client_id LIMIT 2`, { a });
  const holdingId = (await query<{ h: string }>(`SELECT holding_id AS h FROM clients WHERE holding_id IS NOT NULL AND specialist_id <> $a GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1`, { a }))[0].h;
  const holding = await query<Record<string, unknown>>('SELECT * FROM clients WHERE holding_id = $h ORDER BY client_id', { h: holdingId });
  const [contact] = await query<Record<string, unknown>>('SELECT * FROM contacts ORDER BY contact_id LIMIT 1');
  x = { rename: asClientRow(ofA[0]), move: asClientRow(ofA[1]), toSpecialist: b, holding: holding.map(asClientRow), contact: asContactRow(contact), newSpecialist: a };
  await addUser({ login: 'boss', role: 'executive', password: 'password-1' });
  await addUser({ login: 'spec-a', role: 'specialist', password: 'password-1', specialistId: a });
  await addUser({ login: 'spec-b', role: 'specialist', password: 'password-1', specialistId: b });
  for (const login of ['boss', 'spec-a', 'spec-b']) keys[login] = await createApiKey(login);
}, 180_000);
afterAll(() => cleanupDataDir(dir));

describe('daily client deltas into a warehouse whose search index is built', () => {
  it('day 1: a new client and contact, a rename, a move, a holding renamed: applied, searchable, scoped', async () => {
    await loadAsApp('2026-11-21T08-00', dayOne(x, '2026-11-21'));
    await serves();
    // The rename: found by its new words, the card says so.
    expect(await search(renamedName(x.rename))).toContain(x.rename.client_id);
    expect((await card(x.rename.client_id!)).body.client.name).toBe(renamedName(x.rename));
    // The new client and its contact person.
    expect(await search('Новый Дельта-Клиент')).toContain(NEW_CLIENT_ID);
    expect(await search('Новикова Дарья')).toContain(NEW_CLIENT_ID);
    // The move: B sees the client, A no longer does (card and search both scoped).
    expect((await card(x.move.client_id!, 'spec-b')).status).toBe(200);
    expect((await card(x.move.client_id!, 'spec-a')).status).toBe(404);
    expect(await search(String(x.move.name), 'spec-a')).not.toContain(x.move.client_id);
    expect(await search(String(x.move.name), 'spec-b')).toContain(x.move.client_id);
    // The holding's new name on every member's card.
    for (const m of x.holding) expect((await card(m.client_id!)).body.client.holdingName).toBe(holdingName);
  });

  it('day 2: a contact renamed, the new client deleted with its contact: applied, gone, searchable', async () => {
    await loadAsApp('2026-11-22T08-00', dayTwo(x, '2026-11-22'));
    await serves();
    expect((await card(NEW_CLIENT_ID)).status).toBe(404);
    expect(await search('Новый Дельта-Клиент')).not.toContain(NEW_CLIENT_ID);
    expect((await query('SELECT count(*)::INTEGER AS n FROM contacts WHERE contact_id = $k', { k: NEW_CONTACT_ID }))[0]).toEqual({ n: 0 });
    expect(await search(contactName)).toContain(x.contact.client_id);
  });

  it('a delta loaded while the app is down, then the app starts: it builds and serves', async () => {
    await closeDb();
    writeExtract(path.join(dir, 'inbox'), '2026-11-23T08-00', dayThree(x, '2026-11-23'));
    const results = await loadInbox(); // `npm run load` with no app running opens the warehouse itself
    expect(results.map((r) => r.outcome)).toEqual(['applied']);
    await closeDb();
    // The app starts: opens the warehouse, reconciles (the load built everything already), serves.
    await reconcileDerivedNow();
    await serves();
    expect(await search(`${x.rename.name} (снова)`)).toContain(x.rename.client_id);
    expect((await card(x.rename.client_id!)).body.client.name).toBe(`${x.rename.name} (снова)`);
  });
});
