// Run a CLI command in this process, or hand it to the running app when the app holds the
// warehouse. The user never sees DuckDB's lock error: with no app, a busy file is waited for.
import { closeDb, isLockError } from '../db';
import type { CliCommand, CliOut, CliRunner } from './commands';
import { readCliEndpoint, type CliEndpoint } from './endpoint';

const WAIT_FOR_LOCK_MS = 120_000;

async function delegate(ep: CliEndpoint, command: CliCommand, argv: string[], out: CliOut): Promise<number> {
  const res = await fetch(`${ep.url}/api/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cli-token': ep.token },
    body: JSON.stringify({ command, argv }),
  });
  if (!res.ok || !res.body) throw new Error(`Приложение ответило ${res.status}: ${await res.text()}`);
  // The app streams NDJSON: {"line": "..."} per output line, then {"exit": N}.
  let exit = 1;
  let buf = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const msg = JSON.parse(buf.slice(0, nl)) as { line?: string; exit?: number };
      buf = buf.slice(nl + 1);
      if (msg.line !== undefined) out(msg.line);
      if (msg.exit !== undefined) exit = msg.exit;
    }
  }
  return exit;
}

/** Run `command` here or in the running app; returns the exit code. */
export async function runCommand(command: CliCommand, argv: string[], local: CliRunner, out: CliOut): Promise<number> {
  const started = Date.now();
  let waitingSaid = false;
  for (;;) {
    const ep = readCliEndpoint();
    if (ep) {
      try {
        return await delegate(ep, command, argv, out);
      } catch (e) {
        // The app may have just stopped: fall through to running here.
        if (!(e instanceof TypeError)) throw e;
      }
    }
    try {
      return await local(argv, out);
    } catch (e) {
      if (!isLockError(e) || Date.now() - started > WAIT_FOR_LOCK_MS) throw e;
      if (!waitingSaid) {
        process.stderr.write('Хранилище занято другим процессом (загрузка или приложение запускается); жду…\n');
        waitingSaid = true;
      }
      await closeDb();
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Entry point for scripts/*.ts: run, close the warehouse, exit with the command's code. */
export async function runOrDelegate(command: CliCommand, argv: string[], local: CliRunner): Promise<never> {
  let code = 1;
  try {
    code = await runCommand(command, argv, local, (line) => process.stdout.write(`${line}\n`));
  } catch (e) {
    process.stderr.write(`Ошибка: ${(e as Error).message}\n`);
    code = 1;
  } finally {
    await closeDb();
  }
  process.exit(code);
}
