import { describe, expect, it } from 'vitest';
import {
  decodeCompositeKey,
  decodeKeyComponent,
  encodeCompositeKey,
  encodeKeyComponent,
  prefixEnd,
  type KeyCollectionType,
  type KeyScalarType,
  type KeyType,
  type KeyValue,
  type SortOrder,
} from '../../src/storage/key-codec.js';
import { compareBytes } from '../../src/storage/kv/index.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));
const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

/** A version-1 UUID with the given 60-bit timestamp and clock_seq/node tail (16 hex digits). */
function v1(timestamp: bigint, tail = '8000000000000000'): string {
  const t = timestamp.toString(16).padStart(15, '0');
  return `${t.slice(7)}-${t.slice(3, 7)}-1${t.slice(0, 3)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** Values of each type listed in strictly ascending CQL order. */
const ASCENDING: Record<KeyScalarType, readonly KeyValue[]> = {
  tinyint: [-128, -127, -1, 0, 1, 127],
  smallint: [-32768, -256, -255, -1, 0, 1, 255, 256, 32767],
  int: [-2147483648, -65536, -1, 0, 1, 255, 256, 65536, 2147483647],
  bigint: [-(2n ** 63n), -(2n ** 32n), -1n, 0n, 1n, 2n ** 32n, 2n ** 63n - 1n],
  counter: [-(2n ** 63n), -1n, 0n, 1n, 2n ** 63n - 1n],
  varint: [
    -(2n ** 2100n),
    -(2n ** 1100n) - 1n,
    -(2n ** 1100n),
    -(2n ** 64n) - 1n,
    -(2n ** 64n),
    -(2n ** 64n) + 1n,
    -(2n ** 63n),
    -256n,
    -255n,
    -1n,
    0n,
    1n,
    127n,
    128n,
    255n,
    256n,
    2n ** 63n,
    2n ** 64n - 1n,
    2n ** 64n,
    2n ** 64n + 1n,
    2n ** (8n * 126n) - 1n, // the longest short form: 126 magnitude bytes
    2n ** (8n * 126n), // the shortest long form: 127 bytes
    2n ** 1100n,
    2n ** 1100n + 1n,
    2n ** 2100n, // a two-byte long length
  ],
  float: [-Infinity, -3.4028234663852886e38, -1, -1.401298464324817e-45, 0, 1.401298464324817e-45, 0.5, 1, 3.4028234663852886e38, Infinity, Number.NaN],
  double: [-Infinity, -Number.MAX_VALUE, -1, -Number.MIN_VALUE, 0, Number.MIN_VALUE, 0.1, 1, 2 ** 53, Number.MAX_VALUE, Infinity, Number.NaN],
  decimal: [
    '-1e400',
    '-1000.5',
    '-1000',
    '-999.99',
    '-12.34',
    '-12.340',
    '-1',
    '-0.001',
    '-1e-400',
    '-0.0',
    '0',
    '0.0',
    '0.00',
    '1e-400',
    '0.001',
    '0.1',
    '0.12',
    '0.123',
    '0.13',
    '1',
    '1.0',
    '1.00',
    '9.99',
    '10',
    '10.01',
    '12.34',
    '100',
    '1000',
    '1E+3',
    '1000.000001',
    '123456789012345678901234567890.5',
    '1e400',
  ],
  ascii: ['', '\u0000', '\u0000\u0000', '\u0000a', '\u0001', 'A', 'a', 'a\u0000', 'a\u0000\u0000', 'a\u0001', 'aa', 'ab', 'b', '\u007f'],
  // UTF-8 byte order: U+FFFF (ef bf bf) sorts before U+1F600 (f0 9f 98 80) although its UTF-16 code unit is larger.
  text: ['', '\u0000', 'a', 'a\u0000', 'a\u0000b', 'ab', 'b', '\u007f', '\u00e9', '\u0800', '\uffff', '\u{1f600}', '\u{10ffff}'],
  varchar: ['', 'a', 'a\u0000', 'ab'],
  blob: [b(), b(0), b(0, 0), b(0, 1), b(0, 0xff), b(1), b(1, 0), b(0x7f), b(0x80), b(0xff), b(0xff, 0), b(0xff, 0xff)],
  boolean: [false, true],
  timestamp: [new Date(-8.64e15), new Date(-86_400_000), new Date(-1), new Date(0), new Date(1), new Date(Date.UTC(2026, 0, 1)), new Date(8.64e15)],
  date: ['0001-01-01', '1582-10-04', '1582-10-15', '1900-02-28', '1900-03-01', '1969-12-31', '1970-01-01', '1970-01-02', '2000-02-29', '2000-03-01', '2024-02-29', '2024-03-01', '9999-12-31'],
  time: [0n, 1n, 999_999_999n, 43_200_000_000_000n, 86_399_999_999_999n],
  timeuuid: [
    v1(0n, '0000000000000000'),
    v1(0n, '8000000000000000'),
    v1(0n, 'ffffffffffffffff'),
    v1(0x1_ffff_ffffn), // time_low ffffffff: after it in raw bytes, before it by time
    v1(0x2_0000_0000n),
    v1(0x0001_0000_0000_0000n),
    v1(0x0fff_ffff_ffff_ffffn, '0000000000000000'),
    v1(0x0fff_ffff_ffff_ffffn, 'ffffffffffffffff'),
  ],
  uuid: [
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-0fff-ffff-ffffffffffff',
    v1(0n),
    v1(0x1_ffff_ffffn),
    v1(0x2_0000_0000n),
    v1(0x0fff_ffff_ffff_ffffn),
    '00000000-0000-4000-8000-000000000000',
    '00000000-0000-4000-8000-000000000001',
    '7fffffff-ffff-4fff-bfff-ffffffffffff',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
    '00000000-0000-5000-8000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ],
  inet: [
    '0.0.0.0',
    '1.2.3.4',
    '10.0.0.1',
    '127.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:102:304',
    '0:1::',
    '1::',
    '1::1',
    '1:0:0:1::1',
    '2001:db8::1',
    '2001:db8:0:1:1:1:1:1',
    'fe80::1:2',
    'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  ],
};

/** Decoded values in a form `toEqual` compares exactly (-0 vs 0, Dates by time, bytes by hex). */
function comparable(value: KeyValue): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (value instanceof Uint8Array) return `bytes(${hex(value)})`;
  if (Array.isArray(value)) return { list: value.map(comparable) };
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [comparable(k), comparable(v)]) };
  return value;
}

function roundTrip(type: KeyType, value: KeyValue): KeyValue {
  const bytes = encodeKeyComponent(type, value);
  const { value: back, next } = decodeKeyComponent(type, bytes, 0);
  expect(next).toBe(bytes.length);
  return back;
}

describe('encodeKeyComponent: known orders', () => {
  it.each(Object.entries(ASCENDING) as [KeyType, KeyValue[]][])('%s: byte order of the encodings is the listed CQL order', (type, values) => {
    const encoded = values.map((v) => encodeKeyComponent(type, v));
    for (let i = 1; i < encoded.length; i++) {
      expect(compareBytes(encoded[i - 1] as Uint8Array, encoded[i] as Uint8Array), `${String(comparable(values[i - 1] as KeyValue))} < ${String(comparable(values[i] as KeyValue))}`).toBeLessThan(0);
    }
    const shuffled = encoded.map((e, i) => [e, i] as const).reverse();
    shuffled.sort(([x], [y]) => compareBytes(x, y));
    expect(shuffled.map(([, i]) => i)).toEqual(values.map((_, i) => i));
  });

  it.each(Object.entries(ASCENDING) as [KeyType, KeyValue[]][])('%s: every listed value decodes to itself', (type, values) => {
    for (const v of values) expect(comparable(roundTrip(type, v))).toEqual(comparable(v));
  });

  it.each(Object.entries(ASCENDING) as [KeyType, KeyValue[]][])('%s: DESC reverses the order', (type, values) => {
    const encoded = values.map((v) => encodeCompositeKey([type], ['DESC'], [v]));
    for (let i = 1; i < encoded.length; i++) expect(compareBytes(encoded[i - 1] as Uint8Array, encoded[i] as Uint8Array)).toBeGreaterThan(0);
    for (const [i, e] of encoded.entries()) expect(comparable(decodeCompositeKey([type], ['DESC'], e)[0] as KeyValue)).toEqual(comparable(values[i] as KeyValue));
  });
});

describe('encodeKeyComponent: known encodings (the format is persistent)', () => {
  it.each([
    ['int', 0, '80000000'],
    ['int', -1, '7fffffff'],
    ['int', -2147483648, '00000000'],
    ['smallint', 1, '8001'],
    ['tinyint', -128, '00'],
    ['bigint', 0n, '8000000000000000'],
    ['bigint', -1n, '7fffffffffffffff'],
    ['varint', 0n, '80'],
    ['varint', 1n, '8101'],
    ['varint', 256n, '820100'],
    ['varint', -1n, '7ffe'],
    ['varint', -256n, '7efeff'],
    ['float', 1, 'bf800000'],
    ['float', -1, '407fffff'],
    ['float', Number.NaN, 'ffc00000'],
    ['double', 0, '8000000000000000'],
    ['double', Infinity, 'fff0000000000000'],
    ['double', Number.NaN, 'fff8000000000000'],
    ['decimal', '0', '80' + '30' + '0001'],
    ['decimal', '12.5', '81' + '8102' + '0d33' + '00' + '31322e35' + '0001'],
    ['decimal', '-12.5', '7f' + '7efd' + 'f2cc' + 'ff' + '2d31322e35' + '0001'],
    ['text', '', '0001'],
    ['text', 'a', '610001'],
    ['text', 'a\u0000b', '6100ff620001'],
    ['text', '\u00e9', 'c3a90001'],
    ['blob', b(0, 0xff), '00ffff0001'],
    ['boolean', false, '00'],
    ['boolean', true, '01'],
    ['timestamp', new Date(0), '8000000000000000'],
    ['timestamp', new Date(-1), '7fffffffffffffff'],
    ['date', '1970-01-01', '80000000'],
    ['date', '1969-12-31', '7fffffff'],
    ['date', '2024-02-29', '80004d46'],
    ['time', 1n, '0000000000000001'],
    ['timeuuid', '01234567-89ab-1cde-8f01-23456789abcd', '1cde89ab012345678f0123456789abcd'],
    ['uuid', '01234567-89ab-1cde-8f01-23456789abcd', '01' + '1cde89ab012345678f0123456789abcd'],
    ['uuid', '01234567-89ab-4cde-8f01-23456789abcd', '04' + '0123456789ab4cde8f0123456789abcd'],
    ['inet', '10.0.0.1', '04' + '0a000001'],
    ['inet', '::1', '06' + '00000000000000000000000000000001'],
  ] as [KeyType, KeyValue, string][])('%s %s → %s', (type, value, expected) => {
    expect(hex(encodeKeyComponent(type, value))).toBe(expected);
  });
});

describe('edge values', () => {
  it('-0 is stored as 0 and decodes to +0 (float and double)', () => {
    for (const type of ['float', 'double'] as const) {
      expect(hex(encodeKeyComponent(type, -0))).toBe(hex(encodeKeyComponent(type, 0)));
      expect(Object.is(roundTrip(type, -0), 0)).toBe(true);
    }
    expect(hex(encodeKeyComponent('int', -0))).toBe(hex(encodeKeyComponent('int', 0)));
    expect(Object.is(roundTrip('int', -0), 0)).toBe(true);
  });

  it('every NaN has the one canonical encoding, after +Infinity', () => {
    const payloadNaN = new Float64Array(new Uint32Array([1, 0xfff00000]).buffer)[0] as number;
    expect(Number.isNaN(payloadNaN)).toBe(true);
    expect(hex(encodeKeyComponent('double', payloadNaN))).toBe(hex(encodeKeyComponent('double', Number.NaN)));
    expect(compareBytes(encodeKeyComponent('double', Infinity), encodeKeyComponent('double', payloadNaN))).toBeLessThan(0);
    expect(Number.isNaN(roundTrip('float', Number.NaN) as number)).toBe(true);
  });

  it('the empty string and the empty blob sort first and round-trip', () => {
    expect(roundTrip('text', '')).toBe('');
    expect(roundTrip('blob', b())).toEqual(b());
    expect(compareBytes(encodeKeyComponent('text', ''), encodeKeyComponent('text', '\u0000'))).toBeLessThan(0);
    expect(compareBytes(encodeKeyComponent('blob', b()), encodeKeyComponent('blob', b(0)))).toBeLessThan(0);
  });

  it("a component ending never makes a shorter value sort after a longer one ('a' < 'a\\u0000' < 'ab')", () => {
    const [a, a0, ab] = ['a', 'a\u0000', 'ab'].map((s) => encodeKeyComponent('text', s)) as [Uint8Array, Uint8Array, Uint8Array];
    expect(compareBytes(a, a0)).toBeLessThan(0);
    expect(compareBytes(a0, ab)).toBeLessThan(0);
    // …also when followed by another component
    const t = (s: string, n: number) => encodeCompositeKey(['text', 'int'], ['ASC', 'ASC'], [s, n]);
    expect(compareBytes(t('a', 2147483647), t('a\u0000', -2147483648))).toBeLessThan(0);
    expect(compareBytes(t('a\u0000', 2147483647), t('ab', -2147483648))).toBeLessThan(0);
  });

  it('decoded blobs are fresh plain Uint8Arrays', () => {
    const bytes = encodeKeyComponent('blob', b(1, 2));
    const { value } = decodeKeyComponent('blob', Buffer.from(bytes), 0);
    expect((value as Uint8Array).constructor).toBe(Uint8Array);
    expect(value).toEqual(b(1, 2));
  });

  it('timestamps decode to Dates with the same time, before and after the epoch', () => {
    for (const ms of [-8.64e15, -1, 0, 1_767_225_600_123, 8.64e15]) {
      const back = roundTrip('timestamp', new Date(ms));
      expect(back).toBeInstanceOf(Date);
      expect((back as Date).getTime()).toBe(ms);
    }
  });

  it('leap days: 2000-02-29 and 2024-02-29 exist and are one day before March 1st', () => {
    const day = (s: string) => Number.parseInt(hex(encodeKeyComponent('date', s)), 16);
    expect(day('2000-03-01') - day('2000-02-29')).toBe(1);
    expect(day('2024-03-01') - day('2024-02-29')).toBe(1);
    expect(day('1900-03-01') - day('1900-02-28')).toBe(1);
    // Days since 1970-01-01, as Date counts them (proleptic Gregorian), offset by 2^31.
    expect(day('0001-01-01') - 2 ** 31).toBe(Date.parse('0001-01-01T00:00:00Z') / 86_400_000);
    expect(day('9999-12-31') - 2 ** 31).toBe(Date.parse('9999-12-31T00:00:00Z') / 86_400_000);
  });

  it('decimal text is returned exactly as given, numerically equal ones kept apart', () => {
    for (const d of ['-12.340', '1.0', '1.00', '1E+3', '-0', '0.000', '5.', '.5', '+7']) expect(roundTrip('decimal', d)).toBe(d);
    expect(hex(encodeKeyComponent('decimal', '1.0'))).not.toBe(hex(encodeKeyComponent('decimal', '1.00')));
  });
});

describe('composite keys', () => {
  const types: KeyType[] = ['text', 'int', 'timestamp'];
  const orders: SortOrder[] = ['ASC', 'DESC', 'ASC'];

  it('round-trip full and prefix tuples, with DESC components', () => {
    const full: KeyValue[] = ['c1', -5, new Date(1000)];
    const key = encodeCompositeKey(types, orders, full);
    const back = decodeCompositeKey(types, orders, key);
    expect(back.map(comparable)).toEqual(full.map(comparable));
    expect(decodeCompositeKey(types, orders, encodeCompositeKey(types, orders, ['c1']))).toEqual(['c1']);
    expect(decodeCompositeKey(types, orders, encodeCompositeKey(types, orders, []))).toEqual([]);
    expect(encodeCompositeKey(types, orders, [])).toHaveLength(0);
  });

  it('a DESC component inverts every byte of its encoding, terminator included', () => {
    const asc = encodeCompositeKey(['text'], ['ASC'], ['ab']);
    const desc = encodeCompositeKey(['text'], ['DESC'], ['ab']);
    expect(hex(asc)).toBe('61620001');
    expect(hex(desc)).toBe('9e9dfffe');
  });

  it('orders tuples lexicographically, each component in its direction', () => {
    const tuples: KeyValue[][] = [
      ['a', 5, new Date(0)],
      ['a', 5, new Date(1)],
      ['a', 1, new Date(-1)],
      ['a', 1, new Date(0)],
      ['a', -1],
      ['a', -1, new Date(0)],
      ['a\u0000', 2147483647, new Date(0)],
      ['ab', 0],
      ['b'],
      ['b', 2147483647],
      ['b', -2147483648],
    ];
    const encoded = tuples.map((t) => encodeCompositeKey(types, orders, t));
    for (let i = 1; i < encoded.length; i++) expect(compareBytes(encoded[i - 1] as Uint8Array, encoded[i] as Uint8Array), `tuple ${i - 1} < tuple ${i}`).toBeLessThan(0);
  });

  it('a prefix tuple is a byte-prefix of, and sorts before, every tuple extending it, even with DESC components', () => {
    for (const o of [['ASC', 'ASC', 'ASC'], ['DESC', 'DESC', 'DESC'], ['ASC', 'DESC', 'ASC']] as SortOrder[][]) {
      const prefix = encodeCompositeKey(types, o, ['x', 7]);
      for (const last of [new Date(-8.64e15), new Date(0), new Date(8.64e15)]) {
        const full = encodeCompositeKey(types, o, ['x', 7, last]);
        expect(hex(full.subarray(0, prefix.length))).toBe(hex(prefix));
        expect(compareBytes(prefix, full)).toBeLessThan(0);
        expect(compareBytes(full, prefixEnd(prefix) as Uint8Array)).toBeLessThan(0);
      }
      const other = encodeCompositeKey(types, o, ['x', 8, new Date(0)]);
      const inside = compareBytes(prefix, other) <= 0 && compareBytes(other, prefixEnd(prefix) as Uint8Array) < 0;
      expect(inside).toBe(false);
    }
  });

  it('decodes components one after another with decodeKeyComponent offsets', () => {
    const bytes = Uint8Array.from([...encodeKeyComponent('text', 'a\u0000'), ...encodeKeyComponent('varint', -300n), ...encodeKeyComponent('boolean', true)]);
    const first = decodeKeyComponent('text', bytes, 0);
    const second = decodeKeyComponent('varint', bytes, first.next);
    const third = decodeKeyComponent('boolean', bytes, second.next);
    expect([first.value, second.value, third.value]).toEqual(['a\u0000', -300n, true]);
    expect(third.next).toBe(bytes.length);
  });

  it.each([
    ['more values than types', () => encodeCompositeKey(['int'], ['ASC'], [1, 2]), RangeError, /^values must have at most 1/],
    ['fewer orders than types', () => encodeCompositeKey(['int', 'int'], ['ASC'], [1]), RangeError, /^orders must have 2/],
    ['an unknown order', () => encodeCompositeKey(['int'], ['asc' as SortOrder], [1]), TypeError, /^orders\[0\]/],
    ['an unknown type', () => encodeCompositeKey(['integer' as KeyType], ['ASC'], [1]), TypeError, /^types\[0\] must be a CQL key type/],
    ['values that are not an array', () => encodeCompositeKey(['int'], ['ASC'], 1 as unknown as KeyValue[]), TypeError, /^values must be an array/],
    ['types that are not an array', () => encodeCompositeKey('int' as unknown as KeyType[], ['ASC'], [1]), TypeError, /^types must be an array/],
    ['an undefined value in the tuple', () => encodeCompositeKey(['int', 'text'], ['ASC', 'ASC'], [1, undefined as unknown as KeyValue]), TypeError, /^text key value/],
    ['bytes left after the last component', () => decodeCompositeKey(['boolean'], ['ASC'], b(1, 1)), RangeError, /after its 1 components/],
    ['bytes ending inside a component', () => decodeCompositeKey(['int'], ['ASC'], b(0x80, 0)), RangeError, /^int key bytes/],
    ['decode bytes that are not a Uint8Array', () => decodeCompositeKey(['int'], ['ASC'], [0x80, 0, 0, 0] as unknown as Uint8Array), TypeError, /^bytes must be a Uint8Array/],
  ] as const)('%s throws', (_label, f, Err, message) => {
    expect(f).toThrow(Err);
    expect(f).toThrow(message);
  });
});

describe('composite keys: the reused key buffer', () => {
  it('a key of 100 KB (past what the shared buffer keeps), then small keys, each encoded whole and alone', () => {
    const big = new Uint8Array(100_000).fill(7);
    big[0] = 0;
    const bigKey = encodeCompositeKey(['blob', 'int'], ['ASC', 'DESC'], [big, 1]);
    expect(bigKey.length).toBe(100_001 + 2 + 4);
    expect(decodeCompositeKey(['blob', 'int'], ['ASC', 'DESC'], bigKey)).toEqual([big, 1]);
    expect(hex(encodeCompositeKey(['text', 'bigint'], ['ASC', 'ASC'], ['a', 1n]))).toBe('610001' + '8000000000000001');
    expect(hex(encodeCompositeKey(['int'], ['ASC'], [0]))).toBe('80000000');
  });

  it('a key that fails halfway leaves nothing behind for the next one', () => {
    expect(() => encodeCompositeKey(['text', 'int'], ['ASC', 'ASC'], ['abcdef', 'x' as never])).toThrow(TypeError);
    expect(hex(encodeCompositeKey(['int'], ['ASC'], [1]))).toBe('80000001');
  });
});

describe('prefixEnd', () => {
  it.each([
    ['01', '02'],
    ['0102', '0103'],
    ['01ff', '02'],
    ['00ffff', '01'],
    ['fe', 'ff'],
    ['ff00', 'ff01'],
  ])('prefixEnd(%s) = %s', (prefix, expected) => {
    expect(hex(prefixEnd(unhex(prefix)) as Uint8Array)).toBe(expected);
  });

  it.each([[''], ['ff'], ['ffffff']])('prefixEnd(%s) is undefined: no byte string is greater than all extensions', (prefix) => {
    expect(prefixEnd(unhex(prefix))).toBeUndefined();
  });

  it('is greater than every extension of the prefix and no greater than the next string outside it', () => {
    const p = b(0x10, 0xff);
    const end = prefixEnd(p) as Uint8Array;
    for (const ext of [b(), b(0), b(0xff, 0xff, 0xff)]) expect(compareBytes(Uint8Array.from([...p, ...ext]), end)).toBeLessThan(0);
    expect(compareBytes(end, b(0x11))).toBe(0);
  });

  it('leaves its argument alone, also a Buffer, and returns a plain Uint8Array', () => {
    const buf = Buffer.from([1, 2]);
    const end = prefixEnd(buf) as Uint8Array;
    expect([...buf]).toEqual([1, 2]);
    expect(end.constructor).toBe(Uint8Array);
    expect([...end]).toEqual([1, 3]);
  });

  it('throws TypeError naming prefix for a non-Uint8Array', () => {
    expect(() => prefixEnd('ab' as unknown as Uint8Array)).toThrow(/^prefix must be a Uint8Array/);
  });
});

describe('wrong JS types throw TypeError naming the CQL type', () => {
  const cases: [KeyType, unknown][] = [
    ['int', '1'],
    ['int', 1n],
    ['smallint', true],
    ['tinyint', null],
    ['bigint', 1],
    ['counter', '1'],
    ['varint', 1],
    ['float', '1.5'],
    ['double', 1n],
    ['decimal', 1.5],
    ['decimal', 15n],
    ['text', b(0x61)],
    ['ascii', 1],
    ['varchar', undefined],
    ['blob', 'ab'],
    ['blob', [1, 2]],
    ['blob', new Uint16Array(1)],
    ['boolean', 0],
    ['timestamp', 0],
    ['timestamp', '2026-01-01T00:00:00Z'],
    ['date', new Date(0)],
    ['time', 1],
    ['uuid', b(1)],
    ['timeuuid', 1],
    ['inet', b(127, 0, 0, 1)],
  ];
  it.each(cases)('%s with %o', (type, value) => {
    const f = () => encodeKeyComponent(type, value as KeyValue);
    expect(f).toThrow(TypeError);
    expect(f).toThrow(new RegExp(`^${type} key value must be`));
  });

  it('an unknown type throws TypeError naming type', () => {
    expect(() => encodeKeyComponent('integer' as KeyType, 1)).toThrow(/^type must be a CQL key type/);
    expect(() => decodeKeyComponent('list' as KeyType, b(0), 0)).toThrow(/^type must be a CQL key type/);
  });
});

describe('out-of-range or non-canonical values throw RangeError naming the CQL type', () => {
  const cases: [KeyType, KeyValue][] = [
    ['int', 2147483648],
    ['int', -2147483649],
    ['int', 1.5],
    ['int', Number.NaN],
    ['int', Infinity],
    ['smallint', 32768],
    ['smallint', -32769],
    ['tinyint', 128],
    ['tinyint', -129],
    ['bigint', 2n ** 63n],
    ['bigint', -(2n ** 63n) - 1n],
    ['counter', 2n ** 64n],
    ['float', 0.1],
    ['float', 3.4028235677973366e38],
    ['text', '\ud800'],
    ['text', 'a\udc00b'],
    ['varchar', '\ud83d'],
    ['ascii', '\u00e9'],
    ['ascii', '\u0080'],
    ['decimal', ''],
    ['decimal', '.'],
    ['decimal', 'abc'],
    ['decimal', '1.2.3'],
    ['decimal', '1e'],
    ['decimal', 'NaN'],
    ['decimal', 'Infinity'],
    ['decimal', ' 1'],
    ['decimal', '1,5'],
    ['timestamp', new Date(Number.NaN)],
    ['date', '2023-02-29'],
    ['date', '1900-02-29'],
    ['date', '2024-04-31'],
    ['date', '2024-13-01'],
    ['date', '2024-00-10'],
    ['date', '2024-01-00'],
    ['date', '0000-01-01'],
    ['date', '10000-01-01'],
    ['date', '2024-1-1'],
    ['date', '2024-01-01T00:00:00Z'],
    ['time', -1n],
    ['time', 86_400_000_000_000n],
    ['uuid', '0123456789ab1cde8f0123456789abcd'],
    ['uuid', '01234567-89AB-1CDE-8F01-23456789ABCD'],
    ['uuid', '{01234567-89ab-1cde-8f01-23456789abcd}'],
    ['timeuuid', '01234567-89ab-4cde-8f01-23456789abcd'],
    ['timeuuid', '00000000-0000-0000-0000-000000000000'],
    ['inet', '01.2.3.4'],
    ['inet', '256.0.0.1'],
    ['inet', '1.2.3'],
    ['inet', '1.2.3.4.5'],
    ['inet', 'localhost'],
    ['inet', ''],
    ['inet', '0:0:0:0:0:0:0:1'],
    ['inet', '2001:DB8::1'],
    ['inet', '2001:0db8::1'],
    ['inet', '::ffff:1.2.3.4'],
    ['inet', '1::1:0:0:0:1'],
    ['inet', '1:0:0:2::3:4'],
    ['inet', '2001:db8::1:1:1:1:1'],
    ['inet', '1:2:3:4:5:6:7:8:9'],
    ['inet', '1::2::3'],
    ['inet', '12345::'],
  ];
  it.each(cases)('%s with %o', (type, value) => {
    const f = () => encodeKeyComponent(type, value);
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${type} key value must be`));
  });
});

