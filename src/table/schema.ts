/**
 * @module table/schema
 * Table schemas: columns with stable ids, the partition key, clustering columns with their
 * ASC/DESC order, static and regular columns, table options; and the validation of one row
 * write against a schema. Rules and messages follow Cassandra 3.x `CreateTableStatement`,
 * `AlterTableStatement` and `ModificationStatement` where they exist (the CQL a Keyspaces user
 * knows), and the Amazon Keyspaces limits of `table/constants.ts`.
 *
 * **Names.** A keyspace, table or column name is written as in CQL: unquoted names are
 * case-insensitive and folded to lowercase (`Orders` → `orders`); a name in double quotes
 * keeps its case and may contain any character, a `"` inside it doubled (`'"Order ""Id"""'` →
 * `Order "Id"`). Keyspace and table names must then match `[a-zA-Z0-9][a-zA-Z0-9_]{0,47}` (the
 * Keyspaces API pattern, docs `reference/cql.md` §1.5); unquoted column names must match
 * `[a-zA-Z][a-zA-Z0-9_]*` (CQL `unquoted_identifier`). A schema stores folded names, and
 * {@link columnByName} and row objects use those exact names.
 */
import { ValidationException } from '../common/errors.js';
import { isMultiCell, resolveCqlType } from './cql-type.js';
import type { CqlType } from './cql-type.js';
import {
  MAX_CLUSTERING_KEY_BYTES,
  MAX_COLUMN_NAME_BYTES,
  MAX_NAME_LENGTH,
  MAX_PARTITION_KEY_BYTES,
  MAX_ROW_BYTES,
  MAX_STATIC_BYTES,
  MAX_TTL_SECONDS,
} from './constants.js';
import { encodedSize, PayloadBatch } from './value-codec.js';
import { normalizeValue } from './values.js';
import type { CqlValue } from './values.js';

export { MAX_ROW_BYTES } from './constants.js';

/** What part of a table a column is (the `kind` of Cassandra's `system_schema.columns`). */
export type ColumnKind = 'partition_key' | 'clustering' | 'regular' | 'static';

/** A column of a table. */
export interface ColumnDef {
  /** The folded name (see the module summary). */
  name: string;
  /** The canonical type. */
  type: CqlType;
  kind: ColumnKind;
  /** Index within its kind: key order for key columns, definition order for the others. */
  position: number;
  /** Clustering columns only. */
  order?: 'ASC' | 'DESC';
  /** Stable column id, never reused; cells are stored under it, not under the name. */
  id: number;
}

/** Table options. Keys other than the three below are kept as given. */
export interface TableOptions {
  /** `default_time_to_live` in seconds, 0 (none) to 630,720,000. */
  defaultTimeToLive?: number;
  comment?: string;
  pointInTimeRecovery?: boolean;
  [k: string]: unknown;
}

/** A validated table schema (JSON-serializable). */
export interface TableSchema {
  keyspace: string;
  name: string;
  /** The table's UUID. */
  id: string;
  /** Partition key columns in key order, clustering columns in key order, then the others in definition order. */
  columns: ColumnDef[];
  options: TableOptions;
  /** The id the next added column gets. */
  nextColumnId: number;
}

/** A table as a caller describes it (the shape of Keyspaces' `CreateTable` schemaDefinition). */
export interface TableDefinition {
  keyspace: string;
  name: string;
  /** Column name → type text or type, in definition order. */
  columns: Record<string, string | CqlType>;
  /** At least one column. */
  partitionKey: string[];
  clustering?: { name: string; order?: 'ASC' | 'DESC' }[];
  static?: string[];
  options?: TableOptions;
}

