/**
 * @module test/crash/_workload
 * The deterministic workload of the crash tests (STYLE.md §29), shared by the writer child
 * (test/crash/writer.ts) and the tests that check what survived: two tables in keyspace
 * `crash`, the atomic batch of every sequence number (derived from the number alone, so a
 * writer restarted at any number writes the same thing), and a model that applies batches the
 * way Cassandra reconciles them. Every write of batch `seq` carries the timestamp
 * {@link timestampOf}(seq), strictly increasing with `seq`, so applying batches in sequence order
 * is last-write-wins.
 *
 * ```
 * crash.a (p text, c int, v text, b blob, PRIMARY KEY ((p), c))
 * crash.b (p text, q text, s text static, v text, n bigint, PRIMARY KEY ((p), q))
 * ```
 * Batches: inserts and updates of a few rows, row deletes, range deletes, partition deletes,
 * static-only updates, and batches spanning both tables. Keys come from a small key space, so
 * rows are overwritten and deleted again and again across memtables, segments and compactions.
 * Every text value, text key part and blob starts with the run's marker (empty in the crash
 * test, a `CANARY-…` string in the disk canary).
 */
import type { BatchWrite, CreateTableOptions, Row } from '../../src/index.js';

export const KEYSPACE = 'crash';
export const TABLE_A = 'a';
export const TABLE_B = 'b';

/** The clock of writer and checker (ms): 30 days after the first write, so a major compaction purges every tombstone. */
export const CLOCK_EPOCH_MS = Date.parse('2026-02-01T00:00:00Z');
/** Timestamp (µs) of sequence number 0. */
const BASE_TIMESTAMP_US = Date.parse('2026-01-01T00:00:00Z') * 1000;

/** Engine tunables of the crash tests: flushes and compactions all the time. */
export const CRASH_ENGINE = { memtableBytes: 4096, compactionThreshold: 2, blockSize: 1024 } as const;

const A_PARTITIONS = 6;
const A_ROWS = 40;
const B_PARTITIONS = 4;
const B_ROWS = 24;

/** The write timestamp (µs) of every write of batch `seq`. */
export function timestampOf(seq: number): number {
  return BASE_TIMESTAMP_US + seq * 1000;
}

/** The table definitions (created with ifNotExists). */
export function tableDefinitions(): CreateTableOptions[] {
  return [
    {
      keyspace: KEYSPACE,
      name: TABLE_A,
      columns: { p: 'text', c: 'int', v: 'text', b: 'blob' },
      partitionKey: ['p'],
      clustering: [{ name: 'c', order: 'ASC' }],
      ifNotExists: true,
    },
    {
      keyspace: KEYSPACE,
      name: TABLE_B,
      columns: { p: 'text', q: 'text', s: 'text', v: 'text', n: 'bigint' },
      partitionKey: ['p'],
      clustering: [{ name: 'q', order: 'ASC' }],
      static: ['s'],
      ifNotExists: true,
    },
  ];
}

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const utf8 = new TextEncoder();

/** Partition key of table a, number k. */
export const aPartition = (marker: string, k: number): string => `${marker}ap${k}`;
/** Partition key of table b, number k. */
export const bPartition = (marker: string, k: number): string => `${marker}bp${k}`;
/** Clustering key of table b, number j (zero-padded: text order is number order). */
export const bClustering = (marker: string, j: number): string => `${marker}q${String(j).padStart(2, '0')}`;

function blobOf(marker: string, seq: number, i: number, rand: () => number): Uint8Array {
  const head = utf8.encode(`${marker}b${seq}.${i}:`);
  const out = new Uint8Array(head.length + 48 + Math.floor(rand() * 160));
  out.set(head);
  for (let k = head.length; k < out.length; k++) out[k] = Math.floor(rand() * 256);
  return out;
}

/** `count` distinct integers below `n`. */
function distinct(rand: () => number, n: number, count: number): number[] {
  const out = new Set<number>();
  while (out.size < Math.min(count, n)) out.add(Math.floor(rand() * n));
  return [...out];
}

