/**
 * @module test/cql/execute.model.property
 * Model-based test of the CQL executor (STYLE.md §27): fast-check generates random, valid CQL
 * write statements as TEXT — INSERT [USING TTL / TIMESTAMP], UPDATE … SET … WHERE <key>,
 * DELETE [columns] FROM … WHERE <row | partition | clustering prefix | clustering range>,
 * BEGIN [UNLOGGED] BATCH … APPLY BATCH — with literals (text literals with quotes, `'it''s'`
 * and `$$…$$`) or bind markers (`?` with positional values, `:name` with named values, `?`
 * with values by column name; unset values), executed directly or through `prepare`, on the store
 * or on a session with keyspace `ks`; mixed with clock advances, flushes, compactions and
 * reopens. The same writes go to the plain model of Cassandra's rules shared with the typed-API
 * model test (test/table/_model.ts). After every command, `SELECT * FROM ks.m` (paged with a
 * random fetchSize and reassembled) must equal the model as a set — partition order in a full
 * scan is encoded-key order, not token order, so partitions are compared sorted by pk, and each
 * partition's rows must be contiguous and in clustering order — and probe commands compare
 * `SELECT … WHERE pk = ? [AND c1 …] [ORDER BY …] [LIMIT n]` with the model. Most writes carry
 * an explicit USING TIMESTAMP, so last-write-wins decides between them (see {@link TS_OFFSETS}).
 *
 * Cassandra rules the model adds for CQL: a BATCH gives every statement without its own
 * timestamp one and the same timestamp (the batch's; Cassandra's CQL reference, BATCH: "If a
 * timestamp is not specified for each operation, then all operations will be applied with the
 * same timestamp"), so a tie between statements of one batch goes to the tombstone; a timestamp
 * on the BATCH and on one of its statements is refused ("Timestamp must be set either on BATCH
 * or individual statements"); an INSERT of only the partition key and static columns writes the
 * static row (Cassandra's StaticColumnsTest: `INSERT INTO %s(k, s) VALUES (0, 42)`).
 *
 * A second property sends random strings and token soups through `store.execute`: each either
 * succeeds or fails with SyntaxException, ValidationException, ResourceNotFoundException or
 * ResourceInUseException, and a failed statement changes no data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Params, PreparedStatement, ResultSet, Row, Session, Store } from '../../src/index.js';
import { Model, satisfies, type Op, type Value, type Write } from '../table/_model.js';
import { type Fixture, KS, openStore } from '../table/_store-helpers.js';

const CREATE_TABLE = 'CREATE TABLE ks.m (pk int, c1 int, c2 text, s text static, a int, b text, PRIMARY KEY (pk, c1, c2)) WITH CLUSTERING ORDER BY (c1 ASC, c2 DESC)';
/** The column order of `SELECT *`: partition key, clustering, then static and regular columns by name. */
const STAR_COLUMNS = ['pk', 'c1', 'c2', 's', 'a', 'b'];
/** Tiny thresholds, as in the typed-API model test: background flushes and tiered compactions really happen. */
const ENGINE = { memtableBytes: 700, compactionThreshold: 2, blockSize: 256 };

// ------------------------------------------------------------------------------- statement text

type Col = 'pk' | 'c1' | 'c2' | 's' | 'a' | 'b';
type NonKey = 's' | 'a' | 'b';
type Cell = Value | null;

/** How the values of a statement are given. */
type Binding = 'literal' | 'positional' | 'named' | 'receiver';

/** The surface of a statement: how names, keywords and the table are spelled, and how it runs. */
interface Style {
  binding: Binding;
  /** Bit i set: the i-th value of the statement is a bind marker (when binding is not literal). */
  mask: number;
  /** Keywords in lower case. */
  lower: boolean;
  /** Column names as `pk`, `"pk"` or `PK`. */
  names: 'plain' | 'quoted' | 'upper';
  /** `ks.m`, `"ks"."m"`, `KS.M`, or `m` on a session whose keyspace is `ks`. */
  table: 'ks.m' | 'quoted' | 'upper' | 'session';
  /** Through `prepare`, then `execute` of the prepared statement. */
  prepared: boolean;
  /** Text literals as `'…'` (quotes doubled) or, when possible, `$$…$$`. */
  dollar: boolean;
  /** A `;` after the statement. */
  semicolon: boolean;
}

const kwOf = (style: Style) => (text: string): string => (style.lower ? text.toLowerCase() : text);
const colName = (style: Style, c: string): string => (style.names === 'quoted' ? `"${c}"` : style.names === 'upper' ? c.toUpperCase() : c);
const tableName = (style: Style): string => (style.table === 'quoted' ? '"ks"."m"' : style.table === 'upper' ? 'KS.M' : style.table === 'session' ? 'm' : 'ks.m');

function literal(v: Cell, style: Style): string {
  if (v === null) return style.lower ? 'null' : 'NULL';
  if (typeof v === 'number') return String(v);
  return style.dollar && !v.includes('$') ? `$$${v}$$` : `'${v.replaceAll("'", "''")}'`;
}

/** Builds the value parts of a statement: literals or markers, and the parameters that go with them. */
class Binder {
  readonly positional: unknown[] = [];
  readonly named: Record<string, unknown> = {};
  /** In `receiver` binding, two markers of one column, or a marker of no column: the caller renders again with names. */
  clash = false;
  readonly #style: Style;
  readonly #nowUs: number | undefined;
  readonly #receivers = new Set<string>();
  #values = 0;
  #markers = 0;

  /** @param nowUs - the clock in µs (timestamps are `nowUs + offset`); undefined renders `{now+offset}` for messages */
  constructor(style: Style, nowUs: number | undefined) {
    this.#style = style;
    this.#nowUs = nowUs;
  }

  get params(): Params {
    return this.#style.binding === 'positional' ? this.positional : this.named;
  }

