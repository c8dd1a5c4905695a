// Manage app users and API keys. Usage: npm run users -- add|list|remove|api-key … (see lib/users/command.ts).
// Works while the app runs: runOrDelegate hands the command to the running app when it holds the warehouse.
import { runOrDelegate } from '../lib/cli/delegate';
import { runUsersCommand } from '../lib/users/command';
import { securePrivateData } from '../lib/private-data';

securePrivateData(); // the warehouse holds password hashes: owner-only (lib/private-data.ts)
void runOrDelegate('users', process.argv.slice(2), runUsersCommand);
