// Arrow IPC stream encoding of a columnar query result, on the fast path of docs/stack-notes.md §5:
// DuckDB's node-api has no Arrow output, and apache-arrow's generic builders (vectorFromArray,
// tableFromArrays) take 190-350 ms per 100,000 strings, so the vectors are built by hand here.
// A column comes either as JS values, or already in Arrow's layout (UTF-8 bytes + offsets, or a
// dictionary + codes), which is how lib/clients reads 100,000-row lists out of DuckDB without
// converting every string. Server-only (uses Buffer).
import {
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int16,
  Int32,
  makeData,
  makeVector,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  Utf8,
  type Data,
  type DataType,
} from 'apache-arrow';

/**
 * How a column is stored: `utf8` free text; `dict` low-cardinality text (each distinct value once);
 * `dateDay` days since 1970-01-01 (select `(d - DATE '1970-01-01')::INTEGER`); `int32`; `float64`.
 */
export type ArrowColumnKind = 'utf8' | 'dict' | 'dateDay' | 'int32' | 'float64';
export interface ArrowColumnSpec {
  name: string;
  kind: ArrowColumnKind;
}

/** A text column already laid out: value i is bytes[offsets[i] .. offsets[i+1]), missing where valid[i] = 0. */
export interface Utf8Parts {
  bytes: Uint8Array;
  offsets: Int32Array;
  /** 1 = present, 0 = missing; omitted when nothing is missing. */
  valid?: Uint8Array;
}
/** A dictionary column already coded: value i is values[codes[i]], missing where codes[i] < 0. */
export interface DictParts {
  values: readonly string[];
  codes: Int32Array;
}
export type ArrowColumnInput = readonly unknown[] | Utf8Parts | DictParts;

const isUtf8Parts = (c: ArrowColumnInput): c is Utf8Parts => !Array.isArray(c) && 'bytes' in c;
const isDictParts = (c: ArrowColumnInput): c is DictParts => !Array.isArray(c) && 'codes' in c;
const lengthOf = (c: ArrowColumnInput): number => (isUtf8Parts(c) ? c.offsets.length - 1 : isDictParts(c) ? c.codes.length : (c as readonly unknown[]).length);

/** Arrow's validity bitmap (bit i set = value i present) and null count from a present(i) test. */
function bitmap(n: number, present: (i: number) => boolean): { nullBitmap?: Uint8Array; nullCount: number } {
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (!present(i)) nullCount++;
  if (nullCount === 0) return { nullCount };
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (present(i)) nullBitmap[i >> 3] |= 1 << (i & 7);
  return { nullBitmap, nullCount };
}
const validity = (values: readonly unknown[]) => bitmap(values.length, (i) => values[i] !== null && values[i] !== undefined);

function asText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

/** A Utf8 column from parts. */
function utf8FromParts(p: Utf8Parts): Data<Utf8> {
  const n = p.offsets.length - 1;
  const valid = p.valid;
  return makeData({ type: new Utf8(), length: n, ...(valid ? bitmap(n, (i) => valid[i] === 1) : { nullCount: 0 }), valueOffsets: p.offsets, data: p.bytes });
}

/** UTF-8 bytes and offsets of JS strings: one Buffer.from for the lot; ASCII strings skip byteLength. */
export function utf8Parts(values: readonly unknown[]): Utf8Parts {
  const n = values.length;
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = asText(values[i]);
  const buf = Buffer.from(parts.join(''), 'utf8');
  const offsets = new Int32Array(n + 1);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = parts[i];
    let ascii = true;
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) { ascii = false; break; }
    pos += ascii ? s.length : Buffer.byteLength(s, 'utf8');
    offsets[i + 1] = pos;
  }
  const valid = Uint8Array.from(values, (v) => (v === null || v === undefined ? 0 : 1));
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), offsets, valid };
}

/** A Utf8 column from JS strings (null/undefined = missing). */
export function utf8Data(values: readonly unknown[]): Data<Utf8> {
  return utf8FromParts(utf8Parts(values));
}

/** Codes of JS values against their distinct values, in order of first appearance. */
export function dictParts(values: readonly unknown[]): DictParts {
  const ids = new Map<string, number>();
  const distinct: string[] = [];
  const codes = new Int32Array(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = asText(v);
    let k = ids.get(s);
    if (k === undefined) {
      k = distinct.length;
      ids.set(s, k);
      distinct.push(s);
    }
    codes[i] = k;
  }
  return { values: distinct, codes };
}

