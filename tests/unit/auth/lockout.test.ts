import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress, createLockout } from '@/lib/auth/lockout';
import { authorizeCredentials } from '@/lib/auth/options';
import { appState } from '@/lib/state';
import { addUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

const g = globalThis as { __signInLockout?: unknown };
const HOME = '10.0.0.5';
const STRANGER = '203.0.113.9';

describe('lockout by login and address (injected clock)', () => {
  it('five failures within a minute lock that login from that address for a minute', () => {
    let now = 1_000_000;
    const l = createLockout({ now: () => now });
    for (let i = 0; i < 4; i++) {
      expect(l.fail('ivan', STRANGER)).toBe(0);
      now += 5_000;
    }
    expect(l.lockedFor('ivan', STRANGER)).toBe(0);
    expect(l.fail('ivan', STRANGER)).toBe(60);
    expect(l.lockedFor('IVAN ', STRANGER)).toBe(60); // same login, case and spaces ignored
    expect(l.lockedFor('petr', STRANGER)).toBe(0); // other logins unaffected
    now += 59_000;
    expect(l.lockedFor('ivan', STRANGER)).toBe(1);
    now += 1_000;
    expect(l.lockedFor('ivan', STRANGER)).toBe(0); // unlocked after 60 s, failures forgotten
    expect(l.fail('ivan', STRANGER)).toBe(0);
  });

  it('a stranger\'s failures do not lock the user signing in from elsewhere', () => {
    const l = createLockout({ now: () => 0 });
    for (let i = 0; i < 5; i++) l.fail('ivan', STRANGER);
    expect(l.lockedFor('ivan', STRANGER)).toBe(60);
    expect(l.lockedFor('ivan', HOME)).toBe(0); // never signed in from HOME before: still free
    expect(l.fail('ivan', HOME)).toBe(0); // and its own failures count from zero
  });

  it('failures spread over more than a minute do not lock', () => {
    let now = 0;
    const l = createLockout({ now: () => now });
    for (let i = 0; i < 10; i++) {
      expect(l.fail('ivan', STRANGER)).toBe(0);
      now += 15_001;
    }
  });

  it('a success forgets earlier failures of that address', () => {
    const l = createLockout({ now: () => 0 });
    for (let i = 0; i < 4; i++) l.fail('ivan', HOME);
    l.succeed('ivan', HOME);
    expect(l.fail('ivan', HOME)).toBe(0);
  });

  it('100 failures from many addresses within 15 minutes lock the login for 15 minutes, but not where it signs in', () => {
    let now = 0;
    const l = createLockout({ now: () => now });
    // Guesses from 100 addresses (a botnet, or forged X-Forwarded-For), 3 s apart: under 5 a minute each.
    for (let i = 0; i < 99; i++) {
      expect(l.fail('ivan', `198.51.100.${i}`)).toBe(0);
      now += 3_000;
    }
    expect(l.lockedFor('ivan', '192.0.2.1')).toBe(0);
    expect(l.fail('ivan', '198.51.100.99')).toBe(900); // the 100th: the ceiling
    expect(l.lockedFor('ivan', '192.0.2.1')).toBe(900); // an address ivan has not signed in from
    expect(l.lockedFor('ivan', HOME, true)).toBe(0); // where ivan signs in: still open
    expect(l.lockedFor('petr', '192.0.2.1')).toBe(0);
    now += 900_000;
    expect(l.lockedFor('ivan', '192.0.2.1')).toBe(0);
  });

  it('a known address still has its own five-a-minute limit', () => {
    const l = createLockout({ now: () => 0 });
    for (let i = 0; i < 4; i++) expect(l.fail('ivan', HOME, true)).toBe(0);
    expect(l.fail('ivan', HOME, true)).toBe(60);
    expect(l.lockedFor('ivan', HOME, true)).toBe(60);
  });
});

describe('clientAddress', () => {
  const h = (xff?: string) => new Headers(xff === undefined ? {} : { 'x-forwarded-for': xff });
  it('without TRUST_PROXY: the right-most entry (Next writes the socket address there when the client sends none)', () => {
    expect(clientAddress(h('10.0.0.5'), 0)).toBe('10.0.0.5');
    expect(clientAddress(h('::ffff:10.0.0.5'), 0)).toBe('10.0.0.5');
    expect(clientAddress(h('1.1.1.1, 10.0.0.5'), 0)).toBe('10.0.0.5');
    expect(clientAddress(h(), 0)).toBe('unknown');
    expect(clientAddress(undefined, 0)).toBe('unknown');
  });

  it('TRUST_PROXY=N: the entry the outermost proxy wrote; what the client put left of it is ignored', () => {
    // next-auth hands authorize() the headers as a plain object
    expect(clientAddress({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }, 1)).toBe('203.0.113.9');
    expect(clientAddress({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' }, 2)).toBe('203.0.113.9');
    expect(clientAddress({ 'x-forwarded-for': '203.0.113.9' }, 2)).toBe('203.0.113.9');
    expect(clientAddress({ 'x-forwarded-for': ['6.6.6.6', '2001:DB8::1'] }, 1)).toBe('2001:db8::1');
  });

  it('reads TRUST_PROXY from the environment; a bad value is an error', () => {
    const keep = process.env.TRUST_PROXY;
    try {
      process.env.TRUST_PROXY = '2';
      expect(clientAddress(h('a, b, c'))).toBe('b');
      process.env.TRUST_PROXY = 'true';
      expect(clientAddress(h('a, b, c'))).toBe('c');
      process.env.TRUST_PROXY = 'maybe';
      expect(() => clientAddress(h('a'))).toThrow(/TRUST_PROXY/);
    } finally {
      if (keep === undefined) delete process.env.TRUST_PROXY; else process.env.TRUST_PROXY = keep;
    }
  });
});

describe('sign-in with lockout', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir();
    await addUser({ login: 'head1', role: 'head', password: 'right-password', displayName: 'Анна Руководитель' });
  });
  // Each case starts with no failures counted (they are in app.sqlite, shared by the cases).
  afterEach(() => {
    delete g.__signInLockout;
    appState().prepare('DELETE FROM lockout_counters').run();
  });
  afterAll(() => cleanupDataDir(dir));

  it('right password signs in; the 6th attempt from an address after 5 failures there is refused even with the right password', async () => {
    const u = await authorizeCredentials('head1', 'right-password', STRANGER);
    expect(u).toMatchObject({ login: 'head1', role: 'head', teamIds: null, name: 'Анна Руководитель' });
    for (let i = 0; i < 4; i++) expect(await authorizeCredentials('head1', 'wrong', STRANGER)).toBeNull();
    await expect(authorizeCredentials('head1', 'wrong', STRANGER)).rejects.toThrow(/^LOCKED:60$/);
    await expect(authorizeCredentials('head1', 'right-password', STRANGER)).rejects.toThrow(/^LOCKED:\d+$/);
  });

  it('a stranger locking themselves out leaves the user at another address free to sign in', async () => {
    for (let i = 0; i < 4; i++) expect(await authorizeCredentials('head1', 'wrong', STRANGER)).toBeNull();
    await expect(authorizeCredentials('head1', 'wrong', STRANGER)).rejects.toThrow(/^LOCKED:/);
    expect(await authorizeCredentials('head1', 'right-password', HOME)).toMatchObject({ login: 'head1' });
  });

  it('the login-wide ceiling spares addresses the user signed in from, also after a restart, for 30 days', async () => {
    // A small ceiling (3) stands for 100, to keep scrypt's cost down.
    const restart = () => { g.__signInLockout = createLockout({ loginMaxFailures: 3, db: appState }); };
    restart();
    expect(await authorizeCredentials('head1', 'right-password', HOME)).not.toBeNull(); // HOME becomes known
    restart(); // known addresses and the counters are in app.sqlite
    for (let i = 0; i < 2; i++) expect(await authorizeCredentials('head1', 'wrong', `198.51.100.${i}`)).toBeNull();
    await expect(authorizeCredentials('head1', 'wrong', '198.51.100.2')).rejects.toThrow(/^LOCKED:900$/);
    restart(); // the lock outlives a restart
    await expect(authorizeCredentials('head1', 'right-password', '192.0.2.77')).rejects.toThrow(/^LOCKED:\d+$/);
    expect(await authorizeCredentials('head1', 'right-password', HOME)).toMatchObject({ login: 'head1' });
    // Thirty-one days later HOME is an address like any other.
    appState().prepare('UPDATE sign_in_addresses SET last_at = last_at - $ms WHERE login = $login').run({ ms: 31 * 86_400_000, login: 'head1' });
    await expect(authorizeCredentials('head1', 'right-password', HOME)).rejects.toThrow(/^LOCKED:\d+$/);
  });

  it('an unknown login is refused like a wrong password', async () => {
    expect(await authorizeCredentials('nobody', 'whatever', STRANGER)).toBeNull();
  });
});
