// Small SQL helpers shared by the client card's reads (lib/clients/card-*.ts).
//   $clientId  the client;  $asOf  D.

/** Only the parameters the SQL uses: DuckDB refuses to bind a name that does not occur. */
export function usedParams(sql: string, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (new RegExp(`\\$${k}\\b`).test(sql)) out[k] = v;
  return out;
}

/** True when timestamp `col` happened on or before D (by the end of that day, company time). */
export const byEndOf = (col: string) => `(${col} < $asOf::DATE + INTERVAL 1 DAY)`;
/** Timestamps leave as ISO local time `YYYY-MM-DDTHH:MM:SS` (company time, extracts.md). */
export const isoTs = (col: string) => `strftime(${col}, '%Y-%m-%dT%H:%M:%S')`;
/** Dates leave as ISO `YYYY-MM-DD`. */
export const isoDay = (col: string) => `strftime(${col}, '%Y-%m-%d')`;
