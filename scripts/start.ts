// Start the built app on $PORT (default 3000); creates NEXTAUTH_SECRET on first run.
// Usage: npm start [-- --port 3000]
import { parseArgs } from 'node:util';
import { startServer } from '../lib/cli/server';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
startServer(values.port ?? process.env.PORT ?? '3000').then((code) => process.exit(code));
