/**
 * @module cql/ast
 * The typed syntax tree of the CQL statements sealtable speaks (Amazon Keyspaces' CQL, a subset
 * of Cassandra 3.x CQL; grammar sketch in `reference/cql.md` §3.2). Every node is a plain,
 * JSON-like object discriminated by `kind`; the tree holds no source positions, so printing a
 * statement with `formatStatement` and parsing it again gives an equal tree.
 *
 * The parser checks syntax only: names are not resolved, types are not checked against values,
 * and a column type is the {@link CqlType} as written (the executor passes it to
 * `resolveCqlType` for Cassandra's type rules).
 *
 * Bind markers (`?`, `:name`) are numbered from 0 in order of appearance over the whole
 * statement (a BATCH numbers across its statements), and every statement lists its markers in
 * `bindMarkers` with the receiver Cassandra would name in a PREPARED result.
 */
import type { CqlType } from '../table/cql-type.js';

// ---- names ----

/** A table name, optionally qualified by its keyspace. Unquoted names are lower-cased. */
export interface TableName {
  keyspace?: string;
  name: string;
}

// ---- terms ----

/** A string literal `'…'` (`''` inside is one quote) or `$$…$$`. */
export interface StringTerm {
  kind: 'string';
  value: string;
}
/** An integer literal, kept as text (it may be a bigint or varint): `42`, `-7`. */
export interface IntegerTerm {
  kind: 'integer';
  text: string;
}
/** A floating-point literal as text: `1.5`, `-2e10`, `NaN`, `Infinity`, `-Infinity`. */
export interface FloatTerm {
  kind: 'float';
  text: string;
}
/** `true` or `false`. */
export interface BooleanTerm {
  kind: 'boolean';
  value: boolean;
}
/** `NULL`. */
export interface NullTerm {
  kind: 'null';
}
/** An unquoted uuid, lower-cased: `123e4567-e89b-12d3-a456-426614174000`. */
export interface UuidTerm {
  kind: 'uuid';
  value: string;
}
/** A blob literal `0x…`: hex digits lower-cased, without `0x` (may be empty). */
export interface BlobTerm {
  kind: 'blob';
  hex: string;
}
/** A list literal `[a, b]`. */
export interface ListTerm {
  kind: 'list';
  elements: Term[];
}
/** A set literal `{a, b}`. The empty `{}` is a {@link MapTerm} (Cassandra types it from its receiver). */
export interface SetTerm {
  kind: 'set';
  elements: Term[];
}
/** A map literal `{k: v, …}`, or the empty `{}`. */
export interface MapTerm {
  kind: 'map';
  entries: { key: Term; value: Term }[];
}
/** A tuple `(a, b)`, as on the right of a multi-column relation. */
export interface TupleTerm {
  kind: 'tuple';
  elements: Term[];
}
/** A function call: `now()`, `uuid()`, `toTimestamp(now())`, `token(?)`. The name is lower-cased unless quoted. */
export interface FunctionTerm {
  kind: 'function';
  name: string;
  args: Term[];
}
/** A bind marker: `?` (no name) or `:name`. `index` counts markers from 0 in order of appearance. */
export interface BindMarkerTerm {
  kind: 'bind';
  index: number;
  name?: string;
}
/** A value in a statement. */
export type Term =
  | StringTerm
  | IntegerTerm
  | FloatTerm
  | BooleanTerm
  | NullTerm
  | UuidTerm
  | BlobTerm
  | ListTerm
  | SetTerm
  | MapTerm
  | TupleTerm
  | FunctionTerm
  | BindMarkerTerm;

/**
 * What a bind marker binds to, for a PREPARED result (Cassandra's names, `reference/cql.md`
 * §2.3): `receiver` is the column name for `col = ?` (and INSERT values, SET, IF), `in(col)` for
 * `col IN ?`, `key(col)`/`value(col)` for collection keys and elements (`m[?]`, `c + [?]`,
 * `CONTAINS KEY ?`), `(a, b)` for a tuple marker, `in((a, b))`, `partition key token` for
 * `token(…) > ?`, `[limit]`, `[per_partition_limit]`, `[ttl]`, `[timestamp]`, `fn(argN)` for
 * the Nth argument of a function (from 0), and `unknown` elsewhere.
 */
