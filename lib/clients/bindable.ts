// DuckDB's node-api cannot bind a plain JS array ("Cannot create values of type ANY"), so a
// list parameter (scopeClause's $scopeTeamIds for a head with teams) must be wrapped in listValue.
// TODO(db owner): do this in lib/db query()/exec() so every caller gets it; until then, here.
import { listValue } from '@duckdb/node-api';

/** Params with every array value wrapped as a DuckDB LIST. */
export function bindable(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[k] = Array.isArray(v) ? listValue(v) : v;
  return out;
}
