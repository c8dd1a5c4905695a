// App users (table `users` in app.sqlite, lib/state/migrations.ts): who may sign in and what they see.
// head: teamIds (null = all teams); specialist: specialistId (their own clients); executive: all.
// Every process (web workers, `npm run users`) reads and writes them in app.sqlite directly.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { roles, type Role, type Scope } from '../db/scope';
import { companyTimeZone } from '../env';
import { appState, isConstraintError, writeTransaction } from '../state';
import { hashPassword } from './password';

export const userRowSchema = z.object({
  login: z.string(),
  role: z.enum(roles),
  specialistId: z.string().nullable(),
  teamIds: z.array(z.string()).nullable(),
  displayName: z.string().nullable(),
  createdAt: z.string(),
});
export type UserRow = z.infer<typeof userRowSchema>;

const USER_COLUMNS = /* sql */ `login, role, specialist_id AS specialistId, team_ids AS teamIds,
  display_name AS displayName, created_at AS createdAt`;
const SELECT_USER = /* sql */ `SELECT ${USER_COLUMNS} FROM users`;

// Made once per time zone: every session check reads a user.
let clock: { tz: string; fmt: Intl.DateTimeFormat } | undefined;
function companyClock(): Intl.DateTimeFormat {
  const tz = companyTimeZone();
  if (clock?.tz !== tz) {
    clock = { tz, fmt: new Intl.DateTimeFormat('en-CA', {
      timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }) };
  }
  return clock.fmt;
}

/** A stored time (ms since the epoch) as `YYYY-MM-DD HH:MM:SS` on the company's clock (COMPANY_TZ). */
export function companyLocalTimestamp(ms: number): string {
  const p = companyClock().formatToParts(new Date(ms));
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** A users row as stored (team_ids a JSON array, created_at ms) to a UserRow. */
function toUserRow(r: Record<string, unknown>): UserRow {
  return userRowSchema.parse({
    ...r,
    teamIds: typeof r.teamIds === 'string' ? JSON.parse(r.teamIds) : null,
    createdAt: companyLocalTimestamp(Number(r.createdAt)),
  });
}

export const loginSchema = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}._@-]+$/u, 'логин: буквы, цифры, . _ @ -');

export interface NewUser {
  login: string;
  role: Role;
  password: string;
  specialistId?: string | null;
  teamIds?: string[] | null;
  displayName?: string | null;
}

/** Thrown for a user-facing problem (bad input, duplicate login); the message is shown as is. */
export class UserError extends Error {}

/**
 * A fresh session epoch (users.session_epoch): a random version of the user's
 * credentials. A session carries the epoch it signed in with and stands only while it is the
 * user's current one, so a new epoch (passwd, or remove + add of the same login) ends every session.
 */
export function newSessionEpoch(): string {
  return randomBytes(16).toString('base64url');
}

const MIN_PASSWORD = 8;
function assertPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new UserError(`Пароль короче ${MIN_PASSWORD} символов (password shorter than ${MIN_PASSWORD} characters)`);
}

