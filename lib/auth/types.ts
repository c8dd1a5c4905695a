// What the next-auth JWT and session carry (see lib/auth/options.ts callbacks).
import type { Role } from '../db/scope';

export interface SessionUser {
  login: string;
  role: Role;
  specialistId: string | null;
  teamIds: string[] | null;
  name: string;
  /** users.session_epoch at sign-in: the session stands only while it is still the user's (lib/auth/session-check.ts). */
  epoch: string;
  /** Sign-in time, Unix seconds: the session ends SESSION_MAX_AGE_HOURS after it, however often it is renewed. */
  authAt: number;
}

/** What a successful sign-in knows before the token is made (authAt is set then). */
export type SignedInUser = Omit<SessionUser, 'authAt'>;

/** Error codes passed from authorize() to the sign-in page (next-auth puts them in `error`). */
export const LOCKED_PREFIX = 'LOCKED:';
