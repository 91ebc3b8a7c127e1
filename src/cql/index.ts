/**
 * @module cql
 * The CQL layer: a lexer and recursive-descent parser for Amazon Keyspaces' CQL producing a
 * typed syntax tree (with bind markers numbered for prepared statements), a printer back to CQL
 * text, the syntax error (protocol code 0x2000), the executor (`Session`, prepared statements,
 * results) and the virtual system tables. Sits beside `table` (DESIGN.md: "table (schema, CQL,
 * query)"): the store's `execute` runs on a `Session`; the executor uses the store's typed API.
 */
export { Session, PreparedStatement, MAX_BATCH_STATEMENTS } from './executor.js';
export type { ExecuteOptions, ResultSet, ColumnSpec, SchemaChange } from './executor.js';
export { UNSET } from './terms.js';
export type { Params } from './terms.js';
export { SYSTEM_KEYSPACES, systemTable, systemTables } from './system-tables.js';
export type { SystemCatalog, SystemTable } from './system-tables.js';
export { parse, RESERVED_KEYWORDS } from './parser.js';
export { tokenize } from './lexer.js';
export type { Token, TokenType } from './lexer.js';
export { formatStatement, formatTerm, formatIdentifier } from './format.js';
export { CqlSyntaxError } from './errors.js';
export { CQL_ERROR_CODES, ERROR_CODE_BY_NAME, errorCodeOf } from './error-codes.js';
export type { CqlSyntaxErrorDetails } from './errors.js';
export type {
  AlterTableStatement,
  Assignment,
  BatchStatement,
  BindMarker,
  BindMarkerTerm,
  BlobTerm,
  BooleanTerm,
  ColumnDefinition,
  ComparisonOp,
  Condition,
  CreateKeyspaceStatement,
  CreateTableStatement,
  DeleteSelector,
  DeleteStatement,
  DropKeyspaceStatement,
  DropTableStatement,
  FloatTerm,
  FunctionTerm,
  IfClause,
  InsertStatement,
  IntegerTerm,
  ListTerm,
  MapTerm,
  ModificationStatement,
  NullTerm,
  OptionEntry,
  Ordering,
  Relation,
  RestoreTableStatement,
  SelectStatement,
  Selector,
  SelectorExpression,
  SetTerm,
  SortOrder,
  Statement,
  StringTerm,
  TableName,
  Term,
  TupleTerm,
  UpdateStatement,
  UseStatement,
  Using,
  UuidTerm,
} from './ast.js';
