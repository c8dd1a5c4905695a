// POST /api/internal/cli - runs a CLI command (load) inside the app, which holds the
// warehouse. Only for the local CLIs: authenticated by the token the app wrote to
// $DATA_DIR/.secrets/cli-endpoint.json at startup (readable by the app's OS user only).
import { cliCommands, localRunner, type CliCommand } from '@/lib/cli/commands';
import { cliTokenOk } from '@/lib/cli/endpoint';

export const dynamic = 'force-dynamic';

export async function POST(req: Request): Promise<Response> {
  if (!cliTokenOk(req.headers.get('x-cli-token'))) return Response.json({ error: 'forbidden' }, { status: 403 });
  let body: { command?: unknown; argv?: unknown };
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: 'body must be JSON' }, { status: 400 });
  }
  const command = body.command as CliCommand;
  const argv = body.argv;
  if (!cliCommands.includes(command) || !Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
    return Response.json({ error: 'expected {command: load, argv: string[]}' }, { status: 400 });
  }
  const run = await localRunner(command);
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (msg: object) => controller.enqueue(enc.encode(`${JSON.stringify(msg)}\n`));
      let exit = 1;
      try {
        exit = await run(argv as string[], (line) => send({ line }));
      } catch (e) {
        send({ line: `Ошибка: ${(e as Error).message}` });
      }
      send({ exit });
      controller.close();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
}
