// Sign-in lockout, counted per login AND client address, so a stranger guessing a login's password
// locks only their own address, never the user signing in from elsewhere:
// - five failures for one login from one address within a minute lock that pair for a minute
//   (while locked even the right password is refused, so guessing cannot go on);
// - against guessing from many addresses (a botnet, or forged X-Forwarded-For, see clientAddress
//   below), 100 failures for one login from all addresses within 15 minutes lock the login for
//   15 minutes, but only for addresses it has not signed in from in the last 30 days (the caller
//   says which are known: lib/auth/known-addresses.ts keeps them in app.sqlite, so a restart
//   does not forget them): whoever trips that ceiling cannot keep the user out of their usual places.
// The counters live in app.sqlite (lib/state), so every web process sees every failure (a guesser
// spread over the workers behind one port counts once) and a restart forgets nothing. Each failure
// is counted in one BEGIN IMMEDIATE transaction: two processes counting at once never lose one.
import { trustProxyHops } from './config';
import { logger } from '../log';
import { appState, openAppStateDb, writeTransaction, type StateDb } from '../state';

const log = logger('auth');

export interface LockoutOptions {
  /** Failures of one login from one address within `windowMs` that lock the pair (default 5 / 1 min). */
  maxFailures?: number;
  windowMs?: number;
  lockMs?: number;
  /** Failures of one login from all addresses within `loginWindowMs` that lock it for unknown addresses (default 100 / 15 min). */
  loginMaxFailures?: number;
  loginWindowMs?: number;
  loginLockMs?: number;
  /** Injected clock (ms), for tests. */
  now?: () => number;
  /**
   * The app-state database holding the counters (or a function giving it: the file follows
   * DATA_DIR); by default a private in-memory one, so a tracker made for a test shares nothing.
   */
  db?: StateDb | (() => StateDb);
}

export interface Lockout {
  /**
   * Seconds (rounded up) the login stays locked for this address, or 0 when it may try; `known`:
   * the login signed in from this address lately, so the login-wide lock does not apply to it.
   */
  lockedFor(login: string, address: string, known?: boolean): number;
  /** Record a failed attempt; returns the lock in seconds it leaves for this address (0 if none). */
  fail(login: string, address: string, known?: boolean): number;
  /** After a successful sign-in: forget that address's failures (the login-wide count stays). */
  succeed(login: string, address: string): void;
}

interface Counter { failures: number[]; lockedUntil: number }
interface Rule { name: 'pair' | 'login'; max: number; window: number; lock: number }

