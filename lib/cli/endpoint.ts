// Where the running app can be reached from this machine, with a random token in a file only this
// user can read: the supervisor publishes it at start (lib/serve/supervisor.ts) and passes the
// token to its workers; the demo uses it to tell that an app runs, and the test-only hook
// (app/api/internal/test-fault) accepts only this token.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../env';

export interface CliEndpoint { url: string; token: string; pid: number }

export const endpointFile = () => path.join(dataDir(), '.secrets', 'cli-endpoint.json');

/** Called once by the app at startup: write a fresh token and this process's URL. */
export function publishCliEndpoint(port: number): CliEndpoint {
  const ep: CliEndpoint = { url: `http://127.0.0.1:${port}`, token: crypto.randomBytes(32).toString('base64url'), pid: process.pid };
  const file = endpointFile();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(ep), { mode: 0o600 });
  fs.renameSync(tmp, file);
  (globalThis as { __cliEndpoint?: CliEndpoint }).__cliEndpoint = ep;
  return ep;
}

/** The token this process published, if it is the app. */
export function ownCliToken(): string | undefined {
  // Web workers get the supervisor's token in their environment (lib/serve/supervisor.ts).
  return (globalThis as { __cliEndpoint?: CliEndpoint }).__cliEndpoint?.token ?? process.env.SA_CLI_TOKEN;
}

/** Whether `given` (a request's x-cli-token) is this app's token, compared in constant time. */
export function cliTokenOk(given: string | null): boolean {
  const own = ownCliToken();
  if (!own || !given) return false;
  const a = Buffer.from(own);
  const b = Buffer.from(given);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running app's endpoint, or null when no app (alive) has published one. */
export function readCliEndpoint(): CliEndpoint | null {
  try {
    const ep = JSON.parse(fs.readFileSync(endpointFile(), 'utf8')) as CliEndpoint;
    return ep.url && ep.token && pidAlive(ep.pid) ? ep : null;
  } catch {
    return null;
  }
}
