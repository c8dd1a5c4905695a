// The synthetic company generator: a deterministic (seeded) sales company written as extracts
// per docs/extracts.md: one full base extract, then for each of the last N days a morning
// delta (08:00) and a delta after payments are posted (12:30). Streams client by client, so
// memory stays flat at any size.
import path from 'node:path';
import { tableNames } from '../load/contract';
import { companyTimeZone, inboxDir } from '../env';
import { MIN_PER_DAY, dayOf, isoDate, monthIndexOf, todayIn } from './calendar';
import { simulateClient, type Group } from './client';
import type { Encoding } from './csv-sink';
import { billingKinds, buildStaff, writeMaterials, type Billing, type World } from './org';
import { Rng } from './prng';
import { ExtractRouter, type ExtractPlan, type ExtractSummary } from './router';

export { isValidInn } from './inn';

export interface GenerateOptions {
  /** Clients ever contracted (including those who churned). Default 2000. */
  clients?: number;
  /** Months of history ending with the as-of month. Default 24. */
  months?: number;
  seed?: number;
  /** Last business date (YYYY-MM-DD); default today in the company time zone. */
  asOf?: string;
  /** Folder receiving the extract folders; default $DATA_DIR/inbox. */
  out?: string;
  encoding?: Encoding;
  /** `;` also switches to decimal commas and DD.MM.YYYY dates (the accounting style). */
  delimiter?: ',' | ';';
  /** Last N days as separate delta extracts (morning and 12:30). Default 0. */
  daily?: number;
  /** Invoice shape: `start` (default) or `spread` (see Billing). */
  billing?: Billing;
}

export interface GenerateProgress {
  clientsDone: number;
  clients: number;
  rows: number;
}

export interface GenerateSummary {
  out: string;
  extracts: ExtractSummary[];
  totalRows: number;
  seconds: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Extract ids, cutoffs and as-of dates: base at B 20:00, then per day d: 08:00 and 12:30 (both as_of = d). */
export function planExtracts(asOfDay: number, daily: number): ExtractPlan[] {
  const stamp = (day: number, h: number, m: number, s: number) => `${isoDate(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}+03:00`;
  const b = asOfDay - daily;
  const plans: ExtractPlan[] = [{ id: `${isoDate(b)}T20-00`, asOf: isoDate(b), cutoff: b * MIN_PER_DAY + 20 * 60, createdAt: stamp(b, 20, 4, 12), mode: 'full' }];
  for (let d = b + 1; d <= asOfDay; d++) {
    plans.push({ id: `${isoDate(d)}T08-00`, asOf: isoDate(d), cutoff: d * MIN_PER_DAY + 8 * 60, createdAt: stamp(d, 8, 1, 37), mode: 'delta' });
    plans.push({ id: `${isoDate(d)}T12-30`, asOf: isoDate(d), cutoff: d * MIN_PER_DAY + 12 * 60 + 30, createdAt: stamp(d, 12, 31, 7), mode: 'delta' });
  }
  return plans;
}

/**
 * Generate the company into `opts.out` as extract folders (manifest.json written last in each).
 * Same options → byte-identical files. Rows are "as known" at each extract's cutoff.
 */
export async function generateCompany(opts: GenerateOptions = {}, onProgress?: (p: GenerateProgress) => void): Promise<GenerateSummary> {
  const t0 = performance.now();
  const clients = opts.clients ?? 2000;
  const months = opts.months ?? 24;
  const seed = opts.seed ?? 1;
  const daily = opts.daily ?? 0;
  const asOf = opts.asOf ?? todayIn(companyTimeZone());
  const billing = opts.billing ?? 'start';
  const out = path.resolve(opts.out ?? inboxDir());
  if (!Number.isInteger(clients) || clients < 1) throw new Error(`--clients: целое число ≥ 1, получено ${clients}`);
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new Error(`--months: от 1 до 120, получено ${months}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed: целое число, получено ${seed}`);
  if (!Number.isInteger(daily) || daily < 0 || daily > 31) throw new Error(`--daily: от 0 до 31, получено ${daily}`);
  if (!billingKinds.includes(billing)) throw new Error(`--billing: start или spread, получено ${billing}`);
  const asOfDay = dayOf(asOf);
  const plans = planExtracts(asOfDay, daily);
  const router = new ExtractRouter(plans, out, { delimiter: opts.delimiter ?? ',', encoding: opts.encoding ?? 'utf8' });
  router.open();

  const asOfMi = monthIndexOf(asOfDay);
  const firstMi = asOfMi - months + 1;
  const partial = {
    seed, clients, firstMi, asOfMi, firstDay: firstMi >= 0 ? Math.round(Date.UTC(Math.floor(firstMi / 12), firstMi % 12, 1) / 86_400_000) : 0,
    asOfDay, endCutoff: plans[plans.length - 1].cutoff, idWidth: Math.max(6, String(clients).length), billing,
  };
  const staff = buildStaff(partial, router);
  const world: World = { ...partial, ...staff };
  writeMaterials(world, router);

  // Holdings and chains: ~2.8% of positions start a group of 2-6 clients, so ~10% of clients are in one.
  const groups = new Rng(seed, 5);
  let group: Group | null = null;
  for (let i = 0; i < clients; i++) {
    if (group && i >= group.first + group.size) group = null;
    if (!group && clients - i >= 2 && groups.chance(0.028)) {
      group = { kind: groups.chance(0.5) ? 'holding' : 'chain', first: i, size: Math.min(clients - i, groups.int(2, 6)) };
    }
    simulateClient(world, i, group, router);
    const wait = router.waitDrain();
    if (wait) await wait;
    if (onProgress && (i % 1000 === 999 || i === clients - 1)) onProgress({ clientsDone: i + 1, clients, rows: router.rowsSoFar() });
  }
  const extracts = await router.close();
  const totalRows = extracts.reduce((s, e) => s + tableNames.reduce((a, t) => a + e.tables[t], 0), 0);
  return { out, extracts, totalRows, seconds: (performance.now() - t0) / 1000 };
}
