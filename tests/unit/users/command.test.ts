import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, verifyApiKey } from '@/lib/users/api-keys';
import { runUsersCommand } from '@/lib/users/command';
import { verifyPassword } from '@/lib/users/password';
import { getPasswordHash, getUser, getUserForSession } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';

async function run(...argv: string[]) {
  const lines: string[] = [];
  const code = await runUsersCommand(argv, (l) => lines.push(l));
  return { code, lines, text: lines.join('\n') };
}

describe('users command', () => {
  let dir: string;
  beforeAll(async () => { dir = await freshDataDir(); });
  afterAll(() => cleanupDataDir(dir));

  it('add with a password, for each role', async () => {
    expect((await run('add', 'boss', '--role', 'head', '--password', 'boss-pass-1', '--teams', 'T1, T2', '--name', 'Ольга Иванова')).code).toBe(0);
    expect(await getUser('boss')).toMatchObject({ role: 'head', teamIds: ['T1', 'T2'], displayName: 'Ольга Иванова' });
    expect(await verifyPassword('boss-pass-1', (await getPasswordHash('boss'))!)).toBe(true);
    expect((await run('add', 'spec', '--role', 'specialist', '--specialist-id', 'S7', '--password', 'spec-pass-1')).code).toBe(0);
    expect(await getUser('spec')).toMatchObject({ role: 'specialist', specialistId: 'S7', teamIds: null });
    expect((await run('add', 'allheads', '--role', 'head', '--password', 'head-pass-1')).code).toBe(0);
    expect((await getUser('allheads'))?.teamIds).toBeNull();
  });

  it('add without a password prints a generated one that works', async () => {
    const r = await run('add', 'exec', '--role', 'executive');
    expect(r.code).toBe(0);
    const m = /Пароль[^:]*: (\S+)$/.exec(r.lines.at(-1)!);
    expect(m).not.toBeNull();
    expect(await verifyPassword(m![1], (await getPasswordHash('exec'))!)).toBe(true);
  });

  it('refuses bad input with a clear message and a non-zero code', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['add', 'x1', '--role', 'specialist', '--password', 'long-enough'], /specialist-id/],
      [['add', 'x2', '--role', 'king', '--password', 'long-enough'], /--role/],
      [['add', 'x3', '--password', 'long-enough'], /--role/],
      [['add', 'boss', '--role', 'executive', '--password', 'long-enough'], /уже есть/],
      [['add', 'x4', '--role', 'executive', '--password', 'short'], /8/],
      [['add', 'x5', '--role', 'executive', '--teams', 'T1', '--password', 'long-enough'], /--teams/],
      [['add', 'x6', '--role', 'head', '--bogus'], /параметр|bogus/i],
      [['remove', 'ghost'], /не найден/],
      [['api-key', 'ghost'], /не найден/],
      [['frobnicate'], /Неизвестная команда/],
    ];
    for (const [argv, msg] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.text, argv.join(' ')).toMatch(msg);
    }
  });

  it('list shows every user with role and scope', async () => {
    const r = await run('list');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/boss\thead\t-\tT1,T2\tОльга Иванова/);
    expect(r.text).toMatch(/spec\tspecialist\tS7/);
    expect(r.text).toMatch(/exec\texecutive/);
  });

  it('api-key prints the key as the last line, and it verifies', async () => {
    const r = await run('api-key', 'spec');
    expect(r.code).toBe(0);
    const key = r.lines.at(-1)!;
    expect(key).toMatch(/^sa_[A-Za-z0-9_-]{43}$/);
    expect((await verifyApiKey(key))?.login).toBe('spec');
  });

  it('passwd sets the given password, ends sessions (new epoch) and deletes the API keys', async () => {
    const before = await getUserForSession('boss');
    const key = await createApiKey('boss');
    const r = await run('passwd', 'boss', '--password', 'new-boss-pass');
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/изменён/);
    expect(r.text).not.toMatch(/new-boss-pass/); // a given password is not echoed
    const hash = (await getPasswordHash('boss'))!;
    expect(await verifyPassword('new-boss-pass', hash)).toBe(true);
    expect(await verifyPassword('boss-pass-1', hash)).toBe(false);
    const after = await getUserForSession('boss');
    expect(after?.sessionEpoch).toBeTruthy();
    expect(after?.sessionEpoch).not.toBe(before?.sessionEpoch);
    expect(await verifyApiKey(key)).toBeNull();
    expect(await getUser('boss')).toMatchObject({ role: 'head', teamIds: ['T1', 'T2'] }); // nothing else changes
  });

  it('passwd without --password prints a generated one that works; refuses unknown logins and short passwords', async () => {
    const r = await run('passwd', 'exec');
    expect(r.code).toBe(0);
    const m = /Пароль[^:]*: (\S+)$/.exec(r.lines.at(-1)!);
    expect(m).not.toBeNull();
    expect(await verifyPassword(m![1], (await getPasswordHash('exec'))!)).toBe(true);
    const cases: Array<[string[], number, RegExp]> = [
      [['passwd', 'ghost', '--password', 'long-enough'], 1, /не найден/],
      [['passwd', 'exec', '--password', 'short'], 1, /8/],
      [['passwd'], 2, /логин/],
      [['passwd', 'exec', '--bogus'], 2, /параметр|bogus/i],
    ];
    for (const [argv, code, msg] of cases) {
      const res = await run(...argv);
      expect(res.code, argv.join(' ')).toBe(code);
      expect(res.text, argv.join(' ')).toMatch(msg);
    }
    expect(await verifyPassword(m![1], (await getPasswordHash('exec'))!)).toBe(true); // the refused ones changed nothing
  });

  it('remove deletes the user', async () => {
    expect((await run('remove', 'spec')).code).toBe(0);
    expect(await getUser('spec')).toBeNull();
    expect((await run('list')).text).not.toMatch(/\bspec\t/);
  });
});
