// Manage app users and API keys. Usage: npm run users -- add|list|remove|passwd|api-key … (see lib/users/command.ts).
// Works the same whether the app runs or not: it writes $DATA_DIR/app.sqlite itself (lib/state), as the app does.
import fs from 'node:fs';
import { warehousePath } from '../lib/env';
import { securePrivateData } from '../lib/private-data';
import { closeAppState } from '../lib/state';
import { importLegacyAppState } from '../lib/state/import-legacy';
import { runUsersCommand } from '../lib/users/command';

/**
 * Users an earlier version kept in the warehouse, copied over if app.sqlite has none yet, so the
 * first command after an upgrade sees them even before the app has started. Best effort: a
 * warehouse another process writes cannot be opened here; the app's loader copies them then.
 */
async function importLegacyUsers(): Promise<void> {
  const file = warehousePath();
  if (file === ':memory:' || !fs.existsSync(file)) return;
  try {
    await importLegacyAppState(file);
  } catch (e) {
    process.stderr.write(`Пользователи из хранилища прежней версии не перенесены: ${(e as Error).message}\n`);
  }
}

async function main(): Promise<number> {
  securePrivateData(); // app.sqlite holds password hashes: owner-only (lib/private-data.ts)
  try {
    await importLegacyUsers();
    return await runUsersCommand(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
  } catch (e) {
    process.stderr.write(`Ошибка: ${(e as Error).message}\n`);
    return 1;
  } finally {
    closeAppState();
  }
}

void main().then((code) => process.exit(code));
