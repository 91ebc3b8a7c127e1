/**
 * @module cql/system-tables
 * The virtual system tables a CQL client reads: what Amazon Keyspaces exposes in its four
 * system keyspaces (docs `reference/cql.md` §1.2, §1.3) with the Cassandra 3.11 column sets
 * drivers parse (§2.5). Each table has a real {@link TableSchema} (built by `defineTable`, with
 * Cassandra's primary keys) so the executor can select, filter and page it like a user table;
 * its rows are computed on each read from the store's catalog, never stored.
 *
 * | table | primary key | rows |
 * |---|---|---|
 * | `system.local` | `(key)` | one, `key = 'local'` |
 * | `system.peers` | `(peer)` | none (one node) |
 * | `system_schema.keyspaces`, `system_schema_mcs.keyspaces` | `(keyspace_name)` | the four system keyspaces and the user keyspaces |
 * | `system_schema.tables` | `((keyspace_name), table_name)` | the user tables and these virtual tables |
 * | `system_schema.columns` | `((keyspace_name), table_name, column_name)` | their columns |
 * | `system_schema_mcs.tables` | `((keyspace_name), table_name)` | the user tables, with `status` and `custom_properties` |
 * | `system_schema.{indexes,views,types,functions,aggregates,triggers}` | as Cassandra 3.11 | none (sealtable has none of them; drivers query them when they refresh metadata) |
 *
 * Choices where neither Keyspaces' documentation nor Cassandra decides:
 *
 * - **System keyspaces** are listed in `system_schema.keyspaces` (Keyspaces lists them too)
 *   with `replication = {'class': 'org.apache.cassandra.locator.LocalStrategy'}`: Cassandra
 *   3.11 gives that to `system` and `system_schema`, and these tables are local to the process.
 *   A user keyspace shows its catalog record's replication map.
 * - **Deleted tables** (status `DELETED`) appear nowhere: Keyspaces moves them to
 *   `system_schema_mcs.tables_history`, which is not built. Every other status is listed.
 * - **Table parameters** Keyspaces does not support (`caching`, `compaction`, …) carry
 *   Keyspaces-like constant values; `flags` is `{'compound'}` for every table (plus `'counter'`
 *   for a counter table), as Cassandra 3 sets it for every table without COMPACT STORAGE —
 *   a table without `'compound'` is parsed as a compact table by the drivers.
 * - **Ids** of the virtual tables are Cassandra's `generateLegacyCfId(keyspace, table)`
 *   (name-based MD5 UUID, version 3), the scheme Cassandra uses for its own system tables.
 * - **`schema_version`** is a version 8 (RFC 9562 custom) UUID made of the SHA-256 of the
 *   canonical JSON of the user keyspaces (names, replication) and live tables (schema,
 *   encryption specification): it changes with every DDL change and only then.
 * - **Row order**: by keyspace, then table, then column name (code-point order). Cassandra
 *   orders partitions by token; a caller may sort as it needs.
 */
import { createHash } from 'node:crypto';
import type { TableKeyRecord } from '../keys/types.js';
import { formatCqlType } from '../table/cql-type.js';
import type { Row } from '../table/rows.js';
import { defineTable } from '../table/schema.js';
import type { ColumnDef, TableSchema } from '../table/schema.js';
import type { KeyspaceRecord, TableRecord } from '../table/store.js';
import { compareValues, normalizeValue } from '../table/values.js';

/** What the system tables read from the store: the catalog (a `Store` is one) and, optionally, what `system.local` says about this node. */
export interface SystemCatalog {
  /** The keyspaces (any order). */
  keyspaces(): KeyspaceRecord[];
  /** The tables of a keyspace, or of every keyspace when `keyspace` is undefined (any order). */
  tables(keyspace?: string): TableRecord[];
  /** Overrides of {@link DEFAULT_LOCAL_NODE}. */
  readonly localNode?: Partial<LocalNode>;
}

/** What `system.local` reports about the one node. */
export interface LocalNode {
  /** `data_center`: must equal the driver's `localDataCenter` (reference/cql.md §2.5). */
  dataCenter: string;
  rack: string;
  clusterName: string;
  /** `rpc_address`, `broadcast_address` and `listen_address`: an IPv4 or IPv6 address. */
  rpcAddress: string;
}

