// Переходы (issue 7, spec/metrics.md "ABC / XYZ classes of clients" → Transitions): the from → to
// tables of ABC and XYZ classes between the previous window (D shifted back by ?shift= months, one
// window by default) and the current one, counts and metric sums; a tapped cell (?from=&to=) lists
// its clients with both classes, CSV, each opening the client card.
import type { Metadata } from 'next';
import { AbcFilters } from '@/components/abc/abc-filters';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { AbcTabs } from '@/components/abc/abc-tabs';
import { TransitionGrid } from '@/components/abc/transition-grid';
import s from '@/components/abc/abc.module.css';
import type { AbcQuery } from '@/lib/abc/abc-xyz';
import { abcClasses, xyzClasses } from '@/lib/abc/classes';
import { abcQuery, parseAbcParamsLenient } from '@/lib/abc/params';
import { isMoney } from '@/lib/abc/plan';
import { getAbcTransitions, getTransitionClients } from '@/lib/abc/transitions';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatPct } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

export const metadata: Metadata = { title: `${t.abc.tabs.transitions} · ${t.abc.title}` };

const a = t.abc;

export default async function TransitionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parseAbcParamsLenient(await searchParams);
  const q: AbcQuery & { shift: number } = { metric: p.metric, asOf: p.asOf, months: p.months, thresholds: p.thresholds, shift: p.shift };
  const [tr, list] = await Promise.all([
    getAbcTransitions(q, scope),
    p.transition ? getTransitionClients(q, scope, { ...p.transition, limit: p.limit }) : Promise.resolve(null),
  ]);
  const base = abcQuery(p);
  const hrefs = (cells: Array<{ from: string; to: string }>) =>
    Object.fromEntries(cells.map((c) => [`${c.from}>${c.to}`, `/abc-xyz/transitions${abcQuery(p, { from: c.from, to: c.to })}#tr-list`]));
  const money = isMoney(p.metric);
  const label = (c: string) => a.xyz[c] ?? c;
  const selected = p.transition ? `${p.transition.from}>${p.transition.to}` : undefined;

  const columns: DataColumn[] = [
    { key: 'name', label: a.cols.client, kind: 'text', hrefKey: 'href' },
    { key: 'prev', label: a.prevCols.cls, kind: 'text' },
    { key: 'prevValue', label: a.prevCols.value, kind: money ? 'rub' : 'int' },
    { key: 'now', label: a.prevCols.nowCls, kind: 'text' },
    { key: 'value', label: a.prevCols.nowValue, kind: money ? 'rub' : 'int' },
    { key: 'specialist', label: a.cols.specialist, kind: 'text' },
  ];
  const withCv = (abc: string, xyz: string, cv: number | null) => `${abc}-${a.xyzShort[xyz]}${cv === null ? '' : ` (CV ${formatPct(cv)})`}`;
  const rows: DataRow[] = (list?.rows ?? []).map((r) => ({
    name: r.name, href: `/clients/${encodeURIComponent(r.clientId)}`, prev: withCv(r.prevAbc, r.prevXyz, r.prevCv), prevValue: r.prevValue,
    now: withCv(r.abc, r.xyz, r.cv), value: r.value, specialist: r.specialistName,
  }));
  const prevTo = tr.prevAsOf;

  return (
    <>
      <div className="page-head">
        <h1>{a.title}</h1>
        <span className="muted">{a.window(formatDate(tr.from), formatDate(p.asOf))} · {a.metrics[p.metric].toLowerCase()}</span>
      </div>
      <AbcTabs current="transitions" query={base} />
      <AbcFilters v={p} withShift />
      <p className="muted small">{a.transitionsNote(formatDate(tr.prevFrom), formatDate(prevTo), formatDate(tr.from), formatDate(p.asOf))}</p>
      {tr.restricted && <p className="muted small">{a.restricted}</p>}

      <div className={s.trPair}>
        <section aria-labelledby="tr-abc-h" className="stack">
          <h2 id="tr-abc-h" className="h3">{a.abcTransitions}</h2>
          <TransitionGrid title={a.abcTransitions} classes={abcClasses} cells={tr.abc} money={money} hrefs={hrefs(tr.abc)} selected={selected} />
        </section>
        <section aria-labelledby="tr-xyz-h" className="stack">
          <h2 id="tr-xyz-h" className="h3">{a.xyzTransitions}</h2>
          <TransitionGrid title={a.xyzTransitions} classes={xyzClasses} cells={tr.xyz} money={money} hrefs={hrefs(tr.xyz)} selected={selected} />
        </section>
      </div>

      {list && p.transition && (
        <section id="tr-list" aria-labelledby="tr-list-h" className="stack">
          <div className={s.listHead}>
            <h2 id="tr-list-h" className="h3">{a.transitionTitle(label(p.transition.from), label(p.transition.to), formatInt(list.total))}</h2>
            <a href={`/abc-xyz/transitions${base}`} className="button small">{a.closeList}</a>
          </div>
          <DataTable stackTablet columns={columns} rows={rows} csvName={`abc-xyz-perehody-${p.transition.from}-${p.transition.to}-${p.asOf}.csv`}
            note={list.total > rows.length ? a.shownOf(formatInt(rows.length), formatInt(list.total)) : undefined} />
        </section>
      )}
    </>
  );
}

