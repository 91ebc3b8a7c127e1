/**
 * @module bench/engines/types
 * The one interface every engine of the comparison benchmark implements (issue 6): the same
 * workload — partition key text `user-<n>`, clustering key a 64-bit timestamp, three text
 * columns of about 100 bytes and a 256-byte blob (about 600 bytes a row) — loaded in batches,
 * read by full key and by whole partition in clustering order, closed and reopened.
 */

/** One row of the workload. */
export interface BenchRow {
  /** `user-<n>` */
  pk: string;
  /** A 64-bit timestamp (µs), the clustering key, ascending. */
  ck: bigint;
  a: string;
  b: string;
  c: string;
  /** 256 bytes. */
  blob: Uint8Array;
}

/** An engine under test, in its own process. */
export interface Engine {
  /** Opens (creating on first use) the engine's data in `dir`. */
  open(dir: string): Promise<void>;
  /** Writes rows in one atomic batch (one transaction). */
  loadBatch(rows: readonly BenchRow[]): Promise<void>;
  /** The row with this full primary key, or undefined. */
  get(pk: string, ck: bigint): Promise<BenchRow | undefined>;
  /** Every row of a partition, in clustering order. */
  partition(pk: string): Promise<BenchRow[]>;
  /** Makes everything durable and closes (a later `open` on the same dir reopens it). */
  close(): Promise<void>;
  /** Optional engine maintenance: memtable → segment, and merging segments. */
  flush?(): Promise<void>;
  compact?(): Promise<void>;
}

/** How the harness finds an engine. */
export interface EngineFactory {
  /** Short stable name: `sealtable-aws-owned`, `sealtable-cmk`, `sealtable-null-cipher`, `classic-level`, `better-sqlite3`, `sqlcipher`. */
  readonly name: string;
  /** `true`, or why the engine cannot run here (e.g. an optional package is not installed). */
  available(): Promise<true | string>;
  /** A fresh engine object (the process may call `open` on it once). */
  create(): Promise<Engine>;
}
