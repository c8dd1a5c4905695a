// ABC/XYZ and growth × share API benchmark: p50/p95 (ms, warm) of what each /api/v1/abc-xyz,
// /abc-xyz/transitions and /bcg route answers, on an existing warehouse opened directly (no HTTP, no
// auth lookup): the same parameter parsing and answer builder as the route, plus JSON.stringify of
// the answer (the routes send it). Executive scope unless the case says specialist (the one with the
// most clients). Prints a Markdown table and appends it, with the dataset size, to scripts/bench/ABC.md.
// Usage: npx tsx scripts/bench/abc.ts --data-dir <dir> [--runs 50] [--only <substring>]
// (--only: just the routes containing the substring, printed and not appended: for iterating.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchNodeFlags, rerunWithServerFlags } from './node-flags';
import { openBenchData } from '../../lib/bench/open-data';

const usage = 'Usage: npx tsx scripts/bench/abc.ts --data-dir <dir> [--runs 50] [--only <substring>]';
const here = path.dirname(__filename);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const fmt = (n: number, d = 1) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });
const progress = (s: string) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`); };

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, runs: { type: 'string', default: '50' }, only: { type: 'string' } } });
  const runs = Number(values.runs);
  if (!values['data-dir'] || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  if (!(await openBenchData(dataDir, 'abc'))) {
    process.stderr.write(`abc: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}\n`);
    return 2;
  }
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { parseAbcParamsStrict }, api, { reconcileDerivedNow, derivedEntry }] = await Promise.all([
    import('../../lib/db'), import('../../lib/abc/params'), import('../../lib/abc/api'), import('../../lib/derived/registry'),
  ]);
  type Scope = Parameters<typeof api.bcgAnswer>[1];
  const exec: Scope = { login: 'bench', role: 'executive' };

  try {
    const martStarted = performance.now();
    // Whatever the loader has not built yet (a warehouse of an older version): once, before timing.
    await reconcileDerivedNow();
    const martMs = performance.now() - martStarted;
    const [size] = await query<{ clients: number; sales: number; months: number; buildMs: number | null; wideMs: number | null }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, (SELECT count(*) FROM sales)::INTEGER AS sales,
             (SELECT count(DISTINCT month) FROM mart_sales_month)::INTEGER AS months,
             (SELECT build_ms FROM mart_state WHERE name = $state)::INTEGER AS "buildMs",
             (SELECT build_ms FROM mart_state WHERE name = $wide)::INTEGER AS "wideMs"`, { state: derivedEntry('ABC/XYZ marts').version, wide: derivedEntry('ABC/XYZ running sums').version });
    const [spec] = await query<{ id: string }>(`SELECT specialist_id AS id FROM clients WHERE specialist_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const specScope: Scope = { login: 'bench-spec', role: 'specialist', specialistId: spec.id };

    type Answer = (p: Awaited<ReturnType<typeof parseAbcParamsStrict>>, s: Scope) => Promise<unknown>;
    const route = (name: string, answer: Answer) => (qs: string, scope: Scope = exec, who = '') => ({
      api: `${name}${qs ? `?${qs}` : ''}${who}`,
      call: async () => JSON.stringify(await answer(await parseAbcParamsStrict(new URLSearchParams(qs)), scope)).length,
    });
    const abc = route('/abc-xyz', api.abcXyzAnswer);
    const tr = route('/abc-xyz/transitions', api.transitionsAnswer);
    const bcg = route('/bcg', api.bcgAnswer);
    const spc = ' (специалист)';
    // The whole list as a CSV file (?format=csv): a download, reported beside the API, not held to its target.
    const csv = (qs: string) => ({
      api: `/abc-xyz?${qs}${qs ? '&' : ''}format=csv (выгрузка)`,
      call: async () => Buffer.byteLength((await api.abcXyzCsv(await parseAbcParamsStrict(new URLSearchParams(qs)), exec)).text),
    });
    const cases = [
      abc(''), abc('metric=gross_profit'), abc('metric=sales_count'), abc('cell=A-X'), abc('months=6'), abc('asOf=2026-10-31'), abc('limit=10000'),
      csv(''),
      abc('', specScope, spc),
      tr(''), tr('from=A&to=B'), tr('shift=3'),
      bcg(''), bcg('by=holding'), bcg('by=segment'), bcg('by=team'), bcg('by=specialist'), bcg('months=6'), bcg('', specScope, spc),
    ];

    const asOf = (await parseAbcParamsStrict(new URLSearchParams())).asOf;
    const lines: string[] = [];
    for (const c of values.only ? cases.filter((x) => x.api.includes(values.only!)) : cases) {
      progress(`${c.api}: прогрев`);
      const bytes = await c.call();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        progress(`${c.api}: ${i + 1}/${runs}`);
        const t = performance.now();
        await c.call();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      lines.push(`| \`${c.api}\` | ${fmt(percentile(ms, 50))} | ${fmt(percentile(ms, 95))} | ${fmt(ms[ms.length - 1])} | ${fmt(bytes / 1024, 0)} |`);
    }
    progress('');
    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${size.clients.toLocaleString('ru-RU')} клиентов × ${size.months} мес., ${size.sales.toLocaleString('ru-RU')} продаж; D = ${asOf}`,
      '',
      `${runs} прогонов после прогрева, роль executive (кроме отмеченных); ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version} (\`${benchNodeFlags()}\`, как у сервера); время включает JSON.stringify ответа. Построение витрин продаж в транзакции загрузки: ${size.buildMs === null ? '—' : `${fmt(size.buildMs / 1000)} с`}, затем сумм нарастающим итогом: ${size.wideMs === null ? '—' : `${fmt(size.wideMs / 1000)} с`}${martMs > 1000 ? ` (здесь — достроены перед замером за ${fmt(martMs / 1000)} с)` : ''}.`,
      '',
      '| API (`GET /api/v1…`) | p50, мс | p95, мс | max, мс | ответ, КиБ |',
      '|---|---:|---:|---:|---:|',
      ...lines, '',
    ].join('\n');
    process.stdout.write(`\n${table}\n`);
    if (values.only) return 0;
    const file = path.join(here, 'ABC.md');
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, [
        '# ABC/XYZ and growth × share API benchmark',
        '',
        'Written by `scripts/bench/abc.ts` (`flock /tmp/g200k.lock nice -n -5 npx tsx scripts/bench/abc.ts --data-dir /tmp/g200k`).',
        'Target: p95 ≤ 150 ms at 200,000 clients × 24 months of sales (issue 7).',
        '',
      ].join('\n'));
    }
    fs.appendFileSync(file, `\n${table}`);
    return 0;
  } finally {
    await closeDb();
  }
}

rerunWithServerFlags().then((code) => code ?? main()).then((code) => process.exit(code), (e) => {
  process.stderr.write(`abc: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
