// Who is calling and what they may see. Pages use requirePageScope()/requirePageCaller(); /api/v1
// route handlers are wrapped in withApi(), which accepts a session cookie or an API key
// (`Authorization: Bearer sa_…`). The user and scope are always re-read from the users table, and a
// session stands only while its user's session epoch is the one it signed in with and the sign-in
// is younger than SESSION_MAX_AGE_HOURS (lib/auth/session-check.ts): a removed user, a changed
// password or a changed team list takes effect at once, whatever the JWT says.
import { getServerSession, type Session } from 'next-auth';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { ZodError } from 'zod';
import { isFatalDbError, warehouseReady, WarehouseUnavailableError } from '../db';
import type { Scope } from '../db/scope';
import { verifyApiKey } from '../users/api-keys';
import { getUserForSession, scopeOfUser, type UserRow } from '../users/users';
import { sessionMaxAgeSeconds } from './config';
import { authOptions } from './options';
import { sessionStands, type SessionClaims } from './session-check';
import { logger } from '../log';

const log = logger('api');

export interface Caller {
  scope: Scope;
  user: UserRow;
  /** How the caller proved who they are. */
  via: 'session' | 'api-key';
}

function bearer(req?: Request): string | null {
  const h = req?.headers.get('authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? m[1] : null;
}

/** The caller (user + scope) from an API key in `req`, else from the next-auth session; null if neither. */
export async function getCaller(req?: Request): Promise<Caller | null> {
  const key = bearer(req);
  if (key) {
    // A presented key decides: a wrong key is a 401 even if a cookie is also present.
    const user = await verifyApiKey(key);
    return user ? { scope: scopeOfUser(user), user, via: 'api-key' } : null;
  }
  // Request-time only: keeps `next build` from prerendering (and reading the secret) here.
  await connection();
  return callerFromSession(await getServerSession(authOptions));
}

/** The caller a next-auth session stands for (lib/auth/session-check.ts), or null; `nowMs` for tests. */
export async function callerFromSession(session: Session | null, nowMs: number = Date.now()): Promise<Caller | null> {
  const claims = session?.user as SessionClaims | undefined;
  if (typeof claims?.login !== 'string' || !claims.login) return null;
  const found = await getUserForSession(claims.login);
  if (!found || !sessionStands(claims, found.sessionEpoch, nowMs, sessionMaxAgeSeconds())) return null;
  return { scope: scopeOfUser(found.user), user: found.user, via: 'session' };
}

/** The caller's Scope (lib/db/scope.ts), or null when not signed in and no valid key. */
export async function getCallerScope(req?: Request): Promise<Scope | null> {
  return (await getCaller(req))?.scope ?? null;
}

/** For server components: the signed-in caller, or a redirect to /login. */
export async function requirePageCaller(): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect('/login');
  return caller;
}

/** For server components: the caller's Scope, or a redirect to /login. */
export async function requirePageScope(): Promise<Scope> {
  return (await requirePageCaller()).scope;
}

/** A bad query or path parameter: answered 400 with the message. */
export class BadRequestError extends Error {}
/** Nothing there for this caller (missing or outside scope): answered 404 `{error:'not found'}`. */
export class NotFoundError extends Error {}

export interface ApiContext<P> {
  scope: Scope;
  caller: Caller;
  params: P;
}

type RouteCtx<P> = { params: Promise<P> };

/**
 * Wrap an /api/v1 route handler: 401 `{error}` without a session or valid key; the handler gets
 * the caller's Scope; a returned plain value is sent as JSON. ZodError / BadRequestError → 400,
 * NotFoundError → 404, anything else → 500 `{error}` without a stack (logged server-side).
 * An engine fault (lib/db reopens the warehouse) reruns a GET once on the reopened warehouse;
 * while the warehouse cannot answer, 503 with a Russian message and Retry-After.
 */
export function withApi<P extends Record<string, string | string[]> = Record<string, never>>(
  handler: (req: Request, ctx: ApiContext<P>) => Promise<unknown>,
): (req: Request, ctx: RouteCtx<P>) => Promise<Response> {
  const run = async (req: Request, routeCtx: RouteCtx<P>) => {
    const caller = await getCaller(req);
    if (!caller) return json({ error: 'unauthorized: sign in or send Authorization: Bearer <API key>' }, 401);
    const params = ((await routeCtx?.params) ?? {}) as P;
    const out = await handler(req, { scope: caller.scope, caller, params });
    return out instanceof Response ? out : json(out, 200);
  };
  return async (req, routeCtx) => {
    try {
      try {
        return await run(req, routeCtx);
      } catch (e) {
        // A read that failed on a fault the door did not retry (a derived-table build, say).
        if (!isFatalDbError(e) || req.method !== 'GET') throw e;
        await warehouseReady();
        return await run(req, routeCtx);
      }
    } catch (e) {
      if (e instanceof ZodError) {
        return json({ error: 'bad request', issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }, 400);
      }
      if (e instanceof BadRequestError) return json({ error: e.message }, 400);
      if (e instanceof NotFoundError) return json({ error: 'not found' }, 404);
      if (e instanceof WarehouseUnavailableError || isFatalDbError(e)) {
        log.warn('%s %s: warehouse unavailable: %s', req.method, new URL(req.url).pathname, (e as Error)?.message ?? e);
        return Response.json({ error: new WarehouseUnavailableError().message }, { status: 503, headers: { 'cache-control': 'no-store', 'retry-after': '5' } });
      }
      log.error('%s %s failed: %s', req.method, new URL(req.url).pathname, (e as Error)?.stack ?? e);
      return json({ error: 'internal error' }, 500);
    }
  };
}

function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}
