/**
 * @module test/cql/parser.property
 * fast-check: random garbage and random token soups never crash the parser (it returns a tree
 * or throws CqlSyntaxError, nothing else, at a position inside the text); random statements
 * built from small grammar arbitraries print with formatStatement and parse back to the same
 * tree, with bind markers numbered 0..n-1 in order of appearance.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CqlSyntaxError, formatStatement, parse } from '../../src/cql/index.js';
import type {
  Assignment,
  ColumnDefinition,
  ModificationStatement,
  OptionEntry,
  Relation,
  Selector,
  SelectorExpression,
  Statement,
  TableName,
  Term,
  Using,
} from '../../src/cql/index.js';
import type { CqlType } from '../../src/table/index.js';
import { CQL_SCALAR_NAMES } from '../../src/table/index.js';

/** Parses, and reports anything but success or a CqlSyntaxError as a failure. */
function parseOrSyntaxError(text: string): Statement | CqlSyntaxError {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof CqlSyntaxError) return e;
    throw e;
  }
}

function checkParsesOrSyntaxError(text: string): void {
  const r = parseOrSyntaxError(text);
  if (r instanceof CqlSyntaxError) {
    expect(r.offset).toBeGreaterThanOrEqual(0);
    expect(r.offset).toBeLessThanOrEqual(text.length);
    expect(r.line).toBe(text.slice(0, r.offset).split('\n').length);
    expect(r.message.startsWith(`line ${r.line}:${r.column} `)).toBe(true);
  } else {
    // whatever parses also round-trips
    expect(parse(formatStatement(r))).toEqual(r);
  }
}

const VOCABULARY = [
  'SELECT', 'INSERT', 'INTO', 'UPDATE', 'DELETE', 'FROM', 'WHERE', 'AND', 'SET', 'VALUES', 'IF', 'NOT', 'EXISTS',
  'USING', 'TTL', 'TIMESTAMP', 'BEGIN', 'UNLOGGED', 'BATCH', 'APPLY', 'CREATE', 'TABLE', 'KEYSPACE', 'DROP', 'ALTER',
  'ADD', 'WITH', 'PRIMARY', 'KEY', 'STATIC', 'CLUSTERING', 'ORDER', 'BY', 'ASC', 'DESC', 'LIMIT', 'PER', 'PARTITION',
  'ALLOW', 'FILTERING', 'IN', 'CONTAINS', 'token', 'COUNT', 'WRITETIME', 'JSON', 'AS', 'USE', 'RESTORE', 'list', 'map',
  'set', 'frozen', 'int', 'text', 'k', 'v', 'c', 't', 'ks', '"Q"', "'s'", "'it''s'", '1', '-1', '1.5', 'NaN', '-Infinity',
  'true', 'null', '0xab', '123e4567-e89b-12d3-a456-426614174000', '?', ':n', '(', ')', '[', ']', '{', '}', ',', ';', '.',
  '=', '<', '>', '<=', '>=', '!=', '+', '-', '*', ':', '--', '/*', '*/', "'", '"', '$$',
];

describe('parser robustness', () => {
  it('random strings either parse or throw CqlSyntaxError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), checkParsesOrSyntaxError), { numRuns: 2000 });
  });

  it('random token soups either parse or throw CqlSyntaxError', () => {
    const soup = fc
      .array(fc.constantFrom(...VOCABULARY), { maxLength: 25 })
      .chain((tokens) => fc.constantFrom(' ', '', '\n').map((sep) => tokens.join(sep)));
    fc.assert(fc.property(soup, checkParsesOrSyntaxError), { numRuns: 3000 });
  });

  it('token soups behind a valid statement prefix either parse or throw CqlSyntaxError', () => {
    const prefix = fc.constantFrom(
      'SELECT * FROM t WHERE',
      'INSERT INTO t (k, v) VALUES',
      'UPDATE t SET',
      'DELETE FROM t WHERE k = 1',
      'CREATE TABLE t (k int',
      'BEGIN BATCH',
      'SELECT a FROM t WHERE k = 1',
    );
    const soup = fc.tuple(prefix, fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 15 })).map(([p, ts]) => `${p} ${ts.join(' ')}`);
    fc.assert(fc.property(soup, checkParsesOrSyntaxError), { numRuns: 3000 });
  });
});

// ---- grammar arbitraries ----

const bareIdentifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
/** Names that are also keywords or literals somewhere in the grammar: the printer must quote the ambiguous ones. */
const keywordLike = fc.constantFrom('key', 'json', 'distinct', 'exists', 'clustering', 'count', 'ttl', 'writetime', 'token', 'true', 'null', 'nan', 'select', 'from', 'static', 'as', 'values', 'text', 'map', 'contains');
const identifier = fc.oneof(
  { weight: 4, arbitrary: bareIdentifier },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: keywordLike },
);
const tableName: fc.Arbitrary<TableName> = fc.oneof(
  identifier.map((name) => ({ name })),
  fc.tuple(identifier, identifier).map(([keyspace, name]) => ({ keyspace, name })),
);

const digits = fc.stringMatching(/^(0|[1-9][0-9]{0,20})$/);
const integerTerm: fc.Arbitrary<Term> = fc.tuple(fc.boolean(), digits).map(([neg, d]) => ({ kind: 'integer', text: `${neg ? '-' : ''}${d}` }));
const floatTerm: fc.Arbitrary<Term> = fc.oneof(
  fc
    .tuple(fc.boolean(), digits, fc.stringMatching(/^[0-9]{1,4}$/), fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,3}$/), { nil: '' }))
    .map(([neg, i, f, e]) => ({ kind: 'float' as const, text: `${neg ? '-' : ''}${i}.${f}${e}` })),
  fc.constantFrom('NaN', 'Infinity', '-Infinity').map((text) => ({ kind: 'float' as const, text })),
);
const constantTerm: fc.Arbitrary<Term> = fc.oneof(
  fc.string({ maxLength: 8 }).map((value) => ({ kind: 'string' as const, value })),
  integerTerm,
  floatTerm,
  fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
  fc.constant({ kind: 'null' as const }),
  fc.uuid().map((value) => ({ kind: 'uuid' as const, value })),
  fc.uint8Array({ maxLength: 6 }).map((b) => ({ kind: 'blob' as const, hex: Buffer.from(b).toString('hex') })),
);
const marker: fc.Arbitrary<Term> = fc.option(identifier, { nil: undefined }).map((name) => (name === undefined ? { kind: 'bind', index: 0 } : { kind: 'bind', index: 0, name }));

const { term } = fc.letrec<{ term: Term }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    constantTerm,
    marker,
    fc.array(tie('term'), { maxLength: 3 }).map((elements) => ({ kind: 'list' as const, elements })),
    fc.array(tie('term'), { minLength: 1, maxLength: 3 }).map((elements) => ({ kind: 'set' as const, elements })),
    fc.array(fc.record({ key: tie('term'), value: tie('term') }), { maxLength: 2 }).map((entries) => ({ kind: 'map' as const, entries })),
    fc.array(tie('term'), { minLength: 1, maxLength: 3 }).map((elements) => ({ kind: 'tuple' as const, elements })),
    fc.tuple(identifier, fc.array(tie('term'), { maxLength: 2 })).map(([name, args]) => ({ kind: 'function' as const, name, args })),
  ),
}));

const { optionValue } = fc.letrec<{ optionValue: Term }>((tie) => ({
  optionValue: fc.oneof(
    { depthSize: 'small' },
    constantTerm,
    fc.array(fc.record({ key: tie('optionValue'), value: tie('optionValue') }), { maxLength: 2 }).map((entries) => ({ kind: 'map' as const, entries })),
  ),
}));
const options: fc.Arbitrary<OptionEntry[]> = fc.uniqueArray(fc.record({ name: identifier, value: optionValue }), { minLength: 1, maxLength: 3, selector: (o) => o.name });

const scalarType: fc.Arbitrary<CqlType> = fc.constantFrom(...CQL_SCALAR_NAMES).map((kind) => ({ kind }) as CqlType);
const { cqlType } = fc.letrec<{ cqlType: CqlType }>((tie) => ({
  cqlType: fc.oneof(
    { depthSize: 'small' },
    scalarType,
    tie('cqlType').map((element) => ({ kind: 'list' as const, element })),
    tie('cqlType').map((element) => ({ kind: 'set' as const, element })),
    fc.tuple(tie('cqlType'), tie('cqlType')).map(([key, value]) => ({ kind: 'map' as const, key, value })),
    tie('cqlType').map((inner) => ({ kind: 'frozen' as const, inner })),
  ),
}));
const columnDef: fc.Arbitrary<ColumnDefinition> = fc.record({ name: identifier, type: cqlType, static: fc.boolean() });

