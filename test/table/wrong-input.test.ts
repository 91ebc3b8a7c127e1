/**
 * @module test/table/wrong-input
 * A wrong-input table (STYLE.md §28, after noble-ciphers `TYPE_TEST`) run against every public
 * function of the table layer's types, values, codec and schema. A programming mistake (an
 * argument of the wrong JS type, a value that is not normalised) throws a TypeError whose
 * message names the argument or the expected value; a mistake in user data throws
 * ValidationException. Nothing else escapes, and no input is changed.
 */
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/common/errors.js';
import {
  addColumn,
  clusteringColumns,
  columnByName,
  compareValues,
  decodeValue,
  defineTable,
  encodedSize,
  encodeValue,
  formatCqlType,
  isCollection,
  isCounter,
  isMultiCell,
  normalizeValue,
  parseCqlType,
  partitionKeyColumns,
  regularColumns,
  resolveCqlType,
  staticColumns,
  validateRow,
  valuesEqual,
} from '../../src/table/index.js';
import type { CqlType, CqlValue, TableDefinition, TableSchema } from '../../src/table/index.js';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const int: CqlType = { kind: 'int' };
const broken = { kind: 'list' } as unknown as CqlType; // a list without an element type
const unknownKind = { kind: 'nope' } as unknown as CqlType;

function definition(): TableDefinition {
  return {
    keyspace: 'ks',
    name: 't',
    columns: { k: 'int', c: 'int', v: 'text', s: 'text' },
    partitionKey: ['k'],
    clustering: [{ name: 'c' }],
    static: ['s'],
  };
}

const schema: TableSchema = defineTable(definition(), ID);
const schemaSnapshot = JSON.stringify(schema);

interface Row {
  fn: string;
  what: string;
  call: () => unknown;
  /** TypeError, with a message matching this, or ValidationException. */
  error: RegExp | 'ValidationException';
}

const rows: Row[] = [];
const add = (fn: string, what: string, call: () => unknown, error: RegExp | 'ValidationException'): void => {
  rows.push({ fn, what, call, error });
};

// ---- cql-type ----
for (const bad of [5, null, undefined, {}, ['int']] as unknown[]) add('parseCqlType', `text ${JSON.stringify(bad)}`, () => parseCqlType(bad as string), /^text must be a string/);
for (const bad of [5, null, undefined, [], { kind: 5 }, broken, unknownKind, { kind: 'map', key: int }] as unknown[]) {
  add('resolveCqlType', `type ${JSON.stringify(bad)}`, () => resolveCqlType(bad as CqlType), 'ValidationException');
}
for (const bad of [5, null, undefined, 'int', unknownKind, broken, { kind: 'frozen' }] as unknown[]) {
  add('formatCqlType', `type ${JSON.stringify(bad)}`, () => formatCqlType(bad as CqlType), /^type must be a CqlType/);
}
for (const [name, fn] of [
  ['isCollection', isCollection],
  ['isMultiCell', isMultiCell],
  ['isCounter', isCounter],
] as const) {
  for (const bad of [null, undefined, 'list<int>', 3, { kind: 3 }] as unknown[]) add(name, `type ${JSON.stringify(bad)}`, () => fn(bad as CqlType), /^type must be a CqlType/);
}

// ---- values ----
for (const bad of [null, undefined, 'int', 5] as unknown[]) add('normalizeValue', `type ${JSON.stringify(bad)}`, () => normalizeValue(bad as CqlType, 1, 'c'), /^type must be a CqlType/);
add('normalizeValue', 'an unknown type kind', () => normalizeValue(unknownKind, 1, 'c'), /^type must be a CqlType, got kind nope/);
add('normalizeValue', 'a list type without an element type', () => normalizeValue(broken, [1], 'c'), /^type must be a CqlType/);
for (const bad of [5, null, undefined, Symbol('c')] as unknown[]) add('normalizeValue', `column ${String(bad)}`, () => normalizeValue(int, 1, bad as string), /^column must be a string/);
for (const bad of ['1', 1.5, 2 ** 31, [1], {}, true, 1n << 40n] as unknown[]) add('normalizeValue', `int value ${String(bad)}`, () => normalizeValue(int, bad, 'c'), 'ValidationException');

