// The product's docs as the /help pages show them: docs/<doc>.md (Russian) or docs/<doc>.en.md,
// read from the repository at request time (a docs change needs no rebuild) and rendered by
// lib/docs/markdown.ts. Links between the docs become links between the help pages; links to
// files of the repository (code, README) are shown as text, since the app does not serve them.
import fs from 'node:fs';
import path from 'node:path';
import { renderMarkdown, type MarkdownHeading } from './markdown';

export const helpDocs = ['metrics', 'extracts'] as const;
export type HelpDoc = (typeof helpDocs)[number];
export const helpLangs = ['ru', 'en'] as const;
export type HelpLang = (typeof helpLangs)[number];

export const isHelpDoc = (s: string): s is HelpDoc => (helpDocs as readonly string[]).includes(s);

/** `?lang=` of a help page: `en`, else Russian (a bad value is not an error). */
export function parseHelpLang(v: string | string[] | undefined): HelpLang {
  return v === 'en' ? 'en' : 'ru';
}

/** The doc's file, relative to the repository. */
export const helpDocFile = (doc: HelpDoc, lang: HelpLang): string => `docs/${doc}${lang === 'ru' ? '' : `.${lang}`}.md`;

/** The help page of a doc (with `#anchor` when given). */
export function helpHref(doc: HelpDoc, lang: HelpLang = 'ru', anchor?: string): string {
  return `/help/${doc}${lang === 'ru' ? '' : `?lang=${lang}`}${anchor ? `#${anchor}` : ''}`;
}

/** Where a link inside a doc goes in the app, or null to show its text only. */
export function helpLink(href: string): string | null {
  if (href.startsWith('#') || /^(?:https?:|mailto:)/i.test(href)) return href;
  const m = /^(?:\.\/)?([a-z]+)(?:\.(en))?\.md(?:#([\w-]+))?$/.exec(href);
  if (m && isHelpDoc(m[1])) return helpHref(m[1], m[2] === 'en' ? 'en' : 'ru', m[3]);
  return null;
}

export interface HelpPage {
  doc: HelpDoc;
  lang: HelpLang;
  /** The doc's own title (its first-level heading). */
  title: string;
  /** The body after the title, as HTML (escaped; see lib/docs/markdown.ts). */
  html: string;
  /** Second- and third-level headings, for the table of contents. */
  headings: MarkdownHeading[];
}

/** Read and render one doc; `tableClass` wraps its tables (they scroll on a phone). */
export function readHelpDoc(doc: HelpDoc, lang: HelpLang, opts: { tableClass?: string } = {}, root = process.cwd()): HelpPage {
  // turbopackIgnore: the docs are read where the app runs, not traced into the build.
  const src = fs.readFileSync(path.join(/*turbopackIgnore: true*/ root, helpDocFile(doc, lang)), 'utf8');
  const m = /^(?:<!--[\s\S]*?-->\s*)?#[ \t]+(.+)\n/.exec(src);
  const body = m ? src.slice(m.index + m[0].length) : src;
  const r = renderMarkdown(body, { link: helpLink, tableClass: opts.tableClass });
  return { doc, lang, title: m ? m[1].trim() : doc, html: r.html, headings: r.headings.filter((h) => h.level === 2 || h.level === 3) };
}
