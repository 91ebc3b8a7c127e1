/**
 * Every CQL scalar type round-trips through the store (insert → get/query/scan give back the
 * normalised value of table/values.ts) as a regular column, a partition key column and a
 * clustering column (ASC and DESC), and key columns order by CQL value order. Collections
 * round-trip as regular columns: list → array, set → sorted array without duplicates, map →
 * `Map` sorted by key.
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/index.js';
import { cleanUpAfterEach, expectInEveryState, KS, openStore, scanAll } from './_store-helpers.js';

cleanUpAfterEach();

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

/** Normalised values of each scalar type, in ascending CQL order. */
const SAMPLES: { type: string; values: unknown[] }[] = [
  { type: 'text', values: ['', 'A', 'a', 'ab', 'a\u0000', 'é', '日本', '😀'].sort(compareCodePoints) },
  { type: 'ascii', values: ['', ' ', 'A', 'Z', 'a', 'z~'] },
  { type: 'varchar', values: ['', 'a', 'b', 'bb'] },
  { type: 'int', values: [-2_147_483_648, -256, -1, 0, 1, 255, 2_147_483_647] },
  { type: 'bigint', values: [-(2n ** 63n), -1n, 0n, 1n, 2n ** 32n, 2n ** 63n - 1n] },
  { type: 'smallint', values: [-32_768, -1, 0, 1, 32_767] },
  { type: 'tinyint', values: [-128, -1, 0, 1, 127] },
  { type: 'boolean', values: [false, true] },
  { type: 'float', values: [-Infinity, -3.4028234663852886e38, -1.5, 0, 1.401298464324817e-45, 1.5, Infinity, NaN] },
  { type: 'double', values: [-Infinity, -1e300, -0.5, 0, 5e-324, 0.1, 1.5, Number.MAX_VALUE, Infinity, NaN] },
  { type: 'decimal', values: ['-12.5', '-0.5', '0', '0.001', '1.0', '1.00', '12.340', '1500', '123456789012345678901234567890.5'] },
  { type: 'varint', values: [-(10n ** 30n), -256n, -1n, 0n, 1n, 255n, 256n, 10n ** 30n] },
  { type: 'blob', values: [bytes(), bytes(0), bytes(0, 0), bytes(0, 1), bytes(1), bytes(255), bytes(255, 0)] },
  {
    type: 'timestamp',
    values: [new Date(-8.64e15), new Date(-1), new Date(0), new Date('2026-01-01T00:00:00.123Z'), new Date(8.64e15)],
  },
  { type: 'date', values: ['0001-01-01', '1969-12-31', '1970-01-01', '2024-02-29', '9999-12-31'] },
  { type: 'time', values: [0n, 1n, 43_200_000_000_000n, 86_399_999_999_999n] },
  {
    type: 'uuid',
    values: [
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-1000-8000-000000000000',
      'ffffffff-0000-1000-8000-000000000000',
      '123e4567-e89b-42d3-a456-426614174000',
      'ffffffff-ffff-4fff-bfff-ffffffffffff',
    ],
  },
  {
    type: 'timeuuid',
    values: [
      '00000000-0000-1000-8000-000000000000',
      'ffffffff-0000-1000-8000-000000000000',
      '00000000-0001-1000-8000-000000000000',
      '00000000-0000-1001-0000-000000000000',
      '00000000-0000-1001-ffff-ffffffffffff',
    ],
  },
  { type: 'inet', values: ['0.0.0.0', '10.0.0.1', '255.255.255.255', '::', '::1', '2001:db8::1', 'ffff::'] },
];

