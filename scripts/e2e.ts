// End-to-end tests: makes sure Debian's chromium is there (installs it when root, else prints the
// command), prepares a small company in its own DATA_DIR (tmp/e2e), builds, runs Playwright.
// Usage: npm run test:e2e [-- <playwright args>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { closeDb, query } from '../lib/db';
import { buildIfNeeded } from '../lib/cli/server';
import { generateCompany } from '../lib/generate';
import { loadExtract, loadInbox } from '../lib/load';
import { contract, type TableName } from '../lib/load/contract';
import { runUsersCommand } from '../lib/users/command';
import { E2E_DIR, E2E_PASSWORD, HOSTILE_CLIENT_NAMES, type E2eFixture } from '../tests/e2e/fixture';
import { writeExtract, type Row } from '../tests/unit/load/build-extract';
import { asClientRow, asContactRow, type DeltaInputs } from '../tests/unit/live/daily-deltas';

const log = (s: string) => process.stdout.write(`${s}\n`);
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function ensureChromium(): void {
  if (fs.existsSync(chromium)) return;
  const cmd = 'apt-get update && apt-get install -y chromium';
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    log(`Chromium не найден: устанавливаю (${cmd})…`);
    const r = spawnSync('sh', ['-c', `${cmd} > /tmp/chromium-install.log 2>&1`], { stdio: 'inherit' });
    if (r.status === 0 && fs.existsSync(chromium)) return;
    log('Установка не удалась, журнал: /tmp/chromium-install.log');
  }
  log(`Для e2e-тестов нужен Chromium из Debian. Выполните:\n  sudo ${cmd}\n(или укажите путь в CHROMIUM_PATH)`);
  process.exit(1);
}

async function users(argv: string[]): Promise<string[]> {
  const out: string[] = [];
  const code = await runUsersCommand(argv, (l) => out.push(l));
  if (code !== 0) throw new Error(`users ${argv.join(' ')}: ${out.join(' ')}`);
  return out;
}

