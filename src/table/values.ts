/**
 * @module table/values
 * The JS value of every CQL type: what a caller may pass in, the one normalised form sealtable
 * stores and returns, and the CQL order of values (CQL 3.4 "Data Types"; Cassandra's
 * `AbstractType` comparators, with the deviations below chosen to match the order-preserving
 * key codec of `storage/key-codec.ts`). This mapping is a public contract.
 *
 * | CQL type | accepted input | normalised value |
 * |---|---|---|
 * | `ascii` | string of characters U+0000..U+007F | the string |
 * | `text`, `varchar` | well-formed string (no lone surrogates) | the string |
 * | `tinyint`, `smallint`, `int` | integer `number` or `bigint` in the 8/16/32-bit signed range | `number` (`-0` becomes `0`) |
 * | `bigint`, `counter` | `bigint`, safe-integer `number`, or integer string, in the 64-bit signed range | `bigint` |
 * | `varint` | `bigint`, safe-integer `number`, or integer string (unbounded) | `bigint` |
 * | `float` | `number` | `Math.fround(x)` (float32; `-0` becomes `0`) |
 * | `double` | `number` (NaN and ±Infinity included) | the number (`-0` becomes `0`) |
 * | `decimal` | finite `number`, or decimal string (`'12.340'`, `'-.5'`, `'1.5e3'`) | canonical plain text: no exponent, no `+`, no leading zeros, the scale (fraction digits) kept: `'12.340'`, `'-0.5'`, `'1500'` |
 * | `boolean` | `boolean` | the boolean |
 * | `blob` | `Uint8Array` (a `Buffer` too) | a copy, as a plain `Uint8Array` |
 * | `timestamp` | valid `Date`; integer `number` of ms since the epoch; ISO 8601 string (`'2026-01-01'`, `'2026-01-01T10:00:00.123Z'`, `'2026-01-01 10:00:00+0100'`; no zone = UTC; digits below the millisecond dropped) | a new `Date`, ms precision, within ±8.64e15 ms |
 * | `date` | `'YYYY-MM-DD'` string; `Date` at UTC midnight | `'YYYY-MM-DD'`, years 0001..9999 |
 * | `time` | `bigint` ns since midnight; `'HH:MM:SS[.fffffffff]'` string | `bigint` in `[0, 86_400_000_000_000)` |
 * | `uuid` | `'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'`, any case | lowercase string |
 * | `timeuuid` | as `uuid`, version 1 | lowercase string |
 * | `inet` | IPv4 dotted quad, IPv6 text (no zone id) | IPv4 dotted quad; IPv6 in RFC 5952 §4 text (lowercase, `::` for the first longest zero run, no embedded IPv4); an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) becomes IPv4, as Java's `InetAddress` makes it in Cassandra |
 * | `list<T>` | array | array of normalised elements |
 * | `set<T>` | array or `Set` | array sorted in the CQL order of `T`, duplicates removed |
 * | `map<K, V>` | `Map`; a plain object when `K` is `ascii`, `text` or `varchar` | `Map` whose entries are sorted in the CQL order of `K`; of equal keys the last one given wins |
 * | `frozen<T>` | as `T` | as `T` |
 *
 * `null` and `undefined` normalise to `null`: CQL null, no value. Collections never contain
 * null ("null is not supported inside collections"). An empty non-frozen collection normalises
 * to `null`, because Cassandra stores it as no cells at all; an empty frozen collection is a
 * value.
 *
 * **Order** ({@link compareValues}): numbers numerically, `NaN` after `+Infinity` and equal to
 * itself; text by code point (which is UTF-8 byte order); blobs by unsigned bytes; `false` <
 * `true`; `timestamp`, `date`, `time` chronologically; `uuid` by version, then (version 1) by
 * timestamp, then by unsigned bytes; `timeuuid` by timestamp then unsigned bytes (Cassandra
 * compares the last 8 bytes as signed bytes; sealtable's keys compare them unsigned); `inet`
 * IPv4 before IPv6, then by bytes (Cassandra compares the raw bytes only); `decimal`
 * numerically, then numerically equal values by their text (`'1.0'` < `'1.00'`: Cassandra
 * treats them as equal; sealtable keeps the scale, as Java's `BigDecimal.equals` does);
 * collections element by element, a prefix first (maps: key, then value). `null` sorts before
 * every value.
 */
