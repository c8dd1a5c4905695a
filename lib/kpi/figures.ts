// Which figure of a KPI row each drill-down lists (lib/kpi/drill.ts): the numerator and denominator
// its rows must add up to (denominator null: a plain count or sum); null for a list that is not a
// figure of the KPI row (Нагрузка's open threats, lib/kpi/load.ts). tests/unit/kpi checks every
// pair against the rows.
import type { DrillKey } from './drill';
import type { KpiRow } from './get-kpi';

export interface DrillFigure { numerator: number; denominator: number | null }

export function drillFigure(key: DrillKey, r: Pick<KpiRow, 'controls' | 'results'>): DrillFigure | null {
  const c = r.controls;
  const x = r.results;
  const pair = (f: { numerator: number; denominator: number }): DrillFigure => ({ numerator: f.numerator, denominator: f.denominator });
  const one = (n: number): DrillFigure => ({ numerator: n, denominator: null });
  switch (key) {
    case 'calls': return pair(c.calls);
    case 'calls-overdue': return one(c.calls.overdue);
    case 'entry': return pair(c.entry);
    case 'contacts': return one(x.contactsDone);
    case 'completeness': return pair(c.completeness);
    case 'active': return one(x.activeClients);
    case 'churned': return one(x.churned);
    case 'agreements': return pair(c.agreements);
    case 'agreements-overdue': return one(c.agreements.overdue);
    case 'feedback': return pair(c.feedback);
    case 'reaction': return pair(c.reaction);
    case 'threats-open': return one(c.reaction.open);
    case 'payments': return pair(x.payment);
    case 'acts': return pair(x.acts);
    case 'revenue': return one(x.revenue);
    case 'threats-unresolved': return null;
  }
}
