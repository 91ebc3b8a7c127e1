/**
 * @module cql/executor
 * Runs parsed CQL statements against a {@link Store}: DDL on the catalog, INSERT / UPDATE /
 * DELETE / BATCH as atomic store writes (read-modify-write in the store's write queue where
 * CQL needs the current row: collection `+`/`-`, element assignments, counters, lightweight
 * transactions), SELECT through `cql/select.ts`, and the virtual system tables.
 *
 * A {@link Session} carries the current keyspace (`USE`). `store.execute` runs on the store's
 * default session; `store.session()` opens another with its own keyspace. Results are plain
 * objects ({@link ResultSet}) with the shape a CQL native-protocol RESULT needs (kind, rows,
 * column specs, paging state, schema change), so a wire server can answer from them as they
 * are; errors are the store's exceptions, whose protocol code `errorCodeOf` gives.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ResourceNotFoundException, ValidationException } from '../common/errors.js';
import type { EncryptionSpecification } from '../keys/index.js';
import { formatCqlType } from '../table/cql-type.js';
import type { CqlType } from '../table/cql-type.js';
import type { Row } from '../table/rows.js';
import { columnByName, type ColumnDef, type TableOptions, type TableSchema } from '../table/schema.js';
import type { BatchWrite, CurrentRow, Restriction, Store, WriteOptions } from '../table/store.js';
import { compareValues, valuesEqual, type CqlValue } from '../table/values.js';
import type {
  Assignment,
  BatchStatement,
  BindMarker,
  Condition,
  CreateTableStatement,
  DeleteStatement,
  IfClause,
  InsertStatement,
  ModificationStatement,
  OptionEntry,
  Relation,
  Statement,
  TableName,
  Term,
  UpdateStatement,
  Using,
} from './ast.js';
import { parse } from './parser.js';
import { executeSelect } from './select.js';
import { SYSTEM_KEYSPACES } from './system-tables.js';
import { checkParams, requiredValue, termValue, UNSET, type Params, type TermContext } from './terms.js';

/** Options of an execution. */
export interface ExecuteOptions {
  /** Rows per page (a SELECT returns at most this many, with `pageState` when more follow). Default: all rows. */
  fetchSize?: number;
  /** The `pageState` of the previous page, to resume. */
  pageState?: string;
}

/** A column of a result, as the native protocol describes it. */
export interface ColumnSpec {
  keyspace: string;
  table: string;
  name: string;
  /** CQL type text, e.g. `map<text, int>`. */
  type: string;
}

/** What a DDL statement changed (the native protocol's SCHEMA_CHANGE). */
export interface SchemaChange {
  change: 'CREATED' | 'UPDATED' | 'DROPPED';
  target: 'KEYSPACE' | 'TABLE';
  keyspace: string;
  table?: string;
}

/** The result of a statement. */
export interface ResultSet {
  /** `rows` for SELECT and conditional writes; `void` for writes; `schemaChange` for DDL; `setKeyspace` for USE. */
  kind: 'rows' | 'void' | 'schemaChange' | 'setKeyspace';
  /** The rows (empty unless kind is `rows`): plain objects keyed by column name (or alias). */
  rows: Row[];
  /** The columns of `rows`, in selection order. */
  columns: ColumnSpec[];
  /** Set when more rows follow: pass it back with the same statement to get the next page. */
  pageState?: string;
  /** For conditional writes: whether the condition held and the write was applied. */
  applied?: boolean;
  schemaChange?: SchemaChange;
  /** For USE: the new keyspace. */
  keyspace?: string;
}

/**
 * A statement parsed once, executed many times with different parameters (`store.prepare`).
 * `id` is the statement's identity for a wire server's PREPARED result (a hash of the query
 * text and the keyspace it was prepared in).
 */
export class PreparedStatement {
  readonly query: string;
  readonly id: string;
  readonly statement: Statement;
  /** The keyspace unqualified table names resolve in (the session's at prepare time). */
  readonly keyspace: string | undefined;

  /** @internal use `store.prepare` */
  constructor(query: string, statement: Statement, keyspace: string | undefined) {
    this.query = query;
    this.statement = statement;
    this.keyspace = keyspace;
    this.id = createHash('sha256').update(`${keyspace ?? ''}\u0000${query}`).digest('hex').slice(0, 32);
  }

  /** The bind markers, with what each binds to. */
  get bindMarkers(): readonly BindMarker[] {
    return this.statement.bindMarkers;
  }
}

/** Parsed statements by query text, shared by the sessions of a process (statements are immutable). */
const parsed = new LRUCache<string, Statement>({ max: 1000 });

function parseCached(query: string): Statement {
  let s = parsed.get(query);
  if (!s) {
    s = parse(query);
    parsed.set(query, s);
  }
  return s;
}

const VOID: ResultSet = Object.freeze({ kind: 'void', rows: [], columns: [] }) as ResultSet;

/** Keyspaces' limit on statements in a batch. */
export const MAX_BATCH_STATEMENTS = 30;

