/**
 * @module table/store
 * `Store`: the embedded, encrypted wide-column store. Keyspaces and tables live in a catalog
 * (plaintext: names, schema, encryption settings, wrapped table keys, status); each table's
 * rows live in its own log-structured storage (storage/table-engine.ts), encrypted under the
 * three-level hierarchy KMS key → table key → DEK per segment and per log generation
 * (keys/table-key-service.ts). Every table is encrypted; nothing can turn that off.
 *
 * Writes are serialised through one queue: each is one LevelDB batch (its log records, for one
 * or several tables) acknowledged once written. Reads run concurrently on consistent views.
 * Flushes and compactions run in the background (p-queue) or on request.
 */
import { EventEmitter } from 'node:events';
import PQueue from 'p-queue';
import { systemClock, type Clock } from '../clock/index.js';
import { randomUuid } from '../crypto/index.js';
import { AccessDeniedException, DataIntegrityException, DisabledException, KMSInvalidStateException, LimitExceededException, NotFoundException, ResourceInUseException, ResourceNotFoundException, ValidationException } from '../common/errors.js';
import type { StoreServiceException, ExceptionOptions } from '../common/errors.js';
import type { Timer } from '../clock/index.js';
import type { Notification, NotificationSink } from '../lifecycle/notifications.js';
import { keyFingerprint, TableKeyService, type EncryptionSpecification, type TableIdentity, type TableKeyEntry, type TableKeyRecord } from '../keys/index.js';
import { compareBytes, openLevelKv, PrefixedKv, type KvOperation, type KvStore } from '../storage/kv/index.js';
import { backupDataKey, backupRange, backupRecordKey, backupsRange, jobKey, jobsRange, keyspaceKey, keyspacesRange, notificationKey, notificationsRange, tableDataRange, tableKey, tablesRange } from '../storage/layout.js';
import { emptyPartition, hexOf, inRange, type Bound, type Cell, type PartitionState, type RowState } from '../storage/partition.js';
import { DEFAULT_ENGINE_OPTIONS, TableEngine, type EngineOptions } from '../storage/table-engine.js';
import { encodeClustering, encodePartitionKey, keyShape, type KeyShape } from './primary-key.js';
import { materialize, materializeRead, type CellMeta, type MaterializedRow, type Row } from './rows.js';
import { addColumn, addRowWrite, clusteringColumns, columnByName, defineTable, partitionKeyColumns, withOptions, type ColumnDef, type TableDefinition, type TableOptions, type TableSchema } from './schema.js';
import type { CqlType } from './cql-type.js';
import { Session, type ExecuteOptions, type PreparedStatement, type ResultSet } from '../cql/executor.js';
import type { Params } from '../cql/terms.js';
import { normalizeValue, type CqlValue } from './values.js';
import { PayloadBatch } from './value-codec.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** Table statuses, as Keyspaces reports them in system_schema_mcs.tables. */
export type TableStatus = 'ACTIVE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'DELETED' | 'RESTORING' | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS';

/** What the catalog keeps for a keyspace. */
export interface KeyspaceRecord {
  name: string;
  replication: Record<string, string>;
  createdAt: number;
}

/** What the catalog keeps for a table (no row data, no plaintext key). */
export interface TableRecord {
  schema: TableSchema;
  encryption: EncryptionSpecification;
  /** Table-key versions, oldest first; the last is current. */
  keys: TableKeyRecord[];
  /**
   * The key chain: each previous table key wrapped (AES-GCM-SIV) by the next one, base64, so
   * whatever was sealed under an older table key (backups) opens through the current one.
   */
  chain?: { version: number; wrappedBy: number; wrapped: string }[];
  /** Set while the table's KMS key cannot be used: since when, the AWS error name, the key and why. */
  inaccessible?: { since: number; cause: string; kmsKeyArn: string; reason: string };
  status: TableStatus;
  createdAt: number;
}

/** A KMS as the store needs it (LocalKms). */
export type StoreKms = ConstructorParameters<typeof TableKeyService>[0]['kms'];

/** Options of {@link Store.open}. */
export interface StoreOptions {
  /** The store's directory (a LevelDB). */
  path: string;
  /** The KMS at the root of the key hierarchy, calling as the store's user (grants are made as this principal). */
  kms: StoreKms;
  /** Every time rule reads it. Default: the system clock. */
  clock?: Clock;
  /** The store's own service principal (it calls the KMS as this). Default `cassandra.amazonaws.com`. */
  servicePrincipal?: string;
  /** Idle time after which a cached table key is dropped and zeroed. Default 5 minutes (Keyspaces). */
  tableKeyIdleMs?: number;
  /** Optional absolute lifetime of a cached table key. Off by default. */
  tableKeyMaxAgeMs?: number;
  /** Bytes of decrypted blocks each cached table key may keep (they die with it). Default 64 MiB. */
  blockCacheBytes?: number;
  /** Engine tunables (block size, memtable size, compaction, grace, sync). */
  engine?: Partial<EngineOptions>;
  /** Where notifications also go (e.g. a {@link JsonLinesSink}), besides the 'notification' event and `store.notifications()`. */
  notificationSink?: NotificationSink;
  /** How often the monitor checks the customer-managed keys in use. Default 5 minutes. */
  keyCheckIntervalMs?: number;
}

/** Options of {@link Store.createTable}. */
export interface CreateTableOptions extends TableDefinition {
  /** The table's KMS key. Default: the AWS-owned key. */
  encryption?: EncryptionSpecification;
  /** Do nothing if the table exists. */
  ifNotExists?: boolean;
}

/** Write options: timestamp in microseconds (default: the clock, monotonic), TTL in seconds. */
export interface WriteOptions {
  timestamp?: number;
  ttl?: number;
}

/** One clustering restriction of a query. */
export interface Restriction {
  column: string;
  op: '=' | '>' | '>=' | '<' | '<=';
  value: unknown;
}

/** Options of {@link Store.query}. */
export interface QueryOptions {
  /** Restrictions on clustering columns: equalities on a prefix, then a range on the next column. */
  where?: Restriction[];
  order?: 'ASC' | 'DESC';
  limit?: number;
  /** Rows per page; with `pageState` from the previous page to resume. */
  pageSize?: number;
  pageState?: string;
}

/** A page of rows; `pageState` is set when more rows follow. */
export interface Page {
  rows: Row[];
  pageState?: string;
}

/** A row read by {@link Store.readModifyWrite}: the row (absent when it has no live data), its cell metadata, and its partition's static values. */
export interface CurrentRow {
  row?: Row;
  meta?: Map<string, CellMeta>;
  statics: Row;
}

/** Options of {@link Store.batch} and {@link Store.readModifyWrite}. */
export interface BatchOptions {
  /**
   * Give every write without its own timestamp the same one, as a CQL BATCH does (so two
   * writes of one cell in a batch tie, and the greater value wins). Default: each write gets
   * the next timestamp, in order.
   */
  sharedTimestamp?: boolean;
}

/** One write of an atomic batch. */
export type BatchWrite =
  | ({ op: 'insert'; keyspace: string; table: string; row: Record<string, unknown> } & WriteOptions)
  | ({ op: 'update'; keyspace: string; table: string; key: Record<string, unknown>; set: Record<string, unknown> } & WriteOptions)
  | ({ op: 'delete'; keyspace: string; table: string; key: Record<string, unknown>; columns?: string[]; where?: Restriction[] } & Pick<WriteOptions, 'timestamp'>);

/** The key hierarchy of a table, for people learning how it works: fingerprints of wrapped keys, never plaintext. */
export interface KeyHierarchy {
  table: string;
  encryptionType: EncryptionSpecification['type'];
  kmsKeyArn: string;
  tableKeys: { version: number; createdAt: string; wrappedFingerprint: string; current: boolean }[];
  segments: { id: string; keyVersion: number; blocks: number; wrappedDekFingerprint: string }[];
  logGenerations: { generation: number; wrappedDekFingerprint: string }[];
}

/** A backup: the source table's catalog record (schema, wrapped keys, key chain) and a copy of its ciphertext. */
export interface BackupRecord {
  backupId: string;
  /** Why it was taken: on request, or because the table's key stayed inaccessible for 7 days. */
  reason: 'ON_DEMAND' | 'INACCESSIBLE_KEY';
  createdAt: number;
  /** When it is purged (35 days after an automatic backup); absent: kept until deleted. */
  expiresAt?: number;
  /** Bytes of ciphertext copied. */
  bytes: number;
  source: TableRecord;
}

/** A lifecycle step due at a time, persisted so it survives a restart. */
type LifecycleJob =
  | { id: string; kind: 'retireBackupGrant'; due: number; keyspace: string; table: string; keys: { kmsKeyArn: string; grantIds: string[] }[] }
  | { id: string; kind: 'purgeBackup'; due: number; keyspace: string; table: string; backupId: string };

/** A job before it has an id. */
type NewJob = LifecycleJob extends infer J ? (J extends LifecycleJob ? Omit<J, 'id'> : never) : never;

const DAY_MS = 86_400_000;
/** How often the monitor checks customer-managed keys (detection within 5 minutes). */
export const KEY_CHECK_INTERVAL_MS = 5 * 60_000;
/** A key inaccessible this long gets its table backed up and deleted (7 days). */
export const INACCESSIBLE_GRACE_MS = 7 * DAY_MS;
/** An automatic backup is kept this long (35 days). */
export const BACKUP_RETENTION_MS = 35 * DAY_MS;
/** A deleted table's backup grant is retired this long after the deletion (42 days). */
export const BACKUP_GRANT_RETIREMENT_MS = 42 * DAY_MS;

/** KMS errors that mean "this key cannot be used by the store" (as opposed to bad input or a fault). */
const KMS_ACCESS_ERRORS = new Set(['DisabledException', 'KMSInvalidStateException', 'NotFoundException', 'AccessDeniedException', 'InvalidCiphertextException', 'KeyUnavailableException', 'LimitExceededException']);

const EXCEPTION_CLASSES: Record<string, new (message: string, options?: ExceptionOptions) => StoreServiceException> = {
  DisabledException,
  KMSInvalidStateException,
  NotFoundException,
  AccessDeniedException,
};

interface OpenTable {
  record: TableRecord;
  shape: KeyShape;
  engine?: TableEngine;
  opening?: Promise<TableEngine>;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_]{0,47}$/;

