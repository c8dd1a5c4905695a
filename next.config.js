// The security headers that do not depend on the request, for answers the proxy does not see
// (static assets under /_next/static); proxy.ts sets them, with the CSP and HSTS, on the rest.
// Kept equal to lib/http/security-headers.ts STATIC_SECURITY_HEADERS (tests/unit/http checks it).
const staticSecurityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** @type {import('next').NextConfig} */
module.exports = {
  // The DuckDB native addon must stay a Node require, not be bundled (../shared/stack.md §3): node-api
  // and the bindings it wraps (lib/db reads result vectors through them). better-sqlite3 (app.sqlite,
  // lib/state) likewise loads its compiled addon from its own folder at run time.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 'better-sqlite3'],
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(staticSecurityHeaders).map(([key, value]) => ({ key, value })) }];
  },
};
