/**
 * @module cql/select
 * SELECT: Cassandra 3.x's restriction rules (what needs ALLOW FILTERING, what is refused), then
 * a plan that reads as little as it can — the listed partitions (equalities and IN on the
 * partition key) or a scan (none, `token()` ranges, or filtering), and in each partition the
 * slice given by equalities on a clustering prefix and a range on the next column — and
 * filters the rest in memory: IN on clustering columns, multi-column relations, regular
 * columns, CONTAINS. Then PER PARTITION LIMIT, LIMIT, paging, the selectors (columns,
 * WRITETIME, TTL, token, COUNT and the other aggregates) and DISTINCT.
 *
 * Paging: a page ends after `fetchSize` result rows; its paging state names the position of
 * the last row (partition index and key, clustering key) and the rows counted so far for
 * LIMIT and PER PARTITION LIMIT, and is bound to the query text. It holds key bytes, so it
 * goes back to the caller only, never to disk. A scan resumes at that partition key, so rows
 * written or deleted between pages show or not as in Cassandra.
 *
 * Order: partitions come in the order of their encoded keys (sealtable's order, not Murmur3
 * token order — see docs/ARCHITECTURE.md); `token(pk)` still returns the Murmur3 token, and
 * token ranges select exactly the partitions whose token is in range, so splitting the ring
 * into ranges covers each partition once.
 */
import { createHash } from 'node:crypto';
import { ResourceNotFoundException, ValidationException } from '../common/errors.js';
import { formatCqlType, isMultiCell } from '../table/cql-type.js';
import type { CqlType } from '../table/cql-type.js';
import { compareBytes } from '../storage/kv/index.js';
import { hexOf } from '../storage/partition.js';
import { encodeClustering, encodePartitionKey, keyShape } from '../table/primary-key.js';
import type { CellMeta, MaterializedRow, Row } from '../table/rows.js';
import type { ColumnDef, TableSchema } from '../table/schema.js';
import type { Restriction, Store } from '../table/store.js';
import { partitionToken } from '../table/token.js';
import { compareValues, normalizeValue, valuesEqual, type CqlValue } from '../table/values.js';
import type { ComparisonOp, Relation, SelectStatement, SelectorExpression, Term } from './ast.js';
import type { ColumnSpec, ExecuteOptions, ResultSet } from './executor.js';
import { columnOf, resolveTable, selectStarOrder, tableSchema } from './executor.js';
import { SYSTEM_KEYSPACES, systemTable, type SystemCatalog } from './system-tables.js';
import { boundValue, requiredValue, type TermContext } from './terms.js';

const FILTERING =
  'Cannot execute this query as it might involve data filtering and thus may have unpredictable performance. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING';

/** A predicate on a row's decoded values. */
type RowFilter = (row: Row) => boolean;

interface Slice {
  op: '>' | '>=' | '<' | '<=';
  value: CqlValue;
}

/** What the WHERE clause asks, per column. */
interface Analysis {
  /** Partition-key columns restricted by = or IN, with their values. */
  pkValues: Map<string, CqlValue[]>;
  /** Clustering columns restricted by = or IN. */
  ckValues: Map<string, CqlValue[]>;
  /** Clustering columns restricted by a range. */
  ckSlices: Map<string, Slice[]>;
  /** Token bounds. */
  token: { op: ComparisonOp; value: bigint }[];
  /** Clustering columns in a multi-column relation, and how the prefix rules see them. */
  multi: Map<string, 'eq' | 'slice'>;
  /** Everything checked in memory on decoded rows. */
  filters: RowFilter[];
  /** Whether the query needs ALLOW FILTERING (and the message when it is missing). */
  filtering?: string;
}

