// A small Markdown renderer for the product's own docs (docs/*.md), so /help/<doc> shows them
// without a dependency. It covers what the docs use and nothing more: ATX headings (each gets an
// id from its text), paragraphs, bullet and numbered lists (nested by indentation), pipe tables
// with alignment, fenced code, block quotes, rules, and inline code, **bold**, *italic*, [links](…)
// and backslash escapes. Every character of the source is HTML-escaped; the only markup passed
// through is an empty anchor `<a id="…"></a>` (the stable ids of lib/docs/anchors.ts). HTML
// comments are dropped (the generated docs mark their source with one). Links pass through
// `link`, which may rewrite them or drop them to plain text; a scheme other than http(s) or mailto
// is always dropped. Pure: no I/O, so the page, the generator and the tests share it.

export interface MarkdownHeading {
  level: number;
  id: string;
  /** The heading's text without Markdown. */
  text: string;
  /** The `<a id>` anchor right before the heading, if any: its stable id. */
  anchor?: string;
}

export interface RenderOptions {
  /** The href a link should get, or null to show only its text. Default: the href itself. */
  link?: (href: string) => string | null;
  /** Class of the box each table is wrapped in (so a wide table scrolls inside it). */
  tableClass?: string;
}

export interface RenderedMarkdown {
  html: string;
  headings: MarkdownHeading[];
  /** Ids of the `<a id>` anchors, in document order. */
  anchors: string[];
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** HTML-escape text (also fit for attribute values). */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

/** An anchor id: a letter, then letters, digits, `-` or `_`. */
const ANCHOR = /^<a id="([A-Za-z][\w-]*)"><\/a>/;
const ANCHOR_LINE = /^\s*<a id="([A-Za-z][\w-]*)"><\/a>\s*$/;
const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([\w+-]*)[^`]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const TABLE_SEP = /^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$/;
const QUOTE = /^ {0,3}> ?/;
const COMMENT_START = /^ {0,3}<!--/;
/** Characters a backslash makes literal. */
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!|<>~"]/;

/** The safe part of link handling: http(s), mailto and scheme-less (relative) hrefs only. */
function safeHref(href: string): string | null {
  const h = href.trim();
  if (!h) return null;
  if (/^(?:https?:|mailto:)/i.test(h)) return h;
  // Any other scheme (javascript:, data:, vbscript:, file:) is never a link.
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return null;
  return h;
}

/** The id of a heading: lower-case words joined by `-` (Cyrillic kept), unique in the document. */
export function slugify(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-').replace(/-+/g, '-') || 'section';
}

/** Text of inline Markdown without its markup (for heading ids and the table of contents). */
export function plainText(md: string): string {
  return md
    .replace(/<a id="[^"]*"><\/a>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/[`*]/g, '')
    .trim();
}

class Renderer {
  readonly headings: MarkdownHeading[] = [];
  readonly anchors: string[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly opts: RenderOptions) {}