const op = fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const);
const tupleOrMarker = fc.oneof(fc.array(term, { minLength: 1, maxLength: 3 }).map((elements) => ({ kind: 'tuple' as const, elements })), marker);
const relation: fc.Arbitrary<Relation> = fc.oneof(
  fc.record({ kind: fc.constant('compare' as const), column: identifier, op, value: term }),
  fc.record({ kind: fc.constant('in' as const), column: identifier, values: fc.oneof(fc.array(term, { maxLength: 3 }), marker) }) as fc.Arbitrary<Relation>,
  fc.record({ kind: fc.constant('contains' as const), column: identifier, key: fc.boolean(), value: term }),
  fc.record({ kind: fc.constant('multiCompare' as const), columns: fc.array(identifier, { minLength: 1, maxLength: 3 }), op, value: tupleOrMarker }) as fc.Arbitrary<Relation>,
  fc.record({ kind: fc.constant('multiIn' as const), columns: fc.array(identifier, { minLength: 1, maxLength: 3 }), values: fc.oneof(fc.array(tupleOrMarker, { maxLength: 2 }), marker) }) as fc.Arbitrary<Relation>,
  fc.record({ kind: fc.constant('token' as const), columns: fc.array(identifier, { minLength: 1, maxLength: 2 }), op, value: term }),
);
const where = fc.array(relation, { minLength: 1, maxLength: 3 });
const usingArb = (ttl: boolean): fc.Arbitrary<Using> =>
  fc.record({ ttl: ttl ? fc.oneof(integerTerm, marker) : fc.constant(undefined), timestamp: fc.oneof(integerTerm, marker) }, { requiredKeys: [] }).map((u) => {
    const out: Using = {};
    if (u.ttl !== undefined) out.ttl = u.ttl;
    if (u.timestamp !== undefined) out.timestamp = u.timestamp;
    return out;
  });
const condition = fc.oneof(
  fc.record({ kind: fc.constant('compare' as const), column: identifier, element: term, op, value: term }, { requiredKeys: ['kind', 'column', 'op', 'value'] }),
  fc.record({ kind: fc.constant('in' as const), column: identifier, values: fc.oneof(fc.array(term, { maxLength: 2 }), marker) }) as fc.Arbitrary<{ kind: 'in'; column: string; values: Term[] }>,
);
const ifClause = fc.option(fc.oneof(fc.constant({ kind: 'exists' as const }), fc.array(condition, { minLength: 1, maxLength: 2 }).map((conditions) => ({ kind: 'conditions' as const, conditions }))), { nil: undefined });

const assignment: fc.Arbitrary<Assignment> = fc.oneof(
  fc.record({ kind: fc.constantFrom('set' as const, 'add' as const, 'prepend' as const, 'remove' as const), column: identifier, value: term }),
  fc.record({ kind: fc.constant('setElement' as const), column: identifier, key: term, value: term }),
);

const withIf = <T extends object>(s: T, clause: unknown): T => (clause === undefined ? s : { ...s, if: clause });

const insert = fc
  .tuple(tableName, fc.array(fc.tuple(identifier, term), { minLength: 1, maxLength: 3 }), fc.boolean(), usingArb(true))
  .map(([table, pairs, ifNotExists, using]): ModificationStatement => ({ kind: 'insert', table, columns: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]), ifNotExists, using, bindMarkers: [] }));
const update = fc
  .tuple(tableName, usingArb(true), fc.array(assignment, { minLength: 1, maxLength: 3 }), where, ifClause)
  .map(([table, using, assignments, w, clause]): ModificationStatement => withIf({ kind: 'update', table, using, assignments, where: w, bindMarkers: [] }, clause));
const del = fc
  .tuple(fc.array(fc.record({ column: identifier, element: term }, { requiredKeys: ['column'] }), { maxLength: 2 }), tableName, usingArb(false), where, ifClause)
  .map(([columns, table, using, w, clause]): ModificationStatement => withIf({ kind: 'delete', columns, table, using, where: w, bindMarkers: [] }, clause));

const selectorExpression: fc.Arbitrary<SelectorExpression> = fc.oneof(
  identifier.map((name) => ({ kind: 'column' as const, name })),
  fc.constantFrom('*' as const, '1' as const).map((arg) => ({ kind: 'count' as const, arg })),
  identifier.map((column) => ({ kind: 'writetime' as const, column })),
  identifier.map((column) => ({ kind: 'ttl' as const, column })),
  fc
    .tuple(identifier, fc.array(fc.oneof(identifier.map((name) => ({ kind: 'column' as const, name })), constantTerm.map((value) => ({ kind: 'term' as const, value }))), { maxLength: 2 }))
    .map(([name, args]) => ({ kind: 'function' as const, name, args })),
);
const selector: fc.Arbitrary<Selector> = fc.record({ expression: selectorExpression, alias: identifier }, { requiredKeys: ['expression'] });
const ordering = fc.record({ column: identifier, order: fc.constantFrom('ASC' as const, 'DESC' as const) });
const limit = fc.option(fc.oneof(digits.map((text) => ({ kind: 'integer' as const, text })), marker), { nil: undefined });

