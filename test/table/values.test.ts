/**
 * @module test/table/values
 * normalizeValue for every CQL type: accepted inputs and their normalised forms, refused inputs
 * and their exact messages; compareValues and valuesEqual on known pairs (the CQL order of the
 * module summary of src/table/values.ts, including where it differs from JS's own order).
 */
import { SocketAddress } from 'node:net';
import { describe, expect, it } from 'vitest';
import { compareValues, normalizeValue, parseCqlType, valuesEqual } from '../../src/table/index.js';
import type { CqlValue } from '../../src/table/index.js';
import { expectValidation } from './_helpers.js';

const t = parseCqlType;
const C = 'c';

/** The message normalizeValue gives for a refused value of column `c`. */
function refusal(type: string, expected: string, got: string, column = C): string {
  return `Invalid value for column ${column} of type ${type}: expected ${expected}, got ${got}`;
}

/** Normalises and checks the result deep-equals `expected` (Object.is for numbers). */
function accepts(type: string, input: unknown, expected: CqlValue): void {
  const out = normalizeValue(t(type), input, C);
  if (typeof expected === 'number') expect(Object.is(out, expected), `${String(out)} is ${expected}`).toBe(true);
  else expect(out).toEqual(expected);
}

const INT_EXPECTED = {
  tinyint: 'an integer from -128 to 127',
  smallint: 'an integer from -32768 to 32767',
  int: 'an integer from -2147483648 to 2147483647',
};
const INT64_EXPECTED = 'a 64-bit integer (a bigint, a safe integer or an integer string)';
const VARINT_EXPECTED = 'an integer (a bigint, a safe integer or an integer string)';
const DECIMAL_EXPECTED = "a finite number or a decimal string such as '-12.340'";
const TIMESTAMP_EXPECTED = 'a valid Date, integer milliseconds within ±8.64e15, or an ISO 8601 date-time string';
const DATE_EXPECTED = "a 'YYYY-MM-DD' string or a Date at UTC midnight, years 0001 to 9999";
const TIME_EXPECTED = "nanoseconds since midnight (a bigint from 0 to 86399999999999) or an 'HH:MM:SS[.fffffffff]' string";
const UUID_EXPECTED = "a UUID string 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'";
const INET_EXPECTED = 'an IPv4 or IPv6 address string';

describe('normalizeValue: null and undefined', () => {
  it.each(['int', 'text', 'list<int>', 'frozen<map<text, int>>', 'counter'])('gives null for null and undefined (%s)', (type) => {
    expect(normalizeValue(t(type), null, C)).toBeNull();
    expect(normalizeValue(t(type), undefined, C)).toBeNull();
  });
});

describe('normalizeValue: text types', () => {
  it.each([
    ['ascii', 'abc', 'abc'],
    ['ascii', '', ''],
    ['ascii', '\u0000\u007f', '\u0000\u007f'],
    ['text', 'héllo', 'héllo'],
    ['text', '😀 \u{10ffff}', '😀 \u{10ffff}'],
    ['text', '', ''],
    ['text', '\ufeffbom', '\ufeffbom'],
    ['varchar', '日本', '日本'],
  ])('%s accepts %s', (type, input, expected) => accepts(type, input, expected));

  it.each([
    ['ascii', 'é', 'an ASCII string (characters U+0000 to U+007F)', '"é"'],
    ['ascii', '\u0080', 'an ASCII string (characters U+0000 to U+007F)', '"\u0080"'],
    ['ascii', 5, 'an ASCII string', '5'],
    ['text', '\ud800x', 'a well-formed Unicode string (no lone surrogates)', '"\\ud800x"'],
    ['text', 'x\udc00', 'a well-formed Unicode string (no lone surrogates)', '"x\\udc00"'],
    ['text', 42, 'a string', '42'],
    ['text', new Uint8Array(3), 'a string', 'Uint8Array(3)'],
    ['varchar', ['a'], 'a string', 'array(1)'],
    ['text', 'x'.repeat(100), 'a string', ''],
  ])('%s refuses %s', (type, input, expected, got) => {
    if (got === '') {
      // A long string is fine; only its description is cut short in messages.
      expect(normalizeValue(t(type), input, C)).toBe(input);
      expectValidation(() => normalizeValue(t('int'), input, C), refusal('int', INT_EXPECTED.int, `"${'x'.repeat(40)}…"`));
      return;
    }
    expectValidation(() => normalizeValue(t(type), input, C), refusal(type, expected, got));
  });
});