export interface BindMarker {
  /** Position among the statement's markers, from 0. */
  index: number;
  /** Name of a `:name` marker. */
  name?: string;
  /** What the marker binds to, in Cassandra's naming (see above). */
  receiver: string;
  /** The column involved, when there is one. */
  column?: string;
  /** The columns of a multi-column relation marker (`(a, b) = ?`). */
  columns?: string[];
}

// ---- clauses ----

/** A comparison operator of a relation or condition. */
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** One restriction of a WHERE clause. */
export type Relation =
  /** `col op term` */
  | { kind: 'compare'; column: string; op: ComparisonOp; value: Term }
  /** `col IN (t1, t2)` (`values` is an array) or `col IN ?` (`values` is the marker). */
  | { kind: 'in'; column: string; values: Term[] | BindMarkerTerm }
  /** `col CONTAINS term` or, with `key: true`, `col CONTAINS KEY term`. */
  | { kind: 'contains'; column: string; key: boolean; value: Term }
  /** `(c1, c2) op (t1, t2)` or `(c1, c2) op ?`. */
  | { kind: 'multiCompare'; columns: string[]; op: ComparisonOp; value: TupleTerm | BindMarkerTerm }
  /** `(c1, c2) IN ((…), (…))` or `(c1, c2) IN ?`. */
  | { kind: 'multiIn'; columns: string[]; values: Term[] | BindMarkerTerm }
  /** `token(c1, c2) op term` — the term is often `token(…)` as a {@link FunctionTerm}. */
  | { kind: 'token'; columns: string[]; op: ComparisonOp; value: Term };

/** One condition of `IF …` on UPDATE or DELETE: `col op term`, `m[k] op term`, `col IN (…)`. */
export type Condition =
  | { kind: 'compare'; column: string; element?: Term; op: ComparisonOp; value: Term }
  | { kind: 'in'; column: string; element?: Term; values: Term[] | BindMarkerTerm };

/** `USING TTL n AND TIMESTAMP t` (each optional). TTL in seconds, timestamp in microseconds. */
export interface Using {
  ttl?: Term;
  timestamp?: Term;
}

/** A lightweight-transaction clause. */
export type IfClause = { kind: 'exists' } | { kind: 'conditions'; conditions: Condition[] };

/** A `name = value` option (WITH … AND …); the value is a literal or a map of literals. */
export interface OptionEntry {
  name: string;
  value: Term;
}

/** A column of CREATE TABLE or ALTER TABLE ADD. */
export interface ColumnDefinition {
  name: string;
  type: CqlType;
  static: boolean;
}

/** `ASC` or `DESC`. */
export type SortOrder = 'ASC' | 'DESC';

/** A column and a sort order (CLUSTERING ORDER BY, ORDER BY). */
export interface Ordering {
  column: string;
  order: SortOrder;
}

/** One assignment of UPDATE … SET. */
export type Assignment =
  /** `c = term` */
  | { kind: 'set'; column: string; value: Term }
  /** `c = c + term` (append, union, put, counter increment) */
  | { kind: 'add'; column: string; value: Term }
  /** `c = term + c` (list prepend) */
  | { kind: 'prepend'; column: string; value: Term }
  /** `c = c - term` (remove elements or keys, counter decrement) */
  | { kind: 'remove'; column: string; value: Term }
  /** `m[k] = v` or `l[i] = v` */
  | { kind: 'setElement'; column: string; key: Term; value: Term };

/** What a SELECT selector computes. */
export type SelectorExpression =
  | { kind: 'column'; name: string }
  /** `COUNT(*)` (`arg: '*'`) or `COUNT(1)` (`arg: '1'`). */
  | { kind: 'count'; arg: '*' | '1' }
  | { kind: 'writetime'; column: string }
  | { kind: 'ttl'; column: string }
  /** Any other function of selectors or terms, e.g. `token(pk)`, `toJson(c)`. */
  | { kind: 'function'; name: string; args: SelectorExpression[] }
  /** A literal or bind marker as a selector argument. */
  | { kind: 'term'; value: Term };

/** One item of a SELECT list, with its `AS` alias. */
export interface Selector {
  expression: SelectorExpression;
  alias?: string;
}

/** A column named by DELETE, optionally one element of it (`m['k']`, `l[0]`). */
export interface DeleteSelector {
  column: string;
  element?: Term;
}

// ---- statements ----

interface StatementBase {
  /** The bind markers of the statement, in index order. */
  bindMarkers: BindMarker[];
}

