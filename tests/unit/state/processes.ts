// Other processes for tests/unit/state: child.ts tasks and the users CLI, run with tsx like npm does.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CHILD = path.join(__dirname, 'child.ts');
export const USERS_CLI = path.join(process.cwd(), 'scripts', 'users.ts');

export interface Run { code: number | null; stdout: string; stderr: string; lines: Record<string, unknown>[] }

const jsonLines = (s: string) => s.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

/** Start `node --import tsx <script> …args` with DATA_DIR = dataDir; `done` resolves when it exits. */
export function start(dataDir: string, script: string, args: string[]): { child: ChildProcess; done: Promise<Run>; line: (pred: (o: Record<string, unknown>) => boolean) => Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiting: Array<{ pred: (o: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    const lines = jsonLines(stdout);
    for (const w of [...waiting]) if (lines.some(w.pred)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(); }
  });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, lines: jsonLines(stdout) })));
  const line = (pred: (o: Record<string, unknown>) => boolean) => new Promise<void>((resolve, reject) => {
    if (jsonLines(stdout).some(pred)) return resolve();
    waiting.push({ pred, resolve });
    void done.then((r) => reject(new Error(`exited ${r.code} before the line: ${r.stderr}`)));
  });
  return { child, done, line };
}

/** Run it to the end (stdin closed at once). */
export function run(dataDir: string, script: string, args: string[]): Promise<Run> {
  const p = start(dataDir, script, args);
  p.child.stdin!.end();
  return p.done;
}
