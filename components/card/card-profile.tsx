// The card's "who is this client" block: the header fields (INN, contract, since when, segment,
// tax system, region, specialist and team, contacts of the organisation, churned on), the client's
// specifics, and the completeness checks of metrics.md control 3 as a list of what is missing.
import type { ClientCard } from '@/lib/clients/card';
import { formatDate, formatPhone } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';

export function CardProfile({ card }: { card: ClientCard }) {
  const c = card.client;
  const d = t.common.dash;
  const k = t.card;
  const fields: Array<[string, string]> = [
    [t.clients.inn, c.inn ?? d],
    [t.clients.contract, c.contractNo ? (c.contractStartOn ? k.contractFrom(c.contractNo, formatDate(c.contractStartOn)) : c.contractNo) : d],
    [k.since, c.contractStartOn ? formatDate(c.contractStartOn) : d],
    [t.clients.segment, c.segment ?? d],
    [t.clients.taxSystem, c.taxSystem ?? d],
    [t.clients.region, c.region ?? d],
    [t.clients.specialist, c.specialistName ?? c.specialistId ?? d],
    [t.clients.team, c.teamName ?? c.teamId ?? d],
    [t.clients.phone, c.phone ? formatPhone(c.phone) : d],
    [t.clients.email, c.email ?? d],
    [t.clients.address, c.address ?? d],
  ];
  if (c.churnedOn) fields.push([t.clients.churnedOn, formatDate(c.churnedOn)]);
  const comp = card.completeness;
  const ok = comp.checks.length - comp.missing.length;

  return (
    <section className={`card ${s.section}`} aria-labelledby="card-profile">
      <h2 id="card-profile" className="h3">{k.sections.profile}</h2>
      <dl className="fields">
        {fields.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {c.specifics && (
        <div>
          <h3 className="h3">{t.clients.specifics}</h3>
          <p>{c.specifics}</p>
        </div>
      )}
      <div data-testid="completeness">
        <h3 className="h3">{k.sections.completeness}: <span className={s.score}>{k.completenessScore(ok, comp.checks.length)}</span></h3>
        {comp.missing.length === 0 ? (
          <p className="muted">{k.completeAll}</p>
        ) : (
          <>
            <p className="muted small">{k.missingTitle}</p>
            <ul className={s.missing}>
              {comp.missing.map((m) => <li key={m}>{k.missing[m] ?? m}</li>)}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
