// GET /api/v1/bcg - the growth × share matrix (metrics.md "Growth × share matrix (the BCG view)"):
// points { id, kind, name, share (0–1), growth (ratio, null = new), quadrant, value, prevValue, abc,
// clients }, largest first, the quadrant counts and the thresholds (share: the smallest class-A
// share; growth: the population's own growth). ?by= client|holding|segment|team|specialist,
// ?metric, ?asOf, ?months, ?a, ?b as /api/v1/abc-xyz; ?limit= 1–10000 (1000) points; by=client
// takes ?team=, ?specialist=, ?segment=, ?holding= to narrow the points. Scoped; bad parameter → 400.
import { withApi } from '@/lib/auth/session';
import { bcgAnswer } from '@/lib/abc/api';
import { parseAbcParamsStrict } from '@/lib/abc/params';

export const dynamic = 'force-dynamic';

export const GET = withApi(async (req, { scope }) => bcgAnswer(await parseAbcParamsStrict(new URL(req.url).searchParams), scope));
