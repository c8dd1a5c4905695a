// App users (table `users`, lib/db/migrations.ts v2): who may sign in and what they see.
// head: teamIds (null = all teams); specialist: specialistId (their own clients); executive: all.
import { z } from 'zod';
import { exec, query } from '../db';
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

const SELECT_USER = /* sql */ `SELECT login, role, specialist_id AS specialistId, team_ids AS teamIds,
  display_name AS displayName, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS createdAt FROM users`;

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

/** Create a user; the password is hashed here. Throws UserError on a bad role/field combination or a taken login. */
export async function addUser(u: NewUser): Promise<UserRow> {
  const login = loginSchema.safeParse(u.login);
  if (!login.success) throw new UserError(`Недопустимый логин «${u.login}» (invalid login): ${login.error.issues[0]?.message}`);
  if (!roles.includes(u.role)) throw new UserError(`Неизвестная роль «${u.role}» (unknown role): head | specialist | executive`);
  if (u.role === 'specialist' && !u.specialistId) throw new UserError('Для роли specialist нужен --specialist-id (specialist role needs --specialist-id)');
  if (u.role !== 'specialist' && u.specialistId) throw new UserError('--specialist-id только для роли specialist (only for role specialist)');
  if (u.role !== 'head' && u.teamIds && u.teamIds.length) throw new UserError('--teams только для роли head (only for role head)');
  if (u.password.length < 8) throw new UserError('Пароль короче 8 символов (password shorter than 8 characters)');
  if (await getUser(login.data)) throw new UserError(`Пользователь «${login.data}» уже есть (user already exists)`);
  const teams = u.role === 'head' && u.teamIds && u.teamIds.length ? u.teamIds : null;
  await exec(
    `INSERT INTO users (login, role, password_hash, specialist_id, team_ids, display_name)
     VALUES ($login, $role, $hash, $specialistId, $teamIds::VARCHAR[], $displayName)`,
    {
      login: login.data, role: u.role, hash: await hashPassword(u.password),
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

/** The stored password hash of a login, or null (sign-in only). */
export async function getPasswordHash(login: string): Promise<string | null> {
  const rows = await query<{ h: string }>('SELECT password_hash AS h FROM users WHERE login = $login', { login });
  return rows[0]?.h ?? null;
}

/** All users, by login. */
export async function listUsers(): Promise<UserRow[]> {
  return z.array(userRowSchema).parse(await query(`${SELECT_USER} ORDER BY login`));
}

/** Remove a user and their API keys; false when there was no such user. */
export async function removeUser(login: string): Promise<boolean> {
  if (!(await getUser(login))) return false;
  await exec('DELETE FROM api_keys WHERE login = $login', { login });
  await exec('DELETE FROM users WHERE login = $login', { login });
  return true;
}

/** The data scope of a user (lib/db/scope.ts). */
export function scopeOfUser(u: Pick<UserRow, 'login' | 'role' | 'specialistId' | 'teamIds'>): Scope {
  return { login: u.login, role: u.role, specialistId: u.specialistId, teamIds: u.teamIds };
}