describe('normalizeValue: integer types', () => {
  it.each([
    ['tinyint', 127, 127],
    ['tinyint', -128, -128],
    ['tinyint', 5n, 5],
    ['tinyint', -0, 0],
    ['smallint', 32_767, 32_767],
    ['smallint', -32_768, -32_768],
    ['int', 2_147_483_647, 2_147_483_647],
    ['int', -2_147_483_648, -2_147_483_648],
    ['int', -7n, -7],
    ['int', -0, 0],
  ])('%s accepts %s', (type, input, expected) => accepts(type, input, expected));

  it.each([
    ['tinyint', 128, '128'],
    ['tinyint', -129, '-129'],
    ['tinyint', 128n, '128n'],
    ['smallint', 32_768, '32768'],
    ['smallint', -32_769n, '-32769n'],
    ['int', 2_147_483_648, '2147483648'],
    ['int', 1.5, '1.5'],
    ['int', Number.NaN, 'NaN'],
    ['int', Number.POSITIVE_INFINITY, 'Infinity'],
    ['int', '7', '"7"'],
    ['int', true, 'true'],
    ['int', {}, 'object'],
  ] as const)('%s refuses %s', (type, input, got) => {
    expectValidation(() => normalizeValue(t(type), input, C), refusal(type, INT_EXPECTED[type], got));
  });

  it.each([
    ['bigint', 5n, 5n],
    ['bigint', 5, 5n],
    ['bigint', -(2 ** 53) + 1, -(2n ** 53n) + 1n],
    ['bigint', '-9223372036854775808', -(2n ** 63n)],
    ['bigint', '+12', 12n],
    ['bigint', 2n ** 63n - 1n, 2n ** 63n - 1n],
    ['counter', -3n, -3n],
    ['counter', '42', 42n],
    ['varint', 2n ** 100n, 2n ** 100n],
    ['varint', '-123456789012345678901234567890', -123456789012345678901234567890n],
    ['varint', -5, -5n],
    ['varint', '007', 7n],
  ])('%s accepts %s', (type, input, expected) => accepts(type, input, expected));

  it.each([
    ['bigint', 2n ** 63n, INT64_EXPECTED, '9223372036854775808n'],
    ['bigint', '9223372036854775808', INT64_EXPECTED, '"9223372036854775808"'],
    ['bigint', -(2n ** 63n) - 1n, INT64_EXPECTED, '-9223372036854775809n'],
    ['bigint', 2 ** 53, INT64_EXPECTED, '9007199254740992'],
    ['bigint', 1.5, INT64_EXPECTED, '1.5'],
    ['bigint', '1.0', INT64_EXPECTED, '"1.0"'],
    ['bigint', '', INT64_EXPECTED, '""'],
    ['bigint', ' 1', INT64_EXPECTED, '" 1"'],
    ['counter', 2n ** 64n, INT64_EXPECTED, '18446744073709551616n'],
    ['counter', true, INT64_EXPECTED, 'true'],
    ['varint', '1e3', VARINT_EXPECTED, '"1e3"'],
    ['varint', 0.5, VARINT_EXPECTED, '0.5'],
    ['varint', 'abc', VARINT_EXPECTED, '"abc"'],
    ['varint', new Date(0), VARINT_EXPECTED, 'Date(1970-01-01T00:00:00.000Z)'],
  ])('%s refuses %s', (type, input, expected, got) => {
    expectValidation(() => normalizeValue(t(type), input, C), refusal(type, expected, got));
  });

  it('cuts a long bigint short in the message', () => {
    expectValidation(() => normalizeValue(t('bigint'), 10n ** 60n, C), refusal('bigint', INT64_EXPECTED, `1${'0'.repeat(39)}…n`));
  });
});

