// Signing in over HTTP the way the browser does (next-auth v4's credentials flow): GET
// /api/auth/csrf (a token and its cookie), POST /api/auth/callback/credentials with the token,
// login and password; the answer sets the session cookie. The load test's session clients send
// that cookie, so they go through the same JWT check as a signed-in page.

/** `name=value` pairs of Set-Cookie headers (attributes dropped), later ones replacing earlier. */
export function cookiesOf(res: Response, jar: Map<string, string> = new Map()): Map<string, string> {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0];
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** next-auth's session cookie names: plain over http, `__Secure-` over https, `.0`, `.1`… when chunked. */
const isSessionCookie = (name: string) => /^(__Secure-)?next-auth\.session-token(\.\d+)?$/.test(name);

/**
 * Sign `login` in at `baseUrl`; returns the `Cookie` header value carrying the session (and only
 * it). Throws with the app's answer when the sign-in fails (wrong password, locked login).
 */
export async function signInWithPassword(baseUrl: string, login: string, password: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  const base = baseUrl.replace(/\/$/, '');
  const jar = new Map<string, string>();
  const csrfRes = await fetchImpl(`${base}/api/auth/csrf`, { redirect: 'manual' });
  if (!csrfRes.ok) throw new Error(`вход ${login}: /api/auth/csrf ответил ${csrfRes.status}`);
  cookiesOf(csrfRes, jar);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`вход ${login}: /api/auth/csrf без csrfToken`);
  const res = await fetchImpl(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, username: login, password, callbackUrl: `${base}/`, json: 'true' }).toString(),
  });
  cookiesOf(res, jar);
  const session = [...jar].filter(([k]) => isSessionCookie(k));
  if (!session.length) {
    const where = res.headers.get('location') ?? (await res.text().catch(() => '')).slice(0, 200);
    throw new Error(`вход ${login} не удался: ${res.status} ${where}`);
  }
  return session.map(([k, v]) => `${k}=${v}`).join('; ');
}
