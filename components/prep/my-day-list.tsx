// Мой день: four lists of rows, each row a card with the client, what is due, the suggested contact
// type with its reason, and «Подготовиться», which opens the preparation checklist in one tap.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDate, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import type { MyDay, MyDayAgreement, MyDayContact, MyDayList, MyDayThreat } from '@/lib/day/my-day';
import s from './my-day.module.css';

const d = t.myDay;
const prepHref = (clientId: string, asOf?: string) => `/clients/${encodeURIComponent(clientId)}/prepare${asOf ? `?asOf=${asOf}` : ''}`;
const cardHref = (clientId: string, asOf?: string) => `/clients/${encodeURIComponent(clientId)}${asOf ? `?asOf=${asOf}` : ''}`;

function Row({ clientId, clientName, suggestedType, reason, tone, asOf, children }: {
  clientId: string; clientName: string; suggestedType: string; reason: string; tone?: 'bad' | 'warn' | 'done'; asOf?: string; children: ReactNode;
}) {
  return (
    <li className={`${s.row} ${tone ? s[`tone-${tone}`] : ''}`}>
      <Link className={s.client} href={cardHref(clientId, asOf)}>{clientName}</Link>
      <div className={s.what}>{children}</div>
      <p className={s.suggested}>
        <span className="muted">{d.suggested}: </span><b>{t.prep.types[suggestedType] ?? suggestedType}</b>
        {reason && <span className="muted"> — {reason}</span>}
      </p>
      <Link className={`button primary ${s.go}`} href={prepHref(clientId, asOf)} aria-label={`${d.prepare}: ${clientName}`}>{d.prepare}</Link>
    </li>
  );
}

function Section<T>({ id, list, render }: { id: keyof typeof d.sections & string; list: MyDayList<T>; render: (r: T) => ReactNode }) {
  return (
    <section className={s.section} aria-labelledby={`day-${id}`}>
      <h2 id={`day-${id}`}>
        {d.sections[id]} <span className={s.count}>{formatInt(list.total)}</span>
      </h2>
      {list.total > list.rows.length && <p className="muted small">{d.shownOf(formatInt(list.rows.length), formatInt(list.total))}</p>}
      {list.rows.length === 0 ? <p className="muted">{d.empty[id]}</p> : <ul className={s.list}>{list.rows.map(render)}</ul>}
    </section>
  );
}

const channel = (c: string) => t.prep.channels[c] ?? c;

function ContactWhat({ r }: { r: MyDayContact }) {
  return (
    <>
      <span>{r.daysOverdue > 0 ? <span className={s.bad}>{d.overdueDays(r.daysOverdue)}</span> : d.plannedOn(formatDate(r.plannedOn))}</span>
      {r.done && <span className="badge status-active">{d.done}</span>}
      <span>{channel(r.channel)} · {(t.prep.types[r.contactType] ?? r.contactType).toLowerCase()}</span>
      {r.contactName && <span>{t.prep.with(r.contactName)}</span>}
      {r.topic && <span>{r.topic}</span>}
    </>
  );
}

export function MyDayLists({ day, asOfParam }: { day: MyDay; asOfParam?: string }) {
  const contact = (r: MyDayContact) => (
    <Row key={r.id} {...r} asOf={asOfParam} tone={r.done ? 'done' : r.daysOverdue > 0 ? 'bad' : undefined}><ContactWhat r={r} /></Row>
  );
  const agreement = (r: MyDayAgreement) => (
    <Row key={r.id} {...r} asOf={asOfParam} tone={r.daysOverdue > 0 ? 'bad' : 'warn'}>
      <span>{r.text}</span>
      <span className={r.daysOverdue > 0 ? s.bad : undefined}>{d.agreementDue(formatDate(r.dueOn), r.daysOverdue)}</span>
    </Row>
  );
  const threat = (r: MyDayThreat) => (
    <Row key={r.id} {...r} asOf={asOfParam} tone={r.reactedAt ? 'warn' : 'bad'}>
      <span><b>{t.prep.threatKinds[r.kind]}</b> {d.threatAge(formatDate(r.raisedAt), r.ageDays)}</span>
      {r.isNew && <span className="badge">{d.threatNew}</span>}
      {!r.reactedAt && <span className="badge badge-warn">{d.threatUnreacted}</span>}
      {r.description && <span>{r.description}</span>}
    </Row>
  );
  return (
    <div className={s.grid}>
      <Section id="today" list={day.today} render={contact} />
      <Section id="threats" list={day.threats} render={threat} />
      <Section id="overdue" list={day.overdue} render={contact} />
      <Section id="agreements" list={day.agreements} render={agreement} />
    </div>
  );
}
