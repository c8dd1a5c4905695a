// Large HTTP answers (an Arrow IPC stream, or a big JSON list), compressed when the client accepts
// it: `next start` compresses pages but not route handlers' answers, so the 200,000-client list
// crossed the wire at 22.5 MB as Arrow and 83 MB as JSON. Brotli at quality 1 (or gzip at level
// 1) is fast: 90 ms / 440 ms for those 22.5 MB, off the event loop (zlib's thread pool), giving
// 7.6 / 7.7 MB. Server-only.
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ARROW_STREAM_TYPE } from './rows';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this size compression is not worth its latency. */
const MIN_COMPRESS_BYTES = 16 * 1024;

/** The encoding to answer with, from the request's Accept-Encoding: br, then gzip, else none. */
export function pickEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/** Answer `bytes` of `contentType` for `req`, compressed if accepted and worth it, with extra `headers`. */
export async function compressedResponse(req: Request, bytes: Uint8Array<ArrayBuffer>, contentType: string, headers: Record<string, string> = {}): Promise<Response> {
  const encoding = bytes.byteLength >= MIN_COMPRESS_BYTES ? pickEncoding(req.headers.get('accept-encoding')) : null;
  const vary = [headers.vary, 'accept-encoding'].filter(Boolean).join(', ');
  const h: Record<string, string> = { ...headers, 'content-type': contentType, vary };
  if (!encoding) return new Response(bytes, { headers: h });
  const body = encoding === 'br'
    ? await brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength } })
    : await gzip(bytes, { level: 1 });
  return new Response(new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>, {
    headers: { ...h, 'content-encoding': encoding },
  });
}

/** An Arrow IPC stream answer (see compressedResponse). */
export function arrowResponse(req: Request, bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Promise<Response> {
  return compressedResponse(req, bytes, ARROW_STREAM_TYPE, { vary: 'accept', ...headers });
}

/** A JSON answer (see compressedResponse). */
export function jsonResponse(req: Request, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const buf = Buffer.from(JSON.stringify(body), 'utf8');
  return compressedResponse(req, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) as Uint8Array<ArrayBuffer>, 'application/json', headers);
}