/**
 * Validates a table definition and builds its schema. Column ids are 0, 1, 2… in the order of
 * `def.columns`.
 * @param def - the definition
 * @param id - the table's UUID
 * @returns the schema
 * @throws {@link ValidationException} when a name breaks the naming rules (module summary); a
 *   column is defined twice (`Multiple definition of identifier a`); a type is invalid
 *   (`Invalid type for column a: …`); the partition key is empty; a key column is unknown
 *   (`Unknown definition a referenced in PRIMARY KEY`) or repeated; a key column is a
 *   non-frozen collection (`Invalid non-frozen collection type for PRIMARY KEY component a`)
 *   or a counter (`counter type is not supported for PRIMARY KEY column 'a'`); a clustering
 *   order is not ASC or DESC; a static column is unknown, repeated, part of the primary key
 *   (`Static column a cannot be part of the PRIMARY KEY`), or the table has no clustering
 *   column (`Static columns are only useful (and thus allowed) if the table has at least one
 *   clustering column`); counter and non-counter regular columns are mixed (`Cannot mix
 *   counter and non counter columns in the same table`); an option is invalid
 *   (`default_time_to_live must be less than or equal to 630720000 (got …)`, `Cannot set
 *   default_time_to_live on a table with counters`)
 * @throws {@link TypeError} when `def` is not an object or `id` is not a UUID string
 * @example
 * defineTable({ keyspace: 'shop', name: 'orders',
 *   columns: { customer: 'text', placed_at: 'timestamp', total: 'double' },
 *   partitionKey: ['customer'], clustering: [{ name: 'placed_at', order: 'DESC' }] }, randomUuid());
 */
export function defineTable(def: TableDefinition, id: string): TableSchema {
  /* Precondition: def is an object. */
  if (typeof def !== 'object' || def === null || Array.isArray(def)) throw new TypeError(`def must be an object, got ${describeArg(def)}`);
  /* Precondition: id is a UUID string. */
  if (typeof id !== 'string' || !UUID_PATTERN.test(id)) throw new TypeError(`id must be a UUID string, got ${describeArg(id)}`);
  const keyspace = foldTableName(def.keyspace, 'Keyspace');
  const name = foldTableName(def.name, 'Table');

  /* Precondition: a table defines at least one column. */
  if (!isPlainObject(def.columns) || Object.keys(def.columns).length === 0) {
    throw new ValidationException('A table must define at least one column');
  }
  const defined = new Map<string, CqlType>();
  for (const [raw, spec] of Object.entries(def.columns)) {
    const column = foldColumnName(raw);
    /* Precondition: no column is defined twice. */
    if (defined.has(column)) throw new ValidationException(`Multiple definition of identifier ${column}`);
    defined.set(column, resolveColumnType(column, spec));
  }

  /* Precondition: a table has at least one partition key column. */
  if (!Array.isArray(def.partitionKey) || def.partitionKey.length === 0) {
    throw new ValidationException('A table must have at least one partition key column');
  }
  const clusteringSpec = def.clustering ?? [];
  if (!Array.isArray(clusteringSpec)) throw new ValidationException('clustering must be an array of { name, order } objects');
  const inKey = new Set<string>();
  const keyColumn = (raw: unknown): string => {
    const column = foldColumnName(raw);
    /* Precondition: every key column is defined. */
    if (!defined.has(column)) throw new ValidationException(`Unknown definition ${column} referenced in PRIMARY KEY`);
    /* Precondition: no column appears twice in the primary key. */
    if (inKey.has(column)) throw new ValidationException(`Column ${column} appears more than once in the PRIMARY KEY`);
    inKey.add(column);
    const type = defined.get(column)!;
    /* Precondition: a key column is not a non-frozen collection. */
    if (isMultiCell(type)) throw new ValidationException(`Invalid non-frozen collection type for PRIMARY KEY component ${column}`);
    /* Precondition: a key column is not a counter. */
    if (type.kind === 'counter') throw new ValidationException(`counter type is not supported for PRIMARY KEY column '${column}'`);
    return column;
  };
  const partition = def.partitionKey.map(keyColumn);
  const clustering = clusteringSpec.map((c: unknown) => {
    if (!isPlainObject(c)) throw new ValidationException(`A clustering column must be an object { name, order }, got ${describeArg(c)}`);
    const column = keyColumn(c['name']);
    const order = c['order'] === undefined ? 'ASC' : typeof c['order'] === 'string' ? c['order'].toUpperCase() : c['order'];
    /* Precondition: a clustering order is ASC or DESC. */
    if (order !== 'ASC' && order !== 'DESC') {
      throw new ValidationException(`Invalid clustering order ${describeArg(c['order'])} for column ${column}: expected ASC or DESC`);
    }
    return { column, order: order as 'ASC' | 'DESC' };
  });

  const staticSpec = def.static ?? [];
  if (!Array.isArray(staticSpec)) throw new ValidationException('static must be an array of column names');
  const statics = new Set<string>();
  for (const raw of staticSpec) {
    const column = foldColumnName(raw);
    /* Precondition: a static column is defined. */
    if (!defined.has(column)) throw new ValidationException(`Unknown definition ${column} referenced in STATIC`);
    /* Precondition: a static column is listed once. */
    if (statics.has(column)) throw new ValidationException(`Column ${column} appears more than once in STATIC`);
    /* Precondition: a static column is not part of the primary key. */
    if (inKey.has(column)) throw new ValidationException(`Static column ${column} cannot be part of the PRIMARY KEY`);
    statics.add(column);
  }
  /* Precondition: static columns need a clustering column. */
  if (statics.size > 0 && clustering.length === 0) throw new ValidationException(STATIC_NEEDS_CLUSTERING);

  const others = [...defined].filter(([column]) => !inKey.has(column));
  const counters = others.filter(([, type]) => type.kind === 'counter').length;
  /* Precondition: counter and non-counter columns are not mixed. */
  if (counters > 0 && counters < others.length) throw new ValidationException('Cannot mix counter and non counter columns in the same table');
  const options = checkOptions(def.options, counters > 0);

  const ids = new Map([...defined.keys()].map((column, i) => [column, i]));
  const columns: ColumnDef[] = [
    ...partition.map((column, position) => ({ name: column, type: defined.get(column)!, kind: 'partition_key' as const, position, id: ids.get(column)! })),
    ...clustering.map(({ column, order }, position) => ({
      name: column,
      type: defined.get(column)!,
      kind: 'clustering' as const,
      position,
      order,
      id: ids.get(column)!,
    })),
  ];
  const positions = { static: 0, regular: 0 };
  for (const [column, type] of others) {
    const kind = statics.has(column) ? ('static' as const) : ('regular' as const);
    columns.push({ name: column, type, kind, position: positions[kind]++, id: ids.get(column)! });
  }
  return { keyspace, name, id, columns, options, nextColumnId: defined.size };
}