const select = fc
  .tuple(fc.boolean(), fc.boolean(), fc.oneof(fc.constant('*' as const), fc.array(selector, { minLength: 1, maxLength: 3 })), tableName, fc.array(relation, { maxLength: 3 }), fc.array(ordering, { maxLength: 2 }), limit, limit, fc.boolean())
  .map(([json, distinct, selection, table, w, orderBy, perPartitionLimit, lim, allowFiltering]): Statement => {
    const s: Statement = { kind: 'select', json, distinct, selection, table, where: w, orderBy, allowFiltering, bindMarkers: [] };
    if (perPartitionLimit !== undefined) s.perPartitionLimit = perPartitionLimit;
    if (lim !== undefined) s.limit = lim;
    return s;
  });

const createTable = fc
  .tuple(fc.boolean(), tableName, fc.array(columnDef, { minLength: 1, maxLength: 4 }), fc.array(identifier, { minLength: 1, maxLength: 2 }), fc.array(identifier, { maxLength: 2 }), fc.array(ordering, { maxLength: 2 }), fc.option(options, { nil: [] }))
  .map(([ifNotExists, table, columns, partitionKey, clusteringKey, clusteringOrder, opts]): Statement => ({ kind: 'createTable', ifNotExists, table, columns, partitionKey, clusteringKey, clusteringOrder, options: opts, bindMarkers: [] }));

const statement: fc.Arbitrary<Statement> = fc.oneof(
  select,
  insert,
  update,
  del,
  fc.tuple(fc.constantFrom('logged' as const, 'unlogged' as const, 'counter' as const), usingArb(false), fc.array(fc.oneof(insert, update, del), { maxLength: 3 })).map(([type, using, statements]): Statement => ({ kind: 'batch', type, using, statements, bindMarkers: [] })),
  createTable,
  fc.tuple(fc.boolean(), identifier, options).map(([ifNotExists, keyspace, opts]): Statement => ({ kind: 'createKeyspace', ifNotExists, keyspace, options: opts, bindMarkers: [] })),
  fc.tuple(fc.boolean(), identifier).map(([ifExists, keyspace]): Statement => ({ kind: 'dropKeyspace', ifExists, keyspace, bindMarkers: [] })),
  identifier.map((keyspace): Statement => ({ kind: 'use', keyspace, bindMarkers: [] })),
  fc.tuple(fc.boolean(), tableName).map(([ifExists, table]): Statement => ({ kind: 'dropTable', ifExists, table, bindMarkers: [] })),
  fc.tuple(tableName, fc.array(columnDef, { minLength: 1, maxLength: 3 })).map(([table, columns]): Statement => ({ kind: 'alterTable', table, action: { kind: 'add', columns }, bindMarkers: [] })),
  fc.tuple(tableName, options).map(([table, opts]): Statement => ({ kind: 'alterTable', table, action: { kind: 'with', options: opts }, bindMarkers: [] })),
  fc.tuple(tableName, tableName, fc.option(options, { nil: [] })).map(([table, source, opts]): Statement => ({ kind: 'restoreTable', table, source, options: opts, bindMarkers: [] })),
);

/** The tree without marker numbering: bindMarkers lists dropped, marker indices zeroed. */
function withoutMarkerNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMarkerNumbers);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'bindMarkers') continue;
    out[k] = k === 'index' && (value as { kind?: unknown }).kind === 'bind' ? 0 : withoutMarkerNumbers(v);
  }
  return out;
}

/** The marker terms of a tree in document order of the printed text equals index order. */
function markerIndices(value: unknown, into: number[] = []): number[] {
  if (Array.isArray(value)) for (const v of value) markerIndices(v, into);
  else if (typeof value === 'object' && value !== null) {
    if ((value as { kind?: unknown }).kind === 'bind') into.push((value as { index: number }).index);
    for (const [k, v] of Object.entries(value)) if (k !== 'bindMarkers') markerIndices(v, into);
  }
  return into;
}

describe('format → parse round trip', () => {
  it('a generated statement prints and parses back to the same tree', () => {
    fc.assert(
      fc.property(statement, (generated) => {
        const text = formatStatement(generated);
        const parsed = parse(text);
        expect(withoutMarkerNumbers(parsed)).toEqual(withoutMarkerNumbers(generated));
        // the printed form is a fixed point
        expect(formatStatement(parsed)).toBe(text);
        expect(parse(formatStatement(parsed))).toEqual(parsed);
        // markers are listed once each, numbered 0..n-1
        const indices = parsed.bindMarkers.map((m) => m.index);
        expect(indices).toEqual(indices.map((_, i) => i));
        expect(new Set(markerIndices(parsed))).toEqual(new Set(indices));
      }),
      { numRuns: 1500 },
    );
  });
});
