// The holding or chain the client belongs to: its name, totals of the period of D over the members
// the caller may see, and those members as links to their cards; members outside the caller's
// scope are only counted (lib/clients/card-group.ts).
import Link from 'next/link';
import type { CardGroup } from '@/lib/clients/card-group';
import { formatInt, formatPct, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';
import { TileMoney } from '@/components/ui/money';

export function CardGroupSection({ group, asOfParam }: { group: CardGroup; asOfParam?: string }) {
  const k = t.card;
  const g = group.totals;
  const title = group.name ?? k.groupUnnamed[group.kind];
  const href = (id: string) => `/clients/${encodeURIComponent(id)}${asOfParam ? `?asOf=${asOfParam}` : ''}`;
  return (
    <section className={`card ${s.section}`} aria-labelledby={`group-${group.kind}`} data-testid={`group-${group.kind}`}>
      <div className={s.sectionHead}>
        <h2 id={`group-${group.kind}`} className="h3">
          <span className="badge badge-muted">{k.groupKinds[group.kind]}</span> {title}
        </h2>
      </div>
      <div className="tiles">
        <div className="tile"><div className="tile-label">{k.groupMembers}</div><div className="tile-value">{formatInt(g.members)}</div></div>
        <div className="tile"><div className="tile-label">{k.groupBilled(formatPeriod(g.period))}</div><div className="tile-value"><TileMoney value={g.billed} /></div></div>
        <div className="tile">
          <div className="tile-label">{k.groupCollected}</div>
          <div className="tile-value"><TileMoney value={g.collected} /></div>
          <div className="tile-sub muted">{k.groupPct} {formatPct(g.paymentPct)}</div>
        </div>
        <div className="tile"><div className="tile-label">{k.groupThreats}</div><div className={`tile-value ${g.openThreats > 0 ? 'down' : ''}`}>{formatInt(g.openThreats)}</div></div>
      </div>
      <ul className={s.members}>
        {group.members.map((m) => (
          <li key={m.id} className={`${s.member} ${m.isSelf ? s.self : ''}`}>
            {m.isSelf ? (
              <span className={s.memberName} aria-current="page">{m.name}</span>
            ) : (
              <Link className={s.memberName} href={href(m.id)}>{m.name}</Link>
            )}
            <span className={s.meta}>
              {m.isParent && <span className="badge">{k.parent}</span>}
              {m.isSelf && <span className="badge">{k.self}</span>}
              {m.inn && <span>{t.clients.inn} {m.inn}</span>}
              <span>{t.clientStatus[m.status] ?? m.status}</span>
              {m.specialistName && <span>{m.specialistName}</span>}
            </span>
          </li>
        ))}
      </ul>
      {group.outsideScope > 0 && <p className="muted" data-testid="group-outside">{k.groupOutside(formatInt(group.outsideScope))}</p>}
      <p className="muted small">{k.groupTotalsNote}</p>
    </section>
  );
}
