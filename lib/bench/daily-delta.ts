// A small next-day delta extract for the load test's `--live-load auto` (extracts.md "A drop"):
// the ordinary daily shape, written from what the running app reports, so it is consistent with
// the warehouse whatever company is loaded: payments on the day for unpaid invoices of the month,
// and a clients delta with one client renamed, one moved to another specialist and one new client.
// Files first, manifest.json last (with each file's row count and sha256), UTF-8, comma-separated.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { contract } from '../load/contract';

/** A client row as the extract's clients table has it (extracts.md "clients"); null = empty cell. */
export interface DeltaClient {
  client_id: string;
  name: string;
  inn: string | null;
  contract_no: string | null;
  contract_start: string | null;
  holding_id: string | null;
  holding_name: string | null;
  parent_client_id: string | null;
  segment: string | null;
  tax_system: string | null;
  region: string | null;
  specialist_id: string | null;
  status: string;
  churned_on: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  specifics: string | null;
}

/** An invoice with money still owed on the newest as-of. */
export interface OpenInvoice {
  invoiceId: string;
  clientId: string;
  /** Roubles still owed (> 0). */
  remaining: number;
}

export interface DailyDeltaInput {
  /** The newest applied extract's as-of (D); the delta is as of D + 1. */
  asOf: string;
  /** Folder to write the extract folder into (not the inbox: it is copied there later, manifest last). */
  outDir: string;
  /** Invoices to pay in full on D + 1. */
  pay: OpenInvoice[];
  /** Current rows of the client to rename and of the client to move. */
  rename: DeltaClient;
  move: DeltaClient;
  /** The moved client's new specialist; the new client's specialist. */
  moveTo: string;
  newClientSpecialist: string;
  /** Another id than D + 1's 12:30 (the crash test's extracts, minutes apart); as of its own date. */
  extractId?: string;
}

export interface DailyDelta {
  extractId: string;
  asOf: string;
  dir: string;
  newClientId: string;
  renamedTo: string;
  payments: number;
}

/** D + 1 as `YYYY-MM-DD`. */
export function nextDay(iso: string): string {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new Error(`не дата: ${iso}`);
  return new Date(t + 86_400_000).toISOString().slice(0, 10);
}

/** The extract id of D + 1's 12:30 extract (after payments are posted). */
export const dailyExtractId = (asOf: string): string => `${nextDay(asOf)}T12-30`;

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A valid 10-digit organisation ИНН from `seed` (the check digit per the Federal Tax Service's weights). */
export function orgInn(seed: number): string {
  const base = `77${String(Math.abs(Math.trunc(seed)) % 10_000_000).padStart(7, '0')}`;
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const check = (w.reduce((s, k, i) => s + k * Number(base[i]), 0) % 11) % 10;
  return base + check;
}

/** The renamed client's new name: an ООО becoming an АО, as a re-registration does; else a new name in the same style. */
export function renamedName(name: string): string {
  return /^ООО\s/.test(name) ? name.replace(/^ООО\s/, 'АО ') : `ООО «${name.replace(/^[А-ЯA-Z]{2,3}\s+/, '').replace(/[«»"]/g, '')}»`;
}

/** Write the D + 1 delta extract into `outDir/<id>/`; returns what it holds. */
export function writeDailyDelta(input: DailyDeltaInput): DailyDelta {
  const extractId = input.extractId ?? dailyExtractId(input.asOf);
  const on = input.extractId ? input.extractId.slice(0, 10) : nextDay(input.asOf);
  const dir = path.join(input.outDir, extractId);
  if (fs.existsSync(dir)) throw new Error(`папка выгрузки уже есть: ${dir}`);
  fs.mkdirSync(dir, { recursive: true });
  // Row ids unique per extract: the date, and the time when the id is not the day's 12:30.
  const stamp = input.extractId ? extractId.replace(/\D/g, '') : on.replace(/-/g, '');

  const payCols = contract.payments.columns.map((c) => c.name);
  const payments = input.pay.filter((p) => p.remaining > 0).map((p, i) => {
    const minute = String(i % 60).padStart(2, '0');
    const row: Record<string, string | number | null> = {
      payment_id: `PAY-LT-${stamp}-${i + 1}`, invoice_id: p.invoiceId, client_id: p.clientId,
      paid_on: on, posted_at: `${on}T11:${minute}:00`, amount: p.remaining.toFixed(2),
    };
    return [...payCols.map((c) => csvCell(row[c] ?? null)), '0'].join(',');
  });

  const clientCols = contract.clients.columns.map((c) => c.name) as Array<keyof DeltaClient>;
  const renamedTo = renamedName(input.rename.name);
  const newClientId = `C-LT-${stamp}`;
  const fresh: DeltaClient = {
    client_id: newClientId, name: 'ООО «Нагрузочный тест»', inn: orgInn(Number(stamp)), contract_no: `Д-LT/${stamp}`,
    contract_start: on, holding_id: null, holding_name: null, parent_client_id: null, segment: input.move.segment,
    tax_system: 'УСН', region: input.move.region, specialist_id: input.newClientSpecialist, status: 'active', churned_on: null,
    phone: null, email: null, address: null, specifics: null,
  };
  const clients = [
    { ...input.rename, name: renamedTo },
    { ...input.move, specialist_id: input.moveTo },
    fresh,
  ].map((c) => [...clientCols.map((k) => csvCell(c[k])), '0'].join(','));

  const files = { payments: { cols: payCols, rows: payments }, clients: { cols: clientCols, rows: clients } };
  const tables: Record<string, { file: string; mode: 'delta'; rows: number; sha256: string }> = {};
  for (const [table, f] of Object.entries(files)) {
    const text = `${[...f.cols, 'deleted'].join(',')}\n${f.rows.map((r) => `${r}\n`).join('')}`;
    fs.writeFileSync(path.join(dir, `${table}.csv`), text);
    tables[table] = { file: `${table}.csv`, mode: 'delta', rows: f.rows.length, sha256: createHash('sha256').update(text).digest('hex') };
  }
  const manifest = { extract_id: extractId, as_of: on, created_at: input.extractId ? `${on}T${extractId.slice(11, 13)}:${extractId.slice(14, 16)}:07+03:00` : `${on}T12:31:07+03:00`, tables };
  fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { extractId, asOf: on, dir, newClientId, renamedTo, payments: payments.length };
}