import { isIP } from 'node:net';
import { ValidationException } from '../common/errors.js';
import { formatCqlType } from './cql-type.js';
import type { CqlType } from './cql-type.js';
import { MAX_DECIMAL_SCALE, MAX_TIMESTAMP_MS, MS_PER_DAY, NANOS_PER_DAY } from './constants.js';
import { formatIpv6 } from '../storage/key-codec.js';

/** A normalised CQL value (see the module summary for each type's form). */
export type CqlValue = string | number | bigint | boolean | Uint8Array | Date | null | CqlValue[] | Map<CqlValue, CqlValue>;

/**
 * Checks `value` against `type` and returns its normalised form (module summary).
 * @param type - the column's type
 * @param value - user input; `null` or `undefined` for no value
 * @param column - the column name, for error messages
 * @returns the normalised value, or `null`
 * @throws {@link ValidationException} naming the column, the expected type and the value given,
 *   when the value does not fit the type
 * @throws {@link TypeError} when `column` is not a string or `type` is not a {@link CqlType}
 * @example
 * normalizeValue(parseCqlType('set<int>'), [3, 1, 3], 'tags'); // [1, 3]
 * normalizeValue(parseCqlType('decimal'), '012.340', 'price'); // '12.340'
 * normalizeValue(parseCqlType('int'), 2 ** 31, 'n'); // throws ValidationException
 */
export function normalizeValue(type: CqlType, value: unknown, column: string): CqlValue {
  if (typeof column !== 'string') throw new TypeError(`column must be a string, got ${typeof column}`);
  assertType(type);
  if (value === null || value === undefined) return null;
  return normalize(type, value, column, false);
}

/**
 * Compares two normalised values of one type in CQL order (module summary).
 * @param type - the values' type
 * @param a - a normalised value or null
 * @param b - a normalised value or null
 * @returns a negative number, zero or a positive number as `a` sorts before, with or after `b`
 * @throws {@link TypeError} when a value is not a normalised value of `type`
 * @example
 * compareValues({ kind: 'text' }, 'Z', 'a'); // < 0 ('Z' is U+005A)
 */
export function compareValues(type: CqlType, a: CqlValue, b: CqlValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return compare(type, a, b);
}

/**
 * Whether two normalised values of one type are the same CQL value: `compareValues(...) === 0`.
 * @param type - the values' type
 * @param a - a normalised value or null
 * @param b - a normalised value or null
 * @returns true when they are equal in CQL order
 * @throws {@link TypeError} when a value is not a normalised value of `type`
 * @example
 * valuesEqual({ kind: 'timestamp' }, new Date(5), new Date(5)); // true
 */
export function valuesEqual(type: CqlType, a: CqlValue, b: CqlValue): boolean {
  return compareValues(type, a, b) === 0;
}

// ---------------------------------------------------------------------------------------------
// Normalisation

function normalize(type: CqlType, v: unknown, path: string, frozen: boolean): CqlValue {
  assertType(type);
  switch (type.kind) {
    case 'frozen':
      return normalize(type.inner, v, path, true);
    case 'list': {
      if (!Array.isArray(v)) return invalid(path, type, 'a list (an array)', v);
      const out = Array.from(v, (e: unknown, i) => element(type.element, e, `${path}[${i}]`));
      return out.length === 0 && !frozen ? null : out;
    }
    case 'set': {
      if (!Array.isArray(v) && !(v instanceof Set)) return invalid(path, type, 'a set (an array or a Set)', v);
      const elements = Array.from(v as Iterable<unknown>, (e, i) => element(type.element, e, `${path}[${i}]`));
      const out = sortUnique(type.element, elements);
      return out.length === 0 && !frozen ? null : out;
    }
    case 'map': {
      const textKeys = type.key.kind === 'text' || type.key.kind === 'varchar' || type.key.kind === 'ascii';
      let entries: [unknown, unknown][];
      if (v instanceof Map) entries = [...(v as Map<unknown, unknown>)];
      else if (textKeys && isPlainObject(v)) entries = Object.entries(v);
      else return invalid(path, type, textKeys ? 'a map (a Map or a plain object)' : 'a map (a Map)', v);
      const normalized = entries.map(([k, e]): [CqlValue, CqlValue] => {
        const kk = element(type.key, k, `${path} key`);
        return [kk, element(type.value, e, `${path}[${describe(kk)}]`)];
      });
      // Stable sort, then keep the last of each run of equal keys.
      normalized.sort((x, y) => compare(type.key, x[0], y[0]));
      const out = new Map<CqlValue, CqlValue>();
      for (let i = 0; i < normalized.length; i++) {
        const next = normalized[i + 1];
        const [k, e] = normalized[i]!;
        if (next === undefined || compare(type.key, k, next[0]) !== 0) out.set(k, e);
      }
      return out.size === 0 && !frozen ? null : out;
    }
    default:
      return normalizeScalar(type, v, path);
  }
}

