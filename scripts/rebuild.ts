// Replay archive/ into a fresh snapshot and publish it: npm run rebuild (the app stopped).
import { rebuildFromArchive } from '../lib/snapshots/command';
import { securePrivateData } from '../lib/private-data';

securePrivateData();
rebuildFromArchive((line) => process.stdout.write(`${line}\n`)).then((code) => process.exit(code), (e) => {
  process.stderr.write(`Ошибка: ${(e as Error).message}\n`);
  process.exit(1);
});
