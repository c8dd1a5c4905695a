// The derived tables an applied load brings up to date inside its own transaction, after the
// payment marts (lib/metrics/payment-mart.ts refreshMarts), in this order (each reads the ones
// before it): readers see the old extracts with the old derived tables until the load commits,
// then the new with the new, and never wait for a build on the read path. A build that fails fails
// the load, which then changes nothing (extracts.md rule 1). Each builder is a no-op when its table
// is already built for the load, and only marks it current when none of its sources changed (the
// midday payments extract leaves the search index and the sales marts as they are).
// The growth × share holding points are not here: they are read through the committed sales marts
// (lib/abc/plan.ts getSalesMarts), so they are built right after the load (lib/live/warm.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { updateAbcMarts, updateSalesWide } from '../abc/sales-mart';
import { updateKpiMarts } from '../kpi/mart';
import { updateKpiSummary } from '../kpi/summary';
import { logger } from '../log';
import { updateSearchIndex } from '../search/search-index';

const log = logger('derived');

export const derivedBuilds: ReadonlyArray<readonly [string, (con: DuckDBConnection, loadId: number | null) => Promise<unknown>]> = [
  ['search index', updateSearchIndex],
  ['KPI marts', updateKpiMarts],
  ['KPI summary', updateKpiSummary],
  ['ABC/XYZ marts', updateAbcMarts],
  ['ABC/XYZ running sums', updateSalesWide],
];

/** Bring every derived table up to `loadId` on `con`, inside the caller's open transaction. */
export async function buildDerivedTables(con: DuckDBConnection, loadId: number | null, onStep?: (name: string) => void): Promise<void> {
  for (const [name, build] of derivedBuilds) {
    onStep?.(name);
    const t = Date.now();
    await build(con, loadId);
    log.debug(`${name} brought up to load ${loadId ?? '—'} in ${Date.now() - t} ms`);
  }
}