/** Rows of `table` as an extract carries them: its contract's columns, flags as 0/1. */
async function extractRows(table: TableName, where: string, params: Record<string, string | number | string[]>): Promise<Row[]> {
  const cols = contract[table].columns.map((c) => c.name);
  const rows = await query<Record<string, unknown>>(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM ${table} WHERE ${where}`, params);
  return rows.map((r) => Object.fromEntries(cols.map((c) => [c, typeof r[c] === 'boolean' ? Number(r[c]) : (r[c] as Row[string])])));
}

/**
 * Names a spreadsheet would run as formulas (OWASP CSV injection), given by a delta extract to six
 * clients, to specialist B and to B's team, so that every CSV export is checked against them
 * (csv-export.spec.ts). Not A's clients (the scope specs follow those); clients that are in as many
 * exports as possible: invoiced this month, owing from before, selling in the window.
 */
async function applyHostileNames(inbox: string, held: string, a: { id: string }, b: { id: string; teamId: string }): Promise<E2eFixture['hostile']> {
  const [last] = await query<{ id: string; asOf: string }>(
    `SELECT extract_id AS id, strftime(as_of, '%Y-%m-%d') AS "asOf" FROM load_log WHERE outcome = 'applied' ORDER BY extract_id DESC LIMIT 1`);
  // Right after the last applied extract, before the held one (ids apply in order).
  const id = `${last.id}-names`;
  if (!(id < held)) throw new Error(`e2e data: ${id} does not sort before the held extract ${held}`);
  const picked = await query<{ id: string }>(
    `SELECT c.client_id AS id FROM clients c WHERE c.specialist_id IS DISTINCT FROM $a
     ORDER BY (EXISTS (SELECT 1 FROM invoices i WHERE i.client_id = c.client_id AND i.period = strftime($asOf::DATE, '%Y-%m')))::INTEGER
       + (EXISTS (SELECT 1 FROM invoices i WHERE i.client_id = c.client_id AND i.period < strftime($asOf::DATE, '%Y-%m')
            AND i.amount > coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.invoice_id), 0)))::INTEGER
       + (EXISTS (SELECT 1 FROM sales s WHERE s.client_id = c.client_id AND s.date > $asOf::DATE - INTERVAL 12 MONTH))::INTEGER DESC, c.client_id
     LIMIT $n`, { a: a.id, asOf: last.asOf, n: HOSTILE_CLIENT_NAMES.length });
  const names = Object.fromEntries(picked.map((r, i) => [r.id, HOSTILE_CLIENT_NAMES[i]]));
  const specialistName = '+Специалист Б';
  const teamName = '@Отдел «Юг»';
  const clients = (await extractRows('clients', 'client_id IN (SELECT unnest($ids::VARCHAR[]))', { ids: Object.keys(names) }))
    .map((r) => ({ ...r, name: names[String(r.client_id)] }));
  const specialists = (await extractRows('specialists', 'specialist_id = $id', { id: b.id })).map((r) => ({ ...r, full_name: specialistName }));
  const teams = (await extractRows('teams', 'team_id = $id', { id: b.teamId })).map((r) => ({ ...r, name: teamName }));
  const r = await loadExtract(writeExtract(inbox, id, { asOf: last.asOf, files: [
    { table: 'teams', mode: 'delta', rows: teams }, { table: 'specialists', mode: 'delta', rows: specialists }, { table: 'clients', mode: 'delta', rows: clients },
  ] }));
  if (r.outcome !== 'applied') throw new Error(`e2e data: the names extract was not applied: ${r.message}`);
  return { clients: names, specialistId: b.id, specialistName, teamId: b.teamId, teamName };
}

async function prepareData(): Promise<void> {
  const dir = path.resolve(E2E_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  process.env.DATA_DIR = dir;
  const inbox = path.join(dir, 'inbox');
  await generateCompany({ clients: 300, months: 6, seed: 7, daily: 1, asOf: '2026-11-20', out: inbox });
  // Hold back the newest extract: a test drops it in while the app runs (CLI hand-over, live data).
  const ids = fs.readdirSync(inbox).sort();
  const held = ids[ids.length - 1];
  fs.mkdirSync(path.join(dir, 'held'));
  fs.renameSync(path.join(inbox, held), path.join(dir, 'held', held));
  const results = await loadInbox();
  const bad = results.filter((r) => r.outcome !== 'applied');
  if (bad.length) throw new Error(`e2e data did not load: ${bad.map((r) => `${r.extractId} ${r.outcome}: ${r.message}`).join('; ')}`);

  const specs = await query<{ id: string; teamId: string; n: number }>(
    `SELECT c.specialist_id AS id, s.team_id AS "teamId", count(*)::INTEGER AS n FROM clients c JOIN specialists s USING (specialist_id)
     GROUP BY 1, 2 ORDER BY n DESC, 1 LIMIT 2`);
  const [a, b] = specs;
  const hostile = await applyHostileNames(inbox, held, a, b);
  await users(['add', 'head', '--role', 'head', '--password', E2E_PASSWORD, '--name', 'Руководитель Тестовый']);
  await users(['add', 'head-team', '--role', 'head', '--teams', a.teamId, '--password', E2E_PASSWORD]);
  await users(['add', 'spec-a', '--role', 'specialist', '--specialist-id', a.id, '--password', E2E_PASSWORD, '--name', 'Специалист А']);
  await users(['add', 'spec-b', '--role', 'specialist', '--specialist-id', b.id, '--password', E2E_PASSWORD]);
  await users(['add', 'exec', '--role', 'executive', '--password', E2E_PASSWORD, '--name', 'Директор Тестовый']);
  const keyA = (await users(['api-key', 'spec-a'])).at(-1)!;
  const keyExec = (await users(['api-key', 'exec'])).at(-1)!;
  const keyB = (await users(['api-key', 'spec-b'])).at(-1)!;
  const all = await query<{ id: string; sid: string | null; team: string | null }>(
    `SELECT c.client_id AS id, c.specialist_id AS sid, s.team_id AS team FROM clients c LEFT JOIN specialists s USING (specialist_id) ORDER BY 1`);
  // An invoice of the month with nothing paid, not paid by the held extract either: the live test
  // pays it through the inbox and watches the month's payment % move on the open page.
  const heldPaid = new Set(fs.readFileSync(path.join(dir, 'held', held, 'payments.csv'), 'utf8').split('\n').slice(1).map((l) => l.split(',')[1]));
  const unpaid = (await query<{ id: string; clientId: string; amount: number }>(
    `SELECT i.invoice_id AS id, i.client_id AS "clientId", i.amount::DOUBLE AS amount FROM invoices i
     WHERE i.period = '2026-11' AND i.issued_on <= DATE '2026-11-20' AND i.amount > 0
       AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.invoice_id) ORDER BY i.amount DESC, 1`)).filter((r) => !heldPaid.has(r.id));
  if (!unpaid.length) throw new Error('e2e data: no unpaid invoice of 2026-11 for the live test');
  // The daily client deltas the live project drops into the running app (tests/unit/live/daily-deltas.ts):
  // rows read now, while the specs cannot open the warehouse.
  const ofA = await query<Record<string, unknown>>(`SELECT * FROM clients WHERE specialist_id = $a AND holding_id IS NULL
    AND client_id <> $open ORDER BY client_id DESC LIMIT 2`, { a: a.id, open: unpaid[0].clientId });
  const [{ h: holdingId }] = await query<{ h: string }>(`SELECT holding_id AS h FROM clients WHERE holding_id IS NOT NULL
    GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1`);
  const holding = await query<Record<string, unknown>>('SELECT * FROM clients WHERE holding_id = $h ORDER BY client_id', { h: holdingId });
  const [contact] = await query<Record<string, unknown>>('SELECT * FROM contacts ORDER BY contact_id LIMIT 1');
  const deltas: DeltaInputs = {
    rename: asClientRow(ofA[0]), move: asClientRow(ofA[1]), toSpecialist: b.id, holding: holding.map(asClientRow), contact: asContactRow(contact), newSpecialist: a.id,
  };
  const fixture: E2eFixture = {
    deltas, apiKeySpecB: keyB,
    openInvoice: unpaid[0],
    specialistA: a.id, specialistB: b.id, teamA: a.teamId, apiKeySpecA: keyA, apiKeyExec: keyExec, heldExtract: held,
    clientIds: all.map((r) => r.id),
    clientIdsOfA: all.filter((r) => r.sid === a.id).map((r) => r.id),
    clientIdsOfTeamA: all.filter((r) => r.team === a.teamId).map((r) => r.id),
    hostile,
  };
  fs.writeFileSync(path.join(dir, 'fixture.json'), JSON.stringify(fixture, null, 1));
  await closeDb();
  log(`e2e: ${all.length} клиентов загружено в ${dir}; отложена выгрузка ${held}`);
}

async function main(): Promise<void> {
  ensureChromium();
  await prepareData();
  buildIfNeeded(log);
  const r = spawnSync(process.execPath, [require.resolve('@playwright/test/cli'), 'test', ...process.argv.slice(2)], {
    stdio: 'inherit', env: { ...process.env, DATA_DIR: path.resolve(E2E_DIR), CHROMIUM_PATH: chromium },
  });
  process.exit(r.status ?? 1);
}

main().catch(async (e) => {
  process.stderr.write(`e2e: ${(e as Error).stack}\n`);
  await closeDb();
  process.exit(1);
});
