/**
 * @module cql/format
 * Prints a `cql/ast` tree back as CQL text that {@link parse} reads to an equal tree
 * (identifiers quoted where needed, strings with `''`, bind markers in their original order).
 * The output is one line, keywords in upper case; it is not the text the statement was parsed
 * from (comments, case and spacing are lost).
 */
import { formatCqlType } from '../table/cql-type.js';
import type {
  Assignment,
  BindMarkerTerm,
  ColumnDefinition,
  Condition,
  IfClause,
  OptionEntry,
  Ordering,
  Relation,
  Selector,
  SelectorExpression,
  Statement,
  TableName,
  Term,
  Using,
} from './ast.js';
import type { parse } from './parser.js';
import { RESERVED_KEYWORDS } from './parser.js';

const BARE = /^[a-z][a-z0-9_]*$/;
/** Words that read as literals or keywords where an identifier may stand (`SELECT json FROM`, `IF exists = 1`, `m CONTAINS key(…)`): always quoted. */
const AMBIGUOUS = new Set(['true', 'false', 'nan', 'infinity', 'null', 'count', 'writetime', 'ttl', 'token', 'key', 'json', 'distinct', 'exists', 'clustering']);

/**
 * Formats an identifier: bare when it reads back unchanged, else double-quoted with `""`.
 * @param name - the identifier as stored (unquoted identifiers are lower case)
 * @returns CQL text for it
 * @example
 * formatIdentifier('k'); // 'k'
 * formatIdentifier('MyCol'); // '"MyCol"'
 */