/** A lockout tracker; its counters are in `opts.db` (lockout_counters, lib/state/migrations.ts). */
export function createLockout(opts: LockoutOptions = {}): Lockout {
  const pairRule: Rule = { name: 'pair', max: opts.maxFailures ?? 5, window: opts.windowMs ?? 60_000, lock: opts.lockMs ?? 60_000 };
  const loginRule: Rule = { name: 'login', max: opts.loginMaxFailures ?? 100, window: opts.loginWindowMs ?? 15 * 60_000, lock: opts.loginLockMs ?? 15 * 60_000 };
  const now = opts.now ?? Date.now;
  let own: StateDb | undefined;
  const given = opts.db;
  const db: () => StateDb = typeof given === 'function' ? given : given ? () => given : () => (own ??= openAppStateDb(':memory:'));
  const norm = (login: string) => login.trim().toLowerCase();
  const pairKey = (login: string, address: string) => `${norm(login)}\n${address}`;
  const secondsLeft = (c: Counter | undefined, t: number) => (c && c.lockedUntil > t ? Math.ceil((c.lockedUntil - t) / 1000) : 0);

  function read(d: StateDb, rule: Rule, key: string): Counter | undefined {
    const r = d.prepare('SELECT failures, locked_until AS lockedUntil FROM lockout_counters WHERE rule = $rule AND key = $key')
      .get({ rule: rule.name, key }) as { failures: string; lockedUntil: number } | undefined;
    return r && { failures: JSON.parse(r.failures) as number[], lockedUntil: r.lockedUntil };
  }

  /** Count one failure against a rule; a lock starts when the window holds `max` of them. */
  function count(d: StateDb, rule: Rule, key: string, t: number): Counter {
    const c = read(d, rule, key) ?? { failures: [], lockedUntil: 0 };
    if (c.lockedUntil && c.lockedUntil <= t) c.lockedUntil = 0; // lock over: a fresh start
    c.failures = c.failures.filter((at) => t - at < rule.window);
    c.failures.push(t);
    if (c.failures.length >= rule.max) {
      c.lockedUntil = t + rule.lock;
      c.failures = [];
    }
    d.prepare(`INSERT INTO lockout_counters (rule, key, failures, locked_until, last_at) VALUES ($rule, $key, $failures, $lockedUntil, $t)
      ON CONFLICT (rule, key) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_at = excluded.last_at`)
      .run({ rule: rule.name, key, failures: JSON.stringify(c.failures), lockedUntil: c.lockedUntil, t });
    return c;
  }

  function lockedAt(d: StateDb, login: string, address: string, known: boolean, t: number): number {
    const pair = secondsLeft(read(d, pairRule, pairKey(login, address)), t);
    return Math.max(pair, known ? 0 : secondsLeft(read(d, loginRule, norm(login)), t));
  }

  /** Drop counters that say nothing any more: not locked, and their last failure out of the window. */
  function prune(d: StateDb, t: number): void {
    for (const rule of [pairRule, loginRule]) {
      d.prepare('DELETE FROM lockout_counters WHERE rule = $rule AND locked_until <= $t AND last_at <= $t - $window')
        .run({ rule: rule.name, t, window: rule.window });
    }
  }

  return {
    lockedFor(login, address, known = false) {
      return lockedAt(db(), login, address, known, now());
    },
    fail(login, address, known = false) {
      const t = now();
      return writeTransaction((d) => {
        count(d, pairRule, pairKey(login, address), t);
        const wasLocked = secondsLeft(read(d, loginRule, norm(login)), t) > 0;
        const wide = count(d, loginRule, norm(login), t);
        if (!wasLocked && wide.lockedUntil > t) {
          log.warn('sign-in: %d failures for login %s within %d min; locked for addresses it has not signed in from', loginRule.max, JSON.stringify(norm(login)), loginRule.window / 60_000);
        }
        prune(d, t);
        return lockedAt(d, login, address, known, t);
      }, db());
    },
    succeed(login, address) {
      db().prepare('DELETE FROM lockout_counters WHERE rule = $rule AND key = $key').run({ rule: pairRule.name, key: pairKey(login, address) });
    },
  };
}

const g = globalThis as unknown as { __signInLockout?: Lockout; __xffHintGiven?: boolean };
/** The lockout used by sign-in: its counters are in $DATA_DIR/app.sqlite, shared by every process. */
export function signInLockout(): Lockout {
  return (g.__signInLockout ??= createLockout({ db: appState }));
}

type HeaderSource = Headers | Record<string, unknown> | undefined | null;

function header(h: HeaderSource, name: string): string {
  if (!h) return '';
  const v = h instanceof Headers ? h.get(name) : h[name];
  return Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '';
}

/**
 * The client address a sign-in attempt is counted against, from X-Forwarded-For; `unknown` when
 * there is none. Next's own server (16.x, base-server.js) sets X-Forwarded-For to the socket's
 * address only when the request has none (`??=`): a header the client sent is passed on as it came.
 * - TRUST_PROXY=0 (default: the app faces clients): the right-most entry, the socket's address,
 *   unless the client wrote the header itself. Such a forger can pick any address: to spread
 *   guesses (the login-wide ceiling stops that), or, knowing the victim's own address, to lock
 *   that one pair; not knowing it, they lock only addresses the victim does not sign in from.
 * - TRUST_PROXY=N (N reverse proxies that write the header, e.g. nginx with
 *   `$proxy_add_x_forwarded_for` or `$remote_addr`): the N-th entry from the right, the address the
 *   outermost proxy saw. With one proxy that is the right-most entry as above, but written by the
 *   proxy, so nobody can forge it; entries left of it are the client's own and are ignored.
 */
export function clientAddress(headers: HeaderSource, hops: number = trustProxyHops()): string {
  const entries = header(headers, 'x-forwarded-for').split(',').map((s) => s.trim()).filter(Boolean);
  if (hops === 0 && entries.length > 1 && !g.__xffHintGiven) {
    // Next writes one entry; several mean proxies in front (or a forger): say how to configure it.
    g.__xffHintGiven = true;
    log.info('sign-in: X-Forwarded-For has %d entries and TRUST_PROXY is 0; behind reverse proxies set TRUST_PROXY to their number', entries.length);
  }
  const picked = entries.length ? entries[Math.max(0, entries.length - Math.max(1, hops))] : '';
  return normalizeAddress(picked) || 'unknown';
}

/** An address as one key: lower case, IPv4-mapped IPv6 as plain IPv4, at most 64 characters. */
function normalizeAddress(a: string): string {
  return a.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').slice(0, 64);
}
