// The rows behind a KPI figure as a CSV file for Russian Excel (toCsvText, as the tables do in the
// browser): UTF-8 with BOM, `;` between fields, decimal comma, dates `22.11.2026`, Russian headers
// and statuses from the dictionary.
import { toCsvText } from '../../components/ui/csv';
import { formatDate, formatDateTime } from '../format';
import { ru } from '../i18n/ru';
import type { DrillFieldKind } from './drill';
import { drillDefs, type DrillRows, type DrillValue } from './rows';

type Cell = string | number | null;

const CODES: Record<string, Record<string, string>> = {
  contactType: ru.kpi.contactTypes, channel: ru.kpi.channels, threatKind: ru.kpi.threatKinds,
};

function value(key: string, kind: DrillFieldKind, v: DrillValue): Cell {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map((x) => ru.kpi.checks[x] ?? x).join(', ');
  if (kind === 'date') return formatDate(String(v));
  if (kind === 'datetime') return formatDateTime(String(v));
  if (kind === 'code') return CODES[key]?.[String(v)] ?? String(v);
  return v;
}

/** CSV text of the listed rows: client, specialist, team, status, then the control's own fields. */
export function drillRowsCsv(r: DrillRows): string {
  const def = drillDefs[r.key];
  const c = ru.kpi.drillCols;
  const head = [c.client, c.specialist, c.team, ...(def.statuses ? [c.status] : []), ...def.fields.map((f) => c[f.key] ?? f.key)];
  const lines = r.rows.map((x) => [
    x.clientName, x.specialistName, x.teamName, ...(def.statuses ? [ru.kpi.statuses[x.status] ?? x.status] : []),
    ...def.fields.map((f) => value(f.key, f.kind, x.fields[f.key] ?? null)),
  ]);
  return toCsvText([head, ...lines]);
}
