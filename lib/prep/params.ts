// Query parameters of the preparation checklist, Мой день, the bell and the beacon, parsed once for
// pages and API alike: asOf=YYYY-MM-DD (metrics.md "D"; default: the newest applied extract's as_of,
// as the payment views do, lib/metrics/params.ts), type=<contact_type> (the checklist; default: the
// suggested one), days=7|14|30|90 (the beacon), team=<team_id> (Мой день of one team). parse*Strict (API) throws a ZodError → 400 naming
// the parameter; parse*Lenient (pages) drops each bad value for its default, so a hand-edited URL
// never gives a 500.
import { z } from 'zod';
import { beaconDaysSchema, DEFAULT_BEACON_DAYS, type BeaconDays } from '../alerts/beacon';
import { getLatestAsOf } from '../load/log';
import { dateParamSchema, toIso } from '../metrics/period';
import { contactTypeSchema, type ContactType } from './contact-types';

export const prepParamsSchema = z.object({
  asOf: dateParamSchema.optional(),
  type: contactTypeSchema.optional(),
  days: beaconDaysSchema.optional(),
  team: z.string().trim().min(1).max(200).optional(),
});
type Key = keyof typeof prepParamsSchema.shape;

export interface PrepParams {
  asOf: string;
  /** undefined: the suggested type. */
  type?: ContactType;
  days: BeaconDays;
  /** Мой день narrowed to one team (heads and executives); undefined: every team in scope. */
  team?: string;
  /** The newest data's as-of date (the default of asOf). */
  latestAsOf: string;
}

type Search = URLSearchParams | Record<string, string | string[] | undefined>;

function entries(sp: Search, keys: readonly Key[]): Record<string, string> {
  const out: Record<string, string> = {};
  const it: Iterable<[string, unknown]> = sp instanceof URLSearchParams ? sp.entries() : Object.entries(sp);
  for (const [k, v] of it) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s !== '' && (keys as readonly string[]).includes(k)) out[k] = s;
  }
  return out;
}

async function withDefaults(p: z.infer<typeof prepParamsSchema>): Promise<PrepParams> {
  // D when nothing is loaded yet: today (every list is then empty).
  const latestAsOf = (await getLatestAsOf())?.asOf ?? toIso(new Date());
  return { asOf: p.asOf ?? latestAsOf, type: p.type, days: p.days ?? DEFAULT_BEACON_DAYS, team: p.team, latestAsOf };
}

/** API: only `keys` are read, unknown keys ignored, a bad value throws ZodError (withApi answers 400). */
export async function parsePrepParamsStrict(sp: URLSearchParams, keys: readonly Key[] = ['asOf', 'type']): Promise<PrepParams> {
  return withDefaults(prepParamsSchema.parse(entries(sp, keys)));
}

/** Pages: each bad value falls back to its default. */
export async function parsePrepParamsLenient(sp: Search, keys: readonly Key[] = ['asOf', 'type']): Promise<PrepParams> {
  const ok: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries(sp, keys))) {
    if (prepParamsSchema.shape[k as Key].safeParse(v).success) ok[k] = v;
  }
  return withDefaults(prepParamsSchema.parse(ok));
}