  #bindNext(): boolean {
    const i = this.#values++;
    return this.#style.binding !== 'literal' && ((this.#style.mask >>> i % 30) & 1) === 1;
  }

  #marker(value: unknown, receiver: string): string {
    switch (this.#style.binding) {
      case 'literal':
      case 'positional':
        this.positional.push(value);
        return '?';
      case 'named': {
        const name = `v${this.#markers++}`;
        this.named[name] = value;
        return `:${name}`;
      }
      case 'receiver':
        // by column name (the documented API); a marker that is not a column's ([ttl], [timestamp], [limit]) needs a :name
        if (receiver.startsWith('[') || this.#receivers.has(receiver)) this.clash = true;
        this.#receivers.add(receiver);
        this.named[receiver] = value;
        return '?';
    }
  }

  /** A column value; `undefined` is unset (always a marker). */
  value(v: Cell | undefined, column: string): string {
    if (v !== undefined && !this.#bindNext()) return literal(v, this.#style);
    return this.#marker(v, column);
  }

  /** A write timestamp `offset` µs from the clock. */
  timestamp(offset: number): string {
    const bind = this.#bindNext();
    if (this.#nowUs === undefined) return bind ? this.#marker(`{now${offset >= 0 ? '+' : ''}${offset}}`, '[timestamp]') : `{now${offset >= 0 ? '+' : ''}${offset}}`;
    const ts = this.#nowUs + offset;
    if (!bind) return String(ts);
    return this.#marker(this.#values % 2 === 0 ? BigInt(ts) : ts, '[timestamp]');
  }

  /** A TTL, LIMIT or other int parameter. */
  int(n: number, receiver: string): string {
    return this.#bindNext() ? this.#marker(n, receiver) : String(n);
  }

  /** `IN (…)` on a column: a literal list, a list of markers, or one marker for the whole list. */
  inList(values: number[], column: string): string {
    if (this.#style.binding !== 'literal' && this.#bindNext()) return this.#marker(values, column);
    return `(${values.map((v) => this.value(v, column)).join(', ')})`;
  }
}

/** A write as generated: the model's write without its timestamp, which is an offset from the clock, and the columns bound as unset. */
type WriteSpec = Write extends infer W ? (W extends Write ? Omit<W, 'ts'> & { tsOffset?: number; unset?: NonKey[] } : never) : never;

/** The `USING …` clause of a write. */
function usingClause(b: Binder, style: Style, ttl: number | undefined, tsOffset: number | undefined): string {
  const kw = kwOf(style);
  const ttlFirst = (style.mask & 0x4000_0000) === 0;
  const parts: string[] = [];
  const ttlPart = (): void => void (ttl !== undefined && parts.push(`${kw('TTL')} ${b.int(ttl, '[ttl]')}`));
  const tsPart = (): void => void (tsOffset !== undefined && parts.push(`${kw('TIMESTAMP')} ${b.timestamp(tsOffset)}`));
  if (ttlFirst) {
    ttlPart();
    tsPart();
  } else {
    tsPart();
    ttlPart();
  }
  return parts.length === 0 ? '' : ` ${kw('USING')} ${parts.join(` ${kw('AND')} `)}`;
}

/** Rotates a list by `n` (a cheap way to vary the order of columns and relations). */
const rotate = <T>(xs: T[], n: number): T[] => (xs.length === 0 ? xs : [...xs.slice(n % xs.length), ...xs.slice(0, n % xs.length)]);

/** A relation of a WHERE clause, before its value is rendered. */
type Relation = { column: Col; op: Op | '='; value: Value };

function keyRelations(key: { pk: number; c1?: number; c2?: string }): Relation[] {
  const rel: Relation[] = [{ column: 'pk', op: '=', value: key.pk }];
  if (key.c1 !== undefined) rel.push({ column: 'c1', op: '=', value: key.c1 });
  if (key.c2 !== undefined) rel.push({ column: 'c2', op: '=', value: key.c2 });
  return rel;
}

/** Renders relations in order (values are bound in the order they appear in the text). */
function renderRelations(b: Binder, style: Style, rel: Relation[]): string {
  return rel.map((r) => `${colName(style, r.column)} ${r.op} ${b.value(r.value, r.column)}`).join(` ${kwOf(style)('AND')} `);
}

/** The text of one write statement (values go to `b`). */
function renderWrite(w: WriteSpec, style: Style, b: Binder): string {
  const kw = kwOf(style);
  const table = tableName(style);
  const unset = style.binding === 'literal' ? [] : (w.unset ?? []);
  const rot = style.mask >>> 27;
  if (w.op === 'insert') {
    const entries = [...(Object.entries(w.row) as [Col, Cell][]), ...unset.map((c): [Col, undefined] => [c, undefined])];
    const ordered = rotate(entries, rot);
    const cols = ordered.map(([c]) => colName(style, c)).join(', ');
    const vals = ordered.map(([c, v]) => b.value(v, c)).join(', ');
    return `${kw('INSERT INTO')} ${table} (${cols}) ${kw('VALUES')} (${vals})${usingClause(b, style, w.ttl, w.tsOffset)}`;
  }
  if (w.op === 'update') {
    const using = usingClause(b, style, w.ttl, w.tsOffset);
    const sets = rotate([...(Object.entries(w.set) as [NonKey, Cell][]), ...unset.map((c): [NonKey, undefined] => [c, undefined])], rot);
    const set = sets.map(([c, v]) => `${colName(style, c)} = ${b.value(v, c)}`).join(', ');
    const where = renderRelations(b, style, rotate(keyRelations(w.key), rot));
    return `${kw('UPDATE')} ${table}${using} ${kw('SET')} ${set} ${kw('WHERE')} ${where}`;
  }
  const columns = w.columns ? ` ${w.columns.map((c) => colName(style, c)).join(', ')}` : '';
  const using = w.tsOffset === undefined ? '' : ` ${kw('USING TIMESTAMP')} ${b.timestamp(w.tsOffset)}`;
  const rel = [...keyRelations(w.key), ...(w.where ?? [])];
  return `${kw('DELETE')}${columns} ${kw('FROM')} ${table}${using} ${kw('WHERE')} ${renderRelations(b, style, rotate(rel, rot))}`;
}

/** A statement ready to run: its text and parameters. */
interface Rendered {
  text: string;
  params: Params;
}

/** Renders with `build`; in `receiver` binding, falls back to named markers when two markers share a receiver. */
function render(style: Style, nowUs: number | undefined, build: (b: Binder, style: Style) => string): Rendered {
  let b = new Binder(style, nowUs);
  let text = build(b, style);
  if (b.clash) {
    const named = { ...style, binding: 'named' as const };
    b = new Binder(named, nowUs);
    text = build(b, named);
  }
  if (style.semicolon) text += ';';
  return { text, params: b.params };
}

function describeRendered(r: Rendered, style: Style): string {
  const params = style.binding === 'literal' ? '' : ` ${JSON.stringify(r.params, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v === undefined ? '<unset>' : v))}`;
  return `${style.prepared ? 'prepared ' : ''}${style.table === 'session' ? '[session ks] ' : ''}${r.text}${params}`;
}

// ------------------------------------------------------------------------------------ execution

interface Real {
  f: Fixture;
  /** Prepared statements of the current store, by text (cleared on reopen). */
  prepared: Map<string, PreparedStatement>;
}

function runnerOf(r: Real, style: Style): Store | Session {
  return style.table === 'session' ? r.f.store.session(KS) : r.f.store;
}

async function execute(r: Real, style: Style, q: Rendered, options: { fetchSize?: number; pageState?: string } = {}): Promise<ResultSet> {
  const runner = runnerOf(r, style);
  if (!style.prepared) return runner.execute(q.text, q.params, options);
  const key = `${style.table === 'session' ? 'S' : 'R'} ${q.text}`;
  let stmt = r.prepared.get(key);
  if (!stmt) {
    stmt = await runner.prepare(q.text);
    r.prepared.set(key, stmt);
  }
  return runner.execute(stmt, q.params, options);
}

/** Every row of a query, page by page with `fetchSize` (each page at most that many rows). */
async function executeAll(r: Real, style: Style, q: Rendered, fetchSize: number | undefined): Promise<{ rows: Row[]; columns: string[] }> {
  const rows: Row[] = [];
  let pageState: string | undefined;
  let columns: string[] = [];
  for (let pages = 0; ; pages++) {
    if (pages > 1000) throw new Error(`paging did not end: ${q.text}`);
    const page = await execute(r, style, q, { ...(fetchSize === undefined ? {} : { fetchSize }), ...(pageState === undefined ? {} : { pageState }) });
    expect(page.kind).toBe('rows');
    if (fetchSize !== undefined) expect(page.rows.length, 'a page holds at most fetchSize rows').toBeLessThanOrEqual(fetchSize);
    else expect(page.pageState, 'no paging without a fetchSize').toBeUndefined();
    columns = page.columns.map((c) => c.name);
    rows.push(...page.rows.map((row) => ({ ...row })));
    if (page.pageState === undefined) return { rows, columns };
    pageState = page.pageState;
  }
}

const PLAIN: Style = { binding: 'literal', mask: 0, lower: false, names: 'plain', table: 'ks.m', prepared: false, dollar: false, semicolon: false };

/**
 * The rows of a full scan grouped by partition: each partition's rows must be contiguous (a scan
 * walks partition by partition); partitions come back sorted by pk, rows keep their order.
 */
function byPartition(rows: Row[]): Row[] {
  const groups: Row[][] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last[0]!['pk'] === row['pk']) last.push(row);
    else groups.push([row]);
  }
  const pks = groups.map((g) => g[0]!['pk']);
  expect(new Set(pks).size, `each partition's rows are contiguous in a scan (partitions in scan order: ${pks.join(', ')})`).toBe(pks.length);
  return groups.sort((x, y) => (x[0]!['pk'] as number) - (y[0]!['pk'] as number)).flat();
}

