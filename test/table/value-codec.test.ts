/**
 * @module test/table/value-codec
 * encodeValue / decodeValue / encodedSize against known-answer vectors of the CQL native
 * protocol v4 serialization (`native_protocol_v4.spec` §6, worked by hand), the normalisation
 * decoding applies, and one refusal per malformed input with its exact message.
 */
import { describe, expect, it } from 'vitest';
import { decodeValue, encodedSize, encodeValue, parseCqlType } from '../../src/table/index.js';
import type { CqlValue } from '../../src/table/index.js';
import { expectValidation } from './_helpers.js';

const t = parseCqlType;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function bytes(h: string): Uint8Array {
  return new Uint8Array(Buffer.from(h.replaceAll(' ', ''), 'hex'));
}

const UUID = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const TIMEUUID = '5da0e4e0-6c8a-11ef-8000-000000000001';

const vectors: [string, CqlValue, string][] = [
  ['ascii', 'abc', '616263'],
  ['ascii', '', ''],
  ['text', 'é', 'c3a9'],
  ['text', '😀', 'f09f9880'],
  ['text', '\ufeff', 'efbbbf'],
  ['varchar', 'a\u0000b', '610062'],
  ['tinyint', -1, 'ff'],
  ['tinyint', 127, '7f'],
  ['smallint', -2, 'fffe'],
  ['smallint', 256, '0100'],
  ['int', 1, '00000001'],
  ['int', -1, 'ffffffff'],
  ['int', -2_147_483_648, '80000000'],
  ['bigint', 1n, '0000000000000001'],
  ['bigint', -1n, 'ffffffffffffffff'],
  ['counter', 2n ** 63n - 1n, '7fffffffffffffff'],
  ['varint', 0n, '00'],
  ['varint', 1n, '01'],
  ['varint', 127n, '7f'],
  ['varint', 128n, '0080'],
  ['varint', 255n, '00ff'],
  ['varint', 256n, '0100'],
  ['varint', -1n, 'ff'],
  ['varint', -128n, '80'],
  ['varint', -129n, 'ff7f'],
  ['varint', 2n ** 64n, '010000000000000000'],
  ['varint', -(2n ** 64n), 'ff0000000000000000'],
  ['decimal', '12.340', '00000003 3034'],
  ['decimal', '-0.5', '00000001 fb'],
  ['decimal', '0', '00000000 00'],
  ['decimal', '0.00', '00000002 00'],
  ['decimal', '1500', '00000000 05dc'],
  ['decimal', '128', '00000000 0080'],
  ['float', 1, '3f800000'],
  ['float', -2.5, 'c0200000'],
  ['float', Number.NaN, '7fc00000'],
  ['float', Number.POSITIVE_INFINITY, '7f800000'],
  ['double', 1, '3ff0000000000000'],
  ['double', Number.NaN, '7ff8000000000000'],
  ['boolean', true, '01'],
  ['boolean', false, '00'],
  ['blob', Uint8Array.of(1, 2), '0102'],
  ['blob', new Uint8Array(0), ''],
  ['timestamp', new Date(0), '0000000000000000'],
  ['timestamp', new Date(-1), 'ffffffffffffffff'],
  ['timestamp', new Date(1000), '00000000000003e8'],
  ['date', '1970-01-01', '80000000'],
  ['date', '1970-01-02', '80000001'],
  ['date', '1969-12-31', '7fffffff'],
  ['date', '0001-01-01', '7ff506c6'],
  ['date', '9999-12-31', '802cc0a0'],
  ['time', 1n, '0000000000000001'],
  ['time', 86_399_999_999_999n, '00004e94914effff'],
  ['uuid', UUID, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'],
  ['timeuuid', TIMEUUID, '5da0e4e06c8a11ef8000000000000001'],
  ['inet', '1.2.3.4', '01020304'],
  ['inet', '::1', '00000000000000000000000000000001'],
  ['inet', '2001:db8::1', '20010db8000000000000000000000001'],
  ['list<int>', [1, 2], '00000002 00000004 00000001 00000004 00000002'],
  ['set<text>', ['a'], '00000001 00000001 61'],
  ['set<text>', ['', 'a'], '00000002 00000000 00000001 61'],
  ['map<text, int>', new Map([['a', 1]]), '00000001 00000001 61 00000004 00000001'],
  ['frozen<list<int>>', [], '00000000'],
  ['frozen<map<text, int>>', new Map(), '00000000'],
  ['frozen<list<frozen<set<int>>>>', [[1]], '00000001 0000000c 00000001 00000004 00000001'],
  ['map<int, frozen<list<text>>>', new Map([[7, ['x']]]), '00000001 00000004 00000007 00000009 00000001 00000001 78'],
];

describe('encodeValue / decodeValue: known answers (native protocol v4 §6)', () => {
  it.each(vectors)('%s %s is %s', (type, value, expected) => {
    const encoded = encodeValue(t(type), value);
    expect(hex(encoded)).toBe(expected.replaceAll(' ', ''));
    expect(encodedSize(t(type), value)).toBe(encoded.length);
    const decoded = decodeValue(t(type), encoded);
    if (typeof value === 'number') expect(Object.is(decoded, value)).toBe(true);
    else expect(decoded).toEqual(value);
  });

  it('returns bytes in their own buffer', () => {
    const encoded = encodeValue(t('int'), 1);
    expect(encoded.byteOffset).toBe(0);
    expect(encoded.buffer.byteLength).toBe(4);
    expect(encoded.constructor).toBe(Uint8Array);
  });

  it('encodes a blob as a copy', () => {
    const blob = Uint8Array.of(1, 2, 3);
    const encoded = encodeValue(t('blob'), blob);
    blob[0] = 9;
    expect(hex(encoded)).toBe('010203');
  });
});

describe('decodeValue: normalisation', () => {
  it.each([
    ['decodes a view in the middle of a larger buffer (DataView offsets)', 'int', () => bytes('ffff 00000005 ffff').subarray(2, 6), 5],
    ['decodes a Buffer', 'bigint', () => Buffer.from('0000000000000009', 'hex'), 9n],
    ['reads any nonzero byte as true', 'boolean', () => bytes('02'), true],
    ['reads -0 as 0 (float)', 'float', () => bytes('80000000'), 0],
    ['reads -0 as 0 (double)', 'double', () => bytes('8000000000000000'), 0],
    ['reads a non-minimal varint', 'varint', () => bytes('0001'), 1n],
    ['reads a negative non-minimal varint', 'varint', () => bytes('ffff'), -1n],
    ['expands a negative decimal scale', 'decimal', () => bytes('fffffffe 0f'), '1500'],
    ['keeps a decimal scale', 'decimal', () => bytes('00000004 01'), '0.0001'],
    ['reads an IPv4-mapped IPv6 address as IPv4', 'inet', () => bytes('00000000000000000000ffff01020304'), '1.2.3.4'],
    ['compresses IPv6 text', 'inet', () => bytes('00010000000000020000000000000003'), '1:0:0:2::3'],
    ['lowercases a uuid', 'uuid', () => bytes('a0eebc999c0b4ef8bb6d6bb9bd380a11'), UUID],
    ['keeps a byte order mark in text', 'text', () => bytes('efbbbf61'), '\ufeffa'],
    ['keeps a NUL in ascii', 'ascii', () => bytes('00'), '\u0000'],
    ['sorts and deduplicates a set', 'set<int>', () => bytes('00000003 00000004 00000003 00000004 00000001 00000004 00000003'), [1, 3]],
    ['reads an empty non-frozen list as null', 'list<int>', () => bytes('00000000'), null],
    ['reads an empty non-frozen set as null', 'set<text>', () => bytes('00000000'), null],
    ['reads an empty frozen list as []', 'frozen<list<int>>', () => bytes('00000000'), []],
    ['reads an empty frozen set in a list', 'list<frozen<set<int>>>', () => bytes('00000001 00000004 00000000'), [[]]],
  ] as [string, string, () => Uint8Array, CqlValue][])('%s', (_title, type, input, expected) => {
    const decoded = decodeValue(t(type), input());
    if (typeof expected === 'number') expect(Object.is(decoded, expected)).toBe(true);
    else expect(decoded).toEqual(expected);
  });

  it('sorts map entries by key, the last of equal keys winning', () => {
    const encoded = bytes('00000003' + '00000001 62 00000004 00000002' + '00000001 61 00000004 00000001' + '00000001 62 00000004 00000003');
    expect([...(decodeValue(t('map<text, int>'), encoded) as Map<CqlValue, CqlValue>)]).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });

  it('reads an empty non-frozen map as null and an empty frozen one as an empty Map', () => {
    expect(decodeValue(t('map<text, int>'), bytes('00000000'))).toBeNull();
    expect(decodeValue(t('frozen<map<text, int>>'), bytes('00000000'))).toEqual(new Map());
  });

  it('returns a blob in its own buffer', () => {
    const input = bytes('00 0102 00');
    const decoded = decodeValue(t('blob'), input.subarray(1, 3)) as Uint8Array;
    input[1] = 9;
    expect(Array.from(decoded)).toEqual([1, 2]);
  });
});

describe('decodeValue: refusals', () => {
  it.each([
    ['int', '0000000000000000', 'Expected 4 byte int (8)'],
    ['int', '', 'Expected 4 byte int (0)'],
    ['bigint', '00000000', 'Expected 8 byte long (4)'],
    ['counter', '00', 'Expected 8 byte long (1)'],
    ['smallint', '000000', 'Expected 2 bytes for a smallint (3)'],
    ['tinyint', '0000', 'Expected 1 byte for a tinyint (2)'],
    ['float', '0000000000000000', 'Expected 4 byte value for a float (8)'],
    ['double', '00000000', 'Expected 8 byte value for a double (4)'],
    ['boolean', '', 'Expected 1 byte value for a boolean (0)'],
    ['timestamp', '00000000', 'Expected 8 byte long for a timestamp (4)'],
    ['timestamp', '001eb208c2dc0001', 'Timestamp 8640000000000001 ms is outside ±8.64e15 ms'],
    ['timestamp', '8000000000000000', 'Timestamp -9223372036854775808 ms is outside ±8.64e15 ms'],
    ['date', '0000000000000000', 'Expected 4 byte long for date (8)'],
    ['date', '00000000', 'Date -2147483648 days from 1970-01-01 is outside years 0001 to 9999'],
    ['date', '7ff506c5', 'Date -719163 days from 1970-01-01 is outside years 0001 to 9999'],
    ['date', '802cc0a1', 'Date 2932897 days from 1970-01-01 is outside years 0001 to 9999'],
    ['time', '00000000', 'Expected 8 byte long for time (4)'],
    ['time', 'ffffffffffffffff', 'Time value -1 is outside 0 to 86399999999999 nanoseconds'],
    ['time', '00004e94914f0000', 'Time value 86400000000000 is outside 0 to 86399999999999 nanoseconds'],
    ['uuid', '000000000000000000000000000000', 'UUID should be 16 bytes (15)'],
    ['timeuuid', '0000000000000000000000000000000000', 'TimeUUID should be 16 bytes (17)'],
    ['timeuuid', 'a0eebc999c0b4ef8bb6d6bb9bd380a11', 'Invalid version for TimeUUID type.'],
    ['inet', '0102030405', 'Expected 4 or 16 byte inet address (5)'],
    ['inet', '', 'Expected 4 or 16 byte inet address (0)'],
    ['varint', '', 'Expected at least 1 byte for a varint (0)'],
    ['decimal', '00000000', 'Expected at least 5 bytes for a decimal (4)'],
    ['decimal', '7fffffff 01', 'Decimal scale 2147483647 is beyond ±1048576'],
    ['decimal', '80000000 01', 'Decimal scale -2147483648 is beyond ±1048576'],
    ['ascii', '6180', 'Invalid byte for ascii: 128'],
    ['text', 'ff', "String didn't validate."],
    ['text', 'eda080', "String didn't validate."], // an encoded surrogate
    ['text', 'c080', "String didn't validate."], // overlong
    ['varchar', 'e282', "String didn't validate."], // truncated
    ['list<int>', '', 'Not enough bytes to read the element count of list<int>'],
    ['list<int>', '000000', 'Not enough bytes to read the element count of list<int>'],
    ['list<int>', 'ffffffff', 'Invalid element count -1 for list<int>'],
    ['list<int>', '000003e8 00000004 00000001', 'Invalid element count 1000 for list<int>'],
    ['list<int>', '00000001', 'Invalid element count 1 for list<int>'],
    ['list<int>', '00000001 ffffffff', 'null is not supported inside collections'],
    ['list<int>', '00000001 0000000a 00000001', 'Not enough bytes to read an element of list<int>'],
    ['list<int>', '00000002 00000004 00000001 00000000', 'Expected 4 byte int (0)'],
    ['list<int>', '00000002 00000004 00000001 000000', 'Not enough bytes to read an element length of list<int>'],
    ['list<int>', '00000002 00000000 00000000', 'Expected 4 byte int (0)'],
    ['list<text>', '00000002 00000000 00000001', 'Not enough bytes to read an element of list<text>'],
    ['list<int>', '00000003 00000004 00000001', 'Invalid element count 3 for list<int>'],
    ['list<int>', '00000001 00000004 00000001 00', 'Unexpected extraneous bytes after list<int> value'],
    ['list<int>', '00000001 00000003 000001', 'Expected 4 byte int (3)'],
    ['set<text>', '00000001 00000001 ff', "String didn't validate."],
    ['map<text, int>', '00000001 00000001 61', 'Invalid element count 1 for map<text, int>'],
    ['map<text, int>', '00000001 00000001 61 ffffffff', 'null is not supported inside collections'],
    ['map<text, int>', '00000001 00000001 61 00000004 0000', 'Not enough bytes to read an element of map<text, int>'],
    ['frozen<list<frozen<set<timeuuid>>>>', '00000001 00000018 00000001 00000010 a0eebc999c0b4ef8bb6d6bb9bd380a11', 'Invalid version for TimeUUID type.'],
    ['frozen<list<int>>', '00000000 00', 'Unexpected extraneous bytes after list<int> value'],
  ])('%s refuses %s', (type, input, message) => {
    expectValidation(() => decodeValue(t(type), bytes(input)), message);
  });
});

describe('encodedSize', () => {
  it.each([
    ['text', 'héllo😀', 10],
    ['ascii', 'abc', 3],
    ['varint', 2n ** 1000n, 126],
    ['decimal', '-0.000001', 5],
    ['list<text>', ['a', 'bc'], 4 + 4 + 1 + 4 + 2],
    ['map<text, frozen<list<int>>>', new Map([['k', [1, 2]]]), 4 + 4 + 1 + 4 + (4 + 8 + 8)],
    ['inet', '::', 16],
  ] as [string, CqlValue, number][])('%s %s takes %i bytes', (type, value, size) => {
    expect(encodedSize(t(type), value)).toBe(size);
    expect(encodeValue(t(type), value)).toHaveLength(size);
  });
});

describe('decodeValueIn with a CopyArena (the blob values of one read)', () => {
  it('copies each blob: the first into a buffer of its own, the next ones into a shared chunk, big ones alone', async () => {
    const { decodeValueIn } = await import('../../src/table/value-codec.js');
    const { CopyArena } = await import('../../src/common/copy-arena.js');
    const block = Uint8Array.from({ length: 20_000 }, (_, i) => i % 251);
    const view = new DataView(block.buffer);
    const arena = new CopyArena();
    const blob = { kind: 'blob' } as const;
    const first = decodeValueIn(blob, block, view, 10, 266, arena) as Uint8Array;
    const second = decodeValueIn(blob, block, view, 300, 556, arena) as Uint8Array;
    const third = decodeValueIn(blob, block, view, 600, 856, arena) as Uint8Array;
    const big = decodeValueIn(blob, block, view, 1000, 1000 + CopyArena.CHUNK / 4 + 1, arena) as Uint8Array;
    expect([...first]).toEqual([...block.subarray(10, 266)]);
    expect([...second]).toEqual([...block.subarray(300, 556)]);
    expect([...third]).toEqual([...block.subarray(600, 856)]);
    expect(first.buffer.byteLength).toBe(256);
    expect(second.buffer).toBe(third.buffer);
    expect(second.buffer.byteLength).toBe(CopyArena.CHUNK);
    expect(big.buffer.byteLength).toBe(big.length);
    for (const v of [first, second, third, big]) expect(v.buffer).not.toBe(block.buffer);
    // Copies: changing one changes neither the block nor its neighbours.
    second.fill(0);
    expect([...third]).toEqual([...block.subarray(600, 856)]);
    expect(block[300]).toBe(300 % 251);
    // Other types are decoded as decodeValue does.
    expect(decodeValueIn({ kind: 'int' }, encodeValue({ kind: 'int' }, 7), new DataView(encodeValue({ kind: 'int' }, 7).buffer), 0, 4, arena)).toBe(7);
  });

  it('a chunk size can be given (a block decoded whole: one chunk of the block\'s size)', async () => {
    const { CopyArena } = await import('../../src/common/copy-arena.js');
    const block = Uint8Array.from({ length: 1000 }, (_, i) => i % 256);
    const arena = new CopyArena(block.length);
    const parts = [arena.copy(block, 0, 100), arena.copy(block, 100, 300), arena.copy(block, 300, 500), arena.copy(block, 500, 800)];
    expect(parts[0]!.buffer.byteLength).toBe(100);
    expect(parts[1]!.buffer).toBe(parts[2]!.buffer);
    expect(parts[1]!.buffer.byteLength).toBe(1000);
    expect(parts[3]!.buffer.byteLength).toBe(300); // above a quarter of the chunk: its own buffer
    expect(parts.map((p) => [...p])).toEqual([[...block.subarray(0, 100)], [...block.subarray(100, 300)], [...block.subarray(300, 500)], [...block.subarray(500, 800)]]);
  });

  it('fills chunk after chunk: many blobs all come back intact', async () => {
    const { decodeValueIn } = await import('../../src/table/value-codec.js');
    const { CopyArena } = await import('../../src/common/copy-arena.js');
    const block = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256);
    const arena = new CopyArena();
    const out = Array.from({ length: 500 }, (_, i) => decodeValueIn({ kind: 'blob' }, block, new DataView(block.buffer), i % 3000, (i % 3000) + 300, arena) as Uint8Array);
    out.forEach((v, i) => expect([...v]).toEqual([...block.subarray(i % 3000, (i % 3000) + 300)]));
    expect(new Set(out.map((v) => v.buffer)).size).toBeGreaterThan(2);
  });
});
