// Справка: the product's own docs inside the app (issue 19): how every figure is computed
// (docs/metrics.md) and the extract contract (docs/extracts.md), in Russian or, with ?lang=en, in
// English. A «Как считается» link beside a figure (components/ui/how-link.tsx) opens
// /help/metrics#<anchor> at its definition. Signed-in users only, like every dashboard page.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import s from '@/components/docs/docs.module.css';
import { requirePageCaller } from '@/lib/auth/session';
import { helpDocFile, helpDocs, helpHref, helpLangs, isHelpDoc, parseHelpLang, readHelpDoc } from '@/lib/docs/read-doc';
import { t } from '@/lib/i18n/ru';

type Props = {
  params: Promise<{ doc: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const d = t.docs;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { doc } = await params;
  return { title: isHelpDoc(doc) ? `${d.titles[doc]} · ${d.title}` : t.common.notFoundTitle };
}

export default async function HelpPage({ params, searchParams }: Props) {
  await requirePageCaller();
  const { doc } = await params;
  if (!isHelpDoc(doc)) notFound();
  const lang = parseHelpLang((await searchParams).lang);
  const page = readHelpDoc(doc, lang, { tableClass: s.tableWrap });
  const sections = page.headings.reduce<Array<{ id: string; text: string; subs: Array<{ id: string; text: string }> }>>((acc, h) => {
    const id = h.anchor ?? h.id;
    if (h.level === 2) acc.push({ id, text: h.text, subs: [] });
    else acc[acc.length - 1]?.subs.push({ id, text: h.text });
    return acc;
  }, []);

  return (
    <>
      <div className="page-head">
        <h1>{page.title}</h1>
        <span className="muted">{d.title}</span>
      </div>
      <div className={s.bar}>
        <nav className="tabs" aria-label={d.title}>
          {helpDocs.map((x) => (
            <Link key={x} href={helpHref(x, lang)} className={x === doc ? 'tab active' : 'tab'} aria-current={x === doc ? 'page' : undefined}>{d.titles[x]}</Link>
          ))}
        </nav>
        <nav className={s.langs} aria-label={d.langLabel}>
          {helpLangs.map((l) => (
            <Link key={l} href={helpHref(doc, l)} lang={l} hrefLang={l} aria-current={l === lang ? 'page' : undefined}>{d.langs[l]}</Link>
          ))}
        </nav>
      </div>

      <div className={s.layout}>
        <nav className={s.toc} aria-labelledby="toc-h">
          <h2 id="toc-h" className={s.tocTitle}>{d.toc}</h2>
          <ul lang={lang}>
            {sections.map((x) => (
              <li key={x.id}>
                <a href={`#${x.id}`}>{x.text}</a>
                {x.subs.length > 0 && (
                  <ul className={s.sub}>
                    {x.subs.map((y) => <li key={y.id}><a href={`#${y.id}`}>{y.text}</a></li>)}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </nav>
        <div>
          {/* The HTML is the renderer's: every character of the doc escaped, only empty <a id> anchors passed through (lib/docs/markdown.ts). */}
          <article className={s.doc} lang={lang} dangerouslySetInnerHTML={{ __html: page.html }} />
          <p className={`muted small ${s.source}`}>{d.source(helpDocFile(doc, lang))}</p>
        </div>
      </div>
    </>
  );
}
