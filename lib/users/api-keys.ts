// API keys for machines calling /api/v1 with `Authorization: Bearer sa_…`. Only the key's sha256
// is stored (api_keys.key_hash); the key itself is shown once, when created.
import { createHash, randomBytes } from 'node:crypto';
import { exec, query } from '../db';
import { getUser, UserError, type UserRow } from './users';

export const API_KEY_PREFIX = 'sa_';

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Create a key for a login: `sa_` + 32 random bytes base64url. Returns the key (not stored anywhere). */
export async function createApiKey(login: string): Promise<string> {
  if (!(await getUser(login))) throw new UserError(`Пользователь «${login}» не найден (user not found)`);
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  await exec('INSERT INTO api_keys (key_hash, login, prefix) VALUES ($h, $login, $prefix)', {
    h: sha256(key), login, prefix: key.slice(0, API_KEY_PREFIX.length + 6),
  });
  return key;
}

/** The user a key belongs to, or null for an unknown or malformed key. Records last use. */
export async function verifyApiKey(key: string): Promise<UserRow | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length < API_KEY_PREFIX.length + 40) return null;
  const h = sha256(key);
  const rows = await query<{ login: string }>('SELECT login FROM api_keys WHERE key_hash = $h', { h });
  if (!rows.length) return null;
  await exec('UPDATE api_keys SET last_used_at = current_localtimestamp() WHERE key_hash = $h', { h });
  return getUser(rows[0].login);
}
