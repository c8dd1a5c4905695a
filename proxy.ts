// Every page needs a session; unauthenticated requests go to our Russian sign-in page. Left out:
// /login itself, next-auth's /api/auth/*, static assets, and the machine APIs — /api/v1/* answers
// 401 JSON itself (and accepts API keys), /api/internal/* has its own loopback token.
import { withAuth } from 'next-auth/middleware';
import { ensureNextAuthSecret } from './lib/auth/secret';

export default withAuth({
  // A getter: read per request (Next 16's proxy runs in Node.js, so the secret file is readable).
  get secret() {
    return ensureNextAuthSecret();
  },
  pages: { signIn: '/login' },
  callbacks: { authorized: ({ token }) => !!token },
});

export const config = {
  matcher: ['/((?!api/auth|api/v1|api/internal|_next/static|_next/image|favicon\\.ico|robots\\.txt|login).*)'],
};
