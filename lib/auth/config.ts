// Sign-in settings from the environment (documented in .env.example and README), read lazily so a
// test or script may set them first. A bad value is a clear error, never a silent default: these
// decide how long a stolen cookie works and whose address a lockout is counted against.

/** SESSION_MAX_AGE_HOURS (default 12): how long a sign-in lasts, counted from the sign-in, in seconds. */
export function sessionMaxAgeSeconds(): number {
  const raw = process.env.SESSION_MAX_AGE_HOURS?.trim();
  if (!raw) return 12 * 60 * 60;
  const hours = Number(raw.replace(',', '.'));
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    throw new Error(`SESSION_MAX_AGE_HOURS: «${raw}» — нужно число часов больше 0 и не больше 720`);
  }
  return Math.round(hours * 60 * 60);
}

/**
 * TRUST_PROXY (default 0): how many reverse proxies in front of the app write X-Forwarded-For
 * (append or overwrite). 0: the app faces clients itself; `1` or `true`: one proxy (nginx, Caddy).
 */
export function trustProxyHops(): number {
  const raw = process.env.TRUST_PROXY?.trim().toLowerCase();
  if (!raw || raw === 'false' || raw === 'no') return 0;
  if (raw === 'true' || raw === 'yes') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`TRUST_PROXY: «${raw}» — нужно 0, 1 (или true) либо число прокси до 10`);
  return n;
}
