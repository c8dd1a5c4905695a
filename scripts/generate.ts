// Generate the deterministic synthetic company as extract folders (base + optional daily deltas).
// Usage: npm run generate -- [--clients 2000] [--months 24] [--seed 1] [--as-of YYYY-MM-DD]
//        [--out $DATA_DIR/inbox] [--encoding utf8|cp1251] [--delimiter ,|;] [--daily 0]
//        [--billing start|spread]
import { parseArgs } from 'node:util';
import { generateCompany } from '../lib/generate';

function fail(msg: string): never {
  process.stderr.write(`generate: ${msg}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string', default: '2000' },
      months: { type: 'string', default: '24' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      encoding: { type: 'string', default: 'utf8' },
      delimiter: { type: 'string', default: ',' },
      daily: { type: 'string', default: '0' },
      billing: { type: 'string', default: 'start' },
    },
    strict: true,
  });
  const int = (name: keyof typeof values) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v)) fail(`--${name} ожидает целое число, получено «${values[name]}»`);
    return v;
  };
  if (values.encoding !== 'utf8' && values.encoding !== 'cp1251') fail('--encoding: utf8 или cp1251');
  if (values.delimiter !== ',' && values.delimiter !== ';') fail('--delimiter: , или ;');
  if (values.billing !== 'start' && values.billing !== 'spread') fail('--billing: start или spread');
  const tty = process.stderr.isTTY;
  const summary = await generateCompany({
    clients: int('clients'), months: int('months'), seed: int('seed'), daily: int('daily'), asOf: values['as-of'],
    out: values.out, encoding: values.encoding, delimiter: values.delimiter, billing: values.billing,
  }, (p) => {
    if (tty) process.stderr.write(`\r  клиентов ${p.clientsDone.toLocaleString('ru-RU')} / ${p.clients.toLocaleString('ru-RU')}, строк ${p.rows.toLocaleString('ru-RU')}   `);
  });
  if (tty) process.stderr.write('\n');
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`Выгрузки в ${summary.out}:`);
  for (const e of summary.extracts) {
    const rows = Object.values(e.tables).reduce((a, b) => a + b, 0);
    const parts = Object.entries(e.tables).filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ');
    log(`  ${e.id} (as_of ${e.asOf}): ${rows.toLocaleString('ru-RU')} строк — ${parts}`);
  }
  const rate = summary.totalRows / Math.max(summary.seconds, 1e-9);
  log(`Итого ${summary.totalRows.toLocaleString('ru-RU')} строк за ${summary.seconds.toFixed(1)} с (${Math.round(rate).toLocaleString('ru-RU')} строк/с).`);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
