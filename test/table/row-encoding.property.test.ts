/**
 * @module test/table/row-encoding.property
 * The one-pass write path of the table layer against the two-step reference it replaces:
 * `encodeInput(type, x)` is `encodeValue(type, normalizeValue(type, x))` (same bytes, or the same
 * error), and `encodeRowWrite(schema, row)` is `validateRow(schema, row)` with every value
 * serialized (same key, same columns in the same order, same payloads, or the same error), for
 * well-formed and ill-formed inputs alike; rows added to one PayloadBatch get those payloads, as
 * views of one buffer of exactly their total size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addColumn, defineTable, encodeValue, normalizeValue, parseCqlType, validateRow } from '../../src/table/index.js';
import type { CqlType, TableSchema } from '../../src/table/index.js';
import { addRowWrite, encodeRowWrite } from '../../src/table/schema.js';
import { encodeInput, PayloadBatch } from '../../src/table/value-codec.js';
import { arbitraryCqlType, arbitraryValue } from './arbitraries.js';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** The outcome of a call: its result, or the name and message of what it threw. */
function outcome<T>(fn: () => T): { ok: T } | { error: string } {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Inputs a caller may pass for any type: edge numbers, bigints, strings (lone surrogates too), dates, bytes, collections. */
const rawInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    0,
    -0,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    2 ** 31,
    -(2 ** 31),
    2 ** 31 - 1,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
    2n ** 63n,
    -(2n ** 63n),
    2n ** 63n - 1n,
    '',
    'a\uD800',
    '\uDC00b',
    'é☃𝄞',
    '12',
    '+5',
    '2026-01-01',
    true,
    new Date(NaN),
    new Date(8.64e15),
    8.64e15 + 1,
    Buffer.from('buf'),
    [],
    new Set(),
    new Map(),
    {},
  ),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.string({ unit: 'binary' }),
  fc.date({ noInvalidDate: false }),
  fc.uint8Array({ maxLength: 8 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** A type and an input for it: a normalised value of the type, or any raw input. */
const typedInput: fc.Arbitrary<{ type: CqlType; input: unknown }> = arbitraryCqlType({ maxDepth: 2 }).chain((type) =>
  fc.record({ type: fc.constant(type), input: fc.oneof(arbitraryValue(type), rawInput) }),
);

function reference(type: CqlType, input: unknown): Uint8Array | null {
  const value = normalizeValue(type, input, 'c');
  return value === null ? null : encodeValue(type, value);
}

describe('encodeInput (property)', () => {
  it('gives the bytes of encodeValue(normalizeValue(x)), or throws the same error', () => {
    fc.assert(
      fc.property(typedInput, ({ type, input }) => {
        expect(outcome(() => encodeInput(type, input, 'c'))).toEqual(outcome(() => reference(type, input)));
      }),
      { numRuns: 3000 },
    );
  });

  it('copies a blob: the caller may change its bytes afterwards', () => {
    const given = Uint8Array.of(1, 2, 3);
    const payload = encodeInput(parseCqlType('blob'), given, 'b')!;
    given[0] = 9;
    expect([...payload]).toEqual([1, 2, 3]);
  });
});

/** ks.t: a text and an int partition key, a DESC timestamp and a bigint clustering key, a static, regular columns of common types and a collection. */
const schema: TableSchema = defineTable(
  {
    keyspace: 'ks',
    name: 't',
    columns: { p: 'text', q: 'int', c1: 'timestamp', c2: 'bigint', s: 'text', a: 'text', n: 'bigint', d: 'double', b: 'blob', f: 'boolean', l: 'list<int>', x: 'decimal' },
    partitionKey: ['p', 'q'],
    clustering: [{ name: 'c1', order: 'DESC' }, { name: 'c2' }],
    static: ['s'],
  },
  ID,
);

const columnInput = (name: string): fc.Arbitrary<unknown> => {
  const col = schema.columns.find((c) => c.name === name)!;
  return fc.oneof({ weight: 4, arbitrary: arbitraryValue(col.type) }, { weight: 1, arbitrary: rawInput });
};

/** Rows of ks.t: each column absent or given (well-formed mostly), sometimes an unknown column. */
const rowArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record(Object.fromEntries(schema.columns.map((c) => [c.name, columnInput(c.name)])), { requiredKeys: [] }),
    fc.option(fc.constantFrom('zz', 'P', '__proto__'), { freq: 10 }),
  )
  .map(([row, unknown]) => (unknown === null ? row : { ...row, [unknown]: 1 }));

function referenceRow(s: TableSchema, row: Record<string, unknown>, mode: 'insert' | 'update') {
  const { key, values } = validateRow(s, row, mode);
  const columns = [...values.keys()].map((id) => s.columns.find((c) => c.id === id)!);
  return { key, columns, payloads: [...values].map(([id, v]) => (v === null ? null : encodeValue(s.columns.find((c) => c.id === id)!.type, v))) };
}

describe('encodeRowWrite (property)', () => {
  it('is validateRow with each value serialized: same key, columns, payloads, or the same error', () => {
    fc.assert(
      fc.property(rowArb, fc.constantFrom('insert' as const, 'update' as const), (row, mode) => {
        expect(outcome(() => encodeRowWrite(schema, row, mode))).toEqual(outcome(() => referenceRow(schema, row, mode)));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a changed schema afresh: a column added by ALTER is accepted at once', () => {
    const row = { p: 'a', q: 1, c1: new Date(0), c2: 1n, added: 'v' };
    expect(outcome(() => encodeRowWrite(schema, row, 'insert'))).toEqual({ error: 'ValidationException: Unknown column added in table ks.t' });
    const altered = addColumn(schema, 'added', 'text');
    expect(encodeRowWrite(altered, row, 'insert')).toEqual(referenceRow(altered, row, 'insert'));
  });

  it('takes an INSERT into a counter table as validateRow does (refused), and UPDATE increments', () => {
    const counters = defineTable({ keyspace: 'ks', name: 'c', columns: { k: 'int', n: 'counter' }, partitionKey: ['k'] }, ID);
    for (const mode of ['insert', 'update'] as const)
      for (const n of [5n, -3, null, 'x'])
        expect(outcome(() => encodeRowWrite(counters, { k: 1, n }, mode))).toEqual(outcome(() => referenceRow(counters, { k: 1, n }, mode)));
  });

  it('rows added to one PayloadBatch get the payloads encodeRowWrite gives each, as views of one buffer of their total size', () => {
    const batch = new PayloadBatch(16);
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 8 }), (rows) => {
        const valid = rows.filter((row) => 'ok' in outcome(() => encodeRowWrite(schema, row, 'update')));
        const expected = valid.map((row) => encodeRowWrite(schema, row, 'update'));
        const added = valid.map((row) => addRowWrite(schema, row, 'update', batch));
        const payloads = batch.finish();
        expect(added).toEqual(expected.map(({ key, columns }) => ({ key, columns })));
        expect(payloads).toEqual(expected.flatMap((e) => e.payloads));
        const live = payloads.filter((p): p is Uint8Array => p !== null);
        const total = live.reduce((n, p) => n + p.length, 0);
        for (const p of live) expect(p.buffer.byteLength).toBe(total);
        expect(batch.count).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('a PayloadBatch cleared after a row that failed halfway starts afresh', () => {
    const batch = new PayloadBatch(16);
    expect(() => addRowWrite(schema, { p: 'a', q: 1, c1: new Date(0), c2: 1n, a: 'x'.repeat(100), n: 'not a number' }, 'insert', batch)).toThrow('Invalid value for column n');
    batch.clear();
    const row = { p: 'a', q: 1, c1: new Date(0), c2: 1n, a: 'y', f: true };
    addRowWrite(schema, row, 'insert', batch);
    expect(batch.finish()).toEqual(encodeRowWrite(schema, row, 'insert').payloads);
  });
});