function element(type: CqlType, v: unknown, path: string): CqlValue {
  if (v === null || v === undefined) {
    throw new ValidationException(`Invalid value for column ${path}: null is not supported inside collections`);
  }
  return normalize(type, v, path, true);
}

function sortUnique(type: CqlType, values: CqlValue[]): CqlValue[] {
  values.sort((x, y) => compare(type, x, y));
  return values.filter((x, i) => i === 0 || compare(type, values[i - 1]!, x) !== 0);
}

const INT_RANGES = {
  tinyint: [-128, 127],
  smallint: [-32_768, 32_767],
  int: [-2_147_483_648, 2_147_483_647],
} as const;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function normalizeScalar(type: CqlType, v: unknown, path: string): CqlValue {
  switch (type.kind) {
    case 'ascii':
      if (typeof v !== 'string') return invalid(path, type, 'an ASCII string', v);
      // eslint-disable-next-line no-control-regex
      if (!/^[\x00-\x7f]*$/.test(v)) return invalid(path, type, 'an ASCII string (characters U+0000 to U+007F)', v);
      return v;
    case 'text':
    case 'varchar':
      if (typeof v !== 'string') return invalid(path, type, 'a string', v);
      if (!isWellFormed(v)) return invalid(path, type, 'a well-formed Unicode string (no lone surrogates)', v);
      return v;
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const [min, max] = INT_RANGES[type.kind];
      const expected = `an integer from ${min} to ${max}`;
      if (typeof v === 'bigint') return v >= BigInt(min) && v <= BigInt(max) ? Number(v) : invalid(path, type, expected, v);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return invalid(path, type, expected, v);
      return v + 0; // -0 → 0
    }
    case 'bigint':
    case 'counter': {
      const n = toBigInt(v);
      if (n === undefined || n < INT64_MIN || n > INT64_MAX) {
        return invalid(path, type, 'a 64-bit integer (a bigint, a safe integer or an integer string)', v);
      }
      return n;
    }
    case 'varint': {
      const n = toBigInt(v);
      return n === undefined ? invalid(path, type, 'an integer (a bigint, a safe integer or an integer string)', v) : n;
    }
    case 'float':
      if (typeof v !== 'number') return invalid(path, type, 'a number', v);
      return Math.fround(v) + 0;
    case 'double':
      if (typeof v !== 'number') return invalid(path, type, 'a number', v);
      return v + 0;
    case 'decimal': {
      const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : undefined) : typeof v === 'string' ? v : undefined;
      const parsed = text === undefined ? undefined : parseDecimal(text);
      if (parsed === 'scale') {
        return invalid(path, type, `a decimal whose scale is within ±${MAX_DECIMAL_SCALE}`, v);
      }
      if (parsed === undefined) return invalid(path, type, "a finite number or a decimal string such as '-12.340'", v);
      return parsed;
    }
    case 'boolean':
      return typeof v === 'boolean' ? v : invalid(path, type, 'a boolean', v);
    case 'blob':
      return v instanceof Uint8Array ? new Uint8Array(v) : invalid(path, type, 'a Uint8Array', v);
    case 'timestamp': {
      let ms: number | undefined;
      if (v instanceof Date) ms = v.getTime();
      else if (typeof v === 'number') ms = Number.isInteger(v) ? v : undefined;
      else if (typeof v === 'string') ms = parseTimestamp(v);
      if (ms === undefined || Number.isNaN(ms) || Math.abs(ms) > MAX_TIMESTAMP_MS) {
        return invalid(path, type, 'a valid Date, integer milliseconds within ±8.64e15, or an ISO 8601 date-time string', v);
      }
      return new Date(ms + 0);
    }
    case 'date': {
      let days: number | undefined;
      if (typeof v === 'string') days = parseDate(v);
      else if (v instanceof Date && v.getTime() % MS_PER_DAY === 0) days = v.getTime() / MS_PER_DAY;
      if (days === undefined || days < MIN_DATE_DAYS || days > MAX_DATE_DAYS_SUPPORTED) {
        return invalid(path, type, "a 'YYYY-MM-DD' string or a Date at UTC midnight, years 0001 to 9999", v);
      }
      return formatDate(days);
    }
    case 'time': {
      const ns = typeof v === 'bigint' ? v : typeof v === 'string' ? parseTime(v) : undefined;
      if (ns === undefined || ns < 0n || ns >= NANOS_PER_DAY) {
        return invalid(path, type, "nanoseconds since midnight (a bigint from 0 to 86399999999999) or an 'HH:MM:SS[.fffffffff]' string", v);
      }
      return ns;
    }
    case 'uuid':
    case 'timeuuid': {
      if (typeof v !== 'string' || !UUID_PATTERN.test(v)) return invalid(path, type, "a UUID string 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'", v);
      if (type.kind === 'timeuuid' && v[14] !== '1') return invalid(path, type, 'a version 1 (time-based) UUID', v);
      return v.toLowerCase();
    }
    case 'inet': {
      const bytes = typeof v === 'string' ? inetToBytes(v) : undefined;
      return bytes === undefined ? invalid(path, type, 'an IPv4 or IPv6 address string', v) : inetFromBytes(bytes);
    }
    default:
      throw new TypeError(`type must be a CqlType, got kind ${String((type as { kind: unknown }).kind)}`);
  }
}

