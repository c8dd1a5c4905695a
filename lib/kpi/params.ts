// The query parameters of the KPI views, parsed once for pages and API alike (as
// lib/metrics/params.ts does for payments): period=YYYY-MM|YYYY-Qn (default: the month of D),
// asOf=YYYY-MM-DD (default: the newest applied extract's as_of, metrics.md "D"), by=team|specialist
// (|company in the API), team, specialist; for the rows behind a figure also status and limit.
// parseStrict (API) throws a ZodError → 400; parseLenient (pages) drops a bad value and falls back
// to its default, so a hand-edited URL never gives a 500.
import { z } from 'zod';
import { getLatestAsOf } from '../load/log';
import { dateParamSchema, periodOf, toIso } from '../metrics/period';
import { kpiGroupings, type KpiGrouping } from './common';
import { drillFilters, type DrillFilter } from './drill';
import { kpiPeriodSchema, kpiWindow, type KpiWindow } from './period';
import { MAX_DRILL_LIMIT } from './rows';

const idSchema = z.string().trim().min(1).max(100);
export const kpiParamsSchema = z.object({
  period: kpiPeriodSchema.optional(),
  asOf: dateParamSchema.optional(),
  by: z.enum(kpiGroupings).optional(),
  team: idSchema.optional(),
  specialist: idSchema.optional(),
  status: z.enum(drillFilters).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_DRILL_LIMIT).optional(),
});

export interface KpiParams {
  period: string;
  asOf: string;
  /** The newest data's as-of date (the default of asOf). */
  latestAsOf: string;
  by: KpiGrouping;
  team?: string;
  specialist?: string;
  status?: DrillFilter;
  limit?: number;
  window: KpiWindow;
}

type Search = URLSearchParams | Record<string, string | string[] | undefined>;
function entries(sp: Search): Record<string, string> {
  const out: Record<string, string> = {};
  const it: Iterable<[string, unknown]> = sp instanceof URLSearchParams ? sp.entries() : Object.entries(sp);
  for (const [k, v] of it) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s !== '' && k in kpiParamsSchema.shape) out[k] = s;
  }
  return out;
}

async function withDefaults(p: z.infer<typeof kpiParamsSchema>, defaultBy: KpiGrouping): Promise<KpiParams> {
  const latestAsOf = (await getLatestAsOf())?.asOf ?? toIso(new Date());
  const asOf = p.asOf ?? latestAsOf;
  const period = p.period ?? periodOf(asOf);
  return {
    period, asOf, latestAsOf, by: p.by ?? defaultBy, team: p.team, specialist: p.specialist, status: p.status, limit: p.limit,
    window: kpiWindow(period, asOf),
  };
}

/** API: unknown keys ignored, a bad value throws (withApi answers 400 with the message). */
export async function parseKpiParamsStrict(sp: URLSearchParams, defaultBy: KpiGrouping = 'team'): Promise<KpiParams> {
  return withDefaults(kpiParamsSchema.parse(entries(sp)), defaultBy);
}

/** Pages: each bad value falls back to its default; the company grouping is the API's only. */
export async function parseKpiParamsLenient(sp: Search, defaultBy: KpiGrouping): Promise<KpiParams> {
  const ok: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries(sp))) {
    const f = kpiParamsSchema.shape[k as keyof typeof kpiParamsSchema.shape];
    if (f.safeParse(v).success) ok[k] = v;
  }
  const p = kpiParamsSchema.parse(ok);
  if (p.by === 'company') p.by = undefined;
  const out = await withDefaults(p, defaultBy);
  // A period that starts after D has nothing known yet: the page shows D's month instead.
  if (out.window.from > out.asOf) return withDefaults({ ...p, period: undefined }, defaultBy);
  return out;
}
