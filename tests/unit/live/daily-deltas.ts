// The ordinary daily shape of the client tables, as extracts (issue 17: "the most ordinary input took
// it down"): a new client with its contact person, a client renamed, a client moved to another
// specialist, a holding renamed across its members, a contact renamed, and the new client deleted
// again together with its contact. Used in-process (tests/unit/live/daily-deltas.test.ts) and
// against the running app (tests/e2e/daily-deltas.spec.ts), from rows read before.
import { contract } from '@/lib/load/contract';
import type { ExtractSpec, Row } from '../load/build-extract';

/** A clients row with every contract column, as text (null for empty). */
export type ClientRow = Record<string, string | null>;
export type ContactRow = Record<string, string | null>;

/** The contract columns of a clients row read with `SELECT *` (dates and numbers as text). */
export function asClientRow(r: Record<string, unknown>): ClientRow {
  return Object.fromEntries(contract.clients.columns.map((c) => [c.name, r[c.name] === null || r[c.name] === undefined ? null : String(r[c.name])]));
}
export function asContactRow(r: Record<string, unknown>): ContactRow {
  return Object.fromEntries(contract.contacts.columns.map((c) => [c.name, r[c.name] === null || r[c.name] === undefined ? null : String(r[c.name])]));
}

export interface DeltaInputs {
  /** Renamed. */
  rename: ClientRow;
  /** Moved to `toSpecialist`. */
  move: ClientRow;
  toSpecialist: string;
  /** Every member of one holding: its name changes on all of them. */
  holding: ClientRow[];
  /** A contact person renamed. */
  contact: ContactRow;
  /** The specialist the new client is given. */
  newSpecialist: string;
}

export const NEW_CLIENT_ID = 'DELTA-NEW-1';
export const NEW_CONTACT_ID = 'DELTA-NEW-1-K1';
export const renamedName = (r: ClientRow) => `${r.name} Северный филиал`;
export const holdingName = 'ГК «Переименованная Дельта»';
export const contactName = 'Дельтова Вероника Игоревна';

/** Day 1: new client + contact, a rename, a move, a holding renamed (clients and contacts deltas). */
export function dayOne(x: DeltaInputs, asOf: string): ExtractSpec {
  const byId = new Map<string, ClientRow>();
  for (const h of x.holding) byId.set(h.client_id!, { ...h, holding_name: holdingName });
  const renamed = byId.get(x.rename.client_id!) ?? x.rename;
  byId.set(x.rename.client_id!, { ...renamed, name: renamedName(x.rename) });
  const moved = byId.get(x.move.client_id!) ?? x.move;
  byId.set(x.move.client_id!, { ...moved, specialist_id: x.toSpecialist });
  byId.set(NEW_CLIENT_ID, {
    ...Object.fromEntries(contract.clients.columns.map((c) => [c.name, null])),
    client_id: NEW_CLIENT_ID, name: 'ООО «Новый Дельта-Клиент»', inn: '7700000017', status: 'active', specialist_id: x.newSpecialist,
    tax_system: 'УСН', phone: '+7 (900) 555-17-17',
  });
  return {
    asOf,
    files: [
      { table: 'clients', mode: 'delta', rows: [...byId.values()] as Row[] },
      { table: 'contacts', mode: 'delta', rows: [{ contact_id: NEW_CONTACT_ID, client_id: NEW_CLIENT_ID, full_name: 'Новикова Дарья Петровна', role: 'decision_maker', position: 'директор', phone: null, email: null, specifics: null }] },
    ],
  };
}

/** Day 2: a contact renamed; the new client deleted together with its contact (deleted=1). */
export function dayTwo(x: DeltaInputs, asOf: string): ExtractSpec {
  return {
    asOf,
    files: [
      { table: 'clients', mode: 'delta', rows: [{ client_id: NEW_CLIENT_ID, deleted: 1 }], columns: ['client_id', 'name', 'status', 'deleted'] },
      { table: 'contacts', mode: 'delta', rows: [{ ...x.contact, full_name: contactName, deleted: 0 }, { contact_id: NEW_CONTACT_ID, client_id: NEW_CLIENT_ID, deleted: 1 }],
        columns: [...contract.contacts.columns.map((c) => c.name), 'deleted'] },
    ],
  };
}

/** Day 3 (loaded while the app is down): the renamed client renamed back. */
export function dayThree(x: DeltaInputs, asOf: string): ExtractSpec {
  return { asOf, files: [{ table: 'clients', mode: 'delta', rows: [{ ...x.rename, name: `${x.rename.name} (снова)` }] as Row[] }] };
}