function compareCodePoints(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Values that cannot be a single-column partition key (empty encodings: "Key may not be empty"). */
const emptyKey = (v: unknown): boolean => v === '' || (v instanceof Uint8Array && v.length === 0);

describe('Store scalar types', () => {
  it.each(SAMPLES)('$type round-trips as a regular, partition key and clustering (ASC and DESC) column, in CQL order', async ({ type, values }) => {
    const f = await openStore();
    await f.table({
      name: 't',
      columns: { pk: type, ck: type, cd: type, v: type },
      partitionKey: ['pk'],
      clustering: [{ name: 'ck' }, { name: 'cd', order: 'DESC' }],
    });
    const pkValues = values.filter((v) => !emptyKey(v));
    const pk = pkValues[0];
    const first = values[0];
    // In one partition: (ck = first, cd = every value) and (ck = every other value, cd = first).
    for (const v of values) await f.store.insert(KS, 't', { pk, ck: first, cd: v, v });
    for (const v of values.slice(1)) await f.store.insert(KS, 't', { pk, ck: v, cd: first, v });
    // One partition per value.
    for (const v of pkValues.slice(1)) await f.store.insert(KS, 't', { pk: v, ck: first, cd: first, v });
    const expectedRows: Row[] = [
      ...[...values].reverse().map((v) => ({ pk, ck: first, cd: v, v })),
      ...values.slice(1).map((v) => ({ pk, ck: v, cd: first, v })),
    ] as Row[];
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.query(KS, 't', { pk })).rows).toEqual(expectedRows);
      for (const row of expectedRows) expect(await f.store.get(KS, 't', { pk: row['pk'], ck: row['ck'], cd: row['cd'] })).toEqual(row);
      const scanned = await scanAll(f.store, 't', 3);
      const pks: unknown[] = [];
      for (const r of scanned) if (pks.length === 0 || !sameValue(pks.at(-1), r['pk'])) pks.push(r['pk']);
      expect(pks).toEqual(pkValues);
    });
  });

  it.each([
    { type: 'float', given: 0.1, stored: Math.fround(0.1) },
    { type: 'float', given: -0, stored: 0 },
    { type: 'double', given: -0, stored: 0 },
    { type: 'int', given: 5n, stored: 5 },
    { type: 'bigint', given: 5, stored: 5n },
    { type: 'bigint', given: '-9223372036854775808', stored: -(2n ** 63n) },
    { type: 'varint', given: '123456789012345678901234567890', stored: 123456789012345678901234567890n },
    { type: 'decimal', given: '012.340', stored: '12.340' },
    { type: 'decimal', given: 1.5e3, stored: '1500' },
    { type: 'decimal', given: '-.5', stored: '-0.5' },
    { type: 'timestamp', given: 1_767_225_600_000, stored: new Date(1_767_225_600_000) },
    { type: 'timestamp', given: '2026-01-01 10:00:00+0100', stored: new Date('2026-01-01T09:00:00Z') },
    { type: 'date', given: new Date('2026-03-01T00:00:00Z'), stored: '2026-03-01' },
    { type: 'time', given: '10:00:00.000000001', stored: 36_000_000_000_001n },
    { type: 'uuid', given: '123E4567-E89B-42D3-A456-426614174000', stored: '123e4567-e89b-42d3-a456-426614174000' },
    { type: 'inet', given: '::ffff:1.2.3.4', stored: '1.2.3.4' },
    { type: 'inet', given: '2001:0DB8:0:0:0:0:0:1', stored: '2001:db8::1' },
    { type: 'blob', given: Buffer.from([1, 2]), stored: new Uint8Array([1, 2]) },
  ])('$type given $given is stored and returned as its normalised value', async ({ type, given, stored }) => {
    const f = await openStore();
    await f.table({ name: 't', columns: { pk: 'int', ck: type, v: type }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] });
    await f.store.insert(KS, 't', { pk: 1, ck: given, v: given });
    await expectInEveryState(f, 't', async () => {
      const row = await f.store.get(KS, 't', { pk: 1, ck: given });
      expect(row).toEqual({ pk: 1, ck: stored, v: stored });
      if (stored instanceof Uint8Array) expect(Object.getPrototypeOf(row?.['v'])).toBe(Uint8Array.prototype);
    });
  });

  it('a blob read back is a copy: changing it does not change the stored value', async () => {
    const f = await openStore();
    await f.table({ name: 't', columns: { pk: 'int', v: 'blob' }, partitionKey: ['pk'] });
    const given = bytes(1, 2, 3);
    await f.store.insert(KS, 't', { pk: 1, v: given });
    given[0] = 9;
    const read = (await f.store.get(KS, 't', { pk: 1 }))?.['v'] as Uint8Array;
    expect(read).toEqual(bytes(1, 2, 3));
    read[1] = 9;
    expect((await f.store.get(KS, 't', { pk: 1 }))?.['v']).toEqual(bytes(1, 2, 3));
  });
});

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

