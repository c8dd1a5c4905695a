// What an extract removes from the warehouse, checked before it is applied (extracts.md rule 5):
// a delete (deleted=1) or a `full` replacement must not leave rows pointing at a parent that no
// longer exists, and a `full` file must not shrink its table by more than FULL_SHRINK_MAX_PCT
// unless the manifest entry says "allow_shrink": true or the load is forced.
//
// Rows arriving in the extract are not counted here: validation already quarantined every one
// whose reference does not resolve in the warehouse after the extract (rule `reference`). What is
// left is the warehouse's own rows that the extract neither replaces nor deletes.
import type { DuckDBConnection } from '@duckdb/node-api';
import { fullShrinkMaxPct } from '../env';
import { contract, tableNames, type TableSpec } from './contract';
import type { ManifestFile } from './manifest';
import type { LoadFileResult } from './types';
import { ident, typedCol } from './validate-sql';

/** The part of a validated file (load-extract.ts Work) these checks read. */
export interface RemovalWork {
  mf: ManifestFile;
  spec: TableSpec;
  /** Validated temp table: p_<col>, _del, _e (see validate-sql.ts). */
  val: string;
  result: LoadFileResult;
}

/** Tables some column refers to (contract.ts `ref`). */
const referenced = new Set(tableNames.flatMap((t) => contract[t].columns.flatMap((c) => (c.ref ? [c.ref] : []))));

/** Parents named per child column in a rejection; the counts cover all of them. */
const SHOWN_PARENTS = 5;

const n = (x: number) => x.toLocaleString('ru-RU');
const key = (k: unknown) => `«${String(k).slice(0, 40)}»`;

async function rows(con: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}
async function count(con: DuckDBConnection, sql: string): Promise<number> {
  return Number(Object.values((await rows(con, sql))[0] ?? {})[0] ?? 0);
}

/**
 * Check every file of the extract against what it removes; returns the rejection message (each
 * problem names its file and rule `shrink` or `orphans`), or null. Sets result.shrink on a `full`
 * file allowed to shrink past the limit, so the applied message says who allowed it.
 */
export async function checkRemovals(con: DuckDBConnection, works: RemovalWork[], force: boolean): Promise<string | null> {
  const problems: string[] = [];
  const maxPct = fullShrinkMaxPct();
  for (const [i, w] of works.entries()) {
    const T = ident(w.spec.name);
    const k = ident(w.spec.key);
    const v = ident(w.val);
    const pk = typedCol(w.spec.key);
    const full = w.mf.mode === 'full';
    // A delta removes only the keys of its deleted=1 rows: most deltas have none, and then the
    // warehouse table is not read at all.
    if (!full && (await count(con, `SELECT count(*)::BIGINT FROM ${v} WHERE _e IS NULL AND _del`)) === 0) continue;
    const before = await count(con, `SELECT count(*)::BIGINT FROM ${T}`);
    if (before === 0) continue;

    if (full) {
      const after = await count(con, `SELECT count(*)::BIGINT FROM ${v} WHERE _e IS NULL AND NOT _del`);
      const lost = before - after;
      if (lost * 100 > before * maxPct) {
        const pct = ((100 * lost) / before).toFixed(1).replace('.', ',');
        const allowedBy = w.mf.allow_shrink ? 'allow_shrink' : force ? 'force' : null;
        if (allowedBy) {
          w.result.shrink = { before, after, allowedBy };
        } else {
          problems.push(`${w.mf.file}: полная замена уменьшила бы таблицу ${w.spec.name} с ${n(before)} до ${n(after)} строк (−${pct} %, порог ${maxPct} %) — похоже на обрезанную выгрузку; если так и задумано, укажите "allow_shrink": true для ${w.spec.name} в manifest.json или загрузите принудительно (--force) [правило shrink]`);
        }
      }
    }

    // Nothing points at payments, sales, usage, ...: their removals orphan nothing.
    if (!referenced.has(w.spec.name)) continue;
    // Keys of this table that exist now and will not after the extract.
    const gone = ident(`_gone_${i}`);
    // Explicit SEMI/ANTI joins on a filtered side: the same NOT EXISTS with the filter inside was
    // about three times slower on a 400,000-row full file.
    await con.run(`CREATE OR REPLACE TEMP TABLE ${gone} AS SELECT t.${k} AS k FROM ${T} t
      ${full ? 'ANTI' : 'SEMI'} JOIN (SELECT ${pk} AS k FROM ${v} WHERE _e IS NULL AND ${full ? 'NOT ' : ''}_del) u ON u.k = t.${k}`);
    try {
      if ((await count(con, `SELECT count(*)::BIGINT FROM ${gone}`)) === 0) continue;
      const orphans: string[] = [];
      for (const child of tableNames.map((t) => contract[t])) {
        const cw = works.find((o) => o.spec.name === child.name);
        // A child table replaced in full keeps none of its warehouse rows.
        if (cw?.mf.mode === 'full') continue;
        // Warehouse rows the extract replaces or deletes are not left behind.
        const kept = cw
          ? ` ANTI JOIN (SELECT ${typedCol(child.key)} AS k FROM ${ident(cw.val)} WHERE _e IS NULL) r ON r.k = x.${ident(child.key)}`
          : '';
        for (const col of child.columns) {
          if (col.ref !== w.spec.name) continue;
          const c = ident(col.name);
          const where = `FROM ${ident(child.name)} x SEMI JOIN ${gone} g ON g.k = x.${c}${kept}`;
          const [tot] = await rows(con, `SELECT count(*)::BIGINT AS n, count(DISTINCT x.${c})::BIGINT AS parents ${where}`);
          const total = Number(tot.n);
          if (!total) continue;
          const parents = Number(tot.parents);
          const top = await rows(con, `SELECT x.${c} AS p, count(*)::BIGINT AS n ${where} GROUP BY x.${c} ORDER BY n DESC, p LIMIT ${SHOWN_PARENTS}`);
          const more = parents > top.length ? `, и ещё ${n(parents - top.length)}` : '';
          orphans.push(`${child.name}.${col.name} — строк: ${n(total)}, удаляемых записей: ${n(parents)} `
            + `(${top.map((r) => `${key(r.p)}: ${n(Number(r.n))}`).join(', ')}${more})`);
        }
      }
      if (orphans.length) {
        const what = full ? `полная замена ${w.spec.name} удаляет записи` : `удаление строк (deleted=1) из ${w.spec.name} удаляет записи`;
        problems.push(`${w.mf.file}: ${what}, на которые ссылаются строки хранилища: ${orphans.join('; ')}. `
          + `Удалите эти строки в той же выгрузке или оставьте записи [правило orphans]`);
      }
    } finally {
      await con.run(`DROP TABLE IF EXISTS ${gone}`);
    }
  }
  return problems.length ? problems.join('; ') : null;
}
