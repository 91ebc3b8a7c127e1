/**
 * Properties of the key codec (STYLE.md §25): per type, decode(encode(x)) = x and the byte
 * order of encodings is the logical CQL order; for random tuples with random ASC/DESC orders,
 * the byte order is the tuple order and prefixes behave. Every logical order here is written
 * independently of the codec (Buffer.compare of UTF-8, BigInt arithmetic for decimals, the
 * WHATWG URL serializer for IPv6, Date for calendar days; frozen collections element by
 * element, a prefix first, map entries by key then value). Random frozen collection types,
 * nested, are key types like the scalars in every property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCompositeKey,
  decodeKeyComponent,
  encodeCompositeKey,
  encodeKeyComponent,
  encodeTrustedCompositeKey,
  prefixEnd,
  type KeyCollectionType,
  type KeyScalarType,
  type KeyType,
  type KeyValue,
  type SortOrder,
} from '../../src/storage/key-codec.js';
import { compareBytes } from '../../src/storage/kv/index.js';

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
const cmp = <T extends number | bigint | string>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);
const bytesCmp = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b);
const utf8Cmp = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

// ---- logical orders --------------------------------------------------------------------------

/** Java's Double.compare without the -0 < 0 distinction: NaN after everything, NaN == NaN. */
function floatCmp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return (Number.isNaN(a) ? 1 : 0) - (Number.isNaN(b) ? 1 : 0);
  return cmp(a, b);
}

/** A decimal as unscaled × 10^-scale, by BigInt. */
function decimalParts(text: string): { unscaled: bigint; scale: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`bad decimal ${text}`);
  const digits = `${m[2] ?? ''}${m[3] ?? ''}` || '0';
  const unscaled = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { unscaled, scale: (m[3] ?? '').length - Number(m[4] ?? '0') };
}

/** Numeric value, then text bytes. */
function decimalCmp(a: string, b: string): number {
  const x = decimalParts(a);
  const y = decimalParts(b);
  const s = Math.max(x.scale, y.scale);
  const c = cmp(x.unscaled * 10n ** BigInt(s - x.scale), y.unscaled * 10n ** BigInt(s - y.scale));
  return c !== 0 ? c : utf8Cmp(a, b);
}

/** Version, then (both version 1) the 60-bit timestamp, then the raw bytes (= lowercase text). */
function uuidCmp(a: string, b: string, timeuuid: boolean): number {
  const version = (u: string) => Number.parseInt(u[14] as string, 16);
  const time = (u: string) => BigInt(`0x${u.slice(15, 18)}${u.slice(9, 13)}${u.slice(0, 8)}`);
  if (!timeuuid && version(a) !== version(b)) return cmp(version(a), version(b));
  if (version(a) === 1 && version(b) === 1 && time(a) !== time(b)) return cmp(time(a), time(b));
  return cmp(a, b);
}

