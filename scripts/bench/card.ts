// Client card API benchmark: p50/p95 (ms, warm process) of the call behind GET /api/v1/clients/<id>
// (the route's own parameter parser, then getClientCard) for a seeded random sample of clients,
// holding and chain members among them, as an executive and as the client's own specialist; plus
// the same sample per card section, to show where the time goes. Opens an existing warehouse
// directly (no HTTP, no auth lookup). Prints a Markdown table and appends it to scripts/bench/CARD.md.
// Usage: npx tsx --conditions=react-server scripts/bench/card.ts --data-dir <dir> [--sample 200] [--groups 50] [--seed 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBenchData } from '../../lib/bench/open-data';

const usage = 'Usage: npx tsx --conditions=react-server scripts/bench/card.ts --data-dir <dir> [--sample 200] [--groups 50] [--seed 1]';
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
    'data-dir': { type: 'string' }, sample: { type: 'string', default: '200' }, groups: { type: 'string', default: '50' }, seed: { type: 'string', default: '1' },
  } });
  const sample = Number(values.sample);
  const groupSample = Number(values.groups);
  const seed = Number(values.seed);
  if (!values['data-dir'] || ![sample, groupSample, seed].every(Number.isInteger) || sample < 1 || groupSample < 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  if (!(await openBenchData(dataDir, 'card'))) {
    process.stderr.write(`card: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}\n`);
    return 2;
  }
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { getClientCard }, { parseCardParamsStrict }, { getClient }, group, facts, pay] = await Promise.all([
    import('../../lib/db'),
    import('../../lib/clients/card'),
    import('../../lib/clients/card-params'),
    import('../../lib/clients/get-client'),
    import('../../lib/clients/card-group'),
    import('../../lib/clients/card-facts'),
    import('../../lib/clients/card-payments'),
  ]);
  type Scope = Parameters<typeof getClientCard>[0];
  const exec: Scope = { login: 'bench', role: 'executive' };

  try {
    const [size] = await query<{ clients: number; invoices: number; interactions: number; usage: number; grouped: number }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, (SELECT count(*) FROM invoices)::INTEGER AS invoices,
             (SELECT count(*) FROM interactions)::INTEGER AS interactions, (SELECT count(*) FROM usage)::INTEGER AS usage,
             (SELECT count(*) FROM clients WHERE holding_id IS NOT NULL OR parent_client_id IS NOT NULL)::INTEGER AS grouped`);
    // The sample: random clients, plus random holding / chain members (outlets and holding members).
    const next = rng(seed);
    const ids = (await query<{ id: string; spec: string | null }>(`
      SELECT client_id AS id, specialist_id AS spec FROM (SELECT client_id, specialist_id, row_number() OVER (ORDER BY client_id) AS rn FROM clients)
      WHERE rn IN (SELECT unnest($rns::BIGINT[])) ORDER BY rn`, { rns: pick(next, size.clients, sample) }));
    const members = groupSample === 0 || size.grouped === 0 ? [] : (await query<{ id: string; spec: string | null }>(`
      SELECT client_id AS id, specialist_id AS spec FROM (
        SELECT client_id, specialist_id, row_number() OVER (ORDER BY client_id) AS rn FROM clients
        WHERE holding_id IS NOT NULL OR parent_client_id IS NOT NULL)
      WHERE rn IN (SELECT unnest($rns::BIGINT[])) ORDER BY rn`, { rns: pick(next, size.grouped, groupSample) }));
    const all = [...ids, ...members];
    const asOf = (await parseCardParamsStrict(new URLSearchParams(''))).asOf;

    const lines: string[] = [];
    type Client = { id: string; spec: string | null };
    const measure = async (label: string, call: (id: string, spec: string | null) => Promise<unknown>, list: Client[] = all): Promise<number> => {
      // Warm the process (code paths, the file's hot pages) on ten of them first.
      for (const c of list.slice(0, 10)) await call(c.id, c.spec);
      const ms: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < list.length; i++) {
        progress(`${label}: ${i + 1}/${list.length}`);
        const c0 = process.cpuUsage();
        const t = performance.now();
        await call(list[i].id, list[i].spec);
        ms.push(performance.now() - t);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      ms.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const p95 = percentile(ms, 95);
      lines.push(`| ${label} | ${fmt(percentile(ms, 50))} | ${fmt(p95)} | ${fmt(ms[ms.length - 1])} | ${fmt(percentile(cpu, 50))} |`);
      return p95;
    };
    const api = (scopeOf: (spec: string | null) => Scope) => async (id: string, spec: string | null) => {
      const p = await parseCardParamsStrict(new URLSearchParams(''));
      const card = await getClientCard(scopeOf(spec), id, { asOf: p.asOf, kind: p.kind, limit: p.limit });
      if (!card) throw new Error(`нет карточки ${id}`);
    };
    const load0 = os.loadavg()[0];
    // First touch: each client's row groups read from the file (through the OS cache) for the first time.
    await measure('`GET /clients/<id>`, executive, first touch', api(() => exec));
    // Warm: the same clients again, their blocks now in DuckDB's buffer pool (a running server's steady state).
    const p95Exec = await measure('`GET /clients/<id>`, executive, warm', api(() => exec));
    // Clients without a specialist are nobody's own: an executive or head sees them, a specialist never.
    const p95Spec = await measure('`GET /clients/<id>`, own specialist, warm', api((spec) => ({ login: 'bench', role: 'specialist', specialistId: spec })), all.filter((c) => c.spec));
    // Its parts, one by one on the same sample, warm (the card runs the last three concurrently).
    const head = new Map<string, Awaited<ReturnType<typeof getClient>>>();
    for (const c of all) head.set(c.id, await getClient(exec, c.id));
    await measure('· header (scope check)', (id) => getClient(exec, id));
    await measure('· holding / chain', (id) => group.getCardGroups(head.get(id)!, exec, asOf));
    await measure('· contacts, interactions, agreements, threats, usage', (id) => facts.getCardFacts(id, asOf));
    await measure('· payments and acts, 12 periods', (id) => pay.getCardPayments(id, asOf));
    progress('');

    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${size.clients.toLocaleString('ru-RU')} клиентов; ${size.invoices.toLocaleString('ru-RU')} счетов, ${size.interactions.toLocaleString('ru-RU')} взаимодействий (interactions), ${size.usage.toLocaleString('ru-RU')} строк использования; D = ${asOf}`,
      '',
      `Выборка: ${ids.length} случайных клиентов + ${members.length} участников холдингов и сетей (seed ${seed}); в каждой строке каждый клиент по разу после прогрева на 10 из них. «Первое касание» — блоки клиента читаются впервые, «тёплый» — повтор той же выборки. CPU — время процессора всего процесса (Node и потоки DuckDB) за вызов: на тихой машине с ${os.cpus().length} ядрами вызов не быстрее CPU / ${os.cpus().length}. ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version}; средняя загрузка машины (loadavg 1 мин) ${fmt(load0, 2)} в начале, ${fmt(os.loadavg()[0], 2)} в конце.`,
      '',
      '| вызов | p50, мс | p95, мс | max, мс | CPU p50, мс |',
      '|---|---:|---:|---:|---:|',
      ...lines, '',
    ].join('\n');
    const file = path.join(here, 'CARD.md');
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, [
        '# Client card API benchmark',
        '',
        'Appended by `npx tsx --conditions=react-server scripts/bench/card.ts --data-dir <dir> [--sample 200] [--groups 50] [--seed 1]`.',
        "Each row is the route's own call (the card's parameter parser, then `getClientCard`) on the warehouse",
        'opened directly, for a seeded random sample of clients with holding and chain members added; HTTP',
        'and the API-key lookup are not included. Target (issue 4): p95 ≤ 100 ms at 1,000,000 clients.',
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
  process.stderr.write(`\ncard: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