/** A virtual table: its schema and the rows it has now. */
export interface SystemTable {
  /** A schema as `defineTable` builds it (deeply frozen). */
  schema: TableSchema;
  /**
   * The rows, every value normalised for its column's type and every column present.
   * @param catalog - the catalog to describe
   * @param now - the store clock's time, epoch milliseconds
   * @returns the rows, in the order of the module summary
   * @throws {@link ValidationException} when {@link SystemCatalog.localNode} gives a value
   *   that does not fit its column (an `rpcAddress` that is not an IP address)
   * @throws {@link TypeError} when `catalog` is not a catalog or `now` not a finite number
   */
  rows(catalog: SystemCatalog, now: number): Row[];
}

/** Keyspaces' four system keyspaces (reference/cql.md §1.2). No user keyspace may take these names. */
export const SYSTEM_KEYSPACES: readonly string[] = Object.freeze(['system', 'system_schema', 'system_schema_mcs', 'system_multiregion_info']);

/** The node `system.local` describes unless {@link SystemCatalog.localNode} says otherwise. */
export const DEFAULT_LOCAL_NODE: Readonly<LocalNode> = Object.freeze({
  dataCenter: 'datacenter1',
  rack: 'rack1',
  clusterName: 'sealtable',
  rpcAddress: '127.0.0.1',
});

/**
 * The virtual table `keyspace.table`, or undefined when there is none. Names are matched
 * exactly, as a schema stores them (folded to lowercase).
 * @param keyspace - a keyspace name, e.g. `'system_schema'`
 * @param table - a table name, e.g. `'tables'`
 * @returns the table, the same object on every call
 * @throws {@link TypeError} when `keyspace` or `table` is not a string
 * @example
 * const local = systemTable('system', 'local')!;
 * local.rows(store, Date.now())[0]!['release_version']; // '3.11.2'
 */
export function systemTable(keyspace: string, table: string): SystemTable | undefined {
  /* Precondition: keyspace and table are strings. */
  if (typeof keyspace !== 'string') throw new TypeError(`keyspace must be a string, got ${typeof keyspace}`);
  if (typeof table !== 'string') throw new TypeError(`table must be a string, got ${typeof table}`);
  return REGISTRY.get(`${keyspace}.${table}`);
}

/**
 * Every virtual table, by keyspace then table name.
 * @returns `{ keyspace, table }` pairs, each accepted by {@link systemTable}
 * @example
 * systemTables().filter((t) => t.keyspace === 'system'); // [{ keyspace: 'system', table: 'local' }, { keyspace: 'system', table: 'peers' }]
 */
export function systemTables(): { keyspace: string; table: string }[] {
  return [...REGISTRY.values()]
    .map((t) => ({ keyspace: t.schema.keyspace, table: t.schema.name }))
    .sort((a, b) => compareText(a.keyspace, b.keyspace) || compareText(a.table, b.table));
}

// ---------------------------------------------------------------------------------------------
// Constants (values Keyspaces / Cassandra 3.11 report)

const RELEASE_VERSION = '3.11.2';
const CQL_VERSION = '3.4.4';
const NATIVE_PROTOCOL_VERSION = '4';
const THRIFT_VERSION = '20.1.0';
const PARTITIONER = 'org.apache.cassandra.dht.Murmur3Partitioner';
/** The whole Murmur3 ring, owned by the one node. */
const TOKENS = ['-9223372036854775808'];
/** `host_id` of the one node: a fixed version 4 UUID. */
const HOST_ID = '0a792c13-f187-4700-99e3-46410e500ec1';
const SYSTEM_REPLICATION = { class: 'org.apache.cassandra.locator.LocalStrategy' };
const INT_MAX = 2 ** 31 - 1;
const UTF8 = new TextEncoder();

/** Table parameters Keyspaces manages itself; shown with the constant values a Keyspaces table reports. */
const TABLE_PARAMS = {
  bloom_filter_fp_chance: 0.01,
  caching: { class: 'com.amazonaws.cassandra.DefaultCaching' },
  compaction: { class: 'com.amazonaws.cassandra.DefaultCompaction' },
  compression: { class: 'com.amazonaws.cassandra.DefaultCompression' },
  crc_check_chance: 1.0,
  dclocal_read_repair_chance: 0.0,
  extensions: new Map<string, Uint8Array>(),
  gc_grace_seconds: 7_776_000,
  max_index_interval: 2048,
  memtable_flush_period_in_ms: 3_600_000,
  min_index_interval: 128,
  read_repair_chance: 0.0,
  speculative_retry: '99PERCENTILE',
} as const;

