// Load extracts from data/inbox (or the given folders) into the warehouse; see lib/load/command.ts.
// Usage: npm run load -- [--inbox DIR] [--force] [--json] [EXTRACT_DIR ...]
// When the app is running it holds the warehouse, so the work is handed to it (lib/cli/delegate.ts).
import { runOrDelegate } from '../lib/cli/delegate';
import { runLoadCommand } from '../lib/load/command';
import { securePrivateData } from '../lib/private-data';

securePrivateData(); // the warehouse, archive/ and rejected/ are owner-only (lib/private-data.ts)
void runOrDelegate('load', process.argv.slice(2), runLoadCommand);
