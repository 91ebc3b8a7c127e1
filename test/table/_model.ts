/**
 * @module test/table/_model
 * A plain in-memory model of Cassandra's write and read rules for the model-based tests of the
 * table `m` (`pk int`, clustering `c1 int ASC, c2 text DESC`, static `s text`, regular `a int`,
 * `b text`): write timestamps in µs, last write wins per cell (a tombstone wins a tie, then the
 * greater value), row markers from INSERT, cell / row / range / partition tombstones, TTL on the
 * clock, static columns. Shared by the typed-API model test (store.model.property.test.ts) and the
 * CQL executor model test (test/cql/execute.model.property.test.ts).
 *
 * Default write timestamps: max(clock in µs, last default timestamp + 1), for the life of the
 * store directory (a reopen does not restart them, and explicit timestamps do not move them).
 */
import type { Row } from '../../src/index.js';
import { START } from './_store-helpers.js';

export type Value = number | string;
export interface MCell {
  ts: number;
  value: Value | null;
  exp?: number;
}
export interface MMarker {
  ts: number;
  exp?: number;
}
export interface MRow {
  marker?: MMarker;
  deletion?: number;
  cells: Map<'a' | 'b', MCell>;
}
export type Op = '>' | '>=' | '<' | '<=';
/** A clustering slice by value: an optional equality on c1, then range restrictions on the next column. */
export interface Slice {
  eq?: number;
  where: { op: Op; value: Value }[];
}
export interface MPartition {
  deletion?: number;
  ranges: { slice: Slice; ts: number }[];
  statics: Map<'s', MCell>;
  rows: Map<string, { c1: number; c2: string; row: MRow }>;
}

/** Byte order of the stored values (int: big-endian two's complement; text: UTF-8 of ASCII). */
export function compareStoredBytes(x: Value, y: Value): number {
  if (typeof x === 'number' && typeof y === 'number') return (x >>> 0) - (y >>> 0);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Cassandra's reconciliation: does `a` win over `b`? */
export function cellWins(a: MCell, b: MCell): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts;
  if (a.value === null || b.value === null) return a.value === null && b.value !== null;
  const c = compareStoredBytes(a.value, b.value);
  if (c !== 0) return c > 0;
  return (a.exp ?? Infinity) > (b.exp ?? Infinity);
}

export function compareValues(x: Value, y: Value): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function satisfies(v: Value, r: { op: Op; value: Value }): boolean {
  const c = compareValues(v, r.value);
  return r.op === '>' ? c > 0 : r.op === '>=' ? c >= 0 : r.op === '<' ? c < 0 : c <= 0;
}

export function inSlice(c1: number, c2: string, slice: Slice): boolean {
  if (slice.eq !== undefined && c1 !== slice.eq) return false;
  const v = slice.eq !== undefined ? c2 : c1;
  return slice.where.every((r) => satisfies(v, r));
}

export const maxOf = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** The write of one command, as the model and the store take it. */
export type Write =
  | { op: 'insert'; row: Partial<Record<'pk' | 'c1' | 'c2' | 's' | 'a' | 'b', Value | null>>; ttl?: number; ts?: number }
  | { op: 'update'; key: { pk: number; c1?: number; c2?: string }; set: Partial<Record<'s' | 'a' | 'b', Value | null>>; ttl?: number; ts?: number }
  | { op: 'delete'; key: { pk: number; c1?: number; c2?: string }; columns?: ('s' | 'a' | 'b')[]; where?: { column: 'c1' | 'c2'; op: Op; value: Value }[]; ts?: number };

export class Model {
  readonly partitions = new Map<number, MPartition>();
  now = START;
  lastAuto = 0;

