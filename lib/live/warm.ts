// After each applied load (and once at start), the app makes sure every derived table is the
// newest load's. The load itself builds them in its transaction (lib/live/derived.ts), so here
// they are only checked, except the growth × share holding points, which are read through the
// committed sales marts and so are built here, and any table whose shape changed since it was
// built (a new state version after an upgrade). One at a time, in this order; a failure is logged
// and retried on first use. Then, once per process, it runs the KPI ranking until V8 has
// optimised it (warmKpiCode: no table).
import { ensureBcgHoldings } from '../abc/bcg';
import { ensureAbcMart, ensureSalesWide } from '../abc/sales-mart';
import { warmKpiCode } from '../kpi/get-kpi';
import { ensureKpiMart } from '../kpi/mart';
import { ensureKpiSummary } from '../kpi/summary';
import { logger } from '../log';
import { ensureSearchIndex } from '../search/search-index';
import { onLoad } from './events';

const log = logger('warm');
const g = globalThis as unknown as { __martWarmer?: () => void };

export const warmers: ReadonlyArray<[string, () => Promise<void>]> = [
  ['search index', async () => { await ensureSearchIndex(); }],
  ['KPI marts', async () => { await ensureKpiMart(); }],
  ['KPI summary', async () => { await ensureKpiSummary(); }],
  ['ABC/XYZ marts', async () => { await ensureAbcMart(); }],
  ['ABC/XYZ running sums', async () => { await ensureSalesWide(); }],
  ['growth × share holding points', async () => { await ensureBcgHoldings(); }],
];

/** Build every derived table for the newest load now (awaited; used at start-up and by tests). */
export async function warmAll(): Promise<void> {
  for (const [name, ensure] of [...warmers, ['KPI ranking code', warmKpiCode] as const]) {
    const t = Date.now();
    try {
      await ensure();
      log.info(`${name} ready in ${Date.now() - t} ms`);
    } catch (e) {
      log.error(`${name} build failed: ${(e as Error)?.stack ?? e}`);
    }
  }
}

/** Warm after every applied load (once per process), and once now for the data already there. */
export function startWarming(): void {
  if (g.__martWarmer) return;
  let running: Promise<void> = Promise.resolve();
  g.__martWarmer = onLoad((e) => {
    if (e.outcome === 'applied') running = running.then(warmAll);
  });
  running = running.then(warmAll);
}
