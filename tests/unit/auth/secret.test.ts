import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureNextAuthSecret, secretFilePath } from '@/lib/auth/secret';
import { cleanupDataDir, freshDataDir } from '../helpers';

describe('NEXTAUTH_SECRET', () => {
  let dir: string;
  const saved = process.env.NEXTAUTH_SECRET;
  beforeEach(async () => {
    dir = await freshDataDir();
    delete process.env.NEXTAUTH_SECRET;
  });
  afterEach(async () => {
    if (saved === undefined) delete process.env.NEXTAUTH_SECRET;
    else process.env.NEXTAUTH_SECRET = saved;
    await cleanupDataDir(dir);
  });

  it('without the env: generated once into $DATA_DIR/.secrets (0600), reused, exported to the env', () => {
    const s = ensureNextAuthSecret();
    expect(s.length).toBeGreaterThanOrEqual(40);
    expect(process.env.NEXTAUTH_SECRET).toBe(s);
    expect(secretFilePath().startsWith(dir)).toBe(true);
    expect(fs.statSync(secretFilePath()).mode & 0o777).toBe(0o600);
    delete process.env.NEXTAUTH_SECRET; // a restart: same secret from the file
    expect(ensureNextAuthSecret()).toBe(s);
  });

  it('the env wins and no file is written', () => {
    process.env.NEXTAUTH_SECRET = 'from-env-secret';
    expect(ensureNextAuthSecret()).toBe('from-env-secret');
    expect(fs.existsSync(secretFilePath())).toBe(false);
  });
});