describe('normalizeValue: float and double', () => {
  it.each([
    ['float', 1.1, Math.fround(1.1)],
    ['float', 3.4e38, Math.fround(3.4e38)],
    ['float', 1e39, Number.POSITIVE_INFINITY],
    ['float', -0, 0],
    ['float', Number.NaN, Number.NaN],
    ['float', Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
    ['double', 1.1, 1.1],
    ['double', -0, 0],
    ['double', Number.MIN_VALUE, Number.MIN_VALUE],
    ['double', Number.NaN, Number.NaN],
    ['double', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ])('%s accepts %s', (type, input, expected) => accepts(type, input, expected));

  it.each([
    ['float', '1.5', '"1.5"'],
    ['float', 1n, '1n'],
    ['double', '1', '"1"'],
    ['double', false, 'false'],
    ['double', [1], 'array(1)'],
  ])('%s refuses %s', (type, input, got) => {
    expectValidation(() => normalizeValue(t(type), input, C), refusal(type, 'a number', got));
  });
});

describe('normalizeValue: decimal', () => {
  it.each([
    ['12.340', '12.340'],
    ['-0.5', '-0.5'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['+007.10', '7.10'],
    ['-0.00', '0.00'],
    ['-0', '0'],
    ['0e5', '0'],
    ['1.5e3', '1500'],
    ['1.50E+1', '15.0'],
    ['1e-3', '0.001'],
    ['-1.5e-2', '-0.015'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-0, '0'],
    [12, '12'],
    [-2.5, '-2.5'],
  ])('accepts %s as %s', (input, expected) => accepts('decimal', input, expected));

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['', '""'],
    ['.', '"."'],
    ['-', '"-"'],
    ['abc', '"abc"'],
    ['1.2.3', '"1.2.3"'],
    ['1e', '"1e"'],
    ['0x10', '"0x10"'],
    [' 1', '" 1"'],
    [5n, '5n'],
    [true, 'true'],
  ])('refuses %s', (input, got) => {
    expectValidation(() => normalizeValue(t('decimal'), input, C), refusal('decimal', DECIMAL_EXPECTED, got));
  });

  it.each([
    ['1e1048576', '1'.padEnd(1_048_577, '0')],
    ['1e-1048576', `0.${'0'.repeat(1_048_575)}1`],
  ])('accepts the largest scales, ±1048576: %s', (input, expected) => {
    expect(normalizeValue(t('decimal'), input, C)).toBe(expected);
  });

  it.each([['1e1048577'], ['1e-1048577'], ['1e99999999999'], [`0.${'0'.repeat(1_048_577)}`]])('refuses a scale beyond ±1048576: %s', (input) => {
    expectValidation(
      () => normalizeValue(t('decimal'), input, C),
      refusal('decimal', 'a decimal whose scale is within ±1048576', JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)),
    );
  });
});

describe('normalizeValue: boolean and blob', () => {
  it.each([true, false])('boolean accepts %s', (b) => accepts('boolean', b, b));

  it.each([
    [1, '1'],
    ['true', '"true"'],
    [null, ''],
  ])('boolean refuses %s', (input, got) => {
    if (input === null) return expect(normalizeValue(t('boolean'), input, C)).toBeNull();
    expectValidation(() => normalizeValue(t('boolean'), input, C), refusal('boolean', 'a boolean', got));
  });

  it('blob copies a Uint8Array into its own plain Uint8Array', () => {
    const input = Uint8Array.of(1, 2, 3);
    const out = normalizeValue(t('blob'), input, C) as Uint8Array;
    expect(out).toEqual(Uint8Array.of(1, 2, 3));
    expect(out).not.toBe(input);
    input[0] = 9;
    expect(out[0]).toBe(1);
  });

  it('blob takes a Buffer and returns a plain Uint8Array', () => {
    const out = normalizeValue(t('blob'), Buffer.from([7, 8]), C) as Uint8Array;
    expect(out.constructor).toBe(Uint8Array);
    expect(Array.from(out)).toEqual([7, 8]);
  });

  it('blob copies a view of a larger buffer, and only the view', () => {
    const backing = Uint8Array.of(0, 1, 2, 3, 4);
    const out = normalizeValue(t('blob'), backing.subarray(1, 3), C) as Uint8Array;
    expect(Array.from(out)).toEqual([1, 2]);
    expect(out.buffer.byteLength).toBe(2);
  });

  it.each([
    [[1, 2], 'array(2)'],
    ['aa', '"aa"'],
    [new ArrayBuffer(2), 'ArrayBuffer'],
    [new Uint16Array(2), 'Uint16Array'],
  ])('blob refuses %s', (input, got) => {
    expectValidation(() => normalizeValue(t('blob'), input, C), refusal('blob', 'a Uint8Array', got));
  });
});