async function checkScan(m: Model, r: Real, fetchSize: number | undefined, what: string): Promise<void> {
  expect(r.f.errors, 'background errors').toEqual([]);
  const { rows, columns } = await executeAll(r, PLAIN, { text: 'SELECT * FROM ks.m', params: [] }, fetchSize);
  expect(columns).toEqual(STAR_COLUMNS);
  expect(byPartition(rows), `SELECT * FROM ks.m (fetchSize ${String(fetchSize)}) after ${what}`).toEqual(m.scan());
}

// ------------------------------------------------------------------------------------- commands

type Cmd = fc.AsyncCommand<Model, Real>;

/** Resolves a generated write against the model's clock; `batchTs` is the timestamp of the batch (for statements without their own). */
function resolve(m: Model, spec: WriteSpec, batchTs: number | undefined): Write {
  const { tsOffset, unset: _unset, ...rest } = spec;
  const ts = tsOffset === undefined ? batchTs : m.now * 1000 + tsOffset;
  return { ...rest, ...(ts === undefined ? {} : { ts }) } as Write;
}

class WriteCommand implements Cmd {
  readonly spec: WriteSpec;
  readonly style: Style;
  readonly fetchSize: number | undefined;
  constructor(spec: WriteSpec, style: Style, fetchSize: number | undefined) {
    this.spec = spec;
    this.style = style;
    this.fetchSize = fetchSize;
  }
  check(): boolean {
    return true;
  }
  #render(nowUs: number | undefined): Rendered {
    return render(this.style, nowUs, (b, style) => renderWrite(this.spec, style, b));
  }
  async run(m: Model, r: Real): Promise<void> {
    const q = this.#render(m.now * 1000);
    const result = await execute(r, this.style, q);
    expect(result.kind, q.text).toBe('void');
    m.apply(resolve(m, this.spec, undefined));
    await checkScan(m, r, this.fetchSize, this.toString());
  }
  toString(): string {
    return describeRendered(this.#render(undefined), this.style);
  }
}