/**
 * The embedded store.
 * @example
 * const store = await Store.open({ path: 'data/store', kms, clock });
 * await store.createKeyspace('shop');
 * await store.createTable({ keyspace: 'shop', name: 'orders', columns: { customer: 'text', placed_at: 'timestamp', total: 'double' },
 *   partitionKey: ['customer'], clustering: [{ name: 'placed_at', order: 'DESC' }] });
 * await store.insert('shop', 'orders', { customer: 'c1', placed_at: new Date(), total: 9.5 });
 */
export class Store extends EventEmitter {
  readonly #kv: KvStore;
  readonly #clock: Clock;
  readonly #keys: TableKeyService;
  readonly #engineOptions: EngineOptions;
  /** Where #applyBatch builds the cell payloads of a batch (zeroed after each batch). */
  readonly #payloads = new PayloadBatch();
  readonly #keyspaces = new Map<string, KeyspaceRecord>();
  readonly #tables = new Map<string, OpenTable>();
  readonly #background = new PQueue({ concurrency: 1 });
  #chain: Promise<unknown> = Promise.resolve();
  #lastTimestamp = 0;
  #session: Session | undefined;
  readonly #timers = new Set<Timer>();
  #monitorTimer: Timer | undefined;
  readonly #deadlines = new Map<string, Timer>();
  #notificationSeq = 0;
  #sink: NotificationSink | undefined;
  #keyCheckIntervalMs = KEY_CHECK_INTERVAL_MS;
  #closed = false;

  private constructor(kv: KvStore, clock: Clock, keys: TableKeyService, engine: EngineOptions) {
    super();
    this.#kv = kv;
    this.#clock = clock;
    this.#keys = keys;
    this.#engineOptions = engine;
  }

  /**
   * Opens (creating if needed) a store directory and loads its catalog. Tables open lazily, on
   * first use, which is when their table key is first needed.
   * @throws {@link RangeError} for bad options
   */
  static async open(options: StoreOptions): Promise<Store> {
    if (typeof options?.path !== 'string' || options.path.length === 0) throw new TypeError('path must be a non-empty string');
    if (!options.kms) throw new TypeError('kms is required');
    const clock = options.clock ?? systemClock;
    const kv = await openLevelKv(options.path);
    const keys = new TableKeyService({
      kms: options.kms,
      clock,
      ...(options.servicePrincipal ? { servicePrincipal: options.servicePrincipal } : {}),
      ...(options.tableKeyIdleMs !== undefined ? { idleMs: options.tableKeyIdleMs } : {}),
      ...(options.tableKeyMaxAgeMs !== undefined ? { maxAgeMs: options.tableKeyMaxAgeMs } : {}),
      ...(options.blockCacheBytes !== undefined ? { blockCacheBytes: options.blockCacheBytes } : {}),
    });
    const store = new Store(kv, clock, keys, { ...DEFAULT_ENGINE_OPTIONS, ...options.engine });
    for await (const [, v] of kv.entries(keyspacesRange())) {
      const ks = JSON.parse(fromUtf8.decode(v)) as KeyspaceRecord;
      store.#keyspaces.set(ks.name, ks);
    }
    for await (const [, v] of kv.entries(tablesRange())) {
      const t = JSON.parse(fromUtf8.decode(v)) as TableRecord;
      store.#tables.set(`${t.schema.keyspace}.${t.schema.name}`, { record: t, shape: keyShape(t.schema) });
    }
    for await (const key of kv.keys({ ...notificationsRange(), reverse: true, limit: 1 })) store.#notificationSeq = Number(new DataView(key.buffer, key.byteOffset + 1, 8).getBigUint64(0));
    if (options.notificationSink) store.#sink = options.notificationSink;
    if (options.keyCheckIntervalMs !== undefined) {
      if (!Number.isFinite(options.keyCheckIntervalMs) || options.keyCheckIntervalMs <= 0) throw new RangeError('keyCheckIntervalMs must be a positive number');
      store.#keyCheckIntervalMs = options.keyCheckIntervalMs;
    }
    for await (const [, v] of kv.entries(jobsRange())) store.#armJob(JSON.parse(fromUtf8.decode(v)) as LifecycleJob);
    for (const t of store.#tables.values()) if (t.record.inaccessible) store.#armDeadline(t);
    store.#armMonitor();
    return store;
  }

  // ---------------------------------------------------------------- CQL

  /**
   * Executes one CQL statement on the store's default session (whose keyspace `USE` sets).
   * @param query - CQL text or a statement from {@link Store.prepare}
   * @param params - values of the `?` markers in order, or an object by marker name / column
   * @param options - `fetchSize` and `pageState` for paging
   * @returns the result: rows and column specs, or the schema change, or `[applied]` for a conditional write
   * @throws {@link CqlSyntaxError} (protocol code 0x2000), ValidationException or
   *   ResourceNotFoundException (0x2200), ResourceInUseException (0x2400): `errorCodeOf(e)`
   * @example
   * const { rows } = await store.execute('SELECT * FROM shop.orders WHERE customer = ?', ['c1']);
   */
  async execute(query: string | PreparedStatement, params?: Params, options?: ExecuteOptions): Promise<ResultSet> {
    this.#checkOpen();
    this.#session ??= new Session(this);
    return this.#session.execute(query, params ?? [], options ?? {});
  }

  /**
   * Parses a statement once, for repeated {@link Store.execute} with different values.
   * @throws {@link CqlSyntaxError}
   */
  async prepare(query: string): Promise<PreparedStatement> {
    this.#checkOpen();
    this.#session ??= new Session(this);
    return this.#session.prepare(query);
  }

  /** A new CQL session with its own current keyspace (a connection, in driver terms). */
  session(keyspace?: string): Session {
    this.#checkOpen();
    return new Session(this, keyspace);
  }

  /** The clock the store reads. */
  get clock(): Clock {
    return this.#clock;
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  #checkOpen(): void {
    if (this.#closed) throw new ResourceInUseException('The store is closed.');
  }

  /** A write timestamp in microseconds from the clock, strictly increasing within this store. */
  #timestamp(given: number | undefined): number {
    if (given !== undefined) {
      if (!Number.isSafeInteger(given)) throw new ValidationException(`Invalid timestamp ${given}: a write timestamp is an integer number of microseconds.`);
      return given;
    }
    const now = this.#clock.now() * 1000;
    this.#lastTimestamp = Math.max(now, this.#lastTimestamp + 1);
    return this.#lastTimestamp;
  }

  // ---------------------------------------------------------------- keyspaces

  /**
   * Creates a keyspace.
   * @throws {@link ResourceInUseException} when it exists (unless ifNotExists)
   * @throws {@link ValidationException} for a bad name
   */
  async createKeyspace(name: string, options: { ifNotExists?: boolean; replication?: Record<string, string> } = {}): Promise<void> {
    this.#checkOpen();
    /* Precondition: a keyspace name is 1 to 48 letters, digits and underscores, starting with a letter or digit. */
    if (typeof name !== 'string' || !NAME.test(name)) throw new ValidationException(`Invalid keyspace name '${String(name)}': 1 to 48 letters, digits or underscores, starting with a letter or digit.`);
    await this.#serial(async () => {
      if (this.#keyspaces.has(name)) {
        if (options.ifNotExists) return;
        throw new ResourceInUseException(`Keyspace ${name} already exists`);
      }
      const record: KeyspaceRecord = { name, replication: options.replication ?? { class: 'SingleRegionStrategy' }, createdAt: this.#clock.now() };
      await this.#kv.put(keyspaceKey(name), utf8.encode(JSON.stringify(record)), { sync: true });
      this.#keyspaces.set(name, record);
    });
  }

  /** The keyspaces, by name. */
  keyspaces(): KeyspaceRecord[] {
    return [...this.#keyspaces.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /**
   * Drops a keyspace and every table in it.
   * @throws {@link ResourceNotFoundException}
   */
  async dropKeyspace(name: string, options: { ifExists?: boolean } = {}): Promise<void> {
    this.#checkOpen();
    if (!this.#keyspaces.has(name)) {
      if (options.ifExists) return;
      throw new ResourceNotFoundException(`Keyspace ${name} does not exist`);
    }
    for (const t of this.tables(name)) await this.dropTable(name, t.schema.name);
    await this.#serial(async () => {
      await this.#kv.del(keyspaceKey(name), { sync: true });
      this.#keyspaces.delete(name);
    });
  }

  // ---------------------------------------------------------------- tables

  /** The tables of a keyspace (or all), with their catalog records. */
  tables(keyspace?: string): TableRecord[] {
    return [...this.#tables.values()].map((t) => t.record).filter((r) => keyspace === undefined || r.schema.keyspace === keyspace);
  }

  #table(keyspace: string, table: string): OpenTable {
    const t = this.#tables.get(`${keyspace}.${table}`);
    if (!t) {
      if (!this.#keyspaces.has(keyspace)) throw new ResourceNotFoundException(`Keyspace ${keyspace} does not exist`);
      throw new ResourceNotFoundException(`Table ${keyspace}.${table} does not exist`);
    }
    return t;
  }

  #identity(schema: TableSchema): TableIdentity {
    return { keyspace: schema.keyspace, table: schema.name, tableId: schema.id };
  }

