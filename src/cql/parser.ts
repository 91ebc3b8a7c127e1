/**
 * @module cql/parser
 * A recursive-descent parser for the CQL statements of Amazon Keyspaces (Cassandra 3.x
 * `Parser.g`; the subset of `reference/cql.md` §3.2), producing the typed tree of `cql/ast`.
 *
 * Reserved words: the reserved keywords of Cassandra 3.x ({@link RESERVED_KEYWORDS}) are not
 * accepted as unquoted identifiers (quote them: `"select"`); every other keyword (`key`, `ttl`,
 * `writetime`, `count`, `text`, `json`, `static`, `exists`, …) also works as a name, as in
 * Cassandra. Keywords are case-insensitive; unquoted identifiers are lower-cased; quoted
 * identifiers keep their case.
 *
 * What is a syntax error here and an invalid request (0x2200) in Cassandra: an unknown type
 * name (UDTs, `tuple`, `duration` and `vector` are not supported), several or no PRIMARY KEY in
 * CREATE TABLE, INSERT with unequal numbers of columns and values, and an option given twice.
 * The tree cannot represent these, so the parser refuses them.
 */
import type { CqlType } from '../table/cql-type.js';
import { CQL_SCALAR_NAMES } from '../table/cql-type.js';
import type {
  Assignment,
  BatchStatement,
  BindMarker,
  BindMarkerTerm,
  ColumnDefinition,
  ComparisonOp,
  Condition,
  DeleteSelector,
  IfClause,
  ModificationStatement,
  OptionEntry,
  Ordering,
  Relation,
  SelectStatement,
  Selector,
  SelectorExpression,
  Statement,
  TableName,
  Term,
  TupleTerm,
  Using,
} from './ast.js';
import { CqlSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import type { Token } from './lexer.js';

/** Cassandra 3.x reserved keywords: never unquoted identifiers. */
export const RESERVED_KEYWORDS: ReadonlySet<string> = new Set([
  'add', 'allow', 'alter', 'and', 'apply', 'asc', 'authorize', 'batch', 'begin', 'by', 'columnfamily',
  'create', 'delete', 'desc', 'describe', 'drop', 'entries', 'execute', 'from', 'full', 'grant', 'if',
  'in', 'index', 'infinity', 'insert', 'into', 'keyspace', 'limit', 'modify', 'nan', 'norecursive',
  'not', 'null', 'of', 'on', 'or', 'order', 'primary', 'rename', 'replace', 'revoke', 'schema',
  'select', 'set', 'table', 'to', 'token', 'truncate', 'unlogged', 'update', 'use', 'using', 'view',
  'where', 'with',
]);

const SCALARS: ReadonlySet<string> = new Set(CQL_SCALAR_NAMES);
const COMPARISON_OPS: readonly ComparisonOp[] = ['=', '!=', '<', '<=', '>', '>='];

/** A receiver description for the bind markers of a term. */
interface Receiver {
  receiver: string;
  column?: string;
  columns?: string[];
}
const UNKNOWN: Receiver = { receiver: 'unknown' };

/**
 * Parses one CQL statement (a BATCH counts as one). A trailing `;` is allowed; anything else
 * after the statement is an error.
 * @param cql - the statement text
 * @returns its syntax tree, with its bind markers numbered in order of appearance
 * @throws {@link CqlSyntaxError} when the text is not a statement of the supported grammar
 * @throws {@link TypeError} when `cql` is not a string
 * @example
 * const s = parse('SELECT v FROM ks.t WHERE k = ? LIMIT 10');
 * // s.kind === 'select'; s.bindMarkers[0] → { index: 0, receiver: 'k', column: 'k' }
 */
export function parse(cql: string): Statement {
  if (typeof cql !== 'string') throw new TypeError(`cql must be a string, got ${typeof cql}`);
  return new Parser(tokenize(cql)).parseTopLevel();
}

class Parser {
  readonly #tokens: Token[];
  #pos = 0;
  /** What was tried at the current token, for error messages. */
  #expected: string[] = [];
  /** The markers of the statement being parsed (of a batch: of its current statement). */
  #markers: BindMarker[] = [];
  /** Markers seen so far in the whole text: the next marker's index. */
  #markerCount = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  // ---- token helpers ----

  get #tok(): Token {
    return this.#tokens[this.#pos] as Token;
  }

  #peek(k = 1): Token {
    return this.#tokens[Math.min(this.#pos + k, this.#tokens.length - 1)] as Token;
  }

  #advance(): Token {
    const t = this.#tok;
    if (t.type !== 'eof') this.#pos++;
    this.#expected = [];
    return t;
  }

  #expect(what: string): void {
    if (!this.#expected.includes(what)) this.#expected.push(what);
  }

  /** Whether the current token is keyword `kw` (recording it as expected). */
  #isKeyword(kw: string): boolean {
    this.#expect(kw.toUpperCase());
    return this.#tok.type === 'identifier' && this.#tok.value === kw;
  }

  #acceptKeyword(kw: string): boolean {
    if (!this.#isKeyword(kw)) return false;
    this.#advance();
    return true;
  }

  #keyword(kw: string): void {
    if (!this.#acceptKeyword(kw)) this.#fail(true);
  }

  #isSymbol(s: string): boolean {
    this.#expect(`'${s}'`);
    return this.#tok.type === 'symbol' && this.#tok.value === s;
  }

  #acceptSymbol(s: string): boolean {
    if (!this.#isSymbol(s)) return false;
    this.#advance();
    return true;
  }

  #symbol(s: string): void {
    if (!this.#acceptSymbol(s)) this.#fail(true);
  }

  /**
   * Throws a syntax error at the current token. `mismatched` when one thing was required,
   * `no viable alternative` when the parser was choosing among several.
   */
  #fail(single = false, at: Token = this.#tok): never {
    const expected = [...this.#expected];
    const found = at.text;
    const where = `line ${at.line}:${at.column}`;
    const message =
      single && expected.length === 1
        ? `${where} mismatched input '${found}' expecting ${expected[0] as string}`
        : `${where} no viable alternative at input '${found}'${expected.length > 0 ? ` (expected ${expected.join(', ')})` : ''}`;
    throw new CqlSyntaxError(message, { line: at.line, column: at.column, offset: at.offset, expected, found });
  }

  #failWith(message: string, at: Token): never {
    const where = `line ${at.line}:${at.column}`;
    throw new CqlSyntaxError(`${where} ${message}`, {
      line: at.line,
      column: at.column,
      offset: at.offset,
      expected: [],
      found: at.text,
    });
  }

  /** An identifier: unquoted (not reserved, lower-cased) or quoted. */
  #identifier(what = 'identifier'): string {
    const t = this.#tok;
    if (t.type === 'quotedIdentifier' || (t.type === 'identifier' && !RESERVED_KEYWORDS.has(t.value))) {
      this.#advance();
      return t.value;
    }
    this.#expect(what);
    return this.#fail(true);
  }

  #tableName(): TableName {
    const first = this.#identifier('table name');
    if (this.#acceptSymbol('.')) return { keyspace: first, name: this.#identifier('table name') };
    return { name: first };
  }

  // ---- statements ----

  parseTopLevel(): Statement {
    const stmt = this.#statement();
    this.#acceptSymbol(';');
    if (this.#tok.type !== 'eof') {
      this.#expect('<EOF>');
      this.#fail(true);
    }
    return stmt;
  }

  #statement(): Statement {
    this.#markers = [];
    if (this.#isKeyword('select')) return this.#select();
    if (this.#isKeyword('insert')) return this.#insert();
    if (this.#isKeyword('update')) return this.#update();
    if (this.#isKeyword('delete')) return this.#delete();
    if (this.#isKeyword('begin')) return this.#batch();
    if (this.#isKeyword('use')) {
      this.#advance();
      return { kind: 'use', keyspace: this.#identifier('keyspace name'), bindMarkers: [] };
    }
    if (this.#isKeyword('create')) return this.#create();
    if (this.#isKeyword('drop')) return this.#drop();
    if (this.#isKeyword('alter')) return this.#alter();
    if (this.#isKeyword('restore')) return this.#restore();
    return this.#fail();
  }

  #takeMarkers(): BindMarker[] {
    const m = this.#markers;
    this.#markers = [];
    return m;
  }

  #create(): Statement {
    this.#advance();
    if (this.#acceptKeyword('keyspace')) {
      const ifNotExists = this.#ifNotExists();
      const keyspace = this.#identifier('keyspace name');
      this.#keyword('with');
      const options = this.#options();
      return { kind: 'createKeyspace', ifNotExists, keyspace, options, bindMarkers: this.#takeMarkers() };
    }
    if (this.#acceptKeyword('table') || this.#acceptKeyword('columnfamily')) return this.#createTable();
    return this.#fail();
  }

  #ifNotExists(): boolean {
    if (!this.#acceptKeyword('if')) return false;
    this.#keyword('not');
    this.#keyword('exists');
    return true;
  }

  #ifExists(): boolean {
    if (!this.#acceptKeyword('if')) return false;
    this.#keyword('exists');
    return true;
  }

  #createTable(): Statement {
    const ifNotExists = this.#ifNotExists();
    const table = this.#tableName();
    this.#symbol('(');
    const columns: ColumnDefinition[] = [];
    let partitionKey: string[] | undefined;
    let clusteringKey: string[] = [];
    const startTok = this.#tok;
    do {
      if (this.#isKeyword('primary')) {
        const at = this.#tok;
        this.#advance();
        this.#keyword('key');
        if (partitionKey !== undefined) this.#failWith('multiple PRIMARY KEY definitions', at);
        this.#symbol('(');
        if (this.#acceptSymbol('(')) {
          partitionKey = this.#identifierList();
          this.#symbol(')');
        } else {
          partitionKey = [this.#identifier('column name')];
        }
        while (this.#acceptSymbol(',')) clusteringKey.push(this.#identifier('column name'));
        this.#symbol(')');
        continue;
      }
      const name = this.#identifier('column name');
      const type = this.#type();
      let isStatic = false;
      if (this.#acceptKeyword('static')) isStatic = true;
      if (this.#isKeyword('primary')) {
        const at = this.#tok;
        this.#advance();
        this.#keyword('key');
        if (partitionKey !== undefined) this.#failWith('multiple PRIMARY KEY definitions', at);
        partitionKey = [name];
        clusteringKey = [];
      }
      columns.push({ name, type, static: isStatic });
    } while (this.#acceptSymbol(','));
    this.#symbol(')');
    if (partitionKey === undefined) this.#failWith('no PRIMARY KEY specified', startTok);
    const clusteringOrder: Ordering[] = [];
    const options: OptionEntry[] = [];
    if (this.#acceptKeyword('with')) {
      do {
        if (this.#acceptKeyword('clustering')) {
          this.#keyword('order');
          this.#keyword('by');
          this.#symbol('(');
          do {
            const column = this.#identifier('column name');
            clusteringOrder.push({ column, order: this.#sortOrder() ?? this.#fail() });
          } while (this.#acceptSymbol(','));
          this.#symbol(')');
        } else {
          this.#option(options);
        }
      } while (this.#acceptKeyword('and'));
    }
    return {
      kind: 'createTable',
      ifNotExists,
      table,
      columns,
      partitionKey,
      clusteringKey,
      clusteringOrder,
      options,
      bindMarkers: this.#takeMarkers(),
    };
  }

  #sortOrder(): 'ASC' | 'DESC' | undefined {
    if (this.#acceptKeyword('asc')) return 'ASC';
    if (this.#acceptKeyword('desc')) return 'DESC';
    return undefined;
  }

  #identifierList(): string[] {
    const names = [this.#identifier('column name')];
    while (this.#acceptSymbol(',')) names.push(this.#identifier('column name'));
    return names;
  }

  /** `opt = value {AND opt = value}` */
  #options(): OptionEntry[] {
    const options: OptionEntry[] = [];
    do this.#option(options);
    while (this.#acceptKeyword('and'));
    return options;
  }

  #option(into: OptionEntry[]): void {
    const at = this.#tok;
    const name = this.#identifier('option name');
    this.#symbol('=');
    const value = this.#optionValue();
    if (into.some((o) => o.name === name)) this.#failWith(`multiple definitions for property '${name}'`, at);
    into.push({ name, value });
  }

  /** A constant, or a map of option values (no bind markers, no functions). */
  #optionValue(): Term {
    if (this.#isSymbol('{')) {
      this.#advance();
      const entries: { key: Term; value: Term }[] = [];
      if (!this.#acceptSymbol('}')) {
        do {
          const key = this.#optionValue();
          this.#symbol(':');
          entries.push({ key, value: this.#optionValue() });
        } while (this.#acceptSymbol(','));
        this.#symbol('}');
      }
      return { kind: 'map', entries };
    }
    const c = this.#constant();
    if (c !== undefined) return c;
    this.#expect('constant');
    return this.#fail();
  }

  #type(): CqlType {
    const t = this.#tok;
    this.#expect('type');
    if (t.type !== 'identifier') return this.#fail();
    const name = t.value;
    if (SCALARS.has(name)) {
      this.#advance();
      return { kind: name } as CqlType;
    }
    if (name === 'list' || name === 'set' || name === 'frozen') {
      this.#advance();
      this.#symbol('<');
      const inner = this.#type();
      this.#symbol('>');
      return name === 'frozen' ? { kind: 'frozen', inner } : { kind: name, element: inner };
    }
    if (name === 'map') {
      this.#advance();
      this.#symbol('<');
      const key = this.#type();
      this.#symbol(',');
      const value = this.#type();
      this.#symbol('>');
      return { kind: 'map', key, value };
    }
    return this.#fail();
  }

  #drop(): Statement {
    this.#advance();
    if (this.#acceptKeyword('keyspace')) {
      const ifExists = this.#ifExists();
      return { kind: 'dropKeyspace', ifExists, keyspace: this.#identifier('keyspace name'), bindMarkers: [] };
    }
    if (this.#acceptKeyword('table') || this.#acceptKeyword('columnfamily')) {
      const ifExists = this.#ifExists();
      return { kind: 'dropTable', ifExists, table: this.#tableName(), bindMarkers: [] };
    }
    return this.#fail();
  }

  #alter(): Statement {
    this.#advance();
    if (!this.#acceptKeyword('table') && !this.#acceptKeyword('columnfamily')) this.#fail();
    const table = this.#tableName();
    if (this.#acceptKeyword('add')) {
      const columns: ColumnDefinition[] = [];
      const columnDef = (): void => {
        const name = this.#identifier('column name');
        const type = this.#type();
        columns.push({ name, type, static: this.#acceptKeyword('static') });
      };
      if (this.#acceptSymbol('(')) {
        do columnDef();
        while (this.#acceptSymbol(','));
        this.#symbol(')');
      } else {
        columnDef();
      }
      return { kind: 'alterTable', table, action: { kind: 'add', columns }, bindMarkers: [] };
    }
    if (this.#acceptKeyword('with')) {
      return { kind: 'alterTable', table, action: { kind: 'with', options: this.#options() }, bindMarkers: this.#takeMarkers() };
    }
    return this.#fail();
  }

  #restore(): Statement {
    this.#advance();
    this.#keyword('table');
    const table = this.#tableName();
    this.#keyword('from');
    this.#keyword('table');
    const source = this.#tableName();
    const options = this.#acceptKeyword('with') ? this.#options() : [];
    return { kind: 'restoreTable', table, source, options, bindMarkers: [] };
  }

  // ---- DML ----

  #using(into: Using, allowTtl: boolean): void {
    if (!this.#acceptKeyword('using')) return;
    do {
      const at = this.#tok;
      if (allowTtl && this.#acceptKeyword('ttl')) {
        if (into.ttl !== undefined) this.#failWith('duplicate USING TTL', at);
        into.ttl = this.#term({ receiver: '[ttl]' });
      } else if (this.#acceptKeyword('timestamp')) {
        if (into.timestamp !== undefined) this.#failWith('duplicate USING TIMESTAMP', at);
        into.timestamp = this.#term({ receiver: '[timestamp]' });
      } else {
        this.#fail();
      }
    } while (this.#acceptKeyword('and'));
  }

  #insert(): ModificationStatement {
    this.#advance();
    this.#keyword('into');
    const table = this.#tableName();
    this.#symbol('(');
    const columns = this.#identifierList();
    this.#symbol(')');
    this.#keyword('values');
    const open = this.#tok;
    this.#symbol('(');
    const values: Term[] = [];
    do {
      const col = columns[values.length];
      values.push(this.#term(col === undefined ? UNKNOWN : { receiver: col, column: col }));
    } while (this.#acceptSymbol(','));
    this.#symbol(')');
    if (values.length !== columns.length) this.#failWith('unmatched column names/values', open);
    const ifNotExists = this.#ifNotExists();
    const using: Using = {};
    this.#using(using, true);
    return { kind: 'insert', table, columns, values, ifNotExists, using, bindMarkers: this.#markers };
  }

  #update(): ModificationStatement {
    this.#advance();
    const table = this.#tableName();
    const using: Using = {};
    this.#using(using, true);
    this.#keyword('set');
    const assignments: Assignment[] = [];
    do assignments.push(this.#assignment());
    while (this.#acceptSymbol(','));
    const where = this.#where(true);
    const ifClause = this.#ifClause();
    return {
      kind: 'update',
      table,
      using,
      assignments,
      where,
      ...(ifClause === undefined ? {} : { if: ifClause }),
      bindMarkers: this.#markers,
    };
  }

  #assignment(): Assignment {
    const column = this.#identifier('column name');
    if (this.#acceptSymbol('[')) {
      const key = this.#term({ receiver: `key(${column})`, column });
      this.#symbol(']');
      this.#symbol('=');
      const value = this.#term({ receiver: `value(${column})`, column });
      return { kind: 'setElement', column, key, value };
    }
    this.#symbol('=');
    // c = c + term | c = c - term
    const t = this.#tok;
    const next = this.#peek();
    if (
      (t.type === 'identifier' || t.type === 'quotedIdentifier') &&
      t.value === column &&
      !(t.type === 'identifier' && RESERVED_KEYWORDS.has(t.value)) &&
      next.type === 'symbol' &&
      (next.value === '+' || next.value === '-')
    ) {
      this.#advance();
      const op = this.#advance().value;
      const value = this.#term({ receiver: column, column });
      return { kind: op === '+' ? 'add' : 'remove', column, value };
    }
    const value = this.#term({ receiver: column, column });
    if (this.#acceptSymbol('+')) {
      const at = this.#tok;
      const other = this.#identifier('column name');
      if (other !== column) this.#failWith(`only expressions of the form X = <value> + X are supported (found ${other} for ${column})`, at);
      return { kind: 'prepend', column, value };
    }
    return { kind: 'set', column, value };
  }

  #delete(): ModificationStatement {
    this.#advance();
    const columns: DeleteSelector[] = [];
    if (!this.#isKeyword('from')) {
      do {
        const column = this.#identifier('column name');
        if (this.#acceptSymbol('[')) {
          const element = this.#term({ receiver: `key(${column})`, column });
          this.#symbol(']');
          columns.push({ column, element });
        } else {
          columns.push({ column });
        }
      } while (this.#acceptSymbol(','));
    }
    this.#keyword('from');
    const table = this.#tableName();
    const using: Using = {};
    this.#using(using, false);
    const where = this.#where(true);
    const ifClause = this.#ifClause();
    return {
      kind: 'delete',
      columns,
      table,
      using,
      where,
      ...(ifClause === undefined ? {} : { if: ifClause }),
      bindMarkers: this.#markers,
    };
  }

  #ifClause(): IfClause | undefined {
    if (!this.#acceptKeyword('if')) return undefined;
    if (this.#acceptKeyword('exists')) return { kind: 'exists' };
    const conditions: Condition[] = [];
    do {
      const column = this.#identifier('column name');
      let element: Term | undefined;
      if (this.#acceptSymbol('[')) {
        element = this.#term({ receiver: `key(${column})`, column });
        this.#symbol(']');
      }
      const receiver: Receiver = element === undefined ? { receiver: column, column } : { receiver: `value(${column})`, column };
      const el = element === undefined ? {} : { element };
      if (this.#acceptKeyword('in')) {
        conditions.push({ kind: 'in', column, ...el, values: this.#inValues(column, receiver) });
      } else {
        const op = this.#comparisonOp();
        conditions.push({ kind: 'compare', column, ...el, op, value: this.#term(receiver) });
      }
    } while (this.#acceptKeyword('and'));
    return { kind: 'conditions', conditions };
  }

  #inValues(column: string, receiver: Receiver): Term[] | BindMarkerTerm {
    if (this.#isSymbol('?') || this.#isSymbol(':')) {
      return this.#bindMarker({ receiver: `in(${column})`, column });
    }
    this.#symbol('(');
    const values: Term[] = [];
    if (!this.#acceptSymbol(')')) {
      do values.push(this.#term(receiver));
      while (this.#acceptSymbol(','));
      this.#symbol(')');
    }
    return values;
  }

  #comparisonOp(): ComparisonOp {
    for (const op of COMPARISON_OPS) if (this.#acceptSymbol(op)) return op;
    return this.#fail();
  }

  #where(required: boolean): Relation[] {
    if (required) this.#keyword('where');
    else if (!this.#acceptKeyword('where')) return [];
    const relations: Relation[] = [];
    do relations.push(this.#relation());
    while (this.#acceptKeyword('and'));
    return relations;
  }

  #relation(): Relation {
    if (this.#acceptKeyword('token')) {
      this.#symbol('(');
      const columns = this.#identifierList();
      this.#symbol(')');
      const op = this.#comparisonOp();
      const t = this.#tok;
      const next = this.#peek();
      if (t.type === 'identifier' && t.value === 'token' && next.type === 'symbol' && next.value === '(') {
        // token(k1, k2) op token(?, ?): each argument binds to its partition-key column
        this.#advance();
        this.#advance();
        const args: Term[] = [];
        if (!this.#acceptSymbol(')')) {
          do {
            const col = columns[args.length];
            args.push(this.#term(col === undefined ? UNKNOWN : { receiver: col, column: col }));
          } while (this.#acceptSymbol(','));
          this.#symbol(')');
        }
        return { kind: 'token', columns, op, value: { kind: 'function', name: 'token', args } };
      }
      return { kind: 'token', columns, op, value: this.#term({ receiver: 'partition key token' }) };
    }
    if (this.#acceptSymbol('(')) {
      const columns = this.#identifierList();
      this.#symbol(')');
      const label = `(${columns.join(', ')})`;
      if (this.#acceptKeyword('in')) {
        if (this.#isSymbol('?') || this.#isSymbol(':')) {
          return { kind: 'multiIn', columns, values: this.#bindMarker({ receiver: `in(${label})`, columns }) };
        }
        this.#symbol('(');
        const values: Term[] = [];
        if (!this.#acceptSymbol(')')) {
          do values.push(this.#tupleOrMarker(columns, label));
          while (this.#acceptSymbol(','));
          this.#symbol(')');
        }
        return { kind: 'multiIn', columns, values };
      }
      const op = this.#comparisonOp();
      return { kind: 'multiCompare', columns, op, value: this.#tupleOrMarker(columns, label) };
    }
    const column = this.#identifier('column name');
    if (this.#acceptKeyword('in')) return { kind: 'in', column, values: this.#inValues(column, { receiver: column, column }) };
    if (this.#acceptKeyword('contains')) {
      const key = this.#acceptKeyword('key');
      return { kind: 'contains', column, key, value: this.#term({ receiver: `${key ? 'key' : 'value'}(${column})`, column }) };
    }
    const op = this.#comparisonOp();
    return { kind: 'compare', column, op, value: this.#term({ receiver: column, column }) };
  }

  #tupleOrMarker(columns: string[], label: string): TupleTerm | BindMarkerTerm {
    if (this.#isSymbol('?') || this.#isSymbol(':')) return this.#bindMarker({ receiver: label, columns });
    this.#symbol('(');
    const elements: Term[] = [];
    do {
      const col = columns[elements.length];
      elements.push(this.#term(col === undefined ? UNKNOWN : { receiver: col, column: col }));
    } while (this.#acceptSymbol(','));
    this.#symbol(')');
    return { kind: 'tuple', elements };
  }

  #batch(): BatchStatement {
    this.#advance();
    let type: BatchStatement['type'] = 'logged';
    if (this.#acceptKeyword('unlogged')) type = 'unlogged';
    else if (this.#acceptKeyword('counter')) type = 'counter';
    this.#keyword('batch');
    const using: Using = {};
    this.#using(using, false);
    const all: BindMarker[] = [...this.#markers];
    const statements: ModificationStatement[] = [];
    for (;;) {
      if (this.#acceptKeyword('apply')) break;
      this.#markers = [];
      let stmt: ModificationStatement;
      if (this.#isKeyword('insert')) stmt = this.#insert();
      else if (this.#isKeyword('update')) stmt = this.#update();
      else if (this.#isKeyword('delete')) stmt = this.#delete();
      else return this.#fail();
      all.push(...stmt.bindMarkers);
      statements.push(stmt);
      this.#acceptSymbol(';');
    }
    this.#keyword('batch');
    this.#markers = all;
    return { kind: 'batch', type, using, statements, bindMarkers: this.#takeMarkers() };
  }

  // ---- SELECT ----

  #select(): SelectStatement {
    this.#advance();
    const json = this.#acceptKeyword('json');
    const distinct = this.#acceptKeyword('distinct');
    let selection: '*' | Selector[];
    if (this.#acceptSymbol('*')) {
      selection = '*';
    } else {
      selection = [];
      do {
        const expression = this.#selector();
        if (this.#acceptKeyword('as')) selection.push({ expression, alias: this.#identifier('alias') });
        else selection.push({ expression });
      } while (this.#acceptSymbol(','));
    }
    this.#keyword('from');
    const table = this.#tableName();
    const where = this.#where(false);
    const orderBy: Ordering[] = [];
    if (this.#acceptKeyword('order')) {
      this.#keyword('by');
      do {
        const column = this.#identifier('column name');
        orderBy.push({ column, order: this.#sortOrder() ?? 'ASC' });
      } while (this.#acceptSymbol(','));
    }
    const stmt: SelectStatement = {
      kind: 'select',
      json,
      distinct,
      selection,
      table,
      where,
      orderBy,
      allowFiltering: false,
      bindMarkers: [],
    };
    if (this.#acceptKeyword('per')) {
      this.#keyword('partition');
      this.#keyword('limit');
      stmt.perPartitionLimit = this.#limitValue('[per_partition_limit]');
    }
    if (this.#acceptKeyword('limit')) stmt.limit = this.#limitValue('[limit]');
    if (this.#acceptKeyword('allow')) {
      this.#keyword('filtering');
      stmt.allowFiltering = true;
    }
    stmt.bindMarkers = this.#takeMarkers();
    return stmt;
  }

  #limitValue(receiver: string): Term {
    if (this.#isSymbol('?') || this.#isSymbol(':')) return this.#bindMarker({ receiver });
    this.#expect('integer');
    const t = this.#tok;
    if (t.type !== 'integer') return this.#fail();
    this.#advance();
    return { kind: 'integer', text: t.value };
  }

  #selector(): SelectorExpression {
    const t = this.#tok;
    const next = this.#peek();
    const isCall = t.type === 'identifier' && next.type === 'symbol' && next.value === '(';
    // COUNT(*) and COUNT(1) count rows; count(col) is the aggregate function over a column.
    const countArg = isCall && t.value === 'count' ? this.#peek(2) : undefined;
    if (countArg?.type === 'integer' && countArg.value !== '1') {
      this.#advance();
      this.#advance();
      this.#failWith(`Only COUNT(1) is supported, got COUNT(${countArg.value})`, countArg);
    }
    if (countArg && ((countArg.type === 'symbol' && countArg.value === '*') || (countArg.type === 'integer' && countArg.value === '1'))) {
      this.#advance();
      this.#advance();
      const arg: '*' | '1' = this.#acceptSymbol('*') ? '*' : '1';
      if (arg === '1') this.#advance();
      this.#symbol(')');
      return { kind: 'count', arg };
    }
    if (isCall && (t.value === 'writetime' || t.value === 'ttl')) {
      this.#advance();
      this.#advance();
      const column = this.#identifier('column name');
      this.#symbol(')');
      return { kind: t.value, column };
    }
    if (isCall && (t.value === 'token' || !RESERVED_KEYWORDS.has(t.value))) {
      this.#advance();
      this.#advance();
      const args: SelectorExpression[] = [];
      if (!this.#acceptSymbol(')')) {
        do args.push(this.#selectorArgument());
        while (this.#acceptSymbol(','));
        this.#symbol(')');
      }
      return { kind: 'function', name: t.value, args };
    }
    if (t.type === 'quotedIdentifier' && next.type === 'symbol' && next.value === '(') {
      this.#advance();
      this.#advance();
      const args: SelectorExpression[] = [];
      if (!this.#acceptSymbol(')')) {
        do args.push(this.#selectorArgument());
        while (this.#acceptSymbol(','));
        this.#symbol(')');
      }
      return { kind: 'function', name: t.value, args };
    }
    this.#expect("'*'");
    this.#expect('COUNT');
    this.#expect('WRITETIME');
    this.#expect('TTL');
    return { kind: 'column', name: this.#identifier('column name') };
  }

  /** A selector argument: a constant or marker, else a selector. */
  #selectorArgument(): SelectorExpression {
    const c = this.#constant();
    if (c !== undefined) return { kind: 'term', value: c };
    if (this.#isSymbol('?') || this.#isSymbol(':')) return { kind: 'term', value: this.#bindMarker(UNKNOWN) };
    return this.#selector();
  }

  // ---- terms ----

  #bindMarker(receiver: Receiver): BindMarkerTerm {
    const index = this.#markerCount++;
    let name: string | undefined;
    if (this.#acceptSymbol('?')) {
      name = undefined;
    } else {
      this.#symbol(':');
      name = this.#identifier('marker name');
    }
    const marker: BindMarker = { index, receiver: receiver.receiver };
    if (name !== undefined) marker.name = name;
    if (receiver.column !== undefined) marker.column = receiver.column;
    if (receiver.columns !== undefined) marker.columns = receiver.columns;
    this.#markers.push(marker);
    return name === undefined ? { kind: 'bind', index } : { kind: 'bind', index, name };
  }

  /** A literal constant, or undefined when the current token does not start one. */
  #constant(): Term | undefined {
    const t = this.#tok;
    switch (t.type) {
      case 'string':
        this.#advance();
        return { kind: 'string', value: t.value };
      case 'integer':
        this.#advance();
        return { kind: 'integer', text: t.value };
      case 'float':
        this.#advance();
        return { kind: 'float', text: t.value };
      case 'uuid':
        this.#advance();
        return { kind: 'uuid', value: t.value };
      case 'blob':
        this.#advance();
        return { kind: 'blob', hex: t.value };
      case 'identifier':
        if (t.value === 'true' || t.value === 'false') {
          this.#advance();
          return { kind: 'boolean', value: t.value === 'true' };
        }
        if (t.value === 'nan') {
          this.#advance();
          return { kind: 'float', text: 'NaN' };
        }
        if (t.value === 'infinity') {
          this.#advance();
          return { kind: 'float', text: 'Infinity' };
        }
        if (t.value === 'null') {
          this.#advance();
          return { kind: 'null' };
        }
        return undefined;
      case 'symbol': {
        if (t.value !== '-') return undefined;
        const n = this.#peek();
        const adjacent = n.offset === t.offset + 1;
        if (adjacent && (n.type === 'integer' || n.type === 'float')) {
          this.#advance();
          this.#advance();
          return { kind: n.type, text: `-${n.value}` };
        }
        if (adjacent && n.type === 'identifier' && (n.value === 'nan' || n.value === 'infinity')) {
          this.#advance();
          this.#advance();
          return { kind: 'float', text: n.value === 'nan' ? 'NaN' : '-Infinity' };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  #term(receiver: Receiver): Term {
    const c = this.#constant();
    if (c !== undefined) return c;
    this.#expect('constant');
    if (this.#isSymbol('?') || this.#isSymbol(':')) return this.#bindMarker(receiver);
    const elementReceiver = (part: 'key' | 'value'): Receiver =>
      receiver.column === undefined ? UNKNOWN : { receiver: `${part}(${receiver.column})`, column: receiver.column };
    if (this.#acceptSymbol('[')) {
      const elements: Term[] = [];
      if (!this.#acceptSymbol(']')) {
        do elements.push(this.#term(elementReceiver('value')));
        while (this.#acceptSymbol(','));
        this.#symbol(']');
      }
      return { kind: 'list', elements };
    }
    if (this.#acceptSymbol('{')) {
      if (this.#acceptSymbol('}')) return { kind: 'map', entries: [] };
      const first = this.#term(elementReceiver('key'));
      if (this.#acceptSymbol(':')) {
        const entries = [{ key: first, value: this.#term(elementReceiver('value')) }];
        while (this.#acceptSymbol(',')) {
          const key = this.#term(elementReceiver('key'));
          this.#symbol(':');
          entries.push({ key, value: this.#term(elementReceiver('value')) });
        }
        this.#symbol('}');
        return { kind: 'map', entries };
      }
      const elements = [first];
      while (this.#acceptSymbol(',')) elements.push(this.#term(elementReceiver('value')));
      this.#symbol('}');
      return { kind: 'set', elements };
    }
    if (this.#acceptSymbol('(')) {
      const elements: Term[] = [];
      do elements.push(this.#term(UNKNOWN));
      while (this.#acceptSymbol(','));
      this.#symbol(')');
      return { kind: 'tuple', elements };
    }
    const t = this.#tok;
    const next = this.#peek();
    const callable =
      t.type === 'quotedIdentifier' || (t.type === 'identifier' && (t.value === 'token' || !RESERVED_KEYWORDS.has(t.value)));
    if (callable && next.type === 'symbol' && next.value === '(') {
      this.#advance();
      this.#advance();
      const args: Term[] = [];
      if (!this.#acceptSymbol(')')) {
        do args.push(this.#term({ receiver: `${t.value}(arg${args.length})` }));
        while (this.#acceptSymbol(','));
        this.#symbol(')');
      }
      return { kind: 'function', name: t.value, args };
    }
    this.#expect('function call');
    return this.#fail();
  }
}
