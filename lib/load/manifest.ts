// manifest.json of an extract (extracts.md "A drop"): written last, so its presence means the
// folder is complete. Parsed with zod so that a malformed manifest gives a message naming the field.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { companyTimeZone } from '../env';
import { DATE_MAX, DATE_MIN, tableNames, type TableName } from './contract';
import { encodings } from './files';

/**
 * A file name inside the extract folder and nothing else: no folder part (`a/b`, `/etc/x`), no
 * `.`/`..`, no backslash (a Windows path, or a name meant to turn into one elsewhere), no NUL.
 */
export function isPlainFileName(f: string): boolean {
  return f.length > 0 && f !== '.' && f !== '..' && !/[/\\\0]/.test(f) && path.basename(f) === f;
}

export const manifestFileSchema = z.object({
  file: z.string().min(1).refine(isPlainFileName, 'имя файла без папок'),
  mode: z.enum(['full', 'delta']),
  // extracts.md rule 5: a full file may shrink its table by more than FULL_SHRINK_MAX_PCT only when
  // the exporter says it meant to.
  allow_shrink: z.boolean().optional(),
  rows: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 шестнадцатеричных символа'),
  // Overrides the guess (extracts.md rule 6); ignored for Parquet, whose text is UTF-8 by format.
  encoding: z.string().toLowerCase().pipe(z.enum(encodings, { error: 'utf-8 или windows-1251' })).optional(),
});

export const manifestSchema = z.object({
  extract_id: z.string().min(1),
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата ГГГГ-ММ-ДД'),
  created_at: z.string().min(1),
  tables: z.record(z.string(), manifestFileSchema),
});

export type ManifestFile = z.infer<typeof manifestFileSchema> & { table: TableName };
export interface Manifest {
  extractId: string;
  asOf: string;
  createdAt: string;
  /** Listed tables, in the order the loader applies them. */
  files: ManifestFile[];
}

export type ManifestRead =
  | { kind: 'missing' }
  | { kind: 'invalid'; message: string; createdAt?: string }
  | { kind: 'ok'; manifest: Manifest };

/** Read and check dir/manifest.json; `extractId` is the folder name it must agree with. */
export function readManifest(dir: string, extractId: string, order: readonly TableName[]): ManifestRead {
  const file = path.join(dir, 'manifest.json');
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!st) return { kind: 'missing' };
  // A link would be read wherever it points, and a parse error quotes what it read.
  if (!st.isFile()) return { kind: 'invalid', message: 'manifest.json: не обычный файл (символическая ссылка или папка) [правило file]' };
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    return { kind: 'invalid', message: `manifest.json: не JSON (${(e as Error).message}) [правило manifest]` };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(корень)'}: ${i.message}`).join('; ');
    return { kind: 'invalid', message: `manifest.json: неверная структура — ${issues} [правило manifest]` };
  }
  const m = parsed.data;
  if (m.extract_id !== extractId) {
    return { kind: 'invalid', message: `manifest.json: extract_id «${m.extract_id}» не совпадает с именем папки «${extractId}» [правило manifest]` };
  }
  const dates = checkDates(m.as_of, m.created_at);
  if (dates) return { kind: 'invalid', message: `manifest.json: ${dates} [правило manifest]` };
  const unknown = Object.keys(m.tables).filter((t) => !(tableNames as readonly string[]).includes(t));
  if (unknown.length) {
    return { kind: 'invalid', message: `manifest.json: неизвестные таблицы ${unknown.join(', ')} [правило manifest]` };
  }
  if (!Object.keys(m.tables).length) return { kind: 'invalid', message: 'manifest.json: нет ни одной таблицы [правило manifest]' };
  const files = order.filter((t) => m.tables[t]).map((t) => ({ ...m.tables[t], table: t }));
  return { kind: 'ok', manifest: { extractId: m.extract_id, asOf: m.as_of, createdAt: m.created_at, files } };
}

/** `YYYY-MM-DD` of a real calendar day, else null (the regex alone lets 2026-02-30 through). */
function realDate(y: string, mo: string, d: string): string | null {
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(mo) - 1 && t.getUTCDate() === Number(d) ? `${y}-${mo}-${d}` : null;
}

const ISO_STAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The company-local date of created_at (ISO 8601, as in extracts.md), or null when it is not one.
 * With an offset it is an instant, dated in COMPANY_TZ; without, it is already company time (the
 * rule for extract timestamps).
 */
export function createdOn(createdAt: string): string | null {
  const m = ISO_STAMP.exec(createdAt.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec = '00', off] = m;
  if (!realDate(y, mo, d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  if (!off) return `${y}-${mo}-${d}`;
  const norm = /^[Zz]$/.test(off) ? 'Z' : `${off.slice(0, 3)}:${off.length > 3 ? off.slice(-2) : '00'}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${norm}`);
  if (Number.isNaN(t)) return null;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: companyTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * as_of must be a real date within the contract's date range and at most one day after the day
 * created_at falls on: it becomes every view's default "today", so 2026-02-30 (stored as NULL) or
 * 9999-12-31 would break every screen. A created_at that is not ISO 8601 is refused too: the
 * bound cannot be checked without it, and the contract's example is ISO. Returns the problem, or null.
 */
function checkDates(asOf: string, createdAt: string): string | null {
  const [y, mo, d] = asOf.split('-');
  if (!realDate(y, mo, d)) return `as_of «${asOf}» — нет такой даты в календаре`;
  if (asOf < DATE_MIN || asOf > DATE_MAX) return `as_of «${asOf}» — дата вне диапазона ${DATE_MIN}…${DATE_MAX}`;
  const created = createdOn(createdAt);
  if (!created) return `created_at «${createdAt.slice(0, 40)}» — ожидается дата и время ISO 8601, например 2026-11-22T12:31:07+03:00`;
  if (asOf > nextDay(created)) return `as_of «${asOf}» позже даты создания выгрузки (created_at ${created}) больше чем на один день`;
  return null;
}

/** Canonical checksum list stored in load_log.checksums: `table:sha256` sorted by table. */
export function canonicalChecksums(files: Array<{ table: string; sha256: string }>): string {
  return files.map((f) => `${f.table}:${f.sha256.toLowerCase()}`).sort().join(',');
}
