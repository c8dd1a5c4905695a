// The query parameters of the payment views, parsed once for pages and API alike:
// period=YYYY-MM, asOf=YYYY-MM-DD (default: the newest applied extract's as_of; metrics.md "D"),
// by, span, team, specialist. parseStrict (API) throws a ZodError → 400; parseLenient (pages)
// drops a bad value and falls back to its default, so a hand-edited URL never gives a 500.
import { z } from 'zod';
import { getLatestAsOf } from '../load/log';
import { dateParamSchema, periodOf, periodSchema, toIso } from './period';

export const byValues = ['company', 'team', 'specialist', 'client'] as const;
export const spanValues = ['month', 'two-month', 'quarter'] as const;

const idSchema = z.string().trim().min(1).max(100);
export const paymentParamsSchema = z.object({
  period: periodSchema.optional(),
  asOf: dateParamSchema.optional(),
  by: z.enum(byValues).optional(),
  span: z.enum(spanValues).optional(),
  team: idSchema.optional(),
  specialist: idSchema.optional(),
});
export type PaymentParamsInput = z.infer<typeof paymentParamsSchema>;

export interface PaymentParams {
  period: string;
  asOf: string;
  by: (typeof byValues)[number];
  span: (typeof spanValues)[number];
  team?: string;
  specialist?: string;
  /** The newest data's as-of date (the default of asOf). */
  latestAsOf: string;
}

/** D when nothing is loaded yet: today in UTC (every figure is then empty). */
async function latest(): Promise<string> {
  return (await getLatestAsOf())?.asOf ?? toIso(new Date());
}

async function withDefaults(p: PaymentParamsInput, defaultBy: PaymentParams['by']): Promise<PaymentParams> {
  const latestAsOf = await latest();
  const asOf = p.asOf ?? latestAsOf;
  return { period: p.period ?? periodOf(asOf), asOf, by: p.by ?? defaultBy, span: p.span ?? 'month', team: p.team, specialist: p.specialist, latestAsOf };
}

type Search = URLSearchParams | Record<string, string | string[] | undefined>;
function entries(sp: Search): Record<string, string> {
  const out: Record<string, string> = {};
  const it: Iterable<[string, unknown]> = sp instanceof URLSearchParams ? sp.entries() : Object.entries(sp);
  for (const [k, v] of it) {
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s !== '' && k in paymentParamsSchema.shape) out[k] = s;
  }
  return out;
}

/** API: unknown keys ignored, a bad value throws (withApi answers 400 with the message). */
export async function parsePaymentParamsStrict(sp: URLSearchParams, defaultBy: PaymentParams['by'] = 'company'): Promise<PaymentParams> {
  return withDefaults(paymentParamsSchema.parse(entries(sp)), defaultBy);
}

/** Pages: each bad value falls back to its default. */
export async function parsePaymentParamsLenient(sp: Search, defaultBy: PaymentParams['by'] = 'team'): Promise<PaymentParams> {
  const raw = entries(sp);
  const ok: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const f = paymentParamsSchema.shape[k as keyof typeof paymentParamsSchema.shape];
    if (f.safeParse(v).success) ok[k] = v;
  }
  return withDefaults(paymentParamsSchema.parse(ok), defaultBy);
}