// Column types shared by several tables.
const TEXT = 'text';
const STRING_MAP = 'frozen<map<text, text>>';
const STRING_LIST = 'frozen<list<text>>';
/** The table parameter columns of system_schema.tables and .views (Cassandra 3.11), alphabetical. */
const TABLE_PARAM_COLUMNS = {
  bloom_filter_fp_chance: 'double',
  caching: STRING_MAP,
  cdc: 'boolean',
  comment: TEXT,
  compaction: STRING_MAP,
  compression: STRING_MAP,
  crc_check_chance: 'double',
  dclocal_read_repair_chance: 'double',
  default_time_to_live: 'int',
  extensions: 'frozen<map<text, blob>>',
  gc_grace_seconds: 'int',
  max_index_interval: 'int',
  memtable_flush_period_in_ms: 'int',
  min_index_interval: 'int',
  read_repair_chance: 'double',
  speculative_retry: TEXT,
} as const;

// ---------------------------------------------------------------------------------------------
// The tables

type RawRow = Record<string, unknown>;
type Produce = (catalog: SystemCatalog, now: number) => RawRow[];

const REGISTRY = new Map<string, SystemTable>();

/**
 * Registers one virtual table. `columns` lists the key columns first, then the others in
 * alphabetical order (the column order of Cassandra's `SELECT *`).
 */
function register(keyspace: string, name: string, comment: string, columns: Record<string, string>, partitionKey: string[], clustering: string[], produce: Produce): void {
  const schema = deepFreeze(
    defineTable({ keyspace, name, columns, partitionKey, clustering: clustering.map((c) => ({ name: c })), options: { comment } }, legacyTableId(keyspace, name)),
  );
  const rows = (catalog: SystemCatalog, now: number): Row[] => {
    /* Precondition: catalog has keyspaces() and tables(). */
    if (typeof catalog !== 'object' || catalog === null || typeof catalog.keyspaces !== 'function' || typeof catalog.tables !== 'function') {
      throw new TypeError('catalog must be a SystemCatalog (an object with keyspaces() and tables())');
    }
    /* Precondition: now is a finite number of milliseconds. */
    if (typeof now !== 'number' || !Number.isFinite(now)) throw new TypeError(`now must be a finite number, got ${String(now)}`);
    return produce(catalog, now).map((raw) => toRow(schema, raw));
  };
  REGISTRY.set(`${keyspace}.${name}`, Object.freeze({ schema, rows }));
}

const none: Produce = () => [];

register(
  'system',
  'local',
  'information about the local node',
  {
    key: TEXT,
    bootstrapped: TEXT,
    broadcast_address: 'inet',
    cluster_name: TEXT,
    cql_version: TEXT,
    data_center: TEXT,
    gossip_generation: 'int',
    host_id: 'uuid',
    listen_address: 'inet',
    native_protocol_version: TEXT,
    partitioner: TEXT,
    rack: TEXT,
    release_version: TEXT,
    rpc_address: 'inet',
    schema_version: 'uuid',
    thrift_version: TEXT,
    tokens: 'set<text>',
    truncated_at: 'map<uuid, blob>',
  },
  ['key'],
  [],
  (catalog, now) => {
    const given = catalog.localNode;
    const node: LocalNode = {
      dataCenter: given?.dataCenter ?? DEFAULT_LOCAL_NODE.dataCenter,
      rack: given?.rack ?? DEFAULT_LOCAL_NODE.rack,
      clusterName: given?.clusterName ?? DEFAULT_LOCAL_NODE.clusterName,
      rpcAddress: given?.rpcAddress ?? DEFAULT_LOCAL_NODE.rpcAddress,
    };
    return [
      {
        key: 'local',
        bootstrapped: 'COMPLETED',
        broadcast_address: node.rpcAddress,
        cluster_name: node.clusterName,
        cql_version: CQL_VERSION,
        data_center: node.dataCenter,
        // Cassandra: seconds since the epoch when the node started; here, at the time of the read.
        gossip_generation: Math.max(0, Math.min(INT_MAX, Math.floor(now / 1000))),
        host_id: HOST_ID,
        listen_address: node.rpcAddress,
        native_protocol_version: NATIVE_PROTOCOL_VERSION,
        partitioner: PARTITIONER,
        rack: node.rack,
        release_version: RELEASE_VERSION,
        rpc_address: node.rpcAddress,
        schema_version: schemaVersion(catalog),
        thrift_version: THRIFT_VERSION,
        tokens: TOKENS,
        truncated_at: null,
      },
    ];
  },
);