/** IPv4 before IPv6, then bytes. */
function inetBytes(text: string): Uint8Array {
  if (!text.includes(':')) return Uint8Array.from([4, ...text.split('.').map(Number)]);
  const groups = new URL(`http://[${text}]`).hostname; // canonical already: expand it back
  const [head = '', tail = ''] = groups.slice(1, -1).split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const all = groups.includes('::') ? [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return Uint8Array.from([6, ...all.flatMap((g) => [Number.parseInt(g, 16) >> 8, Number.parseInt(g, 16) & 0xff])]);
}

const LOGICAL: Record<KeyScalarType, (a: KeyValue, b: KeyValue) => number> = {
  tinyint: (a, b) => cmp(a as number, b as number),
  smallint: (a, b) => cmp(a as number, b as number),
  int: (a, b) => cmp(a as number, b as number),
  bigint: (a, b) => cmp(a as bigint, b as bigint),
  counter: (a, b) => cmp(a as bigint, b as bigint),
  varint: (a, b) => cmp(a as bigint, b as bigint),
  float: (a, b) => floatCmp(a as number, b as number),
  double: (a, b) => floatCmp(a as number, b as number),
  decimal: (a, b) => decimalCmp(a as string, b as string),
  ascii: (a, b) => utf8Cmp(a as string, b as string),
  text: (a, b) => utf8Cmp(a as string, b as string),
  varchar: (a, b) => utf8Cmp(a as string, b as string),
  blob: (a, b) => bytesCmp(a as Uint8Array, b as Uint8Array),
  boolean: (a, b) => cmp(Number(a), Number(b)),
  timestamp: (a, b) => cmp((a as Date).getTime(), (b as Date).getTime()),
  date: (a, b) => cmp(a as string, b as string), // zero-padded YYYY-MM-DD: text order is day order
  time: (a, b) => cmp(a as bigint, b as bigint),
  uuid: (a, b) => uuidCmp(a as string, b as string, false),
  timeuuid: (a, b) => uuidCmp(a as string, b as string, true),
  inet: (a, b) => bytesCmp(inetBytes(a as string), inetBytes(b as string)),
};

/** Collections element by element (map entries: key, then value), a prefix first. */
function logical(type: KeyType): (a: KeyValue, b: KeyValue) => number {
  if (typeof type === 'string') return LOGICAL[type];
  return (a, b) => {
    const x = type.kind === 'map' ? [...(a as Map<KeyValue, KeyValue>)] : (a as KeyValue[]).map((e) => [e] as const);
    const y = type.kind === 'map' ? [...(b as Map<KeyValue, KeyValue>)] : (b as KeyValue[]).map((e) => [e] as const);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const [xk, xv] = x[i] as readonly KeyValue[];
      const [yk, yv] = y[i] as readonly KeyValue[];
      const c = sign(logical(type.kind === 'map' ? type.key : type.element)(xk as KeyValue, yk as KeyValue));
      if (c !== 0) return c;
      if (type.kind === 'map') {
        const d = sign(logical(type.value)(xv as KeyValue, yv as KeyValue));
        if (d !== 0) return d;
      }
    }
    return sign(x.length - y.length);
  };
}

// ---- value generators (normalised forms, biased to edges and ties) ----------------------------

const ints = (bits: number) => {
  const half = 2 ** (bits - 1);
  return fc.oneof(fc.integer({ min: -half, max: half - 1 }), fc.constantFrom(-half, -1, 0, 1, half - 1));
};
const int64 = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), -1n, 0n, 1n, 2n ** 63n - 1n));
const varint = fc.oneof(
  fc.bigInt({ min: -1000n, max: 1000n }),
  int64,
  fc.bigInt({ min: -(2n ** 1200n), max: 2n ** 1200n }),
  fc.tuple(fc.integer({ min: 0, max: 1100 }), fc.constantFrom(-1n, 0n, 1n), fc.boolean()).map(([k, d, neg]) => (neg ? -1n : 1n) * (2n ** BigInt(k) + d)),
);
const noNegZero = (x: number) => (Object.is(x, -0) ? 0 : x);
const float32 = fc.oneof(fc.float(), fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity, Number.NaN)).map(noNegZero);
const float64 = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, Infinity, -Infinity, Number.NaN, Number.MIN_VALUE)).map(noNegZero);
const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
const decimal = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '-'), digits(6), fc.option(digits(6), { nil: undefined }), fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }))
    .filter(([, i, f]) => i !== '' || (f !== undefined && f !== ''))
    .map(([s, i, f, e]) => `${s}${i}${f === undefined ? '' : `.${f}`}${e === undefined ? '' : `E${e >= 0 ? '+' : ''}${e}`}`),
  fc.constantFrom('0', '-0', '0.0', '1', '1.0', '1.00', '10', '1E+1', '0.1', '-1', '-1.0', '-0.1', '100', '1E+2'),
);
const smallText = fc.array(fc.constantFrom('\u0000', '\u0001', 'a', 'b', '\u00e9', '\uffff', '\u{1f600}'), { maxLength: 4 }).map((a) => a.join(''));
const text = fc.oneof(fc.string({ unit: 'binary' }), smallText);
const ascii = fc.oneof(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)) }), fc.array(fc.constantFrom('\u0000', '\u0001', 'a', '\u007f'), { maxLength: 4 }).map((a) => a.join('')));
const blob = fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.array(fc.constantFrom(0x00, 0x01, 0xff), { maxLength: 4 }).map((a) => Uint8Array.from(a)));
const timestamp = fc.oneof(fc.date({ noInvalidDate: true }), fc.integer({ min: -3, max: 3 }).map((ms) => new Date(ms)));
const date = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const time = fc.oneof(fc.bigInt({ min: 0n, max: 86_399_999_999_999n }), fc.constantFrom(0n, 1n, 86_399_999_999_999n));
const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const uuidText = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
/** Version-1 UUIDs whose timestamps and tails often collide. */
const timeuuid = fc
  .tuple(
    fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 60n - 1n }), fc.constantFrom(0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, 2n ** 60n - 1n)),
    fc.oneof(fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.constantFrom(new Uint8Array(8), new Uint8Array(8).fill(0xff))),
  )
  .map(([t, tail]) => {
    const th = t.toString(16).padStart(15, '0');
    return uuidText(`${th.slice(7)}${th.slice(3, 7)}1${th.slice(0, 3)}${hexOf(tail)}`);
  });
