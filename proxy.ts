// Runs before every request but static assets:
// 1. A path with a malformed percent-escape answers 400 (it names nothing; decoding it later
//    would be a 500).
// 2. Security headers on every answer (lib/http/security-headers.ts); pages get a CSP with a fresh
//    nonce, put on the request too, where Next finds it and stamps its own scripts with it.
// 3. Every page needs a session; unauthenticated requests go to our Russian sign-in page. Not
//    checked here: /login itself, next-auth's /api/auth/*, and the machine APIs — /api/v1/*
//    answers 401 JSON itself (and accepts API keys), /api/internal/* has its own loopback token.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { withAuth, type NextRequestWithAuth } from 'next-auth/middleware';
import { ensureNextAuthSecret } from './lib/auth/secret';
import { apiCsp, isHttpsDeployment, isWellEncodedPath, newNonce, pageCsp, setSecurityHeaders } from './lib/http/security-headers';
import { ru } from './lib/i18n/ru';

const auth = withAuth({
  // A getter: read per request (Next 16's proxy runs in Node.js, so the secret file is readable).
  get secret() {
    return ensureNextAuthSecret();
  },
  pages: { signIn: '/login' },
  callbacks: { authorized: ({ token }) => !!token },
});

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  const { pathname } = req.nextUrl;
  const https = isHttpsDeployment();

  if (!isWellEncodedPath(pathname)) {
    const res = isApi(pathname)
      ? NextResponse.json({ error: 'путь: неверная %-кодировка / path: malformed percent-encoding' }, { status: 400 })
      : new NextResponse(ru.http.badPath, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    setSecurityHeaders(res.headers, "default-src 'none'; frame-ancestors 'none'", https);
    return res;
  }

  if (isApi(pathname)) {
    const res = NextResponse.next();
    setSecurityHeaders(res.headers, apiCsp(pathname), https);
    return res;
  }

  const csp = pageCsp(newNonce(), { dev: process.env.NODE_ENV === 'development', https });
  const denied = await auth(req as NextRequestWithAuth, event);
  if (denied) {
    setSecurityHeaders(denied.headers, csp, https);
    return denied;
  }
  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  setSecurityHeaders(res.headers, csp, https);
  return res;
}

// Static assets skip the proxy, so they load without a session: the sign-in page shows the icons
// (app/favicon.ico, app/icon.svg, served at the root).
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|icon\\.svg|robots\\.txt).*)'],
};
