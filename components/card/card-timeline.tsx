// The timeline: interactions, agreements, threats and service usage up to D, newest first. The kind
// filter and the "show more" cap are links (kind and limit live in the URL), so it works before
// hydration and every view is a shareable link.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { CardTimeline, TimelineItem } from '@/lib/clients/card-timeline';
import { TIMELINE_DEFAULT_LIMIT, TIMELINE_MAX_LIMIT, TIMELINE_STEP, timelineKinds } from '@/lib/clients/card-params';
import { formatDate, formatDateTime, formatInt, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { cardHref } from './href';
import s from './card.module.css';

const k = t.card;

function Body({ item, badge }: { item: TimelineItem; badge: ReactNode }) {
  switch (item.kind) {
    case 'interaction':
      return (
        <>
          <span className={s.itemTitle}>{badge} {k.channels[item.channel] ?? item.channel}{item.topic ? `: ${item.topic}` : ''}</span>
          {item.outcome && <span>{item.outcome}</span>}
          <span className={s.meta}>
            <span className={item.state === 'overdue' ? s.bad : undefined}>{k.interactionStates[item.state]}</span>
            <span>{k.contactTypes[item.contactType] ?? item.contactType}</span>
            {item.contactName && <span>{k.withContact(item.contactName)}</span>}
            {item.specialistName && <span>{k.by(item.specialistName)}</span>}
          </span>
        </>
      );
    case 'agreement':
      return (
        <>
          <span className={s.itemTitle}>{badge} {item.text}</span>
          {item.feedback && <span>{k.feedback(item.feedback)}</span>}
          <span className={s.meta}>
            <span className={item.state === 'overdue' ? s.bad : undefined}>{k.agreementStates[item.state]}</span>
            <span>{k.due(formatDate(item.dueOn))}</span>
            {item.doneOn && <span>{k.doneOn(formatDate(item.doneOn))}</span>}
            {item.specialistName && <span>{k.by(item.specialistName)}</span>}
          </span>
        </>
      );
    case 'threat':
      return (
        <>
          <span className={s.itemTitle}>{badge} {k.threatKinds[item.threatKind] ?? item.threatKind}</span>
          {item.description && <span>{item.description}</span>}
          <span className={s.meta}>
            <span className={item.state === 'open' ? s.bad : undefined}>{k.threatStates[item.state]}</span>
            {item.resolvedAt && <span>{k.resolvedAt(formatDateTime(item.resolvedAt))}</span>}
            {item.outcome && <span>{k.threatOutcomes[item.outcome] ?? item.outcome}</span>}
          </span>
        </>
      );
    case 'usage':
      return (
        <>
          <span className={s.itemTitle}>{badge} {k.usageIn(k.usageKinds[item.usageKind] ?? item.usageKind, formatInt(item.count), formatPeriod(item.period))}</span>
          {item.topics.length > 0 && <span className="small">{k.topics(item.topics.join('; '))}</span>}
        </>
      );
  }
}

export function CardTimelineSection({ clientId, asOfParam, timeline }: { clientId: string; asOfParam?: string; timeline: CardTimeline }) {
  const base = { clientId, asOf: asOfParam };
  const all = timelineKinds.reduce((n, kind) => n + timeline.counts[kind], 0);
  const chips = [
    { kind: null, label: k.timelineAll, n: all },
    ...timelineKinds.map((kind) => ({ kind, label: k.timelineKinds[kind], n: timeline.counts[kind] })),
  ];
  const shown = timeline.items.length;
  const nextLimit = Math.min(timeline.limit + TIMELINE_STEP, TIMELINE_MAX_LIMIT);
  return (
    <section className={s.section} aria-labelledby="card-timeline">
      <h2 id="card-timeline">{k.sections.timeline}</h2>
      <nav className={s.chips} aria-label={k.filterLabel}>
        {chips.map((c) => (
          <Link key={c.kind ?? 'all'} className={s.chip} href={cardHref({ ...base, kind: c.kind }) + '#card-timeline'}
            aria-current={timeline.kind === c.kind ? 'page' : undefined}>
            {c.label} <span className={s.chipCount}>{formatInt(c.n)}</span>
          </Link>
        ))}
      </nav>
      {shown === 0 ? <p className="muted">{k.timelineEmpty}</p> : (
        <ol className={s.timeline} data-testid="timeline">
          {timeline.items.map((item) => (
            <li key={`${item.kind}:${item.id}`} className={s.event} data-kind={item.kind}>
              <span className={s.when}>{item.at ? formatDateTime(item.at) : formatDate(item.on)}</span>
              <div className={s.body}>
                <Body item={item} badge={<span className={`badge badge-muted ${s.kind}`}>{k.timelineKindOne[item.kind]}</span>} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className={s.more}>
        <span className="muted small">{k.shownOf(formatInt(shown), formatInt(timeline.total))}</span>
        {shown < timeline.total && timeline.limit < TIMELINE_MAX_LIMIT && (
          <Link className="button small" href={cardHref({ ...base, kind: timeline.kind, limit: nextLimit }, TIMELINE_DEFAULT_LIMIT) + '#card-timeline'}>
            {k.showMore}
          </Link>
        )}
      </div>
    </section>
  );
}
