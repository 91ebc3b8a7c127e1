/**
 * @module storage/key-codec
 * Order-preserving encoding of CQL primary-key values into byte strings, so that the unsigned
 * byte order of LevelDB and {@link compareBytes} is the CQL order of the values — the
 * comparators of Cassandra's `AbstractType`s (`Int32Type`, `LongType`, `IntegerType`,
 * `DecimalType`, `FloatType`, `DoubleType`, `UTF8Type`, `BytesType`, `BooleanType`,
 * `TimestampType`, `SimpleDateType`, `TimeType`, `UUIDType`, `TimeUUIDType`,
 * `InetAddressType`, and the frozen `ListType`, `SetType`, `MapType`) with the deviations listed
 * below. Keys never depend on LevelDB itself.
 *
 * **Components.** Every component encoding is *prefix-free* (no encoding is a proper prefix of
 * another of the same type), so a concatenation compares component by component:
 * - `int`, `smallint`, `tinyint`, `bigint`, `counter`: two's complement big-endian with the sign
 *   bit flipped (4, 2, 1, 8, 8 bytes). `bigint`/`counter` are 64-bit (CQL `bigint`).
 * - `varint` (any size): `0x80` for zero; a positive value is a length tag `0x80 + L` (L = 1..126
 *   magnitude bytes; `0xFF` then a length of the length, then the length, for longer ones)
 *   followed by the big-endian magnitude; a negative value uses tag `0x80 - L` (`0x01` plus the
 *   inverted long length) followed by the inverted magnitude, so more bytes = further from zero.
 * - `float`/`double`: IEEE 754 big-endian, all bits inverted when the sign bit is set, else the
 *   sign bit flipped. `-0` is stored as `0`; every NaN is one canonical NaN that sorts **after
 *   +Infinity** (as Java's `Double.compare` does). A `float` value must be a float32 value
 *   (`Math.fround(x) === x`).
 * - `decimal` (a canonical decimal string such as `'-12.340'`): a numeric part, then the text.
 *   The numeric part is `0x80` for zero; for a nonzero value 0.d₁d₂…dₖ × 10^E (d₁ ≠ 0, dₖ ≠ 0) it
 *   is `0x81`, the `varint` encoding of E, the digits two per byte (`pair + 1`, a lone last digit
 *   padded with 0) and a `0x00` end, every byte after the tag inverted and the tag `0x7F` when
 *   negative (after CockroachDB's decimal key encoding). Numerically equal decimals (`'1.0'`,
 *   `'1.00'`, `'-0'`) then order by their text, escaped as below, which is what decoding returns.
 * - `ascii`/`text`/`varchar` (UTF-8) and `blob`: the bytes with `0x00` escaped as `0x00 0xFF`,
 *   then the terminator `0x00 0x01` (as the FoundationDB tuple layer does), so `'a'` <
 *   `'a\u0000'` < `'ab'` and the empty value sorts first. Text must be well-formed UTF-16 (no lone
 *   surrogates) and `ascii` 7-bit.
 * - `boolean`: one byte, `0x00` false, `0x01` true.
 * - `timestamp` (a valid `Date`): milliseconds since the epoch as a sign-flipped 64-bit integer.
 * - `date` (`'YYYY-MM-DD'`, years 0001..9999, proleptic Gregorian): days since 1970-01-01 plus
 *   2³¹ as a big-endian uint32 (Cassandra's `SimpleDateType` representation).
 * - `time` (bigint nanoseconds since midnight, 0..86 399 999 999 999): big-endian uint64.
 * - `timeuuid` (a lowercase version-1 UUID): the 16 bytes reordered to
 *   `time_hi_and_version, time_mid, time_low, clock_seq, node`, which sorts by the 60-bit
 *   timestamp and then by the raw bytes of the rest (Cassandra compares that rest signed; we
 *   compare it unsigned).
 * - `uuid` (any lowercase UUID): one byte holding the version (0..15), then the reordered bytes
 *   for version 1 or the raw bytes otherwise: version first, then the timestamp for version 1,
 *   then the raw bytes (Cassandra's `UUIDType` order, unsigned).
 * - `inet` (dotted IPv4 without leading zeros, or IPv6 in RFC 5952 §4 canonical text: lowercase,
 *   no leading zeros, the first longest run of two or more zero groups as `::`, no embedded
 *   IPv4): `0x04` + 4 bytes or `0x06` + 16 bytes, so IPv4 sorts before IPv6, then by bytes.
 * - frozen `list<T>`, `set<T>` (an array) and `map<K, V>` (a Map), nested to any depth: `0x01`
 *   then the element's encoding for each element (`0x01`, the key's encoding, the value's
 *   encoding for each map entry), then `0x00`; `[]` is the single byte `0x00`. Because element
 *   encodings are prefix-free, two collections compare at their first differing element (map
 *   entry: key, then value), and a collection that ends (`0x00`) sorts before one that goes on
 *   (`0x01`): a prefix first, as `compareValues` in table/values.ts orders them. Elements are
 *   always ascending inside the collection; a `DESC` column inverts the whole collection with
 *   the rest of its component. A set's elements and a map's keys must be strictly ascending
 *   (the normalised form), so every set and map has one encoding; `null` never appears inside.
 *   Cassandra compares frozen collections the same way, element by element with a prefix first.
 *
 * **Composite keys.** The components are concatenated; a `DESC` component has every byte of its
 * encoding (terminator included) inverted, which reverses the order of a prefix-free code. A
 * tuple's encoding is therefore a byte-prefix of the encoding of every longer tuple that starts
 * with it and sorts before all of them, so `[enc(prefix), prefixEnd(enc(prefix)))` is exactly
 * the range of rows under a prefix.
 *
 * **Errors.** A wrong JS type throws `TypeError` and an out-of-range or non-canonical value
 * throws `RangeError`, both naming the CQL type: the table layer validates user input first, so
 * these guard programming errors. Malformed key bytes throw `RangeError` when decoded, and
 * decoding accepts only what encoding produces (every value has exactly one encoding).
 */
/**
 * The scalar CQL types a primary-key component (or an element of a frozen collection in one) can have.
 * @example
 * const types: KeyScalarType[] = ['text', 'timestamp'];
 */
