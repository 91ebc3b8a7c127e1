/**
 * @module test/table/token
 * murmur3Token / partitionToken against the reference, cassandra-driver 4.10.0
 * (`test/table/_driver-token.ts`): single-column keys of every key type serialized by the
 * driver's own encoder, composite keys built by the driver's routing-key code, every tail
 * length with high (sign-extended) and low tail bytes, the one key whose hash is
 * `Long.MIN_VALUE`, and one refusal per precondition.
 */
import { describe, expect, it } from 'vitest';
import { normalizeValue, parseCqlType } from '../../src/table/index.js';
import type { CqlType, CqlValue } from '../../src/table/index.js';
import { MAX_TOKEN, MIN_TOKEN, murmur3Token, partitionToken } from '../../src/table/token.js';
import { cassandraNormalize, driverHash, driverRoutingKey, driverTypes, driverValueToken } from './_driver-token.js';

const T = driverTypes as {
  BigDecimal: { fromString(s: string): unknown };
  LocalTime: { fromString(s: string): unknown };
  Uuid: { fromString(s: string): unknown };
};

function column(type: string): { type: CqlType } {
  return { type: parseCqlType(type) };
}

function bytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** A key column: our type, the input we normalise, the driver's type hint and value. */
interface KeyPart {
  type: string;
  ours: unknown;
  hint?: string;
  driver?: unknown;
}

function ourToken(parts: readonly KeyPart[]): bigint {
  const columns = parts.map((p) => column(p.type));
  const values: CqlValue[] = parts.map((p, i) => normalizeValue(columns[i]!.type, p.ours, `k${i}`));
  return partitionToken(columns, values);
}

function referenceToken(parts: readonly KeyPart[]): bigint {
  return driverValueToken(
    parts.map((p) => p.hint ?? p.type),
    parts.map((p) => ('driver' in p ? p.driver : p.ours)),
  );
}

const UUID = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const TIMEUUID = '5da0e4e0-6c8a-11ef-8000-000000000001';

const singles: KeyPart[] = [
  { type: 'int', ours: 0 },
  { type: 'int', ours: 1 },
  { type: 'int', ours: -1 },
  { type: 'int', ours: 2_147_483_647 },
  { type: 'int', ours: -2_147_483_648 },
  { type: 'tinyint', ours: -128 },
  { type: 'smallint', ours: 300 },
  { type: 'bigint', ours: 0n },
  { type: 'bigint', ours: 1n },
  { type: 'bigint', ours: -1n },
  { type: 'bigint', ours: 2n ** 63n - 1n },
  { type: 'bigint', ours: -(2n ** 63n) },
  { type: 'varint', ours: 12_345_678_901_234_567_890n },
  { type: 'varint', ours: -(2n ** 130n) },
  { type: 'text', ours: '' },
  { type: 'text', ours: 'a' },
  { type: 'text', ours: 'hello' },
  { type: 'text', ours: 'é😀' },
  { type: 'text', ours: 'seventeen chars!!' },
  { type: 'text', ours: 'a string of thirty-one bytes...' },
  { type: 'varchar', ours: 'ünïcödé key with a tail' },
  { type: 'ascii', ours: 'abc' },
  { type: 'uuid', ours: UUID, driver: T.Uuid.fromString(UUID) },
  { type: 'uuid', ours: UUID.toUpperCase(), driver: UUID },
  { type: 'timeuuid', ours: TIMEUUID },
  { type: 'timestamp', ours: '2026-01-01T10:00:00.123Z', driver: new Date('2026-01-01T10:00:00.123Z') },
  { type: 'timestamp', ours: -1, driver: new Date(-1) },
  { type: 'date', ours: '2026-01-01' },
  { type: 'date', ours: '0001-01-01' },
  { type: 'time', ours: '10:00:00.123456789', driver: T.LocalTime.fromString('10:00:00.123456789') },
  { type: 'decimal', ours: '12.340', driver: T.BigDecimal.fromString('12.340') },
  { type: 'decimal', ours: '-0.5', driver: T.BigDecimal.fromString('-0.5') },
  { type: 'double', ours: 1.5 },
  { type: 'double', ours: -0.1 },
  { type: 'float', ours: 3.25 },
  { type: 'boolean', ours: true },
  { type: 'boolean', ours: false },
  { type: 'blob', ours: bytes('0102ff'), driver: Buffer.from('0102ff', 'hex') },
  { type: 'blob', ours: new Uint8Array(0), driver: Buffer.alloc(0) },
  { type: 'inet', ours: '10.0.0.1' },
  { type: 'inet', ours: '2001:db8::ff00:42:8329' },
  { type: 'frozen<list<int>>', ours: [1, 2, 3], hint: 'list<int>' },
  { type: 'frozen<set<text>>', ours: ['b', 'a'], hint: 'set<text>', driver: ['a', 'b'] },
  { type: 'frozen<map<text, int>>', ours: { a: 1, b: 2 }, hint: 'map<text,int>' },
];