class BatchCommand implements Cmd {
  readonly specs: WriteSpec[];
  readonly style: Style;
  readonly batchTsOffset: number | undefined;
  readonly unlogged: boolean;
  readonly fetchSize: number | undefined;
  constructor(specs: WriteSpec[], style: Style, batchTsOffset: number | undefined, unlogged: boolean, fetchSize: number | undefined) {
    this.specs = specs;
    this.style = style;
    this.batchTsOffset = batchTsOffset;
    this.unlogged = unlogged;
    this.fetchSize = fetchSize;
  }
  check(): boolean {
    return true;
  }
  #render(nowUs: number | undefined): Rendered {
    return render(this.style, nowUs, (b, style) => {
      const kw = kwOf(style);
      const using = this.batchTsOffset === undefined ? '' : ` ${kw('USING TIMESTAMP')} ${b.timestamp(this.batchTsOffset)}`;
      const body = this.specs.map((s) => renderWrite(s, style, b)).join('; ');
      return `${kw(this.unlogged ? 'BEGIN UNLOGGED BATCH' : 'BEGIN BATCH')}${using} ${body}; ${kw('APPLY BATCH')}`;
    });
  }
  async run(m: Model, r: Real): Promise<void> {
    const q = this.#render(m.now * 1000);
    if (this.batchTsOffset !== undefined && this.specs.some((s) => s.tsOffset !== undefined)) {
      // Cassandra: "Timestamp must be set either on BATCH or individual statements"
      const error = await execute(r, this.style, q).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.name, `a timestamp on the batch and on a statement is refused: ${q.text}`).toBe('ValidationException');
    } else {
      const result = await execute(r, this.style, q);
      expect(result.kind, q.text).toBe('void');
      let batchTs: number | undefined;
      if (this.batchTsOffset !== undefined) batchTs = m.now * 1000 + this.batchTsOffset;
      else if (this.specs.some((s) => s.tsOffset === undefined)) {
        // one default timestamp for the whole batch
        m.lastAuto = Math.max(m.now * 1000, m.lastAuto + 1);
        batchTs = m.lastAuto;
      }
      for (const s of this.specs) m.apply(resolve(m, s, batchTs));
    }
    await checkScan(m, r, this.fetchSize, this.toString());
  }
  toString(): string {
    return describeRendered(this.#render(undefined), this.style);
  }
}

class FlushCommand implements Cmd {
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    await r.f.store.flush(KS, 'm');
    await checkScan(m, r, 2, 'flush');
  }
  toString(): string {
    return 'store.flush';
  }
}

class CompactCommand implements Cmd {
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    await r.f.store.compact(KS, 'm');
    await checkScan(m, r, 3, 'compact');
  }
  toString(): string {
    return 'store.compact';
  }
}

class ReopenCommand implements Cmd {
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    await r.f.reopen();
    r.prepared.clear();
    await checkScan(m, r, undefined, 'reopen');
  }
  toString(): string {
    return 'reopen';
  }
}

class AdvanceCommand implements Cmd {
  readonly ms: number;
  constructor(ms: number) {
    this.ms = ms;
  }
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    await r.f.clock.advance(this.ms);
    m.now += this.ms;
    await checkScan(m, r, 4, this.toString());
  }
  toString(): string {
    return `clock.advance(${this.ms})`;
  }
}

/** `SELECT * FROM ks.m LIMIT n` is the first n rows of the full scan (in the scan's own partition order). */
class ScanLimitCommand implements Cmd {
  readonly limit: number;
  readonly fetchSize: number | undefined;
  constructor(limit: number, fetchSize: number | undefined) {
    this.limit = limit;
    this.fetchSize = fetchSize;
  }
  check(): boolean {
    return true;
  }
  async run(_m: Model, r: Real): Promise<void> {
    const all = await executeAll(r, PLAIN, { text: 'SELECT * FROM ks.m', params: [] }, undefined);
    const limited = await executeAll(r, PLAIN, { text: `SELECT * FROM ks.m LIMIT ${this.limit}`, params: [] }, this.fetchSize);
    expect(limited.rows, this.toString()).toEqual(all.rows.slice(0, this.limit));
  }
  toString(): string {
    return `SELECT * FROM ks.m LIMIT ${this.limit} (fetchSize ${String(this.fetchSize)})`;
  }
}

/** A single-partition SELECT. */
interface Probe {
  pk: number;
  /** c1 = value, or c1 IN (values). */
  c1?: { eq: number } | { in: number[] };
  /** c2 = value (after c1 =). */
  c2?: string;
  /** Range restrictions on the column after the equalities (c1, or c2 after c1 = / IN). */
  range?: { op: Op; value: Value }[];
  order?: 'c1 ASC' | 'c1 ASC, c2 DESC' | 'c1 DESC' | 'c1 DESC, c2 ASC';
  limit?: number;
  /** Selected columns with their aliases; undefined is `*`. */
  columns?: { name: Col; alias?: string }[];
  fetchSize?: number;
}

