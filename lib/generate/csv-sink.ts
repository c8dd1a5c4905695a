// One CSV file being written: rows are buffered as text, encoded (UTF-8, or Windows-1251 through
// iconv-lite's encodeStream), hashed as the bytes go by, and written with backpressure, so memory
// stays flat however many rows pass through.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Transform, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';

export type Encoding = 'utf8' | 'cp1251';

const FLUSH_AT = 1 << 16;

/** Passes bytes through unchanged while feeding them to a hash. */
class HashTap extends Transform {
  constructor(private readonly hash: Hash) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
}

export class CsvSink {
  /** Data rows written (the header is not counted). */
  rows = 0;
  private buf = '';
  private readonly head: Writable;
  private readonly file: fs.WriteStream;
  private readonly hash = createHash('sha256');
  private pending: Promise<void> | null = null;

  constructor(readonly path: string, header: string, encoding: Encoding, readonly eol: string) {
    this.file = fs.createWriteStream(path);
    const tap = new HashTap(this.hash);
    tap.pipe(this.file);
    if (encoding === 'cp1251') {
      const enc = iconv.encodeStream('win1251') as unknown as Transform; // typed as ReadWriteStream; it is a Transform
      enc.pipe(tap);
      this.head = enc;
    } else {
      this.head = tap;
    }
    this.buf = header + eol;
  }

  /** Append one formatted line (without end of line). */
  add(line: string): void {
    this.buf += line + this.eol;
    this.rows++;
    if (this.buf.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (!this.buf) return;
    const ok = this.head.write(this.buf);
    this.buf = '';
    if (!ok && !this.pending) {
      this.pending = new Promise<void>((resolve) => this.head.once('drain', () => {
        this.pending = null;
        resolve();
      }));
    }
  }

  /** Resolves when the stream can take more (backpressure); null when it already can. */
  waitDrain(): Promise<void> | null {
    return this.pending;
  }

  /** Flush, close and wait until the file is on disk; returns the sha256 of the bytes written. */
  async close(): Promise<{ rows: number; sha256: string }> {
    this.flush();
    this.head.end();
    await finished(this.file);
    return { rows: this.rows, sha256: this.hash.digest('hex') };
  }
}
