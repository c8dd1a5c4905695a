// Маячок угроз: the head's beacon for new threats (domain.md: "speed of working a threat is what
// keeps clients from leaving"): their teams' threats open on D and raised within ?days= (7, 14, 30,
// 90; default 14), unreacted first, with age, whether and how fast anyone reacted, and a tap to the
// client or to prepare the call. Every figure as known on ?asOf= (default: the newest extract's date).
import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageScope } from '@/lib/auth/session';
import { beaconDays, getThreatBeacon } from '@/lib/alerts/beacon';
import { formatDate, formatDateTime, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { parsePrepParamsLenient } from '@/lib/prep/params';

export const metadata: Metadata = { title: t.alerts.beaconTitle };

const a = t.alerts;
const oneDecimal = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });

export default async function BeaconPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const p = await parsePrepParamsLenient(await searchParams, ['asOf', 'days']);
  const b = await getThreatBeacon(scope, p.asOf, p.days);
  const asOfParam = p.asOf !== p.latestAsOf ? p.asOf : undefined;
  const href = (days: number) => `/beacon?days=${days}${asOfParam ? `&asOf=${asOfParam}` : ''}`;
  const c = a.beaconCols;
  return (
    <>
      <div className="page-head">
        <h1>{a.beaconTitle}</h1>
      </div>
      <p className="muted">{a.beaconIntro(formatDate(p.asOf))}</p>
      <nav className="tabs" aria-label={a.beaconDays}>
        <span className="tab muted">{a.beaconDays}:</span>
        {beaconDays.map((d) => (
          <Link key={d} className={d === b.days ? 'tab active' : 'tab'} aria-current={d === b.days ? 'page' : undefined} href={href(d)}>
            {a.beaconDayOptions[d]}
          </Link>
        ))}
      </nav>
      <div className="tiles">
        <div className="tile"><span className="tile-label">{a.beaconCount}</span><span className="tile-value">{formatInt(b.rows.length)}</span></div>
        <div className="tile"><span className="tile-label">{a.notReacted}</span><span className={b.unreacted > 0 ? 'tile-value down' : 'tile-value'}>{formatInt(b.unreacted)}</span></div>
        <div className="tile">
          <span className="tile-label">{a.beaconMedianLabel}</span>
          <span className="tile-value">{b.medianReactionHours === null ? t.common.dash : a.hours(oneDecimal.format(b.medianReactionHours))}</span>
        </div>
      </div>
      {b.rows.length === 0 ? <p className="muted">{a.beaconEmpty}</p> : (
        <div className="table-wrap">
          <table className="table stack-tablet">
            <thead>
              <tr><th>{c.client}</th><th>{c.kind}</th><th>{c.raised}</th><th className="num">{c.age}</th><th>{c.reaction}</th><th>{c.specialist}</th><th>{c.team}</th><th aria-label={a.prepare} /></tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr key={r.id}>
                  <td data-label={c.client} className="title-cell" style={{ minWidth: '11rem' }}><Link href={`/clients/${encodeURIComponent(r.clientId)}`}>{r.clientName}</Link></td>
                  <td data-label={c.kind}>
                    <b>{t.prep.threatKinds[r.kind]}</b>
                    {r.description && <div className="muted small">{r.description}</div>}
                  </td>
                  <td data-label={c.raised} className="mono">{formatDateTime(r.raisedAt)}</td>
                  <td data-label={c.age} className="num">{a.ageDays(r.ageDays)}</td>
                  <td data-label={c.reaction} className={r.reactedAt ? undefined : 'warn'}>
                    {r.reactedAt && r.reactionHours !== null ? a.reactedIn(oneDecimal.format(r.reactionHours), formatDateTime(r.reactedAt)) : a.notReacted}
                  </td>
                  <td data-label={c.specialist}>{r.specialistName ?? t.common.dash}</td>
                  <td data-label={c.team}>{r.teamName ?? t.common.dash}</td>
                  <td data-label="">
                    <Link className="button small" href={`/clients/${encodeURIComponent(r.clientId)}/prepare${asOfParam ? `?asOf=${asOfParam}` : ''}`}>{a.prepare}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
