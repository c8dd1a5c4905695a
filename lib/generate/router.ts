// Routes every generated row to the extracts that must carry it. A row is a list of versions
// (time it became known, full row state; null = deleted). The base extract (mode full) gets the
// state known at its cutoff; each delta gets the state at its cutoff when some version became known
// inside its window, and `deleted=1` when the row was published before and removed in the window.
import fs from 'node:fs';
import path from 'node:path';
import { contract, tableNames, type ColumnKind, type TableName } from '../load/contract';
import { DateFormatter } from './calendar';
import { CsvSink, type Encoding } from './csv-sink';

/** A cell before formatting: text, a number (money in kopecks, dates as day numbers, timestamps as minutes), or empty. */
export type Cell = string | number | null;

export interface ExtractPlan {
  id: string;
  asOf: string;
  /** Last minute (company local time, minutes since epoch) whose knowledge the extract carries. */
  cutoff: number;
  createdAt: string;
  mode: 'full' | 'delta';
}

export interface Dialect {
  delimiter: ',' | ';';
  encoding: Encoding;
}

export interface ExtractSummary {
  id: string;
  asOf: string;
  tables: Record<string, number>;
}

export const T = Object.fromEntries(tableNames.map((n, i) => [n, i])) as Record<TableName, number>;

export class ExtractRouter {
  private readonly sinks: CsvSink[][] = [];
  private readonly kinds: ColumnKind[][];
  private readonly fmt: DateFormatter;
  private readonly cutoffs: number[];
  private readonly needsQuote: RegExp;
  private readonly decimal: string;
  private readonly n: number;

  constructor(private readonly plans: ExtractPlan[], private readonly outDir: string, private readonly dialect: Dialect) {
    this.kinds = tableNames.map((t) => contract[t].columns.map((c) => c.kind));
    this.fmt = new DateFormatter(dialect.delimiter === ';');
    this.cutoffs = plans.map((p) => p.cutoff);
    this.needsQuote = dialect.delimiter === ';' ? /[";\n\r]/ : /[",\n\r]/;
    this.decimal = dialect.delimiter === ';' ? ',' : '.';
    this.n = plans.length;
  }

  /** Create the extract folders (refusing to overwrite one) and open every file with its header. */
  open(): void {
    // Windows-1251 exports come from Windows accounting systems: CRLF line ends, as they would be.
    const eol = this.dialect.encoding === 'cp1251' ? '\r\n' : '\n';
    for (const p of this.plans) {
      const dir = path.join(this.outDir, p.id);
      if (fs.existsSync(dir)) throw new Error(`папка выгрузки уже существует: ${dir} (укажите другую --out или удалите её)`);
      fs.mkdirSync(dir, { recursive: true });
      this.sinks.push(tableNames.map((t) => {
        const cols = contract[t].columns.map((c) => c.name);
        if (p.mode === 'delta') cols.push('deleted');
        return new CsvSink(path.join(dir, `${t}.csv`), cols.join(this.dialect.delimiter), this.dialect.encoding, eol);
      }));
    }
  }

  private format(table: number, vals: Cell[], deleted: -1 | 0 | 1): string {
    const kinds = this.kinds[table];
    const d = this.dialect.delimiter;
    let s = '';
    for (let i = 0; i < kinds.length; i++) {
      if (i) s += d;
      const v = vals[i];
      if (v === null || v === undefined) continue;
      switch (kinds[i]) {
        case 'date': s += this.fmt.date(v as number); break;
        case 'timestamp': s += this.fmt.timestamp(v as number); break;
        case 'money': {
          const k = v as number;
          const a = k < 0 ? -k : k;
          const r = a % 100;
          s += `${k < 0 ? '-' : ''}${(a - r) / 100}${this.decimal}${r < 10 ? '0' : ''}${r}`;
          break;
        }
        case 'number': s += this.decimal === '.' ? String(v) : String(v).replace('.', ','); break;
        case 'text': {
          const t = v as string;
          s += this.needsQuote.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
          break;
        }
        default: s += String(v);
      }
    }
    if (deleted >= 0) s += d + deleted;
    return s;
  }

  /** A row known from minute `t` on, never changing afterwards. */
  row(table: number, t: number, vals: Cell[]): void {
    const c = this.cutoffs;
    if (t <= c[0]) {
      this.sinks[0][table].add(this.format(table, vals, -1));
      return;
    }
    for (let j = 1; j < this.n; j++) {
      if (t <= c[j]) {
        this.sinks[j][table].add(this.format(table, vals, 0));
        return;
      }
    }
  }

  /** A row with several versions; `ts` ascending; a null state deletes the row. */
  versions(table: number, ts: number[], states: (Cell[] | null)[]): void {
    const c = this.cutoffs;
    const last = ts.length - 1;
    let k = -1; // index of the last version known at the previous cutoff
    for (let j = 0; j < this.n; j++) {
      let s = k;
      while (s < last && ts[s + 1] <= c[j]) s++;
      if (j === 0) {
        if (s >= 0 && states[s]) this.sinks[0][table].add(this.format(table, states[s]!, -1));
      } else if (s !== k) {
        const now = states[s];
        if (now) this.sinks[j][table].add(this.format(table, now, 0));
        else if (k >= 0 && states[k]) this.sinks[j][table].add(this.format(table, states[k]!, 1));
      }
      k = s;
      if (k === last) return; // every version is published: later extracts see no change
    }
  }

  /** Data rows written so far over every extract. */
  rowsSoFar(): number {
    let n = 0;
    for (const ext of this.sinks) for (const s of ext) n += s.rows;
    return n;
  }

  /** Resolves once every file can take more data (backpressure); null when none is full. */
  waitDrain(): Promise<unknown> | null {
    let waits: Promise<void>[] | null = null;
    for (const ext of this.sinks) {
      for (const s of ext) {
        const w = s.waitDrain();
        if (w) (waits ??= []).push(w);
      }
    }
    return waits ? Promise.all(waits) : null;
  }

  /** Close every file, then write each extract's manifest last (atomically, via a temp file). */
  async close(): Promise<ExtractSummary[]> {
    const out: ExtractSummary[] = [];
    const closed = await Promise.all(this.sinks.map((ext) => Promise.all(ext.map((s) => s.close()))));
    this.plans.forEach((p, j) => {
      const tables: Record<string, { file: string; mode: string; rows: number; sha256: string }> = {};
      const counts: Record<string, number> = {};
      tableNames.forEach((t, i) => {
        tables[t] = { file: `${t}.csv`, mode: p.mode, rows: closed[j][i].rows, sha256: closed[j][i].sha256 };
        counts[t] = closed[j][i].rows;
      });
      const manifest = { extract_id: p.id, as_of: p.asOf, created_at: p.createdAt, tables };
      const file = path.join(this.outDir, p.id, 'manifest.json');
      fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
      fs.renameSync(`${file}.tmp`, file);
      out.push({ id: p.id, asOf: p.asOf, tables: counts });
    });
    return out;
  }
}
