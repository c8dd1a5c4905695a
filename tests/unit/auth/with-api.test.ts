// withApi with API keys (the session path needs a Next request scope; e2e covers it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadRequestError, NotFoundError, withApi } from '@/lib/auth/session';
import { createApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

const ctx = { params: Promise.resolve({}) };
const req = (key?: string) => new Request('http://x/api/v1/test', { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('withApi', () => {
  let dir: string;
  let key: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await addUser({ login: 'spec', role: 'specialist', password: 'password-1', specialistId: 'S1' });
    key = await createApiKey('spec');
  });
  afterAll(() => cleanupDataDir(dir));

  it('401 JSON for a wrong key; the handler never runs', async () => {
    let ran = false;
    const h = withApi(async () => { ran = true; return {}; });
    const res = await h(req('sa_wrong'), ctx);
    expect(res.status).toBe(401);
    expect(await res.json()).toHaveProperty('error');
    expect(ran).toBe(false);
  });

  it('passes the key owner\'s scope; plain values become JSON', async () => {
    const res = await withApi(async (_r, { scope }) => ({ scope }))(req(key), ctx);
    expect(res.status).toBe(200);
    expect((await res.json()).scope).toMatchObject({ login: 'spec', role: 'specialist', specialistId: 'S1' });
  });

  it('zod and param errors → 400, not found → 404, anything else → 500 without a stack', async () => {
    const zodFail = withApi(async () => z.object({ limit: z.number() }).parse({ limit: 'x' }));
    expect((await zodFail(req(key), ctx)).status).toBe(400);
    expect((await withApi(async () => { throw new BadRequestError('bad limit'); })(req(key), ctx)).status).toBe(400);
    const nf = await withApi(async () => { throw new NotFoundError(); })(req(key), ctx);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ error: 'not found' });
    const boom = await withApi(async () => { throw new Error('secret detail at /srv/x.ts:12'); })(req(key), ctx);
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toMatch(/secret detail|\.ts:/);
  });
});
