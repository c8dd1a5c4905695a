// GET /api/v1/me - who is calling (login, role, name) and the data scope that applies to them.
import { withApi } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (_req, { caller }) => ({
  login: caller.user.login,
  role: caller.user.role,
  name: caller.user.displayName ?? caller.user.login,
  via: caller.via,
  scope: { specialistId: caller.scope.specialistId ?? null, teamIds: caller.scope.teamIds ?? null },
}));
