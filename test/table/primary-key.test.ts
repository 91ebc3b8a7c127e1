/**
 * @module test/table/primary-key
 * keyShape, encodePartitionKey, encodeClustering and decodeKeys with frozen collections as
 * partition key and clustering columns (as Cassandra allows them): the codec types they map to,
 * normalised values back, CQL clustering order with ASC and DESC, and the refusal of a
 * non-frozen collection.
 */
import { describe, expect, it } from 'vitest';
import { compareValues, defineTable, normalizeValue, parseCqlType } from '../../src/table/index.js';
import type { CqlValue, TableSchema } from '../../src/table/index.js';
import { decodeKeys, encodeClustering, encodePartitionKey, keyShape } from '../../src/table/primary-key.js';
import { compareBytes } from '../../src/storage/kv/index.js';
import { expectValidation } from './_helpers.js';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** k frozen<list<int>>, c1 frozen<set<text>> ASC, c2 frozen<map<text, frozen<list<int>>>> DESC. */
function collectionKeys(): TableSchema {
  return defineTable(
    {
      keyspace: 'ks',
      name: 't',
      columns: { k: 'frozen<list<int>>', c1: 'frozen<set<text>>', c2: 'frozen<map<text, frozen<list<int>>>>', v: 'int' },
      partitionKey: ['k'],
      clustering: [{ name: 'c1' }, { name: 'c2', order: 'DESC' }],
    },
    ID,
  );
}

/** A row's key values as the table layer normalises them. */
function row(schema: TableSchema, values: Record<string, unknown>): Record<string, CqlValue> {
  const out: Record<string, CqlValue> = {};
  for (const [name, v] of Object.entries(values)) out[name] = normalizeValue(schema.columns.find((c) => c.name === name)!.type, v, name);
  return out;
}

describe('primary keys with frozen collections', () => {
  it('keyShape maps frozen collections, nested ones too, to the codec collection types', () => {
    const shape = keyShape(collectionKeys());
    expect(shape.partitionTypes).toEqual([{ kind: 'list', element: 'int' }]);
    expect(shape.clusteringTypes).toEqual([
      { kind: 'set', element: 'text' },
      { kind: 'map', key: 'text', value: { kind: 'list', element: 'int' } },
    ]);
    expect(shape.clusteringOrders).toEqual(['ASC', 'DESC']);
  });

  it('decodeKeys gives back the normalised values: arrays for list and set, a Map for map', () => {
    const schema = collectionKeys();
    const shape = keyShape(schema);
    const values = row(schema, { k: [3, 1, 3], c1: new Set(['b', 'a', 'b']), c2: { y: [], x: [2, 1] } });
    expect(values).toEqual({ k: [3, 1, 3], c1: ['a', 'b'], c2: new Map([['x', [2, 1]], ['y', []]]) });
    const keys = decodeKeys(shape, encodePartitionKey(shape, values), encodeClustering(shape, values));
    expect(keys).toEqual(values);
    expect([...(keys['c2'] as Map<CqlValue, CqlValue>).keys()]).toEqual(['x', 'y']);
  });

  it('empty frozen collections are values and round-trip', () => {
    const schema = collectionKeys();
    const shape = keyShape(schema);
    const values = row(schema, { k: [], c1: [], c2: new Map() });
    expect(decodeKeys(shape, encodePartitionKey(shape, values), encodeClustering(shape, values))).toEqual({ k: [], c1: [], c2: new Map() });
  });

  it('clustering keys sort in CQL order: c1 ascending element by element with a prefix first, then c2 descending', () => {
    const schema = collectionKeys();
    const shape = keyShape(schema);
    // Listed in clustering order.
    const rows = [
      { c1: [], c2: { a: [1] } },
      { c1: [], c2: { a: [] } },
      { c1: [], c2: {} },
      { c1: ['a'], c2: { b: [] } },
      { c1: ['a'], c2: { a: [0, 0] } },
      { c1: ['a'], c2: { a: [0] } },
      { c1: ['a', 'b'], c2: {} },
      { c1: ['b'], c2: {} },
    ].map((r) => row(schema, { k: [1], ...r }));
    const encoded = rows.map((r) => encodeClustering(shape, r));
    for (let i = 1; i < rows.length; i++) expect(compareBytes(encoded[i - 1]!, encoded[i]!), `row ${i - 1} before row ${i}`).toBeLessThan(0);
    // The same order as compareValues per column, c2 reversed.
    const t1 = parseCqlType('frozen<set<text>>');
    const t2 = parseCqlType('frozen<map<text, frozen<list<int>>>>');
    for (let i = 1; i < rows.length; i++) {
      const [x, y] = [rows[i - 1]!, rows[i]!];
      expect(compareValues(t1, x['c1']!, y['c1']!) || -compareValues(t2, x['c2']!, y['c2']!)).toBeLessThan(0);
    }
  });

  it('a partition key [1, 2] differs from [1] and [1, 2, 3] and sorts between them', () => {
    const schema = collectionKeys();
    const shape = keyShape(schema);
    const [a, b, c] = [[1], [1, 2], [1, 2, 3]].map((k) => encodePartitionKey(shape, { k }));
    expect(compareBytes(a!, b!)).toBeLessThan(0);
    expect(compareBytes(b!, c!)).toBeLessThan(0);
  });

  it('a non-frozen collection as a key column is refused by keyShape with Cassandra\'s message', () => {
    const schema = defineTable({ keyspace: 'ks', name: 't', columns: { k: 'int', v: 'list<int>' }, partitionKey: ['k'] }, ID);
    // A schema that defineTable would refuse, to reach keyShape's own guard.
    const bad: TableSchema = { ...schema, columns: schema.columns.map((c) => (c.name === 'v' ? { ...c, kind: 'clustering', position: 0 } : c)) };
    expectValidation(() => keyShape(bad), 'Table ks.t: Invalid non-frozen collection type for PRIMARY KEY component v');
  });
});
