// Public types of the loader (lib/load/index.ts re-exports them).
import type { Encoding } from './files';

export type LoadOutcome = 'applied' | 'unchanged' | 'rejected' | 'refused' | 'incomplete';

export interface LoadProgress { extractId: string; table?: string; step: string; done: number; total: number }

export interface LoadOptions {
  /** Apply even when the id sorts before the last applied one (extracts.md rule 3), and let a
   * `full` file shrink its table past FULL_SHRINK_MAX_PCT (rule 5). Never lets a reference dangle. */
  force?: boolean;
  onProgress?: (p: LoadProgress) => void;
  /**
   * Leave the folder in the inbox and return the move (with the report) as `LoadResult.finish`,
   * for the caller to run once the load is durable: the snapshot loader publishes the snapshot
   * first (lib/snapshots/loader.ts), so a crash before that finds the extract still in the inbox.
   */
  deferFinish?: boolean;
}

export interface LoadFileResult {
  table: string;
  file: string;
  mode: 'full' | 'delta';
  /** Data rows in the file (manifest `rows`, verified). */
  rows: number;
  inserted: number;
  /** Rows whose key was already there (replaced), changed or not. */
  updated: number;
  /**
   * Of `updated`, rows sent again exactly as they were (a `full` file re-sends every row): not
   * news, so the live notice leaves them out (lib/live/events.ts). Absent in older journal rows.
   */
  unchanged?: number;
  deleted: number;
  /** Rows quarantined in rejected_rows. */
  rejected: number;
  /** Columns not in the contract: ignored, reported. */
  unknownColumns: string[];
  /** How a CSV file was read (extracts.md rule 6); absent for Parquet. */
  encoding?: Encoding;
  /** A `full` file that shrank its table past FULL_SHRINK_MAX_PCT, and what allowed it (extracts.md rule 5). */
  shrink?: { before: number; after: number; allowedBy: 'allow_shrink' | 'force' };
}

export interface LoadResult {
  extractId: string;
  outcome: LoadOutcome;
  /** Russian, names file, line and rule where there is one. */
  message: string;
  asOf?: string;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  durationMs: number;
  reportPath?: string;
  loadId?: number;
  files: LoadFileResult[];
  /** With `deferFinish`: moves the folder to archive/ or rejected/ and writes its report. */
  finish?: () => void;
}
