// The ABC/XYZ classes as a CSV file (GET /api/v1/abc-xyz?format=csv, and the page's "whole list"
// link): every client of the list asked for (a cell, a class, or the whole population), largest
// first, for Russian Excel as the tables' own CSV (components/ui/csv.ts): UTF-8 with BOM, `;`,
// decimal comma, Russian headers.
import { toCsvText } from '../../components/ui/csv';
import { ru } from '../i18n/ru';
import type { AbcClientRow } from './abc-xyz';
import type { AbcMetric } from './classes';

/** CSV text of the classes of `rows` (with names): client, id, ABC, XYZ, CV %, the metric, share %, specialist, team. */
export function abcClassesCsv(rows: readonly AbcClientRow[], metric: AbcMetric): string {
  const a = ru.abc;
  const head = [a.cols.client, a.csv.clientId, a.csv.abc, a.csv.xyz, `${a.cols.cv}, %`, a.metrics[metric], `${a.cols.share}, %`, a.cols.specialist, a.cols.team];
  return toCsvText([head, ...rows.map((r) => [r.name, r.clientId, r.abc, a.xyz[r.xyz] ?? r.xyz, r.cv, r.value, r.sharePct, r.specialistName, r.teamName])]);
}
