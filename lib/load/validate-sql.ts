// Set-based validation of one staged file (extracts.md rule 4): a single SELECT turns the
// all-VARCHAR staging table into typed columns plus, per row, the first rule it breaks.
// Rules (ids stored in rejected_rows.rule): required, type, enum, pattern, range, absurd,
// date_range, deleted; then duplicate and reference are added by later statements.
import { DATE_MAX, DATE_MIN, MAX_AMOUNT, sqlTypeOf, type ColumnKind, type ColumnSpec, type TableSpec } from './contract';
import type { RowRule } from './rules';

/** SQL string literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** SQL identifier. */
export const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Separator between rule id and reason inside the one error column. */
export const ERR_SEP = '\u001f';

/**
 * Guard for `[-]digits[.|,digits]` before a DECIMAL/DOUBLE cast, without a regex (3x cheaper on
 * millions of values): the casts themselves reject other characters, but accept exponents, `_`,
 * a leading `+` and inf/nan, which are excluded here.
 */
const plainDecimal = (x: string) =>
  `NOT (contains(${x}, 'e') OR contains(${x}, 'E') OR contains(${x}, '_') OR contains(${x}, '+') OR contains(${x}, 'n') OR contains(${x}, 'N'))`;
const ISO_TS = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?';

const kindText: Record<ColumnKind, string> = {
  text: 'текст',
  int: 'целое число',
  flag: '0 или 1',
  money: 'сумма (точка или запятая, пробелы между разрядами)',
  number: 'число',
  date: 'дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ',
  timestamp: 'дата и время ISO 8601 или ДД.ММ.ГГГГ ЧЧ:ММ[:СС]',
  period: 'месяц ГГГГ-ММ',
};

/** Digits with optional spaces (also no-break) as thousands separators, sign, `.` or `,` decimal. */
// Plain replace(): regexp_replace with a character class was ~30x slower here (2 s per 300k rows).
const numeric = (r: string) => `replace(replace(replace(${r}, ' ', ''), chr(160), ''), chr(8239), '')`;

/** Expression parsing raw text `r` (already trimmed, NULL when empty) into the column's kind; NULL when it does not parse. */
export function parseExpr(kind: ColumnKind, r: string, tz: string): string {
  switch (kind) {
    case 'text': return r;
    // Round-trip instead of a regex (4x cheaper): only canonical integers survive; the bare cast
    // would take '1.5' (→ 2), '1e3', '0x10' and '1_000'.
    case 'int': return `CASE WHEN TRY_CAST(${numeric(r)} AS BIGINT)::VARCHAR = ${numeric(r)} THEN TRY_CAST(${numeric(r)} AS BIGINT) END`;
    case 'flag': return `CASE lower(${r}) WHEN '1' THEN true WHEN 'true' THEN true WHEN '0' THEN false WHEN 'false' THEN false END`;
    // DECIMAL(18,2) (the column type): a cast to DECIMAL(38,2) was 100x slower. Larger values fail
    // this cast and are reported as absurd (see checks), not as a type error.
    // The guard reads the raw text: the separators numeric() removes are none of the refused characters.
    case 'money': return `CASE WHEN ${plainDecimal(r)} THEN TRY_CAST(replace(${numeric(r)}, ',', '.') AS DECIMAL(18,2)) END`;
    case 'number': return `CASE WHEN ${plainDecimal(r)} THEN TRY_CAST(replace(${numeric(r)}, ',', '.') AS DOUBLE) END`;
    // LIKE fixes the shape, the cast checks digits and the calendar: 3x cheaper than regex + strptime.
    case 'date': return `CASE WHEN ${r} LIKE '____-__-__' THEN TRY_CAST(${r} AS DATE) WHEN ${r} LIKE '__.__.____' THEN try_strptime(${r}, '%d.%m.%Y')::DATE END`;
    case 'timestamp':
      // With an offset (Z, +03:00, +0300, +03): an instant, shown in company local time via ICU.
      // Without: already local time. DD.MM.YYYY HH:MM[:SS]: local time too.
      return `CASE
        WHEN regexp_matches(${r}, '${ISO_TS}([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$') THEN (TRY_CAST(${r} AS TIMESTAMPTZ) AT TIME ZONE ${lit(tz)})
        WHEN regexp_matches(${r}, '${ISO_TS}$') THEN TRY_CAST(${r} AS TIMESTAMP)
        WHEN regexp_matches(${r}, '^[0-9]{2}[.][0-9]{2}[.][0-9]{4} [0-9]{2}:[0-9]{2}(:[0-9]{2})?$') THEN try_strptime(${r}, ['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M'])
      END`;
    case 'period': return `CASE WHEN regexp_matches(${r}, '^[0-9]{4}-(0[1-9]|1[0-2])$') THEN ${r} END`;
  }
}