  private uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}-${n}`;
    this.ids.add(id);
    return id;
  }

  private anchor(id: string): string {
    this.ids.add(id);
    this.anchors.push(id);
    return `<a id="${escapeHtml(id)}"></a>`;
  }

  /** Does `line` start a block other than a paragraph (so it ends a paragraph)? */
  private startsBlock(lines: string[], i: number): boolean {
    const line = lines[i];
    return HEADING.test(line) || FENCE.test(line) || QUOTE.test(line) || ANCHOR_LINE.test(line) || COMMENT_START.test(line)
      || RULE.test(line) || /^ {0,3}[-*+][ \t]+\S/.test(line) || this.isTableStart(lines, i);
  }

  private isTableStart(lines: string[], i: number): boolean {
    return lines[i].includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]) && lines[i + 1].includes('-');
  }

  /** Render a sequence of block lines; `tight` leaves paragraphs unwrapped (list items). */
  blocks(lines: string[], tight = false): string {
    const out: string[] = [];
    let i = 0;
    // The anchor line just before the current block (a heading takes it as its stable id).
    let anchorBefore: string | undefined;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) { i++; continue; }
      const anchor = anchorBefore;
      anchorBefore = undefined;

      if (COMMENT_START.test(line)) {
        while (i < lines.length && !lines[i].includes('-->')) i++;
        i++;
        continue;
      }

      const fence = FENCE.exec(line);
      if (fence) {
        const mark = fence[1];
        const closes = (l: string) => {
          const t = l.trim();
          return t.length >= mark.length && t === mark[0].repeat(t.length) && l.length - l.trimStart().length <= 3;
        };
        const body: string[] = [];
        i++;
        while (i < lines.length && !closes(lines[i])) body.push(lines[i++]);
        i++; // the closing fence (or the end)
        const lang = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
        out.push(`<pre><code${lang}>${escapeHtml(body.join('\n'))}</code></pre>`);
        continue;
      }

      const heading = HEADING.exec(line);
      if (heading) {
        const level = heading[1].length;
        const text = plainText(heading[2]);
        const id = this.uniqueId(slugify(text));
        this.headings.push(anchor ? { level, id, text, anchor } : { level, id, text });
        out.push(`<h${level} id="${escapeHtml(id)}">${this.inline(heading[2])}</h${level}>`);
        i++;
        continue;
      }

      const anchorLine = ANCHOR_LINE.exec(line);
      if (anchorLine) {
        out.push(this.anchor(anchorLine[1]));
        anchorBefore = anchorLine[1];
        i++;
        continue;
      }

      if (RULE.test(line)) {
        out.push('<hr>');
        i++;
        continue;
      }

      if (this.isTableStart(lines, i)) {
        i = this.table(lines, i, out);
        continue;
      }

      if (QUOTE.test(line)) {
        const body: string[] = [];
        while (i < lines.length && QUOTE.test(lines[i])) body.push(lines[i++].replace(QUOTE, ''));
        out.push(`<blockquote>${this.blocks(body)}</blockquote>`);
        continue;
      }

      if (LIST_ITEM.test(line)) {
        i = this.list(lines, i, out);
        continue;
      }

      const para: string[] = [line.trim()];
      i++;
      while (i < lines.length && lines[i].trim() && !this.startsBlock(lines, i)) para.push(lines[i++].trim());
      const html = this.inline(para.join('\n'));
      out.push(tight ? html : `<p>${html}</p>`);
    }
    return out.join('\n');
  }

  private table(lines: string[], start: number, out: string[]): number {
    const split = (row: string): string[] => {
      let s = row.trim();
      if (s.startsWith('|')) s = s.slice(1);
      if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
      return s.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
    };
    const head = split(lines[start]);
    const align = split(lines[start + 1]).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null));
    const cell = (tag: 'th' | 'td', text: string, k: number) => {
      const a = align[k];
      return `<${tag}${a ? ` style="text-align:${a}"` : ''}>${this.inline(text)}</${tag}>`;
    };
    let i = start + 2;
    const body: string[] = [];
    while (i < lines.length && lines[i].trim() && lines[i].includes('|')) {
      const cells = split(lines[i]);
      body.push(`<tr>${head.map((_, k) => cell('td', cells[k] ?? '', k)).join('')}</tr>`);
      i++;
    }
    const table = `<table><thead><tr>${head.map((h, k) => cell('th', h, k)).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
    // The box is a tab stop, so a keyboard can scroll a wide table sideways (axe scrollable-region-focusable).
    out.push(this.opts.tableClass ? `<div class="${escapeHtml(this.opts.tableClass)}" tabindex="0">${table}</div>` : table);
    return i;
  }

  private list(lines: string[], start: number, out: string[]): number {
    const first = LIST_ITEM.exec(lines[start])!;
    const indent = first[1].length;
    const ordered = /\d/.test(first[2]);
    const items: string[][] = [];
    let contentIndent = 0;
    let i = start;
    while (i < lines.length) {
      const line = lines[i];
      if (!line.trim()) {
        // A blank line ends the list unless the next text belongs to it.
        let j = i + 1;
        while (j < lines.length && !lines[j].trim()) j++;
        if (j >= lines.length) break;
        const next = LIST_ITEM.exec(lines[j]);
        const nextIndent = lines[j].length - lines[j].trimStart().length;
        if ((next && next[1].length === indent && /\d/.test(next[2]) === ordered) || nextIndent >= contentIndent) {
          items[items.length - 1].push('');
          i++;
          continue;
        }
        break;
      }
      const m = LIST_ITEM.exec(line);
      const lead = line.length - line.trimStart().length;
      if (m && m[1].length === indent) {
        if (/\d/.test(m[2]) !== ordered) break;
        contentIndent = m[0].length;
        items.push([line.slice(m[0].length)]);
        i++;
        continue;
      }
      if (m && m[1].length < indent) break;
      if (lead > indent) {
        items[items.length - 1].push(line.slice(Math.min(lead, contentIndent)));
        i++;
        continue;
      }
      // Lazy continuation of the item's paragraph.
      if (!this.startsBlock(lines, i) && !m) {
        items[items.length - 1].push(line.trim());
        i++;
        continue;
      }
      break;
    }
    const tag = ordered ? 'ol' : 'ul';
    const startNum = ordered ? Number.parseInt(first[2], 10) : 1;
    const startAttr = ordered && startNum !== 1 ? ` start="${startNum}"` : '';
    out.push(`<${tag}${startAttr}>${items.map((it) => `<li>${this.blocks(it, true)}</li>`).join('')}</${tag}>`);
    return i;
  }

  /** Inline Markdown to HTML: every character escaped, markup recognised as it is met. */
  inline(src: string): string {
    let out = '';
    let i = 0;
    while (i < src.length) {
      const ch = src[i];
      if (ch === '\\' && i + 1 < src.length && ESCAPABLE.test(src[i + 1])) {
        out += escapeHtml(src[i + 1]);
        i += 2;
        continue;
      }
      if (ch === '`') {
        const run = /^`+/.exec(src.slice(i))![0];
        const end = src.indexOf(run, i + run.length);
        if (end > 0) {
          let code = src.slice(i + run.length, end).replace(/\n/g, ' ');
          if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
          out += `<code>${escapeHtml(code)}</code>`;
          i = end + run.length;
          continue;
        }
        out += escapeHtml(run);
        i += run.length;
        continue;
      }
      if (ch === '<') {
        const a = ANCHOR.exec(src.slice(i));
        if (a) {
          out += this.anchor(a[1]);
          i += a[0].length;
          continue;
        }
      }
      if (ch === '[') {
        const link = this.link(src, i);
        if (link) {
          out += link.html;
          i = link.end;
          continue;
        }
      }
      if (ch === '*') {
        const strong = src.startsWith('**', i);
        const mark = strong ? '**' : '*';
        const from = i + mark.length;
        if (from < src.length && !/\s/.test(src[from])) {
          const end = this.closing(src, from, mark);
          if (end > from) {
            const tag = strong ? 'strong' : 'em';
            out += `<${tag}>${this.inline(src.slice(from, end))}</${tag}>`;
            i = end + mark.length;
            continue;
          }
        }
      }
      out += escapeHtml(ch);
      i++;
    }
    return out;
  }

  /** Index of the `mark` closing an emphasis opened before `from` (not after a space), or -1. */
  private closing(src: string, from: number, mark: string): number {
    for (let j = from; j < src.length; j++) {
      if (src[j] === '\\') { j++; continue; }
      if (src[j] === '`') {
        const run = /^`+/.exec(src.slice(j))![0];
        const end = src.indexOf(run, j + run.length);
        if (end > 0) { j = end + run.length - 1; continue; }
      }
      if (src.startsWith(mark, j) && !/\s/.test(src[j - 1])) {
        const run = /^\*+/.exec(src.slice(j))![0].length;
        // `**` closes at the end of its run (`**bold *it***`: the first `*` ends the inner emphasis).
        if (mark === '**') return j + run - 2;
        // A single `*` next to another is part of `**`, not this emphasis's end.
        if (run > 1 || src[j - 1] === '*') { j += run - 1; continue; }
        return j;
      }
    }
    return -1;
  }

  /** `[text](href)` at `at`: its HTML and where it ends, or null when it is not a link. */
  private link(src: string, at: number): { html: string; end: number } | null {
    let depth = 0;
    let j = at;
    for (; j < src.length; j++) {
      const c = src[j];
      if (c === '\\') { j++; continue; }
      if (c === '`') {
        const run = /^`+/.exec(src.slice(j))![0];
        const end = src.indexOf(run, j + run.length);
        if (end > 0) { j = end + run.length - 1; continue; }
      }
      if (c === '[') depth++;
      else if (c === ']' && --depth === 0) break;
    }
    if (j >= src.length || src[j + 1] !== '(') return null;
    // The address ends at the `)` that balances its `(` (an address may hold parentheses).
    let close = -1;
    for (let k = j + 2, open = 0; k < src.length && close < 0; k++) {
      if (src[k] === '(') open++;
      else if (src[k] === ')' && open-- === 0) close = k;
    }
    if (close < 0) return null;
    const text = src.slice(at + 1, j);
    // A title after the address (`(url "title")`) is not used; the address is the first word.
    const raw = src.slice(j + 2, close).trim().split(/\s+/)[0] ?? '';
    const resolved = (this.opts.link ?? ((h: string) => h))(raw);
    const href = resolved === null ? null : safeHref(resolved);
    const inner = this.inline(text);
    if (href === null) return { html: inner, end: close + 1 };
    const external = /^https?:/i.test(href) ? ' rel="noopener noreferrer"' : '';
    return { html: `<a href="${escapeHtml(href)}"${external}>${inner}</a>`, end: close + 1 };
  }
}

/** Render Markdown (the subset above) to HTML, with its headings and anchors. */
export function renderMarkdown(src: string, opts: RenderOptions = {}): RenderedMarkdown {
  const r = new Renderer(opts);
  const html = r.blocks(src.replace(/\r\n?/g, '\n').split('\n'));
  return { html, headings: r.headings, anchors: r.anchors };
}

/** Every link address in a Markdown text, as the renderer reads them (for link checks). */
export function markdownLinks(src: string): string[] {
  const hrefs: string[] = [];
  renderMarkdown(src, { link: (h) => { hrefs.push(h); return h; } });
  return hrefs;
}
