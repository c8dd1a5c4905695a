// Мой день: a specialist's home after sign-in (heads and executives see their teams' counts first,
// and the lists of their scope, or of one team with ?team=):
// today's planned contacts, overdue ones, agreements due today or overdue, new and unreacted
// threats, each row with the suggested contact type and a one-tap way to its preparation
// checklist. Every figure as known on ?asOf= (default: the newest extract's date).
import type { Metadata } from 'next';
import { MyDayLists } from '@/components/prep/my-day-list';
import { MyDayTeams } from '@/components/prep/my-day-teams';
import s from '@/components/prep/my-day.module.css';
import { requirePageScope } from '@/lib/auth/session';
import { getMyDay } from '@/lib/day/my-day';
import { formatDate } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { parsePrepParamsLenient } from '@/lib/prep/params';
import { DateField } from '@/components/ui/date-field';

export const metadata: Metadata = { title: t.nav.myDay };

export default async function MyDayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parsePrepParamsLenient(await searchParams, ['asOf', 'team']);
  const day = await getMyDay(scope, p.asOf, { team: p.team });
  const asOfParam = p.asOf !== p.latestAsOf ? p.asOf : undefined;
  return (
    <>
      <div className={s.head}>
        <div>
          <h1>{t.myDay.title}</h1>
          <p className="muted">{t.myDay.intro(formatDate(p.asOf))}</p>
        </div>
        <form className={s.asOfForm} method="get" action="/my-day">
          {p.team !== undefined && <input type="hidden" name="team" value={p.team} />}
          <label>
            {t.myDay.asOf}
            <DateField name="asOf" value={p.asOf} max={p.latestAsOf} required />
          </label>
          <button type="submit" className="button">{t.myDay.show}</button>
        </form>
      </div>
      {day.teams && <MyDayTeams teams={day.teams} team={p.team} asOfParam={asOfParam} asOf={p.asOf} />}
      <MyDayLists day={day} asOfParam={asOfParam} />
    </>
  );
}
