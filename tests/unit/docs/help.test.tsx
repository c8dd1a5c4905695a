// The /help pages' reading of the docs (lib/docs/read-doc.ts) and the «Как считается» link
// (components/ui/how-link.tsx): every metric anchor is on the page the link opens.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HowLink } from '@/components/ui/how-link';
import { METRIC_DOCS, metricDocHref, metricDocIds } from '@/lib/docs/anchors';
import { helpDocs, helpHref, helpLangs, helpLink, parseHelpLang, readHelpDoc } from '@/lib/docs/read-doc';
import { t } from '@/lib/i18n/ru';

describe('readHelpDoc', () => {
  it.each(helpDocs.flatMap((doc) => helpLangs.map((lang) => [doc, lang] as const)))('%s (%s) renders with its title apart and a table of contents', (doc, lang) => {
    const page = readHelpDoc(doc, lang, { tableClass: 'wrap' });
    expect(page.title.length).toBeGreaterThan(5);
    expect(page.html).not.toContain('<h1');
    expect(page.html).not.toContain('<!--');
    expect(page.headings.filter((h) => h.level === 2).length).toBeGreaterThan(3);
    expect(page.html).toContain('<div class="wrap" tabindex="0"><table>');
  });

  it('the metrics page holds every anchor a «Как считается» link opens, in both languages', () => {
    for (const lang of helpLangs) {
      const { html } = readHelpDoc('metrics', lang);
      for (const id of metricDocIds) expect(html, `${lang}: ${id}`).toContain(`<a id="${id}"></a>`);
    }
  });

  it('links between the docs become help pages; repository files stay text', () => {
    const { html } = readHelpDoc('metrics', 'ru');
    expect(html).toContain('<a href="/help/extracts">');
    expect(html).toContain('<a href="/help/metrics?lang=en">');
    expect(html).not.toMatch(/href="\.\.\/lib\//);
    expect(html).toContain('<code>lib/metrics/payment-rate.ts</code>');
  });
});

describe('helpLink and helpHref', () => {
  it.each([
    ['metrics.md#pace', '/help/metrics#pace'],
    ['extracts.en.md', '/help/extracts?lang=en'],
    ['./extracts.md#rule-file', '/help/extracts#rule-file'],
    ['#as-of', '#as-of'],
    ['https://duckdb.org', 'https://duckdb.org'],
    ['stack-notes.md', null],
    ['../lib/load/contract.ts', null],
    ['../README.md', null],
  ])('%s → %s', (href, want) => expect(helpLink(href)).toBe(want));

  it('?lang= falls back to Russian', () => {
    expect([parseHelpLang('en'), parseHelpLang('de'), parseHelpLang(undefined), parseHelpLang(['en'])]).toEqual(['en', 'ru', 'ru', 'ru']);
    expect(helpHref('metrics', 'en', 'pace')).toBe('/help/metrics?lang=en#pace');
  });
});

describe('HowLink', () => {
  it('a small link to the definition, named for its figure', () => {
    const out = renderToStaticMarkup(<HowLink anchor={METRIC_DOCS.paymentPct} />);
    expect(metricDocHref(METRIC_DOCS.paymentPct)).toBe('/help/metrics#payment-pct');
    expect(out).toContain('href="/help/metrics#payment-pct"');
    expect(out).toContain(`aria-label="Как считается: ${t.docs.metricNames['payment-pct']}"`);
    expect(out).toContain(`title="Как считается: % оплат за месяц"`);
    expect(out).toMatch(/>Как считается<\/a>$/);
  });
});
