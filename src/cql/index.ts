/**
 * @module cql
 * The CQL layer: a lexer and recursive-descent parser for Amazon Keyspaces' CQL producing a
 * typed syntax tree (with bind markers numbered for prepared statements), a printer back to CQL
 * text, and the syntax error (protocol code 0x2000). Imports `common` and `table`.
 */
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