function invalid(path: string, type: CqlType, expected: string, got: unknown): never {
  throw new ValidationException(`Invalid value for column ${path} of type ${formatCqlType(type)}: expected ${expected}, got ${describe(got)}`);
}

/** A short description of a value for an error message (at most about 50 characters). */
function describe(v: unknown): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    case 'number':
      return Object.is(v, -0) ? '-0' : String(v);
    case 'bigint':
      return `${v.toString().length > 40 ? `${v.toString().slice(0, 40)}…` : v.toString()}n`;
    case 'boolean':
    case 'undefined':
      return String(v);
    case 'object':
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : `Date(${v.toISOString()})`;
      if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
      if (Array.isArray(v)) return `array(${v.length})`;
      if (v instanceof Map) return `Map(${v.size})`;
      if (v instanceof Set) return `Set(${v.size})`;
      return isPlainObject(v) ? 'object' : (v.constructor?.name ?? 'object');
    default:
      return typeof v;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * True when a string has no lone surrogate (ES2024 `String.prototype.isWellFormed`, native where
 * the runtime has it): what `text` and `varchar` values must be.
 * @param s - a string
 * @returns whether it is well-formed UTF-16
 * @example
 * isWellFormed('a\uD800'); // false
 */
export function isWellFormed(s: string): boolean {
  return nativeIsWellFormed === undefined ? !LONE_SURROGATE.test(s) : nativeIsWellFormed.call(s);
}

function toBigInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v)) return BigInt(v);
  return undefined;
}

// ---- decimal ----

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal as unscaled × 10^-scale. */
interface DecimalParts {
  unscaled: bigint;
  scale: number;
}

/**
 * The canonical text of decimal text, or `'scale'` when its scale is beyond
 * ±MAX_DECIMAL_SCALE, or undefined when it is not a decimal. String operations only: an
 * exponent of a million costs a million characters, not a million-digit multiplication.
 */