  /**
   * Creates a table, encrypted under the AWS-owned key unless a customer-managed key is given.
   * The table key is made by KMS GenerateDataKey (and, for a customer-managed key, a grant to
   * the store's service principal); it is stored only as the KMS blob.
   * @returns the catalog record
   * @throws {@link ResourceInUseException} when it exists (unless ifNotExists)
   * @throws {@link ResourceNotFoundException} when the keyspace does not exist
   * @throws {@link ValidationException} for a bad definition
   * @throws the KMS error (DisabledException, NotFoundException, KMSInvalidStateException, AccessDeniedException…) when the key cannot be used; nothing is created
   */
  async createTable(options: CreateTableOptions): Promise<TableRecord> {
    this.#checkOpen();
    if (!this.#keyspaces.has(options.keyspace)) throw new ResourceNotFoundException(`Keyspace ${options.keyspace} does not exist`);
    const existing = this.#tables.get(`${options.keyspace}.${options.name}`);
    if (existing) {
      if (options.ifNotExists) return existing.record;
      throw new ResourceInUseException(`Table ${options.keyspace}.${options.name} already exists`);
    }
    const schema = defineTable(options, randomUuid());
    return this.#createWithSchema(schema, options.encryption ?? { type: 'AWS_OWNED_KMS_KEY' }, 'ACTIVE');
  }

  /** Creates a table of a validated schema: its table key (and grants), catalog record and manifest, in one batch. */
  async #createWithSchema(schema: TableSchema, encryption: EncryptionSpecification, status: TableStatus): Promise<TableRecord> {
    const shape = keyShape(schema);
    checkEncryptionSpecification(encryption);
    const keyRecord = await this.#keys.createTableKey(this.#identity(schema), encryption, 1).catch((e: unknown) => this.#refused(schema, encryption, 'create', e));
    try {
      const record = await this.#serial(async () => {
        if (this.#tables.has(`${schema.keyspace}.${schema.name}`)) throw new ResourceInUseException(`Table ${schema.keyspace}.${schema.name} already exists`);
        const record: TableRecord = { schema, encryption, keys: [keyRecord], status, createdAt: this.#clock.now() };
        const entry = await this.#keys.entry(this.#identity(schema), keyRecord);
        await this.#kv.batch([{ type: 'put', key: tableKey(schema.keyspace, schema.name), value: utf8.encode(JSON.stringify(record)) }, ...TableEngine.createOps(schema.id, entry)], { sync: true });
        this.#tables.set(`${schema.keyspace}.${schema.name}`, { record, shape });
        return record;
      });
      this.#armMonitor();
      return record;
    } catch (e) {
      await this.#keys.retireGrants(keyRecord).catch(() => undefined);
      this.#keys.evict(schema.id);
      throw e;
    }
  }