class ProbeCommand implements Cmd {
  readonly p: Probe;
  readonly style: Style;
  constructor(p: Probe, style: Style) {
    this.p = p;
    this.style = style;
  }
  check(): boolean {
    return true;
  }
  #render(): Rendered {
    const p = this.p;
    return render(this.style, undefined, (b, style) => {
      const kw = kwOf(style);
      const selectors = p.columns ? p.columns.map((c) => `${colName(style, c.name)}${c.alias ? ` ${kw('AS')} ${c.alias}` : ''}`).join(', ') : '*';
      const rel = [`${colName(style, 'pk')} = ${b.value(p.pk, 'pk')}`];
      if (p.c1 && 'eq' in p.c1) rel.push(`${colName(style, 'c1')} = ${b.value(p.c1.eq, 'c1')}`);
      if (p.c1 && 'in' in p.c1) rel.push(`${colName(style, 'c1')} ${kw('IN')} ${b.inList(p.c1.in, 'c1')}`);
      if (p.c2 !== undefined) rel.push(`${colName(style, 'c2')} = ${b.value(p.c2, 'c2')}`);
      const rangeColumn = p.c1 ? 'c2' : 'c1';
      for (const r of p.range ?? []) rel.push(`${colName(style, rangeColumn)} ${r.op} ${b.value(r.value, rangeColumn)}`);
      const order = p.order ? ` ${kw('ORDER BY')} ${p.order.replace(/c[12]/g, (c) => colName(style, c)).replace(/ASC|DESC/g, (d) => kw(d))}` : '';
      const limit = p.limit === undefined ? '' : ` ${kw('LIMIT')} ${b.int(p.limit, '[limit]')}`;
      return `${kw('SELECT')} ${selectors} ${kw('FROM')} ${tableName(style)} ${kw('WHERE')} ${rel.join(` ${kw('AND')} `)}${order}${limit}`;
    });
  }
  expected(m: Model): Row[] {
    const p = this.p;
    const restricted = p.c1 !== undefined || (p.range?.length ?? 0) > 0;
    const rangeColumn = p.c1 ? 'c2' : 'c1';
    let rows = m.rowsOf(p.pk, !restricted).filter((row) => {
      if (row['c1'] === null) return true; // the static-only row, only when unrestricted
      if (p.c1 && 'eq' in p.c1 && row['c1'] !== p.c1.eq) return false;
      if (p.c1 && 'in' in p.c1 && !p.c1.in.includes(row['c1'] as number)) return false;
      if (p.c2 !== undefined && row['c2'] !== p.c2) return false;
      return (p.range ?? []).every((r) => satisfies(row[rangeColumn] as Value, r));
    });
    if (p.order?.startsWith('c1 DESC')) rows.reverse();
    if (p.limit !== undefined) rows = rows.slice(0, p.limit);
    if (!p.columns) return rows;
    return rows.map((row) => Object.fromEntries(p.columns!.map((c) => [outputName(c.alias, c.name), row[c.name]!])));
  }
  async run(m: Model, r: Real): Promise<void> {
    const q = this.#render();
    const { rows, columns } = await executeAll(r, this.style, q, this.p.fetchSize);
    expect(columns, q.text).toEqual(this.p.columns ? this.p.columns.map((c) => outputName(c.alias, c.name)) : STAR_COLUMNS);
    expect(rows, this.toString()).toEqual(this.expected(m));
  }
  toString(): string {
    return `${describeRendered(this.#render(), this.style)} (fetchSize ${String(this.p.fetchSize)})`;
  }
}

// ----------------------------------------------------------------------------------- arbitraries

const pkArb = fc.integer({ min: -1, max: 2 });
const c1Arb = fc.integer({ min: -1, max: 3 });
const c2Arb = fc.constantFrom('', 'a', "a'", 'b');
const aArb = fc.option(fc.integer({ min: -3, max: 3 }), { nil: null, freq: 5 });
const bArb = fc.option(fc.constantFrom('', 'x', "it's", "''", 'y'), { nil: null, freq: 5 });
const sArb = fc.option(fc.constantFrom('s1', "o'k", ''), { nil: null, freq: 5 });
/** Present (a value or null) or absent. */
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });
/** `arb` in about one case out of `n`, else undefined. */
const oneIn = <T>(n: number, arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const ttlArb = oneIn(4, fc.constantFrom(0, 1, 30, 60, 90));
/**
 * Explicit timestamps on most writes: µs offsets from the clock that collide with each other (a
 * tie goes to the tombstone, then the greater value) and land before or after the default
 * timestamps, but never on one. Default timestamps are `clock µs + k` with k below the number of
 * writes made in that millisecond (< 200 here), and how many of them a request with explicit
 * timestamps uses up is an implementation choice that Cassandra does not fix (its coordinator
 * takes one per request); ties between default and explicit timestamps are covered by the
 * typed-API model test.
 */
const TS_OFFSETS = [-1500, -500, 500, 501, 1500];
const tsArb = fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.constantFrom(...TS_OFFSETS) });
const opArb = fc.constantFrom<Op>('>', '>=', '<', '<=');
const lowerArb = fc.constantFrom<Op>('>', '>=');
const upperArb = fc.constantFrom<Op>('<', '<=');
/** Some of the non-key columns a statement does not write, bound as unset when the statement has markers. */
const unsetArb = (used: readonly string[]): fc.Arbitrary<NonKey[]> => {
  const free = (['s', 'a', 'b'] as NonKey[]).filter((c) => !used.includes(c));
  return fc.subarray(free, { maxLength: Math.min(2, free.length) });
};

function restrictionsOf(values: fc.Arbitrary<Value>): fc.Arbitrary<{ op: Op; value: Value }[]> {
  return fc.oneof(
    fc.tuple(opArb, values).map(([op, value]) => [{ op, value }]),
    fc.tuple(lowerArb, values, upperArb, values).map(([lo, lv, hi, hv]) => [
      { op: lo, value: lv },
      { op: hi, value: hv },
    ]),
  );
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  binding: fc.constantFrom<Binding>('literal', 'literal', 'literal', 'positional', 'named', 'receiver'),
  mask: fc.integer({ min: 0, max: 0x7fff_ffff }),
  lower: fc.boolean(),
  names: fc.constantFrom<Style['names']>('plain', 'plain', 'quoted', 'upper'),
  table: fc.constantFrom<Style['table']>('ks.m', 'ks.m', 'quoted', 'upper', 'session'),
  prepared: fc.boolean(),
  dollar: fc.boolean(),
  semicolon: fc.boolean(),
});

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const insertArb: fc.Arbitrary<WriteSpec> = fc
  .oneof(
    { weight: 5, arbitrary: fc.record({ pk: pkArb, c1: c1Arb, c2: c2Arb, s: maybe(sArb), a: maybe(aArb), b: maybe(bArb) }) },
    { weight: 1, arbitrary: fc.record({ pk: pkArb, s: sArb }) },
  )
  .chain((row) => fc.record({ unset: 'c1' in row ? unsetArb(Object.keys(clean(row))) : fc.constant<NonKey[]>([]), ttl: ttlArb, tsOffset: tsArb }).map(({ unset, ttl, tsOffset }) => ({ row: clean(row), unset, ttl, tsOffset })))
  .map(({ row, unset, ttl, tsOffset }) => clean({ op: 'insert' as const, row: row as Extract<Write, { op: 'insert' }>['row'], unset, ttl, tsOffset }));

