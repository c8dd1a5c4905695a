// Several processes on one app.sqlite at once, as the web workers are: writes from two processes
// at the same moment all land (no SQLITE_BUSY), and the sign-in lockout counts every failure,
// whichever process saw it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInLockout } from '@/lib/auth/lockout';
import { getReviewedKeys } from '@/lib/prep/reviews';
import { appState } from '@/lib/state';
import { listUsers } from '@/lib/users/users';
import { cleanupDataDir, freshDataDir } from '../helpers';
import { CHILD, run } from './processes';

/** A moment a few seconds ahead, when both children have loaded their code and start together. */
const soon = () => String(Date.now() + 5_000);

describe('two processes on one app.sqlite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir('sa-state-procs-');
    appState(); // this process holds it open too, as a third worker would
  });
  afterAll(() => cleanupDataDir(dir));

  it('add users and tick items at the same time: every write lands, none fails busy', async () => {
    const at = soon();
    const [a, b] = await Promise.all([run(dir, CHILD, ['write', 'pa', '8', '300', at]), run(dir, CHILD, ['write', 'pb', '8', '300', at])]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.stderr + b.stderr).not.toMatch(/SQLITE_BUSY|locked/i);
    const logins = (await listUsers()).map((u) => u.login);
    expect(logins.filter((l) => l.startsWith('pa-'))).toHaveLength(8);
    expect(logins.filter((l) => l.startsWith('pb-'))).toHaveLength(8);
    // 300 ticks each over clients c0…c6: item i on client c(i mod 7), so c0 has items 0, 7, …, 294 (43 of them).
    expect((await getReviewedKeys('pa', 'c0', '2026-11-20')).size).toBe(43);
    expect(appState().prepare('SELECT login, count(*) AS n FROM prep_reviews GROUP BY login ORDER BY login').all())
      .toEqual([{ login: 'pa', n: 300 }, { login: 'pb', n: 300 }]);
  }, 120_000);

  it('a failure recorded by one process locks the login for another', async () => {
    // Five failures from one address within a minute lock that pair for a minute (lib/auth/lockout.ts).
    const failing = await run(dir, CHILD, ['fail', 'ivan', '203.0.113', '1', '0']); // address 203.0.113.0
    expect(failing.code, failing.stderr).toBe(0);
    for (let i = 0; i < 4; i++) signInLockout().fail('ivan', '203.0.113.0');
    expect(signInLockout().lockedFor('ivan', '203.0.113.0')).toBeGreaterThan(55);
    const seen = await run(dir, CHILD, ['locked', 'ivan', '203.0.113.0']);
    expect(seen.code, seen.stderr).toBe(0);
    expect(seen.lines[0].seconds).toBeGreaterThan(50);
    expect((await run(dir, CHILD, ['locked', 'ivan', '198.51.100.1'])).lines[0]).toEqual({ seconds: 0 }); // another address: free
  }, 60_000);

  it('failures from two processes at once all count: 50 + 50 reach the login-wide ceiling of 100', async () => {
    const at = soon();
    const [a, b] = await Promise.all([
      run(dir, CHILD, ['fail', 'petr', '10.1.0', '50', at]),
      run(dir, CHILD, ['fail', 'petr', '10.2.0', '50', at]),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // One failure per address: no pair lock; the 100th failure locks petr for 15 minutes wherever he is unknown.
    expect(signInLockout().lockedFor('petr', '10.1.0.0')).toBeGreaterThan(890);
    expect(signInLockout().lockedFor('petr', '192.0.2.1')).toBeGreaterThan(890);
    expect(signInLockout().lockedFor('petr', '192.0.2.1', true)).toBe(0);
  }, 120_000);
});
