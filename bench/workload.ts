/**
 * @module bench/workload
 * The workload of the comparison benchmark (issue 6), identical for every engine and derived
 * from a seed alone: `partitions` partitions (`user-<n>`) × `rows` rows, the clustering key a
 * 64-bit timestamp in microseconds (ascending, one second apart plus a seeded jitter under a
 * second), three text columns of 100 lowercase ASCII characters and one 256-byte blob (about
 * 600 bytes a row). Every row is computed from `(seed, partition, row)` on demand, so a child
 * process never holds the data set in memory (its peak RSS is the engine's, plus a constant)
 * and can check any read against what was written.
 *
 * Also: the command-line flags every bench script shares, the key lists of the read phases
 * (seeded, so every engine reads the same keys in the same order), and the row comparison.
 */
import type { BenchRow } from './engines/types.js';

/** The size and shape of one benchmark run. */
export interface Workload {
  /** Number of partitions. Default 1,000. */
  partitions: number;
  /** Rows per partition. Default 100. */
  rows: number;
  /** Rows per load batch (one atomic batch each). Default 100. */
  batch: number;
  /** Distinct keys the warm point-read phase cycles over (and checks before timing). Default 10,000. */
  reads: number;
  /** Point reads right after reopening, each key once (the cold phase). Default 1,000. */
  coldReads: number;
  /** Distinct partitions the partition-read phase cycles over. Default 1,000. */
  partitionReads: number;
  /** Time budget of each tinybench read phase, in ms. Default 2,000. */
  timeMs: number;
  /** Repetitions of the table-key cache-miss measurement (engines that have one). Default 20. */
  kmsMisses: number;
  /** Trials per engine (the orchestrator's business; children run one). Default 3. */
  trials: number;
  /** The seed every value derives from. Default 42. */
  seed: number;
}

export const DEFAULT_WORKLOAD: Readonly<Workload> = {
  partitions: 1000,
  rows: 100,
  batch: 100,
  reads: 10_000,
  coldReads: 1000,
  partitionReads: 1000,
  timeMs: 2000,
  kmsMisses: 20,
  trials: 3,
  seed: 42,
};

/** The `parseArgs` options of the workload flags (kebab-case, as on the command line). */
export const WORKLOAD_FLAGS = {
  partitions: { type: 'string' },
  rows: { type: 'string' },
  batch: { type: 'string' },
  reads: { type: 'string' },
  'cold-reads': { type: 'string' },
  'partition-reads': { type: 'string' },
  time: { type: 'string' },
  'kms-misses': { type: 'string' },
  trials: { type: 'string' },
  seed: { type: 'string' },
} as const;

/**
 * The workload the flags describe (defaults for absent flags).
 * @throws {@link RangeError} naming the flag when a value is not a positive integer (seed: not a non-negative one)
 */
export function workloadFromFlags(values: Partial<Record<keyof typeof WORKLOAD_FLAGS, string | undefined>>): Workload {
  const int = (flag: keyof typeof WORKLOAD_FLAGS, fallback: number, min = 1): number => {
    const text = values[flag];
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`--${flag} must be an integer ≥ ${min}, got ${text}`);
    return n;
  };
  return {
    partitions: int('partitions', DEFAULT_WORKLOAD.partitions),
    rows: int('rows', DEFAULT_WORKLOAD.rows),
    batch: int('batch', DEFAULT_WORKLOAD.batch),
    reads: int('reads', DEFAULT_WORKLOAD.reads),
    coldReads: int('cold-reads', DEFAULT_WORKLOAD.coldReads),
    partitionReads: int('partition-reads', DEFAULT_WORKLOAD.partitionReads),
    timeMs: int('time', DEFAULT_WORKLOAD.timeMs),
    kmsMisses: int('kms-misses', DEFAULT_WORKLOAD.kmsMisses, 0),
    trials: int('trials', DEFAULT_WORKLOAD.trials),
    seed: int('seed', DEFAULT_WORKLOAD.seed, 0),
  };
}

/** The flags that reproduce a workload in a child process. */
export function workloadToFlags(w: Workload): string[] {
  return [
    '--partitions', String(w.partitions),
    '--rows', String(w.rows),
    '--batch', String(w.batch),
    '--reads', String(w.reads),
    '--cold-reads', String(w.coldReads),
    '--partition-reads', String(w.partitionReads),
    '--time', String(w.timeMs),
    '--kms-misses', String(w.kmsMisses),
    '--trials', String(w.trials),
    '--seed', String(w.seed),
  ];
}

