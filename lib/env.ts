// Environment, read lazily so that a script or test can set variables before first use.
// Every variable is documented in .env.example.
import path from 'node:path';

/** Folder holding warehouse.duckdb, app.sqlite, inbox/, archive/, rejected/ (default ./data). */
export function dataDir(): string {
  // turbopackIgnore: the folder is chosen at run time; do not trace the project into the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || './data');
}

/** The warehouse file: $DUCKDB_PATH if set (':memory:' in some unit tests), else $DATA_DIR/warehouse.duckdb. */
export function warehousePath(): string {
  return process.env.DUCKDB_PATH || path.join(dataDir(), 'warehouse.duckdb');
}

/**
 * The app-state file (users, API keys, sign-in addresses and lockout counters, checklist ticks):
 * $DATA_DIR/app.sqlite, written by every web process at once (lib/state), never by a load.
 */
export function appStatePath(): string {
  return path.join(dataDir(), 'app.sqlite');
}

export const inboxDir = () => path.join(dataDir(), 'inbox');
export const archiveDir = () => path.join(dataDir(), 'archive');
export const rejectedDir = () => path.join(dataDir(), 'rejected');

/** IANA time zone of the company; extract timestamps without an offset are in it. */
export function companyTimeZone(): string {
  const tz = process.env.COMPANY_TZ || 'Europe/Moscow';
  // Used in DuckDB SET and Intl: an IANA name only (it cannot be a bound value in SET).
  if (!/^[A-Za-z0-9_+\-/]+$/.test(tz)) throw new Error(`COMPANY_TZ: «${tz}» не похоже на часовой пояс IANA (например Europe/Moscow)`);
  return tz;
}

/** Share of a file's rows that may be quarantined before the whole extract is rejected (extracts.md rule 4). */
export function rejectThresholdPct(): number {
  const v = Number(process.env.REJECT_THRESHOLD_PCT ?? '1');
  return Number.isFinite(v) && v >= 0 ? v : 1;
}

/** Largest share (%) of its rows a `full` file may remove from a table without allow_shrink or --force (extracts.md rule 5). */
export function fullShrinkMaxPct(): number {
  const v = Number(process.env.FULL_SHRINK_MAX_PCT || '10');
  return Number.isFinite(v) && v >= 0 && v <= 100 ? v : 10;
}

/** Pace line (metrics.md "Pace target"): PACE_TARGET_PCT % by day PACE_TARGET_DAY (defaults 80 and 20). */
export function paceTargetPct(): number {
  const v = Number(process.env.PACE_TARGET_PCT ?? '80');
  return Number.isFinite(v) && v > 0 && v <= 100 ? v : 80;
}
export function paceTargetDay(): number {
  const v = Number(process.env.PACE_TARGET_DAY ?? '20');
  return Number.isInteger(v) && v >= 1 && v <= 27 ? v : 20;
}
