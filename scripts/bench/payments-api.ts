// Payment API benchmark: p50/p95 (ms, warm) of the calls behind each /api/v1 payment, debtors and
// acts route, on an existing warehouse opened directly (no HTTP, no auth lookup): the same param
// parsing and getter call as the route, executive scope. Prints a Markdown table and appends it,
// with the dataset size, to scripts/bench/PAYMENTS.md.
// Usage: npx tsx scripts/bench/payments-api.ts --data-dir <dir> [--runs 50] [--only <substring>]
// (--only: just the routes containing the substring, printed and not appended: for iterating.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openBenchData } from '../../lib/bench/open-data';

const usage = 'Usage: npx tsx scripts/bench/payments-api.ts --data-dir <dir> [--runs 50] [--only <substring>]';
const here = path.dirname(__filename);

interface Case {
  /** The route and query it stands for. */
  api: string;
  /** One call; returns the number of rows (or points) answered, as a sanity figure. */
  call: () => Promise<number>;
}

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
  if (!(await openBenchData(dataDir, 'payments-api'))) {
    process.stderr.write(`payments-api: в ${dataDir} нет данных (ни snapshots/current.json, ни warehouse.duckdb)\n${usage}\n`);
    return 2;
  }
  // lib/env reads DATA_DIR lazily, but set it before any lib module loads all the same.
  process.env.DATA_DIR = dataDir;
  const [{ closeDb, query }, { parsePaymentParamsStrict }, rate, { getPaymentForecast, getPaymentBacktest }, { getDebtors }, { getUnreturnedActs }, { reconcileDerivedNow }, { getPaymentCalls }] = await Promise.all([
    import('../../lib/db'),
    import('../../lib/metrics/params'),
    import('../../lib/metrics/payment-rate'),
    import('../../lib/metrics/payment-forecast'),
    import('../../lib/metrics/debtors'),
    import('../../lib/metrics/unreturned-acts'),
    import('../../lib/derived/registry'),
    import('../../lib/metrics/payment-calls'),
  ]);
  const { getPaymentRates, getPaymentCurve, getPaymentHistory, getDayPayments } = rate;
  type Scope = Parameters<typeof getPaymentRates>[0]['scope'];
  const scope: Scope = { login: 'bench', role: 'executive' };

  try {
    const martStarted = performance.now();
    // Whatever the loader has not built yet (a warehouse of an older version): once, before timing.
    await reconcileDerivedNow();
    const martMs = performance.now() - martStarted;
    const [size] = await query<{ clients: number; mart: number; invoices: number; months: number }>(`
      SELECT (SELECT count(*) FROM clients)::INTEGER AS clients, (SELECT count(*) FROM mart_payment_events)::INTEGER AS mart,
             (SELECT count(*) FROM invoices)::INTEGER AS invoices, (SELECT count(DISTINCT period) FROM invoices)::INTEGER AS months`);
    // The specialist with the most clients: the heaviest one-specialist client list.
    const [spec] = await query<{ id: string; team: string }>(`SELECT c.specialist_id AS id, any_value(s.team_id) AS team FROM clients c JOIN specialists s ON s.specialist_id = c.specialist_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    if (!spec) throw new Error('в хранилище нет специалистов с клиентами');

    // As the routes do: the shared parser (defaults from the newest extract), then the getter.
    const parse = (qs: string, by: 'company' | 'client' = 'company') => parsePaymentParamsStrict(new URLSearchParams(qs), by);
    const payments = (qs: string): Case => ({
      api: `/payments${qs ? `?${qs}` : ''}`,
      call: async () => {
        const p = await parse(qs);
        return (await getPaymentRates({ period: p.period, asOf: p.asOf, by: p.by, span: p.span, scope, teamId: p.team, specialistId: p.specialist })).rows.length;
      },
    });
    const forecast = (qs: string): Case => ({
      api: `/payments/forecast${qs ? `?${qs}` : ''}`,
      call: async () => {
        const p = await parse(qs);
        if (p.by === 'client') throw new Error('forecast: by=client');
        return (await getPaymentForecast({ period: p.period, asOf: p.asOf, by: p.by, scope, teamId: p.team, specialistId: p.specialist })).rows.length;
      },
    });
    const debtors = (qs: string): Case => ({
      api: `/debtors${qs ? `?${qs}` : ''}`,
      call: async () => {
        const p = await parse(qs, 'client');
        if (p.by === 'company') throw new Error('debtors: by=company');
        return (await getDebtors({ period: p.period, asOf: p.asOf, by: p.by, scope, teamId: p.team, specialistId: p.specialist })).rows.length;
      },
    });
    const acts = (by: 'period' | 'specialist' | 'team'): Case => ({
      api: `/acts/unreturned${by === 'period' ? '' : `?by=${by}`}`,
      call: async () => {
        const p = await parse('');
        const r = await getUnreturnedActs({ asOf: p.asOf, by, scope, limit: 500 });
        return r.groups.length;
      },
    });
    const cases: Case[] = [
      payments(''), payments('by=team'), payments('by=specialist'), payments(`by=client&specialist=${encodeURIComponent(spec.id)}`),
      payments('by=team&span=quarter'),
      { api: '/payments/curve', call: async () => { const p = await parse(''); return (await getPaymentCurve({ period: p.period, asOf: p.asOf, scope })).points.length; } },
      { api: '/payments/history', call: async () => { const p = await parse(''); const h = await getPaymentHistory({ asOf: p.asOf, scope }); return h.months.length + h.quarters.length; } },
      { api: '/payments/day', call: async () => { const p = await parse(''); return (await getDayPayments({ period: p.period, asOf: p.asOf, span: p.span, scope, limit: 200 })).length; } },
      forecast(''), forecast('by=team'), forecast('by=specialist'),
      { api: '/payments/backtest', call: async () => { const p = await parse(''); return (await getPaymentBacktest({ asOf: p.asOf, scope })).days.length; } },
      // «Кому позвонить» for the company (executive), one team (its head) and one specialist.
      { api: '/payments/calls', call: async () => { const p = await parse(''); return (await getPaymentCalls({ period: p.period, asOf: p.asOf, scope })).rows.length; } },
      { api: '/payments/calls (head of a team)', call: async () => { const p = await parse(''); return (await getPaymentCalls({ period: p.period, asOf: p.asOf, scope: { login: 'h', role: 'head', teamIds: [spec.team] } })).rows.length; } },
      { api: '/payments/calls (specialist)', call: async () => { const p = await parse(''); return (await getPaymentCalls({ period: p.period, asOf: p.asOf, scope: { login: 's', role: 'specialist', specialistId: spec.id } })).rows.length; } },
      debtors(''), debtors('by=team'), debtors('by=specialist'),
      acts('period'), acts('team'), acts('specialist'),
    ];

    const asOf = (await parse('')).asOf;
    const lines: string[] = [];
    const slow: string[] = [];
    for (const c of values.only ? cases.filter((x) => x.api.includes(values.only!)) : cases) {
      progress(`${c.api}: прогрев`);
      const rows = await c.call();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        progress(`${c.api}: ${i + 1}/${runs}`);
        const t = performance.now();
        await c.call();
        ms.push(performance.now() - t);
      }
      ms.sort((a, b) => a - b);
      const p95 = percentile(ms, 95);
      if (p95 > 100) slow.push(c.api);
      lines.push(`| \`${c.api.replace(spec.id, '<spec>')}\` | ${fmt(percentile(ms, 50))} | ${fmt(p95)} | ${fmt(ms[ms.length - 1])} | ${rows.toLocaleString('ru-RU')} |`);
    }
    progress('');

    const table = [
      `### ${new Date().toISOString().slice(0, 10)}: ${size.clients.toLocaleString('ru-RU')} клиентов × ${size.months} мес., ${size.invoices.toLocaleString('ru-RU')} счетов, ${size.mart.toLocaleString('ru-RU')} строк витрины; D = ${asOf}`,
      '',
      `${runs} прогонов после прогрева, роль executive; ${os.cpus().length} ядра, ${Math.round(os.totalmem() / 2 ** 30)} ГиБ, Node ${process.version}. Построение витрины (если нужно): ${fmt(martMs / 1000)} с. \`<spec>\`: специалист с наибольшим числом клиентов.`,
      '',
      '| API (`GET /api/v1…`) | p50, мс | p95, мс | max, мс | строк в ответе |',
      '|---|---:|---:|---:|---:|',
      ...lines, '',
    ].join('\n');
    const file = path.join(here, 'PAYMENTS.md');
    if (values.only) {
      process.stdout.write(`\n${table}\n`);
      return 0;
    }
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, [
        '# Payment API benchmark',
        '',
        'Appended by `npx tsx scripts/bench/payments-api.ts --data-dir <dir> [--runs 50]`. Each API is the',
        "route's own call (shared parameter parser, then the getter) on the warehouse opened directly,",
        'executive scope, after one warm-up call; HTTP and the API-key lookup are not included. Target:',
        'p95 ≤ 100 ms each at 200,000 clients × 24 months (issue 3).',
        '', '',
      ].join('\n'));
    }
    fs.appendFileSync(file, `${table}\n`);
    process.stdout.write(`\n${table}\n`);
    process.stdout.write(slow.length ? `p95 > 100 мс: ${slow.join(', ')}\n` : 'все p95 ≤ 100 мс\n');
    return 0;
  } finally {
    await closeDb();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`\npayments-api: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
