// Readable, programmatic extract fixtures: write CSV (UTF-8, BOM, Windows-1251, `,` or `;`) or
// raw file content plus a manifest.json with correct sha256 and row counts (overridable to
// build broken extracts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { TableName } from '@/lib/load/contract';

export type Cell = string | number | null | undefined;
export type Row = Record<string, Cell>;

export interface FileSpec {
  table: TableName;
  mode?: 'full' | 'delta';
  /** Rows as objects (columns: union of keys unless `columns`), or the exact file content. */
  rows?: Row[];
  content?: string | Buffer;
  columns?: string[];
  file?: string;
  delim?: ',' | ';';
  encoding?: 'utf8' | 'utf8bom' | 'cp1251';
  /** Manifest overrides for broken extracts. */
  manifestRows?: number;
  manifestSha?: string;
  /** Listed in the manifest but not written. */
  omit?: boolean;
  /** The table entry's "encoding" (extracts.md rule 6). */
  manifestEncoding?: string;
  /** Manifest `"allow_shrink": true` (extracts.md rule 5). */
  allowShrink?: boolean;
}

export interface ExtractSpec {
  asOf?: string;
  /** Default: as_of at 12:31:07 Moscow time. */
  createdAt?: string;
  files: FileSpec[];
  /** false: no manifest (incomplete); a string: written as is. */
  manifest?: false | string;
}

function cell(v: Cell, delim: string): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /["\n\r]/.test(s) || s.includes(delim) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of rows; header from `columns` or the union of the rows' keys. */
export function toCsv(rows: Row[], columns?: string[], delim = ','): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [cols.join(delim), ...rows.map((r) => cols.map((c) => cell(r[c], delim)).join(delim))].join('\n') + '\n';
}

export const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Write inbox/<id>/ with its files and manifest; returns the folder. */
export function writeExtract(inbox: string, id: string, spec: ExtractSpec): string {
  const dir = path.join(inbox, id);
  fs.mkdirSync(dir, { recursive: true });
  const tables: Record<string, unknown> = {};
  for (const f of spec.files) {
    const file = f.file ?? `${f.table}.csv`;
    let buf: Buffer;
    let rows: number;
    if (f.content !== undefined) {
      buf = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, 'utf8');
      rows = f.manifestRows ?? 0;
    } else {
      const text = toCsv(f.rows ?? [], f.columns, f.delim ?? ',');
      buf = f.encoding === 'cp1251' ? iconv.encode(text, 'win1251')
        : f.encoding === 'utf8bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
          : Buffer.from(text, 'utf8');
      rows = f.manifestRows ?? (f.rows ?? []).length;
    }
    if (!f.omit) fs.writeFileSync(path.join(dir, file), buf);
    tables[f.table] = { file, mode: f.mode ?? 'full', rows, sha256: f.manifestSha ?? sha256(buf), ...(f.manifestEncoding ? { encoding: f.manifestEncoding } : {}), ...(f.allowShrink ? { allow_shrink: true } : {}) };
  }
  if (spec.manifest === false) return dir;
  const asOf = spec.asOf ?? '2026-11-22';
  const manifest = typeof spec.manifest === 'string' ? spec.manifest
    : JSON.stringify({ extract_id: id, as_of: asOf, created_at: spec.createdAt ?? `${asOf}T12:31:07+03:00`, tables }, null, 2);
  fs.writeFileSync(path.join(dir, 'manifest.json'), manifest);
  return dir;
}

/** Register an already-written file (e.g. Parquet) in an existing extract's manifest. */
export function addFileToManifest(dir: string, table: TableName, file: string, rows: number, mode: 'full' | 'delta' = 'full'): void {
  const mpath = path.join(dir, 'manifest.json');
  const m = JSON.parse(fs.readFileSync(mpath, 'utf8'));
  m.tables[table] = { file, mode, rows, sha256: sha256(fs.readFileSync(path.join(dir, file))) };
  fs.writeFileSync(mpath, JSON.stringify(m, null, 2));
}

// A small consistent base: 2 teams, 2 specialists, 3 clients, 3 invoices, 2 payments.
export const base = {
  teams: [{ team_id: 't1', name: 'Север', head_name: 'Иванова' }, { team_id: 't2', name: 'Юг', head_name: null }],
  specialists: [
    { specialist_id: 's1', full_name: 'Петров Пётр', team_id: 't1', email: 'p@x.ru', phone: null, hired_on: '2020-01-15', active: 1 },
    { specialist_id: 's2', full_name: 'Сидорова Анна', team_id: 't2', email: null, phone: null, hired_on: null, active: 0 },
  ],
  clients: [
    { client_id: 'c1', name: 'ООО «Ромашка»', inn: '7701234567', status: 'active', specialist_id: 's1', tax_system: 'УСН' },
    { client_id: 'c2', name: 'ИП Лютиков', inn: '770123456789', status: 'active', specialist_id: 's2', parent_client_id: null },
    { client_id: 'c3', name: 'Ромашка, филиал', inn: null, status: 'suspended', specialist_id: 's1', parent_client_id: 'c1' },
  ],
  invoices: [
    { invoice_id: 'i1', client_id: 'c1', specialist_id: 's1', period: '2026-10', issued_on: '2026-10-01', due_on: '2026-10-10', amount: '12000.00' },
    { invoice_id: 'i2', client_id: 'c2', specialist_id: 's2', period: '2026-10', issued_on: '2026-10-01', due_on: '2026-10-10', amount: '8000.50' },
    { invoice_id: 'i3', client_id: 'c3', specialist_id: null, period: '2026-11', issued_on: '2026-11-01', due_on: '2026-11-10', amount: '5000' },
  ],
  payments: [
    { payment_id: 'p1', invoice_id: 'i1', client_id: 'c1', paid_on: '2026-10-05', posted_at: '2026-10-05T12:00:00', amount: '12000.00' },
    { payment_id: 'p2', invoice_id: 'i2', client_id: 'c2', paid_on: '2026-10-09', posted_at: null, amount: '4000' },
  ],
};

/** FileSpecs for the whole base (all full). */
export function baseFiles(): FileSpec[] {
  return (Object.keys(base) as Array<keyof typeof base>).map((t) => ({ table: t, rows: base[t] as Row[] }));
}
