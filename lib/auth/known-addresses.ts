// The addresses each login signed in from (table sign_in_addresses in app.sqlite), kept 30 days
// after the last sign-in: the login-wide lockout (lib/auth/lockout.ts) spares them, so a stranger
// tripping it cannot keep a user out of where they usually sign in, even after an app restart.
// Removing a user or changing their password forgets theirs (lib/users/users.ts).
import { logger } from '../log';
import { appState, writeTransaction } from '../state';

const log = logger('auth');

/** Days an address stays known after the last successful sign-in from it. */
export const KNOWN_ADDRESS_DAYS = 30;
const KNOWN_MS = KNOWN_ADDRESS_DAYS * 86_400_000;

/** True when `login` signed in successfully from `address` within the last 30 days. */
export async function isKnownAddress(login: string, address: string): Promise<boolean> {
  const row = appState().prepare('SELECT 1 FROM sign_in_addresses WHERE login = $login AND address = $address AND last_at >= $since')
    .get({ login, address, since: Date.now() - KNOWN_MS });
  return row !== undefined;
}

/** Remember a successful sign-in of `login` from `address`; a failed write is logged and dropped (sign-in goes on). */
export async function rememberAddress(login: string, address: string): Promise<void> {
  try {
    const now = Date.now();
    writeTransaction((db) => {
      db.prepare(`INSERT INTO sign_in_addresses (login, address, last_at) VALUES ($login, $address, $now)
        ON CONFLICT (login, address) DO UPDATE SET last_at = excluded.last_at`).run({ login, address, now });
      db.prepare('DELETE FROM sign_in_addresses WHERE login = $login AND last_at < $since').run({ login, since: now - KNOWN_MS });
    });
  } catch (e) {
    log.warn('sign-in address of %s not remembered: %s', JSON.stringify(login), (e as Error)?.message ?? e);
  }
}
