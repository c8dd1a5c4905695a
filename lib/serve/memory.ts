// Memory budgets of the processes that open DuckDB (issue 21): DuckDB's memory_limit of each, passed
// as DUCKDB_MEMORY_MB (lib/db/index.ts); past it DuckDB spills to its temporary directory beside the
// file (`<file>.tmp`). The loader's is also taken by `npm run load` when it loads itself.
import os from 'node:os';

const totalMb = () => os.totalmem() / 2 ** 20;

/** DuckDB memory per web worker (WEB_MEMORY_MB, default half the RAM shared by the workers). */
export function webMemoryMb(env: NodeJS.ProcessEnv, workers: number): string {
  const set = Number(env.WEB_MEMORY_MB);
  if (set > 0) return String(Math.round(set));
  return String(Math.max(512, Math.floor((totalMb() * 0.5) / workers)));
}

/** DuckDB memory of the loader (LOADER_MEMORY_MB, default 25 % of the RAM). */
export function loaderMemoryMb(env: NodeJS.ProcessEnv = process.env): string {
  const set = Number(env.LOADER_MEMORY_MB);
  return String(set > 0 ? Math.round(set) : Math.floor(totalMb() * 0.25));
}
