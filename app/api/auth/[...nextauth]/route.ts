// GET/POST /api/auth/* - next-auth v4 (sign-in with login and password, session, sign-out).
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
