// The docs' Markdown renderer (lib/docs/markdown.ts): what the docs use renders, and nothing of
// the source reaches the page as markup except empty `<a id>` anchors.
import { describe, expect, it } from 'vitest';
import { escapeHtml, markdownLinks, renderMarkdown, slugify } from '@/lib/docs/markdown';

const html = (md: string, opts = {}) => renderMarkdown(md, opts).html;

describe('blocks', () => {
  it('headings get ids from their text, unique in the document; Cyrillic is kept', () => {
    const r = renderMarkdown('# Как считается\n\n## Оплаты\n\n### % оплат за месяц\n\n## Оплаты');
    expect(r.headings.map((h) => [h.level, h.id])).toEqual([[1, 'как-считается'], [2, 'оплаты'], [3, 'оплат-за-месяц'], [2, 'оплаты-2']]);
    expect(r.html).toContain('<h3 id="оплат-за-месяц">% оплат за месяц</h3>');
  });

  it('an anchor line passes through and names the heading after it', () => {
    const r = renderMarkdown('<a id="payment-pct"></a>\n### % оплат\n\ntext <a id="inline"></a> here');
    expect(r.html).toContain('<a id="payment-pct"></a>\n<h3 id="оплат">');
    expect(r.anchors).toEqual(['payment-pct', 'inline']);
    expect(r.headings[0].anchor).toBe('payment-pct');
  });

  it('paragraphs join their lines; blank lines separate them', () => {
    expect(html('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>');
  });

  it('bullet and numbered lists, nested by indentation, with continuation lines', () => {
    expect(html('- a\n  more\n  - b\n  - c\n- d')).toBe('<ul><li>a\nmore\n<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>');
    expect(html('1. one\n2. two\n\n3. three')).toBe('<ol><li>one</li><li>two</li><li>three</li></ol>');
    expect(html('4. four')).toBe('<ol start="4"><li>four</li></ol>');
  });

  it('pipe tables with alignment, escaped pipes and inline markup; wrapped when asked', () => {
    const out = html('| a | b |\n|:--|--:|\n| `x\\|y` | **b** |\n| short |', { tableClass: 'wrap' });
    expect(out).toBe('<div class="wrap" tabindex="0"><table><thead><tr><th style="text-align:left">a</th><th style="text-align:right">b</th></tr></thead>'
      + '<tbody><tr><td style="text-align:left"><code>x|y</code></td><td style="text-align:right"><strong>b</strong></td></tr>'
      + '<tr><td style="text-align:left">short</td><td style="text-align:right"></td></tr></tbody></table></div>');
  });

  it('fenced code is escaped and keeps its lines', () => {
    expect(html('```json\n{"a": "<b>"}\n  x\n```\nafter')).toBe('<pre><code class="language-json">{&quot;a&quot;: &quot;&lt;b&gt;&quot;}\n  x</code></pre>\n<p>after</p>');
  });

  it('quotes, rules; comments are dropped', () => {
    expect(html('> quoted\n> on\n\n---\n\n<!-- generated\nsecond line -->\ntext')).toBe('<blockquote><p>quoted\non</p></blockquote>\n<hr>\n<p>text</p>');
  });
});

describe('inline', () => {
  it('code, bold, italic, escapes', () => {
    expect(html('`a*b*` **bold *it*** *em* 2 * 3 \\*lit\\* snake_case_name')).toBe(
      '<p><code>a*b*</code> <strong>bold <em>it</em></strong> <em>em</em> 2 * 3 *lit* snake_case_name</p>');
  });

  it('links go through the resolver; null leaves the text', () => {
    const link = (h: string) => (h.endsWith('.ts') ? null : `/help/${h}`);
    expect(html('[metrics](metrics.md#pace) and [`lib/x.ts`](../lib/x.ts)', { link })).toBe(
      '<p><a href="/help/metrics.md#pace">metrics</a> and <code>lib/x.ts</code></p>');
  });

  it('external links get rel=noopener; an address may hold parentheses', () => {
    expect(html('[w](https://e.com/a_(b))')).toBe('<p><a href="https://e.com/a_(b)" rel="noopener noreferrer">w</a></p>');
  });

  it('markdownLinks lists the addresses as the renderer reads them', () => {
    expect(markdownLinks('[a](x.md) `[not](a link)` [b](#c)\n\n| [t](y.md#z) |\n|---|')).toEqual(['x.md', '#c', 'y.md#z']);
  });
});

describe('no markup from the source', () => {
  it.each([
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
    ['<a id="x" onclick="alert(1)"></a>', '<p>&lt;a id=&quot;x&quot; onclick=&quot;alert(1)&quot;&gt;&lt;/a&gt;</p>'],
    ['<a id="x"><b>in</b></a>', '<p>&lt;a id=&quot;x&quot;&gt;&lt;b&gt;in&lt;/b&gt;&lt;/a&gt;</p>'],
    ['[x](javascript:alert(1))', '<p>x</p>'],
    ['[x](JaVaScRiPt:alert(1))', '<p>x</p>'],
    ['[x](data:text/html,<b>)', '<p>x</p>'],
    ['[x](" onmouseover="alert(1))', '<p><a href="&quot;">x</a></p>'],
    ['# <i>t</i>', '<h1 id="iti">&lt;i&gt;t&lt;/i&gt;</h1>'],
    ['| <b> |\n|---|\n| & |', '<table><thead><tr><th>&lt;b&gt;</th></tr></thead><tbody><tr><td>&amp;</td></tr></tbody></table>'],
  ])('%s', (md, want) => expect(html(md)).toBe(want));

  it('a resolver cannot bring a dangerous scheme back', () => {
    expect(html('[x](y)', { link: () => 'javascript:alert(1)' })).toBe('<p>x</p>');
  });

  it('escapeHtml covers attribute quotes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('slugify keeps letters and digits only', () => {
    expect(slugify('§4a. DuckDB: engine faults (1.5.5)')).toBe('4a-duckdb-engine-faults-155');
    expect(slugify('Ёлка «тест»')).toBe('елка-тест');
    expect(slugify('***')).toBe('section');
  });
});