function compareOk(op: ComparisonOp, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

function valueFilter(col: ColumnDef, op: ComparisonOp, value: CqlValue): RowFilter {
  return (row) => {
    const v = row[col.name] ?? null;
    if (v === null || value === null) return false;
    return compareOk(op, compareValues(col.type, v, value));
  };
}

function inFilter(col: ColumnDef, values: readonly CqlValue[]): RowFilter {
  return (row) => {
    const v = row[col.name] ?? null;
    return v !== null && values.some((x) => x !== null && valuesEqual(col.type, x, v));
  };
}

/** Values of `col IN (…)` or `col IN ?`, deduplicated, in the order given. */
function inValues(col: ColumnDef, values: Term[] | Term, ctx: TermContext): CqlValue[] {
  const raw = Array.isArray(values)
    ? values.map((t) => requiredValue(t, col.type, col.name, ctx))
    : ((requiredValue(values, { kind: 'list', element: col.type }, `in(${col.name})`, ctx) as CqlValue[] | null) ?? []);
  const out: CqlValue[] = [];
  for (const v of raw) {
    if (v === null) throw new ValidationException(`Invalid null value in condition for column ${col.name}`);
    if (!out.some((x) => valuesEqual(col.type, x!, v))) out.push(v);
  }
  return out;
}

function tokenValue(term: Term, schema: TableSchema, ctx: TermContext): bigint {
  if (term.kind === 'function' && term.name === 'token') {
    const pk = schema.columns.filter((c) => c.kind === 'partition_key');
    if (term.args.length !== pk.length) throw new ValidationException(`Invalid number of arguments in call to function token: ${pk.length} required but ${term.args.length} provided`);
    const values = pk.map((c, i) => requiredValue(term.args[i]!, c.type, c.name, ctx));
    if (values.some((v) => v === null)) throw new ValidationException('Invalid null value for partition key part in token()');
    return partitionToken(pk, values);
  }
  const v = requiredValue(term, { kind: 'bigint' }, 'partition key token', ctx);
  if (v === null) throw new ValidationException('Invalid null value for partition key token');
  return v as bigint;
}

function analyse(schema: TableSchema, where: readonly Relation[], ctx: TermContext): Analysis {
  const a: Analysis = { pkValues: new Map(), ckValues: new Map(), ckSlices: new Map(), multi: new Map(), token: [], filters: [] };
  const pk = schema.columns.filter((c) => c.kind === 'partition_key');
  const ck = schema.columns.filter((c) => c.kind === 'clustering');
  const pkOther = new Set<string>();
  const eqOnce = (col: ColumnDef): void => {
    if (a.pkValues.has(col.name) || a.ckValues.has(col.name) || (col.kind === 'clustering' && a.ckSlices.has(col.name)))
      throw new ValidationException(`${col.name} cannot be restricted by more than one relation if it includes an Equal`);
  };
  for (const r of where) {
    switch (r.kind) {
      case 'compare': {
        const col = columnOf(schema, r.column);
        if (r.op === '!=') throw new ValidationException(`Unsupported "!=" relation: ${col.name} != ...`);
        const v = requiredValue(r.value, col.type, col.name, ctx);
        if (v === null) throw new ValidationException(`Invalid null value in condition for column ${col.name}`);
        if (col.kind === 'partition_key') {
          if (r.op === '=') {
            eqOnce(col);
            a.pkValues.set(col.name, [v]);
          } else {
            pkOther.add(col.name);
            a.filters.push(valueFilter(col, r.op, v));
            a.filtering ??= 'Only EQ and IN relation are supported on the partition key (unless you use the token() function)';
          }
        } else if (col.kind === 'clustering') {
          if (r.op === '=') {
            eqOnce(col);
            a.ckValues.set(col.name, [v]);
          } else {
            if (a.ckValues.has(col.name)) eqOnce(col);
            const list = a.ckSlices.get(col.name) ?? [];
            if (list.some((s) => (s.op[0] === r.op[0]))) throw new ValidationException(`More than one restriction was found for the ${r.op[0] === '>' ? 'start' : 'end'} bound on ${col.name}`);
            list.push({ op: r.op, value: v });
            a.ckSlices.set(col.name, list);
          }
        } else {
          if (isMultiCell(col.type)) throw new ValidationException(`Collection column '${col.name}' (${formatCqlType(col.type)}) cannot be restricted by a '${r.op}' relation`);
          a.filters.push(valueFilter(col, r.op, v));
          a.filtering ??= FILTERING;
        }
        break;
      }
      case 'in': {
        const col = columnOf(schema, r.column);
        const values = inValues(col, r.values, ctx);
        if (col.kind === 'partition_key') {
          eqOnce(col);
          a.pkValues.set(col.name, values);
        } else if (col.kind === 'clustering') {
          eqOnce(col);
          a.ckValues.set(col.name, values);
        } else {
          a.filters.push(inFilter(col, values));
          a.filtering ??= FILTERING;
        }
        break;
      }
      case 'contains': {
        const col = columnOf(schema, r.column);
        const t = col.type.kind === 'frozen' ? col.type.inner : col.type;
        if (t.kind !== 'list' && t.kind !== 'set' && t.kind !== 'map') throw new ValidationException(`Cannot use CONTAINS on non-collection column ${col.name}`);
        if (r.key && t.kind !== 'map') throw new ValidationException(`Cannot use CONTAINS KEY on non-map column ${col.name}`);
        const et: CqlType = r.key && t.kind === 'map' ? t.key : t.kind === 'map' ? t.value : t.element;
        const v = requiredValue(r.value, et, col.name, ctx);
        if (v === null) throw new ValidationException(`Unsupported null value for column ${col.name}`);
        a.filters.push((row) => {
          const c = row[col.name] ?? null;
          if (c === null) return false;
          if (c instanceof Map) return [...(r.key ? c.keys() : c.values())].some((x) => valuesEqual(et, x, v));
          return (c as CqlValue[]).some((x) => valuesEqual(et, x, v));
        });
        a.filtering ??= FILTERING;
        break;
      }
      case 'token': {
        const names = pk.map((c) => c.name);
        if (r.columns.length !== names.length || r.columns.some((c) => !names.includes(c)))
          throw new ValidationException('The token() function must be applied to all partition key components or none of them');
        if (r.columns.some((c, i) => c !== names[i])) throw new ValidationException(`The token function arguments must be in the partition key order: ${names.join(', ')}`);
        if (r.op === '!=') throw new ValidationException('Unsupported "!=" relation on token');
        a.token.push({ op: r.op, value: tokenValue(r.value, schema, ctx) });
        break;
      }
      case 'multiCompare':
      case 'multiIn': {
        const cols = r.columns.map((n) => columnOf(schema, n));
        const bad = cols.find((c) => c.kind !== 'clustering');
        if (bad) throw new ValidationException(`Multi-column relations can only be applied to clustering columns but was applied to: ${bad.name}`);
        const isPrefix = cols.every((c, i) => c.name === ck[i]?.name);
        const tuples: CqlValue[][] = [];
        const tupleOf = (t: Term): CqlValue[] => {
          if (t.kind === 'tuple') {
            if (t.elements.length !== cols.length) throw new ValidationException(`Expected ${cols.length} elements in value tuple, but got ${t.elements.length}`);
            return cols.map((c, i) => requiredValue(t.elements[i]!, c.type, c.name, ctx));
          }
          if (t.kind === 'bind') return boundTuple(boundValue(t, ctx));
          throw new ValidationException('Expected a tuple of values for a multi-column relation');
        };
        const boundTuple = (v: unknown): CqlValue[] => {
          if (!Array.isArray(v) || v.length !== cols.length) throw new ValidationException(`Expected a tuple of ${cols.length} values for (${cols.map((c) => c.name).join(', ')})`);
          return cols.map((c, i) => normalizeValue(c.type, v[i], c.name));
        };
        if (r.kind === 'multiCompare') tuples.push(tupleOf(r.value));
        else if (Array.isArray(r.values)) for (const t of r.values) tuples.push(tupleOf(t));
        else {
          const v = boundValue(r.values, ctx);
          if (!Array.isArray(v)) throw new ValidationException('Expected a list of tuples for a multi-column IN');
          for (const x of v) tuples.push(boundTuple(x));
        }
        const cmpTuple = (row: Row, t: CqlValue[]): number | undefined => {
          for (const [i, c] of cols.entries()) {
            const v = row[c.name] ?? null;
            if (v === null || t[i] === null) return undefined;
            const d = compareValues(c.type, v, t[i]!);
            if (d !== 0) return d;
          }
          return 0;
        };
        if (r.kind === 'multiCompare') {
          if (r.op === '!=') throw new ValidationException('Unsupported "!=" relation on a tuple');
          const op = r.op;
          a.filters.push((row) => {
            const d = cmpTuple(row, tuples[0]!);
            return d !== undefined && compareOk(op, d);
          });
        } else a.filters.push((row) => tuples.some((t) => cmpTuple(row, t) === 0));
        if (!isPrefix) a.filtering ??= `Multi-column relations must name clustering columns in order from the first one (${ck.map((c) => c.name).join(', ')})`;
        // For the prefix rules a tuple is one restriction: equalities, and a range on its last column for a slice.
        for (const [i, c] of cols.entries()) {
          if (a.ckValues.has(c.name) || a.ckSlices.has(c.name)) throw new ValidationException(`Column "${c.name}" cannot be restricted by both a single-column and a multi-column relation`);
          const kind = r.kind === 'multiCompare' && r.op !== '=' && i === cols.length - 1 ? 'slice' : 'eq';
          if (a.multi.get(c.name) !== 'slice') a.multi.set(c.name, kind);
        }
        break;
      }
    }
  }
  if (a.token.length > 0 && a.pkValues.size > 0)
    throw new ValidationException(`Columns "${[...a.pkValues.keys()].join(', ')}" cannot be restricted by both a normal relation and a token relation`);
  const pkAll = pk.every((c) => a.pkValues.has(c.name));
  if (!pkAll && a.pkValues.size > 0) {
    a.filtering ??= `Partition key parts: ${pk.filter((c) => !a.pkValues.has(c.name)).map((c) => c.name).join(', ')} must be restricted as other parts are`;
    for (const [name, values] of a.pkValues) a.filters.push(inFilter(columnOf(schema, name), values));
  }
  if (pkOther.size > 0 && pkAll) a.filtering ??= FILTERING;
  // Clustering restrictions: a prefix of equalities/IN, then at most one range.
  let previous: { name: string; kind: 'none' | 'eq' | 'slice' } = { name: '', kind: 'eq' };
  for (const c of ck) {
    const restricted = a.ckValues.has(c.name) || a.ckSlices.has(c.name) || a.multi.has(c.name);
    if (restricted && previous.kind === 'none') a.filtering ??= `PRIMARY KEY column "${c.name}" cannot be restricted as preceding column "${previous.name}" is not restricted`;
    if (restricted && previous.kind === 'slice') a.filtering ??= `Clustering column "${c.name}" cannot be restricted (preceding column "${previous.name}" is restricted by a non-EQ relation)`;
    previous = { name: c.name, kind: a.ckValues.has(c.name) ? 'eq' : a.ckSlices.has(c.name) ? 'slice' : (a.multi.get(c.name) ?? 'none') };
  }
  if (!pkAll && (a.ckValues.size > 0 || a.ckSlices.size > 0 || a.multi.size > 0)) a.filtering ??= FILTERING;
  return a;
}

/** The cartesian product of the values of the given columns, in the order given. */
function product(cols: readonly ColumnDef[], values: Map<string, CqlValue[]>): Record<string, CqlValue>[] {
  let out: Record<string, CqlValue>[] = [{}];
  for (const c of cols) {
    const next: Record<string, CqlValue>[] = [];
    for (const partial of out) for (const v of values.get(c.name)!) next.push({ ...partial, [c.name]: v });
    out = next;
  }
  return out;
}

/** The compiled selection. */
interface Selection {
  columns: ColumnSpec[];
  /** Output of one row (non-aggregate selections). */
  project(row: SourceRow): Row;
  /** Aggregate selections reduce every row to one. */
  aggregate?: (rows: SourceRow[]) => Row;
  /** Whether a selector reads cell metadata (WRITETIME, TTL). */
  needsMeta: boolean;
}

interface SourceRow {
  pindex: number;
  pkey: Uint8Array;
  clustering: Uint8Array;
  row: Row;
  meta: Map<string, CellMeta>;
}

const AGGREGATES = new Set(['count', 'min', 'max', 'sum', 'avg']);

function compileSelection(schema: TableSchema, s: SelectStatement): Selection {
  const spec = (name: string, type: CqlType | string): ColumnSpec => ({ keyspace: schema.keyspace, table: schema.name, name, type: typeof type === 'string' ? type : formatCqlType(type) });
  if (s.selection === '*') {
    const names = selectStarOrder(schema);
    return {
      columns: names.map((n) => spec(n, columnOf(schema, n).type)),
      project: (r) => {
        const out: Row = {};
        for (const n of names) out[n] = r.row[n] ?? null;
        return out;
      },
      needsMeta: false,
    };
  }
  const pkNames = schema.columns.filter((c) => c.kind === 'partition_key').map((c) => c.name);
  type Compiled = { name: string; type: CqlType; value(r: SourceRow): CqlValue; agg?: (rows: SourceRow[]) => CqlValue };
  let needsMeta = false;
  const compile = (e: SelectorExpression): Compiled => {
    switch (e.kind) {
      case 'column': {
        const c = columnOf(schema, e.name);
        return { name: c.name, type: c.type, value: (r) => r.row[c.name] ?? null };
      }
      case 'writetime':
      case 'ttl': {
        const c = columnOf(schema, e.column);
        const fn = e.kind === 'writetime' ? 'writeTime' : 'ttl';
        needsMeta = true;
        if (c.kind === 'partition_key' || c.kind === 'clustering') throw new ValidationException(`Cannot use selection function ${fn} on PRIMARY KEY part ${c.name}`);
        if (isMultiCell(c.type)) throw new ValidationException(`Cannot use selection function ${fn} on non-frozen collection ${c.name}`);
        if (c.type.kind === 'counter') throw new ValidationException(`Cannot use selection function ${fn} on counter column ${c.name}`);
        return e.kind === 'writetime'
          ? { name: `writetime(${c.name})`, type: { kind: 'bigint' }, value: (r) => { const m = r.meta.get(c.name); return m ? BigInt(m.writetime) : null; } }
          : { name: `ttl(${c.name})`, type: { kind: 'int' }, value: (r) => r.meta.get(c.name)?.ttl ?? null };
      }
      case 'count':
        return { name: 'count', type: { kind: 'bigint' }, value: () => null, agg: (rows) => BigInt(rows.length) };
      case 'term':
        throw new ValidationException('Literal selectors are not supported');
      case 'function': {
        if (e.name === 'token') {
          const names = e.args.map((x) => (x.kind === 'column' ? x.name : ''));
          if (names.length !== pkNames.length || names.some((n, i) => n !== pkNames[i])) throw new ValidationException(`Invalid arguments for token(): the partition key columns in order (${pkNames.join(', ')})`);
          const pkCols = pkNames.map((n) => columnOf(schema, n));
          return { name: `system.token(${pkNames.join(', ')})`, type: { kind: 'bigint' }, value: (r) => partitionToken(pkCols, pkCols.map((c) => r.row[c.name] ?? null)) };
        }
        if (AGGREGATES.has(e.name)) {
          if (e.args.length !== 1) throw new ValidationException(`Invalid number of arguments in call to function system.${e.name}: 1 required but ${e.args.length} provided`);
          const inner = compile(e.args[0]!);
          if (inner.agg) throw new ValidationException('Aggregate functions cannot be nested');
          const t = inner.type;
          const numeric = ['tinyint', 'smallint', 'int', 'bigint', 'varint', 'float', 'double', 'decimal', 'counter'].includes(t.kind);
          const values = (rows: SourceRow[]): CqlValue[] => rows.map((r) => inner.value(r)).filter((v) => v !== null);
          const name = `system.${e.name}(${inner.name})`;
          switch (e.name) {
            case 'count':
              return { name, type: { kind: 'bigint' }, value: () => null, agg: (rows) => BigInt(values(rows).length) };
            case 'min':
            case 'max':
              return {
                name,
                type: t,
                value: () => null,
                agg: (rows) => {
                  let best: CqlValue = null;
                  for (const v of values(rows)) if (best === null || (compareValues(t, v, best) < 0) === (e.name === 'min')) best = v;
                  return best;
                },
              };
            default: {
              if (!numeric || t.kind === 'decimal' || t.kind === 'varint') throw new ValidationException(`Invalid call to function ${e.name}: a numeric column of type tinyint, smallint, int, bigint, counter, float or double`);
              const big = t.kind === 'bigint' || t.kind === 'counter';
              return {
                name,
                type: t,
                value: () => null,
                agg: (rows) => {
                  const vs = values(rows);
                  if (big) {
                    const sum = vs.reduce<bigint>((acc, v) => acc + (v as bigint), 0n);
                    return e.name === 'sum' ? sum : vs.length === 0 ? 0n : sum / BigInt(vs.length);
                  }
                  const sum = vs.reduce<number>((acc, v) => acc + (v as number), 0);
                  const out = e.name === 'sum' ? sum : vs.length === 0 ? 0 : sum / vs.length;
                  return t.kind === 'double' || t.kind === 'float' ? out : Math.trunc(out);
                },
              };
            }
          }
        }
        throw new ValidationException(`Unknown function '${e.name}'`);
      }
    }
  };
  const compiled = s.selection.map((sel) => ({ c: compile(sel.expression), alias: sel.alias }));
  const anyAgg = compiled.some((x) => x.c.agg);
  const columns = compiled.map((x) => spec(x.alias ?? x.c.name, x.c.type));
  const project = (r: SourceRow): Row => {
    const out: Row = {};
    for (const [i, x] of compiled.entries()) out[columns[i]!.name] = x.c.value(r);
    return out;
  };
  return {
    columns,
    project,
    needsMeta,
    ...(anyAgg
      ? {
          aggregate: (rows: SourceRow[]): Row => {
            const out: Row = {};
            for (const [i, x] of compiled.entries()) out[columns[i]!.name] = x.c.agg ? x.c.agg(rows) : rows[0] ? x.c.value(rows[0]) : null;
            return out;
          },
        }
      : {}),
  };
}

/** The paging state: position of the last row returned and the counts so far. */
interface PageState {
  q: string;
  i: number;
  k: string;
  c: string;
  n: number;
  pp: number;
}

function queryHash(queryText: string, keyspace: string | undefined): string {
  return createHash('sha256').update(`${keyspace ?? ''}\u0000${queryText}`).digest('base64url').slice(0, 16);
}

function decodeState(state: string, q: string): PageState {
  let s: PageState;
  try {
    s = JSON.parse(Buffer.from(state, 'base64url').toString('utf8')) as PageState;
  } catch {
    throw new ValidationException('Invalid paging state');
  }
  if (typeof s !== 'object' || s === null || typeof s.k !== 'string' || typeof s.c !== 'string' || !Number.isInteger(s.i) || !Number.isInteger(s.n) || !Number.isInteger(s.pp))
    throw new ValidationException('Invalid paging state');
  if (s.q !== q) throw new ValidationException('Invalid paging state: it belongs to another query');
  return s;
}

function tokenOk(token: bigint, bounds: readonly { op: ComparisonOp; value: bigint }[]): boolean {
  return bounds.every((b) => compareOk(b.op, token < b.value ? -1 : token > b.value ? 1 : 0));
}

/**
 * Runs a SELECT.
 * @throws {@link ValidationException} for a query Cassandra refuses (message as Cassandra's)
 */
export async function executeSelect(store: Store, s: SelectStatement, ctx: TermContext, keyspace: string | undefined, options: ExecuteOptions, queryText: string): Promise<ResultSet> {
  if (s.json) throw new ValidationException('SELECT JSON is not supported');
  const { ks, table } = resolveTable(s.table, keyspace);
  const system = systemTable(ks, table);
  let schema: TableSchema;
  if (system) schema = system.schema;
  else {
    if (SYSTEM_KEYSPACES.includes(ks)) throw new ResourceNotFoundException(`unconfigured table ${table}`);
    schema = tableSchema(store, ks, table);
  }
  const a = analyse(schema, s.where, ctx);
  if (a.filtering && !s.allowFiltering) throw new ValidationException(a.filtering);
  const selection = compileSelection(schema, s);
  const pk = schema.columns.filter((c) => c.kind === 'partition_key');
  const ck = schema.columns.filter((c) => c.kind === 'clustering');
  const pkAll = pk.every((c) => a.pkValues.has(c.name));

  // ORDER BY
  let reversed = false;
  if (s.orderBy.length > 0) {
    if (!pkAll) throw new ValidationException('ORDER BY is only supported when the partition key is restricted by an EQ or an IN.');
    for (const [i, o] of s.orderBy.entries()) {
      const col = columnOf(schema, o.column);
      if (col.kind !== 'clustering') throw new ValidationException(`Order by is currently only supported on the clustered columns of the PRIMARY KEY, got ${col.name}`);
      if (ck[i]?.name !== col.name) throw new ValidationException('Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY');
      const rev = o.order !== (col.order ?? 'ASC');
      if (i === 0) reversed = rev;
      else if (rev !== reversed) throw new ValidationException('Unsupported order by relation');
    }
  }

  const givenLimit = s.limit ? positive(s.limit, '[limit]', 'LIMIT', ctx) : Infinity;
  const givenPpl = s.perPartitionLimit ? positive(s.perPartitionLimit, '[per_partition_limit]', 'PER PARTITION LIMIT', ctx) : Infinity;
  if (s.distinct) {
    for (const sel of s.selection === '*' ? [] : s.selection) {
      const e = sel.expression;
      if (e.kind === 'column' && columnOf(schema, e.name).kind !== 'partition_key' && columnOf(schema, e.name).kind !== 'static')
        throw new ValidationException(`SELECT DISTINCT queries must only request partition key columns and/or static columns (not ${e.name})`);
    }
    if (s.selection === '*') throw new ValidationException('SELECT DISTINCT queries must only request partition key columns and/or static columns (not *)');
    const selected = new Set(s.selection.flatMap((x) => (x.expression.kind === 'column' ? [x.expression.name] : [])));
    const missing = pk.filter((c) => !selected.has(c.name));
    if (missing.length > 0) throw new ValidationException(`SELECT DISTINCT queries must request all the partition key columns (missing ${missing.map((c) => c.name).join(', ')})`);
    if (a.ckValues.size > 0 || a.ckSlices.size > 0 || a.multi.size > 0) throw new ValidationException('SELECT DISTINCT with WHERE clause only supports restriction by partition key and/or static columns.');
  }

  const fetchSize = selection.aggregate ? undefined : options.fetchSize;
  // An aggregate reads every row; LIMIT and PER PARTITION LIMIT apply to its one result row (Cassandra 3.x).
  const limit = selection.aggregate ? Infinity : givenLimit;
  const ppl = selection.aggregate ? Infinity : givenPpl;
  const partitionsListed = pkAll ? product(pk, a.pkValues) : undefined;
  if (s.orderBy.length > 0 && partitionsListed && partitionsListed.length > 1 && fetchSize !== undefined)
    throw new ValidationException('Cannot page queries with both ORDER BY and a IN restriction on the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable paging for this query');
  const q = queryHash(queryText, keyspace);
  const resume = options.pageState !== undefined && !selection.aggregate ? decodeState(options.pageState, q) : undefined;

  // The clustering prefix read from the engine, and the range on the next column.
  const prefix: Record<string, CqlValue> = {};
  const where: Restriction[] = [];
  for (const c of ck) {
    const eq = a.ckValues.get(c.name);
    if (eq && eq.length === 1) {
      prefix[c.name] = eq[0]!;
      continue;
    }
    const slices = a.ckSlices.get(c.name);
    if (!eq && slices && slices.length > 0 && slices.every((x) => x.value !== null)) for (const x of slices) where.push({ column: c.name, op: x.op, value: x.value });
    break;
  }
  // Everything else on clustering columns is checked on decoded rows (cheap, and always right).
  // (A system table has no engine read: every clustering restriction is a filter there.)
  const filters = [...a.filters];
  for (const c of ck) {
    const eq = a.ckValues.get(c.name);
    if (eq && (system || !(eq.length === 1 && prefix[c.name] !== undefined))) filters.push(inFilter(c, eq));
    for (const x of a.ckSlices.get(c.name) ?? []) if (system || !where.some((w) => w.column === c.name)) filters.push(valueFilter(c, x.op, x.value));
  }
  const order = reversed ? 'DESC' : 'ASC';

  // The partitions, with their rows, in order.
  const shape = keyShape(schema);
  async function* source(): AsyncGenerator<{ index: number; key: Uint8Array; rows: MaterializedRow[] }> {
    if (system) {
      const catalog: SystemCatalog = { keyspaces: () => store.keyspaces(), tables: (k?: string) => store.tables(k) };
      const grouped = new Map<string, { key: Uint8Array; rows: MaterializedRow[] }>();
      for (const row of system.rows(catalog, ctx.now)) {
        const key = encodePartitionKey(shape, row);
        const clustering = encodeClustering(shape, row);
        const g = grouped.get(hexOf(key)) ?? { key, rows: [] };
        g.rows.push({ clustering, row, meta: new Map() });
        grouped.set(hexOf(key), g);
      }
      const listed = partitionsListed?.map((p) => hexOf(encodePartitionKey(shape, p)));
      const entries = [...grouped.entries()].sort(([, x], [, y]) => compareBytes(x.key, y.key));
      const ordered = listed ? listed.flatMap((k) => (grouped.has(k) ? [[k, grouped.get(k)!] as const] : [])) : entries;
      for (const [i, [, g]] of ordered.entries()) {
        g.rows.sort((x, y) => compareBytes(x.clustering, y.clustering));
        if (reversed) g.rows.reverse();
        yield { index: listed ? listed.indexOf(hexOf(g.key)) : i, ...g };
      }
      return;
    }
    if (partitionsListed) {
      for (let i = resume?.i ?? 0; i < partitionsListed.length; i++) {
        const { key, rows } = await store.partitionRows(ks, table, { ...partitionsListed[i]!, ...prefix }, { where, order, withMeta: selection.needsMeta });
        yield { index: i, key, rows };
      }
      return;
    }
    let i = 0;
    const from = resume ? { key: new Uint8Array(Buffer.from(resume.k, 'hex')), inclusive: true } : undefined;
    for await (const p of store.partitions(ks, table, from, selection.needsMeta)) yield { index: i++, key: p.key, rows: p.rows };
  }

  const mergeSort = partitionsListed !== undefined && partitionsListed.length > 1 && s.orderBy.length > 0;
  const collectLimit = mergeSort ? Infinity : limit;
  const out: SourceRow[] = [];
  let emitted = resume?.n ?? 0;
  let more = false;
  const want = fetchSize ?? Infinity;
  const pkCols = pk;
  scan: for await (const p of source()) {
    if (emitted >= collectLimit) break;
    if (a.token.length > 0) {
      const first = p.rows[0];
      if (!first) continue;
      if (!tokenOk(partitionToken(pkCols, pkCols.map((c) => first.row[c.name] ?? null)), a.token)) continue;
    }
    let inPartition = 0;
    let rows = p.rows;
    const resuming = resume && (partitionsListed ? p.index === resume.i : hexOf(p.key) === resume.k);
    if (resuming) {
      inPartition = resume.pp;
      const at = rows.findIndex((r) => hexOf(r.clustering) === resume.c);
      if (at >= 0) rows = rows.slice(at + 1);
      else {
        const after = resume.c;
        rows = rows.filter((r) => (reversed ? hexOf(r.clustering) < after : hexOf(r.clustering) > after));
      }
      if (s.distinct) rows = [];
    }
    for (const r of rows) {
      if (inPartition >= ppl || emitted >= collectLimit) break;
      if (filters.length > 0 && !filters.every((f) => f(r.row))) continue;
      if (out.length >= want) {
        more = true;
        break scan;
      }
      out.push({ pindex: p.index, pkey: p.key, clustering: r.clustering, row: r.row, meta: r.meta });
      inPartition++;
      emitted++;
      if (s.distinct) break;
    }
  }
  if (mergeSort) {
    out.sort((x, y) => (reversed ? -1 : 1) * compareBytes(x.clustering, y.clustering));
    if (out.length > limit) out.length = limit;
  }
  if (selection.aggregate) return { kind: 'rows', rows: [selection.aggregate(out)], columns: selection.columns };
  const result: ResultSet = { kind: 'rows', rows: out.map((r) => selection.project(r)), columns: selection.columns };
  if (more && out.length > 0) {
    const last = out.at(-1)!;
    let pp = 0;
    for (const r of out) if (r.pindex === last.pindex && hexOf(r.pkey) === hexOf(last.pkey)) pp++;
    if (resume && hexOf(last.pkey) === resume.k && (!partitionsListed || last.pindex === resume.i)) pp += resume.pp;
    const state: PageState = { q, i: last.pindex, k: hexOf(last.pkey), c: hexOf(last.clustering), n: emitted, pp };
    result.pageState = Buffer.from(JSON.stringify(state)).toString('base64url');
  }
  return result;
}

function positive(term: Term, receiver: string, what: string, ctx: TermContext): number {
  const v = requiredValue(term, { kind: 'int' }, receiver, ctx);
  if (v === null) throw new ValidationException(`Invalid null value of ${what.toLowerCase()}`);
  if ((v as number) <= 0) throw new ValidationException(`${what} must be strictly positive`);
  return v as number;
}
