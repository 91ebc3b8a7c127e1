/**
 * @module test/table/primary-key.property
 * Properties of the table's primary keys (STYLE.md §25) for random tables whose key columns are
 * scalars or frozen collections (`arbitraryKeyType`), clustering columns ASC or DESC:
 * decodeKeys gives back the normalised key values; the byte order of encoded partition keys and
 * clustering keys is the tuple order of `compareValues` (src/table/values.ts), each clustering
 * column in its direction; a clustering prefix encodes to a byte-prefix of the full key.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues, defineTable } from '../../src/table/index.js';
import type { CqlType, CqlValue, TableSchema } from '../../src/table/index.js';
import { decodeKeys, encodeClustering, encodePartitionKey, keyShape } from '../../src/table/primary-key.js';
import { compareBytes } from '../../src/storage/kv/index.js';
import { arbitraryKeyType, arbitraryValue } from './arbitraries.js';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

interface Column {
  name: string;
  type: CqlType;
  order: 'ASC' | 'DESC';
}

interface Table {
  schema: TableSchema;
  partition: Column[];
  clustering: Column[];
}

/** A table with 1..3 partition key columns and 0..3 clustering columns of random key types. */
const table: fc.Arbitrary<Table> = fc
  .tuple(
    fc.array(arbitraryKeyType(), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(arbitraryKeyType(), fc.constantFrom<'ASC' | 'DESC'>('ASC', 'DESC')), { maxLength: 3 }),
  )
  .map(([pk, ck]) => {
    const partition = pk.map((type, i): Column => ({ name: `p${i}`, type, order: 'ASC' }));
    const clustering = ck.map(([type, order], i): Column => ({ name: `c${i}`, type, order }));
    const columns: Record<string, CqlType> = { v: { kind: 'int' } };
    for (const c of [...partition, ...clustering]) columns[c.name] = c.type;
    const schema = defineTable(
      {
        keyspace: 'ks',
        name: 't',
        columns,
        partitionKey: partition.map((c) => c.name),
        clustering: clustering.map((c) => ({ name: c.name, order: c.order })),
      },
      ID,
    );
    return { schema, partition, clustering };
  });

/** A table and two rows of key values, each column's pair drawn from a pool of at most three values so that ties come up. */
const tableAndRows = table.chain((t) => {
  const cols = [...t.partition, ...t.clustering];
  const pairs = cols.map((c) =>
    fc
      .array(arbitraryValue(c.type), { minLength: 1, maxLength: 3 })
      .chain((pool) => fc.tuple(fc.constantFrom(...pool), fc.constantFrom(...pool))),
  );
  return fc.tuple(...pairs).map((ps) => {
    const a: Record<string, CqlValue> = {};
    const b: Record<string, CqlValue> = {};
    cols.forEach((c, i) => {
      [a[c.name], b[c.name]] = ps[i] as [CqlValue, CqlValue];
    });
    return { t, a, b };
  });
});

/** compareValues column by column, each in its direction. */
function tupleCmp(cols: Column[], a: Record<string, CqlValue>, b: Record<string, CqlValue>): number {
  for (const c of cols) {
    const x = sign(compareValues(c.type, a[c.name] as CqlValue, b[c.name] as CqlValue));
    if (x !== 0) return c.order === 'DESC' ? -x : x;
  }
  return 0;
}

describe('primary keys (properties)', () => {
  it('decodeKeys(encode(row)) gives back the normalised key values, collections as arrays and Maps', () => {
    fc.assert(
      fc.property(tableAndRows, ({ t, a }) => {
        const shape = keyShape(t.schema);
        const keys = decodeKeys(shape, encodePartitionKey(shape, a), shape.clusteringColumns.length > 0 ? encodeClustering(shape, a) : undefined);
        for (const c of [...t.partition, ...t.clustering]) {
          expect(keys[c.name]).toEqual(a[c.name]);
          expect(compareValues(c.type, keys[c.name] as CqlValue, a[c.name] as CqlValue)).toBe(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('byte order of partition keys and of clustering keys is the compareValues tuple order, DESC columns reversed', () => {
    fc.assert(
      fc.property(tableAndRows, ({ t, a, b }) => {
        const shape = keyShape(t.schema);
        expect(sign(compareBytes(encodePartitionKey(shape, a), encodePartitionKey(shape, b)))).toBe(tupleCmp(t.partition, a, b));
        expect(sign(compareBytes(encodeClustering(shape, a), encodeClustering(shape, b)))).toBe(tupleCmp(t.clustering, a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('a clustering prefix encodes to a byte-prefix of the full clustering key and decodes to the prefix columns', () => {
    fc.assert(
      fc.property(tableAndRows, fc.nat(), ({ t, a }, k) => {
        const shape = keyShape(t.schema);
        const n = k % (t.clustering.length + 1);
        const full = encodeClustering(shape, a);
        const prefix = encodeClustering(shape, a, n);
        expect(hex(full.subarray(0, prefix.length))).toBe(hex(prefix));
        const keys = decodeKeys(shape, encodePartitionKey(shape, a), prefix);
        t.clustering.forEach((c, i) => expect(keys[c.name]).toEqual(i < n ? a[c.name] : null));
      }),
      { numRuns: 300 },
    );
  });
});
