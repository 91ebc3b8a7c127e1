/**
 * @module test/table/arbitraries
 * fast-check arbitraries of CQL types and of normalised values (src/table/values.ts), for the
 * table layer's property tests and for other layers' model tests.
 *
 * - {@link arbitraryCqlType} — any canonical type: scalars, collections, frozen collections,
 *   nested up to `maxDepth`.
 * - {@link arbitraryKeyType} — a type a primary-key column can have: a scalar (no counter) or a
 *   frozen collection, nested up to `maxDepth`.
 * - {@link arbitraryValue} — a normalised, non-null value of a type: `normalizeValue(type, v)`
 *   returns an equal value and `decodeValue(type, encodeValue(type, v))` gives it back.
 */
import fc from 'fast-check';
import { compareValues, CQL_SCALAR_NAMES, normalizeValue } from '../../src/table/index.js';
import type { CqlScalarName, CqlType, CqlValue } from '../../src/table/index.js';

/** Every scalar type except `counter`, which may not appear in keys or collections. */
export const NON_COUNTER_SCALARS: readonly CqlScalarName[] = CQL_SCALAR_NAMES.filter((n) => n !== 'counter');

/** Options of {@link arbitraryCqlType}. */
export interface TypeOptions {
  /** Deepest nesting of collections (0 = scalars only). Default 3. */
  maxDepth?: number;
  /** Whether a top-level `counter` may come out. Default true. */
  counter?: boolean;
  /** Whether a top-level non-frozen collection may come out. Default true. */
  multiCell?: boolean;
}

/**
 * A scalar type.
 * @param counter - whether `counter` is allowed
 */
export function arbitraryScalarType(counter = false): fc.Arbitrary<CqlType> {
  const names = counter ? [...NON_COUNTER_SCALARS, 'counter' as const] : NON_COUNTER_SCALARS;
  return fc.constantFrom(...names).map((kind): CqlType => ({ kind }));
}

/**
 * A type a primary-key column can have (what `storage/key-codec.ts` encodes): a scalar other
 * than counter, or (one time in four) a frozen collection nested up to `maxDepth` levels.
 * @param maxDepth - deepest nesting of collections (0 = scalars only). Default 2.
 */
export function arbitraryKeyType(maxDepth = 2): fc.Arbitrary<CqlType> {
  if (maxDepth <= 0) return arbitraryScalarType(false);
  return fc.oneof(
    { weight: 3, arbitrary: arbitraryScalarType(false) },
    { weight: 1, arbitrary: collectionType(maxDepth - 1).map((inner): CqlType => ({ kind: 'frozen', inner })) },
  );
}

function elementType(depth: number): fc.Arbitrary<CqlType> {
  if (depth <= 0) return arbitraryScalarType(false);
  return fc.oneof(
    { weight: 3, arbitrary: arbitraryScalarType(false) },
    { weight: 1, arbitrary: collectionType(depth - 1).map((inner): CqlType => ({ kind: 'frozen', inner })) },
  );
}

function collectionType(depth: number): fc.Arbitrary<CqlType> {
  const element = elementType(depth);
  return fc.oneof(
    element.map((e): CqlType => ({ kind: 'list', element: e })),
    element.map((e): CqlType => ({ kind: 'set', element: e })),
    fc.tuple(element, element).map(([key, value]): CqlType => ({ kind: 'map', key, value })),
  );
}

/**
 * A canonical CQL type: `parseCqlType(formatCqlType(t))` deep-equals `t`.
 * @param options - nesting depth and which top-level kinds may appear
 */
export function arbitraryCqlType(options: TypeOptions = {}): fc.Arbitrary<CqlType> {
  const { maxDepth = 3, counter = true, multiCell = true } = options;
  const choices: fc.WeightedArbitrary<CqlType>[] = [{ weight: 4, arbitrary: arbitraryScalarType(counter) }];
  if (maxDepth > 0) {
    choices.push({ weight: 2, arbitrary: collectionType(maxDepth - 1).map((inner): CqlType => ({ kind: 'frozen', inner })) });
    if (multiCell) choices.push({ weight: 2, arbitrary: collectionType(maxDepth - 1) });
  }
  return fc.oneof(...choices);
}

