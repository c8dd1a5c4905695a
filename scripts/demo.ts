// The demo on a bare machine: generates the demo company if the warehouse is empty, loads it,
// creates one demo login per role, builds the app if needed and starts it on http://localhost:3000.
// Usage: npm run demo [-- --port 3000 --clients 2000 --no-start]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { closeDb, query, setWarehouseTarget, switchWarehouse } from '../lib/db';
import { inboxDir } from '../lib/env';
import { readyExtracts } from '../lib/live/watcher';
import { acquireLoaderLock, ensurePublished, loadIntoSnapshot, releaseLoaderLock, withoutStaging } from '../lib/snapshots/loader';
import { readCurrent, snapshotPath } from '../lib/snapshots/store';
import { readCliEndpoint } from '../lib/cli/endpoint';
import { buildIfNeeded, startServer } from '../lib/cli/server';
import { generateCompany } from '../lib/generate';
import { securePrivateData } from '../lib/private-data';
import { runUsersCommand } from '../lib/users/command';
import { getUser } from '../lib/users/users';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    clients: { type: 'string', default: '2000' },
    'no-start': { type: 'boolean', default: false },
  },
});

/** Demo logins, one per role. The password is for the demo only: say so where it is printed. */
export const DEMO_PASSWORD = 'demo-2026';
const log = (s: string) => process.stdout.write(`${s}\n`);

/** Run `sql` on the published snapshot, read-only, as the app will. */
async function readPublished<T>(sql: string): Promise<T[]> {
  await switchWarehouse(snapshotPath(readCurrent()!.file));
  try {
    return await query<T>(sql);
  } finally {
    await setWarehouseTarget(undefined);
  }
}

async function hasAppliedLoad(): Promise<boolean> {
  const r = await readPublished<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM load_log WHERE outcome = 'applied'`);
  return (r[0]?.n ?? 0) > 0;
}

function inboxHasExtracts(): boolean {
  return fs.existsSync(inboxDir()) && fs.readdirSync(inboxDir()).some((d) => fs.existsSync(`${inboxDir()}/${d}/manifest.json`));
}

async function ensureUser(argv: string[]): Promise<void> {
  const lines: string[] = [];
  if (await getUser(argv[1])) return;
  const code = await runUsersCommand(argv, (l) => lines.push(l));
  if (code !== 0) throw new Error(`не удалось создать пользователя ${argv[1]}: ${lines.join(' ')}`);
}

async function main(): Promise<void> {
  securePrivateData(); // before the warehouse is created (lib/private-data.ts)
  const port = values.port!;
  const running = readCliEndpoint();
  if (running) {
    log(`Приложение уже запущено (${running.url}). Остановите его или откройте http://localhost:${port}.`);
    return;
  }
  const t0 = Date.now();
  // This process is the loader until the app starts (then the app's loader takes over).
  acquireLoaderLock();
  withoutStaging();
  await ensurePublished();
  if (!(await hasAppliedLoad()) && !inboxHasExtracts()) {
    log(`Хранилище пустое: генерирую демо-компанию (${values.clients} клиентов, 24 месяца, 3 последних дня отдельными выгрузками)…`);
    const g = await generateCompany({ clients: Number(values.clients), months: 24, seed: 1, daily: 3 });
    log(`  сгенерировано ${g.totalRows.toLocaleString('ru-RU')} строк в ${g.extracts.length} выгрузках за ${g.seconds.toFixed(1)} с`);
  }
  if (inboxHasExtracts()) {
    log('Загружаю выгрузки из входящей папки…');
    const results = [];
    for (const dir of readyExtracts()) results.push(await loadIntoSnapshot(dir));
    for (const r of results) log(`  ${r.extractId}: ${r.outcome} (+${r.inserted} ~${r.updated} −${r.deleted}, отклонено ${r.rejected}) ${(r.durationMs / 1000).toFixed(1)} с`);
    const bad = results.filter((r) => r.outcome === 'rejected' || r.outcome === 'refused');
    if (bad.length) throw new Error(`не загружено: ${bad.map((r) => `${r.extractId}: ${r.message}`).join('; ')}`);
  }
  // One login per role; the specialist is the one with the most clients, so the demo has content.
  releaseLoaderLock();
  const [spec] = await readPublished<{ id: string }>(
    `SELECT specialist_id AS id FROM clients WHERE specialist_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  await ensureUser(['add', 'head', '--role', 'head', '--password', DEMO_PASSWORD, '--name', 'Руководитель продаж']);
  if (spec) await ensureUser(['add', 'specialist', '--role', 'specialist', '--specialist-id', spec.id, '--password', DEMO_PASSWORD, '--name', 'Специалист']);
  await ensureUser(['add', 'executive', '--role', 'executive', '--password', DEMO_PASSWORD, '--name', 'Директор']);
  log(`Данные готовы за ${((Date.now() - t0) / 1000).toFixed(1)} с.`);
  await closeDb(); // the server opens the warehouse; one process at a time
  buildIfNeeded(log);
  if (values['no-start']) return;
  const server = startServer(port);
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/login`)).ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  log('');
  log(`Откройте ${url}`);
  log(`Демо-входы (пароль у всех: ${DEMO_PASSWORD} — только для демонстрации):`);
  log('  head        — руководитель продаж, все команды');
  log('  specialist  — специалист, только свои клиенты');
  log('  executive   — директор, вся компания, только чтение');
  log('Остановить: Ctrl+C');
  process.exit(await server);
}

main().catch(async (e) => {
  process.stderr.write(`Ошибка демо: ${(e as Error).message}\n`);
  await closeDb();
  process.exit(1);
});