/** Create a user; the password is hashed here. Throws UserError on a bad role/field combination or a taken login. */
export async function addUser(u: NewUser): Promise<UserRow> {
  const login = loginSchema.safeParse(u.login);
  if (!login.success) throw new UserError(`Недопустимый логин «${u.login}» (invalid login): ${login.error.issues[0]?.message}`);
  if (!roles.includes(u.role)) throw new UserError(`Неизвестная роль «${u.role}» (unknown role): head | specialist | executive`);
  if (u.role === 'specialist' && !u.specialistId) throw new UserError('Для роли specialist нужен --specialist-id (specialist role needs --specialist-id)');
  if (u.role !== 'specialist' && u.specialistId) throw new UserError('--specialist-id только для роли specialist (only for role specialist)');
  if (u.role !== 'head' && u.teamIds && u.teamIds.length) throw new UserError('--teams только для роли head (only for role head)');
  assertPassword(u.password);
  const taken = () => new UserError(`Пользователь «${login.data}» уже есть (user already exists)`);
  if (await getUser(login.data)) throw taken();
  const teams = u.role === 'head' && u.teamIds && u.teamIds.length ? u.teamIds : null;
  const hash = await hashPassword(u.password);
  try {
    appState().prepare(
      `INSERT INTO users (login, role, password_hash, specialist_id, team_ids, display_name, created_at, session_epoch)
       VALUES ($login, $role, $hash, $specialistId, $teamIds, $displayName, $at, $epoch)`,
    ).run({
      login: login.data, role: u.role, hash, epoch: newSessionEpoch(), at: Date.now(),
      specialistId: u.role === 'specialist' ? u.specialistId ?? null : null,
      teamIds: teams ? JSON.stringify(teams) : null,
      displayName: u.displayName?.trim() || null,
    });
  } catch (e) {
    // Another process added the same login since the check above.
    if (isConstraintError(e, 'PRIMARYKEY')) throw taken();
    throw e;
  }
  return (await getUser(login.data))!;
}

/** One user by login, or null. */
export async function getUser(login: string): Promise<UserRow | null> {
  const row = appState().prepare(`${SELECT_USER} WHERE login = $login`).get({ login }) as Record<string, unknown> | undefined;
  return row ? toUserRow(row) : null;
}

/** A user with their current session epoch (sign-in and every session check), or null. */
export async function getUserForSession(login: string): Promise<{ user: UserRow; sessionEpoch: string | null } | null> {
  const row = appState().prepare(`SELECT ${USER_COLUMNS}, session_epoch AS sessionEpoch FROM users WHERE login = $login`)
    .get({ login }) as Record<string, unknown> | undefined;
  if (!row) return null;
  const { sessionEpoch, ...user } = row;
  return { user: toUserRow(user), sessionEpoch: (sessionEpoch as string | null) ?? null };
}

/** The stored password hash of a login, or null (sign-in only). */
export async function getPasswordHash(login: string): Promise<string | null> {
  const h = appState().prepare('SELECT password_hash FROM users WHERE login = $login').pluck().get({ login }) as string | undefined;
  return h ?? null;
}

/** All users, by login. */
export async function listUsers(): Promise<UserRow[]> {
  return (appState().prepare(`${SELECT_USER} ORDER BY login`).all() as Record<string, unknown>[]).map(toUserRow);
}

/** Remove a user, their API keys and sign-in addresses; false when there was no such user. Their sessions end with the row. */
export async function removeUser(login: string): Promise<boolean> {
  // The keys and addresses go with the row (ON DELETE CASCADE, lib/state/migrations.ts).
  return appState().prepare('DELETE FROM users WHERE login = $login').run({ login }).changes > 0;
}

/**
 * Set a user's password; false when there is no such user. Ends everything the old password let
 * in: a new session epoch ends their sessions, their API keys are deleted (issue them again), and
 * the addresses they signed in from are forgotten (lib/auth/known-addresses.ts).
 */
export async function changePassword(login: string, password: string): Promise<boolean> {
  assertPassword(password);
  if (!(await getUser(login))) return false;
  const hash = await hashPassword(password);
  return writeTransaction((db) => {
    const changed = db.prepare('UPDATE users SET password_hash = $hash, session_epoch = $epoch WHERE login = $login')
      .run({ login, hash, epoch: newSessionEpoch() }).changes;
    if (!changed) return false; // removed by another process meanwhile
    db.prepare('DELETE FROM api_keys WHERE login = $login').run({ login });
    // Addresses the old password signed in from (perhaps a thief's) are exempt from the login-wide lockout no more.
    db.prepare('DELETE FROM sign_in_addresses WHERE login = $login').run({ login });
    return true;
  });
}

/** The data scope of a user (lib/db/scope.ts). */
export function scopeOfUser(u: Pick<UserRow, 'login' | 'role' | 'specialistId' | 'teamIds'>): Scope {
  return { login: u.login, role: u.role, specialistId: u.specialistId, teamIds: u.teamIds };
}
