// API keys for machines calling /api/v1 with `Authorization: Bearer sa_…`. Only the key's sha256
// is stored (api_keys.key_hash); the key itself is shown once, when created.
import { createHash, randomBytes } from 'node:crypto';
import { logger } from '../log';
import { appState, isConstraintError } from '../state';
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
  const notFound = () => new UserError(`Пользователь «${login}» не найден (user not found)`);
  if (!(await getUser(login))) throw notFound();
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  try {
    appState().prepare('INSERT INTO api_keys (key_hash, login, prefix, created_at) VALUES ($h, $login, $prefix, $at)').run({
      h: sha256(key), login, prefix: key.slice(0, API_KEY_PREFIX.length + 6), at: Date.now(),
    });
  } catch (e) {
    if (isConstraintError(e, 'FOREIGNKEY')) throw notFound(); // removed by another process meanwhile
    throw e;
  }
  return key;
}

// When each key's last use was last written by this process (ms), and the writes still pending.
// Each web process skips most writes on its own; the UPDATE's condition keeps the once-a-minute
// rule across processes too.
const g = globalThis as unknown as { __apiKeyUses?: { writtenAt: Map<string, number>; pending: Set<Promise<void>> } };
const uses = () => (g.__apiKeyUses ??= { writtenAt: new Map(), pending: new Set() });

/**
 * Record a key's use off the request path: at most once a minute per key, after the answer is on
 * its way (setImmediate). A lost write only makes last_used_at a minute older, so an error (the
 * file busy beyond its timeout) is logged at debug and dropped.
 */
function touchLastUsed(h: string): void {
  const u = uses();
  const now = Date.now();
  const at = u.writtenAt.get(h);
  if (at !== undefined && now - at < LAST_USED_EVERY_MS) return;
  u.writtenAt.set(h, now); // before the write: the requests arriving meanwhile skip it
  const p = new Promise<void>((resolve) => setImmediate(() => {
    try {
      appState().prepare(`UPDATE api_keys SET last_used_at = $now
        WHERE key_hash = $h AND (last_used_at IS NULL OR last_used_at <= $now - $every)`).run({ h, now, every: LAST_USED_EVERY_MS });
    } catch (e) {
      log.debug('last_used_at not recorded: %s', (e as Error)?.message ?? e);
    }
    resolve();
  })).finally(() => u.pending.delete(p));
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
  const login = appState().prepare('SELECT login FROM api_keys WHERE key_hash = $h').pluck().get({ h }) as string | undefined;
  if (login === undefined) return null;
  touchLastUsed(h);
  return getUser(login);
}