/** Lowercase hex of bytes. */
function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function uuidText(bytes: Uint8Array): string {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Canonical decimal text of ±digits × 10^-scale, built independently of the implementation. */
function decimalText(negative: boolean, magnitude: bigint, scale: number): string {
  const digits = magnitude.toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative && magnitude !== 0n ? `-${text}` : text;
}

const INT_RANGES = { tinyint: 8, smallint: 16, int: 32 } as const;

function scalarValue(kind: CqlScalarName): fc.Arbitrary<CqlValue> {
  switch (kind) {
    case 'ascii':
      return fc.string({ unit: 'binary-ascii', maxLength: 12 });
    case 'text':
    case 'varchar':
      return fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const half = 2 ** (INT_RANGES[kind] - 1);
      return fc.integer({ min: -half, max: half - 1 });
    }
    case 'bigint':
    case 'counter':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'varint':
      return fc.oneof(fc.bigInt({ min: -300n, max: 300n }), fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }));
    case 'float':
      return fc.float().map((x) => x + 0);
    case 'double':
      return fc.double().map((x) => x + 0);
    case 'decimal':
      return fc
        .tuple(fc.boolean(), fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 10n ** 40n })), fc.nat({ max: 12 }))
        .map(([negative, magnitude, scale]) => decimalText(negative, magnitude, scale));
    case 'boolean':
      return fc.boolean();
    case 'blob':
      return fc.uint8Array({ maxLength: 24 });
    case 'timestamp':
      return fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true });
    case 'date':
      // 0001-01-01 .. 9999-12-31
      return fc.integer({ min: -719_162, max: 2_932_896 }).map((days) => new Date(days * 86_400_000).toISOString().slice(0, 10));
    case 'time':
      return fc.bigInt({ min: 0n, max: 86_399_999_999_999n });
    case 'uuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map(uuidText);
    case 'timeuuid':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
        b[6] = (b[6]! & 0x0f) | 0x10;
        return uuidText(b);
      });
    case 'inet':
      return fc.oneof(
        fc.ipV4(),
        // Eight groups, often zero so that '::' runs appear; normalised by the implementation.
        fc
          .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
          .map((groups) => normalizeValue({ kind: 'inet' }, groups.map((g) => g.toString(16)).join(':'), 'inet') as string),
      );
  }
}

/**
 * A normalised, non-null value of `type`. Non-frozen collections are never empty (an empty
 * one normalises to null); frozen ones may be.
 * @param type - a canonical type
 */
export function arbitraryValue(type: CqlType): fc.Arbitrary<CqlValue> {
  return value(type, false);
}

function value(type: CqlType, frozen: boolean): fc.Arbitrary<CqlValue> {
  const minLength = frozen ? 0 : 1;
  switch (type.kind) {
    case 'frozen':
      return value(type.inner, true);
    case 'list':
      return fc.array(value(type.element, true), { minLength, maxLength: 4 });
    case 'set':
      return fc.array(value(type.element, true), { minLength, maxLength: 4 }).map((xs) => {
        const sorted = [...xs].sort((a, b) => compareValues(type.element, a, b));
        return sorted.filter((x, i) => i === 0 || compareValues(type.element, sorted[i - 1]!, x) !== 0);
      });
    case 'map':
      return fc.array(fc.tuple(value(type.key, true), value(type.value, true)), { minLength, maxLength: 4 }).map((pairs) => {
        const sorted = [...pairs].sort((a, b) => compareValues(type.key, a[0], b[0]));
        const unique = sorted.filter((p, i) => i === 0 || compareValues(type.key, sorted[i - 1]![0], p[0]) !== 0);
        return new Map(unique);
      });
    default:
      return scalarValue(type.kind);
  }
}

/** A type together with a normalised value of it. */
export function arbitraryTypedValue(options: TypeOptions = {}): fc.Arbitrary<{ type: CqlType; value: CqlValue }> {
  return arbitraryCqlType(options).chain((type) => arbitraryValue(type).map((v) => ({ type, value: v })));
}
