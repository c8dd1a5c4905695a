// Client card: everything about one client on one page, every figure as known on ?asOf= (default:
// the newest extract's date): header and completeness, holding or chain with linked members,
// contact persons, payments and acts of 12 periods, open agreements, threats and planned contacts,
// the timeline (?kind=, ?limit=), the ABC/XYZ class and quadrant (streamed in), and the way to
// prepare for the next contact. Missing and out-of-scope clients are both a 404 (layout.tsx;
// getClientCard returns null for both).
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { CardClasses, CardClassesPending } from '@/components/card/card-classes';
import { CardContacts } from '@/components/card/card-contacts';
import { CardGroupSection } from '@/components/card/card-group';
import { CardHead } from '@/components/card/card-head';
import { CardOpenAgreements, CardOpenThreats, CardPlanned } from '@/components/card/card-open';
import { CardPaymentsTable } from '@/components/card/card-payments';
import { CardProfile } from '@/components/card/card-profile';
import { CardTimelineSection } from '@/components/card/card-timeline';
import { getClientClasses } from '@/lib/abc/abc-xyz';
import { requirePageScope } from '@/lib/auth/session';
import type { Scope } from '@/lib/db/scope';
import { getClientCard } from '@/lib/clients/card';
import { parseCardParamsLenient } from '@/lib/clients/card-params';
import { t } from '@/lib/i18n/ru';
import { decodeSegment } from './get-card';

type Props = {
  params: Promise<{ clientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: t.card.title };

/** The ABC/XYZ class and quadrant line, streamed in after the card (components/card/card-classes.tsx). */
async function ClassesLine({ scope, clientId, asOf, asOfParam }: { scope: Scope; clientId: string; asOf: string; asOfParam?: string }) {
  const classes = (await getClientClasses(scope, [clientId], asOf)).get(clientId) ?? null;
  return <CardClasses classes={classes} asOfParam={asOfParam} />;
}

export default async function ClientCardPage({ params, searchParams }: Props) {
  const scope = await requirePageScope();
  const p = await parseCardParamsLenient(await searchParams);
  const card = await getClientCard(scope, decodeSegment((await params).clientId), { asOf: p.asOf, kind: p.kind, limit: p.limit });
  if (!card) notFound(); // the layout has already answered 404; kept so the page stands alone

  const c = card.client;
  // The date goes into links only when it is not the default, so plain links stay plain.
  const asOfParam = p.asOf !== p.latestAsOf ? p.asOf : undefined;

  return (
    <>
      <p className="crumbs"><Link href="/clients">{t.clients.backToList}</Link></p>
      <CardHead clientId={c.id} name={c.name} status={c.statusOnD} asOf={p.asOf} latestAsOf={p.latestAsOf} kind={p.kind ?? null} />
      <Suspense fallback={<CardClassesPending />}>
        <ClassesLine scope={scope} clientId={c.id} asOf={p.asOf} asOfParam={asOfParam} />
      </Suspense>
      <CardProfile card={card} />
      {card.groups.map((g) => <CardGroupSection key={g.kind} group={g} asOfParam={asOfParam} />)}
      <CardContacts contacts={card.contacts} />
      <CardPaymentsTable payments={card.payments} />
      <div className="two-col">
        <CardOpenThreats rows={card.openThreats} />
        <CardOpenAgreements rows={card.openAgreements} />
      </div>
      <CardPlanned rows={card.plannedContacts} />
      <CardTimelineSection clientId={c.id} asOfParam={asOfParam} timeline={card.timeline} />
    </>
  );
}
