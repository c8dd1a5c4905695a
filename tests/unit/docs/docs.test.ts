// The product documents itself (issue 19): the extract contract docs are what lib/load/contract.ts
// and their templates give (regenerated here in memory), the metric docs carry every anchor the
// «Как считается» links use in both languages, every relative link of README.md and docs/*.md
// points at a file (and anchor) of the repository, and nothing points outside it (../shared).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_DOCS, metricDocIds } from '@/lib/docs/anchors';
import { buildExtractsDoc, COLUMN_NOTES, docLangs, extractsDocPath, extractsTemplatePath, RULE_DOCS } from '@/lib/docs/extracts-doc';
import { generateDocs, staleDocs } from '@/lib/docs/generate';
import { markdownLinks, renderMarkdown } from '@/lib/docs/markdown';
import { contract, tableNames, type ColumnSpec } from '@/lib/load/contract';
import { extractRules, rowRules } from '@/lib/load/rules';
import { t } from '@/lib/i18n/ru';

const root = path.resolve(__dirname, '../../..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
/** README.md and the top-level docs (docs/src holds templates, checked through their output). */
const linkedFiles = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
/** Heading ids and `<a id>` anchors of a Markdown file: what a `#fragment` may name. */
const ids = new Map<string, Set<string>>();
const idsOf = (rel: string): Set<string> => {
  if (!ids.has(rel)) {
    const r = renderMarkdown(read(rel));
    ids.set(rel, new Set([...r.anchors, ...r.headings.map((h) => h.id)]));
  }
  return ids.get(rel)!;
};
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('docs/extracts.md is generated from the contract', () => {
  it.each(docLangs)('%s: the committed file is what npm run docs writes', (lang) => {
    const want = buildExtractsDoc(lang, read(extractsTemplatePath(lang)));
    const file = extractsDocPath(lang);
    const have = fs.existsSync(path.join(root, file)) ? read(file) : '(missing)';
    expect(have, `${file} differs from what lib/load/contract.ts and ${extractsTemplatePath(lang)} give: run npm run docs`).toBe(want);
  });

  it('a change to the contract makes the committed docs stale (so the check above can fail)', () => {
    expect(staleDocs(root), 'run npm run docs').toEqual([]);
    const spec = contract.teams as unknown as { columns: ColumnSpec[] };
    const before = spec.columns;
    spec.columns = [...before, { name: 'budget_code', kind: 'text', required: true }];
    try {
      const stale = staleDocs(root).map((d) => d.file);
      expect(stale).toEqual(docLangs.map(extractsDocPath));
      expect(generateDocs(root)[0].content).toContain('| `budget_code` | `text` | да |');
    } finally {
      spec.columns = before;
    }
    expect(staleDocs(root)).toEqual([]);
  });

  it('every table and column of the contract is in both languages', () => {
    for (const lang of docLangs) {
      const doc = read(extractsDocPath(lang));
      for (const table of tableNames) {
        expect(doc).toContain(`<a id="table-${table}"></a>`);
        for (const c of contract[table].columns) expect(doc, `${lang}: ${table}.${c.name}`).toContain(`| \`${c.name}\` | \`${c.kind}\` |`);
      }
    }
  });

  it('a template without a marker, or with an unknown one, is refused', () => {
    const tpl = read(extractsTemplatePath('en'));
    expect(() => buildExtractsDoc('en', tpl.replace('<!-- contract:rules -->', ''))).toThrow(/contract:rules/);
    expect(() => buildExtractsDoc('en', `${tpl}\n<!-- contract:nope -->\n`)).toThrow(/unknown marker/);
  });

  it('column notes name columns that exist', () => {
    for (const key of Object.keys(COLUMN_NOTES)) {
      const [table, column] = key.split('.');
      const spec = contract[table as keyof typeof contract];
      expect(spec?.columns.some((c) => c.name === column), key).toBe(true);
    }
  });

  it('the rules table lists exactly the rules the loader writes', () => {
    const dir = path.join(root, 'lib/load');
    const inMessages = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))
      .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/\[правило ([a-z_]+)\]/g)].map((m) => m[1]));
    const loader = new Set([...inMessages, ...Object.keys(t.loadInfo.rules), ...rowRules, ...extractRules]);
    expect(sorted(Object.keys(RULE_DOCS))).toEqual(sorted(loader));
  });

  it('both languages have the same anchors', () => {
    const [ru, en] = docLangs.map((lang) => renderMarkdown(read(extractsDocPath(lang))).anchors);
    expect(en).toEqual(ru);
  });
});

describe('docs/metrics.md', () => {
  it.each(['docs/metrics.md', 'docs/metrics.en.md'])('%s has every anchor of lib/docs/anchors.ts, once, and no other', (file) => {
    const anchors = renderMarkdown(read(file)).anchors;
    expect(anchors.length, 'an anchor appears twice').toBe(new Set(anchors).size);
    expect(sorted(anchors)).toEqual(sorted(metricDocIds));
  });

  it('anchors are unique, and each has a name for its «Как считается» link', () => {
    expect(new Set(metricDocIds).size).toBe(Object.keys(METRIC_DOCS).length);
    expect(sorted(Object.keys(t.docs.metricNames))).toEqual(sorted(metricDocIds));
  });

  it('every definition is a heading right after its anchor, in both languages', () => {
    for (const file of ['docs/metrics.md', 'docs/metrics.en.md']) {
      const withHeading = renderMarkdown(read(file)).headings.flatMap((h) => (h.anchor ? [h.anchor] : []));
      expect(sorted(withHeading), file).toEqual(sorted(metricDocIds));
    }
  });
});

describe('links', () => {
  it.each(linkedFiles)('%s: every relative link points at a file (and anchor) of the repository', (file) => {
    const problems: string[] = [];
    for (const href of markdownLinks(read(file))) {
      if (/^(?:https?:|mailto:)/i.test(href)) continue;
      const [target, fragment] = href.split('#');
      const abs = target ? path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(target)) : path.join(root, file);
      if (abs !== root && !abs.startsWith(`${root}${path.sep}`)) { problems.push(`${href}: outside the repository`); continue; }
      if (!fs.existsSync(abs)) { problems.push(`${href}: no such file`); continue; }
      if (fragment && abs.endsWith('.md') && !idsOf(path.relative(root, abs)).has(decodeURIComponent(fragment))) problems.push(`${href}: no such anchor`);
    }
    expect(problems).toEqual([]);
  });

  it.each(linkedFiles)('%s: nothing refers to ../shared (a clone of the product does not have it)', (file) => {
    expect(read(file)).not.toMatch(/\.\.\/shared/);
  });

  it('no comment in lib/ cites ../shared', () => {
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && fs.readFileSync(p, 'utf8').includes('../shared')) hits.push(path.relative(root, p));
      }
    };
    walk(path.join(root, 'lib'));
    expect(hits).toEqual([]);
  });
});
