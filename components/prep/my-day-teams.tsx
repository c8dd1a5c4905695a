// Мой день of a head or an executive: the teams' day, summarised. One row per team in scope with its
// counts (contacts today and those not done yet, overdue contacts, agreements due, threats), sortable,
// with CSV; a team's name narrows the lists below to it (?team=), and the state says which is shown.
import Link from 'next/link';
import { DataTable, type DataColumn, type DataRow } from '@/components/tables/data-table';
import { formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import type { MyDayTeam } from '@/lib/day/my-day';
import s from './my-day.module.css';

const d = t.myDay.teams;
/** Above this many teams the table scrolls in a box of its own. */
const MANY_TEAMS = 8;
const href = (q: Record<string, string | undefined>) => {
  const sp = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = sp.toString();
  return `/my-day${qs ? `?${qs}` : ''}`;
};

export function MyDayTeams({ teams, team, asOfParam, asOf }: { teams: MyDayTeam[]; team?: string; asOfParam?: string; asOf: string }) {
  const columns: DataColumn[] = [
    { key: 'teamName', label: d.team, kind: 'text', hrefKey: 'href' },
    { key: 'today', label: d.today, kind: 'int' },
    { key: 'todayOpen', label: d.todayOpen, short: d.todayOpenShort, kind: 'int', priority: 2 },
    { key: 'overdue', label: d.overdue, short: d.overdueShort, kind: 'int' },
    { key: 'agreements', label: d.agreements, kind: 'int' },
    { key: 'threats', label: d.threats, kind: 'int' },
  ];
  const rows: DataRow[] = teams.map((x) => ({
    teamName: x.teamName ?? x.teamId ?? d.noTeam, today: x.today, todayOpen: x.todayOpen, overdue: x.overdue,
    agreements: x.agreements, threats: x.threats, href: x.teamId ? href({ asOf: asOfParam, team: x.teamId }) : null,
  }));
  const sum = (k: 'today' | 'todayOpen' | 'overdue' | 'agreements' | 'threats') => teams.reduce((a, x) => a + x[k], 0);
  const footer: DataRow = { teamName: d.total, today: sum('today'), todayOpen: sum('todayOpen'), overdue: sum('overdue'), agreements: sum('agreements'), threats: sum('threats') };
  const current = team === undefined ? null : teams.find((x) => (x.teamId ?? '') === team);
  return (
    <section className={s.teams} aria-labelledby="day-teams">
      <h2 id="day-teams">{d.title} <span className={s.count}>{formatInt(teams.length)}</span></h2>
      <p className="muted small">{d.intro}</p>
      {team !== undefined && (
        <p className={s.teamShown} role="status">
          <b>{d.shown(current ? current.teamName ?? current.teamId ?? d.noTeam : team)}</b>
          <Link href={href({ asOf: asOfParam })}>{d.all}</Link>
        </p>
      )}
      {/* Many teams (an executive's hundreds): a bounded box that scrolls; a head's few: the whole table. */}
      <div className={teams.length > MANY_TEAMS ? s.teamsTable : undefined}>
        <DataTable columns={columns} rows={rows} footer={footer} csvName={`moi-den-otdely-${asOf}.csv`} initialSort={[{ id: 'overdue', desc: true }]} />
      </div>
    </section>
  );
}
