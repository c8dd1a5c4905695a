// Sessions end when the user they were signed in for is gone: `users remove` + `add` of the same
// login, or `users passwd`; and SESSION_MAX_AGE_HOURS after the sign-in, however often next-auth
// renews the cookie. Each session here is made as next-auth makes it: authorize → jwt callback →
// sealed into a cookie value and opened again → session callback, then checked by getCaller's
// session path (callerFromSession).
import { encode, decode, type JWT } from 'next-auth/jwt';
import type { Session } from 'next-auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authOptions, authorizeCredentials } from '@/lib/auth/options';
import { callerFromSession } from '@/lib/auth/session';
import { sessionStands } from '@/lib/auth/session-check';
import { sessionMaxAgeSeconds } from '@/lib/auth/config';
import { appState } from '@/lib/state';
import { addUser, changePassword, removeUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

const SECRET = 'test-secret-for-session-tests';
const HOUR = 3600_000;

/** A session as the browser would hold it after signing in with login and password. */
async function signIn(login: string, password: string): Promise<string> {
  const user = await authorizeCredentials(login, password, '10.0.0.1');
  if (!user) throw new Error('sign-in refused');
  const token = await authOptions.callbacks!.jwt!({ token: {}, user: { id: user.login, ...user }, account: null } as never);
  return encode({ token, secret: SECRET, maxAge: sessionMaxAgeSeconds() });
}

/** What getServerSession gives for a cookie value: the token opened, through the session callback. */
async function sessionOf(cookie: string): Promise<Session> {
  const token = (await decode({ token: cookie, secret: SECRET })) as JWT;
  return authOptions.callbacks!.session!({ session: { user: {}, expires: '' }, token } as never) as Promise<Session>;
}

describe('sessions end with the user, the password and the clock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir('sa-session-');
    await addUser({ login: 'anna', role: 'specialist', password: 'anna-pass-1', specialistId: 'S1' });
    await addUser({ login: 'petr', role: 'specialist', password: 'petr-pass-1', specialistId: 'S2' });
  });
  afterEach(() => { delete process.env.SESSION_MAX_AGE_HOURS; });
  afterAll(() => cleanupDataDir(dir));

  it('a fresh session stands and carries the user\'s scope', async () => {
    const caller = await callerFromSession(await sessionOf(await signIn('anna', 'anna-pass-1')));
    expect(caller).toMatchObject({ via: 'session', user: { login: 'anna', role: 'specialist' }, scope: { specialistId: 'S1' } });
  });

  it('after remove + add of the same login (another role), the old session is refused; a new sign-in works', async () => {
    const old = await sessionOf(await signIn('anna', 'anna-pass-1'));
    expect(await removeUser('anna')).toBe(true);
    await addUser({ login: 'anna', role: 'executive', password: 'anna-pass-2' });
    expect(await callerFromSession(old)).toBeNull();
    const fresh = await callerFromSession(await sessionOf(await signIn('anna', 'anna-pass-2')));
    expect(fresh).toMatchObject({ user: { login: 'anna', role: 'executive' } });
  });

  it('a password change ends the sessions made before it', async () => {
    const old = await sessionOf(await signIn('petr', 'petr-pass-1'));
    expect(await callerFromSession(old)).not.toBeNull();
    const addresses = async () => appState().prepare('SELECT address FROM sign_in_addresses WHERE login = $login').all({ login: 'petr' }).length;
    expect(await addresses()).toBe(1); // where petr signed in (the lockout spares it)
    expect(await changePassword('petr', 'petr-pass-2')).toBe(true);
    expect(await callerFromSession(old)).toBeNull();
    expect(await addresses()).toBe(0); // forgotten with the old password
    expect(await authorizeCredentials('petr', 'petr-pass-1', '10.0.0.1')).toBeNull();
    expect(await callerFromSession(await sessionOf(await signIn('petr', 'petr-pass-2')))).not.toBeNull();
  });

  it('a session ends 12 hours after the sign-in by default, SESSION_MAX_AGE_HOURS otherwise', async () => {
    const s = await sessionOf(await signIn('petr', 'petr-pass-2'));
    const signedInAt = (s.user as unknown as { authAt: number }).authAt * 1000;
    expect(await callerFromSession(s, signedInAt + 12 * HOUR - 1000)).not.toBeNull();
    expect(await callerFromSession(s, signedInAt + 12 * HOUR)).toBeNull();
    process.env.SESSION_MAX_AGE_HOURS = '1';
    expect(await callerFromSession(s, signedInAt + HOUR - 1000)).not.toBeNull();
    expect(await callerFromSession(s, signedInAt + HOUR)).toBeNull();
    process.env.SESSION_MAX_AGE_HOURS = 'двенадцать';
    expect(() => sessionMaxAgeSeconds()).toThrow(/SESSION_MAX_AGE_HOURS/);
  });

  it('next-auth gets the maximum age for the cookie and for the token made at sign-in', () => {
    process.env.SESSION_MAX_AGE_HOURS = '8';
    expect(authOptions.session?.maxAge).toBe(8 * 3600);
    expect(authOptions.jwt?.maxAge).toBe(8 * 3600);
    // next-auth copies the options with spreads: the getter's value must survive that
    expect({ ...authOptions.session }.maxAge).toBe(8 * 3600);
    delete process.env.SESSION_MAX_AGE_HOURS;
    expect({ ...authOptions.jwt }.maxAge).toBe(12 * 3600);
  });
});

describe('sessionStands', () => {
  const now = 1_800_000_000_000;
  const ok = { login: 'anna', epoch: 'e1', authAt: now / 1000 - 60 };
  it.each([
    ['the current epoch, a minute old', ok, 'e1', true],
    ['another epoch', ok, 'e2', false],
    ['no such user', ok, null, false],
    ['a token from before epochs (none in it)', { login: 'anna', authAt: ok.authAt }, 'e1', false],
    ['no sign-in time', { login: 'anna', epoch: 'e1' }, 'e1', false],
    ['a sign-in time far in the future', { ...ok, authAt: now / 1000 + 3600 }, 'e1', false],
    ['no login', { epoch: 'e1', authAt: ok.authAt }, 'e1', false],
  ] as const)('%s', (_name, claims, epoch, expected) => {
    expect(sessionStands(claims, epoch, now, 12 * 3600)).toBe(expected);
  });
});