function aWrites(kind: string, seq: number, marker: string, rand: () => number): BatchWrite[] {
  const ts = timestampOf(seq);
  const p = aPartition(marker, Math.floor(rand() * A_PARTITIONS));
  const base = { keyspace: KEYSPACE, table: TABLE_A, timestamp: ts };
  switch (kind) {
    case 'insert':
      return distinct(rand, A_ROWS, 1 + Math.floor(rand() * 7)).map((c, i) => ({ ...base, op: 'insert', row: { p, c, v: `${marker}v${seq}.${i}`, b: blobOf(marker, seq, i, rand) } }));
    case 'update':
      return distinct(rand, A_ROWS, 1 + Math.floor(rand() * 4)).map((c, i) => ({ ...base, op: 'update', key: { p, c }, set: { v: `${marker}u${seq}.${i}` } }));
    case 'delete':
      return distinct(rand, A_ROWS, 1 + Math.floor(rand() * 4)).map((c) => ({ ...base, op: 'delete', key: { p, c } }));
    case 'range': {
      const from = Math.floor(rand() * A_ROWS);
      const to = from + 1 + Math.floor(rand() * 10);
      return [{ ...base, op: 'delete', key: { p }, where: [{ column: 'c', op: '>=', value: from }, { column: 'c', op: '<', value: to }] }];
    }
    case 'partition':
      return [{ ...base, op: 'delete', key: { p } }];
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

function bWrites(kind: string, seq: number, marker: string, rand: () => number): BatchWrite[] {
  const ts = timestampOf(seq);
  const p = bPartition(marker, Math.floor(rand() * B_PARTITIONS));
  const base = { keyspace: KEYSPACE, table: TABLE_B, timestamp: ts };
  switch (kind) {
    case 'insert': {
      const withStatic = rand() < 0.3;
      return distinct(rand, B_ROWS, 1 + Math.floor(rand() * 5)).map((j, i) => ({
        ...base,
        op: 'insert',
        row: { p, q: bClustering(marker, j), v: `${marker}w${seq}.${i}`, n: BigInt(seq) * 1000n + BigInt(i), ...(withStatic && i === 0 ? { s: `${marker}s${seq}` } : {}) },
      }));
    }
    case 'static':
      return [{ ...base, op: 'update', key: { p }, set: { s: `${marker}t${seq}` } }];
    case 'delete':
      return distinct(rand, B_ROWS, 1 + Math.floor(rand() * 3)).map((j) => ({ ...base, op: 'delete', key: { p, q: bClustering(marker, j) } }));
    case 'partition':
      return [{ ...base, op: 'delete', key: { p } }];
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

/** The atomic batch of sequence number `seq` (≥ 1). */
export function batchOf(seq: number, marker: string): BatchWrite[] {
  const rand = prng(Math.imul(seq, 0x9e3779b1) ^ 0x5eed);
  const r = rand();
  if (r < 0.34) return aWrites('insert', seq, marker, rand);
  if (r < 0.44) return aWrites('update', seq, marker, rand);
  if (r < 0.53) return aWrites('delete', seq, marker, rand);
  if (r < 0.58) return aWrites('range', seq, marker, rand);
  if (r < 0.6) return aWrites('partition', seq, marker, rand);
  if (r < 0.72) return bWrites('insert', seq, marker, rand);
  if (r < 0.77) return bWrites('static', seq, marker, rand);
  if (r < 0.81) return bWrites('delete', seq, marker, rand);
  if (r < 0.83) return bWrites('partition', seq, marker, rand);
  // Both tables in one batch.
  const a = aWrites(rand() < 0.7 ? 'insert' : 'delete', seq, marker, rand);
  const b = bWrites(rand() < 0.7 ? 'insert' : 'static', seq, marker, rand);
  return [...a, ...b];
}

interface ARow {
  v: string | null;
  b: Uint8Array | null;
}
interface BPartition {
  s: string | null;
  rows: Map<string, { v: string; n: bigint }>;
}

function hex(b: Uint8Array | null): string | null {
  return b === null ? null : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** Canonical text of a row as the store returns it (blobs in hex, bigints in decimal). */
export function canonicalRow(row: Row): string {
  return JSON.stringify(Object.keys(row).sort().map((k) => {
    const v = row[k];
    if (v instanceof Uint8Array) return [k, 'blob', hex(v)];
    if (typeof v === 'bigint') return [k, 'bigint', v.toString()];
    return [k, v ?? null];
  }));
}

/** The expected content of both tables after a sequence of batches (Cassandra's rules, one timestamp per batch, increasing). */
export class Model {
  readonly a = new Map<string, Map<number, ARow>>();
  readonly b = new Map<string, BPartition>();

  clone(): Model {
    const m = new Model();
    for (const [p, rows] of this.a) m.a.set(p, new Map([...rows].map(([c, r]) => [c, { ...r }])));
    for (const [p, part] of this.b) m.b.set(p, { s: part.s, rows: new Map([...part.rows].map(([q, r]) => [q, { ...r }])) });
    return m;
  }

  /** Applies one batch. */
  apply(writes: readonly BatchWrite[]): void {
    for (const w of writes) (w.table === TABLE_A ? this.#applyA(w) : this.#applyB(w));
  }

  #applyA(w: BatchWrite): void {
    if (w.op === 'insert') {
      const r = w.row as { p: string; c: number; v: string; b: Uint8Array };
      this.#aPartition(r.p).set(r.c, { v: r.v, b: r.b });
    } else if (w.op === 'update') {
      const k = w.key as { p: string; c: number };
      const rows = this.#aPartition(k.p);
      const existing = rows.get(k.c);
      rows.set(k.c, { v: w.set.v as string, b: existing?.b ?? null });
    } else {
      const k = w.key as { p: string; c?: number };
      const rows = this.a.get(k.p);
      if (!rows) return;
      if (k.c !== undefined) rows.delete(k.c);
      else if (w.where && w.where.length > 0) {
        for (const c of [...rows.keys()]) if (w.where.every((r) => compare(c, r.op, r.value as number))) rows.delete(c);
      } else rows.clear();
    }
  }

  #applyB(w: BatchWrite): void {
    if (w.op === 'insert') {
      const r = w.row as { p: string; q: string; v: string; n: bigint; s?: string };
      const part = this.#bPartition(r.p);
      part.rows.set(r.q, { v: r.v, n: r.n });
      if (r.s !== undefined) part.s = r.s;
    } else if (w.op === 'update') {
      this.#bPartition((w.key as { p: string }).p).s = w.set.s as string;
    } else {
      const k = w.key as { p: string; q?: string };
      if (k.q !== undefined) this.b.get(k.p)?.rows.delete(k.q);
      else this.b.delete(k.p);
    }
  }

  #aPartition(p: string): Map<number, ARow> {
    let rows = this.a.get(p);
    if (!rows) this.a.set(p, (rows = new Map()));
    return rows;
  }

  #bPartition(p: string): BPartition {
    let part = this.b.get(p);
    if (!part) this.b.set(p, (part = { s: null, rows: new Map() }));
    return part;
  }

  /** The live rows of table a, canonical, sorted by partition then clustering. */
  rowsA(): string[] {
    const out: string[] = [];
    for (const p of [...this.a.keys()].sort()) {
      const rows = this.a.get(p)!;
      for (const c of [...rows.keys()].sort((x, y) => x - y)) {
        const r = rows.get(c)!;
        out.push(canonicalRow({ p, c, v: r.v, b: r.b }));
      }
    }
    return out;
  }

  /** The live rows of table b, canonical, sorted by partition then clustering; a partition with only its static column is one row with null clustering. */
  rowsB(): string[] {
    const out: string[] = [];
    for (const p of [...this.b.keys()].sort()) {
      const part = this.b.get(p)!;
      if (part.rows.size === 0) {
        if (part.s !== null) out.push(canonicalRow({ p, q: null, s: part.s, v: null, n: null }));
        continue;
      }
      for (const q of [...part.rows.keys()].sort()) {
        const r = part.rows.get(q)!;
        out.push(canonicalRow({ p, q, s: part.s, v: r.v, n: r.n }));
      }
    }
    return out;
  }
}

function compare(c: number, op: string, value: number): boolean {
  switch (op) {
    case '>=':
      return c >= value;
    case '>':
      return c > value;
    case '<':
      return c < value;
    case '<=':
      return c <= value;
    default:
      return c === value;
  }
}
