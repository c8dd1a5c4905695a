// The checklist's sections in the order of the contact type (metrics.md), each item a card with its
// "Просмотрено" box. Server-rendered: only the boxes and the progress are client components.
import type { ReactNode } from 'react';
import { formatDate, formatDateTime, formatInt, formatMoney, formatPct, formatPeriod } from '@/lib/format';
import { Tel } from '@/components/ui/tel';
import { t } from '@/lib/i18n/ru';
import type { PrepItem, PrepSection, Preparation } from '@/lib/prep/preparation';
import { TickBox } from './prep-ticks';
import s from './prep.module.css';

const p = t.prep;

function Item({ item, title, tone, children }: { item: PrepItem; title: string; tone?: 'bad' | 'warn' | 'ok'; children?: ReactNode }) {
  return (
    <li className={`${s.item} ${tone ? s[`tone-${tone}`] : ''}`}>
      <TickBox itemKey={item.key} label={title} />
      <div className={s.body}>
        <div className={s.itemTitle}>{title}</div>
        {children}
      </div>
    </li>
  );
}

const Meta = ({ children }: { children: ReactNode }) => <div className={s.meta}>{children}</div>;
const Mail = ({ v }: { v: string | null }) => (v ? <a href={`mailto:${v}`}>{v}</a> : null);
const typeName = (ct: string) => p.types[ct] ?? ct;

