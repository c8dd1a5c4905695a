// A second process for tests/unit/state: one task per run on $DATA_DIR/app.sqlite, as a web worker
// or a CLI would do it, printing one JSON line with what it saw. Usage:
//   node --import tsx child.ts <task> [args…]   (DATA_DIR from the environment)
//   open [startAt]                 at startAt (ms), open (and migrate) app.sqlite; prints the migrations it holds
//   write <prefix> <users> <ticks> <startAt>   from startAt (ms), add users and tick items
//   fail <login> <prefix> <n> <startAt>        from startAt, n sign-in failures from addresses <prefix>.0…
//   locked <login> <address>       the sign-in lockout's seconds for that login and address
//   hold <ms>                      take the write lock (BEGIN IMMEDIATE), keep it <ms>, commit; keep the file
//                                  open until stdin closes, then print whether user cli-user is there
import { signInLockout } from '../../../lib/auth/lockout';
import { setReviewed } from '../../../lib/prep/reviews';
import { appState, closeAppState } from '../../../lib/state';
import { addUser, getUser } from '../../../lib/users/users';

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const until = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

async function main(): Promise<void> {
  const [task, ...a] = process.argv.slice(2);
  switch (task) {
    case 'open': {
      if (a[0]) await until(Number(a[0]));
      say({ versions: appState().prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() });
      break;
    }
    case 'write': {
      const [prefix, users, ticks, startAt] = [a[0], Number(a[1]), Number(a[2]), Number(a[3])];
      appState();
      await until(startAt);
      for (let i = 0; i < Math.max(users, ticks); i++) {
        if (i < users) await addUser({ login: `${prefix}-${i}`, role: 'executive', password: 'password-1' });
        if (i < ticks) await setReviewed(prefix, `c${i % 7}`, '2026-11-20', `payments:${i}`, true);
      }
      say({ done: true });
      break;
    }
    case 'fail': {
      const [login, prefix, n, startAt] = [a[0], a[1], Number(a[2]), Number(a[3])];
      appState();
      await until(startAt);
      for (let i = 0; i < n; i++) signInLockout().fail(login, `${prefix}.${i}`);
      say({ done: true });
      break;
    }
    case 'locked': {
      say({ seconds: signInLockout().lockedFor(a[0], a[1]) });
      break;
    }
    case 'hold': {
      const db = appState();
      db.exec('BEGIN IMMEDIATE');
      say({ holding: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(a[0])); // the lock held, the process busy
      db.exec('COMMIT');
      // Still open: the file stays held by this process until the test closes stdin.
      say({ committed: true });
      await new Promise((r) => process.stdin.on('end', r).resume());
      say({ seesCliUser: (await getUser('cli-user')) !== null });
      break;
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
  closeAppState();
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
