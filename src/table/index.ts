/**
 * @module table
 * The table layer: CQL types, the JS value mapping and its binary cell payload, table schemas
 * and row validation. Imports `common` (and, through the store, the layers below).
 */
export {
  MAX_ROW_BYTES,
  MAX_STATIC_BYTES,
  MAX_PARTITION_KEY_BYTES,
  MAX_CLUSTERING_KEY_BYTES,
  MAX_NAME_LENGTH,
  MAX_COLUMN_NAME_BYTES,
  MAX_COLLECTION_NESTING,
  MAX_TTL_SECONDS,
  MAX_DECIMAL_SCALE,
  MAX_TIMESTAMP_MS,
  NANOS_PER_DAY,
} from './constants.js';
export {
  CQL_SCALAR_NAMES,
  parseCqlType,
  resolveCqlType,
  formatCqlType,
  isCollection,
  isMultiCell,
  isCounter,
} from './cql-type.js';
export type { CqlScalarName, CqlType } from './cql-type.js';
export { normalizeValue, compareValues, valuesEqual } from './values.js';
export type { CqlValue } from './values.js';
export { encodeValue, decodeValue, encodedSize } from './value-codec.js';
export {
  defineTable,
  addColumn,
  columnByName,
  partitionKeyColumns,
  clusteringColumns,
  regularColumns,
  staticColumns,
  validateRow,
  withOptions,
} from './schema.js';
export { murmur3Token, partitionToken, MIN_TOKEN, MAX_TOKEN } from './token.js';
export type { ColumnKind, ColumnDef, TableOptions, TableSchema, TableDefinition } from './schema.js';
