// File-level work the loader does in Node rather than DuckDB: checksums, choosing the encoding and
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
  /** True when every byte is valid UTF-8; when false, chooseEncoding decides (extracts.md rule 6). */
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

/** The two text encodings an extract's CSV may use (extracts.md "A drop", rule 6). */
export const encodings = ['utf-8', 'windows-1251'] as const;
export type Encoding = (typeof encodings)[number];

/** What a byte-level UTF-8 pass over a file found (counts of sequences, not of characters). */
export interface Utf8Stats {
  /** Well-formed 2-, 3- and 4-byte sequences (a BOM counts as one). */
  validMulti: number;
  /** Ill-formed sequences, counted as a decoder would count U+FFFD replacements. */
  invalid: number;
  /** The header line (up to the first newline) holds an ill-formed sequence. */
  headerBad: boolean;
  bom: boolean;
}

/**
 * One streaming pass with a UTF-8 state machine (the WHATWG decoder's: shortest forms only, no
 * surrogates, nothing above U+10FFFF, the same set DuckDB's read_csv refuses). Only run on files
 * that scanFile found not to be valid UTF-8, so valid files never pay for the JS loop.
 * `untilDecided`: stop once the rest of the file cannot change guessEncoding's answer (a later
 * byte adds at most one ill-formed sequence or half a well-formed one); the counts are then partial.
 */
export async function utf8Stats(file: string, untilDecided = false): Promise<Utf8Stats> {
  let validMulti = 0;
  let invalid = 0;
  let headerBad = false;
  let inHeader = true;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let bom: boolean | undefined;
  let left = untilDecided ? fs.statSync(file).size : Infinity;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    bom ??= chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (needed !== 0) {
        if (b >= lower && b <= upper) {
          lower = 0x80;
          upper = 0xbf;
          if (++seen === needed) {
            validMulti++;
            needed = seen = 0;
          }
          continue;
        }
        // The sequence broke off: one error, and this byte starts afresh below.
        needed = seen = 0;
        lower = 0x80;
        upper = 0xbf;
        invalid++;
      }
      if (b < 0x80) {
        if (b === 10 && inHeader) {
          inHeader = false;
          headerBad = invalid > 0;
        }
      } else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        else if (b === 0xed) upper = 0x9f;
        needed = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        else if (b === 0xf4) upper = 0x8f;
        needed = 3;
      } else {
        invalid++;
      }
    }
    left -= chunk.length;
    // One more of either for a sequence the chunk boundary cut.
    if (!inHeader && (invalid - validMulti >= left / 2 + 1 || validMulti - invalid > left + 1)) break;
  }
  if (needed > 0) invalid++; // the file ends inside a character (or the pass stopped there)
  if (inHeader) headerBad = invalid > 0;
  return { validMulti, invalid, headerBad, bom: bom ?? false };
}

/**
 * The guess when the manifest does not name the encoding and the bytes are not all valid UTF-8
 * (extracts.md rule 6: "Windows-1251 only when the file is not UTF-8 at all"):
 * - a UTF-8 BOM: UTF-8;
 * - more well-formed multi-byte sequences than ill-formed ones: UTF-8, and the lines holding the
 *   ill-formed ones are quarantined. Windows-1251 Cyrillic is made of bytes 0xC0-0xFF that are
 *   mostly followed by other such bytes, which UTF-8 never allows, so its text is nearly all
 *   ill-formed sequences; a UTF-8 file with a few stray bytes is nearly all well-formed ones;
 * - otherwise Windows-1251. That includes a file with no well-formed multi-byte sequence at all,
 *   even ASCII plus one stray byte: nothing in it says UTF-8, and Windows-1251 exports without a
 *   single Cyrillic letter still carry lone high bytes (№, « », no-break spaces in amounts), which
 *   would otherwise quarantine every such line. A UTF-8 extract says so with "encoding": "utf-8".
 */
export function guessEncoding(s: Utf8Stats): Encoding {
  return s.bom || s.validMulti > s.invalid ? 'utf-8' : 'windows-1251';
}

/** Is the header line (up to the first newline) valid UTF-8? Read for files declared UTF-8. */
function headerIsUtf8(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(64 * 1024);
    for (let pos = 0; pos <= 4 * 1024 * 1024;) {
      const n = fs.readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      const nl = buf.subarray(0, n).indexOf(10);
      parts.push(Buffer.from(buf.subarray(0, nl < 0 ? n : nl)));
      if (nl >= 0) break;
      pos += n;
    }
    return isUtf8(Buffer.concat(parts));
  } finally {
    fs.closeSync(fd);
  }
}

/** How a CSV file is read: its encoding, and whether its header line can be read in it. */
export interface EncodingChoice {
  encoding: Encoding;
  /** False when the file is read as UTF-8 but its header line is not (a header cannot be quarantined). */
  headerOk: boolean;
}

/**
 * Decide a CSV file's encoding (extracts.md rule 6): the manifest's "encoding" when given, else
 * UTF-8 when every byte is, else guessEncoding over the file's statistics.
 */
export async function chooseEncoding(file: string, scan: FileScan, declared?: Encoding): Promise<EncodingChoice> {
  if (declared === 'windows-1251') return { encoding: declared, headerOk: true };
  if (scan.utf8) return { encoding: 'utf-8', headerOk: true };
  if (declared === 'utf-8') return { encoding: declared, headerOk: headerIsUtf8(file) };
  const stats = await utf8Stats(file, true);
  const encoding = guessEncoding(stats);
  return { encoding, headerOk: encoding !== 'utf-8' || !stats.headerBad };
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
