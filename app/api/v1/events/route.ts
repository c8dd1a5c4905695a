// GET /api/v1/events - server-sent events for open pages (issue 8): `event: load` with a LoadEvent
// (lib/live/events.ts) after every load attempt the app makes (inbox watcher or CLI hand-over),
// and a comment line every 15 s so proxies keep the stream open. Same auth as every route; a
// load event says what arrived (table counts, as-of) and is sent to every signed-in caller, whose
// page then refreshes its own scoped figures. Its message can quote field values (the examples
// of a rejected extract), so each caller gets it as their role may read it (loadEventFrame).
import { withApi } from '@/lib/auth/session';
import { loadEventFrame, onLoad, type LoadEvent } from '@/lib/live/events';

export const dynamic = 'force-dynamic';

const HEARTBEAT_MS = 15_000;

export const GET = withApi(async (req, { scope }) => {
  const enc = new TextEncoder();
  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (s: string) => {
        try { controller.enqueue(enc.encode(s)); } catch { cleanup(); }
      };
      // The browser reconnects after 3 s if the stream drops.
      send('retry: 3000\n: connected\n\n');
      const off = onLoad((e: LoadEvent) => send(loadEventFrame(e, scope)));
      const beat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
      cleanup = () => {
        off();
        clearInterval(beat);
      };
      req.signal.addEventListener('abort', () => {
        cleanup();
        try { controller.close(); } catch { /* already closed */ }
      });
    },
    cancel() { cleanup(); },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
});