/** mulberry32: a small, fast, deterministic PRNG of 32-bit words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A 32-bit seed mixing the run's seed with up to two integers (so every row has its own stream). */
function mix(seed: number, x: number, y: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(x + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(y + 0x165667b1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** 2026-01-01T00:00:00Z in microseconds: the first clustering timestamp. */
const BASE_US = 1_767_225_600_000_000n;
const TEXT_LENGTH = 100;
export const BLOB_LENGTH = 256;

/** The partition key of partition `p`. */
export function pkOf(p: number): string {
  return `user-${p}`;
}

/** The clustering key of row `r` of partition `p`: ascending in `r` (one second apart, jitter under a second). */
export function ckOf(w: Workload, p: number, r: number): bigint {
  const jitter = mix(w.seed, p, ~r) % 1_000_000;
  return BASE_US + BigInt(r) * 1_000_000n + BigInt(jitter);
}

/** Row `r` of partition `p`, computed from the seed. */
export function rowAt(w: Workload, p: number, r: number): BenchRow {
  const next = prng(mix(w.seed, p, r));
  const letters = Buffer.allocUnsafe(3 * TEXT_LENGTH);
  for (let i = 0; i < letters.length; i += 4) {
    const word = next();
    for (let j = 0; j < 4 && i + j < letters.length; j++) letters[i + j] = 97 + (((word >>> (8 * j)) & 0xff) % 26);
  }
  const blob = new Uint8Array(BLOB_LENGTH);
  const words = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  for (let i = 0; i < BLOB_LENGTH; i += 4) words.setUint32(i, next());
  return {
    pk: pkOf(p),
    ck: ckOf(w, p, r),
    a: letters.toString('latin1', 0, TEXT_LENGTH),
    b: letters.toString('latin1', TEXT_LENGTH, 2 * TEXT_LENGTH),
    c: letters.toString('latin1', 2 * TEXT_LENGTH, 3 * TEXT_LENGTH),
    blob,
  };
}

/** The load batches in order: partition by partition, rows ascending, `batch` rows each (the last may be shorter). */
export function* loadBatches(w: Workload): Generator<BenchRow[]> {
  let batch: BenchRow[] = [];
  for (let p = 0; p < w.partitions; p++) {
    for (let r = 0; r < w.rows; r++) {
      batch.push(rowAt(w, p, r));
      if (batch.length === w.batch) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** One point read: partition and row numbers. */
export interface ReadKey {
  p: number;
  r: number;
  pk: string;
  ck: bigint;
}

/** Salts of the key lists, so the warm and cold phases read different keys. */
export const KEY_LIST = { warm: 1, cold: 2, miss: 3, partitions: 4 } as const;

/** `n` random full keys (uniform over the data set), the same for every engine. */
export function pointReadKeys(w: Workload, n: number, salt: number): ReadKey[] {
  const next = prng(mix(w.seed, 0x5eed, salt));
  const keys: ReadKey[] = [];
  for (let i = 0; i < n; i++) {
    const p = next() % w.partitions;
    const r = next() % w.rows;
    keys.push({ p, r, pk: pkOf(p), ck: ckOf(w, p, r) });
  }
  return keys;
}

/** `n` random partition numbers, the same for every engine. */
export function partitionReadKeys(w: Workload, n: number): number[] {
  const next = prng(mix(w.seed, 0x9a27, KEY_LIST.partitions));
  return Array.from({ length: n }, () => next() % w.partitions);
}

/** Why `got` is not `want`, or undefined when they are equal. */
export function rowMismatch(got: BenchRow | undefined, want: BenchRow): string | undefined {
  if (got === undefined) return `missing row ${want.pk}/${want.ck}`;
  for (const k of ['pk', 'ck', 'a', 'b', 'c'] as const)
    if (got[k] !== want[k]) return `row ${want.pk}/${want.ck}: ${k} is ${JSON.stringify(String(got[k])).slice(0, 40)}, want ${JSON.stringify(String(want[k])).slice(0, 40)}`;
  if (!(got.blob instanceof Uint8Array) || Buffer.compare(got.blob, want.blob) !== 0) return `row ${want.pk}/${want.ck}: blob differs`;
  return undefined;
}

/** Why a partition read of partition `p` is wrong (count, order, contents), or undefined. */
export function partitionMismatch(w: Workload, p: number, got: readonly BenchRow[]): string | undefined {
  if (got.length !== w.rows) return `partition ${pkOf(p)}: ${got.length} rows, want ${w.rows}`;
  for (let r = 0; r < w.rows; r++) {
    const m = rowMismatch(got[r], rowAt(w, p, r));
    if (m) return `partition ${pkOf(p)} position ${r}: ${m}`;
  }
  return undefined;
}

/** The data set's logical size in bytes: keys, texts and blobs, no overhead (for MB/s figures). */
export function logicalBytes(w: Workload): number {
  let pkBytes = 0;
  for (let p = 0; p < w.partitions; p++) pkBytes += pkOf(p).length;
  return w.rows * (pkBytes + w.partitions * (8 + 3 * TEXT_LENGTH + BLOB_LENGTH));
}
