'use client';
// Parameters of the ABC/XYZ, transitions and growth × share views, kept in the URL: a plain GET
// form (works without JavaScript); with JavaScript a changed list applies at once, numbers on
// Показать. Values are the page's parsed, valid ones; defaults are left out of the URL.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { FormEvent } from 'react';
import { formatDate } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { DateField } from '@/components/ui/date-field';

export interface AbcFilterValues {
  metric: string;
  months: number;
  asOf: string;
  latestAsOf: string;
  thresholds: { a: number; b: number; x: number; y: number };
  shift?: number;
  by?: string;
  /** Hidden values carried along (e.g. a growth × share filter). */
  keep?: Record<string, string | undefined>;
}

const DEFAULTS: Record<string, string> = { metric: 'revenue', months: '12', a: '80', b: '95', x: '10', y: '25', by: 'client' };

export function AbcFilters({ v, withXyz = true, withShift = false, bys }: {
  v: AbcFilterValues;
  withXyz?: boolean;
  withShift?: boolean;
  /** Growth × share: the groupings offered. */
  bys?: readonly string[];
}) {
  const pathname = usePathname();
  const submit = (e: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>) => e.currentTarget.form?.requestSubmit();
  // Defaults (and asOf = the newest data) stay out of the URL, so links stay short and shareable.
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    const form = e.currentTarget;
    for (const el of Array.from(form.elements) as HTMLInputElement[]) {
      if (!el.name) continue;
      const isDefault = el.name === 'asOf' ? el.value === v.latestAsOf : el.name === 'shift' ? el.value === String(v.months) : DEFAULTS[el.name] === el.value;
      el.disabled = el.value === '' || isDefault;
    }
    setTimeout(() => { for (const el of Array.from(form.elements) as HTMLInputElement[]) el.disabled = false; }, 0);
  }
  const a = t.abc;
  return (
    <form method="get" action={pathname} className="filters" aria-label={a.filters} onSubmit={onSubmit}>
      <label className="filter">
        <span>{a.metric}</span>
        <select name="metric" defaultValue={v.metric} onChange={submit}>
          {Object.entries(a.metrics).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
      </label>
      {bys && (
        <label className="filter">
          <span>{t.bcg.by}</span>
          <select name="by" defaultValue={v.by} onChange={submit}>
            {bys.map((b) => <option key={b} value={b}>{t.bcg.bys[b]}</option>)}
          </select>
        </label>
      )}
      <label className="filter">
        <span>{a.months}</span>
        <select name="months" defaultValue={String(v.months)} onChange={submit}>
          {[3, 6, 9, 12, 18, 24, 36].map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{a.asOf}</span>
        <DateField name="asOf" value={v.asOf} max={v.latestAsOf} title={t.payments.asOfHint(formatDate(v.latestAsOf))} />
      </label>
      {withShift && (
        <label className="filter">
          <span>{a.shift}</span>
          <input type="number" name="shift" min={1} max={36} step={1} defaultValue={v.shift ?? v.months} inputMode="numeric" />
        </label>
      )}
      <label className="filter">
        <span>{a.thresholdA}</span>
        <input type="number" name="a" min={0.01} max={99.99} step="any" defaultValue={v.thresholds.a} inputMode="decimal" />
      </label>
      <label className="filter">
        <span>{a.thresholdB}</span>
        <input type="number" name="b" min={0.01} max={100} step="any" defaultValue={v.thresholds.b} inputMode="decimal" />
      </label>
      {withXyz && (
        <>
          <label className="filter">
            <span>{a.thresholdX}</span>
            <input type="number" name="x" min={0.01} max={999.99} step="any" defaultValue={v.thresholds.x} inputMode="decimal" />
          </label>
          <label className="filter">
            <span>{a.thresholdY}</span>
            <input type="number" name="y" min={0.01} max={1000} step="any" defaultValue={v.thresholds.y} inputMode="decimal" />
          </label>
        </>
      )}
      {Object.entries(v.keep ?? {}).map(([k, val]) => (val ? <input key={k} type="hidden" name={k} value={val} /> : null))}
      <div className="filter-actions">
        <button type="submit" className="button small">{a.show}</button>
        <Link className="button small" href={pathname}>{a.reset}</Link>
      </div>
    </form>
  );
}
