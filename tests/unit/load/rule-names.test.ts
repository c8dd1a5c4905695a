// Every rule key the loader can write has a Russian name on the Загрузки pages (issue 19): the
// keys are read from the loader's own source (the `[правило …]` of extract messages, the rule
// literals of the row checks and of the SQL that quarantines rows), so a new rule without a name
// fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { t } from '@/lib/i18n/ru';
import { extractRules, ruleName, rowRules, splitRule } from '@/lib/load/rules';

const dir = path.join(process.cwd(), 'lib/load');
const source = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
const all = (re: RegExp) => [...source.matchAll(re)].map((m) => m[1]);

/** Rule keys as the loader source writes them. */
const emitted = new Set([
  ...all(/\[правило ([a-z_]+)\]/g), //                   extract messages
  ...all(/'([a-z_]+)\$\{ERR_SEP\}'/g), //                a row's _e: 'duplicate${ERR_SEP}' || …
  ...all(/out\.push\(\[[^\n]*?, '([a-z_]+)',/g), //     validate-sql.ts checks(): [cond, 'rule', reason]
  // the CSV reader's lines: CASE WHEN … THEN 'encoding' ELSE 'format' END
  ...[...source.matchAll(/THEN '([a-z_]+)' ELSE '([a-z_]+)' END/g)].flatMap((m) => [m[1], m[2]]),
]);

describe('rule names', () => {
  it('the source scan finds the rules it should (guards the scan itself)', () => {
    for (const k of ['manifest', 'threshold', 'shrink', 'orphans', 'required', 'type', 'enum', 'pattern', 'range', 'absurd', 'date_range', 'deleted', 'duplicate', 'reference', 'format', 'encoding']) {
      expect(emitted, k).toContain(k);
    }
  });

  it('every rule the loader writes is listed in lib/load/rules.ts', () => {
    const listed = new Set<string>([...rowRules, ...extractRules]);
    expect([...emitted].filter((k) => !listed.has(k))).toEqual([]);
  });

  it('every listed rule has a Russian name; row rules also the text specialists read', () => {
    for (const k of [...rowRules, ...extractRules]) {
      expect(t.loadInfo.ruleNames[k], k).toMatch(/^[А-ЯЁ]/);
      expect(ruleName(k)).not.toBe(k);
    }
    for (const k of rowRules) expect(t.loadInfo.rules[k], k).toBeTruthy();
    expect(ruleName('someday_new')).toBe('someday_new');
  });

  it('a message is split from its rule mark, at the end or before the examples', () => {
    expect(splitRule('payments.csv: пустой файл (0 байт) [правило empty]')).toEqual({ text: 'payments.csv: пустой файл (0 байт)', rule: 'empty' });
    expect(splitRule('p.csv: отклонено 5 из 10 строк — больше порога [правило threshold]. Например: p.csv:2: type — …'))
      .toEqual({ text: 'p.csv: отклонено 5 из 10 строк — больше порога. Например: p.csv:2: type — …', rule: 'threshold' });
    expect(splitRule('выгрузка X применена')).toEqual({ text: 'выгрузка X применена', rule: null });
  });
});
