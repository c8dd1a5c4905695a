import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLockout } from '@/lib/auth/lockout';
import { authorizeCredentials } from '@/lib/auth/options';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

describe('lockout (injected clock)', () => {
  it('five failures within a minute lock the login for a minute', () => {
    let now = 1_000_000;
    const l = createLockout({ now: () => now });
    for (let i = 0; i < 4; i++) {
      expect(l.fail('ivan')).toBe(0);
      now += 5_000;
    }
    expect(l.lockedFor('ivan')).toBe(0);
    expect(l.fail('ivan')).toBe(60);
    expect(l.lockedFor('IVAN ')).toBe(60); // same login, case and spaces ignored
    expect(l.lockedFor('petr')).toBe(0); // other logins unaffected
    now += 59_000;
    expect(l.lockedFor('ivan')).toBe(1);
    now += 1_000;
    expect(l.lockedFor('ivan')).toBe(0); // unlocked after 60 s, failures forgotten
    expect(l.fail('ivan')).toBe(0);
  });

  it('failures spread over more than a minute do not lock', () => {
    let now = 0;
    const l = createLockout({ now: () => now });
    for (let i = 0; i < 10; i++) {
      expect(l.fail('ivan')).toBe(0);
      now += 15_001;
    }
  });

  it('a success forgets earlier failures', () => {
    const l = createLockout({ now: () => 0 });
    for (let i = 0; i < 4; i++) l.fail('ivan');
    l.succeed('ivan');
    expect(l.fail('ivan')).toBe(0);
  });
});

describe('sign-in with lockout', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await addUser({ login: 'head1', role: 'head', password: 'right-password', displayName: 'Анна Руководитель' });
  });
  afterAll(() => cleanupDataDir(dir));

  it('right password signs in; the 6th attempt after 5 failures is refused even with the right password', async () => {
    const u = await authorizeCredentials('head1', 'right-password');
    expect(u).toMatchObject({ login: 'head1', role: 'head', teamIds: null, name: 'Анна Руководитель' });
    for (let i = 0; i < 4; i++) expect(await authorizeCredentials('head1', 'wrong')).toBeNull();
    await expect(authorizeCredentials('head1', 'wrong')).rejects.toThrow(/^LOCKED:60$/);
    await expect(authorizeCredentials('head1', 'right-password')).rejects.toThrow(/^LOCKED:\d+$/);
  });

  it('an unknown login is refused like a wrong password', async () => {
    expect(await authorizeCredentials('nobody', 'whatever')).toBeNull();
  });
});