const updateArb: fc.Arbitrary<WriteSpec> = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc
        .record({ pk: pkArb, c1: c1Arb, c2: c2Arb, s: maybe(sArb), a: maybe(aArb), b: maybe(bArb) })
        .filter((x) => x.s !== undefined || x.a !== undefined || x.b !== undefined)
        .map(({ pk, c1, c2, ...set }) => ({ key: { pk, c1, c2 }, set: clean(set), staticOnly: false })),
    },
    { weight: 1, arbitrary: fc.record({ pk: pkArb, s: sArb }).map(({ pk, s }) => ({ key: { pk }, set: { s }, staticOnly: true })) },
  )
  .chain(({ key, set, staticOnly }) =>
    fc
      .record({ unset: staticOnly ? fc.constant<NonKey[]>([]) : unsetArb(Object.keys(set)), ttl: ttlArb, tsOffset: tsArb })
      .map(({ unset, ttl, tsOffset }) => clean({ op: 'update' as const, key, set: set as Partial<Record<NonKey, Cell>>, unset, ttl, tsOffset })),
  );

const deleteArb: fc.Arbitrary<WriteSpec> = fc.oneof(
  // cells of a row (and maybe the static column)
  fc
    .record({ pk: pkArb, c1: c1Arb, c2: c2Arb, columns: fc.subarray(['s', 'a', 'b'] as NonKey[], { minLength: 1 }), tsOffset: tsArb })
    .map(({ pk, c1, c2, columns, tsOffset }) => clean({ op: 'delete' as const, key: { pk, c1, c2 }, columns, tsOffset })),
  // the static column
  fc.record({ pk: pkArb, tsOffset: tsArb }).map(({ pk, tsOffset }) => clean({ op: 'delete' as const, key: { pk }, columns: ['s' as const], tsOffset })),
  // a row
  fc.record({ pk: pkArb, c1: c1Arb, c2: c2Arb, tsOffset: tsArb }).map(({ pk, c1, c2, tsOffset }) => clean({ op: 'delete' as const, key: { pk, c1, c2 }, tsOffset })),
  // a range on c1
  fc
    .record({ pk: pkArb, where: restrictionsOf(c1Arb), tsOffset: tsArb })
    .map(({ pk, where, tsOffset }) => clean({ op: 'delete' as const, key: { pk }, where: where.map((r) => ({ column: 'c1' as const, ...r })), tsOffset })),
  // a clustering prefix
  fc.record({ pk: pkArb, c1: c1Arb, tsOffset: tsArb }).map(({ pk, c1, tsOffset }) => clean({ op: 'delete' as const, key: { pk, c1 }, tsOffset })),
  // a prefix and a range on c2 (DESC)
  fc
    .record({ pk: pkArb, c1: c1Arb, where: restrictionsOf(c2Arb), tsOffset: tsArb })
    .map(({ pk, c1, where, tsOffset }) => clean({ op: 'delete' as const, key: { pk, c1 }, where: where.map((r) => ({ column: 'c2' as const, ...r })), tsOffset })),
);

/** A delete of a partition (rarer: it wipes a quarter of the data). */
const partitionDeleteArb: fc.Arbitrary<WriteSpec> = fc.record({ pk: pkArb, tsOffset: tsArb }).map(({ pk, tsOffset }) => clean({ op: 'delete' as const, key: { pk }, tsOffset }));

const writeArb = fc.oneof({ weight: 6, arbitrary: insertArb }, { weight: 3, arbitrary: updateArb }, { weight: 3, arbitrary: deleteArb }, { weight: 1, arbitrary: partitionDeleteArb });

const fetchSizeArb = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined });

const batchArb = fc
  .record({
    specs: fc.array(writeArb, { minLength: 2, maxLength: 4 }),
    style: styleArb,
    batchTs: oneIn(3, fc.constantFrom(-500, 500, 1500)),
    conflicting: oneIn(4, fc.constant(true)),
    unlogged: fc.boolean(),
    fetchSize: fetchSizeArb,
  })
  .map(({ specs, style, batchTs, conflicting, unlogged, fetchSize }) => {
    // mostly valid: with a batch timestamp, the statements usually have none of their own
    const stripped = batchTs !== undefined && !conflicting ? specs.map(({ tsOffset: _t, ...s }) => s as WriteSpec) : specs;
    return new BatchCommand(stripped, style, batchTs, unlogged, fetchSize);
  });

const probeArb: fc.Arbitrary<Probe> = fc
  .record({
    pk: pkArb,
    c1: fc.option(fc.oneof(c1Arb.map((eq) => ({ eq })), fc.uniqueArray(c1Arb, { minLength: 1, maxLength: 3 }).map((xs) => ({ in: xs }))), { nil: undefined, freq: 2 }),
    c2: fc.option(c2Arb, { nil: undefined, freq: 3 }),
    range: fc.option(fc.constant(true), { nil: undefined }),
    c1Range: restrictionsOf(c1Arb),
    c2Range: restrictionsOf(c2Arb),
    order: fc.option(fc.constantFrom<NonNullable<Probe['order']>>('c1 ASC', 'c1 ASC, c2 DESC', 'c1 DESC', 'c1 DESC, c2 ASC'), { nil: undefined }),
    limit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    columns: fc.option(
      fc
        .shuffledSubarray(['pk', 'c1', 'c2', 's', 'a', 'b'] as Col[], { minLength: 1 })
        .filter((cs) => cs.some((c) => c !== 's'))
        .chain((cs) => fc.tuple(...cs.map((name) => fc.option(fc.constantFrom(`x_${name}`, `"Out ${name}"`), { nil: undefined, freq: 3 }).map((alias) => ({ name, alias })))))
        .map((cs) => cs.map(({ name, alias }) => (alias === undefined ? { name } : { name, alias }))),
      { nil: undefined },
    ),
    fetchSize: fetchSizeArb,
  })
  .map(({ pk, c1, c2, range, c1Range, c2Range, order, limit, columns, fetchSize }) => {
    const eqC1 = c1 !== undefined && 'eq' in c1;
    const withC2 = eqC1 && c2 !== undefined;
    return clean({
      pk,
      c1,
      c2: withC2 ? c2 : undefined,
      range: range && !withC2 ? (c1 ? c2Range : c1Range) : undefined,
      order,
      limit,
      columns,
      fetchSize,
    }) as Probe;
  });

/** A quoted alias names the column as written inside the quotes. */
function outputName(alias: string | undefined, name: string): string {
  return alias === undefined ? name : alias.startsWith('"') ? alias.slice(1, -1) : alias;
}

