// Engine faults at the data door (issue 17, ../shared/stack.md §4a): a fault invalidates DuckDB's
// whole instance; the door reopens the warehouse, retries the read that hit it, makes callers wait
// while it reopens, and the API answers 503 (never 500) while the warehouse cannot answer. The
// fault is injected through the test hook (injectDbFault), which fails calls exactly as an
// invalidated instance does, while the reopen itself is real (close, open anew, migrate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as meRoute from '@/app/api/v1/me/route';
import * as clientsRoute from '@/app/api/v1/clients/route';
import { exec, injectDbFault, query, warehouseHealth } from '@/lib/db';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
let key: string;
beforeAll(async () => {
  dir = await freshDataDir('sa-fault-');
  await exec('CREATE TABLE notes (id INTEGER, body VARCHAR)');
  await exec("INSERT INTO notes VALUES (1, 'до сбоя')");
  await addUser({ login: 'boss', role: 'executive', password: 'password-1' });
  key = await createApiKey('boss');
});
afterAll(() => cleanupDataDir(dir));

type Handler = (r: Request, c: never) => Promise<Response>;
const call = (handler: Handler, path: string) =>
  handler(new Request(`http://x${path}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) } as never);

describe('an engine fault at the data door', () => {
  it('the read that hit it is retried on the reopened warehouse, which still holds the data', async () => {
    const before = warehouseHealth();
    await injectDbFault();
    expect(await query<{ body: string }>('SELECT body FROM notes WHERE id = $id', { id: 1 })).toEqual([{ body: 'до сбоя' }]);
    const after = warehouseHealth();
    expect(after.faults).toBe(before.faults + 1);
    expect(after.reopens).toBe(before.reopens + 1);
    expect(after.generation).not.toBe(before.generation);
    // The reopened instance writes and reads as before.
    await exec("INSERT INTO notes VALUES (2, 'после сбоя')");
    expect((await query('SELECT id FROM notes ORDER BY id')).map((r) => Number(r.id))).toEqual([1, 2]);
  });

  it('a write that hits it fails (it is not retried), and the next request succeeds', async () => {
    await injectDbFault();
    await expect(exec("INSERT INTO notes VALUES (3, 'x')")).rejects.toThrow(/INTERNAL Error/);
    expect((await query('SELECT count(*)::INTEGER AS n FROM notes'))[0]).toEqual({ n: 2 });
  });

  it('reads arriving while it reopens wait for the reopen and succeed; the warehouse reopens once', async () => {
    const before = warehouseHealth();
    await injectDbFault();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => query<{ n: number }>('SELECT $i::INTEGER + count(*)::INTEGER AS n FROM notes', { i })));
    expect(answers.map((a) => a[0].n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(warehouseHealth().reopens).toBe(before.reopens + 1);
  });

  it('through the API: the request that hit it and the next one answer 200', async () => {
    const before = warehouseHealth();
    await injectDbFault();
    expect((await call(clientsRoute.GET as Handler, '/api/v1/clients?limit=5')).status).toBe(200);
    expect(warehouseHealth().faults).toBe(before.faults + 1);
    const next = await call(meRoute.GET as Handler, '/api/v1/me');
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ login: 'boss', role: 'executive' });
  });

  it('while the warehouse cannot be reopened, the API answers 503 in Russian (never 500), then serves again', async () => {
    await injectDbFault({ reopenFails: 1 });
    const down = await call(clientsRoute.GET as Handler, '/api/v1/clients?limit=5');
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect((await down.json()).error).toMatch(/Хранилище восстанавливается/);
    // Who the caller is comes from app.sqlite (lib/state): a route that reads no warehouse data still answers.
    expect((await call(meRoute.GET as Handler, '/api/v1/me')).status).toBe(200);
    // The next caller after the retry pause opens it again.
    await new Promise((r) => setTimeout(r, 2_100));
    const up = await call(clientsRoute.GET as Handler, '/api/v1/clients?limit=5');
    expect(up.status).toBe(200);
    expect((await query('SELECT count(*)::INTEGER AS n FROM notes'))[0]).toEqual({ n: 2 });
  });
});