describe('Store collections', () => {
  const C = {
    name: 'c',
    columns: {
      pk: 'int',
      l: 'list<int>',
      st: 'set<text>',
      si: 'set<int>',
      m: 'map<text, int>',
      mi: 'map<int, text>',
      fl: 'frozen<list<text>>',
      nested: 'map<text, frozen<set<int>>>',
    },
    partitionKey: ['pk'],
  };

  it('list, set and map round-trip: list keeps order and duplicates, set is sorted and unique, map is a Map sorted by key', async () => {
    const f = await openStore();
    await f.table(C);
    await f.store.insert(KS, 'c', {
      pk: 1,
      l: [3, 1, 3, -2],
      st: ['b', 'a', 'b', ''],
      si: new Set([10, -1, 2]),
      m: { b: 2, a: 1 },
      mi: new Map([
        [2, 'two'],
        [-1, 'minus one'],
      ]),
      fl: [],
      nested: { y: [3, 1], x: new Set([2]) },
    });
    await expectInEveryState(f, 'c', async () => {
      const row = await f.store.get(KS, 'c', { pk: 1 });
      expect(row?.['l']).toEqual([3, 1, 3, -2]);
      expect(row?.['st']).toEqual(['', 'a', 'b']);
      expect(row?.['si']).toEqual([-1, 2, 10]);
      expect(row?.['m']).toBeInstanceOf(Map);
      expect([...(row?.['m'] as Map<unknown, unknown>)]).toEqual([
        ['a', 1],
        ['b', 2],
      ]);
      expect([...(row?.['mi'] as Map<unknown, unknown>)]).toEqual([
        [-1, 'minus one'],
        [2, 'two'],
      ]);
      expect(row?.['fl']).toEqual([]);
      expect([...(row?.['nested'] as Map<unknown, unknown>)]).toEqual([
        ['x', [2]],
        ['y', [1, 3]],
      ]);
    });
  });

  it('an empty non-frozen collection is stored as null', async () => {
    const f = await openStore();
    await f.table(C);
    await f.store.insert(KS, 'c', { pk: 1, l: [1], st: ['a'], m: { a: 1 } });
    await f.store.insert(KS, 'c', { pk: 1, l: [], st: new Set(), m: {} });
    await expectInEveryState(f, 'c', async () => {
      const row = await f.store.get(KS, 'c', { pk: 1 });
      expect(row).toMatchObject({ l: null, st: null, m: null });
    });
  });

  it('a collection written again is replaced whole (last write wins for the column)', async () => {
    const f = await openStore();
    await f.table(C);
    await f.store.insert(KS, 'c', { pk: 1, l: [1, 2, 3], m: { a: 1, b: 2 } });
    await f.store.flush(KS, 'c');
    await f.store.update(KS, 'c', { pk: 1 }, { l: [9], m: { c: 3 } });
    await expectInEveryState(f, 'c', async () => {
      const row = await f.store.get(KS, 'c', { pk: 1 });
      expect(row?.['l']).toEqual([9]);
      expect([...(row?.['m'] as Map<unknown, unknown>)]).toEqual([['c', 3]]);
    });
  });
});