/**
 * A dictionary column from parts, its indices as narrow as the dictionary allows (Int8 up to 127
 * values, Int16 up to 32,767, else Int32): statuses, tax systems and segments take one byte a row.
 */
function dictFromParts(p: DictParts): Data<Dictionary<Utf8, Int8 | Int16 | Int32>> {
  const n = p.codes.length;
  const d = p.values.length;
  const [indexType, data] = d <= 0x7f ? [new Int8(), new Int8Array(n)] : d <= 0x7fff ? [new Int16(), new Int16Array(n)] : [new Int32(), new Int32Array(n)];
  // Plain loops: TypedArray.from(codes, fn) was 8 ms a column at 100,000 rows, most of the encoding.
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const k = p.codes[i];
    if (k >= 0) data[i] = k;
    else missing++;
  }
  let valid: { nullBitmap?: Uint8Array; nullCount: number } = { nullCount: 0 };
  if (missing) {
    const nullBitmap = new Uint8Array((n + 7) >> 3);
    for (let i = 0; i < n; i++) if (p.codes[i] >= 0) nullBitmap[i >> 3] |= 1 << (i & 7);
    valid = { nullBitmap, nullCount: missing };
  }
  return makeData({
    type: new Dictionary(new Utf8(), indexType), length: n, ...valid, data,
    dictionary: makeVector(utf8Data(p.values)),
  } as never) as unknown as Data<Dictionary<Utf8, Int8 | Int16 | Int32>>;
}

/** A dictionary column from JS values (null/undefined = missing). */
export function dictData(values: readonly unknown[]): Data<Dictionary<Utf8, Int8 | Int16 | Int32>> {
  return dictFromParts(dictParts(values));
}

function numberData(type: DateDay | Int32 | Float64, values: readonly unknown[], array: Int32Array | Float64Array): Data<DataType> {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) array[i] = Number(v);
  }
  return makeData({ type, length: values.length, ...validity(values), data: array } as never) as unknown as Data<DataType>;
}

function columnData(kind: ArrowColumnKind, col: ArrowColumnInput, name: string): Data<DataType> {
  if (kind === 'utf8') return isUtf8Parts(col) ? utf8FromParts(col) : utf8Data(col as readonly unknown[]);
  if (kind === 'dict') return isDictParts(col) ? dictFromParts(col) : dictData(col as readonly unknown[]);
  if (!Array.isArray(col)) throw new Error(`arrow: column ${name} (${kind}) must be an array of values`);
  const n = col.length;
  if (kind === 'dateDay') return numberData(new DateDay(), col, new Int32Array(n));
  if (kind === 'int32') return numberData(new Int32(), col, new Int32Array(n));
  return numberData(new Float64(), col, new Float64Array(n));
}

/**
 * Encode columns (each of the same length, in `specs` order) as an Arrow IPC stream. Rows are cut
 * into record batches of `batchRows` so a reader can show the first rows while the rest arrives;
 * dictionaries are shared by every batch and so written once. `metadata` goes on the schema
 * (e.g. the total count behind a limited result).
 */
export function encodeArrowStream(
  specs: readonly ArrowColumnSpec[],
  columns: Record<string, ArrowColumnInput>,
  opts: { batchRows?: number; metadata?: Record<string, string> } = {},
): Uint8Array<ArrayBuffer> {
  const n = specs.length && columns[specs[0].name] ? lengthOf(columns[specs[0].name]) : 0;
  const children = specs.map((s) => {
    const col = columns[s.name];
    if (!col || lengthOf(col) !== n) throw new Error(`arrow: column ${s.name} has ${col ? lengthOf(col) : 'no'} values, expected ${n}`);
    return columnData(s.kind, col, s.name);
  });
  const schema = new Schema(
    specs.map((s, i) => new Field(s.name, children[i].type, true)),
    new Map(Object.entries(opts.metadata ?? {})),
  );
  const struct = new Struct(schema.fields);
  const batchRows = Math.max(1, opts.batchRows ?? 16_384);
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  if (n === 0) {
    writer.write(new RecordBatch(schema, makeData({ type: struct, length: 0, nullCount: 0, children: children.map((c) => c.slice(0, 0)) })));
  }
  for (let start = 0; start < n; start += batchRows) {
    const len = Math.min(batchRows, n - start);
    const parts = children.map((c) => c.slice(start, len));
    writer.write(new RecordBatch(schema, makeData({ type: struct, length: len, nullCount: 0, children: parts })));
  }
  writer.finish();
  return writer.toUint8Array(true) as Uint8Array<ArrayBuffer>;
}
