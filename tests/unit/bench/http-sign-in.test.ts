// Signing in over HTTP against a stand-in for next-auth v4's credentials endpoints: the CSRF cookie
// must come back with the token, and only the session cookie (chunked or not) is returned.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/lib/bench/http-sign-in';
import { cleanupDataDir, freshDataDir } from '../helpers';

let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dir = await freshDataDir('sign-in-');
  server = http.createServer((req, res) => {
    if (req.url === '/api/auth/csrf') {
      res.setHeader('set-cookie', ['next-auth.csrf-token=tok%7Chash; Path=/; HttpOnly; SameSite=Lax', 'next-auth.callback-url=x; Path=/']);
      return void res.end(JSON.stringify({ csrfToken: 'tok' }));
    }
    if (req.url === '/api/auth/callback/credentials' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const csrfOk = form.get('csrfToken') === 'tok' && /next-auth\.csrf-token=tok%7Chash/.test(req.headers.cookie ?? '');
        if (!csrfOk) {
          res.statusCode = 302;
          res.setHeader('location', '/api/auth/signin?csrf=true');
          return void res.end();
        }
        if (form.get('password') !== 'right') {
          return void res.end(JSON.stringify({ url: '/login?error=CredentialsSignin' }));
        }
        const cookies = form.get('username') === 'big'
          ? ['next-auth.session-token.0=part0; Path=/; HttpOnly', 'next-auth.session-token.1=part1; Path=/; HttpOnly']
          : ['next-auth.session-token=jwt123; Path=/; HttpOnly; SameSite=Lax'];
        res.setHeader('set-cookie', [...cookies, 'next-auth.callback-url=y; Path=/']);
        res.end(JSON.stringify({ url: '/' }));
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await cleanupDataDir(dir);
});

describe('signInWithPassword', () => {
  it('returns the session cookie (and only it) after the CSRF round trip', async () => {
    expect(await signInWithPassword(base, 'head', 'right')).toBe('next-auth.session-token=jwt123');
    expect(await signInWithPassword(`${base}/`, 'big', 'right')).toBe('next-auth.session-token.0=part0; next-auth.session-token.1=part1');
  });

  it('a wrong password is an error naming the login and the answer', async () => {
    await expect(signInWithPassword(base, 'head', 'wrong')).rejects.toThrow(/вход head не удался: 200 .*CredentialsSignin/);
  });
});
