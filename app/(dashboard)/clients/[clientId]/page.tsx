// Client card (minimal): the header fields. Missing and out-of-scope clients are both a 404 (see
// layout.tsx), so a specialist cannot learn that another specialist's client exists.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatDate } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { getCardClient } from './get-card';

type Props = { params: Promise<{ clientId: string }> };

export const metadata: Metadata = { title: t.clients.cardTitle };

export default async function ClientCardPage({ params }: Props) {
  const c = await getCardClient((await params).clientId);
  if (!c) notFound(); // the layout has already answered 404; kept so the page stands alone

  const d = t.common.dash;
  const fields: Array<[string, string]> = [
    [t.clients.inn, c.inn ?? d],
    [t.clients.contract, c.contractNo ? (c.contractStartOn ? `${c.contractNo} от ${formatDate(c.contractStartOn)}` : c.contractNo) : d],
    [t.clients.segment, c.segment ?? d],
    [t.clients.taxSystem, c.taxSystem ?? d],
    [t.clients.region, c.region ?? d],
    [t.clients.specialist, c.specialistName ?? c.specialistId ?? d],
    [t.clients.team, c.teamName ?? c.teamId ?? d],
    [t.clients.holding, c.holdingName ?? c.holdingId ?? d],
    [t.clients.phone, c.phone ?? d],
    [t.clients.email, c.email ?? d],
    [t.clients.address, c.address ?? d],
  ];
  if (c.churnedOn) fields.push([t.clients.churnedOn, formatDate(c.churnedOn)]);

  return (
    <>
      <p className="crumbs"><Link href="/clients">{t.clients.backToList}</Link></p>
      <div className="page-head">
        <h1>{c.name}</h1>
        <span className={`badge status-${c.status}`}>{t.clientStatus[c.status] ?? c.status}</span>
      </div>
      <section className="card">
        <dl className="fields">
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {c.specifics && (
          <>
            <h2 className="h3">{t.clients.specifics}</h2>
            <p>{c.specifics}</p>
          </>
        )}
      </section>
      <p className="muted small">{t.clients.cardLater}</p>
    </>
  );
}
