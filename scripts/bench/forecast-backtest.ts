// The month-end forecast's backtest (metrics.md "Forecast accuracy") on a loaded data dir, as a
// Markdown table: the invoice method, the curve method and run-rate, MAE in percentage points.
// Usage: npx tsx scripts/bench/forecast-backtest.ts --data-dir <dir> [--as-of YYYY-MM-DD] [--teams]
// The companies of scripts/bench/FORECAST.md: npm run generate -- --clients 2000 --months 24
// --as-of 2026-11-24 --billing start|spread --out <dir>/inbox, then DATA_DIR=<dir> npm run load.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'as-of': { type: 'string', default: '2026-11-24' }, teams: { type: 'boolean', default: false } } });
  const dir = path.resolve(values['data-dir'] ?? 'data');
  process.env.DATA_DIR = dir;
  const { setWarehouseTarget, closeDb } = await import('../../lib/db');
  const current = path.join(dir, 'snapshots', 'current.json');
  if (fs.existsSync(current)) {
    const file = (JSON.parse(fs.readFileSync(current, 'utf8')) as { file: string }).file;
    await setWarehouseTarget({ file: path.join(dir, 'snapshots', file), readOnly: true });
  }
  const { getPaymentBacktest } = await import('../../lib/metrics/payment-forecast');
  const t0 = performance.now();
  const b = await getPaymentBacktest({ asOf: values['as-of']!, scope: { login: 'bench', role: 'executive' } });
  const ms = performance.now() - t0;
  const f = (x: number | null) => (x == null ? '—' : x.toFixed(2).replace('.', ','));
  const out = ['| день | по счетам | по кривой | run-rate | по счетам / run-rate | месяцев |', '|---:|---:|---:|---:|---:|---:|'];
  for (const d of b.days) out.push(`| ${d.day} | ${f(d.methodMae)} | ${f(d.curveMae)} | ${f(d.runRateMae)} | ${d.methodMae != null && d.runRateMae ? f(d.methodMae / d.runRateMae) : '—'} | ${d.monthsUsed} |`);
  if (values.teams) for (const t of b.teams) out.push(`${t.name}: ${t.days.map((d) => `${d.day}: ${f(d.methodMae)} / ${f(d.curveMae)} / ${f(d.runRateMae)}`).join('; ')}`);
  out.push(`(${b.months.length} мес., ${Math.round(ms)} мс)`);
  process.stdout.write(`${out.join('\n')}\n`);
  await closeDb();
}

main().catch((e: unknown) => { process.stderr.write(`${(e as Error).message}\n`); process.exit(1); });
