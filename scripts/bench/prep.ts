// Preparation checklist benchmark: p50/p95 (ms, warm process) of the call behind
// GET /api/v1/clients/<id>/preparation (the route's own parameter parser, then getPreparation with the
// caller's ticks) for a seeded random sample of clients, each with a random contact type or none (the
// suggested one), as an executive and as the client's own specialist; then Мой день and the bell for a
// sample of specialists. Opens an existing warehouse directly (no HTTP, no auth lookup). Prints a
// Markdown table and appends it to scripts/bench/PREP.md.
// Usage: npx tsx --conditions=react-server scripts/bench/prep.ts --data-dir <dir> [--sample 300] [--specialists 30] [--seed 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBenchData } from '../../lib/bench/open-data';

const usage = 'Usage: npx tsx --conditions=react-server scripts/bench/prep.ts --data-dir <dir> [--sample 300] [--specialists 30] [--seed 1]';
const here = path.dirname(__filename);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
/** mulberry32: a small seeded PRNG, so the sample is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** `k` distinct row numbers in 1..n. */
function pick(next: () => number, n: number, k: number): number[] {
  const out = new Set<number>();
  while (out.size < Math.min(k, n)) out.add(1 + Math.floor(next() * n));
  return [...out];
}

const fmt = (n: number, d = 1) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });
const progress = (s: string) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`); };

async function main(): Promise<number> {
  const { values } = parseArgs({ options: {
    'data-dir': { type: 'string' }, sample: { type: 'string', default: '300' }, specialists: { type: 'string', default: '30' }, seed: { type: 'string', default: '1' },
  } });
  const sample = Number(values.sample);
  const specSample = Number(values.specialists);
  const seed = Number(values.seed);
  if (!values['data-dir'] || ![sample, specSample, seed].every(Number.isInteger) || sample < 1 || specSample < 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  if (!(await openBenchData(dataDir, 'prep'))) {
    process.stderr.write(`prep: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}\n`);
    return 2;
  }
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { getPreparation }, { parsePrepParamsStrict }, { contactTypes }, { companyToday }, { getMyDay }, { getAlerts }, { reconcileDerivedNow }] = await Promise.all([
    import('../../lib/db'),
    import('../../lib/prep/preparation'),
    import('../../lib/prep/params'),
    import('../../lib/prep/contact-types'),
    import('../../lib/prep/reviews'),
    import('../../lib/day/my-day'),
    import('../../lib/alerts/alerts'),
    import('../../lib/derived/registry'),
  ]);
  type Scope = Parameters<typeof getPreparation>[0];
  const exec: Scope = { login: 'bench', role: 'executive' };

  try {
    // Whatever the loader has not built yet (a warehouse of an older version): once, before timing.
    await reconcileDerivedNow();
    const [size] = await query<{ clients: number; specialists: number; invoices: number; interactions: number; usage: number }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, (SELECT count(*) FROM specialists)::INTEGER AS specialists,
             (SELECT count(*) FROM invoices)::INTEGER AS invoices, (SELECT count(*) FROM interactions)::INTEGER AS interactions,
             (SELECT count(*) FROM usage)::INTEGER AS usage`);
    const next = rng(seed);
    const ids = await query<{ id: string; spec: string | null }>(`
      SELECT client_id AS id, specialist_id AS spec FROM (SELECT client_id, specialist_id, row_number() OVER (ORDER BY client_id) AS rn FROM clients)
      WHERE rn IN (SELECT unnest($rns::BIGINT[])) ORDER BY rn`, { rns: pick(next, size.clients, sample) });
    // A random type for each (a tenth with none: the suggested type, as Мой день links it).
    const sampleRows = ids.map((c) => ({ ...c, type: next() < 0.1 ? null : contactTypes[Math.floor(next() * contactTypes.length)] }));
    const asOf = (await parsePrepParamsStrict(new URLSearchParams(''))).asOf;
    const day = companyToday();

    const lines: string[] = [];
    const measure = async <T>(label: string, list: T[], call: (x: T) => Promise<unknown>): Promise<number> => {
      // Warm the process (code paths, the file's hot pages) on ten of them first.
      for (const x of list.slice(0, 10)) await call(x);
      const ms: number[] = [];
      for (let i = 0; i < list.length; i++) {
        progress(`${label}: ${i + 1}/${list.length}`);
        const t = performance.now();
        await call(list[i]);
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      const p95 = percentile(ms, 95);
      lines.push(`| ${label} | ${list.length} | ${fmt(percentile(ms, 50))} | ${fmt(p95)} | ${fmt(ms[ms.length - 1])} |`);
      return p95;
    };
    type Row = (typeof sampleRows)[number];
    const api = (scopeOf: (r: Row) => Scope) => async (r: Row) => {
      const p = await parsePrepParamsStrict(new URLSearchParams(r.type ? `type=${r.type}` : ''));
      const prep = await getPreparation(scopeOf(r), r.id, { asOf: p.asOf, type: p.type, reviews: { login: 'bench', day } });
      if (!prep) throw new Error(`нет чек-листа ${r.id}`);
    };
    const p95Exec = await measure('`GET /clients/<id>/preparation`, executive', sampleRows, api(() => exec));
    // Clients without a specialist are nobody's own: a specialist never sees them.
    const own = sampleRows.filter((r) => r.spec);
    const p95Spec = await measure('`GET /clients/<id>/preparation`, own specialist', own, api((r) => ({ login: 'bench', role: 'specialist', specialistId: r.spec })));
    const specs = [...new Set(own.map((r) => r.spec!))].slice(0, specSample);
    if (specs.length) {
      await measure('`GET /my-day`, a specialist', specs, (s) => getMyDay({ login: 'bench', role: 'specialist', specialistId: s }, asOf));
      await measure('`GET /alerts`, a specialist', specs, (s) => getAlerts({ login: 'bench', role: 'specialist', specialistId: s }, asOf));
    }
    progress('');

    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${size.clients.toLocaleString('ru-RU')} клиентов, ${size.specialists.toLocaleString('ru-RU')} специалистов; ${size.invoices.toLocaleString('ru-RU')} счетов, ${size.interactions.toLocaleString('ru-RU')} контактов, ${size.usage.toLocaleString('ru-RU')} строк использования; D = ${asOf}`,
      '',
      `Выборка: ${sampleRows.length} случайных клиентов со случайным типом контакта (каждый десятый — без типа, то есть предложенный), seed ${seed}; каждый по разу после прогрева на 10; ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version}.`,
      '',
      '| вызов | n | p50, мс | p95, мс | max, мс |',
      '|---|---:|---:|---:|---:|',
      ...lines, '',
    ].join('\n');
    const file = path.join(here, 'PREP.md');
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, [
        '# Preparation checklist benchmark',
        '',
        'Appended by `npx tsx --conditions=react-server scripts/bench/prep.ts --data-dir <dir> [--sample 300] [--specialists 30] [--seed 1]`.',
        "Each row is the route's own call (its parameter parser, then the getter) on the warehouse opened directly, for a",
        'seeded random sample; HTTP and the session or API-key lookup are not included. Target (issue 5): the preparation',
        'API p95 ≤ 100 ms at 200,000 clients.',
        '', '',
      ].join('\n'));
    }
    fs.appendFileSync(file, `${table}\n`);
    process.stdout.write(`\n${table}\n`);
    const worst = Math.max(p95Exec, p95Spec);
    process.stdout.write(worst <= 100 ? 'p95 ≤ 100 мс\n' : `p95 > 100 мс: ${fmt(worst)}\n`);
    return 0;
  } finally {
    await closeDb();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`\nprep: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