describe('normalizeValue: timestamp', () => {
  it.each([
    [new Date(5), 5],
    [0, 0],
    [-1, -1],
    [8.64e15, 8.64e15],
    [-8.64e15, -8.64e15],
    ['2020-06-30T04:05:00+0000', Date.UTC(2020, 5, 30, 4, 5)],
    ['2020-06-30 04:05:00Z', Date.UTC(2020, 5, 30, 4, 5)],
    ['2020-06-30', Date.UTC(2020, 5, 30)],
    ['2020-06-30T04:05', Date.UTC(2020, 5, 30, 4, 5)],
    ['2020-06-30T04:05:06.123456789Z', Date.UTC(2020, 5, 30, 4, 5, 6, 123)],
    ['2020-06-30T04:05:06.5+01:30', Date.UTC(2020, 5, 30, 2, 35, 6, 500)],
    ['2020-06-30T04:05:06-0800', Date.UTC(2020, 5, 30, 12, 5, 6)],
    ['2020-06-30T04:05:06 +02', Date.UTC(2020, 5, 30, 2, 5, 6)],
    ['2020-06-30+0100', Date.UTC(2020, 5, 29, 23)],
    ['0001-01-01T00:00:00Z', -62_135_596_800_000],
    ['0050-01-01', -60_589_296_000_000],
    ['+010000-01-01T00:00:00Z', 253_402_300_800_000],
    ['-000001-12-31', -62_167_305_600_000],
    ['1972-06-30T23:59:59.999Z', Date.UTC(1972, 5, 30, 23, 59, 59, 999)],
  ])('accepts %s', (input, ms) => {
    const out = normalizeValue(t('timestamp'), input, C);
    expect(out).toBeInstanceOf(Date);
    expect((out as Date).getTime()).toBe(ms);
    if (input instanceof Date) expect(out).not.toBe(input);
  });

  it.each([
    [new Date(Number.NaN), 'Invalid Date'],
    [8.64e15 + 1, '8640000000000001'],
    [1.5, '1.5'],
    [Number.NaN, 'NaN'],
    ['2020-13-01', '"2020-13-01"'],
    ['2020-02-30', '"2020-02-30"'],
    ['2020-06-30T24:00:00Z', '"2020-06-30T24:00:00Z"'],
    ['2020-06-30T04:60', '"2020-06-30T04:60"'],
    ['2020-06-30T04:05:61', '"2020-06-30T04:05:61"'],
    ['2020-06-30T04:05:06+24:00', '"2020-06-30T04:05:06+24:00"'],
    ['2020-06-30T04:05:06.1234567890Z', '"2020-06-30T04:05:06.1234567890Z"'],
    ['+275760-09-13T00:00:00.001Z', '"+275760-09-13T00:00:00.001Z"'],
    ['-000000-01-01', '"-000000-01-01"'],
    ['yesterday', '"yesterday"'],
    ['2020-6-30', '"2020-6-30"'],
    ['1593489900000', '"1593489900000"'],
    [true, 'true'],
    [5n, '5n'],
  ])('refuses %s', (input, got) => {
    expectValidation(() => normalizeValue(t('timestamp'), input, C), refusal('timestamp', TIMESTAMP_EXPECTED, got));
  });
});

