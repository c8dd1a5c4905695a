// One API key used by many requests at once (issue: 888 of 2,940 requests at 50 connections were
// 500 "Conflict on update!" because every request wrote api_keys.last_used_at): a read never
// writes on the request path, and last use is recorded at most once a minute per key.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as meRoute from '@/app/api/v1/me/route';
import { appState } from '@/lib/state';
import { createApiKey, lastUsedWritesSettled, verifyApiKey } from '@/lib/users/api-keys';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

const me = (key: string) =>
  meRoute.GET(new Request('http://x/api/v1/me', { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) } as never);

const lastUsed = async (login: string) =>
  (appState().prepare('SELECT last_used_at FROM api_keys WHERE login = $login').pluck().get({ login }) as number | null | undefined) ?? null;

describe('one API key, many parallel requests', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir('sa-keys-parallel-');
    await addUser({ login: 'robot', role: 'executive', password: 'password-1' });
    await addUser({ login: 'robot2', role: 'executive', password: 'password-1' });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(() => cleanupDataDir(dir));

  it('200 parallel GET /api/v1/me with one key: all 200, and last_used_at is set', async () => {
    const key = await createApiKey('robot');
    expect(await lastUsed('robot')).toBeNull();
    const answers = await Promise.all(Array.from({ length: 200 }, () => me(key)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await answers[0].json()).via).toBe('api-key');
    await lastUsedWritesSettled();
    expect(await lastUsed('robot')).not.toBeNull();
  });

  it('records last use at most once a minute per key', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T09:00:00Z'));
    const key = await createApiKey('robot2');
    expect((await verifyApiKey(key))?.login).toBe('robot2');
    await lastUsedWritesSettled();
    const first = await lastUsed('robot2');
    expect(first).not.toBeNull();
    // Wipe it: a second verify within the minute must not write it again.
    appState().prepare('UPDATE api_keys SET last_used_at = NULL WHERE login = $login').run({ login: 'robot2' });
    vi.setSystemTime(new Date('2026-11-20T09:00:59Z'));
    expect((await verifyApiKey(key))?.login).toBe('robot2');
    await lastUsedWritesSettled();
    expect(await lastUsed('robot2')).toBeNull();
    vi.setSystemTime(new Date('2026-11-20T09:01:00Z'));
    expect((await verifyApiKey(key))?.login).toBe('robot2');
    await lastUsedWritesSettled();
    expect(await lastUsed('robot2')).not.toBeNull();
  });
});