/**
 * Returns a copy of the schema with one more column (ALTER TABLE … ADD), whose id is
 * `schema.nextColumnId`.
 * @param schema - the table's schema (not modified)
 * @param name - the new column's name, as in CQL (module summary)
 * @param type - its type text or type
 * @param isStatic - whether it is a static column
 * @returns the new schema
 * @throws {@link ValidationException} when the name is invalid or taken (`Invalid column name a
 *   because it conflicts with an existing column`), the type is invalid, a static column is
 *   added to a table without clustering columns, or counters would be mixed with other
 *   columns (`Cannot add a counter column (a) in a non counter table`, `Cannot add a non
 *   counter column (a) in a counter table`)
 * @throws {@link TypeError} when `schema` is not a schema or `isStatic` not a boolean
 * @example
 * const v2 = addColumn(schema, 'note', 'text');
 */
export function addColumn(schema: TableSchema, name: string, type: string | CqlType, isStatic = false): TableSchema {
  assertSchema(schema);
  /* Precondition: isStatic is a boolean. */
  if (typeof isStatic !== 'boolean') throw new TypeError(`isStatic must be a boolean, got ${describeArg(isStatic)}`);
  const column = foldColumnName(name);
  /* Precondition: the name is not taken. */
  if (schema.columns.some((c) => c.name === column)) {
    throw new ValidationException(`Invalid column name ${column} because it conflicts with an existing column`);
  }
  const resolved = resolveColumnType(column, type);
  /* Precondition: static columns need a clustering column. */
  if (isStatic && clusteringColumns(schema).length === 0) throw new ValidationException(STATIC_NEEDS_CLUSTERING);
  const others = schema.columns.filter((c) => c.kind === 'regular' || c.kind === 'static');
  const counterTable = others.some((c) => c.type.kind === 'counter');
  /* Precondition: a counter table gets only counters, another table none. */
  if (counterTable && resolved.kind !== 'counter') {
    throw new ValidationException(`Cannot add a non counter column (${column}) in a counter table`);
  }
  if (!counterTable && resolved.kind === 'counter') {
    throw new ValidationException(`Cannot add a counter column (${column}) in a non counter table`);
  }
  const kind = isStatic ? ('static' as const) : ('regular' as const);
  const added: ColumnDef = {
    name: column,
    type: resolved,
    kind,
    position: schema.columns.filter((c) => c.kind === kind).length,
    id: schema.nextColumnId,
  };
  return { ...schema, columns: [...schema.columns, added], nextColumnId: schema.nextColumnId + 1 };
}

