// Crash test (issue 18, "Done when"): kill -9 the loader or a web worker at a random moment of a live
// load, and check that the app keeps its promises. Runs the real app (`npm start`: supervisor, loader,
// WEB_WORKERS web workers) on loopback over its own data folder, with a generated company.
//
// Each trial drops the ordinary daily delta (payments for unpaid invoices, one client renamed, one
// moved to another specialist, one new client; lib/bench/daily-delta.ts) into the inbox, and at a
// random moment within the load's usual duration kills one process with SIGKILL. Then:
//   1. within 10 s the app answers with the state from before the load or from after it, never a mix
//      (the renamed client's name and the new client's existence agree), and
//   2. the load completes when run again (the supervisor restarts the process; the loader finds the
//      extract still in the inbox): the extract is applied and its rows show through the API.
// Exit code 1 when any trial fails. `--record` appends the results to scripts/bench/CHAOS.md. A file
// named PAUSE in the data folder holds the run between two trials until it is removed.
//
// Usage: npm run chaos -- [--trials 100] [--clients 20000] [--months 24] [--data-dir tmp/chaos]
//                         [--port 3390] [--seed 1] [--workers 2] [--reuse] [--record]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { waitFor as waitForApp } from '../lib/bench/app';
import { writeDailyDelta, type DeltaClient, type OpenInvoice } from '../lib/bench/daily-delta';
import { Rng } from '../lib/generate/prng';

const root = path.resolve(__dirname, '..');
const ANSWER_BUDGET_MS = 10_000;
const COMPLETE_BUDGET_MS = 180_000;
const USAGE = 'Usage: npm run chaos -- [--trials 100] [--clients 20000] [--months 24] [--data-dir tmp/chaos] [--port 3390] [--seed 1] [--workers 2] [--reuse] [--record]';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stdout.write(`${s}\n`);
const fmtS = (ms: number) => (ms / 1000).toLocaleString('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function parseCli() {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '100' }, clients: { type: 'string', default: '20000' }, months: { type: 'string', default: '24' },
      'data-dir': { type: 'string', default: path.join(root, 'tmp', 'chaos') }, port: { type: 'string', default: '3390' },
      seed: { type: 'string', default: '1' }, workers: { type: 'string', default: '2' }, reuse: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    log(USAGE);
    process.exit(0);
  }
  const int = (k: 'trials' | 'clients' | 'months' | 'port' | 'seed' | 'workers', min: number) => {
    const n = Number(values[k]);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`chaos: --${k} ожидает целое число от ${min}, получено «${values[k]}»\n${USAGE}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    trials: int('trials', 1), clients: int('clients', 100), months: int('months', 2), dataDir: path.resolve(values['data-dir']!),
    port: int('port', 1024), seed: int('seed', 0), workers: int('workers', 1), reuse: values.reuse!, record: values.record!,
  };
}

interface Processes { supervisor: number; port: number; loader: number | null; web: Array<{ id: number; pid: number | null }> }
interface LoadRow { loadId: number; extractId: string; outcome: string; asOf: string | null; message: string | null }
interface CardClient {
  id: string; name: string; inn: string | null; contractNo: string | null; contractStartOn: string | null; holdingId: string | null;
  holdingName: string | null; parentClientId: string | null; segment: string | null; taxSystem: string | null; region: string | null;
  specialistId: string | null; status: string; churnedOn: string | null; phone: string | null; email: string | null;
  address: string | null; specifics: string | null;
}

const alive = (pid: number | null | undefined): pid is number => {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The id after `last`: a minute later the same working day (09:00-19:59), else the next day's 09:00. */
export function nextExtractId(last: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})$/.exec(last);
  if (!m) throw new Error(`необычный id выгрузки: ${last}`);
  const [, day, hh, mm] = m;
  const minutes = Number(hh) * 60 + Number(mm) + 1;
  if (Number(hh) >= 9 && minutes < 20 * 60) return `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}-${String(minutes % 60).padStart(2, '0')}`;
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return `${next}T09-00`;
}

class App {
  child: ChildProcess | null = null;
  constructor(readonly dataDir: string, readonly port: number, readonly workers: number, readonly logFile: string) {}
  base = () => `http://127.0.0.1:${this.port}`;

  start(): void {
    const out = fs.openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts'), '--port', String(this.port)], {
      cwd: root, detached: true, stdio: ['ignore', out, out],
      env: { ...process.env, DATA_DIR: this.dataDir, WEB_WORKERS: String(this.workers), LOG_LEVEL: 'info', NEXTAUTH_URL: `http://localhost:${this.port}` },
    });
    fs.closeSync(out);
  }

  exited(): string | null {
    const c = this.child;
    return c && (c.exitCode !== null || c.signalCode !== null) ? `приложение завершилось (${c.exitCode ?? c.signalCode}), журнал: ${this.logFile}` : null;
  }

  processes(): Processes | null {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dataDir, 'run', 'processes.json'), 'utf8')) as Processes;
    } catch {
      return null;
    }
  }

  /** The loader and every web worker are up (processes.json names live pids for all). */
  whole(): boolean {
    const p = this.processes();
    return !!p && alive(p.loader) && p.web.length === this.workers && p.web.every((w) => alive(w.pid));
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c?.pid || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    try { process.kill(-c.pid, 'SIGTERM'); } catch { return; }
    if (!(await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)]))) {
      try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
      await exited;
    }
  }
}

