// Which rows and clients a load's files touch (issue 21): the derived tables whose rows each belong
// to one client (the day's rows, the KPI marts) redo only what a delta touched, instead of the whole
// company. Noted on the load's connection before each file is applied (a deleted or moved row's
// client is only known before), into two temporary tables:
//   _touched(tab, key, client_id, on_date): each row of a delta file, before and after (its key, its
//     client, and for sales its day); a payment's client is its invoice's; a specialist's row is
//     noted once per client of theirs; a team's with no client;
//   _touched_all(why): a reason to build everything (a full file, or a first load).
import type { DuckDBConnection } from '@duckdb/node-api';
import { bindable } from '../db';

/** Tables whose rows each belong to one client: their client column, and the day column of sales. */
const CLIENT_TABLES: Record<string, { client: string; day?: string }> = {
  interactions: { client: 'client_id' }, agreements: { client: 'client_id' }, threats: { client: 'client_id' }, usage: { client: 'client_id' },
  invoices: { client: 'client_id' }, acts: { client: 'client_id' }, contacts: { client: 'client_id' }, sales: { client: 'client_id', day: 'date' },
};

/** Start noting a load's changes; `all`: the load touches everything (a first load). */
export async function startTouched(con: DuckDBConnection, all: boolean): Promise<void> {
  await con.run('CREATE OR REPLACE TEMP TABLE _touched (tab VARCHAR, key VARCHAR, client_id VARCHAR, on_date DATE)');
  await con.run('CREATE OR REPLACE TEMP TABLE _touched_all (why VARCHAR)');
  if (all) await con.run(`INSERT INTO _touched_all VALUES ('a first load')`);
}

/**
 * Note the rows one file touches, before it is applied: `val` is the validated relation (`_e IS
 * NULL` on good rows, `_del` on deletions), `key` its typed key column and `keyName` the table's,
 * `col(name)` a typed column.
 */
export async function noteTouched(
  con: DuckDBConnection, file: { table: string; mode: 'full' | 'delta'; val: string; key: string; keyName: string; col: (name: string) => string },
): Promise<void> {
  const t = CLIENT_TABLES[file.table];
  if (!t && !['payments', 'clients', 'specialists', 'teams'].includes(file.table)) return;
  if (file.mode === 'full') {
    await con.run('INSERT INTO _touched_all VALUES ($w::VARCHAR)', { w: `a full file of ${file.table}` });
    return;
  }
  const good = `FROM ${file.val} WHERE _e IS NULL`;
  const keys = `(SELECT ${file.key} ${good})`;
  const tab = { t: file.table };
  switch (file.table) {
    case 'teams':
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, ${file.key}, NULL, NULL ${good}`, tab);
      return;
    case 'payments':
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, p.payment_id, i.client_id, NULL FROM payments p JOIN invoices i ON i.invoice_id = p.invoice_id WHERE p.payment_id IN ${keys}`, tab);
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, v.${file.key}, i.client_id, NULL FROM ${file.val} v JOIN invoices i ON i.invoice_id = v.${file.col('invoice_id')} WHERE v._e IS NULL AND NOT v._del`, tab);
      return;
    case 'clients':
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, ${file.key}, ${file.key}, NULL ${good}`, tab);
      return;
    case 'specialists':
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, specialist_id, client_id, NULL FROM clients WHERE specialist_id IN ${keys}`, tab);
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, ${file.key}, NULL, NULL ${good}`, tab);
      return;
    default: {
      const day = (rel: string) => (t.day ? rel : 'NULL');
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, ${file.keyName}, ${t.client}, ${day(t.day ?? '')} FROM ${file.table} WHERE ${file.keyName} IN ${keys}`, tab);
      await con.run(`INSERT INTO _touched SELECT $t::VARCHAR, ${file.key}, ${file.col(t.client)}, ${day(file.col(t.day ?? ''))} ${good} AND NOT _del`, tab);
    }
  }
}

/**
 * After the files are applied: a temporary table `name` of the distinct clients touched, or why
 * not (nothing noted on this connection, or everything touched). `unless`: tables whose rows make
 * the caller build in full.
 */
export async function touchedClients(con: DuckDBConnection, name: string, unless: readonly string[] = []): Promise<{ ok: true } | { ok: false; why: string }> {
  const one = async (sql: string, params: Record<string, unknown> = {}) => (await con.runAndReadAll(sql, bindable(params) as never)).getRowObjectsJson()[0];
  if (Number((await one(`SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = '_touched' AND temporary`))?.n ?? 0) === 0) {
    return { ok: false, why: 'nothing noted of what the load touched' };
  }
  const all = await one('SELECT why FROM _touched_all LIMIT 1');
  if (all) return { ok: false, why: String(all.why) };
  if (unless.length && Number((await one('SELECT count(*)::INTEGER AS n FROM _touched WHERE list_contains($t::VARCHAR[], tab)', { t: [...unless] }))?.n ?? 0) > 0) {
    return { ok: false, why: `rows of ${unless.join(' or ')}` };
  }
  await con.run(`CREATE OR REPLACE TEMP TABLE ${name} AS SELECT DISTINCT client_id FROM _touched WHERE client_id IS NOT NULL`);
  return { ok: true };
}
