// API keys for machines calling /api/v1 with `Authorization: Bearer sa_…`. Only the key's sha256
// is stored (api_keys.key_hash); the key itself is shown once, when created.
import { createHash, randomBytes } from 'node:crypto';
import { exec, query } from '../db';
import { logger } from '../log';
import { getUser, UserError, type UserRow } from './users';

export const API_KEY_PREFIX = 'sa_';

/** How often last_used_at is written per key, at most (ms). */
export const LAST_USED_EVERY_MS = 60_000;

const log = logger('api-keys');

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

// When each key's last use was last written (ms), and the writes still running. In-process: one
// app process holds the warehouse (lib/cli/delegate.ts), so one process decides.
const g = globalThis as unknown as { __apiKeyUses?: { writtenAt: Map<string, number>; pending: Set<Promise<void>> } };
const uses = () => (g.__apiKeyUses ??= { writtenAt: new Map(), pending: new Set() });

/**
 * Record a key's use off the request path: at most once a minute per key, without awaiting. Every
 * request used to UPDATE the key's row, and DuckDB answers two transactions updating one row with
 * "Conflict on update!", so parallel requests with one key failed; a lost write here only makes
 * last_used_at a minute older, so a conflict (or any error) is logged at debug and dropped.
 */
function touchLastUsed(h: string): void {
  const u = uses();
  const now = Date.now();
  const at = u.writtenAt.get(h);
  if (at !== undefined && now - at < LAST_USED_EVERY_MS) return;
  u.writtenAt.set(h, now); // before the write: the requests arriving meanwhile skip it
  const p = exec('UPDATE api_keys SET last_used_at = current_localtimestamp() WHERE key_hash = $h', { h })
    .catch((e: unknown) => log.debug('last_used_at not recorded: %s', (e as Error)?.message ?? e))
    .finally(() => u.pending.delete(p));
  u.pending.add(p);
}

/** Resolves when the last-use writes started so far have finished (tests, shutdown). */
export async function lastUsedWritesSettled(): Promise<void> {
  await Promise.all([...uses().pending]);
}

/** The user a key belongs to, or null for an unknown or malformed key. Only reads; last use is recorded aside. */
export async function verifyApiKey(key: string): Promise<UserRow | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length < API_KEY_PREFIX.length + 40) return null;
  const h = sha256(key);
  const rows = await query<{ login: string }>('SELECT login FROM api_keys WHERE key_hash = $h', { h });
  if (!rows.length) return null;
  touchLastUsed(h);
  return getUser(rows[0].login);
}
