// Platform benchmark: for each size (clients × 24 months) generate the company, load it into a
// fresh warehouse, and load the same CSVs with DuckDB's plain read_csv for comparison. Records
// times, rows/s, peak memory per step and warehouse size into scripts/bench/RESULTS.md.
// Usage: npm run bench [-- --sizes 2000,200000 --keep]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '2000,200000' }, keep: { type: 'boolean', default: false } } });
const sizes = values.sizes!.split(',').map(Number);
const here = path.dirname(__filename);

type StepResult = { step: string; seconds: number; rows: number; maxRssMb: number; warehouseMb?: number; outcomes?: string[] };
const run = (step: string, dir: string, clients: number): StepResult => {
  const out = execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', path.join(here, 'platform-step.ts'), step, dir, String(clients)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as StepResult;
};

const fmt = (n: number, d = 1) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });
const lines: string[] = [];
for (const clients of sizes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${clients}-`));
  process.stderr.write(`\n== ${clients} клиентов × 24 месяца (${dir})\n`);
  const gen = run('generate', dir, clients);
  process.stderr.write(`генерация: ${fmt(gen.seconds)} с, ${gen.rows} строк, пик ${fmt(gen.maxRssMb, 0)} МБ\n`);
  const load = run('load', dir, clients);
  process.stderr.write(`загрузка: ${fmt(load.seconds)} с, ${load.rows} строк, пик ${fmt(load.maxRssMb, 0)} МБ, ${load.outcomes?.join(',')}\n`);
  const plain = run('read_csv', dir, clients);
  process.stderr.write(`read_csv: ${fmt(plain.seconds)} с, ${plain.rows} строк\n`);
  lines.push(`| ${clients.toLocaleString('ru-RU')} | ${gen.rows.toLocaleString('ru-RU')} | ${fmt(gen.seconds)} | ${fmt(gen.maxRssMb, 0)} | ${fmt(load.seconds)} | ${Math.round(load.rows / load.seconds).toLocaleString('ru-RU')} | ${fmt(load.maxRssMb, 0)} | ${fmt(load.warehouseMb ?? 0)} | ${fmt(plain.seconds)} | ${fmt(load.seconds / plain.seconds, 2)}× |`);
  if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
}
const table = [
  `### ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version}`,
  '',
  '| клиентов | строк | генерация, с | пик генерации, МБ | загрузка, с | строк/с | пик загрузки, МБ | хранилище, МБ | read_csv, с | загрузка / read_csv |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...lines, '',
].join('\n');
fs.appendFileSync(path.join(here, 'RESULTS.md'), `${table}\n`);
process.stdout.write(`\n${table}\n`);
