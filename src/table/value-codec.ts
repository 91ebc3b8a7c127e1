/**
 * @module table/value-codec
 * The binary payload of a cell: the CQL native protocol v4 serialization of a value
 * (`doc/native_protocol_v4.spec` §6, docs `reference/cql.md` §2.3), so the CQL wire server can
 * pass cells through unchanged. Compact, not order-preserving (keys use `storage/key-codec.ts`).
 *
 * | type | bytes |
 * |---|---|
 * | `ascii`, `text`, `varchar` | the UTF-8 bytes |
 * | `tinyint`, `smallint`, `int`, `bigint`, `counter` | two's complement big-endian, 1, 2, 4, 8, 8 bytes |
 * | `varint` | two's complement big-endian, the fewest bytes (at least one) |
 * | `decimal` | int32 scale, then the unscaled value as a `varint` |
 * | `float`, `double` | IEEE 754 big-endian, 4 and 8 bytes |
 * | `boolean` | one byte, 0 or 1 (any nonzero byte decodes as true) |
 * | `blob` | the bytes |
 * | `timestamp` | int64 milliseconds since the epoch |
 * | `date` | uint32 days, 2^31 being 1970-01-01 |
 * | `time` | int64 nanoseconds since midnight |
 * | `uuid`, `timeuuid` | the 16 bytes |
 * | `inet` | the 4 or 16 address bytes |
 * | `list<T>`, `set<T>` | int32 n, then n × (int32 length, element bytes) |
 * | `map<K, V>` | int32 n, then n × (int32 length, key bytes, int32 length, value bytes) |
 * | `frozen<T>` | as `T` |
 *
 * Decoding checks everything a client could get wrong (lengths, counts, nulls inside
 * collections, UTF-8, ASCII, the timeuuid version, ranges) and throws
 * {@link ValidationException} with Cassandra's wording where it has one
 * (`Expected 4 byte int (8)`, `String didn't validate.`), and returns the normalised value of
 * `table/values.ts`: sets sorted and deduplicated, map entries sorted by key (the last of equal
 * keys wins), an empty non-frozen collection as `null`, dates and timestamps within the ranges
 * normalisation allows.
 */
import { grownBuffer } from '../common/grow.js';
import type { CopyArena } from '../common/copy-arena.js';
import { ValidationException } from '../common/errors.js';
import { formatCqlType } from './cql-type.js';
import type { CqlType } from './cql-type.js';
import { DATE_EPOCH_OFFSET, MAX_DECIMAL_SCALE, MAX_TIMESTAMP_MS, NANOS_PER_DAY } from './constants.js';
import {
  compareValues,
  daysToDate,
  dateToDays,
  decimalParts,
  formatDecimal,
  inetFromBytes,
  inetToBytes,
  isWellFormed,
  normalizeValue,
  uuidFromBytes,
  uuidToBytes,
} from './values.js';
import type { CqlValue } from './values.js';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Serializes a normalised, non-null value.
 * @param type - the value's type
 * @param value - a value as {@link normalizeValue} returns it, not null
 * @returns the value's bytes, in their own buffer
 * @throws {@link TypeError} when `value` is null or not a normalised value of `type`
 * @example
 * encodeValue({ kind: 'int' }, 1); // Uint8Array [0, 0, 0, 1]
 * encodeValue(parseCqlType('list<int>'), [7]); // [0,0,0,1, 0,0,0,4, 0,0,0,7]
 */
export function encodeValue(type: CqlType, value: CqlValue): Uint8Array {
  const size = sizeOf(type, value);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const end = write(type, value, out, view, 0);
  if (end !== size) throw new Error(`encodeValue wrote ${end} bytes of ${size} for ${formatCqlType(type)}`);
  return out;
}

/**
 * Normalises user input and serializes it in one pass: the bytes of
 * `encodeValue(type, normalizeValue(type, value, column))`, without building the normalised
 * value first when the input already is one of the common scalar forms (a well-formed string,
 * a Uint8Array, an integer or a bigint in range, a boolean, a double, a valid Date); any other
 * input, and every collection, takes exactly that two-step path, so the accepted inputs, the
 * bytes and the errors are the same.
 * @param type - the column's type
 * @param value - user input; `null` or `undefined` for no value
 * @param column - the column name, for error messages
 * @returns the cell payload in its own buffer, or `null` when the value normalises to null (no
 *   value, or an empty non-frozen collection)
 * @throws {@link ValidationException} as {@link normalizeValue} does
 * @throws {@link TypeError} when `column` is not a string or `type` is not a {@link CqlType}
 * @example
 * encodeInput({ kind: 'bigint' }, 7, 'n'); // Uint8Array [0, 0, 0, 0, 0, 0, 0, 7]
 * encodeInput(parseCqlType('list<int>'), [], 'l'); // null (an empty list is no value)
 */
