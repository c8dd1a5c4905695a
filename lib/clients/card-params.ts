// The client card's query parameters, parsed once for the page and the API alike:
//   asOf=YYYY-MM-DD  the date every figure is "as known on" (metrics.md "D"); default: the newest
//                    applied extract's as_of, as the payment views do (lib/metrics/params.ts);
//   kind=interaction|agreement|threat|usage  narrows the timeline (default: every kind);
//   limit=1..500     timeline items shown (default 30; "show more" raises it).
// parseCardParamsStrict (API) throws a ZodError → 400; parseCardParamsLenient (page) drops each bad
// value and falls back to its default, so a hand-edited URL never gives a 500.
import { z } from 'zod';
import { getLatestAsOf } from '../load/log';
import { dateParamSchema, toIso } from '../metrics/period';

export const timelineKinds = ['interaction', 'agreement', 'threat', 'usage'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const TIMELINE_DEFAULT_LIMIT = 30;
export const TIMELINE_MAX_LIMIT = 500;
/** "Show more" adds this many items. */
export const TIMELINE_STEP = 30;

export const cardParamsSchema = z.object({
  asOf: dateParamSchema.optional(),
  kind: z.enum(timelineKinds).optional(),
  limit: z.coerce.number().int().min(1).max(TIMELINE_MAX_LIMIT).optional(),
});

export interface CardParams {
  asOf: string;
  /** undefined: every kind. */
  kind?: TimelineKind;
  limit: number;
  /** The newest data's as-of date (the default of asOf). */
  latestAsOf: string;
}

type Search = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(sp: Search): Record<string, string> {
  const out: Record<string, string> = {};
  const it: Iterable<[string, unknown]> = sp instanceof URLSearchParams ? sp.entries() : Object.entries(sp);
  for (const [k, v] of it) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s !== '' && k in cardParamsSchema.shape) out[k] = s;
  }
  return out;
}

async function withDefaults(p: z.infer<typeof cardParamsSchema>): Promise<CardParams> {
  // D when nothing is loaded yet: today (every figure is then empty).
  const latestAsOf = (await getLatestAsOf())?.asOf ?? toIso(new Date());
  return { asOf: p.asOf ?? latestAsOf, kind: p.kind, limit: p.limit ?? TIMELINE_DEFAULT_LIMIT, latestAsOf };
}

/** API: unknown keys ignored, a bad value throws ZodError (withApi answers 400). */
export async function parseCardParamsStrict(sp: URLSearchParams): Promise<CardParams> {
  return withDefaults(cardParamsSchema.parse(entries(sp)));
}

/** Page: each bad value falls back to its default. */
export async function parseCardParamsLenient(sp: Search): Promise<CardParams> {
  const ok: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries(sp))) {
    if (cardParamsSchema.shape[k as keyof typeof cardParamsSchema.shape].safeParse(v).success) ok[k] = v;
  }
  return withDefaults(cardParamsSchema.parse(ok));
}