const commandsArb = fc.commands<Model, Real, false>(
  [
    fc.tuple(writeArb, styleArb, fetchSizeArb).map(([w, style, fetchSize]) => new WriteCommand(w, style, fetchSize)),
    fc.tuple(writeArb, styleArb, fetchSizeArb).map(([w, style, fetchSize]) => new WriteCommand(w, style, fetchSize)),
    batchArb,
    fc.constant(new FlushCommand()),
    fc.constant(new CompactCommand()),
    fc.constant(new ReopenCommand()),
    fc.oneof(fc.integer({ min: 0, max: 120_000 }), fc.constantFrom(1, 999, 1000, 29_999, 30_000, 60_000)).map((ms) => new AdvanceCommand(ms)),
    fc.tuple(probeArb, styleArb).map(([p, style]) => new ProbeCommand(p, style)),
    fc.tuple(probeArb, styleArb).map(([p, style]) => new ProbeCommand(p, style)),
    fc.tuple(fc.integer({ min: 1, max: 8 }), fetchSizeArb).map(([limit, fetchSize]) => new ScanLimitCommand(limit, fetchSize)),
  ],
  { maxCommands: 40, size: 'max' },
);

const LITERAL: Style = PLAIN;
const BOUND: Style = { ...PLAIN, binding: 'positional', mask: 0x7fff_ffff, prepared: true };

/**
 * Counterexamples, run first on every run:
 * 1. an INSERT of the partition key and a static column only writes the static row (Cassandra
 *    accepts it: StaticColumnsTest `INSERT INTO %s(k, s) VALUES (0, 42)`);
 * 2. the statements of a BATCH without timestamps share one: a partition delete and an insert
 *    into it tie, and the tombstone wins (the row stays deleted);
 * 3. a timestamp on the BATCH and on one of its statements is refused with a
 *    ValidationException, and nothing is written.
 */
const REGRESSIONS: Cmd[][] = [
  [new WriteCommand({ op: 'insert', row: { pk: 0, s: "it's" } }, LITERAL, undefined)],
  [
    new BatchCommand(
      [
        { op: 'delete', key: { pk: 0 } },
        { op: 'insert', row: { pk: 0, c1: 0, c2: '' } },
      ],
      BOUND,
      undefined,
      false,
      undefined,
    ),
  ],
  [
    new BatchCommand(
      [
        { op: 'insert', row: { pk: 0, c1: 0, c2: 'a', b: "it's" }, tsOffset: 500 },
        { op: 'insert', row: { pk: 1, c1: 0, c2: 'a' } },
      ],
      LITERAL,
      -500,
      true,
      undefined,
    ),
  ],
];

describe('CQL executor model', () => {
  it('random valid statements round-trip through parse → execute → SELECT against the model of the engine', async () => {
    await fc.assert(
      fc.asyncProperty(commandsArb, async (cmds) => {
        const f = await openStore({ engine: ENGINE });
        try {
          await f.store.execute(CREATE_TABLE);
          await fc.asyncModelRun(() => ({ model: new Model(), real: { f, prepared: new Map<string, PreparedStatement>() } }), cmds);
        } finally {
          await f.dispose();
        }
      }),
      { numRuns: 30, examples: REGRESSIONS.map((cmds): [Iterable<Cmd>] => [cmds]) },
    );
  });
});

// ------------------------------------------------------------------------- garbage through execute

/** The errors a statement may fail with (anything else is a crash). */
const STATEMENT_ERRORS = ['SyntaxException', 'ValidationException', 'ResourceNotFoundException', 'ResourceInUseException'];

const VOCABULARY = [
  'SELECT', 'INSERT', 'INTO', 'UPDATE', 'DELETE', 'FROM', 'WHERE', 'AND', 'SET', 'VALUES', 'IF', 'NOT', 'EXISTS', 'USING', 'TTL',
  'TIMESTAMP', 'BEGIN', 'UNLOGGED', 'COUNTER', 'BATCH', 'APPLY', 'CREATE', 'TABLE', 'KEYSPACE', 'DROP', 'ALTER', 'ADD', 'WITH', 'PRIMARY',
  'KEY', 'STATIC', 'CLUSTERING', 'ORDER', 'BY', 'ASC', 'DESC', 'LIMIT', 'PER', 'PARTITION', 'ALLOW', 'FILTERING', 'IN', 'CONTAINS',
  'DISTINCT', 'token', 'COUNT', 'WRITETIME', 'TTL', 'JSON', 'AS', 'USE', 'TRUNCATE', 'RESTORE', 'list', 'map', 'set', 'frozen', 'int',
  'text', 'ks', 'm', 'ks.m', 'system.local', 'system_schema.tables', 'pk', 'c1', 'c2', 's', 'a', 'b', '"pk"', "'s'", "'it''s'", '$$x$$',
  '1', '-1', '0', '2147483648', '1.5', 'NaN', 'true', 'null', '0xab', '123e4567-e89b-12d3-a456-426614174000', '?', ':n', '(', ')', '[',
  ']', '{', '}', ',', ';', '.', '=', '<', '>', '<=', '>=', '!=', '+', '-', '*', ':', '--', '/*', '*/', "'", '"', '$$',
];

/** Valid beginnings on the table, so that soups reach the executor's checks, not only the parser's. */
const PREFIXES = [
  'SELECT * FROM ks.m WHERE',
  'SELECT * FROM ks.m WHERE pk = 0',
  'INSERT INTO ks.m (pk, c1, c2, a) VALUES',
  'UPDATE ks.m SET',
  'UPDATE ks.m SET a = 1 WHERE',
  'DELETE FROM ks.m WHERE',
  'DELETE a FROM ks.m WHERE pk = 0',
  'BEGIN BATCH',
  'BEGIN BATCH INSERT INTO ks.m (pk, c1, c2) VALUES (0, 0, \'\');',
  'ALTER TABLE ks.m',
];