describe('normalizeValue: date', () => {
  it.each([
    ['2020-02-29', '2020-02-29'],
    ['0001-01-01', '0001-01-01'],
    ['9999-12-31', '9999-12-31'],
    ['1970-01-01', '1970-01-01'],
    [new Date(Date.UTC(2020, 0, 1)), '2020-01-01'],
    [new Date(0), '1970-01-01'],
    [new Date(-86_400_000), '1969-12-31'],
    [new Date(Date.UTC(9999, 11, 31)), '9999-12-31'],
  ])('accepts %s', (input, expected) => accepts('date', input, expected));

  it.each([
    ['2021-02-29', '"2021-02-29"'],
    ['1900-02-29', '"1900-02-29"'],
    ['2020-04-31', '"2020-04-31"'],
    ['2020-00-10', '"2020-00-10"'],
    ['0000-01-01', '"0000-01-01"'],
    ['10000-01-01', '"10000-01-01"'],
    ['+010000-01-01', '"+010000-01-01"'],
    ['2020-1-1', '"2020-1-1"'],
    ['2020-01-01T00:00:00Z', '"2020-01-01T00:00:00Z"'],
    [new Date(Date.UTC(2020, 0, 1, 1)), 'Date(2020-01-01T01:00:00.000Z)'],
    [new Date(Date.UTC(10_000, 0, 1)), 'Date(+010000-01-01T00:00:00.000Z)'],
    [new Date(Number.NaN), 'Invalid Date'],
    [18_000, '18000'],
  ])('refuses %s', (input, got) => {
    expectValidation(() => normalizeValue(t('date'), input, C), refusal('date', DATE_EXPECTED, got));
  });
});

describe('normalizeValue: time', () => {
  it.each([
    [0n, 0n],
    [86_399_999_999_999n, 86_399_999_999_999n],
    ['00:00:00', 0n],
    ['23:59:59.999999999', 86_399_999_999_999n],
    ['13:00:00.5', 46_800_500_000_000n],
    ['01:02:03.000000001', 3_723_000_000_001n],
  ])('accepts %s', (input, expected) => accepts('time', input, expected));

  it.each([
    [-1n, '-1n'],
    [86_400_000_000_000n, '86400000000000n'],
    ['24:00:00', '"24:00:00"'],
    ['12:60:00', '"12:60:00"'],
    ['12:00:60', '"12:00:60"'],
    ['1:02:03', '"1:02:03"'],
    ['12:00', '"12:00"'],
    ['12:00:00.1234567890', '"12:00:00.1234567890"'],
    ['12:00:00.', '"12:00:00."'],
    [5, '5'],
    [new Date(0), 'Date(1970-01-01T00:00:00.000Z)'],
  ])('refuses %s', (input, got) => {
    expectValidation(() => normalizeValue(t('time'), input, C), refusal('time', TIME_EXPECTED, got));
  });
});

