// What the next-auth JWT and session carry (see lib/auth/options.ts callbacks).
import type { Role } from '../db/scope';

export interface SessionUser {
  login: string;
  role: Role;
  specialistId: string | null;
  teamIds: string[] | null;
  name: string;
}

/** Error codes passed from authorize() to the sign-in page (next-auth puts them in `error`). */
export const LOCKED_PREFIX = 'LOCKED:';
