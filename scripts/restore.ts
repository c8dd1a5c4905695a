// Republish an older snapshot: npm run restore -- <load-id> (see README "Snapshots"). Works with
// the app running: its workers move to the restored file within a second; the loader builds the
// next load on top of it.
import { restoreSnapshot } from '../lib/snapshots/loader';
import { listSnapshots, readCurrent } from '../lib/snapshots/store';

const arg = process.argv[2];
if (!arg || !/^\d+$/.test(arg)) {
  process.stderr.write(`Использование: npm run restore -- <номер загрузки>\nТекущий снимок: ${readCurrent()?.file ?? '—'}; есть: ${listSnapshots().join(', ') || 'ни одного'}\n`);
  process.exit(2);
}
try {
  const cur = restoreSnapshot(Number(arg));
  process.stdout.write(`Опубликован снимок ${cur.file} (загрузка ${arg}).\n`);
} catch (e) {
  process.stderr.write(`Ошибка: ${(e as Error).message}\n`);
  process.exit(1);
}
