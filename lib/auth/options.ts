// next-auth v4 configuration: credentials (login + password) against the users table, JWT
// sessions carrying login, role, specialistId, teamIds, name, the user's session epoch and the
// sign-in time (lib/auth/session-check.ts), our own sign-in page at /login.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Role } from '../db/scope';
import { verifyPassword } from '../users/password';
import { getPasswordHash, getUserForSession } from '../users/users';
import { sessionMaxAgeSeconds } from './config';
import { isKnownAddress, rememberAddress } from './known-addresses';
import { clientAddress, signInLockout } from './lockout';
import { ensureNextAuthSecret } from './secret';
import { LOCKED_PREFIX, type SessionUser, type SignedInUser } from './types';

// A hash to compare against when the login does not exist, so a wrong login costs as much as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Check a login and password from the client at `address` (lib/auth/lockout.ts clientAddress);
 * null when wrong; throws `LOCKED:<seconds>` while the login is locked for that address.
 */
export async function authorizeCredentials(username: string, password: string, address = 'unknown'): Promise<SignedInUser | null> {
  const lockout = signInLockout();
  const login = username.trim();
  if (!login || !password) return null;
  const known = await isKnownAddress(login, address);
  const locked = lockout.lockedFor(login, address, known);
  if (locked > 0) throw new Error(`${LOCKED_PREFIX}${locked}`);
  const hash = await getPasswordHash(login);
  const ok = await verifyPassword(password, hash ?? DUMMY_HASH);
  const found = ok && hash ? await getUserForSession(login) : null;
  if (!found?.sessionEpoch) {
    const lockedNow = lockout.fail(login, address, known);
    if (lockedNow > 0) throw new Error(`${LOCKED_PREFIX}${lockedNow}`);
    return null;
  }
  lockout.succeed(login, address);
  await rememberAddress(found.user.login, address);
  const u = found.user;
  return { login: u.login, role: u.role, specialistId: u.specialistId, teamIds: u.teamIds, name: u.displayName ?? u.login, epoch: found.sessionEpoch };
}

export const authOptions: NextAuthOptions = {
  // Read lazily: importing this module (e.g. while `next build` collects routes) must not create files.
  get secret() {
    return ensureNextAuthSecret();
  },
  session: {
    strategy: 'jwt',
    get maxAge() {
      return sessionMaxAgeSeconds();
    },
  },
  // The token made at sign-in gets this expiry too (next-auth's own default there is 30 days).
  jwt: {
    get maxAge() {
      return sessionMaxAgeSeconds();
    },
  },
  pages: { signIn: '/login', error: '/login' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { username: { label: 'Логин', type: 'text' }, password: { label: 'Пароль', type: 'password' } },
      async authorize(credentials, req) {
        const u = await authorizeCredentials(credentials?.username ?? '', credentials?.password ?? '', clientAddress(req?.headers));
        return u ? { id: u.login, ...u } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as unknown as SignedInUser;
        Object.assign(token, {
          login: u.login, role: u.role, specialistId: u.specialistId, teamIds: u.teamIds, name: u.name,
          epoch: u.epoch, authAt: Math.floor(Date.now() / 1000),
        });
      }
      return token;
    },
    async session({ session, token }) {
      const user: SessionUser = {
        login: String(token.login ?? ''),
        role: token.role as Role,
        specialistId: (token.specialistId as string | null) ?? null,
        teamIds: (token.teamIds as string[] | null) ?? null,
        name: String(token.name ?? token.login ?? ''),
        // Passed on for getCaller's check; neither is a secret (the token itself is sealed).
        epoch: String(token.epoch ?? ''),
        authAt: Number(token.authAt ?? 0),
      };
      return { ...session, user: user as never };
    },
  },
};
