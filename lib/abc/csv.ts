// The ABC/XYZ classes as a CSV file (GET /api/v1/abc-xyz?format=csv, and the page's "whole list"
// link): every client of the list asked for (a cell, a class, or the whole population), largest
// first, for Russian Excel as the tables' own CSV (components/ui/csv.ts): UTF-8 with BOM, `;`,
// decimal comma, Russian headers. The lines come from DuckDB (getAbcCsvLines).
import { toCsvText } from '../../components/ui/csv';
import { ru } from '../i18n/ru';
import type { AbcMetric } from './classes';

/** The header: client, id, ABC, XYZ, CV %, the metric, share %, specialist, team. */
export function abcCsvHead(metric: AbcMetric): string[] {
  const a = ru.abc;
  return [a.cols.client, a.csv.clientId, a.csv.abc, a.csv.xyz, `${a.cols.cv}, %`, a.metrics[metric], `${a.cols.share}, %`, a.cols.specialist, a.cols.team];
}

/** The whole file: BOM and header (toCsvText), then `lines` (CRLF-joined, no header), CRLF-ended. */
export function abcClassesCsv(lines: string, metric: AbcMetric): string {
  return `${toCsvText([abcCsvHead(metric)])}${lines ? `${lines}\r\n` : ''}`;
}
