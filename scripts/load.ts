// Load extracts from data/inbox (or the given folders) as new warehouse snapshots; see
// lib/snapshots/command.ts. Usage: npm run load -- [--inbox DIR] [--force] [--json] [EXTRACT_DIR ...]
// When the app runs, its loader takes them (they are moved into its inbox) and this waits.
import { runLoadCli } from '../lib/snapshots/command';
import { securePrivateData } from '../lib/private-data';

securePrivateData(); // snapshots, archive/ and rejected/ are owner-only (lib/private-data.ts)
runLoadCli(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`Ошибка: ${(e as Error).message}\n`);
  process.exit(1);
});
