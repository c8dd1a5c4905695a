import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appState } from '@/lib/state';
import { createApiKey, verifyApiKey } from '@/lib/users/api-keys';
import { addUser, removeUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

describe('API keys', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await addUser({ login: 'spec1', role: 'specialist', password: 'password-1', specialistId: 'S1' });
  });
  afterAll(() => cleanupDataDir(dir));

  it('creates sa_ + 32 random bytes base64url, stores only its sha256, and verifies to the user', async () => {
    const key = await createApiKey('spec1');
    expect(key).toMatch(/^sa_[A-Za-z0-9_-]{43}$/);
    const stored = appState().prepare('SELECT key_hash, prefix FROM api_keys').all() as Array<{ key_hash: string; prefix: string }>;
    expect(stored).toHaveLength(1);
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].key_hash).not.toContain(key.slice(3));
    expect(key.startsWith(stored[0].prefix)).toBe(true);
    const u = await verifyApiKey(key);
    expect(u).toMatchObject({ login: 'spec1', role: 'specialist', specialistId: 'S1' });
  });

  it('rejects wrong, malformed and altered keys', async () => {
    const key = await createApiKey('spec1');
    expect(await verifyApiKey('sa_wrong')).toBeNull();
    expect(await verifyApiKey('')).toBeNull();
    expect(await verifyApiKey(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(await verifyApiKey(key.slice(3))).toBeNull();
  });

  it('removing the user revokes their keys', async () => {
    const key = await createApiKey('spec1');
    expect(await removeUser('spec1')).toBe(true);
    expect(await verifyApiKey(key)).toBeNull();
  });

  it('no key for an unknown login', async () => {
    await expect(createApiKey('ghost')).rejects.toThrow(/не найден/);
  });
});
