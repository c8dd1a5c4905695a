// Arrow IPC stream encoding of a columnar query result, on the fast path of ../shared/stack.md §5:
// DuckDB's node-api has no Arrow output, and apache-arrow's generic builders (vectorFromArray,
// tableFromArrays) take 190-350 ms per 100,000 strings, so the vectors are built by hand here:
// one UTF-8 buffer plus offsets for free text, indices into a shared dictionary for
// low-cardinality text, Int32 days for dates. Server-only (uses Buffer).
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

/** Validity bitmap (bit i set = value i present) and null count; no bitmap when nothing is null. */
function validity(values: readonly unknown[]): { nullBitmap?: Uint8Array; nullCount: number } {
  const n = values.length;
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (values[i] === null || values[i] === undefined) nullCount++;
  if (nullCount === 0) return { nullCount };
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (values[i] !== null && values[i] !== undefined) nullBitmap[i >> 3] |= 1 << (i & 7);
  return { nullBitmap, nullCount };
}

function asText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
}

/** A Utf8 column: all values in one UTF-8 buffer (one Buffer.from for the lot), int32 offsets. */
export function utf8Data(values: readonly unknown[]): Data<Utf8> {
  const n = values.length;
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = asText(values[i]);
  const buf = Buffer.from(parts.join(''), 'utf8');
  const valueOffsets = new Int32Array(n + 1);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const s = parts[i];
    // ASCII-only strings (INNs, contract numbers, ids) skip the byteLength call.
    let ascii = true;
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) { ascii = false; break; }
    pos += ascii ? s.length : Buffer.byteLength(s, 'utf8');
    valueOffsets[i + 1] = pos;
  }
  return makeData({
    type: new Utf8(), length: n, ...validity(values), valueOffsets,
    data: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
  });
}

/**
 * A dictionary column: distinct values in order of first appearance, an index per row, as narrow
 * as the dictionary allows (Int8 up to 127 values, Int16 up to 32,767, else Int32): statuses,
 * tax systems and segments take one byte a row instead of four.
 */
export function dictData(values: readonly unknown[]): Data<Dictionary<Utf8, Int8 | Int16 | Int32>> {
  const n = values.length;
  const ids = new Map<string, number>();
  const distinct: string[] = [];
  const wide = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = asText(v);
    let k = ids.get(s);
    if (k === undefined) {
      k = distinct.length;
      ids.set(s, k);
      distinct.push(s);
    }
    wide[i] = k;
  }
  const [indexType, data] = distinct.length <= 0x7f ? [new Int8(), Int8Array.from(wide)]
    : distinct.length <= 0x7fff ? [new Int16(), Int16Array.from(wide)] : [new Int32(), wide];
  return makeData({
    type: new Dictionary(new Utf8(), indexType), length: n, ...validity(values), data,
    dictionary: makeVector(utf8Data(distinct)),
  } as never) as unknown as Data<Dictionary<Utf8, Int8 | Int16 | Int32>>;
}

function numberData<T extends DateDay | Int32 | Float64>(type: T, values: readonly unknown[], array: Int32Array | Float64Array): Data<T> {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) array[i] = Number(v);
  }
  return makeData({ type, length: values.length, ...validity(values), data: array } as never) as unknown as Data<T>;
}

function columnData(kind: ArrowColumnKind, values: readonly unknown[]): Data<DataType> {
  switch (kind) {
    case 'utf8': return utf8Data(values);
    case 'dict': return dictData(values);
    case 'dateDay': return numberData(new DateDay(), values, new Int32Array(values.length));
    case 'int32': return numberData(new Int32(), values, new Int32Array(values.length));
    case 'float64': return numberData(new Float64(), values, new Float64Array(values.length));
  }
}

/**
 * Encode columns (each an array of the same length, in `specs` order) as an Arrow IPC stream.
 * Rows are cut into record batches of `batchRows` so a reader can show the first rows while the
 * rest arrives; dictionaries are shared by every batch and so written once. `metadata` goes on
 * the schema (e.g. the total count behind a limited result).
 */
export function encodeArrowStream(
  specs: readonly ArrowColumnSpec[],
  columns: Record<string, readonly unknown[]>,
  opts: { batchRows?: number; metadata?: Record<string, string> } = {},
): Uint8Array<ArrayBuffer> {
  const n = specs.length ? (columns[specs[0].name]?.length ?? 0) : 0;
  const children = specs.map((s) => {
    const col = columns[s.name];
    if (!col || col.length !== n) throw new Error(`arrow: column ${s.name} has ${col?.length ?? 'no'} values, expected ${n}`);
    return columnData(s.kind, col);
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