describe('malformed key bytes throw RangeError when decoded', () => {
  const cases: [KeyType, string][] = [
    ['boolean', '02'],
    ['boolean', ''],
    ['int', '800000'],
    ['text', '6100'],
    ['text', '610002'],
    ['text', 'ff0001'],
    ['ascii', '800001'],
    ['blob', '00fe'],
    ['varint', '00'],
    ['varint', '820001'],
    ['varint', 'ff017e' + '01'.repeat(126)],
    ['varint', 'ff0200ff' + '01'.repeat(255)],
    ['varint', '83'],
    ['float', '7fffffff'],
    ['float', 'ffc00001'],
    ['double', '7fffffffffffffff'],
    ['decimal', '81' + '8101' + '0c' + '00' + '31' + '0001'], // numeric part 1.1, text '1'
    ['decimal', '82'], // unknown tag
    ['decimal', '81' + '8101' + '65' + '00' + '31' + '0001'], // digit pair 100
    ['decimal', '80' + '31' + '0001'], // numeric part 0, text '1'
    ['decimal', '81' + '8101' + '0b' + '00' + '31'], // text without terminator
    ['timestamp', '0000000000000000'],
    ['date', '00000000'],
    ['time', '0000ffffffffffff'],
    ['uuid', '10' + '00'.repeat(16)],
    ['uuid', '04' + '00'.repeat(16)],
    ['timeuuid', '00'.repeat(16)],
    ['timeuuid', '10' + '00'.repeat(14)],
    ['inet', '05' + '00'.repeat(4)],
    ['inet', '06' + '00'.repeat(4)],
  ];
  it.each(cases)('%s from %s', (type, bytes) => {
    const f = () => decodeKeyComponent(type, unhex(bytes), 0);
    expect(f).toThrow(RangeError);
    expect(f).toThrow(new RegExp(`^${type} key bytes`));
  });

  it.each([
    [-1],
    [3],
    [0.5],
    [Number.NaN],
  ])('an offset of %s outside the bytes throws RangeError naming offset', (offset) => {
    expect(() => decodeKeyComponent('boolean', b(0, 1), offset)).toThrow(/^offset must be/);
  });

  it('decoding bytes that are not a Uint8Array throws TypeError naming bytes', () => {
    expect(() => decodeKeyComponent('boolean', [1] as unknown as Uint8Array, 0)).toThrow(/^bytes must be a Uint8Array/);
  });
});

