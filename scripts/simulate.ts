// Replays daily extracts into the inbox on a timer, so a running app (npm run demo / npm start)
// picks them up and open pages move: `npm run simulate -- --speed 3600` plays one company hour
// per second (20:00 base, then 08:00 and 12:30 of each day).
// Usage: npm run simulate -- [--speed 3600] [--days 3] [--clients 2000] [--seed 1] [--as-of YYYY-MM-DD]
// --as-of: the last simulated day (default: the day after the newest extract already in archive/
// or the inbox, else today + days). The extracts are generated once into $DATA_DIR/simulate/.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { archiveDir, dataDir, inboxDir } from '../lib/env';
import { generateCompany } from '../lib/generate';
import { replay } from '../lib/live/simulate';

const log = (s: string) => process.stdout.write(`${s}\n`);
function fail(msg: string): never {
  process.stderr.write(`simulate: ${msg}\n`);
  process.exit(2);
}

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Newest extract day already delivered (archive or inbox), or null. */
function newestDelivered(): string | null {
  const ids = [archiveDir(), inboxDir()].flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : [])).filter((n) => /^\d{4}-\d{2}-\d{2}T/.test(n)).sort();
  return ids.length ? ids[ids.length - 1].slice(0, 10) : null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      speed: { type: 'string', default: '3600' }, days: { type: 'string', default: '3' }, clients: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' }, 'as-of': { type: 'string' },
    },
    strict: true,
  });
  const speed = Number(values.speed);
  const days = Number(values.days);
  const clients = Number(values.clients);
  const seed = Number(values.seed);
  if (!(speed > 0)) fail(`--speed: число больше 0 (во сколько раз быстрее жизни), получено «${values.speed}»`);
  if (!Number.isInteger(days) || days < 1 || days > 31) fail(`--days: от 1 до 31, получено «${values.days}»`);
  if (!Number.isInteger(clients) || clients < 1) fail(`--clients: целое число ≥ 1, получено «${values.clients}»`);
  if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) fail(`--as-of: ГГГГ-ММ-ДД, получено «${values['as-of']}»`);
  // The base extract is a full snapshot at (as-of − days) 20:00: after what is already there.
  const last = newestDelivered();
  const asOf = values['as-of'] ?? addDays(last ?? new Date().toISOString().slice(0, 10), days);
  const source = path.join(dataDir(), 'simulate', `${asOf}-c${clients}-s${seed}-d${days}`);
  if (!fs.existsSync(source)) {
    log(`Генерирую ${days} дн. выгрузок (${clients} клиентов, до ${asOf}) в ${source}…`);
    await generateCompany({ clients, months: 24, seed, daily: days, asOf, out: source });
  }
  log(`Воспроизвожу в ${inboxDir()} со скоростью ×${speed} (Ctrl-C — остановить).`);
  const n = await replay({ source, inbox: inboxDir(), archive: archiveDir(), speed, log });
  log(`Готово: ${n} выгрузок положено. Их загрузит запущенное приложение (или npm run load).`);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
