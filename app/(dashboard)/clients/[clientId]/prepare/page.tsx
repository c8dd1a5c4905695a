// Подготовка к контакту: the preparation checklist of one client (metrics.md "Preparation checklist
// (per contact)") as known on ?asOf= (default: the newest extract's date), for ?type= (default: the
// suggested type, shown with its reason and switchable). Sections in the type's order, each item
// tickable as reviewed (kept per login, client and day), a progress bar, a print layout. A missing
// or out-of-scope client is a 404 (the card's layout above answers it first).
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PrepSections } from '@/components/prep/prep-sections';
import { PrepTicksProvider } from '@/components/prep/prep-ticks';
import { PrintButton, TypeSelect } from '@/components/prep/type-select';
import s from '@/components/prep/prep.module.css';
import { Tel } from '@/components/ui/tel';
import { requirePageCaller } from '@/lib/auth/session';
import { formatDate, formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { parsePrepParamsLenient } from '@/lib/prep/params';
import { getPreparation } from '@/lib/prep/preparation';
import { companyToday } from '@/lib/prep/reviews';

type Props = {
  params: Promise<{ clientId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: t.prep.title };

/** The client id from the still-encoded URL segment (Next 16 hands pages the encoded segment). */
function decodeSegment(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export default async function PreparePage({ params, searchParams }: Props) {
  const { scope, user } = await requirePageCaller();
  const p = await parsePrepParamsLenient(await searchParams);
  const clientId = decodeSegment((await params).clientId);
  const day = companyToday();
  const prep = await getPreparation(scope, clientId, { asOf: p.asOf, type: p.type, reviews: { login: user.login, day } });
  if (!prep) notFound();

  const asOfParam = p.asOf !== p.latestAsOf ? p.asOf : undefined;
  const cardHref = `/clients/${encodeURIComponent(clientId)}${asOfParam ? `?asOf=${asOfParam}` : ''}`;
  const prepHref = `/clients/${encodeURIComponent(clientId)}/prepare`;
  const keys = prep.sections.flatMap((sec) => sec.items.map((i) => i.key));
  const ticked = keys.filter((k) => prep.sections.some((sec) => sec.items.some((i) => i.key === k && i.reviewed)));
  const w = prep.window;

  return (
    <div className={s.page}>
      <p className="crumbs">
        <Link href="/my-day">{t.prep.toMyDay}</Link>{' · '}<Link href={cardHref}>{t.prep.toCard}</Link>
      </p>
      <div className={s.head}>
        <h1>{t.prep.title}</h1>
        <Link className={s.client} href={cardHref}>{prep.client.name}</Link>
        <p className="muted small">
          {t.prep.asOfNote(formatDate(prep.asOf))}
          {prep.client.phone && <> · <Tel phone={prep.client.phone} /></>}
        </p>
      </div>
      <div className={s.suggest}>
        <p className={s.suggestText}>
          {t.prep.suggested}: <span className={s.suggestType}>{t.prep.types[prep.suggestedType]}</span> — {prep.reason}
        </p>
        <div className={s.controls}>
          <TypeSelect action={prepHref} type={prep.type} asOf={asOfParam} />
          <PrintButton />
        </div>
        {prep.type !== prep.suggestedType && (
          <p className="small">
            <Link href={`${prepHref}?type=${prep.suggestedType}${asOfParam ? `&asOf=${asOfParam}` : ''}`}>{t.prep.backToSuggested(t.prep.types[prep.suggestedType])}</Link>
          </p>
        )}
      </div>
      <p className={`${s.window} muted`}>
        {w.since && w.daysSince !== null ? t.prep.since(formatDateTime(w.since), t.prep.daysAgo(w.daysSince)) : t.prep.noContact}
      </p>
      <PrepTicksProvider clientId={clientId} asOf={asOfParam} initial={ticked} keys={keys} readOnly={user.role === 'executive'}>
        <PrepSections prep={prep} />
      </PrepTicksProvider>
    </div>
  );
}