  #timestamp(given: number | undefined): number {
    if (given !== undefined) return given;
    this.lastAuto = Math.max(this.now * 1000, this.lastAuto + 1);
    return this.lastAuto;
  }

  #partition(pk: number): MPartition {
    let p = this.partitions.get(pk);
    if (!p) {
      p = { ranges: [], statics: new Map(), rows: new Map() };
      this.partitions.set(pk, p);
    }
    return p;
  }

  #row(p: MPartition, c1: number, c2: string): MRow {
    const k = `${c1}\u0000${c2}`;
    let r = p.rows.get(k);
    if (!r) {
      r = { c1, c2, row: { cells: new Map() } };
      p.rows.set(k, r);
    }
    return r.row;
  }

  apply(w: Write): void {
    const ts = this.#timestamp(w.ts);
    if (w.op === 'insert' || w.op === 'update') {
      const ttl = w.ttl;
      const exp = ttl ? this.now + ttl * 1000 : undefined;
      const all: Record<string, Value | null | undefined> = w.op === 'insert' ? w.row : { ...w.key, ...w.set };
      const p = this.#partition(all['pk'] as number);
      const cell = (value: Value | null): MCell => (value === null || exp === undefined ? { ts, value } : { ts, value, exp });
      const merge = (cells: Map<string, MCell>, name: string, c: MCell): void => {
        const current = cells.get(name);
        if (!current || cellWins(c, current)) cells.set(name, c);
      };
      if (all['s'] !== undefined) merge(p.statics, 's', cell(all['s']));
      if (all['c1'] === undefined) return; // static only
      const row = this.#row(p, all['c1'] as number, all['c2'] as string);
      for (const name of ['a', 'b'] as const) if (all[name] !== undefined) merge(row.cells, name, cell(all[name]));
      if (w.op === 'insert') {
        const m: MMarker = exp === undefined ? { ts } : { ts, exp };
        if (!row.marker || m.ts > row.marker.ts || (m.ts === row.marker.ts && (m.exp ?? Infinity) > (row.marker.exp ?? Infinity))) row.marker = m;
      }
      return;
    }
    const p = this.#partition(w.key.pk);
    const tomb = (cells: Map<string, MCell>, name: string): void => {
      const c: MCell = { ts, value: null };
      const current = cells.get(name);
      if (!current || cellWins(c, current)) cells.set(name, c);
    };
    if (w.columns) {
      for (const name of w.columns) {
        if (name === 's') tomb(p.statics, 's');
        else tomb(this.#row(p, w.key.c1!, w.key.c2!).cells, name);
      }
    } else if (w.key.c2 !== undefined) {
      const row = this.#row(p, w.key.c1!, w.key.c2);
      row.deletion = maxOf(row.deletion, ts);
    } else if (w.key.c1 !== undefined || (w.where && w.where.length > 0)) {
      p.ranges.push({ slice: { ...(w.key.c1 === undefined ? {} : { eq: w.key.c1 }), where: (w.where ?? []).map(({ op, value }) => ({ op, value })) }, ts });
    } else {
      p.deletion = maxOf(p.deletion, ts);
    }
  }

  /** The visible rows of a partition in clustering order, with the static-only row when `withStaticRow`. */
  rowsOf(pk: number, withStaticRow = true): Row[] {
    const p = this.partitions.get(pk);
    if (!p) return [];
    const now = this.now;
    const live = (c: MCell | undefined, deletion: number | undefined): boolean =>
      c !== undefined && c.value !== null && !(deletion !== undefined && c.ts <= deletion) && (c.exp === undefined || c.exp > now);
    const sCell = p.statics.get('s');
    const s = live(sCell, p.deletion) ? (sCell!.value as string) : null;
    const out: Row[] = [];
    const sorted = [...p.rows.values()].sort((x, y) => x.c1 - y.c1 || compareValues(y.c2, x.c2));
    for (const { c1, c2, row } of sorted) {
      let deletion = maxOf(p.deletion, row.deletion);
      for (const r of p.ranges) if (inSlice(c1, c2, r.slice)) deletion = maxOf(deletion, r.ts);
      const a = row.cells.get('a');
      const b = row.cells.get('b');
      const aLive = live(a, deletion);
      const bLive = live(b, deletion);
      const m = row.marker;
      const markerLive = m !== undefined && !(deletion !== undefined && m.ts <= deletion) && (m.exp === undefined || m.exp > now);
      if (!aLive && !bLive && !markerLive) continue;
      out.push({ pk, c1, c2, s, a: aLive ? a!.value : null, b: bLive ? b!.value : null });
    }
    if (out.length === 0 && s !== null && withStaticRow) out.push({ pk, c1: null, c2: null, s, a: null, b: null });
    return out;
  }

  scan(): Row[] {
    return [...this.partitions.keys()].sort((x, y) => x - y).flatMap((pk) => this.rowsOf(pk));
  }
}