function renderItem(item: PrepItem, prep: Preparation): ReactNode {
  switch (item.kind) {
    case 'lastContact': {
      const c = item.contact;
      if (!c) return <Item key={item.key} item={item} title={p.lastContact} tone="warn"><p>{p.noLastContact}</p></Item>;
      return (
        <Item key={item.key} item={item} title={p.lastContact}>
          <Meta>
            <span>{formatDateTime(c.occurredAt)}</span>
            <span>{p.channels[c.channel] ?? c.channel}</span>
            <span>{typeName(c.contactType)}</span>
            {c.contactName && <span>{p.with(c.contactName)}{c.contactRole ? ` (${p.roles[c.contactRole] ?? c.contactRole})` : ''}</span>}
          </Meta>
          {c.topic && <p>{p.topic(c.topic)}</p>}
          {c.outcome && <p>{p.outcome(c.outcome)}</p>}
        </Item>
      );
    }
    case 'nextContact': {
      const n = item.planned;
      if (!n) return <Item key={item.key} item={item} title={p.nextContact} tone="warn"><p>{p.noNextContact}</p></Item>;
      return (
        <Item key={item.key} item={item} title={p.nextContact} tone={n.overdue ? 'bad' : undefined}>
          <Meta>
            <span>{formatDate(n.plannedOn)}</span>
            {n.overdue && <span className={s.bad}>{p.overdue}</span>}
            <span>{p.channels[n.channel] ?? n.channel}</span>
            <span>{typeName(n.contactType)}</span>
            {n.contactName && <span>{p.with(n.contactName)}</span>}
          </Meta>
          {n.topic && <p>{p.topic(n.topic)}</p>}
        </Item>
      );
    }
    case 'agreement': {
      const a = item.agreement;
      const tone = a.state === 'overdue' ? 'bad' : a.state === 'done' ? 'ok' : undefined;
      return (
        <Item key={item.key} item={item} title={`${p.agreement}: ${a.text}`} tone={tone}>
          <Meta>
            {a.state !== 'overdue' && <span>{p.agreementStates[a.state]}</span>}
            {a.madeOn && <span>{p.madeOn(formatDate(a.madeOn))}</span>}
            <span>{p.due(formatDate(a.dueOn))}</span>
            {a.state === 'overdue' && <span className={s.bad}>{p.overdueDays(a.daysOverdue)}</span>}
            {a.doneOn && <span>{p.doneOn(formatDate(a.doneOn))}</span>}
          </Meta>
          {a.state === 'done' && <p className={a.feedback ? undefined : s.prompt}>{a.feedback ? p.feedback(a.feedback) : p.noFeedback}</p>}
        </Item>
      );
    }
    case 'paymentPeriods': {
      const c = p.periodCols;
      return (
        <Item key={item.key} item={item} title={p.periods}>
          <div className={`table-wrap flat ${s.tableWrap}`}>
            <table className={`table ${s.periods}`}>
              <thead>
                <tr><th>{c.period}</th><th className="num">{c.billed}</th><th className="num">{c.collected}</th><th className="num">{c.pct}</th><th className="num">{c.onTime}</th><th className="num">{c.late}</th><th className="num">{c.unpaid}</th></tr>
              </thead>
              <tbody>
                {item.periods.map((r) => (
                  <tr key={r.period} className={r.invoices === 0 ? s.emptyRow : undefined}>
                    <td data-label={c.period} className="title-cell">{formatPeriod(r.period)}</td>
                    <td data-label={c.billed} className="num">{formatMoney(r.billed)}</td>
                    <td data-label={c.collected} className="num">{formatMoney(r.collected)}</td>
                    <td data-label={c.pct} className="num">{formatPct(r.paymentPct, 0)}</td>
                    <td data-label={c.onTime} className="num">{formatInt(r.onTime)}</td>
                    <td data-label={c.late} className="num">{formatInt(r.late)}{r.maxDaysLate !== null && <span className="muted"> · {p.lateDays(r.maxDaysLate)}</span>}</td>
                    <td data-label={c.unpaid} className={r.unpaid > 0 ? 'num warn' : 'num'}>
                      {r.unpaid > 0 ? p.unpaidOf(formatInt(r.unpaid), formatMoney(r.unpaidAmount)) : '0'}
                      {r.maxDaysOverdue !== null && <span> · {p.overdueFor(r.maxDaysOverdue)}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className={s.periodCards}>
            {item.periods.map((r) => (
              <li key={r.period} className={r.unpaid > 0 ? s.periodBad : undefined}>
                <span className={s.periodName}>{formatPeriod(r.period)}</span>
                <span className={s.periodPct}>{formatPct(r.paymentPct, 0)}</span>
                <span className={`${s.periodLine} ${r.unpaid > 0 ? s.bad : ''}`}>
                  {r.invoices === 0 ? p.noInvoices : `${p.collectedOf(formatMoney(r.collected), formatMoney(r.billed))} · ${
                    r.unpaid > 0 ? `${p.unpaidShort(formatMoney(r.unpaidAmount))}${r.maxDaysOverdue !== null ? `, ${p.overdueFor(r.maxDaysOverdue)}` : ''}`
                      : r.late > 0 ? p.lateShort(r.maxDaysLate ?? 0) : p.onTimeShort}`}
                </span>
              </li>
            ))}
          </ul>
        </Item>
      );
    }
    case 'debt': {
      const d = item.debt;
      if (d.outstanding <= 0) return <Item key={item.key} item={item} title={p.debt} tone="ok"><p>{p.noDebt}</p></Item>;
      return (
        <Item key={item.key} item={item} title={p.debt} tone={d.overdue > 0 ? 'bad' : undefined}>
          <p className={s.big}>{p.debtLine(formatMoney(d.outstanding), d.invoices)}</p>
          <p className={d.overdue > 0 ? s.bad : 'muted'}>
            {d.overdue > 0 && d.oldestDueOn ? p.debtOverdue(formatMoney(d.overdue), d.daysOverdue, formatDate(d.oldestDueOn)) : p.debtNotDue}
          </p>
        </Item>
      );
    }
    case 'unreturnedActs':
      if (item.total === 0) return <Item key={item.key} item={item} title={p.acts} tone="ok"><p>{p.allActsReturned}</p></Item>;
      return (
        <Item key={item.key} item={item} title={`${p.acts}: ${formatInt(item.total)}`} tone="warn">
          <ul className={s.lines}>
            {item.acts.map((a) => <li key={a.id}>{p.actLine(formatPeriod(a.period), formatDate(a.issuedOn), a.ageDays)}</li>)}
          </ul>
        </Item>
      );
    case 'usage': {
      const down = item.changePct !== null && item.changePct <= -50;
      const change = item.changePct === null ? null : `${item.changePct > 0 ? '+' : item.changePct < 0 ? '−' : '±'}${formatPct(Math.abs(item.changePct), 0)}`;
      return (
        <Item key={item.key} item={item} title={p.usageKinds[item.usageKind]} tone={down ? 'bad' : undefined}>
          <p>
            {item.current === 0 && item.previous === 0 ? <span className="muted">{p.usageNone}</span> : (
              <>
                <span className={s.big}>{formatInt(item.current)}</span>
                <span className="muted"> {p.against(formatInt(item.previous))}</span>
                {change && <span className={down ? s.bad : item.changePct! > 0 ? s.good : 'muted'}> ({change})</span>}
              </>
            )}
          </p>
        </Item>
      );
    }
    case 'hotlineTopics':
      return (
        <Item key={item.key} item={item} title={p.hotline}>
          {item.byContact.length === 0 ? <p className="muted">{p.hotlineNone}</p> : (
            <ul className={s.lines}>
              {item.byContact.map((h) => (
                <li key={h.contactId ?? '-'}>
                  <b>{p.hotlineBy(h.contactName ?? p.hotlineUnknown, h.questions)}</b>
                  {h.contactRole && <span className="muted"> ({p.roles[h.contactRole] ?? h.contactRole})</span>}
                  {h.topics.length > 0 && <span> — {h.topics.join('; ')}</span>}
                </li>
              ))}
            </ul>
          )}
        </Item>
      );
    case 'clientSpecifics':
      return (
        <Item key={item.key} item={item} title={p.clientSpecifics} tone={item.specifics ? undefined : 'warn'}>
          <p className={item.specifics ? undefined : s.prompt}>{item.specifics ?? p.noSpecifics}</p>
          <Meta>
            {item.segment && <span>{item.segment}</span>}
            {item.taxSystem && <span>{item.taxSystem}</span>}
            {item.region && <span>{item.region}</span>}
          </Meta>
        </Item>
      );
    case 'contactPerson': {
      const c = item.contact;
      return (
        <Item key={item.key} item={item} title={`${p.roles[c.role] ?? c.role} · ${c.fullName}`}>
          <Meta>
            {c.position && <span>{c.position}</span>}
            <Tel phone={c.phone} />
            <Mail v={c.email} />
          </Meta>
          {c.specifics && <p>{c.specifics}</p>}
        </Item>
      );
    }
    case 'missingData':
      return <Item key={item.key} item={item} title={p.missing[item.check] ?? item.check} tone="warn" />;
    case 'threat': {
      const th = item.threat;
      const reaction = th.firstReactionAt ?? th.firstContactAt;
      return (
        <Item key={item.key} item={item} title={p.threatKinds[th.kind] ?? th.kind} tone={reaction ? 'warn' : 'bad'}>
          <Meta>
            <span>{p.threatAge(formatDate(th.raisedAt), th.ageDays)}</span>
            {th.firstReactionAt ? <span>{p.reacted(formatDateTime(th.firstReactionAt))}</span>
              : th.firstContactAt ? <span>{p.contactedAfter(formatDateTime(th.firstContactAt))}</span>
                : <span className={s.bad}>{p.notReacted}</span>}
          </Meta>
          {th.description && <p>{th.description}</p>}
        </Item>
      );
    }
    case 'material': {
      const m = item.material;
      return (
        <Item key={item.key} item={item} title={m.title}>
          <Meta>
            <span>{p.published(formatDate(m.publishedOn))}</span>
            {m.newSinceLastContact && prep.since && <span className="badge">{p.materialNew}</span>}
            {m.url && <a href={m.url} target="_blank" rel="noreferrer">{m.url.replace(/^https?:\/\//, '')}</a>}
          </Meta>
          {m.summary && <p>{m.summary}</p>}
        </Item>
      );
    }
  }
}

function SectionIntro({ section, prep }: { section: PrepSection; prep: Preparation }) {
  if (section.key !== 'usage') return null;
  const u = prep.window.usage;
  return <p className="muted small">{p.usageWindow(u.days, formatDate(u.from), formatDate(u.prevFrom))}</p>;
}

export function PrepSections({ prep }: { prep: Preparation }) {
  return (
    <>
      {prep.sections.map((sec) => (
        <section key={sec.key} className={s.section} aria-labelledby={`prep-${sec.key}`}>
          <h2 id={`prep-${sec.key}`}>{p.sections[sec.key]}</h2>
          <SectionIntro section={sec} prep={prep} />
          {sec.items.length === 0 ? <p className="muted">{p.sectionEmpty[sec.key] ?? t.common.noData}</p> : (
            <ul className={s.list}>{sec.items.map((it) => renderItem(it, prep))}</ul>
          )}
        </section>
      ))}
    </>
  );
}