const composites: KeyPart[][] = [
  [
    { type: 'text', ours: 'user' },
    { type: 'int', ours: 1 },
  ],
  [
    { type: 'int', ours: 1 },
    { type: 'int', ours: 2 },
  ],
  [
    { type: 'uuid', ours: UUID },
    { type: 'bigint', ours: -(2n ** 63n) },
    { type: 'text', ours: 'é' },
  ],
  [
    { type: 'text', ours: '' },
    { type: 'blob', ours: new Uint8Array(0), driver: Buffer.alloc(0) },
  ],
  [
    { type: 'blob', ours: bytes('ffffffffffff'), driver: Buffer.from('ffffffffffff', 'hex') },
    { type: 'boolean', ours: true },
    { type: 'date', ours: '2026-12-31' },
    { type: 'inet', ours: '::1' },
  ],
];

describe('partitionToken', () => {
  it('gives Cassandra\'s documented token of int 1 (-4069959284402364209)', () => {
    expect(ourToken([{ type: 'int', ours: 1 }])).toBe(-4_069_959_284_402_364_209n);
    expect(referenceToken([{ type: 'int', ours: 1 }])).toBe(-4_069_959_284_402_364_209n);
  });

  it.each(singles.map((p) => [`${p.type} ${String(p.ours instanceof Uint8Array ? Buffer.from(p.ours).toString('hex') : p.ours)}`, p] as const))(
    'equals the driver\'s token of a single-column key: %s',
    (_, part) => {
      expect(ourToken([part])).toBe(referenceToken([part]));
    },
  );

  it.each(composites.map((parts) => [parts.map((p) => p.type).join(', '), parts] as const))(
    'equals the driver\'s token of a composite key (%s)',
    (_, parts) => {
      expect(ourToken(parts)).toBe(referenceToken(parts));
    },
  );

  it('a composite key of one column hashes like the bare value, two columns do not', () => {
    const one = ourToken([{ type: 'int', ours: 7 }]);
    expect(one).toBe(murmur3Token(bytes('00000007')));
    expect(ourToken([{ type: 'int', ours: 7 }, { type: 'int', ours: 7 }])).toBe(
      cassandraNormalize(driverHash(driverRoutingKey([bytes('00000007'), bytes('00000007')]))),
    );
  });

  it('the uuid whose hash is Long.MIN_VALUE gets the token MAX_TOKEN', () => {
    // 653cbefb… was solved for (MurmurHash3's rounds are invertible); the driver confirms its hash.
    const uuid = '653cbefb-85ec-3111-b4e3-8fa9bc7cbcae';
    expect(driverHash(bytes(uuid.replaceAll('-', '')))).toBe(MIN_TOKEN);
    expect(ourToken([{ type: 'uuid', ours: uuid }])).toBe(MAX_TOKEN);
  });

  it('Precondition: a partition key has at least one column.', () => {
    expect(() => partitionToken([], [])).toThrow(RangeError);
  });

  it('Precondition: there is one value per partition key column.', () => {
    expect(() => partitionToken([column('int')], [1, 2])).toThrow(RangeError);
    expect(() => partitionToken([column('int'), column('int')], [1])).toThrow(RangeError);
  });

  it('Precondition: no partition key value is null.', () => {
    expect(() => partitionToken([column('int')], [null])).toThrow(TypeError);
    expect(() => partitionToken([column('int'), column('text')], [1, null])).toThrow(/values\[1\] must not be null/);
  });

  it('Precondition: each component of a composite key is at most 65,535 bytes.', () => {
    const big = new Uint8Array(65_536);
    expect(() => partitionToken([column('int'), column('blob')], [1, big])).toThrow(RangeError);
    const fits = new Uint8Array(65_535).fill(0x80);
    expect(partitionToken([column('int'), column('blob')], [1, fits])).toBe(
      cassandraNormalize(driverHash(driverRoutingKey([bytes('00000001'), fits]))),
    );
  });

  it('a value that is not a normalised value of its type throws TypeError', () => {
    expect(() => partitionToken([column('int')], ['1'])).toThrow(TypeError);
  });
});

