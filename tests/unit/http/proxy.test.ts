// proxy.ts: a malformed percent-escape in the path is 400 (not a 500 further on); every answer it
// passes carries the security headers; pages get a CSP with a fresh nonce, on the request too (where
// Next reads it to stamp its scripts); HSTS and upgrade-insecure-requests only behind https;
// 'unsafe-eval' only under `next dev`. next.config.js gives static assets the same fixed headers.
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest, type NextFetchEvent } from 'next/server';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import proxy, { config as proxyConfig } from '@/proxy';
import { HSTS, pageCsp, STATIC_SECURITY_HEADERS } from '@/lib/http/security-headers';
import { ru } from '@/lib/i18n/ru';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
beforeAll(async () => { dir = await freshDataDir(); });
afterAll(() => cleanupDataDir(dir));
const savedUrl = process.env.NEXTAUTH_URL;
afterEach(() => {
  if (savedUrl === undefined) delete process.env.NEXTAUTH_URL;
  else process.env.NEXTAUTH_URL = savedUrl;
});

const run = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`), {} as NextFetchEvent);
const csp = (res: Response) => res.headers.get('content-security-policy') ?? '';
const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];

function expectStaticHeaders(res: Response): void {
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) expect(res.headers.get(k), k).toBe(v);
}

describe('proxy: malformed percent-encoding', () => {
  it.each(['/clients/%E0%A4%A', '/clients/%ZZ', '/payments/%', '/clients/100%'])('page %s → 400 in Russian', async (path) => {
    const res = await run(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(ru.http.badPath);
    expectStaticHeaders(res);
    expect(csp(res)).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it.each(['/api/v1/clients/%ZZ', '/api/v1/clients/%E0%A4%A/preparation', '/api/v1/loads/%C0'])('API %s → 400 JSON', async (path) => {
    const res = await run(path);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/percent-encoding/);
    expectStaticHeaders(res);
  });

  it('lets well-encoded paths through (a Cyrillic id, an escaped %)', async () => {
    for (const path of ['/api/v1/clients/%D0%9A%D0%BB-1', '/api/v1/clients/a%25b']) {
      const res = await run(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-middleware-next'), path).toBe('1');
    }
  });
});

describe('proxy: security headers', () => {
  it('a page: a CSP with a fresh nonce, the same on the request Next renders from', async () => {
    const a = await run('/login');
    const b = await run('/login');
    expect(a.headers.get('x-middleware-next')).toBe('1');
    expectStaticHeaders(a);
    const policy = csp(a);
    const nonce = nonceOf(policy);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(csp(b))).not.toBe(nonce);
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic';`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/unsafe-eval|upgrade-insecure-requests|https?:\/\//);
    // NextResponse.next({ request: { headers } }): the overridden request header Next renders with.
    expect(a.headers.get('x-middleware-override-headers')).toContain('content-security-policy');
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
    expect(a.headers.get('strict-transport-security')).toBeNull();
  });

  it('a page without a session: the redirect to sign-in carries the headers too', async () => {
    const res = await run('/payments');
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toMatch(/\/login\?callbackUrl=/);
    expectStaticHeaders(res);
    expect(csp(res)).toContain("frame-ancestors 'none'");
  });

  it('an API answer: nothing may load or run in it; next-auth keeps its pages\' styles', async () => {
    const res = await run('/api/v1/clients');
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expectStaticHeaders(res);
    expect(csp(res)).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(csp(await run('/api/auth/session'))).toBe("frame-ancestors 'none'");
  });

  it('HSTS and upgrade-insecure-requests only when NEXTAUTH_URL is https', async () => {
    process.env.NEXTAUTH_URL = 'https://sales.example.ru';
    for (const path of ['/login', '/api/v1/me', '/clients/%ZZ']) {
      expect((await run(path)).headers.get('strict-transport-security'), path).toBe(HSTS);
    }
    expect(csp(await run('/login'))).toMatch(/; upgrade-insecure-requests$/);
    process.env.NEXTAUTH_URL = 'http://10.0.0.5:3000';
    expect((await run('/login')).headers.get('strict-transport-security')).toBeNull();
  });

  it("'unsafe-eval' and inline <style> only under next dev", () => {
    expect(pageCsp('n', { dev: true, https: false })).toContain("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval';");
    expect(pageCsp('n', { dev: true, https: false })).toContain("style-src 'self' 'unsafe-inline';");
    expect(pageCsp('n', { dev: false, https: false })).toContain("style-src 'self' 'nonce-n';");
  });

  it('next.config.js gives every path (static assets too) the same fixed headers', async () => {
    const config = createRequire(import.meta.url)('../../../next.config.js') as { headers: () => Promise<Array<{ source: string; headers: Array<{ key: string; value: string }> }>> };
    const rules = await config.headers();
    expect(rules.map((r) => r.source)).toEqual(['/:path*']);
    expect(Object.fromEntries(rules[0].headers.map((h) => [h.key, h.value]))).toEqual(STATIC_SECURITY_HEADERS);
  });
});

describe('proxy: what it runs on', () => {
  const runsOn = (url: string) => unstable_doesMiddlewareMatch({ config: proxyConfig, url });
  it('the icons load without a session (the sign-in page shows them; no 404 or redirect for /favicon.ico)', () => {
    expect(runsOn('/favicon.ico')).toBe(false);
    expect(runsOn('/icon.svg')).toBe(false);
    expect(runsOn('/icon.svg?1a2b3c')).toBe(false);
    expect(runsOn('/_next/static/chunks/x.js')).toBe(false);
  });
  it('every page and API path still goes through it', () => {
    for (const path of ['/', '/login', '/overview', '/clients/c1', '/api/v1/alerts', '/icons', '/favicon']) expect(runsOn(path), path).toBe(true);
  });
});
