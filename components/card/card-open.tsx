// Open work on D: agreements not yet done (overdue first by due date), open threats with their age
// and whether anyone has reacted, and the contacts planned but not yet done.
import type { OpenAgreement, OpenThreat, PlannedContact } from '@/lib/clients/card-open';
import { formatDate, formatDateTime, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';

const k = t.card;

export function CardOpenAgreements({ rows }: { rows: OpenAgreement[] }) {
  return (
    <section className={s.section} aria-labelledby="card-agreements">
      <h2 id="card-agreements">{k.sections.agreements} <span className="muted">({formatInt(rows.length)})</span></h2>
      {rows.length === 0 ? <p className="muted">{k.noAgreements}</p> : (
        <ul className={s.list}>
          {rows.map((a) => (
            <li key={a.id} className={`${s.item} ${a.daysOverdue > 0 ? s.bad : ''}`}>
              <span className={s.itemTitle}>{a.text}</span>
              <span className={s.meta}>
                <span>{k.due(formatDate(a.dueOn))}</span>
                {a.daysOverdue > 0 && <span className={s.bad}>{k.overdueDays(formatInt(a.daysOverdue))}</span>}
                {a.madeOn && <span>{k.madeOn(formatDate(a.madeOn))}</span>}
                {a.specialistName && <span>{a.specialistName}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CardOpenThreats({ rows }: { rows: OpenThreat[] }) {
  return (
    <section className={s.section} aria-labelledby="card-threats">
      <h2 id="card-threats">{k.sections.threats} <span className="muted">({formatInt(rows.length)})</span></h2>
      {rows.length === 0 ? <p className="muted">{k.noThreats}</p> : (
        <ul className={s.list}>
          {rows.map((x) => (
            <li key={x.id} className={`${s.item} ${s.bad}`}>
              <span className={s.itemTitle}>{k.threatKinds[x.kind] ?? x.kind}</span>
              {x.description && <span>{x.description}</span>}
              <span className={s.meta}>
                <span>{formatDateTime(x.raisedAt)}</span>
                <span>{k.threatAge(formatInt(x.ageDays))}</span>
                {x.firstReactionAt ? <span>{k.reactedAt(formatDateTime(x.firstReactionAt))}</span> : <span className={s.bad}>{k.noReaction}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CardPlanned({ rows }: { rows: PlannedContact[] }) {
  return (
    <section className={s.section} aria-labelledby="card-planned">
      <h2 id="card-planned">{k.sections.planned}</h2>
      {rows.length === 0 ? <p className="muted">{k.noPlanned}</p> : (
        <ul className={s.list}>
          {rows.map((p) => (
            <li key={p.id} className={`${s.item} ${p.overdue ? s.warn : ''}`}>
              <span className={s.itemTitle}>{formatDate(p.plannedOn)} · {k.channels[p.channel] ?? p.channel}{p.topic ? ` · ${p.topic}` : ''}</span>
              <span className={s.meta}>
                {p.overdue && <span className={s.bad}>{k.plannedOverdue}</span>}
                <span>{k.contactTypes[p.contactType] ?? p.contactType}</span>
                {p.contactName && <span>{k.withContact(p.contactName)}</span>}
                {p.specialistName && <span>{p.specialistName}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