export type KeyScalarType =
  | 'ascii'
  | 'text'
  | 'varchar'
  | 'int'
  | 'smallint'
  | 'tinyint'
  | 'bigint'
  | 'varint'
  | 'counter'
  | 'float'
  | 'double'
  | 'decimal'
  | 'boolean'
  | 'blob'
  | 'timestamp'
  | 'date'
  | 'time'
  | 'uuid'
  | 'timeuuid'
  | 'inet';

/**
 * A frozen collection type of a key component: `frozen<list<T>>`, `frozen<set<T>>` or
 * `frozen<map<K, V>>`. A key collection is always frozen, and so is every collection nested in
 * it, so `frozen` is implied and not spelled. Elements, keys and values may not be `counter`.
 * @example
 * const t: KeyCollectionType = { kind: 'map', key: 'text', value: { kind: 'list', element: 'int' } };
 * // frozen<map<text, frozen<list<int>>>>
 */
export type KeyCollectionType =
  | { readonly kind: 'list'; readonly element: KeyType }
  | { readonly kind: 'set'; readonly element: KeyType }
  | { readonly kind: 'map'; readonly key: KeyType; readonly value: KeyType };

/**
 * The CQL types a primary-key component can have: a scalar type name or a frozen collection.
 * @example
 * const types: KeyType[] = ['text', 'timestamp', { kind: 'set', element: 'int' }];
 */
export type KeyType = KeyScalarType | KeyCollectionType;

/**
 * The normalised JS form of a key component: string (text types, decimal, date, uuid, inet),
 * number (int, smallint, tinyint, float, double), bigint (bigint, varint, counter, time),
 * boolean, Uint8Array (blob), Date (timestamp), an array (list; set, sorted in CQL order without
 * duplicates) or a Map (map, its keys sorted in CQL order without duplicates).
 * @example
 * const values: KeyValue[] = ['c1', new Date('2026-01-01T00:00:00Z'), 42, 10n, '-12.340', [1, 2], new Map([['a', 1]])];
 */
export type KeyValue = string | number | bigint | boolean | Uint8Array | Date | KeyValue[] | Map<KeyValue, KeyValue>;

/**
 * The direction of a key component (`CLUSTERING ORDER BY`); partition keys are `'ASC'`.
 * @example
 * const orders: SortOrder[] = ['ASC', 'DESC'];
 */
export type SortOrder = 'ASC' | 'DESC';

const KEY_SCALAR_TYPES: ReadonlySet<string> = new Set<KeyScalarType>([
  'ascii', 'text', 'varchar', 'int', 'smallint', 'tinyint', 'bigint', 'varint', 'counter', 'float', 'double',
  'decimal', 'boolean', 'blob', 'timestamp', 'date', 'time', 'uuid', 'timeuuid', 'inet',
]);

/** Escape byte pairs of variable-length components. */
const ESCAPE = 0x00;
const ESCAPED_ZERO = 0xff;
const TERMINATOR = 0x01;

/** Frozen collections: each element (map entry) is preceded by `ELEMENT`; `END` closes the collection. */
const COLLECTION_END = 0x00;
const COLLECTION_ELEMENT = 0x01;

/** Tags of `varint` and of the numeric part of `decimal`. */
const TAG_ZERO = 0x80;
const TAG_POSITIVE_LONG = 0xff;
const TAG_NEGATIVE_LONG = 0x01;
const SHORT_LENGTH_MAX = 0x7e;
const DECIMAL_POSITIVE = 0x81;
const DECIMAL_NEGATIVE = 0x7f;

/** `inet` family tags. */
const INET4 = 0x04;
const INET6 = 0x06;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TIME_MAX = 86_399_999_999_999n;
/** The range of `Date` (ECMA-262 §21.4.1.1). */
const DATE_MS_MAX = 8.64e15;
/** Cassandra's `SimpleDateType` epoch: day 0 (1970-01-01) is stored as 2³¹. */
const DATE_EPOCH = 2 ** 31;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const IPV4_PATTERN = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const NON_ASCII = /[^\x00-\x7f]/;

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---------------------------------------------------------------------------------------------
// Byte sink and cursor

/** A growable output buffer. */
class Sink {
  #buf: Uint8Array;
  #len = 0;

  constructor(initial = 64) {
    this.#buf = new Uint8Array(initial);
  }

  get length(): number {
    return this.#len;
  }

