// NEXTAUTH_SECRET without a setup step: if the env does not set it, a random secret is kept in
// $DATA_DIR/.secrets/nextauth-secret (mode 0600; /data is git-ignored) and reused across restarts,
// so sessions survive a restart and nobody has to invent a secret. The start script calls
// ensureNextAuthSecret() before `next start`; the app and proxy.ts call it lazily too (Next 16's
// proxy runs in the Node.js runtime, so it can read the file).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../env';

/** Where the generated secret lives. */
export function secretFilePath(): string {
  return path.join(dataDir(), '.secrets', 'nextauth-secret');
}

/** The secret in use: $NEXTAUTH_SECRET, else the file's (created on first use). Sets process.env.NEXTAUTH_SECRET. */
export function ensureNextAuthSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = secretFilePath();
  let secret = readSecret(file);
  if (!secret) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fresh = randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, `${fresh}\n`, { mode: 0o600, flag: 'wx' });
      secret = fresh;
    } catch (e) {
      // Another process created it first: use theirs, so both agree.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`Не удалось сохранить NEXTAUTH_SECRET в ${file}: ${(e as Error).message}`);
      secret = readSecret(file);
      if (!secret) throw new Error(`Файл секрета ${file} пуст: удалите его или задайте NEXTAUTH_SECRET`);
    }
  }
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}

function readSecret(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
