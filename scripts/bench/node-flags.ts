// The benchmarks stand for the app server, so they run with its V8 flags (lib/cli/server.ts
// SERVER_NODE_OPTIONS): a bench started without them runs itself again with them.
import { spawn } from 'node:child_process';
import { SERVER_NODE_OPTIONS, serverNodeOptions } from '../../lib/cli/server';

/** The flags the results were measured with, for the results table. */
export const benchNodeFlags = (): string => process.env.NODE_OPTIONS?.trim() || SERVER_NODE_OPTIONS;

/**
 * Null when this process already has the server's flags; else the exit code of this same command
 * run again with them (its output passed through).
 */
export async function rerunWithServerFlags(): Promise<number | null> {
  const want = serverNodeOptions(process.env.NODE_OPTIONS);
  if ((process.env.NODE_OPTIONS ?? '').trim() === want) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_OPTIONS: want },
  });
  return new Promise((resolve) => child.on('exit', (code, sig) => resolve(code ?? (sig ? 1 : 0))));
}