register(
  'system',
  'peers',
  'information about known peers in the cluster',
  {
    peer: 'inet',
    data_center: TEXT,
    host_id: 'uuid',
    preferred_ip: 'inet',
    rack: TEXT,
    release_version: TEXT,
    rpc_address: 'inet',
    schema_version: 'uuid',
    tokens: 'set<text>',
  },
  ['peer'],
  [],
  none,
);

const KEYSPACE_COLUMNS = { keyspace_name: TEXT, durable_writes: 'boolean', replication: STRING_MAP };
const keyspaceRows: Produce = (catalog) =>
  [
    ...SYSTEM_KEYSPACES.map((name) => ({ keyspace_name: name, durable_writes: true, replication: SYSTEM_REPLICATION })),
    ...userKeyspaces(catalog).map((k) => ({ keyspace_name: k.name, durable_writes: true, replication: stringMap(k.replication) })),
  ].sort((a, b) => compareText(a.keyspace_name, b.keyspace_name));

register('system_schema', 'keyspaces', 'keyspace definitions', KEYSPACE_COLUMNS, ['keyspace_name'], [], keyspaceRows);

register(
  'system_schema',
  'tables',
  'table definitions',
  { keyspace_name: TEXT, table_name: TEXT, ...TABLE_PARAM_COLUMNS, flags: 'frozen<set<text>>', id: 'uuid' },
  ['keyspace_name'],
  ['table_name'],
  (catalog) =>
    describedTables(catalog).map(({ schema, customProperties }) => ({
      keyspace_name: schema.keyspace,
      table_name: schema.name,
      ...TABLE_PARAMS,
      cdc: isEnabled(customProperties?.get('cdc_specification')),
      comment: schema.options.comment ?? '',
      default_time_to_live: schema.options.defaultTimeToLive ?? 0,
      flags: schema.columns.some((c) => c.type.kind === 'counter') ? ['compound', 'counter'] : ['compound'],
      id: schema.id,
    })),
);

register(
  'system_schema',
  'columns',
  'column definitions',
  {
    keyspace_name: TEXT,
    table_name: TEXT,
    column_name: TEXT,
    clustering_order: TEXT,
    column_name_bytes: 'blob',
    kind: TEXT,
    position: 'int',
    type: TEXT,
  },
  ['keyspace_name'],
  ['table_name', 'column_name'],
  (catalog) =>
    describedTables(catalog).flatMap(({ schema }) =>
      [...schema.columns].sort((a, b) => compareText(a.name, b.name)).map((col) => columnRow(schema, col)),
    ),
);

register(
  'system_schema',
  'indexes',
  'secondary index definitions',
  { keyspace_name: TEXT, table_name: TEXT, index_name: TEXT, kind: TEXT, options: STRING_MAP },
  ['keyspace_name'],
  ['table_name', 'index_name'],
  none,
);

register(
  'system_schema',
  'views',
  'view definitions',
  {
    keyspace_name: TEXT,
    view_name: TEXT,
    base_table_id: 'uuid',
    base_table_name: TEXT,
    ...TABLE_PARAM_COLUMNS,
    id: 'uuid',
    include_all_columns: 'boolean',
    where_clause: TEXT,
  },
  ['keyspace_name'],
  ['view_name'],
  none,
);

register(
  'system_schema',
  'types',
  'user defined type definitions',
  { keyspace_name: TEXT, type_name: TEXT, field_names: STRING_LIST, field_types: STRING_LIST },
  ['keyspace_name'],
  ['type_name'],
  none,
);

register(
  'system_schema',
  'functions',
  'user defined function definitions',
  {
    keyspace_name: TEXT,
    function_name: TEXT,
    argument_types: STRING_LIST,
    argument_names: STRING_LIST,
    body: TEXT,
    called_on_null_input: 'boolean',
    language: TEXT,
    return_type: TEXT,
  },
  ['keyspace_name'],
  ['function_name', 'argument_types'],
  none,
);

register(
  'system_schema',
  'aggregates',
  'user defined aggregate definitions',
  {
    keyspace_name: TEXT,
    aggregate_name: TEXT,
    argument_types: STRING_LIST,
    final_func: TEXT,
    initcond: TEXT,
    return_type: TEXT,
    state_func: TEXT,
    state_type: TEXT,
  },
  ['keyspace_name'],
  ['aggregate_name', 'argument_types'],
  none,
);

register(
  'system_schema',
  'triggers',
  'trigger definitions',
  { keyspace_name: TEXT, table_name: TEXT, trigger_name: TEXT, options: STRING_MAP },
  ['keyspace_name'],
  ['table_name', 'trigger_name'],
  none,
);

