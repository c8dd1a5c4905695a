// The warehouse, .secrets/ and the extracts kept in archive/ and rejected/ are the owner's only:
// files 0600, folders 0700 (issue: "warehouse.duckdb is world-readable"). The process umask is
// set to the common 022 first, so every check would see 0644/0755 if nothing restricted them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, query } from '@/lib/db';
import { ensureNextAuthSecret, secretFilePath } from '@/lib/auth/secret';
import { endpointFile, publishCliEndpoint } from '@/lib/cli/endpoint';
import { securePrivateData } from '@/lib/private-data';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { base, baseFiles, writeExtract } from './build-extract';
import { BASE_ID, inboxOf, load } from './util';

let dir = '';
let umask = 0;
beforeEach(async () => {
  umask = process.umask(0o022);
  dir = await freshDataDir();
});
afterEach(async () => {
  process.umask(umask);
  await cleanupDataDir(dir);
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** Modes of every entry under `root` (root included), as `relative path: octal`. */
function modes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (p: string) => {
    out[path.relative(dir, p) || '.'] = mode(p).toString(8);
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(root);
  return out;
}
const allPrivate = (m: Record<string, string>, root: string) =>
  Object.fromEntries(Object.keys(m).map((k) => [k, fs.statSync(path.join(dir, k)).isDirectory() || k === root ? '700' : '600']));

describe('a process that went through securePrivateData()', () => {
  it('creates the warehouse, archive/, rejected/ and .secrets/ owner-only', async () => {
    securePrivateData();
    const r1 = await load(dir, BASE_ID, { files: baseFiles() });
    expect(r1.outcome).toBe('applied');
    const r2 = await load(dir, '2026-11-22T12-00', { files: [{ table: 'payments', mode: 'delta', rows: [{ ...base.payments[0], amount: '-1' }] }] });
    expect(r2.outcome).toBe('rejected');
    const wh = path.join(dir, 'warehouse.duckdb');
    expect(mode(wh).toString(8)).toBe('600');
    await closeDb();
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('warehouse.duckdb'))) expect(mode(path.join(dir, f)).toString(8), f).toBe('600');

    const archive = modes(path.join(dir, 'archive'));
    expect(Object.keys(archive)).toContain(path.join('archive', BASE_ID, 'clients.csv'));
    expect(Object.keys(archive)).toContain(path.join('archive', BASE_ID, 'report.txt'));
    expect(archive).toEqual(allPrivate(archive, 'archive'));
    const rejected = modes(path.join(dir, 'rejected'));
    expect(Object.keys(rejected)).toContain(path.join('rejected', '2026-11-22T12-00', 'report.txt'));
    expect(rejected).toEqual(allPrivate(rejected, 'rejected'));

    const env = process.env.NEXTAUTH_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    try {
      ensureNextAuthSecret();
    } finally {
      if (env === undefined) delete process.env.NEXTAUTH_SECRET; else process.env.NEXTAUTH_SECRET = env;
    }
    publishCliEndpoint(0);
    expect(mode(path.dirname(secretFilePath())).toString(8)).toBe('700');
    expect(mode(secretFilePath()).toString(8)).toBe('600');
    expect(mode(endpointFile()).toString(8)).toBe('600');
  });

  it('closes up what an earlier version left open', async () => {
    await load(dir, BASE_ID, { files: baseFiles() });
    await closeDb();
    const wh = path.join(dir, 'warehouse.duckdb');
    const secrets = path.join(dir, '.secrets');
    fs.mkdirSync(secrets, { mode: 0o755 });
    fs.writeFileSync(path.join(secrets, 'nextauth-secret'), 'x\n', { mode: 0o644 });
    fs.chmodSync(wh, 0o644);
    const archived = path.join(dir, 'archive', BASE_ID);
    fs.chmodSync(path.join(dir, 'archive'), 0o755);
    fs.chmodSync(archived, 0o755);
    fs.chmodSync(path.join(archived, 'clients.csv'), 0o644);
    const outside = path.join(dir, 'outside.txt');
    fs.writeFileSync(outside, 'x', { mode: 0o644 });
    fs.symlinkSync(outside, path.join(archived, 'link'));

    securePrivateData();
    expect(mode(wh).toString(8)).toBe('600');
    expect(mode(secrets).toString(8)).toBe('700');
    expect(mode(path.join(secrets, 'nextauth-secret')).toString(8)).toBe('600');
    expect(mode(path.join(dir, 'archive')).toString(8)).toBe('700');
    expect(mode(archived).toString(8)).toBe('700');
    expect(mode(path.join(archived, 'clients.csv')).toString(8)).toBe('600');
    expect(mode(outside).toString(8)).toBe('644'); // a link is not followed
  });
});

describe('without securePrivateData()', () => {
  it('the loader still keeps archive/ and rejected/ owner-only', async () => {
    await load(dir, BASE_ID, { files: baseFiles() });
    await load(dir, '2026-11-22T12-00', { files: [{ table: 'payments', mode: 'delta', rows: [{ ...base.payments[0], amount: '-1' }] }] });
    for (const root of ['archive', 'rejected']) {
      const m = modes(path.join(dir, root));
      expect(Object.keys(m).length).toBeGreaterThan(2);
      expect(m).toEqual(allPrivate(m, root));
    }
  });
});

describe('entry points', () => {
  it('npm run load (scripts/load.ts) publishes a snapshot 0600 under umask 022', async () => {
    await closeDb();
    writeExtract(inboxOf(dir), BASE_ID, { files: baseFiles() });
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(process.cwd(), 'scripts', 'load.ts'), '--json'], {
      env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const current = JSON.parse(fs.readFileSync(path.join(dir, 'snapshots', 'current.json'), 'utf8')) as { file: string };
    expect(mode(path.join(dir, 'snapshots')).toString(8)).toBe('700');
    expect(mode(path.join(dir, 'snapshots', current.file)).toString(8)).toBe('600');
    expect(mode(path.join(dir, 'snapshots', 'current.json')).toString(8)).toBe('600');
    expect(mode(path.join(dir, 'archive')).toString(8)).toBe('700');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(path.join(dir, 'snapshots', current.file), { access_mode: 'READ_ONLY' });
    const conn = await inst.connect();
    const n = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM clients')).getRowObjects();
    conn.closeSync(); inst.closeSync();
    expect(n).toEqual([{ n: 3 }]);
  }, 60_000);

  it.each([
    ['scripts/load.ts'], ['scripts/users.ts'], ['scripts/demo.ts'], ['lib/serve/supervisor.ts'], ['scripts/loader.ts'], ['scripts/rebuild.ts'], ['instrumentation.ts'],
  ])('%s calls securePrivateData() before it touches data', (file) => {
    expect(fs.readFileSync(path.join(process.cwd(), file), 'utf8')).toMatch(/securePrivateData\(\);/);
  });
});
