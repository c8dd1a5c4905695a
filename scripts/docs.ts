// Regenerate the extract contract docs from lib/load/contract.ts: npm run docs [-- --check]
// (docs/src/extracts.<lang>.md → docs/extracts[.<lang>].md; --check writes nothing, exits 1 if stale).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDocs, staleDocs } from '../lib/docs/generate';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const root = path.resolve(__dirname, '..');
const stale = staleDocs(root);
if (values.check) {
  for (const d of stale) process.stderr.write(`устарел: ${d.file} (запустите npm run docs)\n`);
  if (!stale.length) process.stdout.write('docs: актуальны\n');
  process.exit(stale.length ? 1 : 0);
}
for (const d of stale) writeFileSync(path.join(root, d.file), d.content);
const written = new Set(stale.map((d) => d.file));
process.stdout.write(`docs: ${generateDocs(root).map((d) => `${d.file}${written.has(d.file) ? ' (обновлён)' : ''}`).join(', ')}${written.size ? '' : ' — без изменений'}\n`);
