// Runs once when a Next server starts. In a web worker (SA_ROLE=web, started by `npm start`,
// lib/serve/supervisor.ts) it opens the published warehouse snapshot read-only and follows
// current.json (lib/snapshots/follow.ts); the loader is another process. Under `next dev` or a
// bare `next start` it also starts the loader process, unless one already runs for the data folder.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // First: every data file this server creates is owner-only (lib/private-data.ts).
  const { securePrivateData } = await import('./lib/private-data');
  securePrivateData();
  if (process.env.SA_ROLE !== 'web') {
    const { publishCliEndpoint } = await import('./lib/cli/endpoint');
    publishCliEndpoint(Number(process.env.PORT || 3000));
    const { startLoaderChild } = await import('./lib/serve/loader-child');
    startLoaderChild();
  }
  const { readSnapshotsOnly } = await import('./lib/db');
  readSnapshotsOnly();
  const { followSnapshots } = await import('./lib/snapshots/follow');
  await followSnapshots();
  // Run the KPI ranking until V8 has optimised it, so the first heads after a start do not wait
  // (no table is built: lib/kpi/get-kpi.ts warmKpiCode).
  const { warmKpiCode } = await import('./lib/kpi/get-kpi');
  void warmKpiCode().catch(() => undefined);
}