  byte(b: number): void {
    if (this.#len === this.#buf.length) this.#grow(1);
    this.#buf[this.#len++] = b;
  }

  bytes(src: Uint8Array): void {
    if (this.#len + src.length > this.#buf.length) this.#grow(src.length);
    this.#buf.set(src, this.#len);
    this.#len += src.length;
  }

  /** `value` as 8 big-endian bytes (`0 <= value < 2^64`). */
  u64(value: bigint): void {
    if (this.#len + 8 > this.#buf.length) this.#grow(8);
    U64_VIEW.setBigUint64(0, value);
    this.#buf.set(U64_BYTES, this.#len);
    U64_BYTES.fill(0); // a key part: not left behind
    this.#len += 8;
  }

  /** `value` as `width` big-endian bytes (`0 <= value < 2^(8·width)`, width at most 6). */
  uint(value: number, width: number): void {
    if (this.#len + width > this.#buf.length) this.#grow(width);
    for (let i = width - 1; i >= 0; i--) {
      this.#buf[this.#len + i] = value % 256;
      value = Math.floor(value / 256);
    }
    this.#len += width;
  }

  /** Bytes with each 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01. */
  escaped(src: Uint8Array): void {
    const n = src.length;
    if (this.#len + 2 * n + 2 > this.#buf.length) this.#grow(2 * n + 2);
    const buf = this.#buf;
    let at = this.#len;
    for (let i = 0; i < n; i++) {
      const b = src[i]!;
      buf[at++] = b;
      if (b === ESCAPE) buf[at++] = ESCAPED_ZERO;
    }
    buf[at++] = ESCAPE;
    buf[at++] = TERMINATOR;
    this.#len = at;
  }

  /** The UTF-8 bytes of a well-formed string, escaped as {@link Sink.escaped} does. */
  escapedText(text: string): void {
    // At most 3 bytes per UTF-16 unit; U+0000 (1 byte, 2 escaped) fits in that too.
    if (this.#len + 3 * text.length + 2 > this.#buf.length) this.#grow(3 * text.length + 2);
    const start = this.#len;
    const { written } = utf8Encoder.encodeInto(text, this.#buf.subarray(start));
    const end = start + written;
    if (this.#buf.subarray(start, end).indexOf(ESCAPE) >= 0) {
      const raw = this.#buf.slice(start, end);
      this.#buf.fill(0, start, end);
      this.escaped(raw);
      raw.fill(0);
      return;
    }
    this.#buf[end] = ESCAPE;
    this.#buf[end + 1] = TERMINATOR;
    this.#len = end + 2;
  }

  /** The bytes written in `[from, to)`, as a view valid until the next write. */
  view(from: number, to: number): Uint8Array {
    return this.#buf.subarray(from, to);
  }

  /** Inverts every byte written since `from`. */
  invertFrom(from: number): void {
    for (let i = from; i < this.#len; i++) this.#buf[i] = (this.#buf[i] as number) ^ 0xff;
  }

  /** The bytes written, in a buffer of their own; the sink is zeroed and empty again. */
  finish(): Uint8Array {
    const out = this.#buf.slice(0, this.#len);
    this.reset();
    return out;
  }

  /** Zeroes what was written and empties the sink. */
  reset(): void {
    this.#buf.fill(0, 0, this.#len);
    this.#len = 0;
  }

  get capacity(): number {
    return this.#buf.length;
  }

  #grow(n: number): void {
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf.fill(0);
    this.#buf = next;
  }
}

/** Eight bytes for {@link Sink.u64}: a bigint is written through them (a DataView per sink would cost more than the copy). */
const U64_BYTES = new Uint8Array(8);
const U64_VIEW = new DataView(U64_BYTES.buffer);

/**
 * The sink keys are encoded in, reused from key to key (zeroed by each finish: key parts are row
 * data); a key encoded while it is in use, which no caller does, gets a sink of its own.
 */
let sharedSink = new Sink(256);
let sharedSinkBusy = false;
/** A shared sink grown past this by a large key is let go of (after zeroing) rather than kept. */
const SHARED_SINK_MAX = 64 * 1024;

/** Reads key bytes, XOR-ing each with `mask` (0xFF inside a DESC component). */
class Cursor {
  readonly bytes: Uint8Array;
  pos: number;
  mask = 0;
  type: KeyType;

  constructor(bytes: Uint8Array, pos: number, type: KeyType) {
    this.bytes = bytes;
    this.pos = pos;
    this.type = type;
  }

  u8(): number {
    if (this.pos >= this.bytes.length) throw this.malformed('the bytes end inside the component');
    return (this.bytes[this.pos++] as number) ^ this.mask;
  }

  take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw this.malformed('the bytes end inside the component');
    const out = new Uint8Array(this.bytes.subarray(this.pos, this.pos + n)); // a copy, even of a Buffer
    if (this.mask !== 0) for (let i = 0; i < n; i++) out[i] = (out[i] as number) ^ this.mask;
    this.pos += n;
    return out;
  }

  malformed(why: string): RangeError {
    return new RangeError(`${formatKeyType(this.type)} key bytes at offset ${this.pos} are malformed: ${why}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Argument checks

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor.name === 'Uint8Array');
}

function isDate(value: unknown): value is Date {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

/** The CQL name of a key type: `'int'`, `'frozen<map<text, frozen<list<int>>>>'`. */
function formatKeyType(type: KeyType): string {
  if (typeof type === 'string') return type;
  if (type.kind === 'map') return `frozen<map<${formatKeyType(type.key)}, ${formatKeyType(type.value)}>>`;
  return `frozen<${type.kind}<${formatKeyType(type.element)}>>`;
}

function wrongType(type: KeyType, expected: string, value: unknown): TypeError {
  return new TypeError(`${formatKeyType(type)} key value must be ${expected}, got ${describe(value)}`);
}

function outOfRange(type: KeyType, what: string, value: unknown): RangeError {
  const shown =
    typeof value === 'bigint'
      ? `${value}n`
      : typeof value === 'string'
        ? JSON.stringify(value)
        : Array.isArray(value)
          ? `an array of ${value.length}`
          : value instanceof Map
            ? `a Map of ${value.size}`
            : String(value);
  return new RangeError(`${formatKeyType(type)} key value must be ${what}, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`);
}

function assertKeyType(type: unknown, name: string, inCollection = false): asserts type is KeyType {
  const got = (): string => (typeof type === 'string' ? JSON.stringify(type) : describe(type));
  if (typeof type === 'string') {
    /* Precondition: the key type is a supported CQL type. */
    if (!KEY_SCALAR_TYPES.has(type)) throw new TypeError(`${name} must be a CQL key type, got ${got()}`);
    /* Precondition: a collection does not hold counters. */
    if (inCollection && type === 'counter') throw new TypeError(`${name} must be a CQL key type, got "counter" inside a collection`);
    return;
  }
  /* Precondition: the key type is a supported CQL type. */
  if (typeof type !== 'object' || type === null) throw new TypeError(`${name} must be a CQL key type, got ${got()}`);
  const t = type as { kind?: unknown; element?: unknown; key?: unknown; value?: unknown };
  if (t.kind === 'list' || t.kind === 'set') assertKeyType(t.element, `${name}.element`, true);
  else if (t.kind === 'map') {
    assertKeyType(t.key, `${name}.key`, true);
    assertKeyType(t.value, `${name}.value`, true);
  } else throw new TypeError(`${name} must be a CQL key type, got an object of kind ${typeof t.kind === 'string' ? JSON.stringify(t.kind) : describe(t.kind)}`);
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Writes bytes with 0x00 escaped, then the terminator. */
function writeEscaped(sink: Sink, bytes: Uint8Array): void {
  sink.escaped(bytes);
}

function readEscaped(cur: Cursor): Uint8Array {
  const out: number[] = [];
  for (;;) {
    const b = cur.u8();
    if (b !== ESCAPE) {
      out.push(b);
      continue;
    }
    const next = cur.u8();
    if (next === TERMINATOR) return Uint8Array.from(out);
    if (next !== ESCAPED_ZERO) throw cur.malformed('0x00 is followed by neither 0xFF nor the terminator 0x01');
    out.push(0);
  }
}

/** Writes an unsigned integer as `width` big-endian bytes (`value < 2^(8·width)`). */
function writeUnsigned(sink: Sink, value: bigint, width: number): void {
  for (let i = width - 1; i >= 0; i--) sink.byte(Number((value >> BigInt(8 * i)) & 0xffn));
}

function readUnsigned(cur: Cursor, width: number): bigint {
  // Bytes gathered as numbers (exact below 2^53), then at most one BigInt shift: not one per byte.
  if (width <= 6) return BigInt(readSmallUnsigned(cur, width));
  const hi = readSmallUnsigned(cur, width - 4);
  return (BigInt(hi) << 32n) | BigInt(readSmallUnsigned(cur, 4));
}

/** A big-endian unsigned integer of at most 6 bytes, as a number. */
function readSmallUnsigned(cur: Cursor, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + cur.u8();
  return v;
}

/** Minimal big-endian bytes of a positive bigint. */
function magnitudeBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** The order-preserving `varint` encoding (see the module comment). */
function writeVarint(sink: Sink, n: bigint): void {
  if (n === 0n) {
    sink.byte(TAG_ZERO);
    return;
  }
  const negative = n < 0n;
  const mag = magnitudeBytes(negative ? -n : n);
  const start = sink.length;
  if (mag.length <= SHORT_LENGTH_MAX) {
    sink.byte(negative ? TAG_ZERO - mag.length : TAG_ZERO + mag.length);
  } else {
    sink.byte(negative ? TAG_NEGATIVE_LONG : TAG_POSITIVE_LONG);
    const len = magnitudeBytes(BigInt(mag.length));
    sink.byte(len.length);
    sink.bytes(len);
  }
  sink.bytes(mag);
  // A negative value inverts everything after the tag: the long length and the magnitude.
  if (negative) sink.invertFrom(start + 1);
}

function readVarint(cur: Cursor): bigint {
  const tag = cur.u8();
  if (tag === TAG_ZERO) return 0n;
  if (tag === 0x00) throw cur.malformed('varint tag 0x00 is unused');
  const negative = tag < TAG_ZERO;
  const saved = cur.mask;
  if (negative) cur.mask ^= 0xff;
  let length: number;
  if (tag === TAG_POSITIVE_LONG || tag === TAG_NEGATIVE_LONG) {
    const lenOfLen = cur.u8();
    if (lenOfLen < 1 || lenOfLen > 6) throw cur.malformed('varint length of length out of range');
    const lenBytes = cur.take(lenOfLen);
    if (lenBytes[0] === 0) throw cur.malformed('varint length is not minimal');
    length = Number(bytesToBigint(lenBytes));
    if (length <= SHORT_LENGTH_MAX) throw cur.malformed('varint long length used for a short value');
  } else {
    length = negative ? TAG_ZERO - tag : tag - TAG_ZERO;
  }
  const mag = cur.take(length);
  cur.mask = saved;
  if (mag[0] === 0) throw cur.malformed('varint magnitude is not minimal');
  const abs = bytesToBigint(mag);
  return negative ? -abs : abs;
}

// ---------------------------------------------------------------------------------------------
// Fixed-width numbers

const INT_WIDTH = { tinyint: 1, smallint: 2, int: 4 } as const;

function writeSmallInt(sink: Sink, type: 'tinyint' | 'smallint' | 'int', value: KeyValue): void {
  if (typeof value !== 'number') throw wrongType(type, 'a number', value);
  const width = INT_WIDTH[type];
  const half = 2 ** (8 * width - 1);
  if (!Number.isInteger(value) || value < -half || value >= half) throw outOfRange(type, `an integer from ${-half} to ${half - 1}`, value);
  sink.uint(value + half, width);
}

function readSmallInt(cur: Cursor, type: 'tinyint' | 'smallint' | 'int'): number {
  const width = INT_WIDTH[type];
  return readSmallUnsigned(cur, width) - 2 ** (8 * width - 1);
}

function writeInt64(sink: Sink, value: bigint): void {
  sink.u64(value - INT64_MIN);
}

function readInt64(cur: Cursor): bigint {
  return readUnsigned(cur, 8) + INT64_MIN;
}

/** IEEE 754 bits → order-preserving bits, for float (width 4) or double (width 8). */
function writeFloat(sink: Sink, type: 'float' | 'double', value: KeyValue): void {
  if (typeof value !== 'number') throw wrongType(type, 'a number', value);
  const width = type === 'float' ? 4 : 8;
  const bytes = new Uint8Array(width);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (Number.isNaN(value)) {
    // The canonical quiet NaN; it sorts after +Infinity.
    bytes[0] = 0x7f;
    bytes[1] = type === 'float' ? 0xc0 : 0xf8;
  } else {
    if (type === 'float' && Math.fround(value) !== value) throw outOfRange(type, 'a 32-bit float (Math.fround(x) === x)', value);
    const v = value === 0 ? 0 : value; // -0 is stored as 0
    if (type === 'float') view.setFloat32(0, v);
    else view.setFloat64(0, v);
  }
  if ((bytes[0] as number) & 0x80) for (let i = 0; i < width; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
  else bytes[0] = (bytes[0] as number) ^ 0x80;
  sink.bytes(bytes);
}

function readFloat(cur: Cursor, type: 'float' | 'double'): number {
  const width = type === 'float' ? 4 : 8;
  const bytes = cur.take(width);
  if ((bytes[0] as number) & 0x80) bytes[0] = (bytes[0] as number) ^ 0x80;
  else for (let i = 0; i < width; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const value = type === 'float' ? view.getFloat32(0) : view.getFloat64(0);
  if (Object.is(value, -0)) throw cur.malformed('-0 is stored as 0');
  if (Number.isNaN(value)) {
    const canonical = bytes[0] === 0x7f && bytes[1] === (type === 'float' ? 0xc0 : 0xf8) && bytes.subarray(2).every((b) => b === 0);
    if (!canonical) throw cur.malformed('NaN is not the canonical NaN');
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Decimal

/** A decimal's value as sign × 0.digits × 10^exponent, digits without leading or trailing zeros. */
interface DecimalParts {
  sign: -1 | 0 | 1;
  exponent: bigint;
  digits: string;
}

function parseDecimal(text: string): DecimalParts | undefined {
  const m = DECIMAL_PATTERN.exec(text);
  if (!m) return undefined;
  const [, signText = '', intPart = '', fracPart = '', expText] = m;
  if (intPart === '' && fracPart === '') return undefined;
  let all = intPart + fracPart;
  let point = BigInt(intPart.length) + (expText === undefined ? 0n : BigInt(expText));
  const lead = all.length - all.replace(/^0+/, '').length;
  all = all.slice(lead).replace(/0+$/, '');
  point -= BigInt(lead);
  if (all === '') return { sign: 0, exponent: 0n, digits: '' };
  return { sign: signText === '-' ? -1 : 1, exponent: point, digits: all };
}

function writeDecimal(sink: Sink, value: KeyValue): void {
  if (typeof value !== 'string') throw wrongType('decimal', 'a decimal string', value);
  const parts = parseDecimal(value);
  if (!parts) throw outOfRange('decimal', "a decimal number such as '-12.340' or '1.5E+3'", value);
  if (parts.sign === 0) sink.byte(TAG_ZERO);
  else {
    sink.byte(parts.sign > 0 ? DECIMAL_POSITIVE : DECIMAL_NEGATIVE);
    const start = sink.length;
    writeVarint(sink, parts.exponent);
    const d = parts.digits;
    for (let i = 0; i < d.length; i += 2) sink.byte(Number(d[i]) * 10 + Number(d[i + 1] ?? '0') + 1);
    sink.byte(0x00);
    if (parts.sign < 0) sink.invertFrom(start);
  }
  writeEscaped(sink, utf8Encoder.encode(value));
}

function readDecimal(cur: Cursor): string {
  const tag = cur.u8();
  let parts: DecimalParts;
  if (tag === TAG_ZERO) parts = { sign: 0, exponent: 0n, digits: '' };
  else if (tag === DECIMAL_POSITIVE || tag === DECIMAL_NEGATIVE) {
    const negative = tag === DECIMAL_NEGATIVE;
    const saved = cur.mask;
    if (negative) cur.mask ^= 0xff;
    const exponent = readVarint(cur);
    let digits = '';
    for (let b = cur.u8(); b !== 0; b = cur.u8()) {
      if (b > 100) throw cur.malformed('decimal digit pair out of range');
      digits += String(b - 1).padStart(2, '0');
    }
    cur.mask = saved;
    parts = { sign: negative ? -1 : 1, exponent, digits: digits.replace(/0$/, '') };
  } else throw cur.malformed('unknown decimal tag');
  const raw = readEscaped(cur);
  let text: string;
  try {
    text = utf8Decoder.decode(raw);
  } catch {
    throw cur.malformed('decimal text is not UTF-8');
  }
  const parsed = parseDecimal(text);
  if (!parsed || parsed.sign !== parts.sign || parsed.exponent !== parts.exponent || parsed.digits !== parts.digits) {
    throw cur.malformed('decimal text does not match its numeric part');
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Dates (proleptic Gregorian day numbers, H. Hinnant's `days_from_civil`/`civil_from_days`)

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function writeDate(sink: Sink, value: KeyValue): void {
  if (typeof value !== 'string') throw wrongType('date', "a 'YYYY-MM-DD' string", value);
  const m = DATE_PATTERN.exec(value);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw outOfRange('date', "a calendar date 'YYYY-MM-DD' from 0001-01-01 to 9999-12-31", value);
  }
  writeUnsigned(sink, BigInt(daysFromCivil(year, month, day) + DATE_EPOCH), 4);
}

function readDate(cur: Cursor): string {
  const [year, month, day] = civilFromDays(readSmallUnsigned(cur, 4) - DATE_EPOCH);
  if (year < 1 || year > 9999) throw cur.malformed('date outside 0001-01-01..9999-12-31');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// UUIDs

function uuidBytes(type: 'uuid' | 'timeuuid', value: KeyValue): Uint8Array {
  if (typeof value !== 'string') throw wrongType(type, 'a UUID string', value);
  if (!UUID_PATTERN.test(value)) throw outOfRange(type, "a lowercase UUID 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'", value);
  const hex = value.replaceAll('-', '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function uuidText(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Raw UUID byte positions in time-first order: time_hi_and_version, time_mid, time_low, rest. */
const TIME_FIRST = [6, 7, 4, 5, 0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15] as const;

function timeFirst(raw: Uint8Array): Uint8Array {
  return Uint8Array.from(TIME_FIRST, (i) => raw[i] as number);
}

function fromTimeFirst(encoded: Uint8Array): Uint8Array {
  const raw = new Uint8Array(16);
  TIME_FIRST.forEach((i, j) => (raw[i] = encoded[j] as number));
  return raw;
}

function writeUuid(sink: Sink, type: 'uuid' | 'timeuuid', value: KeyValue): void {
  const raw = uuidBytes(type, value);
  const version = (raw[6] as number) >> 4;
  if (type === 'timeuuid') {
    if (version !== 1) throw outOfRange(type, 'a version 1 (time-based) UUID', value);
    sink.bytes(timeFirst(raw));
    return;
  }
  sink.byte(version);
  sink.bytes(version === 1 ? timeFirst(raw) : raw);
}

function readUuid(cur: Cursor, type: 'uuid' | 'timeuuid'): string {
  const version = type === 'timeuuid' ? 1 : cur.u8();
  if (version > 15) throw cur.malformed('UUID version byte out of range');
  const body = cur.take(16);
  const raw = version === 1 ? fromTimeFirst(body) : body;
  if ((raw[6] as number) >> 4 !== version) throw cur.malformed('UUID version does not match');
  return uuidText(raw);
}

// ---------------------------------------------------------------------------------------------
// inet

/** Parses IPv6 text (any RFC 4291 §2.2 form) to 16 bytes, or undefined. */
function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = IPV4_PATTERN.exec(piece);
        if (!v4) return undefined;
        const b = v4.slice(1, 5).map(Number);
        if (b.some((x) => x > 255)) return undefined;
        groups.push(((b[0] as number) << 8) | (b[1] as number), ((b[2] as number) << 8) | (b[3] as number));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        groups.push(Number.parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = parse(halves[0] as string);
  const tail = halves.length === 2 ? parse(halves[1] as string) : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    groups = head;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/**
 * RFC 5952 §4 text of 16 bytes (lowercase, the first longest run of two or more zero groups as `::`).
 * Shared with table/values.ts.
 * @example formatIpv6(new Uint8Array(16)) // '::'
 */
export function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is not compressed (§4.2.2)
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i]; // the first longest run wins (§4.2.3)
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

function writeInet(sink: Sink, value: KeyValue): void {
  if (typeof value !== 'string') throw wrongType('inet', 'an IP address string', value);
  const v4 = IPV4_PATTERN.exec(value);
  if (v4) {
    const b = v4.slice(1, 5).map(Number);
    if (b.every((x) => x <= 255)) {
      sink.byte(INET4);
      sink.bytes(Uint8Array.from(b));
      return;
    }
  }
  const v6 = value.includes(':') ? parseIpv6(value) : undefined;
  if (!v6 || formatIpv6(v6) !== value) {
    throw outOfRange('inet', "a dotted IPv4 address or an IPv6 address in RFC 5952 canonical form (e.g. '2001:db8::1')", value);
  }
  sink.byte(INET6);
  sink.bytes(v6);
}

function readInet(cur: Cursor): string {
  const family = cur.u8();
  if (family === INET4) return Array.from(cur.take(4)).join('.');
  if (family === INET6) return formatIpv6(cur.take(16));
  throw cur.malformed('unknown inet family tag');
}

// ---------------------------------------------------------------------------------------------
// Frozen collections

/** Unsigned byte order of two byte strings. */
function compareRaw(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return a.length - b.length;
}

/**
 * Writes `ELEMENT enc(e)` per element (`ELEMENT enc(k) enc(v)` per map entry), then `END`. A set's
 * elements and a map's keys must be strictly ascending: their encodings are, byte-wise, exactly
 * when their values are in CQL order, so that check needs no comparator.
 */
function writeCollection(sink: Sink, type: KeyCollectionType, value: KeyValue): void {
  let entries: Iterable<readonly [KeyValue, KeyValue | undefined]>;
  if (type.kind === 'map') {
    if (!(value instanceof Map)) throw wrongType(type, 'a Map', value);
    entries = value;
  } else {
    if (!Array.isArray(value)) throw wrongType(type, 'an array', value);
    entries = value.map((e) => [e, undefined] as const);
  }
  const ordered = type.kind !== 'list';
  let prevStart = -1;
  let prevEnd = -1;
  for (const [e, v] of entries) {
    sink.byte(COLLECTION_ELEMENT);
    const start = sink.length;
    writeComponent(sink, type.kind === 'map' ? type.key : type.element, e);
    const end = sink.length;
    if (ordered && prevStart >= 0 && compareRaw(sink.view(prevStart, prevEnd), sink.view(start, end)) >= 0) {
      throw outOfRange(type, type.kind === 'set' ? 'an array sorted in CQL order without duplicates' : 'a Map whose keys are in CQL order without duplicates', value);
    }
    if (type.kind === 'map') writeComponent(sink, type.value, v as KeyValue);
    prevStart = start;
    prevEnd = end;
  }
  sink.byte(COLLECTION_END);
}

function readCollection(cur: Cursor, type: KeyCollectionType): KeyValue {
  const elements: KeyValue[] = [];
  const entries: [KeyValue, KeyValue][] = [];
  // Under DESC the raw bytes are inverted, which reverses their order.
  const direction = cur.mask === 0 ? 1 : -1;
  let prev: Uint8Array | undefined;
  for (;;) {
    cur.type = type;
    const marker = cur.u8();
    if (marker === COLLECTION_END) break;
    if (marker !== COLLECTION_ELEMENT) throw cur.malformed('a collection element marker is neither 0x01 (element) nor 0x00 (end)');
    const start = cur.pos;
    const e = readComponent(cur, type.kind === 'map' ? type.key : type.element);
    if (type.kind !== 'list') {
      const raw = cur.bytes.subarray(start, cur.pos);
      if (prev !== undefined && direction * compareRaw(prev, raw) >= 0) {
        cur.type = type;
        throw cur.malformed(type.kind === 'set' ? 'set elements are not in ascending order without duplicates' : 'map keys are not in ascending order without duplicates');
      }
      prev = raw;
    }
    if (type.kind === 'map') entries.push([e, readComponent(cur, type.value)]);
    else elements.push(e);
  }
  return type.kind === 'map' ? new Map(entries) : elements;
}

// ---------------------------------------------------------------------------------------------
// Dispatch

function writeText(sink: Sink, type: 'ascii' | 'text' | 'varchar', value: KeyValue): void {
  if (typeof value !== 'string') throw wrongType(type, 'a string', value);
  if (type === 'ascii' ? NON_ASCII.test(value) : LONE_SURROGATE.test(value)) {
    throw outOfRange(type, type === 'ascii' ? 'a 7-bit ASCII string' : 'well-formed Unicode (no lone surrogates)', value);
  }
  sink.escapedText(value);
}

function readText(cur: Cursor, type: 'ascii' | 'text' | 'varchar'): string {
  const raw = readEscaped(cur);
  if (type === 'ascii' && raw.some((b) => b > 0x7f)) throw cur.malformed('ascii bytes above 0x7F');
  try {
    return utf8Decoder.decode(raw);
  } catch {
    throw cur.malformed('text is not UTF-8');
  }
}

function writeComponent(sink: Sink, type: KeyType, value: KeyValue): void {
  if (typeof type !== 'string') return writeCollection(sink, type, value);
  switch (type) {
    case 'ascii':
    case 'text':
    case 'varchar':
      return writeText(sink, type, value);
    case 'blob':
      if (!isBytes(value)) throw wrongType(type, 'a Uint8Array', value);
      return writeEscaped(sink, value);
    case 'tinyint':
    case 'smallint':
    case 'int':
      return writeSmallInt(sink, type, value);
    case 'bigint':
    case 'counter':
      if (typeof value !== 'bigint') throw wrongType(type, 'a bigint', value);
      if (value < INT64_MIN || value > INT64_MAX) throw outOfRange(type, 'a 64-bit signed integer', value);
      return writeInt64(sink, value);
    case 'varint':
      if (typeof value !== 'bigint') throw wrongType(type, 'a bigint', value);
      return writeVarint(sink, value);
    case 'float':
    case 'double':
      return writeFloat(sink, type, value);
    case 'decimal':
      return writeDecimal(sink, value);
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType(type, 'a boolean', value);
      return sink.byte(value ? 1 : 0);
    case 'timestamp': {
      if (!isDate(value)) throw wrongType(type, 'a Date', value);
      const ms = value.getTime();
      if (Number.isNaN(ms)) throw outOfRange(type, 'a valid Date', value);
      return writeInt64(sink, BigInt(ms));
    }
    case 'date':
      return writeDate(sink, value);
    case 'time':
      if (typeof value !== 'bigint') throw wrongType(type, 'a bigint (nanoseconds since midnight)', value);
      if (value < 0n || value > TIME_MAX) throw outOfRange(type, `nanoseconds from 0n to ${TIME_MAX}n`, value);
      return sink.u64(value);
    case 'uuid':
    case 'timeuuid':
      return writeUuid(sink, type, value);
    case 'inet':
      return writeInet(sink, value);
  }
}

function readComponent(cur: Cursor, type: KeyType): KeyValue {
  cur.type = type;
  if (typeof type !== 'string') return readCollection(cur, type);
  switch (type) {
    case 'ascii':
    case 'text':
    case 'varchar':
      return readText(cur, type);
    case 'blob':
      return readEscaped(cur);
    case 'tinyint':
    case 'smallint':
    case 'int':
      return readSmallInt(cur, type);
    case 'bigint':
    case 'counter':
      return readInt64(cur);
    case 'varint':
      return readVarint(cur);
    case 'float':
    case 'double':
      return readFloat(cur, type);
    case 'decimal':
      return readDecimal(cur);
    case 'boolean': {
      const b = cur.u8();
      if (b > 1) throw cur.malformed('boolean byte is neither 0x00 nor 0x01');
      return b === 1;
    }
    case 'timestamp': {
      const ms = Number(readInt64(cur));
      if (Math.abs(ms) > DATE_MS_MAX) throw cur.malformed('timestamp outside the range of Date');
      return new Date(ms);
    }
    case 'date':
      return readDate(cur);
    case 'time': {
      const ns = readUnsigned(cur, 8);
      if (ns > TIME_MAX) throw cur.malformed('time beyond 23:59:59.999999999');
      return ns;
    }
    case 'uuid':
    case 'timeuuid':
      return readUuid(cur, type);
    case 'inet':
      return readInet(cur);
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Encodes one key component in ascending order. The result is prefix-free within its type, so
 * encodings can be concatenated; compare them with {@link compareBytes}.
 * @param type - the CQL type of the component
 * @param value - its normalised JS value (string, number, bigint, boolean, Uint8Array, Date, an
 *   array for a list or set, a Map for a map, per type)
 * @returns a new byte string whose byte order is the CQL order of the values
 * @throws {@link TypeError} naming the type when `value` has the wrong JS type (or `type` is unknown)
 * @throws {@link RangeError} naming the type when `value` is out of range or not canonical (a set
 *   or map key not in ascending order, or repeated)
 * @example
 * compareBytes(encodeKeyComponent('int', -1), encodeKeyComponent('int', 1)); // < 0
 * encodeKeyComponent('text', 'a'); // Uint8Array [0x61, 0x00, 0x01]
 * encodeKeyComponent({ kind: 'list', element: 'boolean' }, [true]); // Uint8Array [0x01, 0x01, 0x00]
 */
export function encodeKeyComponent(type: KeyType, value: KeyValue): Uint8Array {
  assertKeyType(type, 'type');
  const sink = new Sink();
  writeComponent(sink, type, value);
  return sink.finish();
}

/**
 * Decodes one ascending key component starting at `offset`.
 * @param type - the CQL type of the component
 * @param bytes - bytes holding the encoding
 * @param offset - where the component starts
 * @returns the value (in the normalised JS form) and the offset just after the component
 * @throws {@link TypeError} when `bytes` is not a Uint8Array or `type` is unknown
 * @throws {@link RangeError} when `offset` is out of bounds or the bytes are not an encoding of `type`
 * @example
 * const { value, next } = decodeKeyComponent('bigint', bytes, 0); // value: 42n, next: 8
 */
export function decodeKeyComponent(type: KeyType, bytes: Uint8Array, offset: number): { value: KeyValue; next: number } {
  assertKeyType(type, 'type');
  /* Precondition: bytes is a Uint8Array. */
  if (!isBytes(bytes)) throw new TypeError(`bytes must be a Uint8Array, got ${describe(bytes)}`);
  /* Precondition: offset is an integer within bytes. */
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > bytes.length) {
    throw new RangeError(`offset must be an integer from 0 to ${bytes.length}, got ${String(offset)}`);
  }
  const cur = new Cursor(bytes, offset, type);
  const value = readComponent(cur, type);
  return { value, next: cur.pos };
}

function assertShape(types: readonly KeyType[], orders: readonly SortOrder[]): void {
  /* Precondition: types is an array of key types. */
  if (!Array.isArray(types)) throw new TypeError(`types must be an array, got ${describe(types)}`);
  for (let i = 0; i < types.length; i++) {
    const t: unknown = types[i];
    // A scalar name needs no path for its message unless it is wrong.
    if (typeof t !== 'string' || !KEY_SCALAR_TYPES.has(t)) assertKeyType(t, `types[${i}]`);
  }
  /* Precondition: orders is an array as long as types. */
  if (!Array.isArray(orders)) throw new TypeError(`orders must be an array, got ${describe(orders)}`);
  if (orders.length !== types.length) throw new RangeError(`orders must have ${types.length} entries (one per type), got ${orders.length}`);
  for (let i = 0; i < orders.length; i++) {
    const o: unknown = orders[i];
    /* Precondition: each order is 'ASC' or 'DESC'. */
    if (o !== 'ASC' && o !== 'DESC') throw new TypeError(`orders[${i}] must be 'ASC' or 'DESC', got ${typeof o === 'string' ? JSON.stringify(o) : describe(o)}`);
  }
}

/**
 * Encodes a tuple of key components, each ascending or descending, so that byte order is
 * lexicographic tuple order. `values` may be shorter than `types`: the encoding of a prefix
 * tuple is a byte-prefix of, and sorts before, every longer tuple starting with it.
 * @param types - the CQL type of each component
 * @param orders - `'ASC'` or `'DESC'` per component (as long as `types`)
 * @param values - the first `values.length` components (at most `types.length`)
 * @returns a new byte string
 * @throws {@link TypeError} naming the type for a wrong JS type; {@link RangeError} for an
 *   out-of-range value, mismatched lengths or too many values
 * @example
 * const key = encodeCompositeKey(['text', 'timestamp'], ['ASC', 'DESC'], ['c1', new Date()]);
 * const prefix = encodeCompositeKey(['text', 'timestamp'], ['ASC', 'DESC'], ['c1']); // all of c1's rows
 */
export function encodeCompositeKey(types: readonly KeyType[], orders: readonly SortOrder[], values: readonly KeyValue[]): Uint8Array {
  assertShape(types, orders);
  /* Precondition: values is an array with at most one value per type. */
  if (!Array.isArray(values)) throw new TypeError(`values must be an array, got ${describe(values)}`);
  if (values.length > types.length) throw new RangeError(`values must have at most ${types.length} entries, got ${values.length}`);
  return writeComposite(types, orders, values, values.length);
}

/**
 * {@link encodeCompositeKey} of the first `count` of `values` (at most `types.length`), for a
 * caller whose types and orders are known to be valid (the key shape of a table schema,
 * `table/primary-key.ts`): they are not checked again on every key. Each value is still checked
 * against its type as {@link encodeCompositeKey} does.
 * @param types - valid key types
 * @param orders - `'ASC'` or `'DESC'` per type
 * @param values - the components (at least `count`)
 * @param count - how many components to encode
 * @returns a new byte string, the same as `encodeCompositeKey(types, orders, values.slice(0, count))`
 * @throws {@link TypeError} naming the type for a wrong JS type; {@link RangeError} for an out-of-range value
 * @example
 * const prefix = encodeTrustedCompositeKey(['text', 'timestamp'], ['ASC', 'DESC'], ['c1', new Date()], 1);
 */
export function encodeTrustedCompositeKey(types: readonly KeyType[], orders: readonly SortOrder[], values: readonly KeyValue[], count: number): Uint8Array {
  return writeComposite(types, orders, values, count);
}

function writeComposite(types: readonly KeyType[], orders: readonly SortOrder[], values: readonly KeyValue[], count: number): Uint8Array {
  const shared = !sharedSinkBusy;
  const sink = shared ? sharedSink : new Sink();
  sharedSinkBusy = true;
  try {
    for (let i = 0; i < count; i++) {
      const start = sink.length;
      writeComponent(sink, types[i] as KeyType, values[i] as KeyValue);
      if (orders[i] === 'DESC') sink.invertFrom(start);
    }
    return sink.finish();
  } finally {
    if (shared) {
      sink.reset(); // after a throw, what was written is zeroed too
      if (sink.capacity > SHARED_SINK_MAX) sharedSink = new Sink(256);
      sharedSinkBusy = false;
    }
  }
}

/**
 * Decodes a composite key made by {@link encodeCompositeKey} with the same types and orders.
 * @param types - the CQL type of each component
 * @param orders - `'ASC'` or `'DESC'` per component
 * @param bytes - the encoded key (possibly of a prefix tuple)
 * @returns the values of the components present, in order (fewer than `types` for a prefix)
 * @throws {@link TypeError}/{@link RangeError} for malformed arguments or bytes, or bytes left over
 * @example
 * decodeCompositeKey(['text', 'int'], ['ASC', 'DESC'], key); // ['c1', 7]
 */
export function decodeCompositeKey(types: readonly KeyType[], orders: readonly SortOrder[], bytes: Uint8Array): KeyValue[] {
  assertShape(types, orders);
  /* Precondition: bytes is a Uint8Array. */
  if (!isBytes(bytes)) throw new TypeError(`bytes must be a Uint8Array, got ${describe(bytes)}`);
  const out: KeyValue[] = [];
  const cur = new Cursor(bytes, 0, types[0] ?? 'blob');
  for (let i = 0; i < types.length && cur.pos < bytes.length; i++) {
    cur.mask = orders[i] === 'DESC' ? 0xff : 0;
    out.push(readComponent(cur, types[i] as KeyType));
  }
  if (cur.pos < bytes.length) throw new RangeError(`composite key has ${bytes.length - cur.pos} bytes after its ${types.length} components`);
  return out;
}

/**
 * The smallest byte string greater than every byte string that starts with `prefix`: the
 * exclusive upper bound of a prefix scan (`{ gte: prefix, lt: prefixEnd(prefix) }`).
 * @param prefix - the prefix
 * @returns a new byte string, or `undefined` when there is none (`prefix` empty or all `0xFF`)
 * @throws {@link TypeError} when `prefix` is not a Uint8Array
 * @example
 * prefixEnd(new Uint8Array([0x01, 0xff])); // Uint8Array [0x02]
 * prefixEnd(new Uint8Array([0xff]));       // undefined: scan to the end
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  /* Precondition: prefix is a Uint8Array. */
  if (!isBytes(prefix)) throw new TypeError(`prefix must be a Uint8Array, got ${describe(prefix)}`);
  let i = prefix.length - 1;
  while (i >= 0 && prefix[i] === 0xff) i--;
  if (i < 0) return undefined;
  const out = new Uint8Array(prefix.subarray(0, i + 1)); // a copy, even of a Buffer
  out[i] = (out[i] as number) + 1;
  return out;
}