register('system_schema_mcs', 'keyspaces', 'keyspace definitions', KEYSPACE_COLUMNS, ['keyspace_name'], [], keyspaceRows);

register(
  'system_schema_mcs',
  'tables',
  'table definitions',
  {
    keyspace_name: TEXT,
    table_name: TEXT,
    cdc: 'boolean',
    comment: TEXT,
    custom_properties: 'map<text, frozen<map<text, text>>>',
    default_time_to_live: 'int',
    status: TEXT,
  },
  ['keyspace_name'],
  ['table_name'],
  (catalog) =>
    liveTables(catalog).map((record) => {
      const stored = storedCustomProperties(record.schema.options['customProperties']);
      return {
        keyspace_name: record.schema.keyspace,
        table_name: record.schema.name,
        cdc: isEnabled(stored.get('cdc_specification')),
        comment: record.schema.options.comment ?? '',
        custom_properties: customProperties(record, stored),
        default_time_to_live: record.schema.options.defaultTimeToLive ?? 0,
        status: record.status,
      };
    }),
);

// ---------------------------------------------------------------------------------------------
// Rows from the catalog

/** The user keyspaces, by name (a record that takes a system keyspace's name is left out). */
function userKeyspaces(catalog: SystemCatalog): KeyspaceRecord[] {
  return catalog
    .keyspaces()
    .filter((k) => !SYSTEM_KEYSPACES.includes(k.name))
    .sort((a, b) => compareText(a.name, b.name));
}

/** The user tables that are not DELETED, by keyspace then name. */
function liveTables(catalog: SystemCatalog): TableRecord[] {
  return catalog
    .tables()
    .filter((t) => t.status !== 'DELETED' && !SYSTEM_KEYSPACES.includes(t.schema.keyspace))
    .sort((a, b) => compareText(a.schema.keyspace, b.schema.keyspace) || compareText(a.schema.name, b.schema.name));
}

/** The tables system_schema describes: the live user tables and the virtual tables, by keyspace then name. */
function describedTables(catalog: SystemCatalog): { schema: TableSchema; customProperties?: Map<string, Record<string, string>> }[] {
  return [
    ...liveTables(catalog).map((t) => ({ schema: t.schema, customProperties: storedCustomProperties(t.schema.options['customProperties']) })),
    ...[...REGISTRY.values()].map((t) => ({ schema: t.schema })),
  ].sort((a, b) => compareText(a.schema.keyspace, b.schema.keyspace) || compareText(a.schema.name, b.schema.name));
}

/** A system_schema.columns row: key columns carry their position, the others -1 (Cassandra 3). */
function columnRow(schema: TableSchema, col: ColumnDef): RawRow {
  const isKey = col.kind === 'partition_key' || col.kind === 'clustering';
  return {
    keyspace_name: schema.keyspace,
    table_name: schema.name,
    column_name: col.name,
    clustering_order: col.kind === 'clustering' ? (col.order ?? 'ASC').toLowerCase() : 'none',
    column_name_bytes: UTF8.encode(col.name),
    kind: col.kind,
    position: isKey ? col.position : -1,
    type: formatCqlType(col.type),
  };
}

/**
 * The `custom_properties` of a table (reference/cql.md §1.2): the ones the executor stored in
 * `schema.options.customProperties`, with these taken from the record whatever was stored:
 *
 * - `encryption_specification`: `{encryption_type: 'AWS_OWNED_KMS_KEY'}`, or for a customer
 *   managed key `{encryption_type: 'CUSTOMER_MANAGED_KMS_KEY', kms_key_identifier}`. The
 *   identifier is the key ARN of the current table-key record (`keys.at(-1).kmsKeyArn`) when
 *   that record is customer-managed: the key the table is really encrypted under, in the ARN
 *   form Keyspaces reports, even when the table was created with a key id or an alias. Without
 *   such a record it is `encryption.kmsKeyIdentifier` as given.
 * - `point_in_time_recovery`: `{status: 'enabled'}` (stored extra entries kept) when
 *   `schema.options.pointInTimeRecovery`, else `{status: 'disabled'}`.
 *
 * and these defaults when nothing was stored: `capacity_mode` `{throughput_mode:
 * 'PAY_PER_REQUEST', last_update_to_pay_per_request_timestamp: <createdAt ms>}`, `ttl`
 * `{status: 'disabled'}`.
 */
