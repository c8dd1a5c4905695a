// Sign-in lockout, counted per login AND client address, so a stranger guessing a login's password
// locks only their own address, never the user signing in from elsewhere:
// - five failures for one login from one address within a minute lock that pair for a minute
//   (while locked even the right password is refused, so guessing cannot go on);
// - against guessing from many addresses (a botnet, or forged X-Forwarded-For, see clientAddress
//   below), 100 failures for one login from all addresses within 15 minutes lock the login for
//   15 minutes, but only for addresses it has not signed in from in the last 30 days (the caller
//   says which are known: lib/auth/known-addresses.ts keeps them in the warehouse, so a restart
//   does not forget them): whoever trips that ceiling cannot keep the user out of their usual places.
// Failures are counted in-process (one app process holds the warehouse, so one process sees every
// sign-in); a restart forgets them.
import { trustProxyHops } from './config';
import { logger } from '../log';

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
interface Rule { max: number; window: number; lock: number }

/** A lockout tracker with its own memory. */
export function createLockout(opts: LockoutOptions = {}): Lockout {
  const pairRule: Rule = { max: opts.maxFailures ?? 5, window: opts.windowMs ?? 60_000, lock: opts.lockMs ?? 60_000 };
  const loginRule: Rule = { max: opts.loginMaxFailures ?? 100, window: opts.loginWindowMs ?? 15 * 60_000, lock: opts.loginLockMs ?? 15 * 60_000 };
  const now = opts.now ?? Date.now;
  const pairs = new Map<string, Counter>();
  const logins = new Map<string, Counter>();
  const norm = (login: string) => login.trim().toLowerCase();
  const pairKey = (login: string, address: string) => `${norm(login)}\n${address}`;
  const secondsLeft = (c: Counter | undefined, t: number) => (c && c.lockedUntil > t ? Math.ceil((c.lockedUntil - t) / 1000) : 0);

  /** Count one failure against a rule; a lock starts when the window holds `max` of them. */
  function count(map: Map<string, Counter>, key: string, rule: Rule, t: number): Counter {
    const c = map.get(key) ?? { failures: [], lockedUntil: 0 };
    if (c.lockedUntil && c.lockedUntil <= t) c.lockedUntil = 0; // lock over: a fresh start
    c.failures = c.failures.filter((at) => t - at < rule.window);
    c.failures.push(t);
    if (c.failures.length >= rule.max) {
      c.lockedUntil = t + rule.lock;
      c.failures = [];
    }
    map.set(key, c);
    return c;
  }

  function lockedFor(login: string, address: string, known = false): number {
    const t = now();
    const pair = secondsLeft(pairs.get(pairKey(login, address)), t);
    return Math.max(pair, known ? 0 : secondsLeft(logins.get(norm(login)), t));
  }

  function prune(t: number): void {
    for (const [map, rule] of [[pairs, pairRule], [logins, loginRule]] as const) {
      for (const [k, c] of map) if (c.lockedUntil <= t && c.failures.every((at) => t - at >= rule.window)) map.delete(k);
    }
  }

  return {
    lockedFor,
    fail(login, address, known = false) {
      const t = now();
      count(pairs, pairKey(login, address), pairRule, t);
      const wasLocked = secondsLeft(logins.get(norm(login)), t) > 0;
      const wide = count(logins, norm(login), loginRule, t);
      if (!wasLocked && wide.lockedUntil > t) {
        log.warn('sign-in: %d failures for login %s within %d min; locked for addresses it has not signed in from', loginRule.max, JSON.stringify(norm(login)), loginRule.window / 60_000);
      }
      if (pairs.size + logins.size > 10_000) prune(t);
      return lockedFor(login, address, known);
    },
    succeed(login, address) {
      pairs.delete(pairKey(login, address));
    },
  };
}

const g = globalThis as unknown as { __signInLockout?: Lockout; __xffHintGiven?: boolean };
/** The process-wide lockout used by sign-in. */
export function signInLockout(): Lockout {
  return (g.__signInLockout ??= createLockout());
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