describe('frozen collections', () => {
  const LIST_INT: KeyCollectionType = { kind: 'list', element: 'int' };
  const SET_TEXT: KeyCollectionType = { kind: 'set', element: 'text' };
  const MAP_TEXT_INT: KeyCollectionType = { kind: 'map', key: 'text', value: 'int' };
  const LIST_LIST_INT: KeyCollectionType = { kind: 'list', element: LIST_INT };
  const MAP_BLOB_SET_TEXT: KeyCollectionType = { kind: 'map', key: 'blob', value: SET_TEXT };
  const m = (...entries: [KeyValue, KeyValue][]): Map<KeyValue, KeyValue> => new Map(entries);

  /** Values of each collection type in strictly ascending CQL order: element by element, a prefix first. */
  const ascending: [string, KeyCollectionType, KeyValue[]][] = [
    ['frozen<list<int>>', LIST_INT, [[], [-1], [-1, -1], [-1, 0], [-1, 0, 5], [0], [0, -5], [1]]],
    ['frozen<set<text>>', SET_TEXT, [[], [''], ['', 'a'], ['a'], ['a', 'a\u0000'], ['a', 'b'], ['a\u0000'], ['b']]],
    ['frozen<map<text, int>>', MAP_TEXT_INT, [m(), m(['a', -1]), m(['a', 1]), m(['a', 1], ['b', 0]), m(['a', 2]), m(['b', -9])]],
    ['frozen<list<frozen<list<int>>>>', LIST_LIST_INT, [[], [[]], [[], []], [[], [0]], [[0]], [[0], []], [[0, 1]], [[1]]]],
    ['frozen<map<blob, frozen<set<text>>>>', MAP_BLOB_SET_TEXT, [m(), m([b(), []]), m([b(), ['a']]), m([b(), ['a']], [b(0), []]), m([b(0), []]), m([b(1), []])]],
  ];

  it.each(ascending)('%s: byte order of the encodings is the listed CQL order, reversed under DESC, and each decodes to itself', (_, type, values) => {
    const asc = values.map((v) => encodeKeyComponent(type, v));
    const desc = values.map((v) => encodeCompositeKey([type], ['DESC'], [v]));
    for (let i = 1; i < values.length; i++) {
      expect(compareBytes(asc[i - 1] as Uint8Array, asc[i] as Uint8Array), `${i - 1} < ${i}`).toBeLessThan(0);
      expect(compareBytes(desc[i - 1] as Uint8Array, desc[i] as Uint8Array), `${i - 1} > ${i} under DESC`).toBeGreaterThan(0);
    }
    values.forEach((v, i) => {
      expect(comparable(roundTrip(type, v))).toEqual(comparable(v));
      expect(comparable(decodeCompositeKey([type], ['DESC'], desc[i] as Uint8Array)[0] as KeyValue)).toEqual(comparable(v));
    });
  });

  it.each([
    ['frozen<list<int>> []', LIST_INT, [], '00'],
    ['frozen<list<int>> [1, 2]', LIST_INT, [1, 2], '01' + '80000001' + '01' + '80000002' + '00'],
    ["frozen<set<text>> {'a'}", SET_TEXT, ['a'], '01' + '610001' + '00'],
    ["frozen<map<text, int>> {'a': 1}", MAP_TEXT_INT, m(['a', 1]), '01' + '610001' + '80000001' + '00'],
    ['frozen<list<frozen<list<int>>>> [[]]', LIST_LIST_INT, [[]], '01' + '00' + '00'],
  ] as [string, KeyType, KeyValue, string][])('known encoding (the format is persistent): %s → %s', (_, type, value, expected) => {
    expect(hex(encodeKeyComponent(type, value))).toBe(expected);
  });

  it('a DESC collection inverts every byte of its encoding, the markers and the end included', () => {
    expect(hex(encodeCompositeKey([LIST_INT], ['DESC'], [[1]]))).toBe('fe' + '7ffffffe' + 'ff');
  });

  it('composes with the components around it: a collection then an int, with prefixes and DESC', () => {
    const types: KeyType[] = [LIST_INT, 'int'];
    for (const orders of [['ASC', 'ASC'], ['DESC', 'ASC'], ['ASC', 'DESC'], ['DESC', 'DESC']] as SortOrder[][]) {
      const tuples: KeyValue[][] = [[[]], [[], 5], [[0]], [[0], -1], [[0], 7], [[0, 0]], [[0, 0], 0]];
      const keys = tuples.map((t) => encodeCompositeKey(types, orders, t));
      for (const [i, t] of tuples.entries()) expect(decodeCompositeKey(types, orders, keys[i] as Uint8Array).map(comparable)).toEqual(t.map(comparable));
      // [] < [0] < [0, 0] in the first component, its direction applied; a prefix tuple first.
      const rank = (t: KeyValue[]): number => (t[0] as number[]).length;
      for (let i = 0; i < tuples.length; i++) {
        for (let j = 0; j < tuples.length; j++) {
          const [x, y] = [tuples[i] as KeyValue[], tuples[j] as KeyValue[]];
          const first = Math.sign(rank(x) - rank(y)) * (orders[0] === 'DESC' ? -1 : 1);
          const second = x.length !== y.length ? Math.sign(x.length - y.length) : x.length === 1 ? 0 : Math.sign((x[1] as number) - (y[1] as number)) * (orders[1] === 'DESC' ? -1 : 1);
          expect(Math.sign(compareBytes(keys[i] as Uint8Array, keys[j] as Uint8Array)), `${orders.join('/')} ${i} vs ${j}`).toBe(first || second || 0);
        }
      }
    }
  });

  it('decodes fresh arrays and Maps', () => {
    const list = [1, 2];
    const back = roundTrip(LIST_INT, list);
    expect(back).not.toBe(list);
    expect(Array.isArray(back)).toBe(true);
    expect(roundTrip(MAP_TEXT_INT, m(['a', 1]))).toBeInstanceOf(Map);
  });

  it.each([
    [LIST_INT, new Set([1]), /^frozen<list<int>> key value must be an array, got Set/],
    [SET_TEXT, new Set(['a']), /^frozen<set<text>> key value must be an array, got Set/],
    [MAP_TEXT_INT, { a: 1 }, /^frozen<map<text, int>> key value must be a Map, got Object/],
    [MAP_TEXT_INT, [['a', 1]], /^frozen<map<text, int>> key value must be a Map, got Array/],
    [LIST_INT, ['1'], /^int key value must be a number, got string/],
    [LIST_INT, [null], /^int key value must be a number, got null/],
    [MAP_TEXT_INT, m(['a', undefined as unknown as KeyValue]), /^int key value must be a number, got undefined/],
    [LIST_LIST_INT, [1], /^frozen<list<int>> key value must be an array, got number/],
  ] as [KeyType, unknown, RegExp][])('a wrong JS type throws TypeError naming the type: %o with %o', (type, value, message) => {
    const f = () => encodeKeyComponent(type, value as KeyValue);
    expect(f).toThrow(TypeError);
    expect(f).toThrow(message);
  });

  it.each([
    [{ kind: 'set', element: 'int' }, [2, 1], /^frozen<set<int>> key value must be an array sorted in CQL order without duplicates, got an array of 2/],
    [{ kind: 'set', element: 'int' }, [1, 1], /^frozen<set<int>> key value must be an array sorted/],
    [{ kind: 'set', element: LIST_INT }, [[0], []], /^frozen<set<frozen<list<int>>>> key value must be an array sorted/],
    [MAP_TEXT_INT, m(['b', 1], ['a', 2]), /^frozen<map<text, int>> key value must be a Map whose keys are in CQL order without duplicates, got a Map of 2/],
    [{ kind: 'list', element: 'int' }, [2 ** 31], /^int key value must be an integer/],
  ] as [KeyType, KeyValue, RegExp][])('a non-canonical or out-of-range value throws RangeError naming the type: %o with %o', (type, value, message) => {
    const f = () => encodeKeyComponent(type, value);
    expect(f).toThrow(RangeError);
    expect(f).toThrow(message);
  });

  it('a list keeps its order and duplicates: [2, 1, 1] is a valid list', () => {
    expect(roundTrip(LIST_INT, [2, 1, 1])).toEqual([2, 1, 1]);
  });

  it.each([
    [{ kind: 'tuple', element: 'int' }, /^type must be a CQL key type, got an object of kind "tuple"/],
    [{ kind: 'list' }, /^type\.element must be a CQL key type, got undefined/],
    [{ kind: 'list', element: 'counter' }, /^type\.element must be a CQL key type, got "counter" inside a collection/],
    [{ kind: 'map', key: 'text', value: { kind: 'frozen', inner: LIST_INT } }, /^type\.value must be a CQL key type, got an object of kind "frozen"/],
    [{ kind: 'set', element: { kind: 'list', element: 'integer' } }, /^type\.element\.element must be a CQL key type, got "integer"/],
    [null, /^type must be a CQL key type, got null/],
  ])('an unknown collection type throws TypeError naming its path: %o', (type, message) => {
    expect(() => encodeKeyComponent(type as KeyType, [])).toThrow(TypeError);
    expect(() => encodeKeyComponent(type as KeyType, [])).toThrow(message);
    expect(() => decodeKeyComponent(type as KeyType, b(0), 0)).toThrow(message);
  });

  it.each([
    [LIST_INT, '', /^frozen<list<int>> key bytes at offset 0 are malformed: the bytes end/],
    [LIST_INT, '02', /^frozen<list<int>> key bytes at offset 1 are malformed: a collection element marker/],
    [LIST_INT, '01' + '80000001', /^frozen<list<int>> key bytes at offset 5 are malformed: the bytes end/],
    [LIST_INT, '01' + '800000', /^int key bytes/],
    [{ kind: 'set', element: 'int' }, '01' + '80000002' + '01' + '80000001' + '00', /^frozen<set<int>> key bytes at offset 10 are malformed: set elements are not in ascending order/],
    [{ kind: 'set', element: 'int' }, '01' + '80000001' + '01' + '80000001' + '00', /^frozen<set<int>> key bytes .* set elements are not in ascending order/],
    [MAP_TEXT_INT, '01' + '620001' + '80000001' + '01' + '610001' + '80000001' + '00', /^frozen<map<text, int>> key bytes .* map keys are not in ascending order/],
    [MAP_TEXT_INT, '01' + '610001' + '00', /^int key bytes/],
  ] as [KeyType, string, RegExp][])('malformed bytes throw RangeError naming the type: %o from %s', (type, bytes, message) => {
    const f = () => decodeKeyComponent(type, unhex(bytes), 0);
    expect(f).toThrow(RangeError);
    expect(f).toThrow(message);
  });

  it('under DESC, a set whose elements are not ascending once uninverted is malformed too', () => {
    const type: KeyCollectionType = { kind: 'set', element: 'int' };
    const good = encodeCompositeKey([type], ['DESC'], [[1, 2]]);
    expect(decodeCompositeKey([type], ['DESC'], good)).toEqual([[1, 2]]);
    const swapped = unhex('fe' + hex(encodeCompositeKey(['int'], ['DESC'], [2])) + 'fe' + hex(encodeCompositeKey(['int'], ['DESC'], [1])) + 'ff');
    expect(() => decodeCompositeKey([type], ['DESC'], swapped)).toThrow(/^frozen<set<int>> key bytes .* set elements are not in ascending order/);
  });
});
