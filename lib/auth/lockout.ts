// Sign-in lockout: five failed attempts for one login within a minute lock that login for a
// minute; while locked even the right password is refused. In-process (one app process holds the
// warehouse, so there is one process to remember failures).

export interface LockoutOptions {
  maxFailures?: number;
  windowMs?: number;
  lockMs?: number;
  /** Injected clock (ms), for tests. */
  now?: () => number;
}

export interface Lockout {
  /** Seconds (rounded up) the login stays locked, or 0 when it may try. */
  lockedFor(login: string): number;
  /** Record a failed attempt; returns the lock in seconds it caused (0 if none). */
  fail(login: string): number;
  /** Forget failures after a successful sign-in. */
  succeed(login: string): void;
}

/** A lockout tracker with its own memory. */
export function createLockout(opts: LockoutOptions = {}): Lockout {
  const maxFailures = opts.maxFailures ?? 5;
  const windowMs = opts.windowMs ?? 60_000;
  const lockMs = opts.lockMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const state = new Map<string, { failures: number[]; lockedUntil: number }>();
  const key = (login: string) => login.trim().toLowerCase();

  function lockedFor(login: string): number {
    const s = state.get(key(login));
    if (!s) return 0;
    const left = s.lockedUntil - now();
    if (left > 0) return Math.ceil(left / 1000);
    if (s.lockedUntil) state.delete(key(login)); // lock over: a fresh start
    return 0;
  }

  return {
    lockedFor,
    fail(login) {
      const k = key(login);
      const t = now();
      const s = state.get(k) ?? { failures: [], lockedUntil: 0 };
      s.failures = s.failures.filter((at) => t - at < windowMs);
      s.failures.push(t);
      if (s.failures.length >= maxFailures) {
        s.lockedUntil = t + lockMs;
        s.failures = [];
      }
      state.set(k, s);
      if (state.size > 10_000) prune(t);
      return lockedFor(login);
    },
    succeed(login) {
      state.delete(key(login));
    },
  };

  function prune(t: number) {
    for (const [k, s] of state) if (s.lockedUntil < t && s.failures.every((at) => t - at >= windowMs)) state.delete(k);
  }
}

const g = globalThis as unknown as { __signInLockout?: Lockout };
/** The process-wide lockout used by sign-in. */
export function signInLockout(): Lockout {
  return (g.__signInLockout ??= createLockout());
}
