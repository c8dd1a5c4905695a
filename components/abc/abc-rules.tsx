// The rules of the classes in plain Russian, with the view's own metric, window and bounds
// (spec/metrics.md "ABC / XYZ classes of clients"), and whose clients they are ranked among.
import { formatDate, NBSP } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './abc.module.css';

/** 80 → `80 %`, 12.5 → `12,5 %`. */
export const boundPct = (v: number) => `${String(v).replace('.', ',')}${NBSP}%`;

export function AbcRules({ metric, months, from, asOf, thresholds, restricted, open }: {
  metric: string;
  months: number;
  from: string;
  asOf: string;
  thresholds: { a: number; b: number; x: number; y: number };
  restricted: boolean;
  /** Unfolded (a wide screen has room); folded on the overview's tablet. */
  open?: boolean;
}) {
  const r = t.abc.rules;
  return (
    <details className={`card ${s.rules}`} open={open}>
      <summary>{t.abc.rulesTitle}</summary>
      <p>{r.metric(t.abc.metricWhat[metric], months, formatDate(from), formatDate(asOf))}</p>
      <p>{r.abc(boundPct(thresholds.a), boundPct(thresholds.b))}</p>
      <p>{r.xyz(boundPct(thresholds.x), boundPct(thresholds.y))}</p>
      <p className="muted">{r.cv} {restricted ? t.abc.restricted : t.abc.company}</p>
    </details>
  );
}