/**
 * Returns a copy of the schema with table options changed (ALTER TABLE … WITH): the given
 * options replace the current ones of the same name; the result is validated as at CREATE.
 * @param schema - the table's schema (not modified)
 * @param options - the options to set
 * @returns the new schema
 * @throws {@link ValidationException} for an invalid option (as {@link defineTable})
 * @example
 * const v2 = withOptions(schema, { comment: 'orders by customer' });
 */
export function withOptions(schema: TableSchema, options: TableOptions): TableSchema {
  assertSchema(schema);
  const counterTable = schema.columns.some((c) => c.type.kind === 'counter');
  return { ...schema, options: checkOptions({ ...schema.options, ...options }, counterTable) };
}

/**
 * The column of that exact (folded) name.
 * @param schema - a schema
 * @param name - a column name as the schema stores it
 * @returns the column, or undefined
 * @throws {@link TypeError} when `schema` is not a schema
 * @example
 * columnByName(schema, 'customer')?.kind; // 'partition_key'
 */
export function columnByName(schema: TableSchema, name: string): ColumnDef | undefined {
  assertSchema(schema);
  return schema.columns.find((c) => c.name === name);
}

/**
 * The partition key columns, in key order.
 * @param schema - a schema
 * @returns the columns
 * @throws {@link TypeError} when `schema` is not a schema
 * @example
 * partitionKeyColumns(schema).map((c) => c.name); // ['customer']
 */
export function partitionKeyColumns(schema: TableSchema): ColumnDef[] {
  return ofKind(schema, 'partition_key');
}

/**
 * The clustering columns, in key order.
 * @param schema - a schema
 * @returns the columns
 * @throws {@link TypeError} when `schema` is not a schema
 * @example
 * clusteringColumns(schema).map((c) => c.order); // ['DESC']
 */
export function clusteringColumns(schema: TableSchema): ColumnDef[] {
  return ofKind(schema, 'clustering');
}

/**
 * The regular (non-key, non-static) columns, in definition order.
 * @param schema - a schema
 * @returns the columns
 * @throws {@link TypeError} when `schema` is not a schema
 * @example
 * regularColumns(schema).map((c) => c.name); // ['total']
 */
export function regularColumns(schema: TableSchema): ColumnDef[] {
  return ofKind(schema, 'regular');
}

/**
 * The static columns, in definition order.
 * @param schema - a schema
 * @returns the columns
 * @throws {@link TypeError} when `schema` is not a schema
 * @example
 * staticColumns(schema).map((c) => c.name); // ['place']
 */
export function staticColumns(schema: TableSchema): ColumnDef[] {
  return ofKind(schema, 'static');
}