/** lib/bench/app.ts's waitFor, polling every 200 ms. */
const waitFor = <T>(what: string, timeoutMs: number, probe: () => Promise<T | null>, stop?: () => string | null): Promise<T> =>
  waitForApp(what, timeoutMs, probe, stop, 200);

/** GET with the API key and a per-request timeout: status and JSON body (null when not JSON). */
async function get(base: string, key: string, p: string, timeoutMs = 5_000): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: unknown = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body };
}

async function getOk<T>(base: string, key: string, p: string): Promise<T> {
  const r = await get(base, key, p, 30_000);
  if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body as T;
}

const toDelta = (c: CardClient): DeltaClient => ({
  client_id: c.id, name: c.name, inn: c.inn, contract_no: c.contractNo, contract_start: c.contractStartOn, holding_id: c.holdingId,
  holding_name: c.holdingName, parent_client_id: c.parentClientId, segment: c.segment, tax_system: c.taxSystem, region: c.region,
  specialist_id: c.specialistId, status: c.status, churned_on: c.churnedOn, phone: c.phone, email: c.email, address: c.address,
  specifics: c.specifics,
});

/** The state a trial checks: the renamed client's name and whether the new client exists, in one answer pair. */
interface Observed { renamed: 'old' | 'new' | 'other'; newClient: boolean }

async function observe(base: string, key: string, renamedId: string, newClientId: string): Promise<Observed | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const a = await get(base, key, `/api/v1/clients/${encodeURIComponent(renamedId)}?limit=1`);
    const n = await get(base, key, `/api/v1/clients/${encodeURIComponent(newClientId)}?limit=1`);
    const b = await get(base, key, `/api/v1/clients/${encodeURIComponent(renamedId)}?limit=1`);
    if (a.status !== 200 || b.status !== 200 || (n.status !== 200 && n.status !== 404)) return null;
    const nameA = (a.body as { client: CardClient }).client.name;
    const nameB = (b.body as { client: CardClient }).client.name;
    if (nameA !== nameB) continue; // a snapshot was published between the requests: look again
    return { renamed: nameA as 'old', newClient: n.status === 200 };
  }
  return null;
}

interface Trial {
  n: number; extractId: string; target: string; delayMs: number; killed: boolean;
  answerMs: number | null; completeMs: number | null; seen: string; failure: string | null;
}