/** Statements that parse (mostly) but put random columns, operators and values together: they reach the executor's checks. */
const columnArb = fc.constantFrom('pk', 'c1', 'c2', 's', 'a', 'b', 'zz', '"PK"', 'token(pk)', '(c1, c2)');
const valueArb = fc.constantFrom('0', '-1', "'x'", "'it''s'", '?', ':n', 'null', '(0, 1)', "(0, 'a')", '[1]', '{1}', '1.5', 'true', '0xab', '2147483648', 'now()');
const relationArb = fc.tuple(columnArb, fc.constantFrom('=', '<', '>=', 'IN', 'CONTAINS', '!=', '>'), valueArb).map((r) => r.join(' '));
const whereArb = fc.array(relationArb, { maxLength: 4 }).map((rs) => (rs.length === 0 ? '' : ` WHERE ${rs.join(' AND ')}`));
const usingArb = fc.constantFrom('', ' USING TTL 5', ' USING TTL -1', ' USING TIMESTAMP 5', " USING TIMESTAMP 'x'", ' USING TTL ? AND TIMESTAMP ?', ' USING TTL 999999999');
const structuredArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('*', 'pk', 'a, b', 'COUNT(*)', 'WRITETIME(a)', 'TTL(s)', 'WRITETIME(pk)', 'token(pk)', 'DISTINCT pk', 'DISTINCT s', 'DISTINCT pk, s', 'max(a)', 'sum(c2)', 'c9', 'pk AS x, a AS x'),
      whereArb,
      fc.constantFrom('', ' ORDER BY c1 DESC', ' ORDER BY c2', ' ORDER BY a', ' ORDER BY c1 ASC, c2 ASC', ' LIMIT 0', ' LIMIT -1', ' LIMIT 2', ' PER PARTITION LIMIT 1', ' ALLOW FILTERING', ' LIMIT ?'),
    )
    .map(([sel, where, tail]) => `SELECT ${sel} FROM ks.m${where}${tail}`),
  fc
    .tuple(fc.array(fc.constantFrom('pk', 'c1', 'c2', 's', 'a', 'b', 'zz'), { maxLength: 7 }), fc.array(valueArb, { maxLength: 7 }), usingArb, fc.constantFrom('', ' IF NOT EXISTS'))
    .map(([cols, vals, using, ifNot]) => `INSERT INTO ks.m (${cols.join(', ')}) VALUES (${vals.join(', ')})${ifNot}${using}`),
  fc
    .tuple(usingArb, fc.array(fc.tuple(columnArb, valueArb).map(([c, v]) => `${c} = ${v}`), { minLength: 1, maxLength: 3 }), whereArb, fc.constantFrom('', ' IF EXISTS', ' IF a = 1', ' IF pk = 0'))
    .map(([using, sets, where, cond]) => `UPDATE ks.m${using} SET ${sets.join(', ')}${where}${cond}`),
  fc
    .tuple(fc.array(fc.constantFrom('pk', 'c1', 's', 'a', 'b', 'zz', 'a[0]'), { maxLength: 2 }), fc.constantFrom('', ' USING TIMESTAMP 5', ' USING TTL 5'), whereArb, fc.constantFrom('', ' IF EXISTS'))
    .map(([cols, using, where, cond]) => `DELETE ${cols.join(', ')} FROM ks.m${using}${where}${cond}`),
);

const garbageArb = fc.oneof(
  { weight: 3, arbitrary: structuredArb },
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 25 }).chain((tokens) => fc.constantFrom(' ', '', '\n').map((sep) => tokens.join(sep))),
  fc.tuple(fc.constantFrom(...PREFIXES), fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 12 })).map(([p, ts]) => `${p} ${ts.join(' ')}`),
);

const paramValueArb = fc.oneof(
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom('', 'x', "it's"),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -5n, max: 5n }),
  fc.boolean(),
  fc.double(),
  fc.constant([1, 2]),
  fc.constant({}),
);
const garbageParamsArb: fc.Arbitrary<Params | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.array(paramValueArb, { maxLength: 5 }),
  fc.dictionary(fc.constantFrom('pk', 'c1', 'c2', 's', 'a', 'b', 'n', '[ttl]'), paramValueArb, { maxKeys: 4 }),
);

/** The data of the keyspace `ks` as text (tables and their rows), or the error that reading it gives. */
async function snapshot(store: Store): Promise<string> {
  const tables = (await store.execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'")).rows.map((r) => String(r['table_name'])).sort();
  const out: string[] = [];
  for (const t of tables) {
    const rows = (await store.execute(`SELECT * FROM ks."${t}"`)).rows.map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
    out.push(`${t}: ${rows.sort().join(' ')}`);
  }
  return out.join('\n');
}

describe('CQL executor robustness', () => {
  it('random strings and token soups through store.execute succeed or fail with a statement error, and a failed one changes no data', async () => {
    const f = await openStore({ engine: ENGINE });
    try {
      const seed = async (): Promise<void> => {
        await f.store.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SingleRegionStrategy'}");
        await f.store.execute(CREATE_TABLE.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
        await f.store.execute("BEGIN BATCH INSERT INTO ks.m (pk, c1, c2, s, a, b) VALUES (0, 0, '', 's1', 1, 'it''s'); INSERT INTO ks.m (pk, c1, c2, a) VALUES (0, 1, 'a', 2); UPDATE ks.m SET s = 'x' WHERE pk = 1; APPLY BATCH");
      };
      await seed();
      await fc.assert(
        fc.asyncProperty(garbageArb, garbageParamsArb, fc.boolean(), async (text, params, inSession) => {
          const before = await snapshot(f.store);
          const runner: Store | Session = inSession ? f.store.session(KS) : f.store;
          try {
            await runner.execute(text, params);
          } catch (e) {
            expect(e, text).toBeInstanceOf(Error);
            expect(STATEMENT_ERRORS, `${(e as Error).name}: ${(e as Error).message} — for ${JSON.stringify(text)}`).toContain((e as Error).name);
            expect(await snapshot(f.store), `a failed statement changes no data: ${JSON.stringify(text)}`).toBe(before);
            return;
          }
          // it was a valid statement: keep the table and some data for the next runs
          await seed();
        }),
        { numRuns: 1200 },
      );
      expect(f.errors, 'background errors').toEqual([]);
    } finally {
      await f.dispose();
    }
  });
});
