// HTTP security headers of every answer (proxy.ts sets them per request; next.config.js sets the
// constant ones on static assets, which the proxy does not see). The app is offline: every source
// is 'self', nothing external is allowed.

/** True when the app is served over https (NEXTAUTH_URL, its public URL): HSTS and upgrade-insecure-requests then. */
export function isHttpsDeployment(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.NEXTAUTH_URL ?? '').trim().toLowerCase().startsWith('https:');
}

/**
 * Headers that do not depend on the request: no MIME sniffing (a text/plain report or a CSV is
 * never run as HTML or script), no framing for browsers without CSP frame-ancestors, no referrer
 * to other origins, no powerful browser features (the app uses none), its own browsing context
 * group (a window it opens cannot reach it).
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * One year; without includeSubDomains, since other hosts of the company's domain may still be
 * plain http and this app cannot vouch for them.
 */
export const HSTS = 'max-age=31536000';

/** A fresh nonce for one page answer (128 random bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * The CSP of a page. Scripts: only those carrying this answer's nonce (Next puts it on its own
 * scripts when it finds it in the request's CSP) and what they load ('strict-dynamic'); no eval
 * outside `next dev` (React's dev tools need it). Styles: <style>/<link> from 'self' or with the
 * nonce, but style *attributes* allowed ('unsafe-inline' in style-src-attr only): React and
 * Recharts render inline `style="…"`, which a nonce cannot cover, and blocking them would break the
 * server-rendered layout (widths, chart sizes); an injected attribute style cannot run code.
 * `next dev` injects its CSS as <style> without a nonce, so styles are 'unsafe-inline' there.
 * connect-src 'self' covers the live updates (/api/v1/events); blob: images cover CSV downloads.
 */
export function pageCsp(nonce: string, o: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ''}`,
    o.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // On plain http (a LAN address) upgrading would break every request, so only behind https.
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * The CSP of an API answer (JSON, CSV, text reports, the event stream): nothing in it may load or
 * run anything, nor be framed. next-auth's own /api/auth pages (not used by the app's screens) keep
 * their inline styles: only framing is denied there.
 */
export function apiCsp(pathname: string): string {
  return pathname === '/api/auth' || pathname.startsWith('/api/auth/') ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'";
}

/** Sets the security headers and `csp` on a response's headers (HSTS when served over https). */
export function setSecurityHeaders(headers: Headers, csp: string, https: boolean): void {
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) headers.set(k, v);
  headers.set('Content-Security-Policy', csp);
  if (https) headers.set('Strict-Transport-Security', HSTS);
}

/**
 * False when the path holds a malformed percent-escape (`%ZZ`, a cut UTF-8 sequence `%E0%A4%A`):
 * such a URL cannot name anything, and decoding it later would throw (a 500).
 */
export function isWellEncodedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