/**
 * Validates one row write (INSERT, or the key and SET values of an UPDATE) and normalises it.
 *
 * A property whose value is `undefined` is not written (CQL `unset`); `null` writes a null (a
 * cell tombstone). Every partition key column is required. Clustering columns are required
 * too, except in a write of static columns only, which may give none of them (as Cassandra
 * allows): then `key` holds only the partition key. In `update` mode on a counter table the
 * values are the increments.
 *
 * Sizes are the lengths of the cell payloads of `table/value-codec.ts` (Keyspaces' own size
 * estimate adds per-column metadata, which sealtable does not have): the partition key at
 * most 2048 bytes, the clustering key 850 bytes, the row (key and regular values written)
 * {@link MAX_ROW_BYTES}, the static data (partition key and static values written)
 * {@link MAX_STATIC_BYTES}. An UPDATE is checked on the values it writes, not on the row they
 * merge into.
 * @param schema - the table's schema
 * @param row - column name → value
 * @param mode - `insert` or `update`
 * @returns `key`: key column name → normalised value; `values`: column id → normalised value or
 *   null, for the non-key columns written, in schema order
 * @throws {@link ValidationException} for an unknown column (`Unknown column x in table ks.t`),
 *   a missing key column (`Missing mandatory PRIMARY KEY part pk`), a null key column
 *   (`Invalid null value for partition key part pk`, `Invalid null value for clustering column
 *   ck`), an empty single-column partition key (`Key may not be empty`), a value of the wrong
 *   type (from {@link normalizeValue}), an INSERT into a counter table (`INSERT statements are
 *   not allowed on counter tables, use UPDATE instead`), a null counter increment, or a size
 *   over a limit (`Row of 1048600 bytes exceeds the maximum row size of 1048576 bytes`)
 * @throws {@link TypeError} when `schema` is not a schema, `row` not an object, or `mode`
 *   neither `insert` nor `update`
 * @example
 * const { key, values } = validateRow(schema, { customer: 'c1', placed_at: new Date(), total: 9.5 }, 'insert');
 */
export function validateRow(
  schema: TableSchema,
  row: Record<string, unknown>,
  mode: 'insert' | 'update',
): { key: Record<string, CqlValue>; values: Map<number, CqlValue | null> } {
  assertSchema(schema);
  const checked = checkRow(schema, rowPlanOf(schema), row, mode, undefined);
  const values = new Map<number, CqlValue | null>();
  for (let i = 0; i < checked.columns.length; i++) values.set(checked.columns[i]!.id, checked.values[i] as CqlValue | null);
  return { key: checked.key, values };
}

/** A validated row write with its cells already serialized (see {@link encodeRowWrite}). */
export interface EncodedRowWrite {
  /** Key column name → normalised value, as {@link validateRow} returns it. */
  key: Record<string, CqlValue>;
  /** The non-key columns written, in schema order. */
  columns: ColumnDef[];
  /** Per entry of `columns`, its cell payload (`table/value-codec.ts`), or null for a null write. */
  payloads: (Uint8Array | null)[];
}

/**
 * {@link validateRow}, with each non-key value normalised and serialized in one pass
 * ({@link encodeInput}) instead of returned as a normalised value: the same checks in the same
 * order, the same errors, and payloads equal to `encodeValue(type, value)` of the values
 * `validateRow` returns.
 * @param schema - the table's schema
 * @param row - column name → value
 * @param mode - `insert` or `update`
 * @returns the key values, and the non-key columns written with their payloads (views of one buffer of the row's own)
 * @throws {@link ValidationException} as {@link validateRow}
 * @throws {@link TypeError} as {@link validateRow}
 * @example
 * const { key, columns, payloads } = encodeRowWrite(schema, { customer: 'c1', placed_at: new Date(), total: 9.5 }, 'insert');
 */
export function encodeRowWrite(schema: TableSchema, row: Record<string, unknown>, mode: 'insert' | 'update'): EncodedRowWrite {
  const batch = new PayloadBatch(256);
  try {
    const { key, columns } = addRowWrite(schema, row, mode, batch);
    return { key, columns, payloads: batch.finish() };
  } finally {
    batch.clear();
  }
}

/**
 * {@link encodeRowWrite} for one row of a batch of writes: the payloads are added to `batch`
 * (one per column returned, in order) rather than returned, so that the whole batch's payloads
 * end up in one buffer ({@link PayloadBatch.finish}). What it derives from the schema (name
 * index, key columns) is computed once per schema object; schemas are values (addColumn and
 * withOptions return new ones).
 * @param schema - the table's schema
 * @param row - column name → value
 * @param mode - `insert` or `update`
 * @param batch - where the payloads go; after a throw it may hold some of this row's payloads
 * @returns the key values, and the non-key columns written, in schema order
 * @throws {@link ValidationException} as {@link validateRow}
 * @throws {@link TypeError} as {@link validateRow}
 * @example
 * const batch = new PayloadBatch();
 * const { key, columns } = addRowWrite(schema, { customer: 'c1', placed_at: new Date(), total: 9.5 }, 'insert', batch);
 * const payloads = batch.finish(); // one per column
 */