/** Marker of the error() that aborts a direct (first-load) apply on the first non-canonical or bad value. */
export const DIRECT_ABORT = 'direct apply: bad row';

/**
 * Canonical-form parse for the direct first-load path (load-extract.ts applyDirect): for every
 * value it either returns exactly what parseExpr returns, or NULL, which the checks then report
 * and the direct apply aborts on, so the exact staged path runs instead. It skips the work that
 * only non-canonical spellings need: separator removal (`1 234,50`), DD.MM.YYYY timestamps,
 * offsets and regexes. At 200,000 clients this took a fifth off the inserts.
 * (tests/unit/load/parse-expr.test.ts checks "same or NULL" for every case.)
 */
export function parseExprCanonical(kind: ColumnKind, r: string, tz: string): string {
  const noSeparators = `NOT (contains(${r}, ' ') OR contains(${r}, ',') OR contains(${r}, chr(160)) OR contains(${r}, chr(8239)))`;
  switch (kind) {
    case 'int': return `CASE WHEN TRY_CAST(${r} AS BIGINT)::VARCHAR = ${r} THEN TRY_CAST(${r} AS BIGINT) END`;
    case 'money': return `CASE WHEN ${plainDecimal(r)} AND ${noSeparators} THEN TRY_CAST(${r} AS DECIMAL(18,2)) END`;
    case 'number': return `CASE WHEN ${plainDecimal(r)} AND ${noSeparators} THEN TRY_CAST(${r} AS DOUBLE) END`;
    // The round trip proves the digits and fields are canonical, which is what the regex checks.
    case 'timestamp': return `CASE WHEN (${r} LIKE '____-__-__T__:__:__' OR ${r} LIKE '____-__-__ __:__:__')
        AND TRY_CAST(${r} AS TIMESTAMP)::VARCHAR = replace(${r}, 'T', ' ') THEN TRY_CAST(${r} AS TIMESTAMP) END`;
    case 'period': return `CASE WHEN ${r} LIKE '____-__' AND strftime(TRY_CAST(${r} || '-01' AS DATE), '%Y-%m') = ${r} THEN ${r} END`;
    default: return parseExpr(kind, r, tz);
  }
}

/** Error checks of one column, in order; each is [condition, rule, reason expression]. */
function checks(col: ColumnSpec, r: string, p: string): Array<[string, RowRule, string]> {
  const name = col.name;
  const shown = `left(${r}, 80)`;
  const out: Array<[string, RowRule, string]> = [];
  if (col.required) out.push([`${r} IS NULL`, 'required', lit(`обязательное поле «${name}» пусто`)]);
  const absurd = `${lit(`поле «${name}»: `)} || ${shown} || ${lit(` — неправдоподобная сумма (больше ${MAX_AMOUNT.toLocaleString('ru-RU')} ₽)`)}`;
  if (col.kind === 'money') {
    out.push([`${r} IS NOT NULL AND ${p} IS NULL AND abs(TRY_CAST(replace(${numeric(r)}, ',', '.') AS DOUBLE)) > ${MAX_AMOUNT}`, 'absurd', absurd]);
  }
  if (col.kind !== 'text') {
    out.push([`${r} IS NOT NULL AND ${p} IS NULL`, 'type', `${lit(`поле «${name}»: «`)} || ${shown} || ${lit(`» — ожидается ${kindText[col.kind]}`)}`]);
  }
  if (col.values) {
    out.push([`${r} IS NOT NULL AND ${r} NOT IN (${col.values.map(lit).join(', ')})`, 'enum',
      `${lit(`поле «${name}»: «`)} || ${shown} || ${lit(`» — допустимо: ${col.values.join(', ')}`)}`]);
  }
  if (col.pattern) {
    out.push([`${r} IS NOT NULL AND NOT regexp_matches(${r}, ${lit(col.pattern.source)})`, 'pattern',
      `${lit(`поле «${name}»: «`)} || ${shown} || ${lit(`» — ${col.patternRule ?? `не соответствует ${col.pattern.source}`}`)}`]);
  }
  if (col.min !== undefined) {
    const what = col.min === 0 && col.kind === 'money' ? 'отрицательная сумма' : `меньше ${col.min}`;
    out.push([`${p} < ${col.min}`, 'range', `${lit(`поле «${name}»: `)} || ${shown} || ${lit(` — ${what}`)}`]);
  }
  if (col.kind === 'money') {
    out.push([`abs(${p}) > ${MAX_AMOUNT}`, 'absurd', absurd]);
  }
  if (col.kind === 'date') {
    out.push([`(${p} < DATE '${DATE_MIN}' OR ${p} > DATE '${DATE_MAX}')`, 'date_range',
      `${lit(`поле «${name}»: `)} || ${shown} || ${lit(` — дата вне диапазона ${DATE_MIN}…${DATE_MAX}`)}`]);
  }
  if (col.kind === 'timestamp') {
    out.push([`(${p} < TIMESTAMP '${DATE_MIN} 00:00:00' OR ${p} >= TIMESTAMP '${DATE_MAX} 00:00:00' + INTERVAL 1 DAY)`, 'date_range',
      `${lit(`поле «${name}»: `)} || ${shown} || ${lit(` — дата вне диапазона ${DATE_MIN}…${DATE_MAX}`)}`]);
  }
  return out;
}