const compareRows: [string, CqlType, CqlValue, CqlValue, RegExp][] = [
  ['a string for an int', int, 'a' as CqlValue, 1, /^expected a normalised int value, got "a"/],
  ['a number for a bigint', { kind: 'bigint' }, 1, 2n, /^expected a normalised bigint value, got 1/],
  ['a string for a blob', { kind: 'blob' }, 'ab', new Uint8Array(0), /^expected a normalised blob value/],
  ['a number for a timestamp', { kind: 'timestamp' }, 5, new Date(5), /^expected a normalised timestamp value, got 5/],
  ['a Set for a set', { kind: 'set', element: int }, new Set([1]) as unknown as CqlValue, [1], /^expected a normalised set<int> value/],
  ['an object for a map', { kind: 'map', key: { kind: 'text' }, value: int }, {} as CqlValue, new Map(), /^expected a normalised map<text, int> value/],
  ['text that is no address for an inet', { kind: 'inet' }, 'nope', '1.2.3.4', /^expected normalised inet values/],
  ['a list type without an element type', broken, [1], [1], /^type must be a CqlType/],
  ['an unknown type kind', unknownKind, 1, 2, /^type must be a CqlType, got kind nope/],
  ['no type', null as unknown as CqlType, 1, 2, /^type must be a CqlType, got null/],
];
for (const [what, type, a, b, error] of compareRows) {
  add('compareValues', what, () => compareValues(type, a, b), error);
  add('valuesEqual', what, () => valuesEqual(type, a, b), error);
}

// ---- value-codec ----
const encodeRows: [string, CqlType, unknown, RegExp][] = [
  ['null', int, null, /^expected a normalised int value, got null/],
  ['1.5 for an int', int, 1.5, /^expected a normalised int value/],
  ['2^31 for an int', int, 2 ** 31, /^expected a normalised int value/],
  ['128 for a tinyint', { kind: 'tinyint' }, 128, /^expected a normalised tinyint value/],
  ['a number for a bigint', { kind: 'bigint' }, 5, /^expected a normalised bigint value/],
  ['2^63 for a counter', { kind: 'counter' }, 2n ** 63n, /^expected a normalised counter value/],
  ['a number for a varint', { kind: 'varint' }, 5, /^expected a normalised varint value/],
  ['non-canonical decimal text', { kind: 'decimal' }, '1e3', /^expected a normalised decimal value/],
  ['a number for a decimal', { kind: 'decimal' }, 1.5, /^expected a normalised decimal value/],
  ['a non-ASCII string for an ascii', { kind: 'ascii' }, 'é', /^expected a normalised ascii value/],
  ['a number for a text', { kind: 'text' }, 5, /^expected a normalised text value/],
  ['a string for a float', { kind: 'float' }, '1', /^expected a normalised float value/],
  ['a number for a boolean', { kind: 'boolean' }, 1, /^expected a normalised boolean value/],
  ['an array for a blob', { kind: 'blob' }, [1], /^expected a normalised blob value/],
  ['an invalid Date', { kind: 'timestamp' }, new Date(Number.NaN), /^expected a normalised timestamp value/],
  ['a Date for a date', { kind: 'date' }, new Date(0), /^expected a normalised date value/],
  ['a malformed date', { kind: 'date' }, '2020-13-01', /^expected a normalised date value/],
  ['a time out of range', { kind: 'time' }, 86_400_000_000_000n, /^expected a normalised time value/],
  ['a malformed uuid', { kind: 'uuid' }, 'nope', /^expected a normalised uuid value/],
  ['a malformed inet', { kind: 'inet' }, '1.2.3', /^expected a normalised inet value/],
  ['a Set for a set', { kind: 'set', element: int }, new Set([1]), /^expected a normalised set<int> value/],
  ['an object for a map', { kind: 'map', key: { kind: 'text' }, value: int }, { a: 1 }, /^expected a normalised map<text, int> value/],
  ['a null element', { kind: 'list', element: int }, [1, null], /^expected a normalised int value, got null/],
  ['an unknown type kind', unknownKind, 1, /^type must be a CqlType, got kind nope/],
  ['no type', undefined as unknown as CqlType, 1, /^type must be a CqlType, got undefined/],
];
for (const [what, type, value, error] of encodeRows) {
  add('encodeValue', what, () => encodeValue(type, value as CqlValue), error);
  add('encodedSize', what, () => encodedSize(type, value as CqlValue), error);
}
for (const bad of [[0, 0, 0, 1], 'AAAB', null, undefined, new ArrayBuffer(4), new DataView(new ArrayBuffer(4))] as unknown[]) {
  add('decodeValue', `bytes ${Object.prototype.toString.call(bad)}`, () => decodeValue(int, bad as Uint8Array), /^bytes must be a Uint8Array/);
}
add('decodeValue', 'no type', () => decodeValue(null as unknown as CqlType, new Uint8Array(4)), /^type must be a CqlType, got null/);
add('decodeValue', 'an unknown type kind', () => decodeValue(unknownKind, new Uint8Array(4)), /^type must be a CqlType, got kind nope/);
add('decodeValue', 'four bytes for a bigint', () => decodeValue({ kind: 'bigint' }, new Uint8Array(4)), 'ValidationException');

