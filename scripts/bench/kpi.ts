// KPI API benchmark (issue 6: "KPI API p95 ≤ 100 ms at 200,000 clients"): p50/p95 (ms, warm) of the
// calls behind GET /api/v1/kpi and /api/v1/kpi/<control>/rows, plus the page-only reads (trend,
// Нагрузка), on an existing warehouse opened directly (no HTTP, no auth lookup): the route's own
// parameter parser, then the getter, executive scope. Prints a Markdown table and appends it with
// the dataset size and the KPI marts' build time to scripts/bench/KPI.md.
// Usage: npx tsx scripts/bench/kpi.ts --data-dir <dir> [--runs 30] [--only <substring>]
// (--only: just the cases containing the substring, printed and not appended: for iterating;
// BENCH_SEQ=1 also writes every timed call, in order, to stderr: a burst of slow calls is the
// machine, a slow start is warm-up.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchNodeFlags, rerunWithServerFlags } from './node-flags';
import { openBenchData } from '../../lib/bench/open-data';

const usage = 'Usage: npx tsx scripts/bench/kpi.ts --data-dir <dir> [--runs 30] [--only <substring>]';
const here = path.dirname(__filename);

interface Case {
  /** The route and query it stands for. */
  api: string;
  /** Page-only read (not an API route): reported, not held to the API target. */
  page?: boolean;
  /** One call; returns the number of rows answered, as a sanity figure. */
  call: () => Promise<number>;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Untimed calls before each case's timed runs. */
const WARM_UP = 5;

const fmt = (n: number, d = 1) => n.toLocaleString('ru-RU', { maximumFractionDigits: d, minimumFractionDigits: d });
const progress = (s: string) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`); };

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, runs: { type: 'string', default: '30' }, only: { type: 'string' } } });
  const runs = Number(values.runs);
  if (!values['data-dir'] || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = path.resolve(values['data-dir']);
  if (!(await openBenchData(dataDir, 'kpi'))) {
    process.stderr.write(`kpi: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}\n`);
    return 2;
  }
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { parseKpiParamsStrict }, { getKpi, warmKpiCode }, { getKpiRows }, { getKpiTrend }, { getPortfolioLoad }, { reconcileDerivedNow, derivedEntry }] = await Promise.all([
    import('../../lib/db'),
    import('../../lib/kpi/params'),
    import('../../lib/kpi/get-kpi'),
    import('../../lib/kpi/rows'),
    import('../../lib/kpi/trend'),
    import('../../lib/kpi/load'),
    import('../../lib/derived/registry'),
  ]);
  const { addMonths, lastDay } = await import('../../lib/metrics/period');
  type Scope = Parameters<typeof getKpi>[0]['scope'];
  const scope: Scope = { login: 'bench', role: 'executive' };

  try {
    const martStarted = performance.now();
    // Whatever the loader has not built yet (a warehouse of an older version): once, before timing.
    await reconcileDerivedNow();
    const martMs = performance.now() - martStarted;
    await warmKpiCode();
    const [size] = await query<{ clients: number; interactions: number; agreements: number; sales: number; specialists: number; teams: number }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, (SELECT count(*) FROM interactions)::INTEGER AS interactions,
             (SELECT count(*) FROM agreements)::INTEGER AS agreements, (SELECT count(*) FROM sales)::INTEGER AS sales,
             (SELECT count(*) FROM specialists)::INTEGER AS specialists, (SELECT count(*) FROM teams)::INTEGER AS teams`);
    // The current states' rows (older versions' rows stay in mart_state).
    const [built] = await query<{ ms: number | null }>(`SELECT build_ms::INTEGER AS ms FROM mart_state WHERE name = $n`, { n: derivedEntry('KPI marts').version });
    const [summaryBuilt] = await query<{ ms: number | null }>(`SELECT build_ms::INTEGER AS ms FROM mart_state WHERE name = $n`, { n: derivedEntry('KPI summary').version });
    // The specialist with the most clients and the team with the most specialists: the heaviest narrowings.
    const [spec] = await query<{ id: string }>(`SELECT specialist_id AS id FROM clients WHERE specialist_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const [team] = await query<{ id: string }>(`SELECT team_id AS id FROM specialists GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    if (!spec || !team) throw new Error('в хранилище нет специалистов с клиентами');

    const parse = (qs: string) => parseKpiParamsStrict(new URLSearchParams(qs));
    const kpi = (qs: string, as?: { label: string; scope: Scope }): Case => ({
      api: `/kpi${qs ? `?${qs}` : ''}${as ? ` (${as.label})` : ''}`,
      call: async () => {
        const p = await parse(qs);
        return (await getKpi({ window: p.window, asOf: p.asOf, by: p.by, scope: as?.scope ?? scope, teamId: p.team, specialistId: p.specialist })).rows.length;
      },
    });
    const rows = (control: Parameters<typeof getKpiRows>[0]['key'], qs: string): Case => ({
      api: `/kpi/${control}/rows${qs ? `?${qs}` : ''}`,
      call: async () => {
        const p = await parse(qs);
        const r = await getKpiRows({ window: p.window, asOf: p.asOf, scope, teamId: p.team, specialistId: p.specialist, key: control, filter: p.status ?? 'all', limit: p.limit });
        return r.rows.length;
      },
    });
    const s = `specialist=${encodeURIComponent(spec.id)}`;
    const t = `team=${encodeURIComponent(team.id)}`;
    const asOf = (await parse('')).asOf;
    const quarter = `${asOf.slice(0, 4)}-Q${Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1}`;
    // Past D's, read from the marts (the summary holds the newest D only): last month as known on
    // its last day, on its 15th, and on the 1st of this month.
    const prevMonth = addMonths(asOf.slice(0, 7), -1);
    const pastD = `asOf=${lastDay(prevMonth)}&period=${prevMonth}`;
    const afterD = `asOf=${asOf.slice(0, 7)}-01&period=${prevMonth}`;
    const midD = `asOf=${prevMonth}-15&period=${prevMonth}`;
    // A head of the ten largest teams, and the specialist with the most clients signed in.
    const bigTeams = (await query<{ id: string }>(`SELECT team_id AS id FROM specialists WHERE team_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10`)).map((r) => r.id);
    const head = { label: 'руководитель 10 отделов', scope: { login: 'bench-head', role: 'head', teamIds: bigTeams } as Scope };
    const own = { label: 'специалист, свои клиенты', scope: { login: 'bench-spec', role: 'specialist', specialistId: spec.id } as Scope };
    const cases: Case[] = [
      kpi(''), kpi('by=specialist'), kpi(`by=specialist&${t}`), kpi(`by=specialist&${s}`), kpi('by=company'),
      kpi(`period=${quarter}`), kpi(`period=${quarter}&by=specialist`),
      kpi(`by=specialist&${pastD}`), kpi(`${pastD}`), kpi(`by=specialist&${afterD}`), kpi(`by=specialist&${midD}`), kpi('by=specialist', head), kpi('by=specialist', own),
      rows('calls', `${s}`), rows('calls-overdue', `${t}`), rows('entry', `${s}&status=bad`), rows('completeness', `status=bad`),
      rows('agreements-overdue', `${t}`), rows('feedback', `${s}`), rows('reaction', ''), rows('threats-open', ''),
      rows('payments', `${s}`), rows('acts', `${t}`), rows('revenue', `${t}`), rows('contacts', `${s}`),
      {
        api: '(страница) тренд 12 мес., компания', page: true,
        call: async () => (await getKpiTrend({ asOf, lastMonth: asOf.slice(0, 7), scope })).months.length,
      },
      {
        api: '(страница) тренд 12 мес., специалист', page: true,
        call: async () => (await getKpiTrend({ asOf, lastMonth: asOf.slice(0, 7), scope, specialistId: spec.id })).months.length,
      },
      {
        api: '(страница) Нагрузка, компания', page: true,
        call: async () => { const p = await parse(''); return (await getPortfolioLoad({ window: p.window, asOf: p.asOf, scope })).rows.length; },
      },
    ];

    const loadStart = os.loadavg().map((x) => fmt(x)).join(' / ');
    const lines: string[] = [];
    const slow: string[] = [];
    const chosen = values.only ? cases.filter((x) => x.api.includes(values.only!)) : cases;
    // As a web worker after its start (warmKpiCode): the ranking run until V8 has optimised it;
    // then one untimed call of every case. Without them, the first ~15 calls of a fresh process
    // took 100–370 ms against ~60 ms after (V8 compiling getKpi's per-row loops; the SQL alone
    // settles after ~3 calls), and whichever case ran first had that tail (KPI.md, 2026-12-06).
    for (const c of chosen) {
      progress(`${c.api}: первый проход`);
      await c.call();
    }
    for (const c of chosen) {
      progress(`${c.api}: прогрев`);
      // Five warm-up calls: a running server's code is optimised; with one, the first few timed
      // calls ran before V8 had compiled the ranking's loops and made the p95 of a fresh process.
      let n = 0;
      for (let i = 0; i < WARM_UP; i++) n = await c.call();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        progress(`${c.api}: ${i + 1}/${runs}`);
        const t0 = performance.now();
        await c.call();
        ms.push(performance.now() - t0);
        if (process.env.BENCH_SEQ) process.stderr.write(`${(performance.now() - t0).toFixed(0)} `);
      }
      ms.sort((a, b) => a - b);
      const p95 = percentile(ms, 95);
      if (p95 > 100 && !c.page) slow.push(c.api);
      const label = c.page ? c.api : `\`${c.api.replace(spec.id, '<spec>').replace(team.id, '<team>')}\``;
      lines.push(`| ${label} | ${fmt(percentile(ms, 50))} | ${fmt(p95)} | ${fmt(ms[ms.length - 1])} | ${n.toLocaleString('ru-RU')} |`);
    }
    progress('');

    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${size.clients.toLocaleString('ru-RU')} клиентов, ${size.specialists.toLocaleString('ru-RU')} специалистов в ${size.teams.toLocaleString('ru-RU')} отделах, ${size.interactions.toLocaleString('ru-RU')} контактов, ${size.agreements.toLocaleString('ru-RU')} договорённостей, ${size.sales.toLocaleString('ru-RU')} продаж; D = ${asOf}`,
      '',
      `${runs} прогонов после ${WARM_UP} прогревочных, роль executive (если не указана другая); ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version} (\`${benchNodeFlags()}\`, как у сервера); средняя загрузка машины (1/5/15 мин) в начале ${loadStart}, в конце ${os.loadavg().map((x) => fmt(x)).join(' / ')}. Витрины KPI построены за ${built?.ms == null ? '—' : fmt(built.ms / 1000)} с, сводка KPI на D за ${summaryBuilt?.ms == null ? '—' : fmt(summaryBuilt.ms / 1000)} с (ожидание в этом запуске: ${fmt(martMs / 1000)} с); запросы на D читают сводку, на прошлую дату (\`asOf=…\`) — витрины. \`<spec>\`: специалист с наибольшим числом клиентов, \`<team>\`: отдел с наибольшим числом специалистов.`,
      '',
      '| API (`GET /api/v1…`) | p50, мс | p95, мс | max, мс | строк в ответе |',
      '|---|---:|---:|---:|---:|',
      ...lines, '',
    ].join('\n');
    if (values.only) {
      process.stdout.write(`\n${table}\n`);
      return 0;
    }
    const file = path.join(here, 'KPI.md');
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, [
        '# KPI API benchmark',
        '',
        'Appended by `npx tsx scripts/bench/kpi.ts --data-dir <dir> [--runs 30]`. Each API is the route\'s own',
        'call (the shared parameter parser, then the getter) on the warehouse opened directly, executive',
        'scope, after one warm-up call; HTTP and the API-key lookup are not included. Target (issue 6):',
        'p95 ≤ 100 ms for the KPI API at 200,000 clients. Rows in parentheses are page-only reads.',
        '', '',
      ].join('\n'));
    }
    fs.appendFileSync(file, `${table}\n`);
    process.stdout.write(`\n${table}\n`);
    process.stdout.write(slow.length ? `p95 > 100 мс: ${slow.join(', ')}\n` : 'все p95 API ≤ 100 мс\n');
    return 0;
  } finally {
    await closeDb();
  }
}

rerunWithServerFlags().then((code) => code ?? main()).then((code) => process.exit(code), (e) => {
  process.stderr.write(`\nkpi: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