function customProperties(record: TableRecord, stored: Map<string, Record<string, string>>): Map<string, Record<string, string>> {
  const out = new Map(stored);
  out.set('encryption_specification', encryptionSpecification(record));
  out.set('point_in_time_recovery', record.schema.options.pointInTimeRecovery === true ? { ...stored.get('point_in_time_recovery'), status: 'enabled' } : { status: 'disabled' });
  if (!out.has('capacity_mode')) {
    out.set('capacity_mode', { throughput_mode: 'PAY_PER_REQUEST', last_update_to_pay_per_request_timestamp: String(record.createdAt) });
  }
  if (!out.has('ttl')) out.set('ttl', { status: 'disabled' });
  return out;
}

function encryptionSpecification(record: TableRecord): Record<string, string> {
  if (record.encryption.type !== 'CUSTOMER_MANAGED_KMS_KEY') return { encryption_type: 'AWS_OWNED_KMS_KEY' };
  const current: TableKeyRecord | undefined = record.keys.at(-1);
  const identifier = current?.encryptionType === 'CUSTOMER_MANAGED_KMS_KEY' ? current.kmsKeyArn : record.encryption.kmsKeyIdentifier;
  return identifier === undefined ? { encryption_type: 'CUSTOMER_MANAGED_KMS_KEY' } : { encryption_type: 'CUSTOMER_MANAGED_KMS_KEY', kms_key_identifier: identifier };
}

/**
 * The custom properties kept in a schema's options: a plain object or Map of property name →
 * plain object or Map of strings (numbers, booleans and bigints are turned to text, as cqlsh
 * shows them; other values and malformed entries are left out).
 */
function storedCustomProperties(value: unknown): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const [name, props] of entriesOf(value)) {
    if (typeof name !== 'string') continue;
    const inner = entriesOf(props);
    if (inner.length === 0 && !isMapLike(props)) continue;
    out.set(name, stringMap(Object.fromEntries(inner.filter(([k]) => typeof k === 'string'))));
  }
  return out;
}

/** Whether a custom property's `status` is `enabled` (any case). */
function isEnabled(props: Record<string, string> | undefined): boolean {
  return props?.['status']?.toLowerCase() === 'enabled';
}

/** A string → string record from an object whose primitive values are turned to text. */
function stringMap(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out[k] = String(v);
  }
  return out;
}

function isMapLike(value: unknown): boolean {
  return value instanceof Map || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function entriesOf(value: unknown): [unknown, unknown][] {
  if (value instanceof Map) return [...(value as Map<unknown, unknown>)];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return Object.entries(value);
  return [];
}

/** Normalises a produced row for its schema: every column present, every value in its normalised form. */
function toRow(schema: TableSchema, raw: RawRow): Row {
  for (const name of Object.keys(raw)) {
    if (!schema.columns.some((c) => c.name === name)) throw new Error(`internal: ${schema.keyspace}.${schema.name} has no column ${name}`);
  }
  const row: Row = {};
  for (const col of schema.columns) row[col.name] = normalizeValue(col.type, raw[col.name], col.name);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

/** Cassandra's `CFMetaData.generateLegacyCfId`: `UUID.nameUUIDFromBytes(keyspace ‖ table)` (MD5, version 3). */
function legacyTableId(keyspace: string, table: string): string {
  return uuidFromDigest(createHash('md5').update(keyspace, 'utf8').update(table, 'utf8').digest(), 3);
}

/** The schema version of the catalog (module summary). */
function schemaVersion(catalog: SystemCatalog): string {
  const described = {
    keyspaces: userKeyspaces(catalog).map((k) => ({ name: k.name, replication: k.replication })),
    tables: liveTables(catalog).map((t) => ({ schema: t.schema, encryption: t.encryption })),
  };
  return uuidFromDigest(createHash('sha256').update(canonicalJson(described), 'utf8').digest(), 8);
}

/** The first 16 bytes of a digest as an RFC 9562 UUID of that version (variant 10). */
function uuidFromDigest(digest: Uint8Array, version: number): string {
  const b = Uint8Array.from(digest.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | (version << 4);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with object keys sorted, bigints as `"<n>n"` strings, Maps as sorted entry lists; undefined entries dropped. */
function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(`${value}n`);
  if (typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].map(([k, v]) => [canonicalJson(k), canonicalJson(v)] as const);
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return `{"$map":[${entries.map(([k, v]) => `[${k},${v}]`).join(',')}]}`;
  }
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function compareText(a: string, b: string): number {
  return compareValues({ kind: 'text' }, a, b);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