/** `CREATE KEYSPACE [IF NOT EXISTS] ks WITH replication = {...} [AND durable_writes = bool]` */
export interface CreateKeyspaceStatement extends StatementBase {
  kind: 'createKeyspace';
  ifNotExists: boolean;
  keyspace: string;
  options: OptionEntry[];
}
/** `DROP KEYSPACE [IF EXISTS] ks` */
export interface DropKeyspaceStatement extends StatementBase {
  kind: 'dropKeyspace';
  ifExists: boolean;
  keyspace: string;
}
/** `USE ks` */
export interface UseStatement extends StatementBase {
  kind: 'use';
  keyspace: string;
}
/** `CREATE TABLE [IF NOT EXISTS] [ks.]t (...) [WITH ...]` */
export interface CreateTableStatement extends StatementBase {
  kind: 'createTable';
  ifNotExists: boolean;
  table: TableName;
  columns: ColumnDefinition[];
  /** Partition-key column names, in key order. */
  partitionKey: string[];
  /** Clustering column names, in key order. */
  clusteringKey: string[];
  /** `WITH CLUSTERING ORDER BY (…)`, as written (empty when absent). */
  clusteringOrder: Ordering[];
  /** Every other `WITH` option, in order. */
  options: OptionEntry[];
}
/** `ALTER TABLE t ADD …` or `ALTER TABLE t WITH …` */
export interface AlterTableStatement extends StatementBase {
  kind: 'alterTable';
  table: TableName;
  action: { kind: 'add'; columns: ColumnDefinition[] } | { kind: 'with'; options: OptionEntry[] };
}
/** `DROP TABLE [IF EXISTS] t` */
export interface DropTableStatement extends StatementBase {
  kind: 'dropTable';
  ifExists: boolean;
  table: TableName;
}
/** `RESTORE TABLE target FROM TABLE source [WITH …]` (Keyspaces point-in-time recovery) */
export interface RestoreTableStatement extends StatementBase {
  kind: 'restoreTable';
  table: TableName;
  source: TableName;
  options: OptionEntry[];
}
/** `INSERT INTO t (cols) VALUES (terms) [IF NOT EXISTS] [USING …]` */
export interface InsertStatement extends StatementBase {
  kind: 'insert';
  table: TableName;
  columns: string[];
  values: Term[];
  ifNotExists: boolean;
  using: Using;
}
/** `UPDATE t [USING …] SET … WHERE … [IF EXISTS | IF cond AND …]` */
export interface UpdateStatement extends StatementBase {
  kind: 'update';
  table: TableName;
  using: Using;
  assignments: Assignment[];
  where: Relation[];
  if?: IfClause;
}
/** `DELETE [sel, …] FROM t [USING TIMESTAMP t] WHERE … [IF …]` */
export interface DeleteStatement extends StatementBase {
  kind: 'delete';
  /** Empty: delete the whole row(s). */
  columns: DeleteSelector[];
  table: TableName;
  using: Using;
  where: Relation[];
  if?: IfClause;
}
/** A statement that may appear in a BATCH. */
export type ModificationStatement = InsertStatement | UpdateStatement | DeleteStatement;
/** `BEGIN [UNLOGGED | COUNTER] BATCH [USING TIMESTAMP t] stmt; … APPLY BATCH` */
export interface BatchStatement extends StatementBase {
  kind: 'batch';
  type: 'logged' | 'unlogged' | 'counter';
  using: Using;
  statements: ModificationStatement[];
}
/** `SELECT [JSON] [DISTINCT] (* | selectors) FROM t [WHERE …] [ORDER BY …] [PER PARTITION LIMIT n] [LIMIT n] [ALLOW FILTERING]` */
export interface SelectStatement extends StatementBase {
  kind: 'select';
  json: boolean;
  distinct: boolean;
  /** `'*'` or the selectors in order. */
  selection: '*' | Selector[];
  table: TableName;
  where: Relation[];
  orderBy: Ordering[];
  perPartitionLimit?: Term;
  limit?: Term;
  allowFiltering: boolean;
}

/** Any statement {@link parse} returns. */
export type Statement =
  | CreateKeyspaceStatement
  | DropKeyspaceStatement
  | UseStatement
  | CreateTableStatement
  | AlterTableStatement
  | DropTableStatement
  | RestoreTableStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | BatchStatement
  | SelectStatement;