export function addRowWrite(schema: TableSchema, row: Record<string, unknown>, mode: 'insert' | 'update', batch: PayloadBatch): { key: Record<string, CqlValue>; columns: ColumnDef[] } {
  assertSchema(schema);
  const checked = checkRow(schema, rowPlanOf(schema), row, mode, batch);
  return { key: checked.key, columns: checked.columns };
}

/** What a row write needs of a schema: column name → index in `schema.columns`, and the indexes of each kind in key / schema order. */
interface RowPlan {
  index: Map<string, number>;
  partition: number[];
  clustering: number[];
  /** Regular and static columns, in schema order. */
  others: number[];
  counterTable: boolean;
}

const rowPlans = new WeakMap<TableSchema, RowPlan>();

/** The {@link RowPlan} of a schema, worked out once per schema object. */
function rowPlanOf(schema: TableSchema): RowPlan {
  let plan = rowPlans.get(schema);
  if (plan === undefined) {
    plan = rowPlan(schema);
    rowPlans.set(schema, plan);
  }
  return plan;
}

function rowPlan(schema: TableSchema): RowPlan {
  const index = new Map<string, number>();
  const at = (c: ColumnDef): number => index.get(c.name)!;
  schema.columns.forEach((c, i) => {
    if (!index.has(c.name)) index.set(c.name, i);
  });
  const others: number[] = [];
  let counterTable = false;
  schema.columns.forEach((c, i) => {
    if (c.kind !== 'regular' && c.kind !== 'static') return;
    others.push(i);
    if (c.type.kind === 'counter') counterTable = true;
  });
  return { index, partition: partitionKeyColumns(schema).map(at), clustering: clusteringColumns(schema).map(at), others, counterTable };
}

/**
 * The checks of {@link validateRow} (its documentation has them), in its order. With `batch`,
 * each non-key value's payload is added to it ({@link PayloadBatch}) and no values are returned;
 * without, the normalised values are.
 */
function checkRow(
  schema: TableSchema,
  plan: RowPlan,
  row: Record<string, unknown>,
  mode: 'insert' | 'update',
  batch: PayloadBatch | undefined,
): { key: Record<string, CqlValue>; columns: ColumnDef[]; values: (CqlValue | null)[] } {
  /* Precondition: row is an object. */
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new TypeError(`row must be an object, got ${describeArg(row)}`);
  /* Precondition: mode is insert or update. */
  if (mode !== 'insert' && mode !== 'update') throw new TypeError(`mode must be 'insert' or 'update', got ${describeArg(mode)}`);
  const columns = schema.columns;
  // given[i]: the value written to columns[i]; undefined when not written (an undefined property is not written).
  const given: unknown[] = new Array<unknown>(columns.length);
  for (const name of Object.keys(row)) {
    const value = row[name];
    if (value === undefined) continue;
    const i = plan.index.get(name);
    /* Precondition: every column written exists. */
    if (i === undefined) throw new ValidationException(`Unknown column ${name} in table ${schema.keyspace}.${schema.name}`);
    given[i] = value;
  }
  /* Precondition: counter tables take UPDATE only. */
  if (plan.counterTable && mode === 'insert') throw new ValidationException('INSERT statements are not allowed on counter tables, use UPDATE instead');

  const key: Record<string, CqlValue> = {};
  let partitionBytes = 0;
  for (const i of plan.partition) {
    const col = columns[i]!;
    const value = keyValue(col, given[i], 'partition key part');
    key[col.name] = value;
    partitionBytes += encodedSize(col.type, value);
  }
  /* Precondition: a single-column partition key is not empty. */
  if (plan.partition.length === 1 && partitionBytes === 0) throw new ValidationException('Key may not be empty');

  let writtenOthers = 0;
  let writtenStatics = 0;
  for (const i of plan.others) {
    if (given[i] === undefined) continue;
    writtenOthers++;
    if (columns[i]!.kind === 'static') writtenStatics++;
  }
  let clusteringGiven = false;
  for (const i of plan.clustering) if (given[i] !== undefined) clusteringGiven = true;
  const staticOnly = !clusteringGiven && writtenOthers > 0 && writtenStatics === writtenOthers;
  let clusteringBytes = 0;
  if (!staticOnly) {
    for (const i of plan.clustering) {
      const col = columns[i]!;
      const value = keyValue(col, given[i], 'clustering column');
      key[col.name] = value;
      clusteringBytes += encodedSize(col.type, value);
    }
  }

  const written: ColumnDef[] = [];
  const values: (CqlValue | null)[] = [];
  let regularBytes = 0;
  let staticBytes = 0;
  for (const i of plan.others) {
    const input = given[i];
    if (input === undefined) continue;
    const col = columns[i]!;
    let size: number;
    if (batch) {
      size = batch.add(col.type, input, col.name);
      /* Precondition: a counter increment is not null. */
      if (size < 0 && col.type.kind === 'counter') throw new ValidationException(`Invalid null value for counter increment of ${col.name}`);
      if (size < 0) size = 0;
    } else {
      const value = normalizeValue(col.type, input, col.name);
      /* Precondition: a counter increment is not null. */
      if (value === null && col.type.kind === 'counter') throw new ValidationException(`Invalid null value for counter increment of ${col.name}`);
      values.push(value);
      size = value === null ? 0 : encodedSize(col.type, value);
    }
    written.push(col);
    if (col.kind === 'static') staticBytes += size;
    else regularBytes += size;
  }
  checkSizes(partitionBytes, clusteringBytes, regularBytes, staticBytes);
  return { key, columns: written, values };
}