/** Quotes a folded name for the typed API when it is not a plain lowercase identifier. */
function quoteName(name: string): string {
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * A CQL session on a store: the current keyspace, and statement execution.
 * @example
 * const s = store.session();
 * await s.execute('USE shop');
 * const { rows } = await s.execute('SELECT * FROM orders WHERE customer = ?', ['c1']);
 */
export class Session {
  readonly #store: Store;
  #keyspace: string | undefined;

  /** @internal use `store.session()` */
  constructor(store: Store, keyspace?: string) {
    this.#store = store;
    this.#keyspace = keyspace;
  }

  /** The current keyspace (set by USE), if any. */
  get keyspace(): string | undefined {
    return this.#keyspace;
  }

  /**
   * Parses a statement once for repeated execution.
   * @throws {@link CqlSyntaxError} when it does not parse
   */
  async prepare(query: string): Promise<PreparedStatement> {
    if (typeof query !== 'string') throw new TypeError(`query must be a string, got ${typeof query}`);
    return new PreparedStatement(query, parseCached(query), this.#keyspace);
  }

  /**
   * Executes one statement (text or prepared) with its bind values.
   * @param query - CQL text, or a statement from {@link Session.prepare}
   * @param params - positional values for the `?` markers, or an object by marker name / column
   * @param options - paging
   * @throws {@link CqlSyntaxError} (0x2000), ValidationException / ResourceNotFoundException (0x2200),
   *   ResourceInUseException (0x2400), KMS errors for a table whose key cannot be used; a
   *   statement that fails changes nothing
   */
  async execute(query: string | PreparedStatement, params: Params = [], options: ExecuteOptions = {}): Promise<ResultSet> {
    let statement: Statement;
    let keyspace = this.#keyspace;
    if (query instanceof PreparedStatement) {
      statement = query.statement;
      keyspace = query.keyspace ?? keyspace;
    } else if (typeof query === 'string') statement = parseCached(query);
    else throw new TypeError(`query must be a string or a prepared statement, got ${typeof query}`);
    const markerNames = statement.bindMarkers.map((m) => m.name ?? m.column);
    checkParams(params ?? [], markerNames);
    checkExecuteOptions(options);
    const ctx: TermContext = { params: params ?? [], now: this.#store.clock.now(), markerNames };
    const queryText = query instanceof PreparedStatement ? query.query : query;
    return this.#run(statement, ctx, keyspace, options, queryText);
  }

  async #run(s: Statement, ctx: TermContext, keyspace: string | undefined, options: ExecuteOptions, queryText: string): Promise<ResultSet> {
    const store = this.#store;
    switch (s.kind) {
      case 'createKeyspace': {
        checkUserKeyspace(s.keyspace);
        const existed = store.hasKeyspace(s.keyspace);
        const replication = keyspaceReplication(s.options);
        await store.createKeyspace(quoteName(s.keyspace), { ifNotExists: s.ifNotExists, replication });
        return existed ? VOID : schemaChange('CREATED', 'KEYSPACE', s.keyspace);
      }
      case 'dropKeyspace': {
        checkUserKeyspace(s.keyspace);
        const existed = store.hasKeyspace(s.keyspace);
        await store.dropKeyspace(s.keyspace, { ifExists: s.ifExists });
        if (this.#keyspace === s.keyspace) this.#keyspace = undefined;
        return existed ? schemaChange('DROPPED', 'KEYSPACE', s.keyspace) : VOID;
      }
      case 'use': {
        if (!store.hasKeyspace(s.keyspace) && !SYSTEM_KEYSPACES.includes(s.keyspace))
          throw new ResourceNotFoundException(`Keyspace '${s.keyspace}' does not exist`);
        this.#keyspace = s.keyspace;
        return { kind: 'setKeyspace', rows: [], columns: [], keyspace: s.keyspace };
      }
      case 'createTable':
        return this.#createTable(s, keyspace);
      case 'alterTable': {
        const { ks, table } = userTable(s.table, keyspace);
        const schema = store.describeTable(ks, table).schema;
        if (s.action.kind === 'add') {
          await store.alterTable(ks, table, { addColumns: s.action.columns.map((c) => ({ name: quoteName(c.name), type: c.type, static: c.static })) });
        } else {
          const { options, encryption } = tableOptions(s.action.options, 'alter', schema);
          // A key change is the only change of its ALTER (Keyspaces: one custom property per statement).
          await store.alterTable(ks, table, encryption ? { encryption } : { options });
        }
        return schemaChange('UPDATED', 'TABLE', ks, table);
      }
      case 'dropTable': {
        const { ks, table } = userTable(s.table, keyspace);
        const existed = store.findTable(ks, table) !== undefined;
        if (!existed && !s.ifExists) throw new ResourceNotFoundException(`unconfigured table ${table}`);
        await store.dropTable(ks, table, { ifExists: s.ifExists });
        return existed ? schemaChange('DROPPED', 'TABLE', ks, table) : VOID;
      }
      case 'restoreTable': {
        const target = userTable(s.table, keyspace);
        const source = userTable(s.source, keyspace);
        /* Precondition: no point-in-time restore (backups are whole-table copies). */
        if (s.options.some((o) => o.name === 'restore_timestamp'))
          throw new ValidationException('restore_timestamp (point-in-time recovery) is not supported: RESTORE TABLE restores the newest backup of the source table, or the table as it is now');
        const { encryption } = tableOptions(s.options, 'restore', undefined);
        await store.restoreTable({ source: { keyspace: source.ks, table: source.table }, target: { keyspace: target.ks, table: target.table }, ...(encryption ? { encryption } : {}) });
        return schemaChange('CREATED', 'TABLE', target.ks, target.table);
      }
      case 'insert':
      case 'update':
      case 'delete':
        return this.#modify(s, ctx, keyspace);
      case 'batch':
        return this.#batch(s, ctx, keyspace);
      case 'select':
        return executeSelect(store, s, ctx, keyspace, options, queryText);
    }
  }

  async #createTable(s: CreateTableStatement, keyspace: string | undefined): Promise<ResultSet> {
    const store = this.#store;
    const ks = s.table.keyspace ?? keyspace;
    if (ks === undefined) throw new ValidationException(NO_KEYSPACE);
    checkUserKeyspace(ks);
    const existed = store.findTable(ks, s.table.name) !== undefined;
    const clusteringOrder = new Map<string, 'ASC' | 'DESC'>();
    for (const [i, o] of s.clusteringOrder.entries()) {
      if (!s.clusteringKey.includes(o.column)) throw new ValidationException(`Only clustering key columns can be defined in CLUSTERING ORDER directive (${o.column} is not)`);
      if (s.clusteringKey[i] !== o.column) throw new ValidationException('The order of columns in the CLUSTERING ORDER directive must be the one of the clustering key');
      clusteringOrder.set(o.column, o.order);
    }
    const columns: Record<string, CqlType> = {};
    for (const c of s.columns) {
      if (Object.hasOwn(columns, quoteName(c.name))) throw new ValidationException(`Multiple definition of identifier ${c.name}`);
      columns[quoteName(c.name)] = c.type;
    }
    const { options, encryption } = tableOptions(s.options, 'create', undefined);
    await store.createTable({
      keyspace: quoteName(ks),
      name: quoteName(s.table.name),
      columns,
      partitionKey: s.partitionKey.map(quoteName),
      clustering: s.clusteringKey.map((name) => ({ name: quoteName(name), order: clusteringOrder.get(name) ?? 'ASC' })),
      static: s.columns.filter((c) => c.static).map((c) => quoteName(c.name)),
      options,
      ...(encryption ? { encryption } : {}),
      ifNotExists: s.ifNotExists,
    });
    return existed ? VOID : schemaChange('CREATED', 'TABLE', ks, s.table.name);
  }

  async #modify(s: ModificationStatement, ctx: TermContext, keyspace: string | undefined): Promise<ResultSet> {
    const plan = planModification(this.#store, s, ctx, keyspace, undefined);
    if (plan.condition) {
      const condition = plan.condition;
      const result = await this.#store.readModifyWrite(plan.reads, (current) => {
        const outcome = condition(current);
        return { writes: outcome.applied ? plan.build(current) : [], result: outcome };
      });
      return { kind: 'rows', rows: [result.row], columns: result.columns, applied: result.applied };
    }
    if (plan.reads.length > 0) await this.#store.readModifyWrite(plan.reads, (current) => ({ writes: plan.build(current), result: undefined }));
    else await this.#store.batch(plan.build([]));
    return VOID;
  }

  async #batch(s: BatchStatement, ctx: TermContext, keyspace: string | undefined): Promise<ResultSet> {
    /* Precondition: at most 30 statements (Amazon Keyspaces). */
    if (s.statements.length > MAX_BATCH_STATEMENTS)
      throw new ValidationException(`Too many statements in batch: ${s.statements.length}; Amazon Keyspaces allows at most ${MAX_BATCH_STATEMENTS}`);
    const plans = s.statements.map((st) => planModification(this.#store, st, ctx, keyspace, s.using));
    /* Precondition: a batch holds unconditional statements only (Amazon Keyspaces). */
    if (plans.some((p) => p.condition)) throw new ValidationException('Conditional statements (IF) are not supported in batches');
    for (const p of plans) {
      const counter = p.counterTable;
      if (s.type === 'counter' && !counter) throw new ValidationException('Only counter mutations are allowed in COUNTER batches');
      if (s.type !== 'counter' && counter) throw new ValidationException('Counter mutations are only allowed in COUNTER batches');
    }
    const reads = plans.flatMap((p) => p.reads);
    // Statements of one batch see each other's read-modify-writes (two appends to one list both apply).
    const build = (current: readonly CurrentRow[]): BatchWrite[] => {
      const writes: BatchWrite[] = [];
      const overlay = new Map<string, Row>();
      let at = 0;
      for (const p of plans) {
        const mine = p.reads.map((r, i) => {
          const cur = current[at + i]!;
          const over = overlay.get(rowKey(r));
          return over ? { ...cur, statics: { ...cur.statics, ...over }, row: { ...(cur.row ?? {}), ...over } } : cur;
        });
        const built = p.build(mine);
        for (const w of built) {
          if (w.op === 'delete') continue;
          const key = rowKey({ keyspace: w.keyspace, table: w.table, key: w.op === 'update' ? w.key : pickKey(this.#store, w.keyspace, w.table, w.row) });
          overlay.set(key, { ...(overlay.get(key) ?? {}), ...(w.op === 'update' ? w.set : w.row) } as Row);
        }
        writes.push(...built);
        at += p.reads.length;
      }
      return writes;
    };
    if (reads.length > 0) await this.#store.readModifyWrite(reads, (current) => ({ writes: build(current), result: undefined }), { sharedTimestamp: true });
    else await this.#store.batch(build([]), { sharedTimestamp: true });
    return VOID;
  }
}

/** A stable text key of a row read (keyspace, table, key values), for a batch's overlay. */
function rowKey(r: { keyspace: string; table: string; key: Record<string, unknown> }): string {
  const parts = Object.keys(r.key)
    .sort()
    .map((k) => [k, r.key[k]]);
  return `${r.keyspace}.${r.table}:${JSON.stringify(parts, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))}`;
}

/** The primary-key values of a row to insert. */
function pickKey(store: Store, ks: string, table: string, row: Record<string, unknown>): Record<string, unknown> {
  const schema = tableSchema(store, ks, table);
  const out: Record<string, unknown> = {};
  for (const c of schema.columns) if (c.kind === 'partition_key' || c.kind === 'clustering') out[c.name] = row[c.name];
  return out;
}

const NO_KEYSPACE = 'No keyspace has been specified. USE a keyspace, or explicitly specify keyspace.tablename';

function checkExecuteOptions(options: ExecuteOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { fetchSize, pageState } = options;
  /* Precondition: fetchSize is a positive integer. */
  if (fetchSize !== undefined && (!Number.isInteger(fetchSize) || fetchSize <= 0)) throw new ValidationException(`Invalid fetchSize ${String(fetchSize)}: a positive integer`);
  if (pageState !== undefined && typeof pageState !== 'string') throw new ValidationException('Invalid paging state');
}

function schemaChange(change: SchemaChange['change'], target: SchemaChange['target'], keyspace: string, table?: string): ResultSet {
  return { kind: 'schemaChange', rows: [], columns: [], schemaChange: { change, target, keyspace, ...(table !== undefined ? { table } : {}) } };
}

function checkUserKeyspace(ks: string): void {
  if (SYSTEM_KEYSPACES.includes(ks)) throw new ValidationException(`${ks} keyspace is not user-modifiable.`);
}

/** Resolves a user table name against the session's keyspace. */
export function resolveTable(name: TableName, keyspace: string | undefined): { ks: string; table: string } {
  const ks = name.keyspace ?? keyspace;
  if (ks === undefined) throw new ValidationException(NO_KEYSPACE);
  return { ks, table: name.name };
}

function userTable(name: TableName, keyspace: string | undefined): { ks: string; table: string } {
  const r = resolveTable(name, keyspace);
  checkUserKeyspace(r.ks);
  return r;
}

/** The schema of a user table, or Cassandra's "unconfigured table". */
export function tableSchema(store: Store, ks: string, table: string): TableSchema {
  if (!store.hasKeyspace(ks)) throw new ResourceNotFoundException(`Keyspace ${ks} does not exist`);
  const record = store.findTable(ks, table);
  if (!record) throw new ResourceNotFoundException(`unconfigured table ${table}`);
  return record.schema;
}

/** A column of the table, or Cassandra's "Undefined column name". */
export function columnOf(schema: TableSchema, name: string): ColumnDef {
  const c = columnByName(schema, name);
  if (!c) throw new ValidationException(`Undefined column name ${name}`);
  return c;
}

// ---------------------------------------------------------------- options

/** A DDL option value as plain JS: strings, numbers, booleans, and maps of them. */
type OptionValue = string | number | boolean | { [k: string]: OptionValue };

function optionValue(term: Term, name: string): OptionValue {
  switch (term.kind) {
    case 'string':
      return term.value;
    case 'integer':
    case 'float':
      return Number(term.text);
    case 'boolean':
      return term.value;
    case 'map': {
      const out: Record<string, OptionValue> = {};
      for (const e of term.entries) {
        const k = optionValue(e.key, name);
        if (typeof k === 'object') throw new ValidationException(`Invalid key in option ${name}`);
        out[String(k)] = optionValue(e.value, name);
      }
      return out;
    }
    default:
      throw new ValidationException(`Invalid value for option ${name}: a literal or a map of literals`);
  }
}

function keyspaceReplication(options: readonly OptionEntry[]): Record<string, string> {
  let replication: Record<string, string> | undefined;
  for (const o of options) {
    const v = optionValue(o.value, o.name);
    if (o.name === 'replication') {
      if (typeof v !== 'object') throw new ValidationException('replication must be a map');
      replication = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
    } else if (o.name === 'durable_writes') {
      if (typeof v !== 'boolean') throw new ValidationException('durable_writes must be true or false');
    } else throw new ValidationException(`Unknown property '${o.name}'`);
  }
  /* Precondition: a keyspace names its replication strategy class. */
  if (!replication?.['class']) throw new ValidationException('Missing mandatory replication strategy class');
  const cls = replication['class'];
  const allowed = ['SingleRegionStrategy', 'SimpleStrategy', 'NetworkTopologyStrategy', 'org.apache.cassandra.locator.SimpleStrategy', 'org.apache.cassandra.locator.NetworkTopologyStrategy'];
  if (!allowed.includes(cls)) throw new ValidationException(`Unable to find replication strategy class '${cls}'`);
  return replication;
}

/** Custom properties a table may carry (Keyspaces `custom_properties`), with their settable fields. */
const CUSTOM_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  encryption_specification: ['encryption_type', 'kms_key_identifier'],
  point_in_time_recovery: ['status'],
  capacity_mode: ['throughput_mode', 'read_capacity_units', 'write_capacity_units'],
  ttl: ['status'],
  client_side_timestamps: ['status'],
  cdc_specification: ['status', 'view_type'],
  replica_updates: [],
};

/** Cassandra table options Keyspaces accepts and ignores (no tombstone or compaction knobs). */
const IGNORED_OPTIONS = new Set([
  'bloom_filter_fp_chance', 'caching', 'compaction', 'compression', 'crc_check_chance', 'dclocal_read_repair_chance',
  'gc_grace_seconds', 'max_index_interval', 'memtable_flush_period_in_ms', 'min_index_interval', 'read_repair_chance',
  'speculative_retry', 'cdc', 'autoscaling_settings',
]);

/** Table options of CREATE / ALTER TABLE … WITH, as the store keeps them. */
function tableOptions(entries: readonly OptionEntry[], mode: 'create' | 'alter' | 'restore', current: TableSchema | undefined): { options: TableOptions; encryption?: EncryptionSpecification } {
  const options: TableOptions = {};
  let encryption: EncryptionSpecification | undefined;
  for (const o of entries) {
    const v = optionValue(o.value, o.name);
    switch (o.name) {
      case 'custom_properties': {
        if (typeof v !== 'object') throw new ValidationException('custom_properties must be a map');
        const keys = Object.keys(v);
        /* Precondition: ALTER TABLE changes one custom property per statement (Amazon Keyspaces). */
        if (mode === 'alter' && keys.length > 1) throw new ValidationException('ALTER TABLE can change only one custom property per statement');
        const kept: Record<string, Record<string, string>> = { ...((current?.options['customProperties'] as Record<string, Record<string, string>> | undefined) ?? {}) };
        for (const [prop, body] of Object.entries(v)) {
          const fields = CUSTOM_PROPERTIES[prop];
          if (!fields) throw new ValidationException(`Unknown custom property '${prop}' (known: ${Object.keys(CUSTOM_PROPERTIES).join(', ')})`);
          if (typeof body !== 'object') throw new ValidationException(`custom property ${prop} must be a map`);
          const inner: Record<string, string> = {};
          for (const [k, x] of Object.entries(body)) {
            if (fields.length > 0 && !fields.includes(k)) throw new ValidationException(`Unknown field '${k}' in custom property ${prop} (known: ${fields.join(', ')})`);
            if (typeof x === 'object') throw new ValidationException(`Invalid value for ${prop}.${k}`);
            inner[k] = String(x);
          }
          if (prop === 'encryption_specification') encryption = encryptionOf(inner);
          else if (prop === 'point_in_time_recovery') {
            const status = inner['status']?.toLowerCase();
            if (status !== 'enabled' && status !== 'disabled') throw new ValidationException(`point_in_time_recovery status must be 'enabled' or 'disabled' (got ${String(inner['status'])})`);
            options.pointInTimeRecovery = status === 'enabled';
          } else kept[prop] = inner;
        }
        options['customProperties'] = kept;
        break;
      }
      case 'default_time_to_live':
        if (typeof v !== 'number') throw new ValidationException(`default_time_to_live must be an integer (got ${String(v)})`);
        options.defaultTimeToLive = v;
        break;
      case 'comment':
        if (typeof v !== 'string') throw new ValidationException('comment must be a string');
        options.comment = v;
        break;
      case 'tags':
        if (typeof v !== 'object') throw new ValidationException('tags must be a map');
        options['tags'] = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
        break;
      default:
        if (!IGNORED_OPTIONS.has(o.name)) throw new ValidationException(`Unknown property '${o.name}'`);
    }
  }
  return { options, ...(encryption ? { encryption } : {}) };
}

function encryptionOf(spec: Record<string, string>): EncryptionSpecification {
  const type = spec['encryption_type'];
  if (type !== 'AWS_OWNED_KMS_KEY' && type !== 'CUSTOMER_MANAGED_KMS_KEY')
    throw new ValidationException(`Invalid encryption_type ${String(type)}: AWS_OWNED_KMS_KEY or CUSTOMER_MANAGED_KMS_KEY`);
  const id = spec['kms_key_identifier'];
  return { type, ...(id !== undefined ? { kmsKeyIdentifier: id } : {}) };
}

// ---------------------------------------------------------------- modifications

/** A write statement made ready: what to read first (if anything), how to build its writes, and its condition. */
interface WritePlan {
  reads: { keyspace: string; table: string; key: Record<string, unknown> }[];
  build(current: readonly CurrentRow[]): BatchWrite[];
  condition?: (current: readonly CurrentRow[]) => { applied: boolean; row: Row; columns: ColumnSpec[] };
  counterTable: boolean;
}

const BIGINT: CqlType = { kind: 'bigint' };
const INT: CqlType = { kind: 'int' };

function usingOptions(using: Using, outer: Using | undefined, ctx: TermContext, allowTtl: boolean): WriteOptions {
  const out: WriteOptions = {};
  /* Precondition: a timestamp is on the BATCH or on its statements, not both (Cassandra). */
  if (using.timestamp !== undefined && outer?.timestamp !== undefined) throw new ValidationException('Timestamp must be set either on BATCH or individual statements');
  const ts = using.timestamp ?? outer?.timestamp;
  if (ts !== undefined) {
    const v = requiredValue(ts, BIGINT, '[timestamp]', ctx);
    if (v === null) throw new ValidationException('Invalid null value of timestamp');
    const n = Number(v as bigint);
    if (!Number.isSafeInteger(n)) throw new ValidationException(`Invalid timestamp ${String(v)}: sealtable keeps write timestamps within ±2^53 µs`);
    out.timestamp = n;
  }
  if (allowTtl && using.ttl !== undefined) {
    const v = requiredValue(using.ttl, INT, '[ttl]', ctx);
    if (v === null) throw new ValidationException('Invalid null value of TTL');
    const n = v as number;
    if (n < 0) throw new ValidationException(`A TTL must be greater or equal to 0, but was ${n}`);
    if (n > 630_720_000) throw new ValidationException(`ttl is too large. requested (${n}) maximum (630720000)`);
    out.ttl = n;
  }
  return out;
}

/** The primary-key equalities of an UPDATE or DELETE (and the clustering ranges of a range DELETE). */
function writeKey(schema: TableSchema, where: readonly Relation[], ctx: TermContext, kind: 'update' | 'delete'): { key: Record<string, CqlValue>; ranges: Restriction[] } {
  const key: Record<string, CqlValue> = {};
  const ranges: Restriction[] = [];
  for (const r of where) {
    if (r.kind !== 'compare') {
      if (r.kind === 'in') throw new ValidationException(`IN restrictions are not supported in ${kind.toUpperCase()} statements (Amazon Keyspaces allows IN in SELECT only)`);
      throw new ValidationException(`Invalid restriction in the WHERE clause of ${kind.toUpperCase()}: only column = value on the primary key${kind === 'delete' ? ' and a range on the last restricted clustering column' : ''}`);
    }
    const col = columnOf(schema, r.column);
    if (col.kind !== 'partition_key' && col.kind !== 'clustering') throw new ValidationException(`Non PRIMARY KEY columns found in where clause: ${col.name}`);
    if (r.op === '!=') throw new ValidationException(`Unsupported "!=" relation: ${col.name} != ...`);
    const v = requiredValue(r.value, col.type, col.name, ctx);
    if (v === null) throw new ValidationException(`Invalid null value in condition for column ${col.name}`);
    if (r.op === '=') {
      if (key[col.name] !== undefined) throw new ValidationException(`${col.name} cannot be restricted by more than one relation if it includes an Equal`);
      key[col.name] = v;
    } else {
      if (col.kind === 'partition_key') throw new ValidationException('Only EQ and IN relation are supported on the partition key (unless you use the token() function)');
      if (kind === 'update') throw new ValidationException(`Slice restrictions are not supported on the clustering columns in UPDATE statements`);
      ranges.push({ column: col.name, op: r.op, value: v });
    }
  }
  const missingPk = schema.columns.filter((c) => c.kind === 'partition_key' && key[c.name] === undefined).map((c) => c.name);
  if (missingPk.length > 0) throw new ValidationException(`Some partition key parts are missing: ${missingPk.join(', ')}`);
  return { key, ranges };
}

function fullKeyGiven(schema: TableSchema, key: Record<string, CqlValue>): boolean {
  return schema.columns.every((c) => (c.kind !== 'partition_key' && c.kind !== 'clustering') || key[c.name] !== undefined);
}

/** One read-modify-write operation on a column. */
type ColumnOp = { column: ColumnDef; apply(current: CqlValue): CqlValue };

function collectionOp(col: ColumnDef, a: Assignment, ctx: TermContext): ColumnOp | undefined {
  const type = col.type;
  if (type.kind === 'counter') {
    if (a.kind !== 'add' && a.kind !== 'remove') throw new ValidationException(`Invalid operation (${col.name} = ...) for counter column ${col.name}`);
    const delta = requiredValue(a.value, BIGINT, col.name, ctx);
    if (delta === null) throw new ValidationException(`Invalid null value for counter increment`);
    const d = a.kind === 'add' ? (delta as bigint) : -(delta as bigint);
    return { column: col, apply: (cur) => ((cur as bigint | null) ?? 0n) + d };
  }
  if (type.kind === 'frozen' || (type.kind !== 'list' && type.kind !== 'set' && type.kind !== 'map'))
    throw new ValidationException(`Invalid operation (${col.name} = ${col.name} ${a.kind === 'remove' ? '-' : '+'} ...) for non counter column ${col.name}`);
  switch (a.kind) {
    case 'add':
    case 'prepend': {
      if (a.kind === 'prepend' && type.kind !== 'list') throw new ValidationException(`Invalid operation (${col.name} = ... + ${col.name}) for non list column ${col.name}`);
      const v = termValue(a.value, type, col.name, ctx);
      if (v === UNSET) return undefined;
      if (v === null) return { column: col, apply: (cur) => cur };
      if (type.kind === 'map') return { column: col, apply: (cur) => new Map([...((cur as Map<CqlValue, CqlValue> | null) ?? new Map()), ...(v as Map<CqlValue, CqlValue>)]) };
      if (a.kind === 'prepend') return { column: col, apply: (cur) => [...(v as CqlValue[]), ...((cur as CqlValue[] | null) ?? [])] };
      return { column: col, apply: (cur) => [...((cur as CqlValue[] | null) ?? []), ...(v as CqlValue[])] };
    }
    case 'remove': {
      const removeType: CqlType = type.kind === 'map' ? { kind: 'set', element: type.key } : type;
      const v = termValue(a.value, removeType, col.name, ctx);
      if (v === UNSET) return undefined;
      if (v === null) return { column: col, apply: (cur) => cur };
      const gone = v as CqlValue[];
      if (type.kind === 'map') return { column: col, apply: (cur) => new Map([...((cur as Map<CqlValue, CqlValue> | null) ?? new Map())].filter(([k]) => !gone.some((g) => valuesEqual(type.key, g, k)))) };
      const el = type.element;
      return { column: col, apply: (cur) => ((cur as CqlValue[] | null) ?? []).filter((e) => !gone.some((g) => valuesEqual(el, g, e))) };
    }
    case 'setElement': {
      if (type.kind === 'set') throw new ValidationException(`Invalid operation (${col.name}[...] = ...) for set column ${col.name}`);
      if (type.kind === 'map') {
        const k = requiredValue(a.key, type.key, col.name, ctx);
        if (k === null) throw new ValidationException(`Invalid null value for map key`);
        const v = termValue(a.value, type.value, col.name, ctx);
        if (v === UNSET) return undefined;
        return {
          column: col,
          apply: (cur) => {
            const m = new Map((cur as Map<CqlValue, CqlValue> | null) ?? new Map());
            for (const key of [...m.keys()]) if (valuesEqual(type.key, key, k)) m.delete(key);
            if (v !== null) m.set(k, v);
            return m;
          },
        };
      }
      const i = requiredValue(a.key, INT, col.name, ctx);
      if (i === null) throw new ValidationException('Invalid null value for list index');
      const v = termValue(a.value, type.element, col.name, ctx);
      if (v === UNSET) return undefined;
      return {
        column: col,
        apply: (cur) => {
          const l = (cur as CqlValue[] | null) ?? null;
          if (l === null) throw new ValidationException('Attempted to set an element on a list which is null');
          const idx = i as number;
          if (idx < 0 || idx >= l.length) throw new ValidationException(`List index ${idx} out of bound, list has size ${l.length}`);
          return v === null ? l.filter((_, j) => j !== idx) : l.map((e, j) => (j === idx ? v : e));
        },
      };
    }
    case 'set':
      return undefined;
  }
}

function deleteElementOp(col: ColumnDef, element: Term, ctx: TermContext): ColumnOp {
  const type = col.type;
  if (type.kind === 'map') {
    const k = requiredValue(element, type.key, col.name, ctx);
    if (k === null) throw new ValidationException('Invalid null value for map key');
    return { column: col, apply: (cur) => new Map([...((cur as Map<CqlValue, CqlValue> | null) ?? new Map())].filter(([x]) => !valuesEqual(type.key, x, k))) };
  }
  if (type.kind === 'list') {
    const i = requiredValue(element, INT, col.name, ctx) as number | null;
    if (i === null) throw new ValidationException('Invalid null value for list index');
    return {
      column: col,
      apply: (cur) => {
        const l = (cur as CqlValue[] | null) ?? null;
        if (l === null) throw new ValidationException('Attempted to delete an element from a list which is null');
        if (i < 0 || i >= l.length) throw new ValidationException(`List index ${i} out of bound, list has size ${l.length}`);
        return l.filter((_, j) => j !== i);
      },
    };
  }
  throw new ValidationException(`Invalid element deletion on ${type.kind === 'set' ? 'set' : 'non-collection'} column ${col.name}: use ${col.name} = ${col.name} - {...} for sets`);
}

const APPLIED_COLUMN = '[applied]';

function conditionHolds(schema: TableSchema, c: Condition, row: Row, ctx: TermContext): boolean {
  const col = columnOf(schema, c.column);
  if (col.kind === 'partition_key' || col.kind === 'clustering') throw new ValidationException(`PRIMARY KEY column '${col.name}' cannot have IF conditions`);
  let type = col.type;
  let current: CqlValue = row[col.name] ?? null;
  if (c.element) {
    const t = type.kind === 'frozen' ? type.inner : type;
    if (t.kind === 'map') {
      const k = requiredValue(c.element, t.key, col.name, ctx);
      current = null;
      for (const [x, v] of (row[col.name] as Map<CqlValue, CqlValue> | null) ?? new Map()) if (k !== null && valuesEqual(t.key, x, k)) current = v;
      type = t.value;
    } else if (t.kind === 'list') {
      const i = requiredValue(c.element, INT, col.name, ctx) as number;
      current = ((row[col.name] as CqlValue[] | null) ?? [])[i] ?? null;
      type = t.element;
    } else throw new ValidationException(`Invalid element access on column ${col.name} of type ${formatCqlType(col.type)}`);
  }
  if (c.kind === 'in') {
    const values = Array.isArray(c.values)
      ? c.values.map((t) => requiredValue(t, type, col.name, ctx))
      : ((requiredValue(c.values, { kind: 'list', element: type }, col.name, ctx) as CqlValue[] | null) ?? []);
    return values.some((v) => (v === null ? current === null : current !== null && valuesEqual(type, v, current)));
  }
  const v = requiredValue(c.value, type, col.name, ctx);
  if (c.op === '=') return v === null ? current === null : current !== null && valuesEqual(type, v, current);
  if (c.op === '!=') return v === null ? current !== null : current === null || !valuesEqual(type, v, current);
  if (v === null) throw new ValidationException(`Invalid comparison with null for operator "${c.op}"`);
  if (current === null) return false;
  const cmp = compareValues(type, current, v);
  return c.op === '<' ? cmp < 0 : c.op === '<=' ? cmp <= 0 : c.op === '>' ? cmp > 0 : cmp >= 0;
}

function columnSpecs(schema: TableSchema, names: readonly string[]): ColumnSpec[] {
  return [
    { keyspace: schema.keyspace, table: schema.name, name: APPLIED_COLUMN, type: 'boolean' },
    ...names.map((n) => ({ keyspace: schema.keyspace, table: schema.name, name: n, type: formatCqlType(columnOf(schema, n).type) })),
  ];
}

/** The condition of an LWT as a function of the current row. */
function lwtCondition(schema: TableSchema, clause: IfClause | 'notExists', ctx: TermContext): WritePlan['condition'] {
  return (current) => {
    const cur = current[0]!;
    const exists = cur.row !== undefined;
    const full: Row = { ...(cur.row ?? {}) };
    if (clause === 'notExists') {
      if (!exists) return { applied: true, row: { [APPLIED_COLUMN]: true }, columns: columnSpecs(schema, []) };
      const names = selectStarOrder(schema);
      return { applied: false, row: { [APPLIED_COLUMN]: false, ...pick(full, names) }, columns: columnSpecs(schema, names) };
    }
    if (clause.kind === 'exists') return { applied: exists, row: { [APPLIED_COLUMN]: exists }, columns: columnSpecs(schema, []) };
    const row: Row = { ...cur.statics, ...full };
    const applied = exists || clause.conditions.every((c) => columnOf(schema, c.column).kind === 'static') ? clause.conditions.every((c) => conditionHolds(schema, c, row, ctx)) : false;
    if (applied) return { applied, row: { [APPLIED_COLUMN]: true }, columns: columnSpecs(schema, []) };
    const names = [...new Set(clause.conditions.map((c) => c.column))];
    return { applied, row: { [APPLIED_COLUMN]: false, ...(exists ? pick(row, names) : {}) }, columns: columnSpecs(schema, exists ? names : []) };
  };
}

function pick(row: Row, names: readonly string[]): Row {
  const out: Row = {};
  for (const n of names) out[n] = row[n] ?? null;
  return out;
}

/** Column order of `SELECT *`: partition key, clustering, then static and regular columns by name (Cassandra 3.x). */
export function selectStarOrder(schema: TableSchema): string[] {
  const byKind = (k: ColumnDef['kind']): ColumnDef[] => schema.columns.filter((c) => c.kind === k);
  const sorted = (cols: ColumnDef[]): string[] => cols.map((c) => c.name).sort();
  return [...byKind('partition_key').map((c) => c.name), ...byKind('clustering').map((c) => c.name), ...sorted(byKind('static')), ...sorted(byKind('regular'))];
}

/** Turns an INSERT, UPDATE or DELETE into a write plan (all checks done here: a bad statement writes nothing). */
function planModification(store: Store, s: ModificationStatement, ctx: TermContext, keyspace: string | undefined, batchUsing: Using | undefined): WritePlan {
  const { ks, table } = userTable(s.table, keyspace);
  const schema = tableSchema(store, ks, table);
  const counterTable = schema.columns.some((c) => c.type.kind === 'counter');
  if (s.kind === 'insert') return planInsert(schema, s, ctx, batchUsing, counterTable);
  if (s.kind === 'update') return planUpdate(schema, s, ctx, batchUsing, counterTable);
  return planDelete(schema, s, ctx, batchUsing, counterTable);
}

function planInsert(schema: TableSchema, s: InsertStatement, ctx: TermContext, batchUsing: Using | undefined, counterTable: boolean): WritePlan {
  if (counterTable) throw new ValidationException('INSERT statements are not allowed on counter tables, use UPDATE instead');
  const row: Record<string, CqlValue> = {};
  const seen = new Set<string>();
  for (const [i, name] of s.columns.entries()) {
    const col = columnOf(schema, name);
    if (seen.has(col.name)) throw new ValidationException(`Multiple definitions found for column ${col.name}`);
    seen.add(col.name);
    const v = termValue(s.values[i]!, col.type, col.name, ctx);
    if (v === UNSET) {
      if (col.kind === 'partition_key' || col.kind === 'clustering') throw new ValidationException(`Invalid unset value for column ${col.name}`);
      continue;
    }
    row[col.name] = v;
  }
  // An INSERT of the partition key and static columns only writes the partition's static row (Cassandra).
  const staticOnly = [...seen].every((n) => ['partition_key', 'static'].includes(columnOf(schema, n).kind)) && [...seen].some((n) => columnOf(schema, n).kind === 'static');
  const missing = schema.columns.filter((c) => (c.kind === 'partition_key' || (c.kind === 'clustering' && !staticOnly)) && !seen.has(c.name));
  if (missing.length > 0) throw new ValidationException(`Some ${missing[0]!.kind === 'partition_key' ? 'partition key parts' : 'clustering keys'} are missing: ${missing.map((c) => c.name).join(', ')}`);
  const opts = usingOptions(s.using, batchUsing, ctx, true);
  const key = pick(row, schema.columns.filter((c) => c.kind === 'partition_key' || c.kind === 'clustering').map((c) => c.name));
  const write: BatchWrite = { op: 'insert', keyspace: schema.keyspace, table: schema.name, row, ...opts };
  const plan: WritePlan = { reads: [], build: () => [write], counterTable };
  if (s.ifNotExists) {
    plan.reads = [{ keyspace: schema.keyspace, table: schema.name, key }];
    plan.condition = lwtCondition(schema, 'notExists', ctx);
  }
  return plan;
}

function planUpdate(schema: TableSchema, s: UpdateStatement, ctx: TermContext, batchUsing: Using | undefined, counterTable: boolean): WritePlan {
  const { key } = writeKey(schema, s.where, ctx, 'update');
  const opts = usingOptions(s.using, batchUsing, ctx, true);
  if (counterTable && opts.ttl !== undefined) throw new ValidationException('Cannot set TTL on counter update');
  if (counterTable && opts.timestamp !== undefined) throw new ValidationException('Cannot provide custom timestamp for counter updates');
  const set: Record<string, CqlValue> = {};
  const ops: ColumnOp[] = [];
  const assigned = new Set<string>();
  for (const a of s.assignments) {
    const col = columnOf(schema, a.column);
    if (col.kind === 'partition_key' || col.kind === 'clustering') throw new ValidationException(`PRIMARY KEY part ${col.name} found in SET part`);
    if (assigned.has(col.name) && a.kind !== 'setElement') throw new ValidationException(`Multiple incompatible setting of column ${col.name}`);
    assigned.add(col.name);
    if (a.kind === 'set') {
      if (col.type.kind === 'counter') throw new ValidationException(`Cannot set the value of counter column ${col.name} (counters can only be incremented/decremented, not set)`);
      const v = termValue(a.value, col.type, col.name, ctx);
      if (v !== UNSET) set[col.name] = v;
    } else {
      const op = collectionOp(col, a, ctx);
      if (op) ops.push(op);
    }
  }
  const staticOnly = [...assigned].every((n) => columnOf(schema, n).kind === 'static');
  const missingCk = schema.columns.filter((c) => c.kind === 'clustering' && key[c.name] === undefined).map((c) => c.name);
  if (missingCk.length > 0 && !(staticOnly && missingCk.length === schema.columns.filter((c) => c.kind === 'clustering').length))
    throw new ValidationException(`Some clustering keys are missing: ${missingCk.join(', ')}`);
  const target = { keyspace: schema.keyspace, table: schema.name, key };
  const plan: WritePlan = {
    reads: ops.length > 0 ? [target] : [],
    counterTable,
    build: (current) => {
      const values: Record<string, CqlValue> = { ...set };
      if (ops.length > 0) {
        const cur = current[0]!;
        const row: Row = { ...cur.statics, ...(cur.row ?? {}) };
        for (const op of ops) {
          const before = Object.hasOwn(values, op.column.name) ? values[op.column.name]! : (row[op.column.name] ?? null);
          values[op.column.name] = op.apply(before);
        }
      }
      if (Object.keys(values).length === 0) return [];
      return [{ op: 'update', keyspace: schema.keyspace, table: schema.name, key, set: values, ...opts }];
    },
  };
  if (s.if) {
    if (!fullKeyGiven(schema, key) && !staticOnly) throw new ValidationException('UPDATE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions');
    plan.reads = [target];
    plan.condition = lwtCondition(schema, s.if, ctx);
  }
  return plan;
}

function planDelete(schema: TableSchema, s: DeleteStatement, ctx: TermContext, batchUsing: Using | undefined, counterTable: boolean): WritePlan {
  const { key, ranges } = writeKey(schema, s.where, ctx, 'delete');
  const opts = usingOptions(s.using, batchUsing, ctx, false);
  const target = { keyspace: schema.keyspace, table: schema.name, key };
  const columns: string[] = [];
  const ops: ColumnOp[] = [];
  for (const d of s.columns) {
    const col = columnOf(schema, d.column);
    if (col.kind === 'partition_key' || col.kind === 'clustering') throw new ValidationException(`Invalid identifier ${col.name} for deletion (should not be a PRIMARY KEY part)`);
    if (d.element) ops.push(deleteElementOp(col, d.element, ctx));
    else columns.push(col.name);
  }
  if ((columns.length > 0 || ops.length > 0) && ranges.length > 0) throw new ValidationException('Range deletions are not supported for specific columns');
  const hasRegular = [...columns, ...ops.map((o) => o.column.name)].some((n) => columnOf(schema, n).kind === 'regular');
  const ck = schema.columns.filter((c) => c.kind === 'clustering');
  if (hasRegular && !fullKeyGiven(schema, key)) throw new ValidationException(`Some clustering keys are missing: ${ck.filter((c) => key[c.name] === undefined).map((c) => c.name).join(', ')}`);
  const plan: WritePlan = {
    reads: ops.length > 0 ? [target] : [],
    counterTable,
    build: (current) => {
      const writes: BatchWrite[] = [];
      if (ops.length > 0) {
        const cur = current[0]!;
        const row: Row = { ...cur.statics, ...(cur.row ?? {}) };
        const set: Record<string, CqlValue> = {};
        for (const op of ops) set[op.column.name] = op.apply(Object.hasOwn(set, op.column.name) ? set[op.column.name]! : (row[op.column.name] ?? null));
        writes.push({ op: 'update', keyspace: schema.keyspace, table: schema.name, key, set, ...opts });
      }
      if (columns.length > 0 || ops.length === 0)
        writes.push({ op: 'delete', keyspace: schema.keyspace, table: schema.name, key, ...(columns.length > 0 ? { columns } : {}), ...(ranges.length > 0 ? { where: ranges } : {}), ...opts });
      return writes;
    },
  };
  if (s.if) {
    if (!fullKeyGiven(schema, key)) throw new ValidationException('DELETE statements must restrict all PRIMARY KEY columns with equality relations in order to use IF conditions');
    plan.reads = [target];
    plan.condition = lwtCondition(schema, s.if, ctx);
  }
  return plan;
}