export const rawCol = (name: string) => ident(`r_${name}`);
export const typedCol = (name: string) => ident(`p_${name}`);

/**
 * CREATE TEMP TABLE `val` from relation `from` (a staging table, or read_csv(...) itself) whose
 * columns are c0..cN. `ord` numbers its rows (a staging table's rowid = file order; any unique
 * number when order does not matter). `source` maps contract column (and optional `deleted`) to
 * the column holding it. Result columns: _ord, p_<col> typed, _del (row deletes its key),
 * _e (NULL or rule ERR_SEP reason).
 */
export function validationSql(spec: TableSpec, from: string, ord: string, val: string, source: Map<string, string>, tz: string): string {
  return `CREATE TEMP TABLE ${ident(val)} AS\n${validationSelect(spec, from, ord, source, tz)}`;
}

/** The SELECT of validationSql: typed columns, _ord, _del and _e of every row of `from`. */
export function validationSelect(spec: TableSpec, from: string, ord: string, source: Map<string, string>, tz: string, canonical = false): string {
  // trim() strips spaces; trim(x, chars) with tabs/CR too was twice as slow (CR line ends are the reader's).
  // Canonical mode (direct first load) aborts on a value trim() or nullif() would change instead:
  // the test costs next to nothing, the trim was a fifth of the insert (usage, 26M rows).
  const clean = (c: string) => canonical
    ? `CASE WHEN ${c} LIKE ' %' OR ${c} LIKE '% ' OR ${c} = '' THEN error(${lit(DIRECT_ABORT)}) ELSE ${c} END`
    : `nullif(trim(${c}), '')`;
  const raws = spec.columns.map((col) => {
    const s = source.get(col.name);
    return `${s ? clean(ident(s)) : 'NULL::VARCHAR'} AS ${rawCol(col.name)}`;
  });
  const del = source.get('deleted');
  raws.push(`${del ? `lower(${clean(ident(del))})` : 'NULL::VARCHAR'} AS _r_deleted`);
  const parse = canonical ? parseExprCanonical : parseExpr;
  const typed = spec.columns.map((col) => `${parse(col.kind, rawCol(col.name), tz)} AS ${typedCol(col.name)}`);
  const keyCol = spec.columns.find((c) => c.name === spec.key)!;
  const keyChecks = checks(keyCol, rawCol(keyCol.name), typedCol(keyCol.name));
  const otherChecks = spec.columns.filter((c) => c.name !== spec.key).flatMap((c) => checks(c, rawCol(c.name), typedCol(c.name)));
  const when = ([cond, rule, reason]: [string, string, string]) => `WHEN ${cond} THEN '${rule}${ERR_SEP}' || ${reason}`;
  // A row with deleted=1 only needs its key: the rest of it is not stored.
  const err = `CASE
    ${keyChecks.map(when).join('\n    ')}
    WHEN _r_deleted IS NOT NULL AND _r_deleted NOT IN ('0', '1', 'true', 'false') THEN 'deleted${ERR_SEP}' || ${lit('поле «deleted»: «')} || left(_r_deleted, 20) || ${lit('» — ожидается 1, 0, true, false или пусто')}
    WHEN _r_deleted IN ('1', 'true') THEN NULL
    ${otherChecks.map(when).join('\n    ')}
  END`;
  // Only typed columns are kept (raw text is re-read from staging for the few bad rows): storing
  // both doubled the cost of this statement.
  const keep = spec.columns.map((c) => typedCol(c.name)).join(', ');
  return `SELECT _ord, ${keep}, coalesce(_r_deleted IN ('1', 'true'), false) AS _del, ${err} AS _e FROM (
  SELECT *, ${typed.join(',\n    ')} FROM (
    SELECT ${ord} AS _ord, ${raws.join(',\n      ')} FROM ${from}
  )
)`;
}

/** Column list and SELECT expressions to insert validated rows into the warehouse table. */
export function applyColumns(spec: TableSpec): { names: string; values: string } {
  const names = spec.columns.map((c) => ident(c.name)).concat('_extract_id').join(', ');
  const values = spec.columns.map((c) => `${typedCol(c.name)}::${sqlTypeOf(c.kind)}`).concat('$extractId').join(', ');
  return { names, values };
}