const uuid = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((u) => uuidText(hexOf(u))),
  fc.uuid({ version: [1, 4] }),
  timeuuid,
);
const ipv6Bytes = fc.array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 });
const inet = fc.oneof(
  fc.uint8Array({ minLength: 4, maxLength: 4 }).map((a) => a.join('.')),
  ipv6Bytes.map((groups) => new URL(`http://[${groups.map((g) => g.toString(16)).join(':')}]`).hostname.slice(1, -1)),
);

const VALUES: Record<KeyScalarType, fc.Arbitrary<KeyValue>> = {
  tinyint: ints(8),
  smallint: ints(16),
  int: ints(32),
  bigint: int64,
  counter: int64,
  varint,
  float: float32,
  double: float64,
  decimal,
  ascii,
  text,
  varchar: text,
  blob,
  boolean: fc.boolean(),
  timestamp,
  date,
  time,
  uuid,
  timeuuid,
  inet,
};
const TYPES = Object.keys(VALUES) as KeyScalarType[];

/** Scalars allowed inside a collection (all but counter). */
const ELEMENT_SCALARS = TYPES.filter((t) => t !== 'counter');

/** A frozen collection type nested at most `depth` more levels. */
function collectionType(depth: number): fc.Arbitrary<KeyCollectionType> {
  const element: fc.Arbitrary<KeyType> =
    depth <= 0
      ? fc.constantFrom(...ELEMENT_SCALARS)
      : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ELEMENT_SCALARS) }, { weight: 1, arbitrary: collectionType(depth - 1) });
  return fc.oneof(
    element.map((e): KeyCollectionType => ({ kind: 'list', element: e })),
    element.map((e): KeyCollectionType => ({ kind: 'set', element: e })),
    fc.tuple(element, element).map(([key, value]): KeyCollectionType => ({ kind: 'map', key, value })),
  );
}
const COLLECTION_TYPE = collectionType(2);

/**
 * Normalised values of a key type. Collection elements come from a pool of at most three
 * values, so that equal elements, shared prefixes and equal collections come up; a set is
 * sorted and without duplicates, a map's keys too.
 */
function valuesOf(type: KeyType): fc.Arbitrary<KeyValue> {
  if (typeof type === 'string') return VALUES[type];
  const pooled = (t: KeyType): fc.Arbitrary<KeyValue[]> =>
    fc.array(valuesOf(t), { minLength: 1, maxLength: 3 }).chain((pool) => fc.array(fc.constantFrom(...pool), { maxLength: 4 }));
  const sortUnique = <T>(xs: T[], key: (x: T) => KeyValue, t: KeyType): T[] => {
    const sorted = [...xs].sort((x, y) => logical(t)(key(x), key(y)));
    return sorted.filter((x, i) => i === 0 || logical(t)(key(sorted[i - 1] as T), key(x)) !== 0);
  };
  switch (type.kind) {
    case 'list':
      return pooled(type.element);
    case 'set':
      return pooled(type.element).map((xs) => sortUnique(xs, (x) => x, type.element));
    case 'map':
      // Values alternate between two, so that entries with equal keys and equal values come up.
      return fc
        .tuple(pooled(type.key), fc.array(valuesOf(type.value), { minLength: 2, maxLength: 2 }))
        .map(([keys, values]) => new Map(sortUnique(keys.map((k, i) => [k, values[i % 2] as KeyValue] as [KeyValue, KeyValue]), ([k]) => k, type.key)));
  }
}

