/**
 * @module storage/memtable
 * The in-memory, sorted, mutable part of a table (Cassandra's memtable): partitions in a B+ tree
 * (`sorted-btree`) ordered by encoded partition key, each merged with Cassandra's rules as
 * updates arrive. It holds plaintext row data and lives only in memory; the encrypted log makes
 * it durable and a flush turns it into an encrypted segment.
 */
import { BTree } from './_btree.js';
import { compareBytes } from './kv/index.js';
import { clonePartition, mergePartition, mergeRow, type PartitionState } from './partition.js';

/** Where a key-ordered iteration starts. */
export interface KeyStart {
  key: Uint8Array;
  inclusive: boolean;
}

/** True when `key` is at or past the start. */
export function afterStart(key: Uint8Array, start: KeyStart): boolean {
  const c = compareBytes(key, start.key);
  return start.inclusive ? c >= 0 : c > 0;
}

function rowSize(cells: Map<number, { value: Uint8Array | null }>): number {
  let s = 32;
  for (const c of cells.values()) s += 24 + (c.value?.length ?? 0);
  return s;
}

/** Approximate bytes a partition update adds (for the flush threshold). */
export function updateSize(p: PartitionState): number {
  let n = p.key.length + 32 + p.ranges.length * 48;
  if (p.staticRow) n += rowSize(p.staticRow.cells);
  for (const { clustering, row } of p.rows.values()) n += clustering.length + rowSize(row.cells);
  return n;
}

/** `mergePartition(into, from)`, with the rows `into` lacks taken from `from` rather than copied. */
function mergeAdopting(into: PartitionState, from: PartitionState): void {
  if (from.deletion !== undefined && (into.deletion === undefined || from.deletion > into.deletion)) into.deletion = from.deletion;
  for (const r of from.ranges) into.ranges.push(r);
  if (from.staticRow) {
    if (into.staticRow) mergeRow(into.staticRow, from.staticRow);
    else into.staticRow = from.staticRow;
  }
  for (const [hex, entry] of from.rows) {
    const existing = into.rows.get(hex);
    if (existing) mergeRow(existing.row, entry.row);
    else into.rows.set(hex, entry);
  }
}

/** A memtable. */
export class Memtable {
  readonly #tree: BTree<Uint8Array, PartitionState> = new BTree<Uint8Array, PartitionState>(undefined, compareBytes);
  #bytes = 0;
  #updates = 0;
  /** The partition {@link Memtable.adopt} wrote last (a live partition of the tree). */
  #last: PartitionState | undefined;

  /** Approximate plaintext bytes held. */
  get bytes(): number {
    return this.#bytes;
  }
  /** Number of updates applied. */
  get updates(): number {
    return this.#updates;
  }
  /** Number of partitions. */
  get size(): number {
    return this.#tree.size;
  }

  /** Merges an update (copied: the caller keeps its object). */
  apply(update: PartitionState): void {
    const existing = this.#tree.get(update.key);
    if (existing) mergePartition(existing, update);
    else this.#tree.set(update.key, clonePartition(update));
    this.#bytes += updateSize(update);
    this.#updates += 1;
  }

  /**
   * Merges an update whose objects the caller hands over: it keeps no reference to the update,
   * its rows or row states, and does not change them. The memtable takes them as they are
   * instead of copying them (the same contents as {@link Memtable.apply}).
   */
  adopt(update: PartitionState): void {
    // A batch usually writes one partition after another: try the partition adopted last first.
    const last = this.#last;
    const existing = last !== undefined && compareBytes(last.key, update.key) === 0 ? last : this.#tree.get(update.key);
    if (!existing) {
      this.#tree.set(update.key, update);
      this.#last = update;
    } else {
      mergeAdopting(existing, update);
      this.#last = existing;
    }
    this.#bytes += updateSize(update);
    this.#updates += 1;
  }

  /** The partition (live object: callers must copy before changing it). */
  get(key: Uint8Array): PartitionState | undefined {
    return this.#tree.get(key);
  }

  /** Partitions in key order, from `start` (inclusive or not) when given. */
  *partitions(start?: KeyStart): IterableIterator<PartitionState> {
    for (const [k, p] of this.#tree.entries(start?.key)) {
      if (start && !afterStart(k, start)) continue;
      yield p;
    }
  }
}