export function formatIdentifier(name: string): string {
  if (BARE.test(name) && !RESERVED_KEYWORDS.has(name) && !AMBIGUOUS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

function formatFunctionName(name: string): string {
  if (name === 'token') return 'token';
  return formatIdentifier(name);
}

function formatTable(t: TableName): string {
  return t.keyspace === undefined ? formatIdentifier(t.name) : `${formatIdentifier(t.keyspace)}.${formatIdentifier(t.name)}`;
}

function formatMarker(m: BindMarkerTerm): string {
  return m.name === undefined ? '?' : `:${formatIdentifier(m.name)}`;
}

/**
 * Formats a term as CQL text.
 * @param term - a term of the tree
 * @returns CQL text that parses back to an equal term
 * @example
 * formatTerm({ kind: 'string', value: "it's" }); // "'it''s'"
 */
export function formatTerm(term: Term): string {
  switch (term.kind) {
    case 'string':
      return `'${term.value.replace(/'/g, "''")}'`;
    case 'integer':
    case 'float':
      return term.text;
    case 'boolean':
      return term.value ? 'true' : 'false';
    case 'null':
      return 'NULL';
    case 'uuid':
      return term.value;
    case 'blob':
      return `0x${term.hex}`;
    case 'list':
      return `[${term.elements.map(formatTerm).join(', ')}]`;
    case 'set':
      return `{${term.elements.map(formatTerm).join(', ')}}`;
    case 'map':
      return `{${term.entries.map((e) => `${formatTerm(e.key)}: ${formatTerm(e.value)}`).join(', ')}}`;
    case 'tuple':
      return `(${term.elements.map(formatTerm).join(', ')})`;
    case 'function':
      return `${formatFunctionName(term.name)}(${term.args.map(formatTerm).join(', ')})`;
    case 'bind':
      return formatMarker(term);
  }
}

function formatOptions(options: OptionEntry[]): string {
  return options.map((o) => `${formatIdentifier(o.name)} = ${formatTerm(o.value)}`).join(' AND ');
}

function formatUsing(using: Using): string {
  const ttl = using.ttl === undefined ? undefined : `TTL ${formatTerm(using.ttl)}`;
  const ts = using.timestamp === undefined ? undefined : `TIMESTAMP ${formatTerm(using.timestamp)}`;
  if (ttl === undefined && ts === undefined) return '';
  // Keep the markers' order: TIMESTAMP first when its marker came first.
  const tsFirst = using.ttl?.kind === 'bind' && using.timestamp?.kind === 'bind' && using.timestamp.index < using.ttl.index;
  const parts = (tsFirst ? [ts, ttl] : [ttl, ts]).filter((p): p is string => p !== undefined);
  return ` USING ${parts.join(' AND ')}`;
}

function formatColumn(c: ColumnDefinition): string {
  return `${formatIdentifier(c.name)} ${formatCqlType(c.type)}${c.static ? ' STATIC' : ''}`;
}

function formatOrdering(o: Ordering): string {
  return `${formatIdentifier(o.column)} ${o.order}`;
}

function formatInValues(values: Term[] | BindMarkerTerm): string {
  return Array.isArray(values) ? `(${values.map(formatTerm).join(', ')})` : formatMarker(values);
}

function formatRelation(r: Relation): string {
  switch (r.kind) {
    case 'compare':
      return `${formatIdentifier(r.column)} ${r.op} ${formatTerm(r.value)}`;
    case 'in':
      return `${formatIdentifier(r.column)} IN ${formatInValues(r.values)}`;
    case 'contains':
      return `${formatIdentifier(r.column)} CONTAINS ${r.key ? 'KEY ' : ''}${formatTerm(r.value)}`;
    case 'multiCompare':
      return `(${r.columns.map(formatIdentifier).join(', ')}) ${r.op} ${formatTerm(r.value)}`;
    case 'multiIn':
      return `(${r.columns.map(formatIdentifier).join(', ')}) IN ${formatInValues(r.values)}`;
    case 'token':
      return `token(${r.columns.map(formatIdentifier).join(', ')}) ${r.op} ${formatTerm(r.value)}`;
  }
}

function formatWhere(where: Relation[]): string {
  return where.length === 0 ? '' : ` WHERE ${where.map(formatRelation).join(' AND ')}`;
}

function formatCondition(c: Condition): string {
  const lhs = `${formatIdentifier(c.column)}${c.element === undefined ? '' : `[${formatTerm(c.element)}]`}`;
  return c.kind === 'in' ? `${lhs} IN ${formatInValues(c.values)}` : `${lhs} ${c.op} ${formatTerm(c.value)}`;
}

function formatIf(clause: IfClause | undefined): string {
  if (clause === undefined) return '';
  if (clause.kind === 'exists') return ' IF EXISTS';
  return ` IF ${clause.conditions.map(formatCondition).join(' AND ')}`;
}

function formatAssignment(a: Assignment): string {
  const c = formatIdentifier(a.column);
  switch (a.kind) {
    case 'set':
      return `${c} = ${formatTerm(a.value)}`;
    case 'add':
      return `${c} = ${c} + ${formatTerm(a.value)}`;
    case 'remove':
      return `${c} = ${c} - ${formatTerm(a.value)}`;
    case 'prepend':
      return `${c} = ${formatTerm(a.value)} + ${c}`;
    case 'setElement':
      return `${c}[${formatTerm(a.key)}] = ${formatTerm(a.value)}`;
  }
}

function formatSelectorExpression(e: SelectorExpression): string {
  switch (e.kind) {
    case 'column':
      return formatIdentifier(e.name);
    case 'count':
      return `COUNT(${e.arg})`;
    case 'writetime':
      return `WRITETIME(${formatIdentifier(e.column)})`;
    case 'ttl':
      return `TTL(${formatIdentifier(e.column)})`;
    case 'function':
      return `${formatFunctionName(e.name)}(${e.args.map(formatSelectorExpression).join(', ')})`;
    case 'term':
      return formatTerm(e.value);
  }
}

function formatSelector(s: Selector): string {
  const e = formatSelectorExpression(s.expression);
  return s.alias === undefined ? e : `${e} AS ${formatIdentifier(s.alias)}`;
}

/**
 * Prints a statement as CQL text.
 * @param stmt - a tree from {@link parse} (or built by hand in the same shape)
 * @returns one line of CQL without a trailing `;`; `parse(formatStatement(s))` equals `s`
 * @throws {@link TypeError} when a column type in the tree is not a CqlType
 * @example
 * formatStatement(parse("select * from T where k='a'")); // "SELECT * FROM t WHERE k = 'a'"
 */
export function formatStatement(stmt: Statement): string {
  switch (stmt.kind) {
    case 'createKeyspace':
      return `CREATE KEYSPACE ${stmt.ifNotExists ? 'IF NOT EXISTS ' : ''}${formatIdentifier(stmt.keyspace)} WITH ${formatOptions(stmt.options)}`;
    case 'dropKeyspace':
      return `DROP KEYSPACE ${stmt.ifExists ? 'IF EXISTS ' : ''}${formatIdentifier(stmt.keyspace)}`;
    case 'use':
      return `USE ${formatIdentifier(stmt.keyspace)}`;
    case 'createTable': {
      const pk = stmt.partitionKey.map(formatIdentifier).join(', ');
      const key = [`(${pk})`, ...stmt.clusteringKey.map(formatIdentifier)].join(', ');
      const defs = [...stmt.columns.map(formatColumn), `PRIMARY KEY (${key})`].join(', ');
      const withs: string[] = [];
      if (stmt.clusteringOrder.length > 0) withs.push(`CLUSTERING ORDER BY (${stmt.clusteringOrder.map(formatOrdering).join(', ')})`);
      if (stmt.options.length > 0) withs.push(formatOptions(stmt.options));
      return `CREATE TABLE ${stmt.ifNotExists ? 'IF NOT EXISTS ' : ''}${formatTable(stmt.table)} (${defs})${withs.length > 0 ? ` WITH ${withs.join(' AND ')}` : ''}`;
    }
    case 'alterTable':
      return stmt.action.kind === 'add'
        ? `ALTER TABLE ${formatTable(stmt.table)} ADD (${stmt.action.columns.map(formatColumn).join(', ')})`
        : `ALTER TABLE ${formatTable(stmt.table)} WITH ${formatOptions(stmt.action.options)}`;
    case 'dropTable':
      return `DROP TABLE ${stmt.ifExists ? 'IF EXISTS ' : ''}${formatTable(stmt.table)}`;
    case 'restoreTable':
      return `RESTORE TABLE ${formatTable(stmt.table)} FROM TABLE ${formatTable(stmt.source)}${stmt.options.length > 0 ? ` WITH ${formatOptions(stmt.options)}` : ''}`;
    case 'insert':
      return `INSERT INTO ${formatTable(stmt.table)} (${stmt.columns.map(formatIdentifier).join(', ')}) VALUES (${stmt.values.map(formatTerm).join(', ')})${stmt.ifNotExists ? ' IF NOT EXISTS' : ''}${formatUsing(stmt.using)}`;
    case 'update':
      return `UPDATE ${formatTable(stmt.table)}${formatUsing(stmt.using)} SET ${stmt.assignments.map(formatAssignment).join(', ')}${formatWhere(stmt.where)}${formatIf(stmt.if)}`;
    case 'delete': {
      const cols = stmt.columns.map((c) => `${formatIdentifier(c.column)}${c.element === undefined ? '' : `[${formatTerm(c.element)}]`}`);
      return `DELETE ${cols.length > 0 ? `${cols.join(', ')} ` : ''}FROM ${formatTable(stmt.table)}${formatUsing(stmt.using)}${formatWhere(stmt.where)}${formatIf(stmt.if)}`;
    }
    case 'batch': {
      const type = stmt.type === 'logged' ? '' : `${stmt.type.toUpperCase()} `;
      return `BEGIN ${type}BATCH${formatUsing(stmt.using)} ${stmt.statements.map((s) => `${formatStatement(s)}; `).join('')}APPLY BATCH`;
    }
    case 'select': {
      let out = `SELECT ${stmt.json ? 'JSON ' : ''}${stmt.distinct ? 'DISTINCT ' : ''}`;
      out += stmt.selection === '*' ? '*' : stmt.selection.map(formatSelector).join(', ');
      out += ` FROM ${formatTable(stmt.table)}${formatWhere(stmt.where)}`;
      if (stmt.orderBy.length > 0) out += ` ORDER BY ${stmt.orderBy.map(formatOrdering).join(', ')}`;
      if (stmt.perPartitionLimit !== undefined) out += ` PER PARTITION LIMIT ${formatTerm(stmt.perPartitionLimit)}`;
      if (stmt.limit !== undefined) out += ` LIMIT ${formatTerm(stmt.limit)}`;
      if (stmt.allowFiltering) out += ' ALLOW FILTERING';
      return out;
    }
  }
}