/**
 * `b`, or a collection related to `a`: `a` itself, a prefix of `a`, or a prefix of `a` followed
 * by those elements of `b` that keep a set or map ascending.
 */
function relate(type: KeyType, a: KeyValue, b: KeyValue, choice: number, k: number): KeyValue {
  if (typeof type === 'string' || choice === 0) return b;
  if (choice === 1) return a;
  const entries = (v: KeyValue): [KeyValue, KeyValue | undefined][] =>
    type.kind === 'map' ? [...(v as Map<KeyValue, KeyValue>)] : (v as KeyValue[]).map((e) => [e, undefined]);
  const head = entries(a).slice(0, k % (entries(a).length + 1));
  let tail = choice === 2 ? [] : entries(b);
  const last = head[head.length - 1];
  if (type.kind !== 'list' && last !== undefined) tail = tail.filter(([e]) => logical(type.kind === 'map' ? type.key : type.element)(last[0], e) < 0);
  const all = [...head, ...tail];
  return type.kind === 'map' ? new Map(all as [KeyValue, KeyValue][]) : all.map(([e]) => e);
}

/** A type from `types` and two values of it, for collections often equal or sharing a prefix. */
function pairOf(types: fc.Arbitrary<KeyType>): fc.Arbitrary<{ type: KeyType; a: KeyValue; b: KeyValue }> {
  return types.chain((type) =>
    fc
      .tuple(valuesOf(type), valuesOf(type), fc.integer({ min: 0, max: 3 }), fc.nat())
      .map(([a, b, choice, k]) => ({ type, a, b: relate(type, a, b, choice, k) })),
  );
}

/** The CQL name of a key type, for test titles. */
function typeName(type: KeyType): string {
  if (typeof type === 'string') return type;
  return type.kind === 'map' ? `frozen<map<${typeName(type.key)}, ${typeName(type.value)}>>` : `frozen<${type.kind}<${typeName(type.element)}>>`;
}

/** A form `toEqual` compares exactly. */
function comparable(value: KeyValue): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (value instanceof Uint8Array) return `bytes(${hexOf(value)})`;
  if (Array.isArray(value)) return { list: value.map(comparable) };
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [comparable(k), comparable(v)]) };
  return value;
}

// ---- properties ------------------------------------------------------------------------------

const PER_TYPE: [string, fc.Arbitrary<KeyType>][] = [
  ...TYPES.map((t): [string, fc.Arbitrary<KeyType>] => [t, fc.constant(t)]),
  ['frozen collections', COLLECTION_TYPE],
];

describe.each(PER_TYPE)('%s (properties)', (_, types) => {
  it('decode(encode(x)) = x, consuming exactly the encoding, also at an offset', () => {
    fc.assert(
      fc.property(pairOf(types), fc.uint8Array({ maxLength: 3 }), ({ type, a: x }, junk) => {
        const bytes = encodeKeyComponent(type, x);
        const framed = Uint8Array.from([...junk, ...bytes, ...junk]);
        const { value, next } = decodeKeyComponent(type, framed, junk.length);
        expect(comparable(value)).toEqual(comparable(x));
        expect(next).toBe(junk.length + bytes.length);
      }),
    );
  });

  it('compareBytes of encodings has the sign of the logical order, reversed under DESC', () => {
    fc.assert(
      fc.property(pairOf(types), ({ type, a, b }) => {
        const order = sign(logical(type)(a, b));
        expect(sign(compareBytes(encodeKeyComponent(type, a), encodeKeyComponent(type, b))), `${typeName(type)}`).toBe(order);
        expect(sign(compareBytes(encodeCompositeKey([type], ['DESC'], [a]), encodeCompositeKey([type], ['DESC'], [b])))).toBe(-order || 0);
      }),
      { numRuns: 300 },
    );
  });

  it('no encoding is a proper prefix of another (components are self-delimiting)', () => {
    fc.assert(
      fc.property(pairOf(types), ({ type, a, b }) => {
        const x = encodeKeyComponent(type, a);
        const y = encodeKeyComponent(type, b);
        if (x.length < y.length) expect(hexOf(y.subarray(0, x.length))).not.toBe(hexOf(x));
        if (y.length < x.length) expect(hexOf(x.subarray(0, y.length))).not.toBe(hexOf(y));
      }),
    );
  });
});

