// Reads during a load (issue 8): loads a generated full extract of --clients clients (24 months)
// into a warehouse already holding a smaller company, in this process as the app's watcher does,
// while one client queries the head's board back to back; prints and appends to
// scripts/bench/LIVE.md the query p50/p95 without a load and during it, and the load time.
// Usage: npx tsx scripts/bench/load-while-querying.ts [--clients 20000] [--dir /tmp/live-bench]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = path.dirname(__filename);
const fmt = (n: number, d = 1) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: '20000' }, dir: { type: 'string', default: path.join(os.tmpdir(), 'live-bench') } } });
  const clients = Number(values.clients);
  if (!Number.isInteger(clients) || clients < 100) {
    process.stderr.write('Usage: npx tsx scripts/bench/load-while-querying.ts [--clients 20000] [--dir DIR]\n');
    return 2;
  }
  const dir = path.resolve(values.dir!);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'inbox'), { recursive: true });
  process.env.DATA_DIR = dir;
  const [{ closeDb }, { generateCompany }, { loadExtract, loadInbox }, { measureWhileLoading }] = await Promise.all([
    import('../../lib/db'), import('../../lib/generate'), import('../../lib/load'), import('../../lib/live/measure'),
  ]);
  try {
    const small = Math.max(300, Math.round(clients / 10));
    process.stderr.write(`Компания до загрузки: ${small} клиентов…\n`);
    await generateCompany({ clients: small, months: 24, seed: 5, asOf: '2026-11-19', out: path.join(dir, 'inbox') });
    if ((await loadInbox()).some((r) => r.outcome !== 'applied')) throw new Error('small company not applied');
    process.stderr.write(`Большая полная выгрузка: ${clients} клиентов…\n`);
    const g = await generateCompany({ clients, months: 24, seed: 6, asOf: '2026-11-20', out: path.join(dir, 'big') });
    process.stderr.write(`Загружаю ${g.totalRows.toLocaleString('ru-RU')} строк и опрашиваю…\n`);
    const r = await measureWhileLoading(() => loadExtract(path.join(dir, 'big', g.extracts[0].id)), { asOf: '2026-11-19', baselineMs: 15_000 });
    if (r.load.outcome !== 'applied') throw new Error(`load ${r.load.outcome}: ${r.load.message}`);
    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: полная выгрузка ${g.totalRows.toLocaleString('ru-RU')} строк (${clients.toLocaleString('ru-RU')} клиентов × 24 мес.) поверх ${small.toLocaleString('ru-RU')} клиентов`,
      '',
      `${os.cpus().length} ядра, Node ${process.version}. Один клиент без пауз запрашивает доску руководителя (месяц по отделам, два месяца, прогноз по отделам); загрузка в том же процессе, как у наблюдателя входящей папки. Загрузка (с витринами): ${fmt(r.loadMs / 1000)} с.`,
      '',
      '| | запросов | p50, мс | p95, мс | max, мс |',
      '|---|---:|---:|---:|---:|',
      `| без загрузки | ${r.without.n} | ${fmt(r.without.p50)} | ${fmt(r.without.p95)} | ${fmt(r.without.max)} |`,
      `| во время загрузки | ${r.during.n} | ${fmt(r.during.p50)} | ${fmt(r.during.p95)} | ${fmt(r.during.max)} |`,
      '',
      `p95 во время / без: ×${fmt(r.during.p95 / r.without.p95, 2)} (цель ≤ ×3). Ошибок запросов: ${r.failures.length}.`,
      '',
    ].join('\n');
    const file = path.join(here, 'LIVE.md');
    if (!fs.existsSync(file)) fs.writeFileSync(file, '# Queries during a load\n\nAppended by `npx tsx scripts/bench/load-while-querying.ts [--clients 20000]` (issue 8: reads never wait for a load).\n\n');
    fs.appendFileSync(file, `${table}\n`);
    process.stdout.write(`\n${table}\n`);
    return r.failures.length ? 1 : 0;
  } finally {
    await closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then((c) => process.exit(c), (e) => {
  process.stderr.write(`load-while-querying: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