export function encodeInput(type: CqlType, value: unknown, column: string): Uint8Array | null {
  const payloads = new PayloadBatch(64);
  payloads.add(type, value, column);
  return payloads.finish()[0]!;
}

/**
 * The cell payloads of a batch of row writes, built side by side: each value is normalised and
 * serialized as {@link encodeInput} does (the same bytes, the same errors), into a scratch buffer
 * reused from batch to batch; {@link PayloadBatch.finish} copies them out into one buffer of
 * exactly their size and returns a view of it per value, so a batch costs one buffer rather than
 * one per value. The scratch is zeroed after every batch, finished or abandoned: it held row data.
 */
export class PayloadBatch {
  #buf: Uint8Array;
  #view: DataView;
  #at = 0;
  /** Per value added: its end in the scratch, or -1 for a null value. */
  #ends: number[] = [];

  /** @param initial - the scratch's first size in bytes */
  constructor(initial = 64 * 1024) {
    this.#buf = new Uint8Array(initial);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Number of values added since the last finish or clear. */
  get count(): number {
    return this.#ends.length;
  }

  /** Whether value `i` (in the order added) normalised to null. */
  isNull(i: number): boolean {
    return this.#ends[i] === -1;
  }

  /**
   * Adds the payload of one value.
   * @returns its size in bytes, or -1 when the value normalises to null
   * @throws as {@link encodeInput}
   */
  add(type: CqlType, value: unknown, column: string): number {
    const start = this.#at;
    if (value !== null && value !== undefined && typeof type === 'object' && type !== null && typeof column === 'string' && this.#scalar(type.kind, value)) {
      this.#ends.push(this.#at);
      return this.#at - start;
    }
    const normalized = normalizeValue(type, value, column);
    if (normalized === null) {
      this.#ends.push(-1);
      return -1;
    }
    const size = sizeOf(type, normalized);
    this.#room(size);
    const end = write(type, normalized, this.#buf, this.#view, start);
    if (end !== start + size) throw new Error(`encodeValue wrote ${end - start} bytes of ${size} for ${formatCqlType(type)}`);
    this.#at = end;
    this.#ends.push(end);
    return size;
  }

  /** The payloads added, in order (null for a null value), as views of one new buffer of their total size; the scratch is zeroed and empty again. */
  finish(): (Uint8Array | null)[] {
    const out = new Array<Uint8Array | null>(this.#ends.length);
    const all = this.#at > 0 ? this.#buf.slice(0, this.#at) : new Uint8Array(0);
    let start = 0;
    for (let i = 0; i < this.#ends.length; i++) {
      const end = this.#ends[i]!;
      if (end < 0) out[i] = null;
      else {
        out[i] = all.subarray(start, end);
        start = end;
      }
    }
    this.clear();
    return out;
  }

  /** Drops what was added; the scratch is zeroed (and let go of when a large batch grew it). */
  clear(): void {
    this.#buf.fill(0, 0, this.#at);
    this.#at = 0;
    this.#ends.length = 0;
    if (this.#buf.length > PAYLOAD_BATCH_MAX) {
      this.#buf = new Uint8Array(64 * 1024);
      this.#view = new DataView(this.#buf.buffer);
    }
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    this.#buf = grownBuffer(this.#buf, this.#at, n);
    this.#view = new DataView(this.#buf.buffer);
  }

  /** Writes a common scalar input already in (or trivially mapping to) its normalised form; false, writing nothing, for anything else. */
  #scalar(kind: CqlType['kind'], v: unknown): boolean {
    const at = this.#at;
    switch (kind) {
      case 'text':
      case 'varchar': {
        if (typeof v !== 'string' || !isWellFormed(v)) return false;
        this.#room(3 * v.length);
        this.#at += utf8Encoder.encodeInto(v, this.#buf.subarray(at, at + 3 * v.length)).written;
        return true;
      }
      case 'blob':
        if (!(v instanceof Uint8Array)) return false;
        this.#room(v.length);
        this.#buf.set(v, at);
        this.#at += v.length;
        return true;
      case 'bigint':
      case 'counter': {
        const n = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : undefined;
        if (n === undefined || n < INT64_MIN || n > INT64_MAX) return false;
        this.#room(8);
        this.#view.setBigInt64(at, n);
        this.#at += 8;
        return true;
      }
      case 'int':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < -2_147_483_648 || v > 2_147_483_647) return false;
        this.#room(4);
        this.#view.setInt32(at, v);
        this.#at += 4;
        return true;
      case 'double':
        if (typeof v !== 'number') return false;
        this.#room(8);
        this.#view.setFloat64(at, v + 0); // -0 → 0, as normalisation does
        this.#at += 8;
        return true;
      case 'boolean':
        if (typeof v !== 'boolean') return false;
        this.#room(1);
        this.#buf[at] = v ? 1 : 0;
        this.#at += 1;
        return true;
      case 'timestamp': {
        const ms = v instanceof Date ? v.getTime() : typeof v === 'number' && Number.isInteger(v) ? v : undefined;
        if (ms === undefined || Number.isNaN(ms) || Math.abs(ms) > MAX_TIMESTAMP_MS) return false;
        this.#room(8);
        this.#view.setBigInt64(at, BigInt(ms));
        this.#at += 8;
        return true;
      }
      default:
        return false;
    }
  }
}

/** A {@link PayloadBatch} scratch grown past this by a large batch is let go of once the batch is done. */
const PAYLOAD_BATCH_MAX = 4 * 1024 * 1024;

/**
 * Deserializes a value.
 * @param type - the value's type
 * @param bytes - the serialized value (a cell payload, or a value from a CQL client)
 * @returns the normalised value; `null` only for an empty non-frozen collection
 * @throws {@link ValidationException} when the bytes are not a valid serialization of `type`
 * @throws {@link TypeError} when `bytes` is not a Uint8Array or `type` not a {@link CqlType}
 * @example
 * decodeValue({ kind: 'int' }, Uint8Array.of(0, 0, 0, 1)); // 1
 * decodeValue({ kind: 'int' }, new Uint8Array(8)); // throws ValidationException 'Expected 4 byte int (8)'
 */
export function decodeValue(type: CqlType, bytes: Uint8Array): CqlValue {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`bytes must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  assertType(type);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return read(type, bytes, view, 0, bytes.length, false);
}

/**
 * {@link decodeValue} of the bytes `[start, end)` of a larger buffer, read where they lie (no
 * view or copy made first): the in-place read of a row in a cached block.
 * @param view - a DataView over `bytes` (same buffer, offset and length)
 * @param arena - where a blob value's copy is made (see {@link CopyArena}); without one, a
 *   buffer of its own
 */
export function decodeValueIn(type: CqlType, bytes: Uint8Array, view: DataView, start: number, end: number, arena?: CopyArena): CqlValue {
  if (arena !== undefined && type.kind === 'blob') return arena.copy(bytes, start, end);
  return read(type, bytes, view, start, end, false);
}

/**
 * The length of {@link encodeValue}'s output, computed without serializing (for the row size
 * limit).
 * @param type - the value's type
 * @param value - a normalised, non-null value
 * @returns the number of bytes
 * @throws {@link TypeError} when `value` is null or not a normalised value of `type`
 * @example
 * encodedSize({ kind: 'text' }, 'é'); // 2
 */
export function encodedSize(type: CqlType, value: CqlValue): number {
  return sizeOf(type, value);
}

// ---------------------------------------------------------------------------------------------
// Encoding

function assertType(type: unknown): asserts type is CqlType {
  if (typeof type !== 'object' || type === null || typeof (type as { kind?: unknown }).kind !== 'string') {
    throw new TypeError(`type must be a CqlType, got ${type === null ? 'null' : typeof type}`);
  }
}

function wrong(type: CqlType, value: unknown): never {
  const got =
    value === null ? 'null' : typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
  throw new TypeError(`expected a normalised ${formatCqlType(type)} value, got ${got}`);
}

const INT_BITS = { tinyint: 8, smallint: 16, int: 32 } as const;
const CANONICAL_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isDate(text: string): boolean {
  try {
    dateToDays(text);
    return true;
  } catch {
    return false;
  }
}
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function isInt(value: CqlValue, bits: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** (bits - 1)) && value < 2 ** (bits - 1);
}

function elements(type: CqlType, value: CqlValue): CqlValue[] {
  return Array.isArray(value) ? value : wrong(type, value);
}

function entries(type: CqlType, value: CqlValue): [CqlValue, CqlValue][] {
  return value instanceof Map ? [...value] : wrong(type, value);
}

function sizeOf(type: CqlType, value: CqlValue): number {
  assertType(type);
  switch (type.kind) {
    case 'frozen':
      return sizeOf(type.inner, value);
    case 'list':
    case 'set': {
      let n = 4;
      for (const e of elements(type, value)) n += 4 + sizeOf(type.element, e);
      return n;
    }
    case 'map': {
      let n = 4;
      for (const [k, v] of entries(type, value)) n += 8 + sizeOf(type.key, k) + sizeOf(type.value, v);
      return n;
    }
    case 'ascii':
      // eslint-disable-next-line no-control-regex
      return typeof value === 'string' && /^[\x00-\x7f]*$/.test(value) ? value.length : wrong(type, value);
    case 'text':
    case 'varchar':
      return typeof value === 'string' ? utf8Length(value) : wrong(type, value);
    case 'tinyint':
    case 'smallint':
    case 'int':
      return isInt(value, INT_BITS[type.kind]) ? INT_BITS[type.kind] / 8 : wrong(type, value);
    case 'bigint':
    case 'counter':
      return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX ? 8 : wrong(type, value);
    case 'varint':
      return typeof value === 'bigint' ? varintLength(value) : wrong(type, value);
    case 'decimal':
      return typeof value === 'string' && CANONICAL_DECIMAL.test(value) ? 4 + varintLength(decimalParts(value).unscaled) : wrong(type, value);
    case 'float':
      return typeof value === 'number' ? 4 : wrong(type, value);
    case 'double':
      return typeof value === 'number' ? 8 : wrong(type, value);
    case 'boolean':
      return typeof value === 'boolean' ? 1 : wrong(type, value);
    case 'blob':
      return value instanceof Uint8Array ? value.length : wrong(type, value);
    case 'timestamp':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? 8 : wrong(type, value);
    case 'date':
      return typeof value === 'string' && isDate(value) ? 4 : wrong(type, value);
    case 'time':
      return typeof value === 'bigint' && value >= 0n && value < NANOS_PER_DAY ? 8 : wrong(type, value);
    case 'uuid':
    case 'timeuuid':
      return typeof value === 'string' && UUID_TEXT.test(value) ? 16 : wrong(type, value);
    case 'inet': {
      const bytes = typeof value === 'string' ? inetToBytes(value) : undefined;
      return bytes === undefined ? wrong(type, value) : bytes.length;
    }
    default:
      throw new TypeError(`type must be a CqlType, got kind ${String((type as { kind: unknown }).kind)}`);
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // BMP, or a lone surrogate that TextEncoder replaces with U+FFFD
  }
  return n;
}

/** Bytes of the shortest two's complement form of `n` (at least one). */
function varintLength(n: bigint): number {
  const magnitude = n < 0n ? -n - 1n : n;
  if (magnitude === 0n) return 1;
  const hex = magnitude.toString(16);
  const bits = (hex.length - 1) * 4 + (32 - Math.clz32(Number.parseInt(hex[0]!, 16)));
  return Math.floor(bits / 8) + 1; // room for the sign bit
}

function writeVarint(n: bigint, out: Uint8Array, at: number): number {
  const length = varintLength(n);
  const unsigned = n < 0n ? (1n << BigInt(length * 8)) + n : n;
  const hex = unsigned.toString(16).padStart(length * 2, '0');
  for (let i = 0; i < length; i++) out[at + i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return at + length;
}

function write(type: CqlType, value: CqlValue, out: Uint8Array, view: DataView, at: number): number {
  switch (type.kind) {
    case 'frozen':
      return write(type.inner, value, out, view, at);
    case 'list':
    case 'set': {
      const list = elements(type, value);
      view.setInt32(at, list.length);
      at += 4;
      for (const e of list) at = writeSized(type.element, e, out, view, at);
      return at;
    }
    case 'map': {
      const list = entries(type, value);
      view.setInt32(at, list.length);
      at += 4;
      for (const [k, v] of list) at = writeSized(type.value, v, out, view, writeSized(type.key, k, out, view, at));
      return at;
    }
    case 'ascii':
    case 'text':
    case 'varchar':
      return at + utf8Encoder.encodeInto(value as string, out.subarray(at)).written;
    case 'tinyint':
      view.setInt8(at, value as number);
      return at + 1;
    case 'smallint':
      view.setInt16(at, value as number);
      return at + 2;
    case 'int':
      view.setInt32(at, value as number);
      return at + 4;
    case 'bigint':
    case 'counter':
    case 'time':
      view.setBigInt64(at, value as bigint);
      return at + 8;
    case 'varint':
      return writeVarint(value as bigint, out, at);
    case 'decimal': {
      const { unscaled, scale } = decimalParts(value as string);
      view.setInt32(at, scale);
      return writeVarint(unscaled, out, at + 4);
    }
    case 'float':
      view.setFloat32(at, value as number);
      return at + 4;
    case 'double':
      view.setFloat64(at, value as number);
      return at + 8;
    case 'boolean':
      out[at] = value ? 1 : 0;
      return at + 1;
    case 'blob':
      out.set(value as Uint8Array, at);
      return at + (value as Uint8Array).length;
    case 'timestamp':
      view.setBigInt64(at, BigInt((value as Date).getTime()));
      return at + 8;
    case 'date':
      view.setUint32(at, dateToDays(value as string) + DATE_EPOCH_OFFSET);
      return at + 4;
    case 'uuid':
    case 'timeuuid':
      out.set(uuidToBytes(value as string), at);
      return at + 16;
    case 'inet': {
      const bytes = inetToBytes(value as string)!;
      out.set(bytes, at);
      return at + bytes.length;
    }
    default:
      throw new TypeError(`type must be a CqlType, got kind ${String((type as { kind: unknown }).kind)}`);
  }
}

/** Writes `[int32 length][bytes]`. */
function writeSized(type: CqlType, value: CqlValue, out: Uint8Array, view: DataView, at: number): number {
  const end = write(type, value, out, view, at + 4);
  view.setInt32(at, end - at - 4);
  return end;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function invalid(message: string): never {
  throw new ValidationException(message);
}

function fixed(length: number, expected: number, message: string): void {
  if (length !== expected) invalid(`${message} (${length})`);
}

function read(type: CqlType, bytes: Uint8Array, view: DataView, start: number, end: number, frozen: boolean): CqlValue {
  const length = end - start;
  switch (type.kind) {
    case 'frozen':
      return read(type.inner, bytes, view, start, end, true);
    case 'list':
    case 'set':
    case 'map':
      return readCollection(type, bytes, view, start, end, frozen);
    case 'ascii': {
      for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) invalid(`Invalid byte for ascii: ${bytes[i]}`);
      return utf8Decoder.decode(bytes.subarray(start, end));
    }
    case 'text':
    case 'varchar':
      try {
        return utf8Decoder.decode(bytes.subarray(start, end));
      } catch {
        return invalid("String didn't validate.");
      }
    case 'tinyint':
      fixed(length, 1, 'Expected 1 byte for a tinyint');
      return view.getInt8(start);
    case 'smallint':
      fixed(length, 2, 'Expected 2 bytes for a smallint');
      return view.getInt16(start);
    case 'int':
      fixed(length, 4, 'Expected 4 byte int');
      return view.getInt32(start);
    case 'bigint':
    case 'counter':
      fixed(length, 8, 'Expected 8 byte long');
      return view.getBigInt64(start);
    case 'varint':
      if (length === 0) invalid('Expected at least 1 byte for a varint (0)');
      return readVarint(bytes, start, end);
    case 'decimal': {
      if (length < 5) invalid(`Expected at least 5 bytes for a decimal (${length})`);
      const scale = view.getInt32(start);
      if (Math.abs(scale) > MAX_DECIMAL_SCALE) invalid(`Decimal scale ${scale} is beyond ±${MAX_DECIMAL_SCALE}`);
      return formatDecimal(readVarint(bytes, start + 4, end), scale);
    }
    case 'float':
      fixed(length, 4, 'Expected 4 byte value for a float');
      return view.getFloat32(start) + 0;
    case 'double':
      fixed(length, 8, 'Expected 8 byte value for a double');
      return view.getFloat64(start) + 0;
    case 'boolean':
      fixed(length, 1, 'Expected 1 byte value for a boolean');
      return bytes[start] !== 0;
    case 'blob':
      return bytes.slice(start, end);
    case 'timestamp': {
      fixed(length, 8, 'Expected 8 byte long for a timestamp');
      const ms = view.getBigInt64(start);
      if (ms > BigInt(MAX_TIMESTAMP_MS) || ms < -BigInt(MAX_TIMESTAMP_MS)) invalid(`Timestamp ${ms} ms is outside ±8.64e15 ms`);
      return new Date(Number(ms));
    }
    case 'date': {
      fixed(length, 4, 'Expected 4 byte long for date');
      const days = view.getUint32(start) - DATE_EPOCH_OFFSET;
      return daysToDate(days) ?? invalid(`Date ${days} days from 1970-01-01 is outside years 0001 to 9999`);
    }
    case 'time': {
      fixed(length, 8, 'Expected 8 byte long for time');
      const ns = view.getBigInt64(start);
      if (ns < 0n || ns >= NANOS_PER_DAY) invalid(`Time value ${ns} is outside 0 to 86399999999999 nanoseconds`);
      return ns;
    }
    case 'uuid':
      fixed(length, 16, 'UUID should be 16 bytes');
      return uuidFromBytes(bytes.subarray(start, end));
    case 'timeuuid':
      fixed(length, 16, 'TimeUUID should be 16 bytes');
      if (bytes[start + 6]! >> 4 !== 1) invalid('Invalid version for TimeUUID type.');
      return uuidFromBytes(bytes.subarray(start, end));
    case 'inet':
      if (length !== 4 && length !== 16) invalid(`Expected 4 or 16 byte inet address (${length})`);
      return inetFromBytes(bytes.subarray(start, end));
    default:
      throw new TypeError(`type must be a CqlType, got kind ${String((type as { kind: unknown }).kind)}`);
  }
}

function readVarint(bytes: Uint8Array, start: number, end: number): bigint {
  let hex = '';
  for (let i = start; i < end; i++) hex += bytes[i]!.toString(16).padStart(2, '0');
  const n = BigInt(`0x${hex}`);
  return bytes[start]! & 0x80 ? n - (1n << BigInt((end - start) * 8)) : n;
}

function readCollection(
  type: Extract<CqlType, { kind: 'list' | 'set' | 'map' }>,
  bytes: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  frozen: boolean,
): CqlValue {
  const name = formatCqlType(type);
  let at = start;
  const readInt = (what: string): number => {
    if (end - at < 4) invalid(`Not enough bytes to read ${what} of ${name}`);
    const n = view.getInt32(at);
    at += 4;
    return n;
  };
  const readElement = (elementType: CqlType): CqlValue => {
    const length = readInt('an element length');
    if (length < 0) invalid('null is not supported inside collections');
    if (end - at < length) invalid(`Not enough bytes to read an element of ${name}`);
    const value = read(elementType, bytes, view, at, at + length, true);
    at += length;
    return value;
  };
  const count = readInt('the element count');
  // Each element takes at least its 4-byte length: a larger count cannot be honest.
  if (count < 0 || count > (end - at) / (type.kind === 'map' ? 8 : 4)) invalid(`Invalid element count ${count} for ${name}`);
  let out: CqlValue;
  if (type.kind === 'map') {
    const pairs: [CqlValue, CqlValue][] = [];
    for (let i = 0; i < count; i++) pairs.push([readElement(type.key), readElement(type.value)]);
    pairs.sort((x, y) => compareValues(type.key, x[0], y[0]));
    const map = new Map<CqlValue, CqlValue>();
    pairs.forEach(([k, v], i) => {
      const next = pairs[i + 1];
      if (next === undefined || compareValues(type.key, k, next[0]) !== 0) map.set(k, v);
    });
    out = map;
  } else {
    const list: CqlValue[] = [];
    for (let i = 0; i < count; i++) list.push(readElement(type.element));
    if (type.kind === 'set') {
      list.sort((x, y) => compareValues(type.element, x, y));
      out = list.filter((x, i) => i === 0 || compareValues(type.element, list[i - 1]!, x) !== 0);
    } else out = list;
  }
  if (at !== end) invalid(`Unexpected extraneous bytes after ${name} value`);
  return count === 0 && !frozen ? null : out;
}