  /**
   * A table could not be created or change key because its KMS key cannot be used: a
   * notification, then the KMS error as is (a LimitExceededException says why in words).
   */
  async #refused(schema: TableSchema, spec: EncryptionSpecification, what: 'create' | 'alter', e: unknown): Promise<never> {
    const name = (e as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && KMS_ACCESS_ERRORS.has(name)) {
      await this.#notify({
        type: 'KEY_REFUSED',
        keyspace: schema.keyspace,
        table: schema.name,
        ...(spec.kmsKeyIdentifier ? { kmsKeyArn: spec.kmsKeyIdentifier } : {}),
        cause: name,
        message: `${what === 'create' ? 'CREATE TABLE' : 'ALTER TABLE'} ${schema.keyspace}.${schema.name} was refused: its KMS key ${spec.kmsKeyIdentifier ?? '(AWS owned)'} cannot be used (${name}: ${(e as Error).message}). Nothing was changed.`,
      }).catch(() => undefined);
      if (name === 'LimitExceededException')
        throw new LimitExceededException(`Table ${schema.keyspace}.${schema.name} cannot use KMS key ${spec.kmsKeyIdentifier}: a KMS key holds at most 50,000 grants and each table needs 2. (${(e as Error).message})`, { cause: e });
    }
    throw e;
  }

  /**
   * Drops a table: its catalog record and every key of its data, in one batch; its grants are
   * retired and its cached keys zeroed.
   * @throws {@link ResourceNotFoundException}
   */
  async dropTable(keyspace: string, table: string, options: { ifExists?: boolean } = {}): Promise<void> {
    this.#checkOpen();
    const t = this.#tables.get(`${keyspace}.${table}`);
    if (!t) {
      if (options.ifExists) return;
      this.#table(keyspace, table);
      return;
    }
    await this.#background.onIdle();
    await this.#serial(async () => {
      const ops: KvOperation[] = [{ type: 'del', key: tableKey(keyspace, table) }];
      for await (const key of this.#kv.keys(tableDataRange(t.record.schema.id))) ops.push({ type: 'del', key });
      await this.#kv.batch(ops, { sync: true });
      this.#tables.delete(`${keyspace}.${table}`);
    });
    for (const k of t.record.keys) await this.#keys.retireGrants(k, 'table').catch(() => undefined);
    await this.#scheduleBackupGrantRetirement(t.record);
    this.#keys.evict(t.record.schema.id);
  }

  /** Whether a keyspace exists (a map lookup, for per-statement checks). */
  hasKeyspace(name: string): boolean {
    return this.#keyspaces.has(name);
  }

  /** The catalog record of a table, or undefined (a map lookup, for per-statement checks). */
  findTable(keyspace: string, table: string): TableRecord | undefined {
    return this.#tables.get(`${keyspace}.${table}`)?.record;
  }

  /**
   * The catalog record of a table.
   * @throws {@link ResourceNotFoundException}
   */
  describeTable(keyspace: string, table: string): TableRecord {
    return this.#table(keyspace, table).record;
  }

  /**
   * Changes a table's schema or options (ALTER TABLE): adds columns, sets options. One change
   * is one catalog write; existing rows read the new columns as null.
   * Changing the table's KMS key is the key-change machinery of a later issue: asking for it
   * fails with a ValidationException and changes nothing.
   * @returns the new catalog record
   * @throws {@link ValidationException} for a bad column or option (nothing changes)
   * @throws {@link ResourceNotFoundException}
   */
  async alterTable(
    keyspace: string,
    table: string,
    change: { addColumns?: { name: string; type: string | CqlType; static?: boolean }[]; options?: TableOptions; encryption?: EncryptionSpecification },
  ): Promise<TableRecord> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    this.#checkStatus(t);
    if (change.encryption !== undefined) {
      /* Precondition: a key change changes nothing else (Keyspaces: one table setting per update). */
      if (change.addColumns?.length || (change.options && Object.keys(change.options).length > 0)) throw new ValidationException('A key change must be the only change of an ALTER TABLE.');
      return this.#changeKey(t, change.encryption);
    }
    return this.#serial(async () => {
      let schema = t.record.schema;
      for (const c of change.addColumns ?? []) schema = addColumn(schema, c.name, c.type, c.static ?? false);
      if (change.options) schema = withOptions(schema, change.options);
      const record: TableRecord = { ...t.record, schema };
      await this.#kv.put(tableKey(keyspace, table), utf8.encode(JSON.stringify(record)), { sync: true });
      t.record = record;
      t.shape = keyShape(schema);
      return record;
    });
  }

  /**
   * Changes a table's KMS key, online (DESIGN.md "Key change"): a new table key is generated
   * under the new KMS key (with its grant, for a customer-managed key); in the background
   * queue (no flush or compaction runs meanwhile) and the write queue (no write is in flight),
   * every DEK is rewrapped under it, the manifest re-authenticated, and the previous table key
   * wrapped by the new one (the key chain), all in one LevelDB batch with the catalog record.
   * Then the old key's grants are retired and its cache entry dropped. Nothing else is written:
   * the cost grows with the number of segments, not with bytes. A KMS failure (key disabled,
   * pending deletion, not found, access denied) changes nothing.
   */
  async #changeKey(t: OpenTable, spec: EncryptionSpecification): Promise<TableRecord> {
    checkEncryptionSpecification(spec);
    const identity = this.#identity(t.record.schema);
    // In the background queue: no flush or compaction runs meanwhile, and key changes of a table run one at a time.
    const changed = await this.#background.add(async () => {
      if (this.#tables.get(`${identity.keyspace}.${identity.table}`) !== t) throw new ResourceNotFoundException(`Table ${identity.keyspace}.${identity.table} does not exist`);
      this.#checkStatus(t);
      const previous = t.record.keys.at(-1)!;
      const version = previous.version + 1;
      const keyRecord = await this.#keys.createTableKey(identity, spec, version).catch((e: unknown) => this.#refused(t.record.schema, spec, 'alter', e));
      try {
        const { engine, entry: from } = await this.#engine(t);
        const to = await this.#keys.entry(identity, keyRecord);
        const record = await this.#serial(async () => {
          const { ops, apply } = await engine.rekey(from, to, version);
          const link = from.wrapUnder(to, chainAad(identity.tableId, previous.version, version));
          const next: TableRecord = {
            ...t.record,
            encryption: spec,
            keys: [...t.record.keys, keyRecord],
            chain: [...(t.record.chain ?? []), { version: previous.version, wrappedBy: version, wrapped: Buffer.from(link).toString('base64') }],
          };
          await this.#kv.batch([...ops, { type: 'put', key: tableKey(identity.keyspace, identity.table), value: utf8.encode(JSON.stringify(next)) }], { sync: true });
          apply();
          t.record = next;
          return next;
        });
        return { record, previous, keyRecord };
      } catch (e) {
        await this.#keys.retireGrants(keyRecord).catch(() => undefined);
        throw e;
      }
    });
    if (!changed) throw new ResourceInUseException(`Table ${identity.keyspace}.${identity.table}: the key change did not run.`);
    await this.#keys.retireGrants(changed.previous).catch(() => undefined);
    this.#armMonitor();
    await this.#notify({
      type: 'KEY_CHANGED',
      keyspace: identity.keyspace,
      table: identity.table,
      kmsKeyArn: changed.keyRecord.kmsKeyArn,
      message: `Table ${identity.keyspace}.${identity.table} is now encrypted under ${changed.keyRecord.kmsKeyArn} (table key v${changed.keyRecord.version}); no data was re-encrypted.`,
    });
    return changed.record;
  }

  async #entry(t: OpenTable): Promise<TableKeyEntry> {
    try {
      return await this.#keys.entry(this.#identity(t.record.schema), t.record.keys.at(-1)!);
    } catch (e) {
      // A KMS call for the table failed for access reasons: check the key now (in the background).
      const name = (e as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && KMS_ACCESS_ERRORS.has(name) && t.record.encryption.type === 'CUSTOMER_MANAGED_KMS_KEY')
        void this.#background.add(() => this.#checkTable(t)).catch((x: unknown) => this.#backgroundError(x));
      throw e;
    }
  }

  /**
   * The table's engine and its live table-key entry when both are at hand (no KMS call, no
   * open, no wait): the synchronous start of a read. Undefined otherwise: then `#engine`.
   */
  #engineNow(t: OpenTable): { engine: TableEngine; entry: TableKeyEntry } | undefined {
    if (!t.engine) return undefined;
    const entry = this.#keys.cachedEntry(this.#identity(t.record.schema), t.record.keys.at(-1)!);
    return entry ? { engine: t.engine, entry } : undefined;
  }

  async #engine(t: OpenTable): Promise<{ engine: TableEngine; entry: TableKeyEntry }> {
    const entry = await this.#entry(t);
    if (t.engine) return { engine: t.engine, entry };
    t.opening ??= TableEngine.open(
      this.#kv,
      { tableId: t.record.schema.id, tableName: `${t.record.schema.keyspace}.${t.record.schema.name}` },
      entry,
      t.record.keys.at(-1)!.version,
      this.#engineOptions,
    ).then(
      (engine) => {
        t.engine = engine;
        // Default timestamps stay above every write already stored, even on a clock that did not move.
        this.#lastTimestamp = Math.max(this.#lastTimestamp, engine.autoTimestamp);
        return engine;
      },
      (e: unknown) => {
        delete t.opening;
        throw e;
      },
    );
    return { engine: await t.opening, entry };
  }

  // ---------------------------------------------------------------- writes

  /**
   * Inserts (upserts) a row: every primary key column is required; other columns given are
   * written (null writes a tombstone); the row exists even if all its other columns are null.
   * @throws {@link ValidationException} unknown column, wrong type, missing or null key part, row over 1 MB
   */
  async insert(keyspace: string, table: string, row: Record<string, unknown>, options: WriteOptions = {}): Promise<void> {
    await this.batch([{ op: 'insert', keyspace, table, row, ...options }]);
  }

  /** Updates some columns of a row (no row marker: the row lives while a column does). */
  async update(keyspace: string, table: string, key: Record<string, unknown>, set: Record<string, unknown>, options: WriteOptions = {}): Promise<void> {
    await this.batch([{ op: 'update', keyspace, table, key, set, ...options }]);
  }

  /**
   * Deletes: with the full primary key, a row (or only `columns`); with the partition key and a
   * clustering prefix or `where` range, a range of rows; with the partition key only, the partition.
   */
  async delete(keyspace: string, table: string, key: Record<string, unknown>, options: { columns?: string[]; where?: Restriction[]; timestamp?: number } = {}): Promise<void> {
    await this.batch([{ op: 'delete', keyspace, table, key, ...options }]);
  }

  /**
   * Applies writes atomically: one LevelDB batch holds the log records of every table touched;
   * either all are acknowledged or none is applied.
   */
  async batch(writes: readonly BatchWrite[], options: BatchOptions = {}): Promise<void> {
    this.#checkOpen();
    if (!Array.isArray(writes)) throw new TypeError('writes must be an array');
    await this.#openTablesOf(writes);
    await this.#serial(() => this.#applyBatch(writes, options));
  }

  /**
   * What {@link Store.#openForWrite} does, once per table rather than once per write: each write's
   * table exists and is ACTIVE, and each table's engine is open (and its key cached), in the
   * order the writes name them.
   */
  async #openTablesOf(writes: readonly BatchWrite[]): Promise<void> {
    let last: OpenTable | undefined;
    let seen: Set<OpenTable> | undefined;
    for (const w of writes) {
      const t = this.#table(w.keyspace, w.table);
      this.#checkStatus(t);
      if (t === last) continue;
      last = t;
      if (seen?.has(t)) continue;
      (seen ??= new Set()).add(t);
      await this.#engine(t);
    }
  }

  /**
   * Reads rows and writes in one step of the write queue, so nothing else writes in between:
   * `decide` sees the rows as they are (`undefined` for a row that does not exist) and returns
   * the writes to apply atomically, and a result to hand back. It is how CQL's collection
   * operations (`l = l + [x]`, `m[k] = v`), counter increments and lightweight transactions
   * (`IF NOT EXISTS`, `IF col = v`) run.
   * @param reads - the rows to read, each by its full primary key; or by its partition key only
   *   (with `partitionOnly`), for static columns
   * @param decide - the decision; it may throw (nothing is written then)
   * @returns what `decide` returned as `result`
   */
  async readModifyWrite<T>(
    reads: readonly { keyspace: string; table: string; key: Record<string, unknown> }[],
    decide: (current: readonly CurrentRow[]) => { writes: readonly BatchWrite[]; result: T },
    options: BatchOptions = {},
  ): Promise<T> {
    this.#checkOpen();
    const targets = reads.map((r) => {
      const t = this.#table(r.keyspace, r.table);
      this.#checkStatus(t);
      return t;
    });
    for (const t of targets) await this.#engine(t);
    return this.#serial(async () => {
      const current: CurrentRow[] = [];
      for (const [i, r] of reads.entries()) current.push(await this.#current(targets[i]!, r.key));
      const { writes, result } = decide(current);
      if (writes.length > 0) {
        await this.#openForWrite(writes);
        await this.#applyBatch(writes, options);
      }
      return result;
    });
  }

  /** A row as it is now: the row (undefined when it has no live data) and the partition's static values. */
  async #current(t: OpenTable, key: Record<string, unknown>): Promise<CurrentRow> {
    const values = this.#keyValues(t, key, false);
    const full = t.shape.clusteringColumns.every((c) => values[c.name] !== undefined);
    const { engine, entry } = await this.#engine(t);
    const p = engine.readPartition(entry, encodePartitionKey(t.shape, values));
    const statics: Row = {};
    for (const c of t.record.schema.columns) if (c.kind === 'static') statics[c.name] = null;
    if (!p) return { statics };
    const want = full && t.shape.clusteringColumns.length > 0 ? hexOf(encodeClustering(t.shape, values)) : undefined;
    const rows = materialize(t.record.schema, t.shape, p, this.#clock.now(), (c) => want === undefined || hexOf(c) === want || c.length === 0);
    const staticSource = rows[0]?.row;
    if (staticSource) for (const name of Object.keys(statics)) statics[name] = staticSource[name] ?? null;
    const exact = want === undefined ? (t.shape.clusteringColumns.length === 0 ? rows[0] : undefined) : rows.find((r) => r.clustering.length > 0);
    return exact ? { row: exact.row, meta: exact.meta, statics } : { statics };
  }

  async #openForWrite(writes: readonly BatchWrite[]): Promise<void> {
    for (const w of writes) {
      const t = this.#table(w.keyspace, w.table);
      this.#checkStatus(t);
      await this.#engine(t);
    }
  }

  /** Applies writes as one LevelDB batch; runs inside the write queue. */
  async #applyBatch(writes: readonly BatchWrite[], options: BatchOptions): Promise<void> {
    if (options.sharedTimestamp) {
      const ts = this.#timestamp(undefined);
      writes = writes.map((w) => (w.timestamp === undefined ? { ...w, timestamp: ts } : w));
    }
    const byTable = new Map<OpenTable, PartitionState[]>();
    // The cells' payloads are built in one PayloadBatch and given their bytes (views of one buffer
    // for the whole batch) once every write is valid; cells[i] gets payload i.
    const cells: Cell[] = [];
    try {
      for (const w of writes) {
        const t = this.#table(w.keyspace, w.table);
        this.#checkStatus(t);
        const update = this.#toUpdate(t, w, cells);
        const list = byTable.get(t);
        if (list) list.push(update);
        else byTable.set(t, [update]);
      }
      const payloads = this.#payloads.finish();
      for (let i = 0; i < cells.length; i++) cells[i]!.value = payloads[i]!;
    } finally {
      this.#payloads.clear();
    }
    const prepared: { t: OpenTable; engine: TableEngine; entry: TableKeyEntry; updates: PartitionState[] }[] = [];
    for (const [t, updates] of byTable) prepared.push({ t, updates, ...(await this.#engine(t)) });
    // The updates were built above for this write alone: the memtable may take them as they are.
    const parts = prepared.map((p) => p.engine.prepareWrite(p.entry, p.updates, this.#lastTimestamp, true));
    try {
      await this.#kv.batch(parts.flatMap((p) => p.ops), { sync: this.#engineOptions.syncWrites });
    } catch (e) {
      for (const p of parts) p.abort();
      throw e;
    }
    for (const p of parts) p.apply();
    for (const p of prepared) if (p.engine.wantsFlush) this.#scheduleFlush(p.t);
  }

  #checkStatus(t: OpenTable): void {
    if (t.record.status === 'ACTIVE') return;
    const name = `${t.record.schema.keyspace}.${t.record.schema.name}`;
    const x = t.record.inaccessible;
    if (t.record.status === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' && x) {
      const Err = EXCEPTION_CLASSES[x.cause] ?? AccessDeniedException;
      throw new Err(
        `Table ${name} is INACCESSIBLE_ENCRYPTION_CREDENTIALS since ${new Date(x.since).toISOString()}: its KMS key ${x.kmsKeyArn} cannot be used (${x.cause}: ${x.reason}). ` +
          `Reads and writes fail until access is restored; if it is not restored by ${new Date(x.since + INACCESSIBLE_GRACE_MS).toISOString()}, the table is backed up and deleted.`,
      );
    }
    throw new ResourceInUseException(`Table ${name} is ${t.record.status}.`);
  }

  /**
   * The partition update of one write. An insert's or update's cells are pushed onto `cells` with
   * their payloads added to {@link Store.#payloads}, in the same order; their `value` is set by
   * the caller once the batch's payloads are built.
   */
  #toUpdate(t: OpenTable, w: BatchWrite, cells: Cell[]): PartitionState {
    const schema = t.record.schema;
    const ts = this.#timestamp(w.timestamp);
    if (w.op === 'insert' || w.op === 'update') {
      const ttl = w.ttl ?? (schema.options.defaultTimeToLive || undefined);
      /* Precondition: a TTL is a whole number of seconds from 0 to 630720000 (20 years). */
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0 || ttl > 630_720_000))
        throw new ValidationException(`Invalid TTL ${String(ttl)}: a TTL is a whole number of seconds between 0 and 630720000.`);
      const expiresAt = ttl ? this.#clock.now() + ttl * 1000 : 0;
      const input = w.op === 'insert' ? w.row : { ...w.key, ...w.set };
      const first = this.#payloads.count;
      const { key, columns } = addRowWrite(schema, input, w.op, this.#payloads);
      const update = emptyPartition(encodePartitionKey(t.shape, key));
      const regular: RowState = { cells: new Map() };
      let stat: RowState | undefined;
      for (let i = 0; i < columns.length; i++) {
        const col = columns[i]!;
        // The value comes with the batch's payloads; a null (a tombstone) has no TTL.
        const cell: Cell = !ttl || this.#payloads.isNull(first + i) ? { ts, value: null } : { ts, value: null, expiresAt, ttl };
        cells.push(cell);
        if (col.kind === 'static') (stat ??= { cells: new Map() }).cells.set(col.id, cell);
        else regular.cells.set(col.id, cell);
      }
      if (w.op === 'insert') regular.marker = ttl ? { ts, expiresAt, ttl } : { ts };
      if (stat) update.staticRow = stat;
      const ck = t.shape.clusteringColumns;
      let missing: ColumnDef | undefined;
      for (const c of ck) {
        const v = key[c.name];
        if (v === undefined || v === null) {
          missing = c;
          break;
        }
      }
      if (missing === undefined && (regular.cells.size > 0 || regular.marker)) {
        const clustering = encodeClustering(t.shape, key);
        update.rows.set(hexOf(clustering), { clustering, row: regular });
      } else if (missing !== undefined && regular.cells.size > 0) {
        throw new ValidationException(`Missing mandatory PRIMARY KEY part ${missing.name}`);
      }
      return update;
    }
    // delete
    const pkCols = partitionKeyColumns(schema);
    const keyValues: Record<string, CqlValue> = {};
    for (const [name, v] of Object.entries(w.key)) {
      const col = columnByName(schema, name);
      if (!col) throw new ValidationException(`Unknown column ${name} in table ${schema.keyspace}.${schema.name}`);
      if (col.kind !== 'partition_key' && col.kind !== 'clustering') throw new ValidationException(`Non PRIMARY KEY column ${name} found in where clause`);
      keyValues[name] = normalizeValue(col.type, v, name);
    }
    for (const c of pkCols) {
      if (keyValues[c.name] === undefined) throw new ValidationException(`Missing mandatory PRIMARY KEY part ${c.name}`);
      if (keyValues[c.name] === null) throw new ValidationException(`Invalid null value for partition key part ${c.name}`);
    }
    const update = emptyPartition(encodePartitionKey(t.shape, keyValues));
    const ck = clusteringColumns(schema);
    let prefix = 0;
    while (prefix < ck.length && keyValues[ck[prefix]!.name] !== undefined) prefix++;
    for (let i = prefix; i < ck.length; i++)
      if (keyValues[ck[i]!.name] !== undefined) throw new ValidationException(`PRIMARY KEY column ${ck[i]!.name} cannot be restricted as preceding column ${ck[prefix]!.name} is not restricted`);
    if (w.columns && w.columns.length > 0) {
      const row: RowState = { cells: new Map() };
      const stat: RowState = { cells: new Map() };
      for (const name of w.columns) {
        const col = columnByName(schema, name);
        if (!col) throw new ValidationException(`Unknown column ${name} in table ${schema.keyspace}.${schema.name}`);
        if (col.kind === 'partition_key' || col.kind === 'clustering') throw new ValidationException(`Invalid identifier ${name} for deletion (should not be a PRIMARY KEY part)`);
        if (col.kind === 'regular' && prefix < ck.length) throw new ValidationException(`Missing mandatory PRIMARY KEY part ${ck[prefix]!.name}`);
        (col.kind === 'static' ? stat : row).cells.set(col.id, { ts, value: null });
      }
      if (stat.cells.size > 0) update.staticRow = stat;
      if (row.cells.size > 0) {
        const clustering = encodeClustering(t.shape, keyValues);
        update.rows.set(hexOf(clustering), { clustering, row });
      }
      return update;
    }
    if (w.where && w.where.length > 0) {
      const range = this.#rangeOf(t, keyValues, prefix, w.where);
      update.ranges.push({ ...range, ts });
      return update;
    }
    if (prefix === 0) update.deletion = ts;
    else if (prefix === ck.length) {
      const clustering = encodeClustering(t.shape, keyValues);
      update.rows.set(hexOf(clustering), { clustering, row: { deletion: ts, cells: new Map() } });
    } else {
      const bound = encodeClustering(t.shape, keyValues, prefix);
      update.ranges.push({ start: { key: bound, inclusive: true }, end: { key: bound, inclusive: true }, ts });
    }
    return update;
  }

  /** Byte-order bounds for an equality prefix and a range on the next clustering column. */
  #rangeOf(t: OpenTable, eq: Record<string, CqlValue>, prefix: number, where: readonly Restriction[]): { start?: { key: Uint8Array; inclusive: boolean }; end?: { key: Uint8Array; inclusive: boolean } } {
    const ck = t.shape.clusteringColumns;
    const col = ck[prefix];
    if (!col && where.length > 0) throw new ValidationException('A range restriction needs a clustering column after the restricted prefix.');
    let start: { key: Uint8Array; inclusive: boolean } | undefined;
    let end: { key: Uint8Array; inclusive: boolean } | undefined;
    for (const r of where) {
      if (!col || r.column !== col.name || r.op === '=')
        throw new ValidationException(
          `Clustering column ${r.column} cannot be restricted here: restrict ${col?.name ?? 'the next clustering column'} with a range after equalities on the columns before it.`,
        );
      const value = normalizeValue(col.type, r.value, col.name);
      if (value === null) throw new ValidationException(`Invalid null value for clustering column ${col.name}`);
      const key = encodeClustering(t.shape, { ...eq, [col.name]: value }, prefix + 1);
      const desc = col.order === 'DESC';
      const lower = (r.op === '>' || r.op === '>=') !== desc;
      const inclusive = r.op === '>=' || r.op === '<=';
      if (lower) start = { key, inclusive };
      else end = { key, inclusive };
    }
    if (prefix > 0) {
      const p = encodeClustering(t.shape, eq, prefix);
      start ??= { key: p, inclusive: true };
      end ??= { key: p, inclusive: true };
    }
    return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
  }

  // ---------------------------------------------------------------- reads

  /**
   * One row by its full primary key, or undefined.
   * @throws {@link ValidationException} missing key part or wrong type
   */
  async get(keyspace: string, table: string, key: Record<string, unknown>): Promise<Row | undefined> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    this.#checkStatus(t);
    const values = this.#keyValues(t, key, true);
    const { engine, entry } = this.#engineNow(t) ?? (await this.#engine(t));
    const clustering = encodeClustering(t.shape, values);
    const withStatic = t.record.schema.columns.some((c) => c.kind === 'static');
    const read = engine.readRows(entry, encodePartitionKey(t.shape, values), clustering.length > 0 ? clustering : undefined, withStatic);
    if (!read) return undefined;
    return materializeRead(t.record.schema, t.shape, read, this.#clock.now(), (c) => compareBytes(c, clustering) === 0, false)[0]?.row;
  }

  #keyValues(t: OpenTable, key: Record<string, unknown>, full: boolean): Record<string, CqlValue> {
    if (key === null || typeof key !== 'object') throw new TypeError('key must be an object');
    const schema = t.record.schema;
    const out: Record<string, CqlValue> = {};
    for (const [name, v] of Object.entries(key)) {
      const col = columnByName(schema, name);
      if (!col) throw new ValidationException(`Unknown column ${name} in table ${schema.keyspace}.${schema.name}`);
      if (col.kind !== 'partition_key' && col.kind !== 'clustering') throw new ValidationException(`Non PRIMARY KEY column ${name} found in where clause`);
      const value = normalizeValue(col.type, v, name);
      if (value === null) throw new ValidationException(`Invalid null value for ${col.kind === 'partition_key' ? 'partition key part' : 'clustering column'} ${name}`);
      out[name] = value;
    }
    for (const c of t.shape.partitionColumns) if (out[c.name] === undefined) throw new ValidationException(`Missing mandatory PRIMARY KEY part ${c.name}`);
    if (full) for (const c of t.shape.clusteringColumns) if (out[c.name] === undefined) throw new ValidationException(`Missing mandatory PRIMARY KEY part ${c.name}`);
    return out;
  }

  /**
   * The live rows of one partition as the engine holds them (with their encoded clustering keys
   * and cell metadata), restricted by equalities on a clustering prefix (in `partition` or
   * `where`) and a range on the next clustering column, in clustering order or reversed. The
   * building block of {@link Store.query} and of the CQL executor.
   * @returns the encoded partition key and the rows
   */
  async partitionRows(keyspace: string, table: string, partition: Record<string, unknown>, options: Pick<QueryOptions, 'where' | 'order'> & { withMeta?: boolean } = {}): Promise<{ key: Uint8Array; rows: MaterializedRow[] }> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    this.#checkStatus(t);
    const keyValues = this.#keyValues(t, partition, false);
    const ck = t.shape.clusteringColumns;
    let prefix = 0;
    while (prefix < ck.length && keyValues[ck[prefix]!.name] !== undefined) prefix++;
    for (let i = prefix; i < ck.length; i++)
      if (keyValues[ck[i]!.name] !== undefined) throw new ValidationException(`PRIMARY KEY column ${ck[i]!.name} cannot be restricted as preceding column ${ck[prefix]!.name} is not restricted`);
    const eqExtra = (options.where ?? []).filter((r) => r.op === '=');
    for (const r of eqExtra) {
      const col = ck[prefix];
      if (!col || col.name !== r.column) throw new ValidationException(`Clustering column ${r.column} cannot be restricted by an equality here.`);
      const v = normalizeValue(col.type, r.value, col.name);
      if (v === null) throw new ValidationException(`Invalid null value for clustering column ${col.name}`);
      keyValues[col.name] = v;
      prefix++;
    }
    const ranges = (options.where ?? []).filter((r) => r.op !== '=');
    const bounds = ranges.length > 0 || prefix > 0 ? this.#rangeOf(t, keyValues, prefix, ranges) : {};
    const { engine, entry } = this.#engineNow(t) ?? (await this.#engine(t));
    const key = encodePartitionKey(t.shape, keyValues);
    const read = engine.readRows(entry, key);
    const restricted = bounds.start !== undefined || bounds.end !== undefined;
    // A static-only row (no clustering key) answers only queries that do not restrict clustering columns.
    const wanted = (c: Uint8Array): boolean => inBounds(c, bounds) && !(restricted && c.length === 0);
    const rows: MaterializedRow[] = read ? materializeRead(t.record.schema, t.shape, read, this.#clock.now(), restricted ? wanted : undefined, options.withMeta ?? true) : [];
    if (options.order === 'DESC') rows.reverse();
    return { key, rows };
  }

  /**
   * Every partition of a table with its live rows, in partition-key byte order, from `from`
   * (an encoded partition key from {@link Store.partitionRows} or an earlier partition) on.
   * The building block of {@link Store.scan} and of the CQL executor's full scans.
   */
  async *partitions(keyspace: string, table: string, from?: { key: Uint8Array; inclusive: boolean }, withMeta = true): AsyncGenerator<{ key: Uint8Array; rows: MaterializedRow[] }> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    this.#checkStatus(t);
    const { engine, entry } = await this.#engine(t);
    const now = this.#clock.now();
    for await (const p of engine.scan(entry, from ? { key: from.key, inclusive: true } : undefined)) {
      if (from && !from.inclusive && hexOf(p.key) === hexOf(from.key)) continue;
      const rows = materialize(t.record.schema, t.shape, p, now, undefined, withMeta);
      if (rows.length > 0) yield { key: p.key, rows };
    }
  }

  /**
   * The rows of one partition, in clustering order (or reversed), restricted by a clustering
   * slice, limited and paged.
   */
  async query(keyspace: string, table: string, partition: Record<string, unknown>, options: QueryOptions = {}): Promise<Page> {
    let { rows } = await this.partitionRows(keyspace, table, partition, { ...(options.where ? { where: options.where } : {}), ...(options.order ? { order: options.order } : {}), withMeta: false });
    const resumed = options.pageState === undefined ? undefined : decodePageState(options.pageState);
    const after = resumed?.clustering;
    if (resumed?.remaining !== undefined) options = { ...options, limit: resumed.remaining };
    if (after) {
      const ahex = hexOf(after);
      const idx = rows.findIndex((r) => hexOf(r.clustering) === ahex);
      rows = idx >= 0 ? rows.slice(idx + 1) : rows.filter((r) => (options.order === 'DESC' ? compareHex(r.clustering, after) < 0 : compareHex(r.clustering, after) > 0));
    }
    return pageOf(rows, options, (last, remaining) => encodePageState(undefined, last.clustering, remaining));
  }

  /** Every row of the table in partition-key order, paged. */
  async scan(keyspace: string, table: string, options: { pageSize?: number; pageState?: string; limit?: number } = {}): Promise<Page> {
    const state = options.pageState === undefined ? undefined : decodePageState(options.pageState);
    const limit = state?.remaining ?? options.limit ?? Infinity;
    const want = Math.min(options.pageSize ?? Infinity, limit);
    const out: { partition: Uint8Array; row: MaterializedRow }[] = [];
    let more = false;
    for await (const p of this.partitions(keyspace, table, state?.partition ? { key: state.partition, inclusive: true } : undefined, false)) {
      let rows = p.rows;
      if (state?.partition && hexOf(p.key) === hexOf(state.partition)) {
        const after = state.clustering ?? new Uint8Array(0);
        rows = rows.filter((r) => compareHex(r.clustering, after) > 0);
      }
      for (const r of rows) {
        if (out.length >= want) {
          more = true;
          break;
        }
        out.push({ partition: p.key, row: r });
      }
      if (more) break;
    }
    const page: Page = { rows: out.map((o) => o.row.row) };
    const remaining = limit - out.length;
    if (more && options.pageSize !== undefined && out.length > 0 && remaining > 0) {
      const last = out.at(-1)!;
      page.pageState = encodePageState(last.partition, last.row.clustering, Number.isFinite(remaining) ? remaining : undefined);
    }
    return page;
  }

  // ---------------------------------------------------------------- maintenance

  #scheduleFlush(t: OpenTable): void {
    void this.#background.add(async () => {
      if (this.#closed || !t.engine || !t.engine.wantsFlush) return;
      await this.#flushTable(t);
      if (t.engine.wantsCompaction) await this.#compactTable(t, 'tiered');
    }).catch((e: unknown) => this.#backgroundError(e));
  }

  /**
   * A background flush or compaction failed (its data stays in the memtable and the log): an
   * 'error' event when someone listens, a process warning otherwise — never a crash.
   */
  #backgroundError(e: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', e);
    else process.emitWarning(e instanceof Error ? e : new Error(String(e)), { code: 'SEALTABLE_BACKGROUND' });
  }

  async #flushTable(t: OpenTable): Promise<string | undefined> {
    const { engine, entry } = await this.#engine(t);
    return engine.flush(entry, this.#clock.now(), (fn) => this.#serial(fn));
  }

  async #compactTable(t: OpenTable, which: 'major' | 'tiered'): Promise<string[]> {
    const { engine, entry } = await this.#engine(t);
    return engine.compact(entry, which, this.#clock.now(), (fn) => this.#serial(fn));
  }

  /**
   * Flushes a table's memtable into a new encrypted segment (like `nodetool flush`).
   * @returns the new segment's id, or undefined when there was nothing to flush
   */
  async flush(keyspace: string, table: string): Promise<string | undefined> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    return this.#background.add(() => this.#flushTable(t));
  }

  /**
   * Merges every segment of a table into one under a fresh DEK, purging shadowed data and
   * tombstones past the grace period (a major compaction, like `nodetool compact`).
   * @returns the ids of the segments merged
   */
  async compact(keyspace: string, table: string): Promise<string[]> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    return this.#background.add(() => this.#compactTable(t, 'major'));
  }

  /** The key hierarchy of a table: KMS key → table-key versions → DEK per segment and log generation (fingerprints of wrapped keys only). */
  async keyHierarchy(keyspace: string, table: string): Promise<KeyHierarchy> {
    const t = this.#table(keyspace, table);
    const { engine } = await this.#engine(t);
    const current = t.record.keys.at(-1)!;
    const gens: KeyHierarchy['logGenerations'] = [];
    if (engine.logGeneration) gens.push({ generation: engine.logGeneration.gen, wrappedDekFingerprint: keyFingerprint(engine.logGeneration.wrappedDek) });
    return {
      table: `${keyspace}.${table}`,
      encryptionType: t.record.encryption.type,
      kmsKeyArn: current.kmsKeyArn,
      tableKeys: t.record.keys.map((k) => ({
        version: k.version,
        createdAt: new Date(k.createdAt).toISOString(),
        wrappedFingerprint: keyFingerprint(Buffer.from(k.ciphertextBlob, 'base64')),
        current: k === current,
      })),
      segments: engine.segments.map((s) => ({ id: s.id, keyVersion: s.header.keyVersion, blocks: s.header.blockCount, wrappedDekFingerprint: keyFingerprint(s.header.wrappedDek) })),
      logGenerations: gens,
    };
  }

  // ---------------------------------------------------------------- lifecycle of a table's key

  /** Runs `fn` at `atMs` on the store's clock, unless the store closed; failures become 'error' events. */
  #at(atMs: number, fn: () => Promise<void>): Timer {
    const timer: Timer = this.#clock.scheduleAt(atMs, async () => {
      this.#timers.delete(timer);
      if (this.#closed) return;
      try {
        await fn();
      } catch (e) {
        this.#backgroundError(e);
      }
    });
    this.#timers.add(timer);
    return timer;
  }

  /** Records a notification: the store's log, the sink, then the 'notification' event. */
  async #notify(n: Omit<Notification, 'seq' | 'time'>): Promise<void> {
    const full: Notification = { seq: ++this.#notificationSeq, time: new Date(this.#clock.now()).toISOString(), ...n };
    await this.#kv.put(notificationKey(full.seq), utf8.encode(JSON.stringify(full)), { sync: true });
    try {
      this.#sink?.write(full);
    } finally {
      this.emit('notification', full);
    }
  }

  /** The notifications the store has sent, oldest first (its persisted log). */
  async notifications(): Promise<Notification[]> {
    this.#checkOpen();
    const out: Notification[] = [];
    for await (const [, v] of this.#kv.entries(notificationsRange())) out.push(JSON.parse(fromUtf8.decode(v)) as Notification);
    return out;
  }

  /** Tables whose customer-managed key the monitor watches. */
  #watched(): OpenTable[] {
    return [...this.#tables.values()].filter((t) => t.record.encryption.type === 'CUSTOMER_MANAGED_KMS_KEY' && (t.record.status === 'ACTIVE' || t.record.status === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS'));
  }

  /** Arms the monitor's next check when some table uses a customer-managed key. */
  #armMonitor(): void {
    if (this.#closed || this.#monitorTimer || this.#watched().length === 0) return;
    this.#monitorTimer = this.#at(this.#clock.now() + this.#keyCheckIntervalMs, async () => {
      this.#monitorTimer = undefined;
      await this.#background.add(() => this.checkKeys());
      this.#armMonitor();
    });
  }

  /**
   * Checks the customer-managed key of every table now (the monitor does it every 5 minutes of
   * clock time, and when a KMS call for a table fails for access reasons): DescribeKey, then a
   * DryRun Decrypt of the table key as the store's service principal — nothing is unwrapped, so
   * the audit trail still shows one real Decrypt per idle period. A key that is disabled,
   * pending deletion, deleted, or no longer usable (grant retired or revoked, policy) turns its
   * tables INACCESSIBLE_ENCRYPTION_CREDENTIALS; a key usable again turns them ACTIVE.
   */
  async checkKeys(): Promise<void> {
    this.#checkOpen();
    for (const t of this.#watched()) await this.#checkTable(t);
  }

  async #checkTable(t: OpenTable): Promise<void> {
    if (this.#closed || this.#tables.get(`${t.record.schema.keyspace}.${t.record.schema.name}`) !== t) return;
    const problem = await this.#keyProblem(t.record);
    if (problem && t.record.status === 'ACTIVE') await this.#markInaccessible(t, problem);
    else if (!problem && t.record.status === 'INACCESSIBLE_ENCRYPTION_CREDENTIALS') await this.#markRestored(t);
  }

  /** Why a table's current KMS key cannot be used by the store, or undefined when it can. */
  async #keyProblem(record: Pick<TableRecord, 'schema' | 'keys'>, as: 'table' | 'backup' = 'table'): Promise<{ cause: string; reason: string; kmsKeyArn: string } | undefined> {
    const key = record.keys.at(-1)!;
    if (key.encryptionType !== 'CUSTOMER_MANAGED_KMS_KEY') return undefined;
    const kmsKeyArn = key.kmsKeyArn;
    try {
      const { KeyMetadata } = await this.#keys.describeKey(kmsKeyArn, as);
      if (KeyMetadata.KeyState === 'Disabled') return { cause: 'DisabledException', reason: 'the key is disabled', kmsKeyArn };
      if (KeyMetadata.KeyState === 'PendingDeletion') return { cause: 'KMSInvalidStateException', reason: `the key is pending deletion (on ${KeyMetadata.DeletionDate?.toISOString() ?? 'its deletion date'})`, kmsKeyArn };
      if (KeyMetadata.KeyState !== 'Enabled') return { cause: 'KMSInvalidStateException', reason: `the key is ${KeyMetadata.KeyState}`, kmsKeyArn };
      await this.#keys.checkAccess(this.#identity(record.schema), key, as);
      return undefined;
    } catch (e) {
      const name = (e as { name?: unknown } | null)?.name;
      if (typeof name !== 'string' || !KMS_ACCESS_ERRORS.has(name)) throw e;
      const reason =
        name === 'NotFoundException' ? 'the key was deleted' : name === 'AccessDeniedException' ? 'the store may no longer use the key (grant retired or revoked, or denied by policy)' : (e as Error).message;
      return { cause: name, reason, kmsKeyArn };
    }
  }

  async #saveRecord(t: OpenTable, record: TableRecord): Promise<void> {
    await this.#kv.put(tableKey(record.schema.keyspace, record.schema.name), utf8.encode(JSON.stringify(record)), { sync: true });
    t.record = record;
  }

  async #markInaccessible(t: OpenTable, problem: { cause: string; reason: string; kmsKeyArn: string }): Promise<void> {
    const { keyspace, name } = t.record.schema;
    const since = this.#clock.now();
    await this.#serial(() => this.#saveRecord(t, { ...t.record, status: 'INACCESSIBLE_ENCRYPTION_CREDENTIALS', inaccessible: { since, ...problem } }));
    this.#keys.evict(t.record.schema.id);
    this.#armDeadline(t);
    await this.#notify({
      type: 'TABLE_INACCESSIBLE',
      keyspace,
      table: name,
      kmsKeyArn: problem.kmsKeyArn,
      cause: problem.cause,
      message: `Table ${keyspace}.${name} is inaccessible: its KMS key ${problem.kmsKeyArn} cannot be used (${problem.reason}). Restore access by ${new Date(since + INACCESSIBLE_GRACE_MS).toISOString()}, or the table will be backed up and deleted.`,
    });
  }

  async #markRestored(t: OpenTable): Promise<void> {
    const { keyspace, name } = t.record.schema;
    const { inaccessible: _gone, ...rest } = t.record;
    await this.#serial(() => this.#saveRecord(t, { ...rest, status: 'ACTIVE' }));
    this.#deadlines.get(t.record.schema.id)?.cancel();
    this.#deadlines.delete(t.record.schema.id);
    await this.#notify({ type: 'TABLE_ACCESS_RESTORED', keyspace, table: name, kmsKeyArn: t.record.keys.at(-1)!.kmsKeyArn, message: `Access to the KMS key of table ${keyspace}.${name} is restored; the table is ACTIVE again.` });
  }

  /** At 7 days of inaccessibility: check once more, then back up and delete the table. */
  #armDeadline(t: OpenTable): void {
    const x = t.record.inaccessible;
    if (!x || this.#deadlines.has(t.record.schema.id)) return;
    this.#deadlines.set(
      t.record.schema.id,
      this.#at(x.since + INACCESSIBLE_GRACE_MS, async () => {
        this.#deadlines.delete(t.record.schema.id);
        await this.#background.add(async () => {
          if (this.#tables.get(`${t.record.schema.keyspace}.${t.record.schema.name}`) !== t || t.record.status !== 'INACCESSIBLE_ENCRYPTION_CREDENTIALS') return;
          const problem = await this.#keyProblem(t.record);
          if (!problem) return this.#markRestored(t);
          await this.#backUpAndDelete(t, problem);
        });
      }),
    );
  }

  /** The key of a table stayed unusable for 7 days: a restorable backup (ciphertext as stored), then deletion. */
  async #backUpAndDelete(t: OpenTable, problem: { cause: string; kmsKeyArn: string }): Promise<void> {
    const { keyspace, name, id } = t.record.schema;
    const backupId = randomUuid();
    const now = this.#clock.now();
    await this.#serial(async () => {
      const ops = await this.#backupOps(t.record, backupId, 'INACCESSIBLE_KEY', now + BACKUP_RETENTION_MS);
      ops.push({ type: 'del', key: tableKey(keyspace, name) });
      for await (const key of this.#kv.keys(tableDataRange(id))) ops.push({ type: 'del', key });
      await this.#kv.batch(ops, { sync: true });
      this.#tables.delete(`${keyspace}.${name}`);
    });
    for (const k of t.record.keys) await this.#keys.retireGrants(k, 'table').catch(() => undefined);
    await this.#scheduleBackupGrantRetirement(t.record);
    await this.#addJob({ kind: 'purgeBackup', due: now + BACKUP_RETENTION_MS, backupId, keyspace, table: name });
    this.#keys.evict(id);
    await this.#notify({
      type: 'TABLE_BACKED_UP_AND_DELETED',
      keyspace,
      table: name,
      kmsKeyArn: problem.kmsKeyArn,
      cause: problem.cause,
      backupId,
      message: `Table ${keyspace}.${name} stayed inaccessible for 7 days: it was backed up (backup ${backupId}, kept until ${new Date(now + BACKUP_RETENTION_MS).toISOString()}) and deleted. Restore it with RESTORE TABLE once its KMS key is usable.`,
    });
  }

  /** The puts of a backup of a table: its record and a copy of every data key as stored. */
  async #backupOps(record: TableRecord, backupId: string, reason: BackupRecord['reason'], expiresAt: number | undefined): Promise<KvOperation[]> {
    const ops: KvOperation[] = [];
    let bytes = 0;
    for await (const [key, value] of this.#kv.entries(tableDataRange(record.schema.id))) {
      ops.push({ type: 'put', key: backupDataKey(backupId, key), value });
      bytes += value.length;
    }
    const { inaccessible: _state, ...source } = record;
    const backup: BackupRecord = {
      backupId,
      reason,
      createdAt: this.#clock.now(),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      bytes,
      source: { ...source, status: 'ACTIVE' },
    };
    ops.push({ type: 'put', key: backupRecordKey(backupId), value: utf8.encode(JSON.stringify(backup)) });
    return ops;
  }

  async #scheduleBackupGrantRetirement(record: TableRecord): Promise<void> {
    if (!record.keys.some((k) => (k.backupGrantIds ?? []).length > 0)) return;
    // The job keeps key ARNs and grant ids only: no wrapped key outlives a purged backup.
    const keys = record.keys.filter((k) => (k.backupGrantIds ?? []).length > 0).map((k) => ({ kmsKeyArn: k.kmsKeyArn, grantIds: k.backupGrantIds! }));
    await this.#addJob({ kind: 'retireBackupGrant', due: this.#clock.now() + BACKUP_GRANT_RETIREMENT_MS, keyspace: record.schema.keyspace, table: record.schema.name, keys });
  }

  async #addJob(job: NewJob): Promise<void> {
    const full = { ...job, id: randomUuid() } as LifecycleJob;
    await this.#kv.put(jobKey(full.due, full.id), utf8.encode(JSON.stringify(full)), { sync: true });
    this.#armJob(full);
  }

  #armJob(job: LifecycleJob): void {
    this.#at(job.due, async () => {
      await this.#background.add(async () => {
        if (job.kind === 'retireBackupGrant') {
          for (const k of job.keys) await this.#keys.retireGrantIds(k.kmsKeyArn, k.grantIds).catch(() => undefined);
          await this.#kv.del(jobKey(job.due, job.id), { sync: true });
          await this.#notify({ type: 'GRANT_RETIRED', keyspace: job.keyspace, table: job.table, kmsKeyArn: job.keys.at(-1)!.kmsKeyArn, message: `The automatic-backup grant of deleted table ${job.keyspace}.${job.table} was retired (42 days after deletion).` });
        } else {
          const ops: KvOperation[] = [{ type: 'del', key: jobKey(job.due, job.id) }];
          for await (const key of this.#kv.keys(backupRange(job.backupId))) ops.push({ type: 'del', key });
          await this.#kv.batch(ops, { sync: true });
          await this.#notify({ type: 'BACKUP_PURGED', keyspace: job.keyspace, table: job.table, backupId: job.backupId, message: `Backup ${job.backupId} of ${job.keyspace}.${job.table} passed its 35 days and was purged; its wrapped keys are gone.` });
        }
      });
    });
  }

  /** The backups the store holds, newest first (records only: their data stays ciphertext). */
  async backups(): Promise<BackupRecord[]> {
    this.#checkOpen();
    const out: BackupRecord[] = [];
    for await (const [key, v] of this.#kv.entries(backupsRange())) if (key.length === 18 && key[17] === 0x72) out.push(JSON.parse(fromUtf8.decode(v)) as BackupRecord);
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  /**
   * Takes an on-demand backup of a table: first checks that the store may use the table's key
   * (as AWS Backup checks kms:Decrypt for its role) and fails before copying anything otherwise;
   * then copies its ciphertext as stored (segments, log, manifest) and its catalog record
   * (schema, wrapped table keys, key chain) in one batch. Kept until deleted.
   * @returns the backup's record
   */
  async backup(keyspace: string, table: string): Promise<BackupRecord> {
    this.#checkOpen();
    const t = this.#table(keyspace, table);
    this.#checkStatus(t);
    await this.#assertUsable(t.record);
    const backupId = randomUuid();
    await this.#background.add(() =>
      this.#serial(async () => {
        await this.#kv.batch(await this.#backupOps(t.record, backupId, 'ON_DEMAND', undefined), { sync: true });
      }),
    );
    const record = (await this.backups()).find((b) => b.backupId === backupId)!;
    await this.#notify({ type: 'BACKUP_CREATED', keyspace, table, backupId, message: `On-demand backup ${backupId} of ${keyspace}.${table} (${record.bytes} bytes of ciphertext).` });
    return record;
  }

  /** Throws the KMS error when the store may not use a table record's current key. */
  async #assertUsable(record: Pick<TableRecord, 'schema' | 'keys'>): Promise<void> {
    const problem = await this.#keyProblem(record, 'backup');
    if (!problem) return;
    const Err = EXCEPTION_CLASSES[problem.cause] ?? AccessDeniedException;
    throw new Err(`Table ${record.schema.keyspace}.${record.schema.name}: its KMS key ${problem.kmsKeyArn} cannot be used (${problem.reason}).`);
  }

  /**
   * Restores a table into a new one (RESTORE TABLE target FROM TABLE source): from `backupId`,
   * or the newest backup of the source (also of a table deleted within the last 35 days), or —
   * when the source table exists and has no backup — from the table as it is now. Needs the
   * source's last KMS key enabled and usable by the store (checked before anything is done);
   * older table keys open through the key chain. The new table is encrypted under `encryption`
   * when given, else under the source's current (last) key; it is RESTORING while rows are copied (with their
   * write times, TTLs and tombstones), then ACTIVE.
   * @returns the new table's catalog record
   */
  async restoreTable(options: { source: { keyspace: string; table: string }; target: { keyspace: string; table: string }; backupId?: string; encryption?: EncryptionSpecification }): Promise<TableRecord> {
    this.#checkOpen();
    const { source, target } = options;
    if (!this.#keyspaces.has(target.keyspace)) throw new ResourceNotFoundException(`Keyspace ${target.keyspace} does not exist`);
    if (this.#tables.has(`${target.keyspace}.${target.table}`)) throw new ResourceInUseException(`Table ${target.keyspace}.${target.table} already exists`);
    const all = await this.backups();
    let backup = options.backupId ? all.find((b) => b.backupId === options.backupId) : all.find((b) => b.source.schema.keyspace === source.keyspace && b.source.schema.name === source.table);
    if (options.backupId && !backup) throw new ResourceNotFoundException(`Backup ${options.backupId} does not exist`);
    let temporary = false;
    if (!backup) {
      if (!this.#tables.has(`${source.keyspace}.${source.table}`)) throw new ResourceNotFoundException(`Table ${source.keyspace}.${source.table} does not exist and has no backup`);
      backup = await this.backup(source.keyspace, source.table);
      temporary = true;
    }
    const src = backup.source;
    // The source's last customer-managed key: from the live table when it still exists, else from the backup.
    const live = this.#tables.get(`${src.schema.keyspace}.${src.schema.name}`);
    const head = live && live.record.schema.id === src.schema.id ? live.record : src;
    await this.#assertUsable(head);
    const identity = this.#identity(src.schema);
    const headKey = head.keys.at(-1)!;
    // Decrypted by the backup principal through the backup grant, outside the cache; zeroized below.
    const headEntry = await this.#keys.backupEntry(identity, headKey);
    // Walk the key chain down to the key the backup's DEKs are wrapped under.
    const wanted = src.keys.at(-1)!.version;
    let entry = headEntry;
    const owned: TableKeyEntry[] = [headEntry];
    for (let v = headKey.version - 1; v >= wanted; v--) {
      const link = (head.chain ?? []).find((c) => c.version === v && c.wrappedBy === v + 1);
      if (!link) throw new DataIntegrityException(`Table ${src.schema.keyspace}.${src.schema.name}: key chain link v${v} is missing.`);
      entry = entry.unwrapChained(new Uint8Array(Buffer.from(link.wrapped, 'base64')), chainAad(src.schema.id, v, v + 1), v);
      owned.push(entry);
    }
    const schema: TableSchema = { ...src.schema, keyspace: target.keyspace, name: target.table, id: randomUuid() };
    // Without a choice, the new table uses the source's current key (its last one), not the backup's.
    const spec = options.encryption ?? head.encryption;
    const record = await this.#createWithSchema(schema, spec, 'RESTORING');
    const t = this.#tables.get(`${target.keyspace}.${target.table}`)!;
    try {
      const view = new PrefixedKv(this.#kv, backupDataKey(backup.backupId, new Uint8Array(0)));
      const from = await TableEngine.open(view, { tableId: src.schema.id, tableName: `${src.schema.keyspace}.${src.schema.name} (backup ${backup.backupId})` }, entry, wanted, this.#engineOptions);
      const { engine, entry: to } = await this.#engine(t);
      let chunk: PartitionState[] = [];
      const commit = async (): Promise<void> => {
        const updates = chunk;
        chunk = [];
        await this.#serial(async () => {
          const w = engine.prepareWrite(to, updates, 0);
          await this.#kv.batch(w.ops, { sync: false });
          w.apply();
        });
      };
      for await (const p of from.scan(entry)) {
        chunk.push(p);
        if (chunk.length >= 64) await commit();
      }
      if (chunk.length > 0) await commit();
      await this.#background.add(() => this.#flushTable(t));
      await this.#serial(() => this.#saveRecord(t, { ...t.record, status: 'ACTIVE' }));
    } catch (e) {
      await this.dropTable(target.keyspace, target.table).catch(() => undefined);
      throw e;
    } finally {
      for (const o of owned) o.zeroize();
      if (temporary) await this.deleteBackup(backup.backupId).catch(() => undefined);
    }
    await this.#notify({
      type: 'TABLE_RESTORED',
      keyspace: target.keyspace,
      table: target.table,
      backupId: backup.backupId,
      kmsKeyArn: t.record.keys.at(-1)!.kmsKeyArn,
      message: `Table ${target.keyspace}.${target.table} was restored from ${temporary ? 'a snapshot' : `backup ${backup.backupId}`} of ${src.schema.keyspace}.${src.schema.name}.`,
    });
    return { ...record, ...t.record };
  }

  /** Deletes a backup now (its copied ciphertext and its wrapped keys). */
  async deleteBackup(backupId: string): Promise<void> {
    this.#checkOpen();
    const ops: KvOperation[] = [];
    for await (const key of this.#kv.keys(backupRange(backupId))) ops.push({ type: 'del', key });
    if (ops.length === 0) throw new ResourceNotFoundException(`Backup ${backupId} does not exist`);
    await this.#kv.batch(ops, { sync: true });
  }

  /** Waits for background work, then closes the database and zeroes every cached key. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#background.onIdle();
    await this.#chain;
    this.#closed = true;
    for (const timer of this.#timers) timer.cancel();
    this.#timers.clear();
    this.#monitorTimer = undefined;
    for (const t of this.#tables.values()) await t.engine?.settled();
    this.#keys.close();
    await this.#kv.close();
  }
}

/** The associated data of a key-chain link: table id and both versions. */
function chainAad(tableId: string, version: number, wrappedBy: number): Uint8Array {
  return utf8.encode(`sealtable key chain\u0000${tableId}\u0000${version}\u0000${wrappedBy}`);
}

function checkEncryptionSpecification(spec: EncryptionSpecification): void {
  /* Precondition: the encryption type is AWS_OWNED_KMS_KEY or CUSTOMER_MANAGED_KMS_KEY. */
  if (spec.type !== 'AWS_OWNED_KMS_KEY' && spec.type !== 'CUSTOMER_MANAGED_KMS_KEY')
    throw new ValidationException(`Invalid encryption type ${String(spec.type)}: AWS_OWNED_KMS_KEY or CUSTOMER_MANAGED_KMS_KEY.`);
  /* Precondition: a customer-managed key is named; the AWS-owned key is not. */
  if (spec.type === 'CUSTOMER_MANAGED_KMS_KEY' && !spec.kmsKeyIdentifier)
    throw new ValidationException('kms_key_identifier is required with CUSTOMER_MANAGED_KMS_KEY.');
  if (spec.type === 'AWS_OWNED_KMS_KEY' && spec.kmsKeyIdentifier)
    throw new ValidationException('kms_key_identifier is not allowed with AWS_OWNED_KMS_KEY.');
}

/** True when the clustering key lies within the bounds (the same rule as a range tombstone's). */
function inBounds(clustering: Uint8Array, b: { start?: Bound; end?: Bound }): boolean {
  return inRange(clustering, { ...b, ts: 0 });
}

function compareHex(a: Uint8Array, b: Uint8Array): number {
  const x = hexOf(a);
  const y = hexOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function pageOf(rows: MaterializedRow[], options: QueryOptions, state: (last: MaterializedRow, remaining: number | undefined) => string): Page {
  const limit = options.limit ?? Infinity;
  const size = Math.min(options.pageSize ?? Infinity, limit);
  const taken = rows.slice(0, Number.isFinite(size) ? size : undefined);
  const page: Page = { rows: taken.map((r) => r.row) };
  const remaining = limit - taken.length;
  if (options.pageSize !== undefined && rows.length > taken.length && taken.length > 0 && remaining > 0)
    page.pageState = state(taken.at(-1)!, Number.isFinite(remaining) ? remaining : undefined);
  return page;
}

/**
 * The opaque paging state: `u32 len partition ‖ partition ‖ u32 len clustering ‖ clustering ‖
 * u32 remaining limit + 1 (0: no limit)`, base64url. It holds key bytes: it goes back to the
 * caller only, never to disk.
 */
function encodePageState(partition: Uint8Array | undefined, clustering: Uint8Array, remaining: number | undefined): string {
  const p = partition ?? new Uint8Array(0);
  const out = new Uint8Array(12 + p.length + clustering.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, p.length);
  out.set(p, 4);
  view.setUint32(4 + p.length, clustering.length);
  out.set(clustering, 8 + p.length);
  view.setUint32(8 + p.length + clustering.length, remaining === undefined ? 0 : remaining + 1);
  return Buffer.from(out).toString('base64url');
}

function decodePageState(state: string): { partition?: Uint8Array; clustering: Uint8Array; remaining?: number } {
  const bytes = new Uint8Array(Buffer.from(String(state), 'base64url'));
  try {
    const view = new DataView(bytes.buffer);
    const pl = view.getUint32(0);
    const partition = bytes.slice(4, 4 + pl);
    const cl = view.getUint32(4 + pl);
    if (12 + pl + cl !== bytes.length) throw new RangeError('length');
    const r = view.getUint32(8 + pl + cl);
    return { ...(pl > 0 ? { partition } : {}), clustering: bytes.slice(8 + pl, 8 + pl + cl), ...(r > 0 ? { remaining: r - 1 } : {}) };
  } catch {
    throw new ValidationException('Invalid paging state');
  }
}