describe('date (properties)', () => {
  it('encodes the day count of Date (days since 1970-01-01) plus 2^31, big-endian', () => {
    fc.assert(
      fc.property(date, (d) => {
        const days = Date.parse(`${d}T00:00:00Z`) / 86_400_000;
        expect(hexOf(encodeKeyComponent('date', d))).toBe((days + 2 ** 31).toString(16).padStart(8, '0'));
      }),
    );
  });
});

describe('inet (properties)', () => {
  it('accepts exactly the canonical IPv6 text of the WHATWG URL serializer', () => {
    fc.assert(
      fc.property(ipv6Bytes, (groups) => {
        const full = groups.map((g) => g.toString(16).padStart(4, '0')).join(':');
        const canonical = new URL(`http://[${full}]`).hostname.slice(1, -1);
        expect(decodeKeyComponent('inet', encodeKeyComponent('inet', canonical), 0).value).toBe(canonical);
        if (full !== canonical) expect(() => encodeKeyComponent('inet', full)).toThrow(RangeError);
      }),
    );
  });
});

// ---- composite keys --------------------------------------------------------------------------

interface Schema {
  types: KeyType[];
  orders: SortOrder[];
}

const componentType: fc.Arbitrary<KeyType> = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...TYPES) }, { weight: 1, arbitrary: COLLECTION_TYPE });

const schema: fc.Arbitrary<Schema> = fc
  .array(fc.tuple(componentType, fc.constantFrom<SortOrder>('ASC', 'DESC')), { minLength: 1, maxLength: 4 })
  .map((cols) => ({ types: cols.map(([t]) => t), orders: cols.map(([, o]) => o) }));

/** A schema and two tuples of it (each possibly a prefix) that often share leading components. */
const schemaAndPair = schema.chain((s) => {
  const full = fc.tuple(...s.types.map((t) => valuesOf(t)));
  return fc
    .record({
      a: full,
      b: full,
      shared: fc.integer({ min: 0, max: s.types.length }),
      lenA: fc.integer({ min: 0, max: s.types.length }),
      lenB: fc.integer({ min: 0, max: s.types.length }),
    })
    .map(({ a, b, shared, lenA, lenB }) => {
      const bb = [...a.slice(0, shared), ...b.slice(shared)];
      return { s, a: a.slice(0, lenA), b: bb.slice(0, lenB) };
    });
});

function tupleCmp(s: Schema, a: KeyValue[], b: KeyValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = sign(logical(s.types[i] as KeyType)(a[i] as KeyValue, b[i] as KeyValue));
    if (c !== 0) return s.orders[i] === 'DESC' ? -c : c;
  }
  return sign(a.length - b.length);
}

