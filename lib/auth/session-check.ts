// Whether a signed session token still stands, apart from its signature (next-auth checks that):
// the user it names must still exist with the same session epoch (users.session_epoch, changed by
// `users passwd` and new on `users remove` + `add`), and the sign-in must be younger than the
// session's maximum age. next-auth renews a JWT's expiry on every session read, so the token's own
// `exp` would let an active session live forever; authAt is fixed at sign-in.

/** The claims of a session as the session callback passes them on (unknown: read from a cookie). */
export interface SessionClaims {
  login?: unknown;
  epoch?: unknown;
  authAt?: unknown;
}

/**
 * True when `claims` may act as their login: `currentEpoch` is that user's epoch now (null: no such
 * user, or one without an epoch), `nowMs` the clock, `maxAgeSeconds` the sign-in's lifetime.
 */
export function sessionStands(claims: SessionClaims | null | undefined, currentEpoch: string | null, nowMs: number, maxAgeSeconds: number): boolean {
  if (!claims || typeof claims.login !== 'string' || !claims.login) return false;
  if (!currentEpoch || typeof claims.epoch !== 'string' || claims.epoch !== currentEpoch) return false;
  if (typeof claims.authAt !== 'number' || !Number.isFinite(claims.authAt)) return false;
  const ageSeconds = nowMs / 1000 - claims.authAt;
  return ageSeconds < maxAgeSeconds && ageSeconds > -300; // a sign-in "from the future" beyond clock skew: forged or broken
}