describe('normalizeValue: uuid and timeuuid', () => {
  it.each([
    ['uuid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    ['uuid', '00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
    ['uuid', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ['uuid', '5da0e4e0-6c8a-11ef-8000-000000000001', '5da0e4e0-6c8a-11ef-8000-000000000001'],
    ['timeuuid', '5DA0E4E0-6C8A-11EF-8000-000000000001', '5da0e4e0-6c8a-11ef-8000-000000000001'],
  ])('%s accepts %s', (type, input, expected) => accepts(type, input, expected));

  it.each([
    ['uuid', 'a0eebc999c0b4ef8bb6d6bb9bd380a11', UUID_EXPECTED],
    ['uuid', '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}', UUID_EXPECTED],
    ['uuid', 'g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', UUID_EXPECTED],
    ['uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', UUID_EXPECTED],
    ['uuid', 5, UUID_EXPECTED],
    ['timeuuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a version 1 (time-based) UUID'],
    ['timeuuid', '00000000-0000-0000-0000-000000000000', 'a version 1 (time-based) UUID'],
    ['timeuuid', 'xyz', UUID_EXPECTED],
  ])('%s refuses %s', (type, input, expected) => {
    expectValidation(() => normalizeValue(t(type), input, C), refusal(type, expected, typeof input === 'string' ? JSON.stringify(input) : String(input)));
  });
});

describe('normalizeValue: inet', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::1', '::1'],
    ['::', '::'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:0:0:2:3:0:0:4', '1::2:3:0:0:4'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ['1:2:3:4:5:6:0:0', '1:2:3:4:5:6::'],
    ['FE80::A', 'fe80::a'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::ffff:102:304', '1.2.3.4'],
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
  ])('accepts %s as %s', (input, expected) => accepts('inet', input, expected));

  it.each(['2001:db8::1', '1:0:0:2::3', '1::2:3:0:0:4', 'fe80::a', '1:2:3:4:5:6:7:8', '::1', '1:2:3:4:5:6::'])(
    'gives the compressed text node:net gives for %s',
    (address) => {
      const normalised = normalizeValue(t('inet'), address.toUpperCase(), C);
      expect(normalised).toBe(new SocketAddress({ address, family: 'ipv6' }).address);
    },
  );

  it.each([
    ['256.1.1.1', '"256.1.1.1"'],
    ['01.2.3.4', '"01.2.3.4"'],
    ['1.2.3', '"1.2.3"'],
    ['fe80::1%eth0', '"fe80::1%eth0"'],
    ['::g', '"::g"'],
    ['1:2:3:4:5:6:7:8:9', '"1:2:3:4:5:6:7:8:9"'],
    ['1::2::3', '"1::2::3"'],
    ['localhost', '"localhost"'],
    ['', '""'],
    [' 1.2.3.4', '" 1.2.3.4"'],
    [5, '5'],
    [Uint8Array.of(1, 2, 3, 4), 'Uint8Array(4)'],
  ])('refuses %s', (input, got) => {
    expectValidation(() => normalizeValue(t('inet'), input, C), refusal('inet', INET_EXPECTED, got));
  });
});

describe('normalizeValue: collections', () => {
  it.each([
    ['list<int>', [1, 2, 2, -1], [1, 2, 2, -1]],
    ['list<int>', [], null],
    ['frozen<list<int>>', [], []],
    ['set<int>', [3, 1, 3, 2], [1, 2, 3]],
    ['set<int>', new Set([2, 1]), [1, 2]],
    ['set<int>', [], null],
    ['set<int>', new Set(), null],
    ['frozen<set<int>>', [], []],
    ['set<text>', ['b', 'a', 'B', 'a'], ['B', 'a', 'b']],
    ['set<double>', [0, -0, Number.NaN, Number.NaN, -1], [-1, 0, Number.NaN]],
    ['set<frozen<list<int>>>', [[2], [1, 5], [1], [2]], [[1], [1, 5], [2]]],
    ['list<frozen<set<int>>>', [[3, 1], []], [[1, 3], []]],
    ['set<timestamp>', [5, new Date(5), '1970-01-01T00:00:00.001Z'], [new Date(1), new Date(5)]],
    ['set<uuid>', ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'], ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11']],
  ])('%s normalises %s', (type, input, expected) => {
    expect(normalizeValue(t(type), input, C)).toEqual(expected);
  });

  it.each([
    ['map<text, int>', { b: 2, a: 1 }, [['a', 1], ['b', 2]]],
    ['map<text, int>', new Map([['b', 2], ['a', 1]]), [['a', 1], ['b', 2]]],
    ['map<ascii, int>', Object.assign(Object.create(null) as object, { k: 1 }), [['k', 1]]],
    ['map<varchar, boolean>', { z: true }, [['z', true]]],
    ['map<int, text>', new Map([[2, 'b'], [1, 'a'], [2, 'c']]), [[1, 'a'], [2, 'c']]],
    ['map<bigint, text>', new Map<unknown, string>([[2n, 'x'], [2, 'y']]), [[2n, 'y']]],
    ['frozen<map<text, int>>', {}, []],
    ['map<text, frozen<set<int>>>', { s: [2, 1, 2] }, [['s', [1, 2]]]],
    ['map<uuid, frozen<list<text>>>', new Map([['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', ['x']]]), [['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ['x']]]],
  ])('%s normalises %s to a Map sorted by key', (type, input, entries) => {
    const out = normalizeValue(t(type), input, C);
    expect(out).toBeInstanceOf(Map);
    expect([...(out as Map<CqlValue, CqlValue>)]).toEqual(entries);
  });

  it.each([['map<text, int>', {}], ['map<text, int>', new Map()]])('%s normalises an empty map to null', (type, input) => {
    expect(normalizeValue(t(type), input, C)).toBeNull();
  });

  it.each([
    ['list<int>', 'x', refusal('list<int>', 'a list (an array)', '"x"')],
    ['list<int>', new Set([1]), refusal('list<int>', 'a list (an array)', 'Set(1)')],
    ['list<int>', { 0: 1 }, refusal('list<int>', 'a list (an array)', 'object')],
    ['list<int>', [1, null], 'Invalid value for column c[1]: null is not supported inside collections'],
    ['list<int>', [1, undefined], 'Invalid value for column c[1]: null is not supported inside collections'],
    // eslint-disable-next-line no-sparse-arrays
    ['list<int>', [1, , 3], 'Invalid value for column c[1]: null is not supported inside collections'],
    ['list<int>', [1, 'a'], refusal('int', INT_EXPECTED.int, '"a"', 'c[1]')],
    ['list<frozen<list<int>>>', [[1, 'x']], refusal('int', INT_EXPECTED.int, '"x"', 'c[0][1]')],
    ['set<int>', { a: 1 }, refusal('set<int>', 'a set (an array or a Set)', 'object')],
    ['set<int>', new Map(), refusal('set<int>', 'a set (an array or a Set)', 'Map(0)')],
    ['set<int>', [null], 'Invalid value for column c[0]: null is not supported inside collections'],
    ['map<text, int>', [['a', 1]], refusal('map<text, int>', 'a map (a Map or a plain object)', 'array(1)')],
    ['map<text, int>', new Date(0), refusal('map<text, int>', 'a map (a Map or a plain object)', 'Date(1970-01-01T00:00:00.000Z)')],
    ['map<int, text>', { 1: 'a' }, refusal('map<int, text>', 'a map (a Map)', 'object')],
    ['map<text, int>', new Map([['a', null]]), 'Invalid value for column c["a"]: null is not supported inside collections'],
    ['map<text, int>', new Map([[null, 1]]), 'Invalid value for column c key: null is not supported inside collections'],
    ['map<text, int>', new Map([[1, 1]]), refusal('text', 'a string', '1', 'c key')],
    ['map<text, int>', { a: 'x' }, refusal('int', INT_EXPECTED.int, '"x"', 'c["a"]')],
    ['map<text, int>', new (class Bag {})(), refusal('map<text, int>', 'a map (a Map or a plain object)', 'Bag')],
  ])('%s refuses %s', (type, input, message) => {
    expectValidation(() => normalizeValue(t(type), input, C), message);
  });

  it('does not change its input', () => {
    const input = [3, 1, 2];
    normalizeValue(t('set<int>'), input, C);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('compareValues', () => {
  const cases: [string, CqlValue, CqlValue, -1 | 0 | 1][] = [
    ['text', 'Z', 'a', -1],
    ['text', 'a', 'ab', -1],
    ['text', '', 'a', -1],
    ['text', 'é', 'é', 0],
    // Code point (UTF-8) order, where UTF-16 code unit order says the opposite:
    ['text', '\uffff', '\u{10000}', -1],
    ['varchar', '\ue000', '\u{1f600}', -1],
    ['ascii', 'B', 'a', -1],
    ['int', -1, 0, -1],
    ['tinyint', 127, -128, 1],
    ['double', Number.NaN, Number.POSITIVE_INFINITY, 1],
    ['double', Number.NaN, Number.NaN, 0],
    ['double', Number.NEGATIVE_INFINITY, -1e308, -1],
    ['float', Math.fround(0.1), Math.fround(0.2), -1],
    ['bigint', -(2n ** 63n), 0n, -1],
    ['varint', 2n ** 100n, 2n ** 99n, 1],
    ['counter', 5n, 5n, 0],
    ['decimal', '-1', '0.5', -1],
    ['decimal', '10', '9.99', 1],
    ['decimal', '-10', '-9.99', -1],
    ['decimal', '0.1', '0.09', 1],
    ['decimal', '-0.1', '-0.09', -1],
    ['decimal', '2', '1.999', 1],
    ['decimal', '1.5', '1.50', -1], // equal numbers: by text
    ['decimal', '-1.5', '-1.50', -1],
    ['decimal', '0', '0.00', -1],
    ['decimal', '1.50', '1.50', 0],
    ['decimal', '100', '99.999999999999999999999', 1],
    ['boolean', false, true, -1],
    ['blob', Uint8Array.of(1), Uint8Array.of(1, 0), -1],
    ['blob', Uint8Array.of(1, 0), Uint8Array.of(2), -1],
    ['blob', new Uint8Array(0), Uint8Array.of(0), -1],
    ['blob', Uint8Array.of(0xff), Uint8Array.of(0x7f), 1],
    ['timestamp', new Date(-1), new Date(0), -1],
    ['timestamp', new Date(7), new Date(7), 0],
    ['date', '1969-12-31', '1970-01-01', -1],
    ['date', '0001-01-01', '9999-12-31', -1],
    ['time', 0n, 1n, -1],
    // uuid: by version first, whatever the bytes.
    ['uuid', 'ffffffff-ffff-1fff-bfff-ffffffffffff', '00000000-0000-4000-8000-000000000000', -1],
    // uuid version 1: by timestamp (time_hi, time_mid, time_low), not by bytes.
    ['uuid', 'ffffffff-0000-1000-8000-000000000000', '00000001-0000-1001-8000-000000000000', -1],
    ['uuid', '00000000-ffff-1000-8000-000000000000', '00000000-0000-1001-8000-000000000000', -1],
    // uuid version 4: unsigned bytes.
    ['uuid', '80000000-0000-4000-8000-000000000000', '7fffffff-ffff-4fff-bfff-ffffffffffff', 1],
    ['timeuuid', 'ffffffff-0000-1000-8000-000000000000', '00000001-0000-1001-8000-000000000000', -1],
    // timeuuid: equal timestamps by the unsigned bytes of clock_seq and node (Cassandra: signed).
    ['timeuuid', '00000000-0000-1000-0000-000000000000', '00000000-0000-1000-8000-000000000000', -1],
    ['timeuuid', '00000000-0000-1000-8000-000000000001', '00000000-0000-1000-8000-000000000001', 0],
    ['inet', '255.255.255.255', '::', -1], // IPv4 before IPv6
    ['inet', '10.0.0.1', '9.255.255.255', 1], // by bytes, not by text
    ['inet', '::1', '::2', -1],
    ['inet', 'fe80::1', '2001:db8::1', 1],
    ['list<int>', [1], [1, 0], -1],
    ['list<int>', [1, 0], [2], -1],
    ['frozen<list<int>>', [], [0], -1],
    ['set<int>', [1, 2], [1, 3], -1],
    ['frozen<set<text>>', ['a'], ['a'], 0],
    ['map<text, int>', new Map([['a', 1]]), new Map([['a', 2]]), -1],
    ['map<text, int>', new Map([['a', 2]]), new Map([['b', 0]]), -1],
    ['map<text, int>', new Map([['a', 1]]), new Map([['a', 1], ['b', 1]]), -1],
    ['frozen<map<int, frozen<list<int>>>>', new Map([[1, [1]]]), new Map([[1, [1]]]), 0],
    ['int', null, -2_147_483_648, -1],
    ['text', 'a', null, 1],
    ['list<int>', null, null, 0],
  ];

  it.each(cases)('%s: compare(%s, %s) is %i', (type, a, b, sign) => {
    expect(Math.sign(compareValues(t(type), a, b))).toBe(sign);
    expect(Math.sign(compareValues(t(type), b, a))).toBe(-sign || 0);
    expect(valuesEqual(t(type), a, b)).toBe(sign === 0);
  });

  it('sorts a set<text> by code point where JS sorts by UTF-16 unit', () => {
    const input = ['\u{10000}', '\uffff', 'a'];
    expect(normalizeValue(t('set<text>'), input, C)).toEqual(['a', '\uffff', '\u{10000}']);
    expect([...input].sort()).toEqual(['a', '\u{10000}', '\uffff']);
  });
});

describe('valuesEqual', () => {
  it.each([
    ['blob', Uint8Array.of(1, 2), Uint8Array.of(1, 2), true],
    ['blob', Uint8Array.of(1, 2), Uint8Array.of(1, 3), false],
    ['double', Number.NaN, Number.NaN, true],
    ['decimal', '1.0', '1.00', false],
    ['map<text, int>', new Map([['a', 1]]), new Map([['a', 1]]), true],
    ['map<text, int>', new Map([['a', 1]]), new Map([['a', 1], ['b', 2]]), false],
    ['timestamp', new Date(3), new Date(3), true],
    ['frozen<list<frozen<set<int>>>>', [[1, 2]], [[1, 2]], true],
  ] as [string, CqlValue, CqlValue, boolean][])('%s: %s and %s are equal: %s', (type, a, b, equal) => {
    expect(valuesEqual(t(type), a, b)).toBe(equal);
  });
});
