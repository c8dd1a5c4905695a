// Акты (issue 3): acts not returned as known on the as-of date, counted by period, specialist or
// team, and listed oldest first with their age ("18 acts for May not returned"): metrics.md "Acts",
// lib/metrics/unreturned-acts.ts. The period is optional here: none = every period.
import type { Metadata } from 'next';
import { PaymentsFilters } from '@/components/dashboard/payments-filters';
import { PaymentsTabs } from '@/components/dashboard/payments-tabs';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS } from '@/lib/docs/anchors';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatInt, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { parsePaymentParamsLenient } from '@/lib/metrics/params';
import { addMonths, periodOf, periodSchema } from '@/lib/metrics/period';
import { actGroupings, getUnreturnedActs, type ActGrouping } from '@/lib/metrics/unreturned-acts';
import { getSpecialistName } from '@/lib/org/specialists';
import { getScopeTeams } from '@/lib/org/teams';

export const metadata: Metadata = { title: t.acts.title };
const a = t.acts;

export default async function ActsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const sp = await searchParams;
  const p = await parsePaymentParamsLenient(sp, 'team');
  const rawPeriod = typeof sp.period === 'string' ? sp.period : undefined;
  const period = rawPeriod && periodSchema.safeParse(rawPeriod).success ? rawPeriod : undefined;
  const g = typeof sp.group === 'string' && (actGroupings as readonly string[]).includes(sp.group) ? (sp.group as ActGrouping) : 'period';
  const [acts, teams, specName] = await Promise.all([
    getUnreturnedActs({ asOf: p.asOf, period, by: g, scope, teamId: p.team, specialistId: p.specialist, limit: 500 }),
    getScopeTeams(scope),
    p.specialist ? getSpecialistName(p.specialist) : Promise.resolve(null),
  ]);

  // A group opens the next level: a period its specialists, a team its specialists, a specialist its periods.
  const actsHref = (over: Record<string, string | undefined>): string => {
    const all: Record<string, string | undefined> = {
      asOf: p.asOf !== p.latestAsOf ? p.asOf : undefined, team: p.team, specialist: p.specialist, period, group: g, ...over,
    };
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(all)) if (v) q.set(k, v);
    return `/payments/acts?${q.toString()}`;
  };
  const groupHref = (id: string | null): string | null => {
    if (id === null) return null;
    if (g === 'period') return actsHref({ period: id, group: 'specialist' });
    if (g === 'team') return actsHref({ team: id, specialist: undefined, group: 'specialist' });
    return actsHref({ specialist: id, group: 'period' });
  };
  const groupColumns: DataColumn[] = [
    { key: 'name', label: a.groups[g], kind: 'text', hrefKey: 'href' },
    { key: 'count', label: a.count, kind: 'int' },
    { key: 'oldestIssuedOn', label: a.oldest, kind: 'date' },
    { key: 'maxAgeDays', label: a.maxAge, kind: 'int' },
  ];
  const groupRows: DataRow[] = acts.groups.map((r) => ({
    name: g === 'period' && r.id ? formatPeriod(r.id) : r.name, href: groupHref(r.id), count: r.count, oldestIssuedOn: r.oldestIssuedOn, maxAgeDays: r.maxAgeDays,
  }));
  const listColumns: DataColumn[] = [
    { key: 'clientName', label: a.client, kind: 'text', hrefKey: 'href' },
    { key: 'period', label: a.period, kind: 'text' },
    { key: 'issuedOn', label: a.issued, kind: 'date' },
    { key: 'ageDays', label: a.age, kind: 'int' },
    { key: 'specialistName', label: a.specialist, kind: 'text' },
    { key: 'teamName', label: a.team, kind: 'text' },
  ];
  const listRows: DataRow[] = acts.acts.map((r) => ({
    clientName: r.clientName, href: `/clients/${encodeURIComponent(r.clientId)}`, period: formatPeriod(r.period), issuedOn: r.issuedOn,
    ageDays: r.ageDays, specialistName: r.specialistName, teamName: r.teamName,
  }));
  const periods = Array.from({ length: 24 }, (_, i) => addMonths(periodOf(p.latestAsOf), -i));

  return (
    <>
      <div className="page-head">
        <h1>{a.title}</h1>
        <span className="muted">{t.payments.asOf.toLowerCase()} {formatDate(p.asOf)}</span>
      </div>
      <PaymentsTabs current="acts" p={p} />
      <PaymentsFilters v={{ ...p, period: period ?? '', by: g }} periods={periods} teams={teams} bys={actGroupings} byLabels={a.groups} byName="group" withAllPeriods={a.allPeriods}
        specialist={p.specialist && scope.role !== 'specialist' ? { name: specName ?? null, clearHref: actsHref({ specialist: undefined, group: 'specialist' }) } : undefined} />
      <p className="muted">{a.intro}</p>
      <section className="tiles" aria-label={a.title}>
        <div className="tile"><div className="tile-label">{a.count}{period ? ` · ${formatPeriod(period)}` : ''}</div>
          <div className={`tile-value ${acts.total > 0 ? 'down' : ''}`} data-testid="acts-total">{formatInt(acts.total)}</div>
          <HowLink anchor={METRIC_DOCS.unreturnedActs} /></div>
      </section>
      {acts.total === 0 ? <div className="card"><p className="muted">{a.empty}</p></div> : (
        <>
          <DataTable columns={groupColumns} rows={groupRows} csvName={`akty-${g}-${p.asOf}.csv`} />
          <h2 className="h3">{a.listTitle(formatInt(acts.acts.length), formatInt(acts.total))}</h2>
          <DataTable columns={listColumns} rows={listRows} csvName={`akty-spisok-${period ?? 'vse'}-${p.asOf}.csv`} />
        </>
      )}
    </>
  );
}
