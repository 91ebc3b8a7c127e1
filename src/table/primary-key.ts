/**
 * @module table/primary-key
 * From a row's key values to the engine's opaque keys and back: the partition key and the
 * clustering key are encoded with the order-preserving key codec (storage/key-codec.ts), the
 * clustering columns in their declared ASC/DESC order, so byte order is CQL clustering order.
 * Key columns may be scalars or frozen collections (`frozen<list<T>>`, `frozen<set<T>>`,
 * `frozen<map<K, V>>`, nested), as in Cassandra; their normalised values (arrays, Maps) are
 * what the codec takes and gives back.
 */
import { ValidationException } from '../common/errors.js';
import { decodeCompositeKey, encodeTrustedCompositeKey, type KeyType, type KeyValue, type SortOrder } from '../storage/key-codec.js';
import type { CqlType } from './cql-type.js';
import type { CqlValue } from './values.js';
import { clusteringColumns, partitionKeyColumns, type ColumnDef, type TableSchema } from './schema.js';

/** The key codec's type of a CQL type: a scalar name, or a collection with `frozen` implied. */
function toKeyType(schema: TableSchema, col: ColumnDef, type: CqlType, frozen: boolean): KeyType {
  switch (type.kind) {
    case 'frozen':
      return toKeyType(schema, col, type.inner, true);
    case 'list':
    case 'set':
    case 'map':
      /* Precondition: a key column is not a non-frozen collection. */
      if (!frozen) throw new ValidationException(`Table ${schema.keyspace}.${schema.name}: Invalid non-frozen collection type for PRIMARY KEY component ${col.name}`);
      // Every collection nested in a frozen one is frozen too.
      return type.kind === 'map'
        ? { kind: 'map', key: toKeyType(schema, col, type.key, true), value: toKeyType(schema, col, type.value, true) }
        : { kind: type.kind, element: toKeyType(schema, col, type.element, true) };
    default:
      return type.kind;
  }
}

function keyType(schema: TableSchema, col: ColumnDef): KeyType {
  return toKeyType(schema, col, col.type, false);
}

/** The types and orders of a table's partition key and clustering columns. */
export interface KeyShape {
  partitionTypes: KeyType[];
  partitionOrders: SortOrder[];
  partitionColumns: ColumnDef[];
  clusteringTypes: KeyType[];
  clusteringOrders: SortOrder[];
  clusteringColumns: ColumnDef[];
}

/** The key shape of a schema. */
export function keyShape(schema: TableSchema): KeyShape {
  const pk = partitionKeyColumns(schema);
  const ck = clusteringColumns(schema);
  return {
    partitionTypes: pk.map((c) => keyType(schema, c)),
    partitionOrders: pk.map(() => 'ASC' as const),
    partitionColumns: pk,
    clusteringTypes: ck.map((c) => keyType(schema, c)),
    clusteringOrders: ck.map((c) => c.order ?? 'ASC'),
    clusteringColumns: ck,
  };
}

/** The values of `columns` (the first `n`) in `values`, in order. */
function keyValues(columns: readonly ColumnDef[], values: Record<string, CqlValue>, n: number): KeyValue[] {
  const out = new Array<KeyValue>(n);
  for (let i = 0; i < n; i++) out[i] = values[columns[i]!.name] as KeyValue;
  return out;
}

/** Encodes the partition key of `values` (every partition key column must be present). */
export function encodePartitionKey(shape: KeyShape, values: Record<string, CqlValue>): Uint8Array {
  const n = shape.partitionColumns.length;
  // The shape's types and orders come from keyShape: valid by construction, so not checked per key.
  return encodeTrustedCompositeKey(shape.partitionTypes, shape.partitionOrders, keyValues(shape.partitionColumns, values, n), n);
}

/** Encodes the first `n` clustering values of `values` (a prefix when n is less than all). */
export function encodeClustering(shape: KeyShape, values: Record<string, CqlValue>, n = shape.clusteringColumns.length): Uint8Array {
  const all = shape.clusteringColumns.length;
  const count = n < 0 ? Math.max(all + n, 0) : Math.min(n, all); // as slice(0, n) counts
  return encodeTrustedCompositeKey(shape.clusteringTypes, shape.clusteringOrders, keyValues(shape.clusteringColumns, values, count), count);
}

/** The key column values of encoded keys. */
export function decodeKeys(shape: KeyShape, partition: Uint8Array, clustering: Uint8Array | undefined): Record<string, CqlValue> {
  const out: Record<string, CqlValue> = {};
  const pv = decodeCompositeKey(shape.partitionTypes, shape.partitionOrders, partition);
  shape.partitionColumns.forEach((c, i) => (out[c.name] = pv[i] as CqlValue));
  if (clustering && clustering.length > 0) {
    const cv = decodeCompositeKey(shape.clusteringTypes, shape.clusteringOrders, clustering);
    shape.clusteringColumns.forEach((c, i) => (out[c.name] = (cv[i] ?? null) as CqlValue));
  } else {
    for (const c of shape.clusteringColumns) out[c.name] = null;
  }
  return out;
}

/** The clustering column values of an encoded clustering key (all null for the empty key of a static-only row). */
export function decodeClusteringKey(shape: KeyShape, clustering: Uint8Array): Record<string, CqlValue> {
  const out: Record<string, CqlValue> = {};
  if (clustering.length > 0) {
    const cv = decodeCompositeKey(shape.clusteringTypes, shape.clusteringOrders, clustering);
    shape.clusteringColumns.forEach((c, i) => (out[c.name] = (cv[i] ?? null) as CqlValue));
  } else for (const c of shape.clusteringColumns) out[c.name] = null;
  return out;
}