function parseDecimal(text: string): string | 'scale' | undefined {
  const m = DECIMAL_PATTERN.exec(text);
  if (m === null) return undefined;
  const [, sign = '', int = '', frac = '', exp] = m;
  if (int === '' && frac === '') return undefined;
  if (exp !== undefined && exp.replace(/^[+-]?0*/, '').length > 10) return 'scale';
  const scale = frac.length - (exp === undefined ? 0 : Number(exp));
  if (Math.abs(scale) > MAX_DECIMAL_SCALE) return 'scale';
  return decimalText(sign === '-', (int + frac).replace(/^0+/, ''), scale);
}

/** The canonical text of ±digits × 10^-scale, digits without leading zeros ('' for zero). */
function decimalText(negative: boolean, digits: string, scale: number): string {
  if (scale <= 0) return digits === '' ? '0' : `${negative ? '-' : ''}${digits}${'0'.repeat(-scale)}`;
  const padded = digits.padStart(scale + 1, '0');
  return `${negative && digits !== '' ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/**
 * The canonical text of unscaled × 10^-scale: no exponent, the scale kept as fraction digits,
 * a negative scale expanded into trailing zeros. Internal: shared with value-codec.ts.
 * @param unscaled - the unscaled value
 * @param scale - the scale (fraction digits; negative multiplies by a power of ten)
 * @returns the normalised `decimal` text
 * @example
 * formatDecimal(-5n, 1); // '-0.5'
 */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  return decimalText(negative, digits === '0' ? '' : digits, scale);
}

/**
 * The unscaled value and scale of a normalised decimal text. Internal: shared with value-codec.ts.
 * @param text - a normalised `decimal` value
 * @returns its unscaled value and scale
 * @throws {@link SyntaxError} when `text` is not a decimal
 * @example
 * decimalParts('12.340'); // { unscaled: 12340n, scale: 3 }
 */
export function decimalParts(text: string): DecimalParts {
  const point = text.indexOf('.');
  if (point < 0) return { unscaled: BigInt(text), scale: 0 };
  return { unscaled: BigInt(text.slice(0, point) + text.slice(point + 1)), scale: text.length - point - 1 };
}

function compareDecimal(a: string, b: string): number {
  const an = a.startsWith('-');
  const bn = b.startsWith('-');
  let c: number;
  if (an !== bn) c = an ? -1 : 1;
  else {
    const m = compareMagnitude(an ? a.slice(1) : a, bn ? b.slice(1) : b);
    c = an ? -m : m;
  }
  return c !== 0 ? c : a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two unsigned canonical decimal texts numerically. */
function compareMagnitude(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  const aInt = ai.replace(/^0+/, '');
  const bInt = bi.replace(/^0+/, '');
  if (aInt.length !== bInt.length) return aInt.length < bInt.length ? -1 : 1;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const aFrac = af.replace(/0+$/, '');
  const bFrac = bf.replace(/0+$/, '');
  return aFrac < bFrac ? -1 : aFrac > bFrac ? 1 : 0;
}

// ---- timestamp, date, time ----

const MIN_DATE_DAYS = -719_162; // 0001-01-01
const MAX_DATE_DAYS_SUPPORTED = 2_932_896; // 9999-12-31

const TIMESTAMP_PATTERN =
  /^(\d{4}|[+-]\d{6})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Milliseconds from the epoch of a valid proleptic Gregorian UTC date-time, or undefined. */
function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  // A day past the end of its month rolls over into the next one.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.getTime();
}

function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP_PATTERN.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  if (y === '-000000') return undefined;
  const base = utcMillis(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (base === undefined) return undefined;
  const millis = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  let offset = 0;
  if (sign !== undefined) {
    const hours = Number(oh);
    const minutes = Number(om ?? 0);
    if (hours > 23 || minutes > 59) return undefined;
    offset = (sign === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  return base + millis - offset;
}

function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const ms = utcMillis(Number(m[1]), Number(m[2]), Number(m[3]));
  return ms === undefined ? undefined : ms / MS_PER_DAY;
}

/**
 * Days from the epoch of a normalised `date` value. Internal: shared with value-codec.ts.
 * @param text - a normalised `date` value
 * @returns days since 1970-01-01 (negative before)
 * @throws {@link TypeError} when `text` is not a valid 'YYYY-MM-DD' date
 * @example
 * dateToDays('1970-01-02'); // 1
 */
export function dateToDays(text: string): number {
  const days = parseDate(text);
  if (days === undefined) throw new TypeError(`expected a normalised date 'YYYY-MM-DD', got ${describe(text)}`);
  return days;
}

/**
 * The normalised `date` value of a day number. Internal: shared with value-codec.ts.
 * @param days - days since 1970-01-01
 * @returns 'YYYY-MM-DD', or undefined outside years 0001..9999
 * @example
 * daysToDate(-1); // '1969-12-31'
 */
export function daysToDate(days: number): string | undefined {
  if (!Number.isInteger(days) || days < MIN_DATE_DAYS || days > MAX_DATE_DAYS_SUPPORTED) return undefined;
  return formatDate(days);
}

function formatDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

function parseTime(text: string): bigint | undefined {
  const m = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(text);
  if (m === null) return undefined;
  const [, h, mi, s, frac = ''] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  return ((BigInt(h!) * 60n + BigInt(mi!)) * 60n + BigInt(s!)) * 1_000_000_000n + BigInt(frac.padEnd(9, '0'));
}

// ---- uuid ----

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The 16 bytes of a UUID string. Internal: shared with value-codec.ts.
 * @param text - a UUID in 8-4-4-4-12 hex form, any case
 * @returns its bytes
 * @throws {@link TypeError} when `text` is not a UUID string
 * @example
 * uuidToBytes('00000000-0000-0000-0000-000000000001')[15]; // 1
 */
export function uuidToBytes(text: string): Uint8Array {
  if (typeof text !== 'string' || !UUID_PATTERN.test(text)) throw new TypeError(`expected a normalised uuid, got ${describe(text)}`);
  const hex = text.replaceAll('-', '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The lowercase text of 16 UUID bytes. Internal: shared with value-codec.ts.
 * @param bytes - 16 bytes
 * @returns the normalised `uuid` text
 * @example
 * uuidFromBytes(new Uint8Array(16)); // '00000000-0000-0000-0000-000000000000'
 */
export function uuidFromBytes(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Hex digits of a lowercase UUID in the order that sorts version-1 UUIDs by timestamp. */
function timeOrderedHex(u: string): string {
  // time_hi_and_version, time_mid, time_low, then clock_seq and node.
  return u.slice(14, 18) + u.slice(9, 13) + u.slice(0, 8) + u.slice(19, 23) + u.slice(24);
}

function compareUuid(a: string, b: string, timeBased: boolean): number {
  if (!timeBased) {
    const va = Number.parseInt(a[14]!, 16);
    const vb = Number.parseInt(b[14]!, 16);
    if (va !== vb) return va < vb ? -1 : 1;
    if (va !== 1) return compareStrings(a, b);
  }
  return compareStrings(timeOrderedHex(a), timeOrderedHex(b));
}

// ---- inet ----

const IPV4_PATTERN = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/**
 * The 4 or 16 bytes of an IP address in text. Internal: shared with value-codec.ts.
 * @param text - IPv4 dotted quad or IPv6 text, without a zone id
 * @returns the address bytes, or undefined when `text` is not an address
 * @example
 * inetToBytes('::1')?.length; // 16
 */
export function inetToBytes(text: string): Uint8Array | undefined {
  if (text.includes('%')) return undefined; // zone ids have no place in a CQL inet
  const family = isIP(text);
  if (family === 4) {
    const m = IPV4_PATTERN.exec(text);
    if (m === null) return undefined;
    const bytes = m.slice(1, 5).map(Number);
    return bytes.every((b) => b <= 255) ? Uint8Array.from(bytes) : undefined;
  }
  if (family !== 6) return undefined;
  const halves = text.split('::');
  const groups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else out.push(Number.parseInt(piece, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = halves.length === 2 ? [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  if (all.length !== 8) return undefined;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/**
 * The normalised text of 4 or 16 address bytes (module summary: IPv4-mapped becomes IPv4).
 * Internal: shared with value-codec.ts.
 * @param bytes - 4 or 16 bytes
 * @returns the normalised `inet` text
 * @throws {@link TypeError} when `bytes` has another length
 * @example
 * inetFromBytes(Uint8Array.of(10, 0, 0, 1)); // '10.0.0.1'
 */
export function inetFromBytes(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) throw new TypeError(`an inet address has 4 or 16 bytes, got ${bytes.length}`);
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return Array.from(bytes.subarray(12)).join('.');
  }
  return formatIpv6(bytes);
}

// ---------------------------------------------------------------------------------------------
// Order

function compare(type: CqlType, a: CqlValue, b: CqlValue): number {
  assertType(type);
  switch (type.kind) {
    case 'frozen':
      return compare(type.inner, a, b);
    case 'list':
    case 'set': {
      const x = expect(type, a, Array.isArray(a)) as CqlValue[];
      const y = expect(type, b, Array.isArray(b)) as CqlValue[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(type.element, x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return Math.sign(x.length - y.length);
    }
    case 'map': {
      const x = [...(expect(type, a, a instanceof Map) as Map<CqlValue, CqlValue>)];
      const y = [...(expect(type, b, b instanceof Map) as Map<CqlValue, CqlValue>)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(type.key, x[i]![0], y[i]![0]) || compareValues(type.value, x[i]![1], y[i]![1]);
        if (c !== 0) return c;
      }
      return Math.sign(x.length - y.length);
    }
    case 'ascii':
    case 'text':
    case 'varchar':
      return compareStrings(str(type, a), str(type, b));
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'float':
    case 'double':
      return compareNumbers(num(type, a), num(type, b));
    case 'bigint':
    case 'counter':
    case 'varint':
    case 'time': {
      const x = expect(type, a, typeof a === 'bigint') as bigint;
      const y = expect(type, b, typeof b === 'bigint') as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'decimal':
      return compareDecimal(str(type, a), str(type, b));
    case 'boolean':
      return Number(expect(type, a, typeof a === 'boolean')) - Number(expect(type, b, typeof b === 'boolean'));
    case 'blob':
      return compareBytes(expect(type, a, a instanceof Uint8Array) as Uint8Array, expect(type, b, b instanceof Uint8Array) as Uint8Array);
    case 'timestamp':
      return compareNumbers(
        (expect(type, a, a instanceof Date) as Date).getTime(),
        (expect(type, b, b instanceof Date) as Date).getTime(),
      );
    case 'date':
      return compareStrings(str(type, a), str(type, b)); // 'YYYY-MM-DD' with 4-digit years sorts as text
    case 'uuid':
    case 'timeuuid':
      return compareUuid(str(type, a).toLowerCase(), str(type, b).toLowerCase(), type.kind === 'timeuuid');
    case 'inet': {
      const x = inetToBytes(str(type, a));
      const y = inetToBytes(str(type, b));
      if (x === undefined || y === undefined) throw new TypeError(`expected normalised inet values, got ${describe(a)} and ${describe(b)}`);
      return x.length !== y.length ? x.length - y.length : compareBytes(x, y);
    }
    default:
      throw new TypeError(`type must be a CqlType, got kind ${String((type as { kind: unknown }).kind)}`);
  }
}

function assertType(type: unknown): asserts type is CqlType {
  if (typeof type !== 'object' || type === null || typeof (type as { kind?: unknown }).kind !== 'string') {
    throw new TypeError(`type must be a CqlType, got ${type === null ? 'null' : typeof type}`);
  }
}

function expect(type: CqlType, v: CqlValue, ok: boolean): CqlValue {
  if (!ok) throw new TypeError(`expected a normalised ${formatCqlType(type)} value, got ${describe(v)}`);
  return v;
}

function str(type: CqlType, v: CqlValue): string {
  return expect(type, v, typeof v === 'string') as string;
}

function num(type: CqlType, v: CqlValue): number {
  return expect(type, v, typeof v === 'number') as number;
}

/** Java's `Double.compare` without the sign of zero: NaN after +Infinity and equal to NaN. */
function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

/** Compares strings by code point, which is the order of their UTF-8 bytes. */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF: move them past U+FFFF.
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return Math.sign(a.length - b.length);
}
