// File-level work the loader does in Node rather than DuckDB: checksums, encoding detection and
// Windows-1251 decoding, sniffing the header line, and turning byte offsets into line numbers.
// Nothing here parses CSV records (extracts.md: DuckDB's read_csv does that).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';

const CHUNK = 1 << 20;

/** Bytes at the end of `buf` that may be the start of a multi-byte UTF-8 character cut by the chunk boundary. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

export interface FileScan {
  sha256: string;
  bytes: number;
  /** False when the bytes are not valid UTF-8 (then the file is taken as Windows-1251). */
  utf8: boolean;
}

/** One streaming pass: sha256 and UTF-8 validity (native checks, no decoding to strings). */
export async function scanFile(file: string, checkUtf8 = true): Promise<FileScan> {
  const hash = crypto.createHash('sha256');
  let utf8 = checkUtf8;
  let bytes = 0;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (utf8) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const tail = incompleteTail(buf);
      if (!isUtf8(buf.subarray(0, buf.length - tail))) utf8 = false;
      carry = Buffer.from(buf.subarray(buf.length - tail));
    }
  }
  if (utf8 && carry.length) utf8 = false; // file ends inside a character
  return { sha256: hash.digest('hex'), bytes, utf8 };
}

/** Decode a Windows-1251 file to a UTF-8 copy (streaming, so big files do not sit in memory). */
export async function decodeCp1251(src: string, dest: string): Promise<void> {
  await pipeline(fs.createReadStream(src, { highWaterMark: CHUNK }), iconv.decodeStream('win1251'), iconv.encodeStream('utf8'), fs.createWriteStream(dest));
}

export interface Header {
  delim: ',' | ';';
  /** Column names as written (trimmed, quotes removed, lower-cased). */
  columns: string[];
}

/** Read the header line of a UTF-8 CSV and pick the delimiter: `;` when it occurs more often than `,`. */
export function sniffHeader(file: string): Header {
  const fd = fs.openSync(file, 'r');
  let text = '';
  try {
    const buf = Buffer.alloc(64 * 1024);
    let pos = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      text += buf.subarray(0, n).toString('utf8');
      pos += n;
      if (text.includes('\n') || pos > 4 * 1024 * 1024) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf('\n');
  const line = (nl >= 0 ? text.slice(0, nl) : text).replace(/\r$/, '');
  const count = (ch: string) => line.split(ch).length - 1;
  const delim = count(';') > count(',') ? ';' : ',';
  const columns = line.split(delim).map((c) => c.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"').trim().toLowerCase());
  return { delim, columns };
}

/** 1-based line numbers of the given byte offsets (offsets sorted or not). */
export async function linesAtOffsets(file: string, offsets: number[]): Promise<Map<number, number>> {
  const want = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (!want.length) return out;
  let line = 1;
  let base = 0;
  let i = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK, end: want[want.length - 1] }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(10, from);
      const stop = nl < 0 ? chunk.length : nl;
      while (i < want.length && want[i] <= base + stop) out.set(want[i++], line);
      if (nl < 0) break;
      line++;
      from = nl + 1;
    }
    base += chunk.length;
  }
  while (i < want.length) out.set(want[i++], line);
  return out;
}

/** Cheap test: does the file contain an empty line (possibly inside a quoted field)? */
export async function mayHaveBlankLines(file: string): Promise<boolean> {
  let prevEnd = -1; // last byte of previous chunk
  let prev2 = -1;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (chunk.indexOf('\n\n') >= 0 || chunk.indexOf('\n\r\n') >= 0) return true;
    if (prevEnd === 10 && (chunk[0] === 10 || (chunk[0] === 13 && chunk[1] === 10))) return true;
    if (prev2 === 10 && prevEnd === 13 && chunk[0] === 10) return true;
    prev2 = chunk.length > 1 ? chunk[chunk.length - 2] : prevEnd;
    prevEnd = chunk[chunk.length - 1];
  }
  return false;
}

/**
 * 1-based numbers of the empty lines outside quoted fields (DuckDB skips them, so they shift the
 * line numbers of later rows). Only run when mayHaveBlankLines said so and a row needs its line.
 */
export async function blankLines(file: string, quote = 34): Promise<number[]> {
  const out: number[] = [];
  let line = 1;
  let inQuote = false;
  let lineEmpty = true;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === quote) { inQuote = !inQuote; lineEmpty = false; continue; }
      if (b === 10) {
        if (!inQuote && lineEmpty && line > 1) out.push(line);
        line++;
        if (!inQuote) lineEmpty = true;
        continue;
      }
      if (b !== 13) lineEmpty = false;
    }
  }
  return out;
}