/** The size limits of {@link validateRow}. */
function checkSizes(partitionBytes: number, clusteringBytes: number, regularBytes: number, staticBytes: number): void {
  /* Precondition: the partition key is at most 2048 bytes. */
  if (partitionBytes > MAX_PARTITION_KEY_BYTES) {
    throw new ValidationException(`Partition key of ${partitionBytes} bytes exceeds the maximum size of ${MAX_PARTITION_KEY_BYTES} bytes`);
  }
  /* Precondition: the clustering key is at most 850 bytes. */
  if (clusteringBytes > MAX_CLUSTERING_KEY_BYTES) {
    throw new ValidationException(`Clustering key of ${clusteringBytes} bytes exceeds the maximum size of ${MAX_CLUSTERING_KEY_BYTES} bytes`);
  }
  /* Precondition: a row is at most 1 MB: its key and its regular values. */
  const rowBytes = partitionBytes + clusteringBytes + regularBytes;
  if (rowBytes > MAX_ROW_BYTES) throw new ValidationException(`Row of ${rowBytes} bytes exceeds the maximum row size of ${MAX_ROW_BYTES} bytes`);
  /* Precondition: static data is at most 1 MB per partition. */
  if (staticBytes > 0 && partitionBytes + staticBytes > MAX_STATIC_BYTES) {
    throw new ValidationException(
      `Static data of ${partitionBytes + staticBytes} bytes exceeds the maximum of ${MAX_STATIC_BYTES} bytes per partition`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

const STATIC_NEEDS_CLUSTERING = 'Static columns are only useful (and thus allowed) if the table has at least one clustering column';
const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TABLE_NAME_PATTERN = new RegExp(`^[a-zA-Z0-9][a-zA-Z0-9_]{0,${MAX_NAME_LENGTH - 1}}$`);

function keyValue(col: ColumnDef, input: unknown, what: string): CqlValue {
  /* Precondition: every key column is given, unless only static columns are written. */
  if (input === undefined) throw new ValidationException(`Missing mandatory PRIMARY KEY part ${col.name}`);
  const value = normalizeValue(col.type, input, col.name);
  /* Precondition: no key column is null. */
  if (value === null) throw new ValidationException(`Invalid null value for ${what} ${col.name}`);
  return value;
}

function resolveColumnType(column: string, spec: unknown): CqlType {
  try {
    return resolveCqlType(spec as string | CqlType);
  } catch (e) {
    if (e instanceof ValidationException) throw new ValidationException(`Invalid type for column ${column}: ${e.message}`, { cause: e });
    throw e;
  }
}

function checkOptions(options: unknown, counterTable: boolean): TableOptions {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new ValidationException(`options must be an object, got ${describeArg(options)}`);
  const ttl = options['defaultTimeToLive'];
  if (ttl !== undefined) {
    /* Precondition: default_time_to_live is a whole number of seconds from 0 to 630720000. */
    if (typeof ttl !== 'number' || !Number.isInteger(ttl)) {
      throw new ValidationException(`default_time_to_live must be an integer (got ${describeArg(ttl)})`);
    }
    if (ttl < 0) throw new ValidationException(`default_time_to_live must be greater than or equal to 0 (got ${ttl})`);
    if (ttl > MAX_TTL_SECONDS) {
      throw new ValidationException(`default_time_to_live must be less than or equal to ${MAX_TTL_SECONDS} (got ${ttl})`);
    }
    /* Precondition: a counter table has no default_time_to_live. */
    if (ttl > 0 && counterTable) throw new ValidationException('Cannot set default_time_to_live on a table with counters');
  }
  if (options['comment'] !== undefined && typeof options['comment'] !== 'string') {
    throw new ValidationException(`comment must be a string (got ${describeArg(options['comment'])})`);
  }
  if (options['pointInTimeRecovery'] !== undefined && typeof options['pointInTimeRecovery'] !== 'boolean') {
    throw new ValidationException(`pointInTimeRecovery must be a boolean (got ${describeArg(options['pointInTimeRecovery'])})`);
  }
  return { ...options };
}

/** Folds a keyspace or table name (module summary) and checks the Keyspaces pattern. */
function foldTableName(raw: unknown, what: 'Keyspace' | 'Table'): string {
  const name = typeof raw === 'string' ? unquote(raw) ?? raw.toLowerCase() : undefined;
  /* Precondition: a keyspace or table name matches [a-zA-Z0-9][a-zA-Z0-9_]{0,47}. */
  if (name === undefined || !TABLE_NAME_PATTERN.test(name)) {
    throw new ValidationException(
      `${what} name must be 1 to ${MAX_NAME_LENGTH} letters, digits or underscores, not starting with an underscore (got ${describeArg(raw)})`,
    );
  }
  return name;
}

/** Folds a column name (module summary). */
function foldColumnName(raw: unknown): string {
  if (typeof raw !== 'string') throw new ValidationException(`A column name must be a string (got ${describeArg(raw)})`);
  const quoted = unquote(raw);
  if (quoted === undefined) {
    /* Precondition: an unquoted column name is a letter followed by letters, digits or underscores. */
    if (!/^[a-zA-Z][a-zA-Z0-9_]*$/.test(raw)) {
      throw new ValidationException(
        `Invalid column name ${JSON.stringify(raw)}: an unquoted name is a letter followed by letters, digits or underscores (quote it to use other characters)`,
      );
    }
    return raw.toLowerCase();
  }
  /* Precondition: a quoted column name has 1 to 65535 bytes of well-formed UTF-8. */
  if (quoted === '' || Buffer.byteLength(quoted, 'utf8') > MAX_COLUMN_NAME_BYTES || /\p{Surrogate}/u.test(quoted)) {
    throw new ValidationException(`Invalid column name ${describeArg(raw)}: a quoted name has 1 to ${MAX_COLUMN_NAME_BYTES} bytes of well-formed UTF-8`);
  }
  return quoted;
}

/** The content of a double-quoted CQL identifier, `""` unescaped; undefined when not quoted. */
function unquote(raw: string): string | undefined {
  if (raw.length < 2 || !raw.startsWith('"') || !raw.endsWith('"')) return undefined;
  const inner = raw.slice(1, -1);
  if (inner.replaceAll('""', '').includes('"')) return undefined;
  return inner.replaceAll('""', '"');
}

function assertSchema(schema: unknown): asserts schema is TableSchema {
  /* Precondition: schema is a table schema. */
  if (typeof schema !== 'object' || schema === null || !Array.isArray((schema as TableSchema).columns)) {
    throw new TypeError(`schema must be a TableSchema, got ${describeArg(schema)}`);
  }
}

function ofKind(schema: TableSchema, kind: ColumnKind): ColumnDef[] {
  assertSchema(schema);
  return schema.columns.filter((c) => c.kind === kind).sort((a, b) => a.position - b.position);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function describeArg(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