describe('composite keys (properties)', () => {
  it('compareBytes of encodings has the sign of the tuple order with per-component ASC/DESC', () => {
    fc.assert(
      fc.property(schemaAndPair, ({ s, a, b }) => {
        const x = encodeCompositeKey(s.types, s.orders, a);
        const y = encodeCompositeKey(s.types, s.orders, b);
        expect(sign(compareBytes(x, y))).toBe(tupleCmp(s, a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('decodeCompositeKey(encodeCompositeKey(t)) = t for full and prefix tuples', () => {
    fc.assert(
      fc.property(schemaAndPair, ({ s, a }) => {
        const back = decodeCompositeKey(s.types, s.orders, encodeCompositeKey(s.types, s.orders, a));
        expect(back.map(comparable)).toEqual(a.map(comparable));
      }),
      { numRuns: 500 },
    );
  });

  it('a prefix tuple encodes to a byte-prefix of the full tuple, and a tuple lies in [enc(p), prefixEnd(enc(p))) exactly when it extends p', () => {
    fc.assert(
      fc.property(schemaAndPair, fc.nat(), ({ s, a, b }, k) => {
        const p = a.slice(0, a.length === 0 ? 0 : k % (a.length + 1));
        const pe = encodeCompositeKey(s.types, s.orders, p);
        const ae = encodeCompositeKey(s.types, s.orders, a);
        expect(hexOf(ae.subarray(0, pe.length))).toBe(hexOf(pe));
        const be = encodeCompositeKey(s.types, s.orders, b);
        const extendsP = b.length >= p.length && p.every((v, i) => logical(s.types[i] as KeyType)(v, b[i] as KeyValue) === 0);
        const end = prefixEnd(pe);
        const inside = compareBytes(pe, be) <= 0 && (end === undefined || compareBytes(be, end) < 0);
        expect(inside).toBe(extendsP);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodeTrustedCompositeKey (property)', () => {
  it('encodes the first n values as encodeCompositeKey encodes them, or throws the same error', () => {
    const outcome = (fn: () => Uint8Array): string => {
      try {
        return hexOf(fn());
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    fc.assert(
      fc.property(schemaAndPair, fc.nat(), fc.constantFrom<unknown>(undefined, null, 'x', 1, 1n, 1.5, new Uint8Array(1)), ({ s, a }, k, stray) => {
        const n = a.length === 0 ? 0 : k % (a.length + 1);
        expect(outcome(() => encodeTrustedCompositeKey(s.types, s.orders, a, n))).toBe(outcome(() => encodeCompositeKey(s.types, s.orders, a.slice(0, n))));
        // A value of the wrong JS type is refused with the same error.
        const wrong = [...a.slice(0, n), stray as KeyValue];
        if (wrong.length <= s.types.length) expect(outcome(() => encodeTrustedCompositeKey(s.types, s.orders, wrong, wrong.length))).toBe(outcome(() => encodeCompositeKey(s.types, s.orders, wrong)));
      }),
      { numRuns: 1000 },
    );
  });

  it('escapes every 0x00 of long text, in whatever order (ASC or DESC)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\u0000', 'a', '\u00e9', '\u{1f600}'), maxLength: 200 }), fc.constantFrom<SortOrder>('ASC', 'DESC'), (text, order) => {
        const expected: number[] = [];
        for (const b of Buffer.from(text, 'utf8')) expected.push(...(b === 0 ? [0, 0xff] : [b]));
        expected.push(0, 1);
        const bytes = Uint8Array.from(expected, (b) => (order === 'DESC' ? b ^ 0xff : b));
        expect(hexOf(encodeTrustedCompositeKey(['text'], [order], [text], 1))).toBe(hexOf(bytes));
      }),
    );
  });
});

describe('prefixEnd (properties)', () => {
  const bytes = fc.array(fc.constantFrom(0x00, 0x01, 0xfe, 0xff), { maxLength: 5 }).map((a) => Uint8Array.from(a));
  it('is above every extension of the prefix and at or below every greater string that does not extend it', () => {
    fc.assert(
      fc.property(bytes, bytes, (p, q) => {
        const end = prefixEnd(p);
        const extendsP = q.length >= p.length && hexOf(q.subarray(0, p.length)) === hexOf(p);
        if (end === undefined) {
          expect([...p].every((x) => x === 0xff)).toBe(true);
          if (bytesCmp(q, p) >= 0) expect(extendsP).toBe(true);
          return;
        }
        if (extendsP) expect(bytesCmp(q, end)).toBeLessThan(0);
        else if (bytesCmp(q, p) > 0) expect(bytesCmp(q, end)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});