// ---- schema ----
for (const bad of [null, undefined, 'ks.t', 5, []] as unknown[]) add('defineTable', `def ${JSON.stringify(bad)}`, () => defineTable(bad as unknown as TableDefinition, ID), /^def must be an object/);
for (const bad of ['nope', '', 5, null, undefined, `${ID}x`] as unknown[]) add('defineTable', `id ${JSON.stringify(bad)}`, () => defineTable(definition(), bad as string), /^id must be a UUID string/);
for (const [what, def] of [
  ['keyspace missing', { ...definition(), keyspace: undefined }],
  ['columns an array', { ...definition(), columns: [['k', 'int']] }],
  ['a column type a number', { ...definition(), columns: { ...definition().columns, v: 5 } }],
  ['partitionKey a string', { ...definition(), partitionKey: 'k' }],
  ['a partition key name a number', { ...definition(), partitionKey: [5] }],
  ['clustering an object', { ...definition(), clustering: { name: 'c' } }],
  ['a clustering entry a string', { ...definition(), clustering: ['c'] }],
  ['static a string', { ...definition(), static: 's' }],
  ['a static name null', { ...definition(), static: [null] }],
  ['options a string', { ...definition(), options: 'x' }],
] as const) {
  add('defineTable', what, () => defineTable(def as unknown as TableDefinition, ID), 'ValidationException');
}
for (const bad of [null, undefined, {}, { columns: 'k' }, 'schema'] as unknown[]) {
  add('addColumn', `schema ${JSON.stringify(bad)}`, () => addColumn(bad as unknown as TableSchema, 'x', 'int'), /^schema must be a TableSchema/);
  add('columnByName', `schema ${JSON.stringify(bad)}`, () => columnByName(bad as unknown as TableSchema, 'k'), /^schema must be a TableSchema/);
  add('validateRow', `schema ${JSON.stringify(bad)}`, () => validateRow(bad as unknown as TableSchema, { k: 1, c: 1 }, 'insert'), /^schema must be a TableSchema/);
  for (const [name, fn] of [
    ['partitionKeyColumns', partitionKeyColumns],
    ['clusteringColumns', clusteringColumns],
    ['regularColumns', regularColumns],
    ['staticColumns', staticColumns],
  ] as const) {
    add(name, `schema ${JSON.stringify(bad)}`, () => fn(bad as unknown as TableSchema), /^schema must be a TableSchema/);
  }
}
for (const bad of [5, null, undefined, '', '1x'] as unknown[]) add('addColumn', `name ${JSON.stringify(bad)}`, () => addColumn(schema, bad as string, 'int'), 'ValidationException');
for (const bad of [5, null, 'list<list<int>>', { kind: 'x' }] as unknown[]) add('addColumn', `type ${JSON.stringify(bad)}`, () => addColumn(schema, 'x', bad as string), 'ValidationException');
for (const bad of ['yes', 1, null] as unknown[]) add('addColumn', `isStatic ${JSON.stringify(bad)}`, () => addColumn(schema, 'x', 'int', bad as boolean), /^isStatic must be a boolean/);
for (const bad of [null, undefined, 'k=1', 5, [1, 2]] as unknown[]) {
  add('validateRow', `row ${JSON.stringify(bad)}`, () => validateRow(schema, bad as Record<string, unknown>, 'insert'), /^row must be an object/);
}
for (const bad of ['upsert', 'INSERT', null, undefined] as unknown[]) {
  add('validateRow', `mode ${JSON.stringify(bad)}`, () => validateRow(schema, { k: 1, c: 1 }, bad as 'insert'), /^mode must be 'insert' or 'update'/);
}
for (const [what, row] of [
  ['an unknown column', { k: 1, c: 1, x: 1 }],
  ['a key of the wrong type', { k: 'one', c: 1 }],
  ['a value of the wrong type', { k: 1, c: 1, v: 5 }],
  ['a missing clustering column', { k: 1, v: 'x' }],
] as const) {
  add('validateRow', what, () => validateRow(schema, row, 'insert'), 'ValidationException');
}

describe('wrong inputs to the table layer', () => {
  it('covers every public function', () => {
    expect(new Set(rows.map((r) => r.fn))).toEqual(
      new Set([
        'parseCqlType',
        'resolveCqlType',
        'formatCqlType',
        'isCollection',
        'isMultiCell',
        'isCounter',
        'normalizeValue',
        'compareValues',
        'valuesEqual',
        'encodeValue',
        'encodedSize',
        'decodeValue',
        'defineTable',
        'addColumn',
        'columnByName',
        'partitionKeyColumns',
        'clusteringColumns',
        'regularColumns',
        'staticColumns',
        'validateRow',
      ]),
    );
  });

  it.each(rows)('$fn: $what', ({ call, error }) => {
    let thrown: unknown;
    try {
      call();
    } catch (e) {
      thrown = e;
    }
    if (error === 'ValidationException') {
      expect(thrown).toBeInstanceOf(ValidationException);
    } else {
      expect(thrown).toBeInstanceOf(TypeError);
      expect((thrown as Error).message).toMatch(error);
    }
    expect(JSON.stringify(schema)).toBe(schemaSnapshot);
  });
});
