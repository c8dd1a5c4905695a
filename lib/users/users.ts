// App users (table `users`, lib/db/migrations.ts v2): who may sign in and what they see.
// head: teamIds (null = all teams); specialist: specialistId (their own clients); executive: all.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { bindable, exec, inTransaction, query, withConnection } from '../db';
import { roles, type Role, type Scope } from '../db/scope';
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
  display_name AS displayName, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS createdAt`;
const SELECT_USER = /* sql */ `SELECT ${USER_COLUMNS} FROM users`;

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
 * A fresh session epoch (users.session_epoch, migration 14): a random version of the user's
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
  if (await getUser(login.data)) throw new UserError(`Пользователь «${login.data}» уже есть (user already exists)`);
  const teams = u.role === 'head' && u.teamIds && u.teamIds.length ? u.teamIds : null;
  await exec(
    `INSERT INTO users (login, role, password_hash, specialist_id, team_ids, display_name, session_epoch)
     VALUES ($login, $role, $hash, $specialistId, $teamIds::VARCHAR[], $displayName, $epoch)`,
    {
      login: login.data, role: u.role, hash: await hashPassword(u.password), epoch: newSessionEpoch(),
      specialistId: u.role === 'specialist' ? u.specialistId ?? null : null,
      teamIds: teams ?? null, // arrays are bound as LISTs by lib/db
      displayName: u.displayName?.trim() || null,
    },
  );
  return (await getUser(login.data))!;
}

/** One user by login, or null. */
export async function getUser(login: string): Promise<UserRow | null> {
  const rows = await query(`${SELECT_USER} WHERE login = $login`, { login });
  return rows.length ? userRowSchema.parse(rows[0]) : null;
}

/** A user with their current session epoch (sign-in and every session check), or null. */
export async function getUserForSession(login: string): Promise<{ user: UserRow; sessionEpoch: string | null } | null> {
  const rows = await query<Record<string, unknown>>(`SELECT ${USER_COLUMNS}, session_epoch AS sessionEpoch FROM users WHERE login = $login`, { login });
  if (!rows.length) return null;
  const { sessionEpoch, ...user } = rows[0];
  return { user: userRowSchema.parse(user), sessionEpoch: (sessionEpoch as string | null) ?? null };
}

/** The stored password hash of a login, or null (sign-in only). */
export async function getPasswordHash(login: string): Promise<string | null> {
  const rows = await query<{ h: string }>('SELECT password_hash AS h FROM users WHERE login = $login', { login });
  return rows[0]?.h ?? null;
}

/** All users, by login. */
export async function listUsers(): Promise<UserRow[]> {
  return z.array(userRowSchema).parse(await query(`${SELECT_USER} ORDER BY login`));
}

/**
 * Run `statements` in one transaction, again (up to 3 times) when DuckDB reports a write-write
 * conflict: a request recording an API key's last use (lib/users/api-keys.ts) may hold that row.
 */
async function writeTogether(statements: Array<[string, Record<string, unknown>]>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withConnection((con) => inTransaction(con, async () => {
        for (const [sql, params] of statements) await con.run(sql, bindable(params) as never);
      }));
      return;
    } catch (e) {
      if (attempt >= 3 || !/Conflict/i.test((e as Error)?.message ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

/** Remove a user, their API keys and sign-in addresses; false when there was no such user. Their sessions end with the row. */
export async function removeUser(login: string): Promise<boolean> {
  if (!(await getUser(login))) return false;
  await writeTogether([
    ['DELETE FROM api_keys WHERE login = $login', { login }],
    ['DELETE FROM sign_in_addresses WHERE login = $login', { login }],
    ['DELETE FROM users WHERE login = $login', { login }],
  ]);
  return true;
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
  await writeTogether([
    ['UPDATE users SET password_hash = $hash, session_epoch = $epoch WHERE login = $login', { login, hash, epoch: newSessionEpoch() }],
    ['DELETE FROM api_keys WHERE login = $login', { login }],
    // Addresses the old password signed in from (perhaps a thief's) are exempt from the login-wide lockout no more.
    ['DELETE FROM sign_in_addresses WHERE login = $login', { login }],
  ]);
  return true;
}

/** The data scope of a user (lib/db/scope.ts). */
export function scopeOfUser(u: Pick<UserRow, 'login' | 'role' | 'specialistId' | 'teamIds'>): Scope {
  return { login: u.login, role: u.role, specialistId: u.specialistId, teamIds: u.teamIds };
}
