// `npm run users` (scripts/users.ts) writes app.sqlite itself, whether the app runs or not: while
// another process holds the file open (and its write lock for a while), with a running app's
// loopback endpoint published (nothing is handed to it), and on the first run after an upgrade
// (users an earlier version kept in the warehouse come over first).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCliEndpoint } from '@/lib/cli/endpoint';
import { closeDb, exec } from '@/lib/db';
import { closeAppState } from '@/lib/state';
import { getUser } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { CHILD, run, start, USERS_CLI } from './processes';

describe('npm run users', () => {
  let dir: string;
  beforeAll(async () => { dir = await freshDataDir('sa-state-cli-'); });
  afterAll(() => cleanupDataDir(dir));

  it('works while another process holds app.sqlite open and, for 3 s, its write lock', async () => {
    const holder = start(dir, CHILD, ['hold', '3000']);
    await holder.line((o) => o.holding === true);
    const added = await run(dir, USERS_CLI, ['add', 'cli-user', '--role', 'executive', '--password', 'cli-pass-1']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/«cli-user» добавлен/);
    const listed = await run(dir, USERS_CLI, ['list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^cli-user\texecutive/m);
    holder.child.stdin!.end();
    const held = await holder.done;
    expect(held.code, held.stderr).toBe(0);
    expect(held.lines.at(-1)).toEqual({ seesCliUser: true }); // the other process reads what the CLI wrote
    expect(added.stderr + listed.stderr).not.toMatch(/lock|busy/i);
  }, 60_000);

  it('hands nothing to a running app: with its endpoint published it still writes app.sqlite itself', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => { requests.push(`${req.method} ${req.url}`); res.writeHead(500).end(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      publishCliEndpoint((server.address() as AddressInfo).port); // as the app does at start, with this (live) pid
      const r = await run(dir, USERS_CLI, ['api-key', 'cli-user']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^sa_/);
      expect(requests).toEqual([]);
    } finally {
      server.close();
    }
  }, 60_000);

  it('no CLI hands work to the app over loopback any more (no /api/internal/cli route)', () => {
    expect(fs.existsSync(path.join(process.cwd(), 'app', 'api', 'internal', 'cli'))).toBe(false);
    expect(fs.existsSync(path.join(process.cwd(), 'lib', 'cli', 'delegate.ts'))).toBe(false);
  });

  it('on the first run after an upgrade, users the warehouse held come over first', async () => {
    const sub = await freshDataDir('sa-state-cli-upgrade-');
    try {
      await exec(`INSERT INTO users (login, role, password_hash, session_epoch) VALUES ('veteran', 'executive', 'scrypt$x', 'e1')`);
      await closeDb();
      const r = await run(sub, USERS_CLI, ['list']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^veteran\texecutive/m);
      closeAppState();
      expect(fs.existsSync(path.join(sub, 'app.sqlite'))).toBe(true);
      expect(await getUser('veteran')).toMatchObject({ login: 'veteran', role: 'executive' });
    } finally {
      await cleanupDataDir(sub);
      process.env.DATA_DIR = dir;
    }
  }, 60_000);
});
