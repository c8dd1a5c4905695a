// manifest.json of an extract (extracts.md "A drop"): written last, so its presence means the
// folder is complete. Parsed with zod so that a malformed manifest gives a message naming the field.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tableNames, type TableName } from './contract';

export const manifestFileSchema = z.object({
  file: z.string().min(1).refine((f) => path.basename(f) === f && f !== '..' && f !== '.', 'имя файла без папок'),
  mode: z.enum(['full', 'delta']),
  // extracts.md rule 5: a full file may shrink its table by more than FULL_SHRINK_MAX_PCT only when
  // the exporter says it meant to.
  allow_shrink: z.boolean().optional(),
  rows: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 шестнадцатеричных символа'),
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
  if (!fs.existsSync(file)) return { kind: 'missing' };
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
  if (Number.isNaN(Date.parse(`${m.as_of}T00:00:00Z`))) {
    return { kind: 'invalid', message: `manifest.json: as_of «${m.as_of}» не дата [правило manifest]` };
  }
  const unknown = Object.keys(m.tables).filter((t) => !(tableNames as readonly string[]).includes(t));
  if (unknown.length) {
    return { kind: 'invalid', message: `manifest.json: неизвестные таблицы ${unknown.join(', ')} [правило manifest]` };
  }
  if (!Object.keys(m.tables).length) return { kind: 'invalid', message: 'manifest.json: нет ни одной таблицы [правило manifest]' };
  const files = order.filter((t) => m.tables[t]).map((t) => ({ ...m.tables[t], table: t }));
  return { kind: 'ok', manifest: { extractId: m.extract_id, asOf: m.as_of, createdAt: m.created_at, files } };
}

/** Canonical checksum list stored in load_log.checksums: `table:sha256` sorted by table. */
export function canonicalChecksums(files: Array<{ table: string; sha256: string }>): string {
  return files.map((f) => `${f.table}:${f.sha256.toLowerCase()}`).sort().join(',');
}
