// The addresses each login signed in from (table sign_in_addresses, migration 14), kept 30 days
// after the last sign-in: the login-wide lockout (lib/auth/lockout.ts) spares them, so a stranger
// tripping it cannot keep a user out of where they usually sign in, even after an app restart.
// Removing a user or changing their password forgets theirs (lib/users/users.ts).
import { exec, query } from '../db';
import { logger } from '../log';

const log = logger('auth');

/** Days an address stays known after the last successful sign-in from it. */
export const KNOWN_ADDRESS_DAYS = 30;

/** True when `login` signed in successfully from `address` within the last 30 days. */
export async function isKnownAddress(login: string, address: string): Promise<boolean> {
  const rows = await query(
    `SELECT 1 FROM sign_in_addresses WHERE login = $login AND address = $address
       AND last_at >= current_localtimestamp() - to_days($days::INTEGER)`,
    { login, address, days: KNOWN_ADDRESS_DAYS },
  );
  return rows.length > 0;
}

/** Remember a successful sign-in of `login` from `address`; a failed write is logged and dropped (sign-in goes on). */
export async function rememberAddress(login: string, address: string): Promise<void> {
  try {
    await exec(
      `INSERT INTO sign_in_addresses (login, address, last_at) VALUES ($login, $address, current_localtimestamp())
       ON CONFLICT (login, address) DO UPDATE SET last_at = excluded.last_at`,
      { login, address },
    );
    await exec(`DELETE FROM sign_in_addresses WHERE login = $login AND last_at < current_localtimestamp() - to_days($days::INTEGER)`, { login, days: KNOWN_ADDRESS_DAYS });
  } catch (e) {
    log.warn('sign-in address of %s not remembered: %s', JSON.stringify(login), (e as Error)?.message ?? e);
  }
}
