// Runs once when the Next server starts: publish the loopback endpoint the CLIs use to hand
// their work to this process (it holds the warehouse file; see lib/cli/endpoint.ts), and start
// watching the inbox so new extracts load themselves (lib/live/watcher.ts), and keep the derived
// tables warm after each load.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // First: every data file this server creates is owner-only, also under `next dev` or a bare
  // `next start` that did not come through scripts/start.ts (lib/private-data.ts).
  const { securePrivateData } = await import('./lib/private-data');
  securePrivateData();
  const { publishCliEndpoint } = await import('./lib/cli/endpoint');
  publishCliEndpoint(Number(process.env.PORT || 3000));
  const { startInboxWatcher } = await import('./lib/live/watcher');
  startInboxWatcher();
  // The derived tables not rebuilt inside each load, built right after it (lib/live/warm.ts).
  const { startWarming } = await import('./lib/live/warm');
  startWarming();
}
