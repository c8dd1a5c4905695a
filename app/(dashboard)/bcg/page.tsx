// Рост × доля (issue 7, spec/metrics.md "Growth × share matrix (the BCG view)"): the scatter of
// the caller's clients, or holdings, segments, teams or specialists (?by=), share on a log axis and
// growth against the window before; the quadrant lines, names and counts; a tapped point shows its
// figures, a second tap opens the client card (a group: its clients, ?by=client&team=…); the same
// points as a table below for accessibility and CSV. Parameters as the ABC/XYZ view, in the URL.
import type { Metadata } from 'next';
import Link from 'next/link';
import { AbcFilters } from '@/components/abc/abc-filters';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { BcgChart, type ChartPoint } from '@/components/abc/bcg-chart';
import { boundPct } from '@/components/abc/abc-rules';
import s from '@/components/abc/abc.module.css';
import { getBcg, getBcgFilterNames, type BcgPoint } from '@/lib/abc/bcg';
import { bcgGroupings, bcgQuadrants } from '@/lib/abc/classes';
import { abcQuery, parseAbcParamsLenient, type AbcParams } from '@/lib/abc/params';
import { isMoney } from '@/lib/abc/plan';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatPct, formatShare } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS } from '@/lib/docs/anchors';

export const metadata: Metadata = { title: t.bcg.title };

/** The chart draws the table's points plus the largest of each quadrant, so no quadrant looks empty
 * when the table stops at the largest points (a browser cannot draw 200,000 SVG points). */
const CHART_PER_QUADRANT = 300;

const b = t.bcg;
const QUAD_CLASS = { star: s.qStar, cow: s.qCow, question: s.qQuestion, dog: s.qDog } as const;

/** Where a point opens: a client's card; a group's clients in this view. */
function pointHref(p: BcgPoint, q: AbcParams): string {
  if (p.kind === 'client') return `/clients/${encodeURIComponent(p.id ?? '')}`;
  const filterKey = p.kind === 'holding' ? 'holding' : p.kind;
  const base = { ...q, by: 'client' as const, filter: {} };
  return `/bcg${abcQuery(base, p.id === null ? {} : { [filterKey]: p.id })}`;
}

export default async function BcgPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parseAbcParamsLenient(await searchParams);
  const filter = p.by === 'client' ? p.filter : {};
  const [v, names] = await Promise.all([
    getBcg({ metric: p.metric, asOf: p.asOf, months: p.months, thresholds: p.thresholds, by: p.by, filter, limit: p.limit, perQuadrant: CHART_PER_QUADRANT }, scope),
    getBcgFilterNames(filter),
  ]);
  const money = isMoney(p.metric);
  const chartPoints: ChartPoint[] = [...v.points, ...v.extraPoints].map((x) => ({
    key: `${x.kind}:${x.id ?? ''}`, name: x.name, share: x.share, growth: x.growth, quadrant: x.quadrant, value: x.value,
    prevValue: x.prevValue, clients: x.clients, href: pointHref(x, p), isClient: x.kind === 'client',
  }));
  const notDrawn = chartPoints.filter((x) => x.share <= 0).length;
  const filters = Object.entries(filter).filter(([, val]) => val) as Array<[string, string]>;

  const columns: DataColumn[] = [
    { key: 'name', label: b.bys[p.by], kind: 'text', hrefKey: 'href' },
    { key: 'quadrant', label: b.quadrant, kind: 'text' },
    { key: 'share', label: b.share, kind: 'share' },
    { key: 'growth', label: b.growth, kind: 'growth' },
    { key: 'value', label: b.value, kind: money ? 'rub' : 'int' },
    { key: 'prevValue', label: b.prevValue, kind: money ? 'rub' : 'int' },
    { key: 'abc', label: t.abc.cols.cls, kind: 'text' },
    ...(p.by === 'client' ? [] : [{ key: 'clients', label: b.clients, kind: 'int' as const }]),
  ];
  const rows: DataRow[] = v.points.map((x, i) => ({
    name: x.name, href: chartPoints[i].href, quadrant: b.quadrant1[x.quadrant], share: x.share * 100, growth: x.growth,
    value: x.value, prevValue: x.prevValue, abc: x.abc, clients: x.clients,
  }));

  return (
    <>
      <div className="page-head">
        <h1>{b.title}</h1>
        <span className="muted">{t.abc.window(formatDate(v.from), formatDate(p.asOf))} · {t.abc.metrics[p.metric].toLowerCase()}</span>
      </div>
      <nav className="tabs" aria-label={b.title}>
        <Link href={`/abc-xyz${abcQuery({ ...p, by: undefined, filter: undefined })}`} className="tab">{b.toAbc}</Link>
        <span className="tab active" aria-current="page">{b.tabTitle}</span>
      </nav>
      <AbcFilters v={{ ...p, keep: filter }} withXyz={false} bys={bcgGroupings} />
      <p className="muted small">{b.note} {b.windows(formatDate(v.prevFrom), formatDate(v.prevAsOf))} {v.restricted ? t.abc.restricted : t.abc.company}</p>

      {filters.length > 0 && (
        <div className={s.chips}>
          <span className="muted small">{b.filtered}:</span>
          {filters.map(([k, val]) => <span key={k} className={s.chip}>{b.filterNames[k]}: {names[k as keyof typeof names] ?? val}</span>)}
          <Link href={`/bcg${abcQuery({ ...p, filter: {} })}`} className="button small">{b.clearFilter}</Link>
        </div>
      )}

      <section className={s.quadrants} aria-label={b.quadrant}>
        {bcgQuadrants.map((q) => {
          const c = v.quadrants.find((x) => x.quadrant === q)!;
          return (
            <div key={q} className={`${s.quadrant} ${QUAD_CLASS[q]}`} data-testid={`quadrant-${q}`}>
              <span className={s.qName}>{b.quadrants[q]}</span>
              <span className={s.qCount}>{formatInt(c.count)}</span>
              <span className={s.qWhat}>{b.quadrantWhat[q]}</span>
            </div>
          );
        })}
      </section>
      <p className="muted small">
        {b.lines(v.lines.share === null ? t.common.dash : formatShare(v.lines.share * 100), v.lines.growth === null ? b.noGrowth : formatPct(v.lines.growth * 100))}
        {' '}{b.aBound(boundPct(p.thresholds.a))}
      </p>

      {v.total === 0 ? <div className="card"><p className="muted">{b.empty}</p></div> : (
        <section aria-labelledby="chart-h" className="stack">
          <h2 id="chart-h" className="h3">{b.chartLabel} <HowLink anchor={METRIC_DOCS.bcgQuadrants} /></h2>
          <BcgChart points={chartPoints} lines={v.lines} money={money} />
          <p className="muted small">
            {b.topEdge}
            {chartPoints.length < v.total && <> {b.chartSample(formatInt(chartPoints.length), formatInt(v.total), formatInt(CHART_PER_QUADRANT))}</>}
            {notDrawn > 0 && <> {b.notDrawn(formatInt(notDrawn))}.</>}
            {v.idleClients > 0 && <> {b.idle(formatInt(v.idleClients))}.</>}
          </p>
        </section>
      )}

      {v.total > 0 && (
        <section aria-labelledby="table-h" className="stack">
          <h2 id="table-h" className="h3">{b.tableTitle}</h2>
          <DataTable stackTablet columns={columns} rows={rows} csvName={`rost-dolya-${p.by}-${p.metric}-${p.asOf}.csv`}
            note={v.total > rows.length ? b.shownOf(formatInt(rows.length), formatInt(v.total)) : undefined} />
        </section>
      )}
    </>
  );
}