async function main(): Promise<void> {
  const a = parseCli();
  const started = Date.now();
  const rng = new Rng(a.seed, 18); // lib/generate/prng.ts: the same --seed kills at the same moments
  const random = () => rng.next();
  if (!a.reuse) fs.rmSync(a.dataDir, { recursive: true, force: true });
  fs.mkdirSync(a.dataDir, { recursive: true, mode: 0o700 });
  const env = { ...process.env, DATA_DIR: a.dataDir };
  process.env.DATA_DIR = a.dataDir;

  if (!fs.existsSync(path.join(a.dataDir, 'snapshots', 'current.json'))) {
    log(`Компания: ${a.clients.toLocaleString('ru-RU')} клиентов × ${a.months} мес. в ${a.dataDir}…`);
    const gen = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'generate.ts'), '--clients', String(a.clients),
      '--months', String(a.months), '--seed', String(a.seed), '--as-of', '2026-11-20'], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (gen.status !== 0) throw new Error('генерация не удалась');
    const t = Date.now();
    const load = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'load.ts')], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (load.status !== 0) throw new Error('первая загрузка не удалась');
    log(`Загружено за ${fmtS(Date.now() - t)} с.`);
  }

  const password = crypto.randomBytes(18).toString('hex');
  const users = (argv: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'users.ts'), ...argv], { cwd: root, env, encoding: 'utf8' });
    return { status: r.status, lines: `${r.stdout}`.trim().split('\n') };
  };
  users(['remove', 'chaos']);
  if (users(['add', 'chaos', '--role', 'executive', `--password=${password}`, '--name', 'Краш-тест']).status !== 0) throw new Error('users add не удался');
  const keyOut = users(['api-key', 'chaos']);
  if (keyOut.status !== 0) throw new Error(`users api-key: ${keyOut.lines.join(' ')}`);
  const key = keyOut.lines.at(-1)!;

  const { buildIfNeeded } = await import('../lib/cli/server');
  buildIfNeeded(log);
  const logFile = path.join(os.tmpdir(), `chaos-app-${Date.now()}.log`);
  const app = new App(a.dataDir, a.port, a.workers, logFile);
  log(`Запускаю приложение на :${a.port} (WEB_WORKERS=${a.workers}), журнал: ${logFile}`);
  app.start();
  const stop = async () => { await app.stop(); };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { void stop().then(() => process.exit(130)); });
  const trials: Trial[] = [];
  let typicalMs = 0;
  try {
    await waitFor('приложение отвечает', 300_000, async () => ((await get(app.base(), key, '/api/v1/loads?limit=1')).status === 200 ? true : null), () => app.exited());
    await waitFor('загрузчик и все веб-процессы запущены', 120_000, async () => (app.whole() ? true : null), () => app.exited());

    const clientIds = (await getOk<{ rows: Array<{ id: string }> }>(app.base(), key, '/api/v1/clients?limit=500&sort=inn')).rows.map((r) => r.id);
    const specialists = [...new Set((await getOk<{ rows: Array<{ id: string | null }> }>(app.base(), key, '/api/v1/payments?by=specialist')).rows
      .map((r) => r.id).filter((x): x is string => !!x))];
    if (clientIds.length < 10 || specialists.length < 2) throw new Error('в компании мало клиентов или специалистов');

    for (let n = 0; n <= a.trials; n++) {
      // A file PAUSE in the data folder holds the run between trials (the machine quiet for a benchmark).
      while (fs.existsSync(path.join(a.dataDir, 'PAUSE'))) await sleep(1_000);
      // Trial 0 is the calibration: no kill, it measures how long a live load takes here.
      const [last] = (await getOk<{ rows: LoadRow[] }>(app.base(), key, '/api/v1/loads?limit=1')).rows;
      const lastApplied = (await getOk<{ rows: LoadRow[] }>(app.base(), key, '/api/v1/loads?limit=50')).rows.find((r) => r.outcome === 'applied');
      if (!last || !lastApplied) throw new Error('нет ни одной загрузки');
      const extractId = nextExtractId(last.extractId > lastApplied.extractId ? last.extractId : lastApplied.extractId);
      const unpaid = await getOk<{ rows: Array<{ id: string; clientId: string; fields: Record<string, unknown> }> }>(
        app.base(), key, '/api/v1/kpi/payments/rows?status=bad&limit=40');
      const pay: OpenInvoice[] = unpaid.rows.map((r) => ({ invoiceId: r.id, clientId: r.clientId, remaining: Number(r.fields.remaining) }))
        .filter((r) => Number.isFinite(r.remaining) && r.remaining > 0);
      const pick = () => clientIds[Math.floor(random() * clientIds.length)];
      const renameId = pick();
      let moveId = pick();
      while (moveId === renameId) moveId = pick();
      const card = async (id: string) => (await getOk<{ client: CardClient }>(app.base(), key, `/api/v1/clients/${encodeURIComponent(id)}?limit=1`)).client;
      const rename = toDelta(await card(renameId));
      const move = toDelta(await card(moveId));
      const moveTo = specialists.find((s) => s !== move.specialist_id)!;
      const side = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-delta-'));
      const delta = writeDailyDelta({
        asOf: lastApplied.asOf ?? '2026-11-20', outDir: side, pay, rename, move, moveTo, newClientSpecialist: specialists[0], extractId,
      });
      const oldName = rename.name;
      const classify = (o: Observed): string => {
        const r = o.renamed === (oldName as 'old') ? 'old' : o.renamed === (delta.renamedTo as 'new') ? 'new' : 'other';
        if (r === 'old' && !o.newClient) return 'до';
        if (r === 'new' && o.newClient) return 'после';
        return `смесь (имя ${r === 'other' ? `«${o.renamed}»` : r}, новый клиент ${o.newClient ? 'есть' : 'нет'})`;
      };

      // Drop: files first, manifest.json last (extracts.md).
      const inboxDir = path.join(a.dataDir, 'inbox', extractId);
      fs.mkdirSync(inboxDir, { recursive: true });
      for (const f of fs.readdirSync(delta.dir).filter((f) => f !== 'manifest.json')) fs.copyFileSync(path.join(delta.dir, f), path.join(inboxDir, f));
      fs.copyFileSync(path.join(delta.dir, 'manifest.json'), path.join(inboxDir, 'manifest.json'));
      const dropped = Date.now();
      fs.rmSync(side, { recursive: true, force: true });

      const trial: Trial = { n, extractId, target: '—', delayMs: 0, killed: false, answerMs: null, completeMs: null, seen: '', failure: null };
      try {
        if (n > 0) {
          const procs = app.processes();
          const toLoader = random() < 0.5;
          const worker = procs?.web[Math.floor(random() * (procs?.web.length ?? 1))];
          trial.delayMs = Math.round(random() * Math.max(typicalMs, 500) * 1.2);
          trial.target = toLoader ? 'загрузчик' : `веб-процесс ${worker?.id ?? '?'}`;
          await sleep(Math.max(0, trial.delayMs - (Date.now() - dropped)));
          const pid = toLoader ? procs?.loader : worker?.pid;
          if (!alive(pid)) throw new Error(`${trial.target}: процесса нет в run/processes.json`);
          process.kill(pid, 'SIGKILL');
          trial.killed = true;
          const killedAt = Date.now();
          // 1. The app answers within 10 s, with the state before or after the load.
          const states = new Set<string>();
          const o = await waitFor('ответ приложения', ANSWER_BUDGET_MS, async () => observe(app.base(), key, renameId, delta.newClientId), () => app.exited())
            .catch((e: Error) => { throw new Error(`после kill -9 (${trial.target}) нет ответа за 10 с: ${e.message}`); });
          trial.answerMs = Date.now() - killedAt;
          // The last probe may end past the budget (it was sent within it): that is a late answer too.
          if (trial.answerMs > ANSWER_BUDGET_MS) throw new Error(`после kill -9 (${trial.target}) ответ только через ${fmtS(trial.answerMs)} с (бюджет 10 с)`);
          states.add(classify(o));
          trial.seen = [...states].join(', ');
          if (![...states].every((s) => s === 'до' || s === 'после')) throw new Error(`состояние не до и не после загрузки: ${trial.seen}`);
        }
        // 2. The load completes (run again by the restarted process): applied, and its rows show.
        await waitFor(`выгрузка ${extractId} применена`, COMPLETE_BUDGET_MS, async () => {
          const rows = (await getOk<{ rows: LoadRow[] }>(app.base(), key, '/api/v1/loads?limit=20')).rows.filter((r) => r.extractId === extractId);
          const bad = rows.find((r) => r.outcome !== 'applied' && r.outcome !== 'skipped');
          if (bad && !fs.existsSync(path.join(inboxDir, 'manifest.json'))) throw new Error(`выгрузка ${extractId}: ${bad.outcome}: ${bad.message ?? ''}`);
          if (!rows.some((r) => r.outcome === 'applied')) return null;
          const o = await observe(app.base(), key, renameId, delta.newClientId);
          return o && classify(o) === 'после' ? true : null;
        }, () => app.exited()).catch((e: Error) => {
          // A rejection is final: no point waiting for it.
          throw e;
        });
        trial.completeMs = Date.now() - dropped;
        if (n === 0) typicalMs = trial.completeMs;
        await waitFor('все процессы снова запущены', 60_000, async () => (app.whole() ? true : null), () => app.exited());
        const leftovers = fs.readdirSync(path.join(a.dataDir, 'snapshots')).filter((f) => f.startsWith('.building-'));
        if (leftovers.length > 1) throw new Error(`недостроенные снимки остались: ${leftovers.join(', ')}`);
      } catch (e) {
        trial.failure = (e as Error).message;
      }
      trials.push(trial);
      const line = n === 0
        ? `калибровка: ${extractId} загружена за ${fmtS(trial.completeMs ?? 0)} с${trial.failure ? `; ОШИБКА: ${trial.failure}` : ''}`
        : `#${n} ${extractId}: kill -9 ${trial.target} через ${fmtS(trial.delayMs)} с; ответ за ${trial.answerMs === null ? '—' : fmtS(trial.answerMs)} с (${trial.seen || '—'}); загружена за ${trial.completeMs === null ? '—' : fmtS(trial.completeMs)} с${trial.failure ? `; ОШИБКА: ${trial.failure}` : ''}`;
      log(line);
      if (n === 0 && trial.failure) throw new Error(`калибровочная загрузка не прошла: ${trial.failure}`);
      if (trial.failure) {
        // Let the next trial start from a settled app: the extract loaded or given up on.
        await waitFor('приложение снова целое', 120_000, async () => (app.whole() ? true : null), () => app.exited()).catch(() => undefined);
        if (fs.existsSync(inboxDir)) fs.rmSync(inboxDir, { recursive: true, force: true });
      }
    }
  } finally {
    await stop();
  }

  const done = trials.filter((t) => t.n > 0);
  const failed = done.filter((t) => t.failure);
  const answers = done.map((t) => t.answerMs).filter((x): x is number => x !== null).sort((x, y) => x - y);
  const completes = done.map((t) => t.completeMs).filter((x): x is number => x !== null).sort((x, y) => x - y);
  const q = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : 0);
  const byTarget = (k: string) => done.filter((t) => t.target.startsWith(k)).length;
  const summary = `${done.length} испытаний (kill -9: загрузчик ${byTarget('загрузчик')}, веб-процесс ${byTarget('веб')}), **${failed.length} не прошли**; `
    + `ответ после kill: медиана ${fmtS(q(answers, 0.5))} с, максимум ${fmtS(answers.at(-1) ?? 0)} с (бюджет 10 с); `
    + `загрузка до конца: медиана ${fmtS(q(completes, 0.5))} с, максимум ${fmtS(completes.at(-1) ?? 0)} с; `
    + `состояние после kill: до загрузки ${done.filter((t) => t.seen === 'до').length}, после ${done.filter((t) => t.seen === 'после').length}; всего ${fmtS(Date.now() - started)} с.`;
  log(`\n${summary.replace(/\*\*/g, '')}`);
  for (const t of failed) log(`  не прошло #${t.n}: ${t.failure}`);
  if (a.record) {
    const file = path.join(root, 'scripts', 'bench', 'CHAOS.md');
    if (!fs.existsSync(file)) fs.writeFileSync(file, '# Crash test\n\nAppended by `npm run chaos -- --trials N --record` (issue 18: "Done when", crash test).\n\n');
    const head = spawnSync('git', ['log', '-1', '--format=%h'], { cwd: root, encoding: 'utf8' }).stdout.trim();
    fs.appendFileSync(file, `### ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${a.clients.toLocaleString('ru-RU')} клиентов, ${a.trials} испытаний, WEB_WORKERS=${a.workers}, seed ${a.seed}\n\n`
      + `2 ядра, Node ${process.version}; код \`${head}\`; калибровочная загрузка ${fmtS(typicalMs)} с; момент kill равномерно в [0; 1,2 × калибровка].\n\n${summary}\n\n`
      + `${failed.map((t) => `- не прошло #${t.n} (${t.target}, ${fmtS(t.delayMs)} с): ${t.failure}\n`).join('')}${failed.length ? '\n' : ''}`);
    log(`Записано в ${path.relative(root, file)}`);
  }
  process.exit(failed.length ? 1 : 0);
}

main().catch((e: unknown) => {
  process.stderr.write(`chaos: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