describe('murmur3Token', () => {
  it('hashes the empty key to 0', () => {
    expect(murmur3Token(new Uint8Array(0))).toBe(0n);
    expect(driverHash(new Uint8Array(0))).toBe(0n);
  });

  // Every length 0..48 covers each tail branch (length % 16 = 0..15) with 0, 1 and 2 blocks in front.
  for (const fill of [0x00, 0x7f, 0x80, 0xff]) {
    it(`equals the driver for every length 0..48, bytes 0x${fill.toString(16).padStart(2, '0')} (tail bytes read as signed)`, () => {
      for (let n = 0; n <= 48; n++) {
        const key = new Uint8Array(n).fill(fill);
        expect(murmur3Token(key), `length ${n}`).toBe(cassandraNormalize(driverHash(key)));
      }
    });
  }

  it('a tail byte >= 0x80 is sign-extended (the token differs from the unsigned reading)', () => {
    // Same key but for one tail byte; both against the driver, and the two tokens differ.
    const a = bytes('000102030405060708090a0b0c0d0e0f' + '10ff');
    const b = bytes('000102030405060708090a0b0c0d0e0f' + '107f');
    expect(murmur3Token(a)).toBe(driverHash(a));
    expect(murmur3Token(b)).toBe(driverHash(b));
    expect(murmur3Token(a)).not.toBe(murmur3Token(b));
  });

  it('reads a view at a byte offset (subarray of a larger buffer)', () => {
    const whole = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);
    for (const [start, end] of [
      [1, 18],
      [3, 64],
      [7, 7],
      [5, 40],
    ] as const) {
      const view = whole.subarray(start, end);
      expect(murmur3Token(view)).toBe(driverHash(view.slice()));
    }
  });

  it('the key whose hash is Long.MIN_VALUE gets MAX_TOKEN (Murmur3Partitioner.normalize)', () => {
    const key = bytes('653cbefb85ec3111b4e38fa9bc7cbcae');
    expect(driverHash(key)).toBe(MIN_TOKEN);
    expect(murmur3Token(key)).toBe(MAX_TOKEN);
  });

  it('MIN_TOKEN and MAX_TOKEN are Long.MIN_VALUE and Long.MAX_VALUE', () => {
    expect(MIN_TOKEN).toBe(-9_223_372_036_854_775_808n);
    expect(MAX_TOKEN).toBe(9_223_372_036_854_775_807n);
  });

  it('Precondition: bytes is a Uint8Array.', () => {
    expect(() => murmur3Token([1, 2, 3] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => murmur3Token(null as unknown as Uint8Array)).toThrow(/bytes must be a Uint8Array/);
  });
});
