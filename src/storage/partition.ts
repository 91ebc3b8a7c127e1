/**
 * @module storage/partition
 * The engine's data model and Cassandra's reconciliation rules (DESIGN.md "Storage engine").
 * A partition holds an optional partition deletion, range tombstones over clustering keys, an
 * optional static row and rows keyed by their encoded clustering key. Every cell carries a
 * write timestamp in microseconds; the newest write wins (a tombstone wins a tie, then the
 * greater value). A deletion at timestamp T shadows every cell written at or before T. A TTL
 * cell stops being live at `expiresAt` (epoch ms of the store's clock).
 *
 * Keys are opaque bytes here: the table layer encodes them with an order-preserving codec, so
 * byte order is CQL order.
 */
import { compareBytes } from './kv/index.js';

/** One column value (or cell tombstone) with its write time. */
export interface Cell {
  /** Write timestamp, microseconds. */
  ts: number;
  /** Encoded value; `null` for a cell tombstone. */
  value: Uint8Array | null;
  /** Epoch ms after which the cell is no longer live (TTL). */
  expiresAt?: number;
  /** The TTL in seconds the cell was written with (for TTL(col)). */
  ttl?: number;
}

/** A row's liveness marker: written by INSERT, so a row exists even when its columns are null. */
export interface RowMarker {
  ts: number;
  expiresAt?: number;
  ttl?: number;
}

/** A row (or the static row) of a partition. */
export interface RowState {
  marker?: RowMarker;
  /** Row deletion timestamp. */
  deletion?: number;
  /** Column id → cell. */
  cells: Map<number, Cell>;
}

/** A clustering bound: an encoded clustering prefix, inclusive or not. */
export interface Bound {
  key: Uint8Array;
  inclusive: boolean;
}

/** Deletes every row whose clustering key lies between the bounds (absent bound = open). */
export interface RangeTombstone {
  start?: Bound;
  end?: Bound;
  ts: number;
}

/** A partition, or an update to one. */
export interface PartitionState {
  key: Uint8Array;
  deletion?: number;
  ranges: RangeTombstone[];
  staticRow?: RowState;
  /** Encoded clustering key (hex) → row. */
  rows: Map<string, { clustering: Uint8Array; row: RowState }>;
}

/** A new, empty partition state. */
export function emptyPartition(key: Uint8Array): PartitionState {
  return { key, ranges: [], rows: new Map() };
}

/** Hex of bytes, used as a map key for clustering keys. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** True when `a` wins over `b` under Cassandra's rules. */
export function cellWins(a: Cell, b: Cell): boolean {
  if (a.ts !== b.ts) return a.ts > b.ts;
  if (a.value === null || b.value === null) return a.value === null && b.value !== null;
  const byValue = compareBytes(a.value, b.value);
  if (byValue !== 0) return byValue > 0;
  return (a.expiresAt ?? Infinity) > (b.expiresAt ?? Infinity);
}

function maxTs(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** Merges `from` into `into` (both rows of the same key). */
export function mergeRow(into: RowState, from: RowState): void {
  const deletion = maxTs(into.deletion, from.deletion);
  if (deletion !== undefined) into.deletion = deletion;
  if (from.marker && (!into.marker || from.marker.ts > into.marker.ts || (from.marker.ts === into.marker.ts && (from.marker.expiresAt ?? Infinity) > (into.marker.expiresAt ?? Infinity))))
    into.marker = { ...from.marker };
  for (const [col, cell] of from.cells) {
    const current = into.cells.get(col);
    if (!current || cellWins(cell, current)) into.cells.set(col, cell);
  }
}

/** Merges the update `from` into `into` (same partition key). */
export function mergePartition(into: PartitionState, from: PartitionState): void {
  const deletion = maxTs(into.deletion, from.deletion);
  if (deletion !== undefined) into.deletion = deletion;
  for (const r of from.ranges) into.ranges.push(r);
  if (from.staticRow) {
    if (!into.staticRow) into.staticRow = { cells: new Map() };
    mergeRow(into.staticRow, from.staticRow);
  }
  for (const [hex, entry] of from.rows) {
    const existing = into.rows.get(hex);
    if (existing) mergeRow(existing.row, entry.row);
    else into.rows.set(hex, { clustering: entry.clustering, row: cloneRow(entry.row) });
  }
}

/** A deep copy of a row (cells are immutable values). */
export function cloneRow(row: RowState): RowState {
  const out: RowState = { cells: new Map(row.cells) };
  if (row.marker) out.marker = { ...row.marker };
  if (row.deletion !== undefined) out.deletion = row.deletion;
  return out;
}

/** A deep copy of a partition. */
export function clonePartition(p: PartitionState): PartitionState {
  const out = emptyPartition(p.key);
  mergePartition(out, p);
  return out;
}

/** True when the clustering key lies within the range tombstone's bounds. */
export function inRange(clustering: Uint8Array, range: RangeTombstone): boolean {
  if (range.start) {
    const c = comparePrefixBound(clustering, range.start.key);
    if (c < 0 || (c === 0 && !range.start.inclusive)) return false;
  }
  if (range.end) {
    const c = comparePrefixBound(clustering, range.end.key);
    if (c > 0 || (c === 0 && !range.end.inclusive)) return false;
  }
  return true;
}

/**
 * Compares a full clustering key with a bound that may be a prefix: 0 when the key starts
 * with the bound (it is "at" the bound), else the byte order.
 */
export function comparePrefixBound(key: Uint8Array, bound: Uint8Array): number {
  if (key.length >= bound.length) {
    const head = compareBytes(key.subarray(0, bound.length), bound);
    return head;
  }
  return compareBytes(key, bound);
}

/** The newest deletion timestamp covering a row: partition, range or row deletion. */
export function shadowingDeletion(p: PartitionState, clustering: Uint8Array | undefined, row: RowState): number | undefined {
  let d = maxTs(p.deletion, row.deletion);
  if (clustering) for (const r of p.ranges) if (inRange(clustering, r)) d = maxTs(d, r.ts);
  return d;
}

/** A cell is live at `now` when it holds a value, is not expired and is newer than any deletion covering it. */
export function cellIsLive(cell: Cell, deletion: number | undefined, now: number): boolean {
  if (cell.value === null) return false;
  if (deletion !== undefined && cell.ts <= deletion) return false;
  return cell.expiresAt === undefined || cell.expiresAt > now;
}

/** A marker is live at `now` when newer than any deletion covering it and not expired. */
export function markerIsLive(marker: RowMarker | undefined, deletion: number | undefined, now: number): boolean {
  if (!marker) return false;
  if (deletion !== undefined && marker.ts <= deletion) return false;
  return marker.expiresAt === undefined || marker.expiresAt > now;
}

/**
 * Drops what can never be visible again, for compaction: cells, markers and rows shadowed by a
 * deletion, and — when `purgeBefore` is given (a major compaction past the grace period) —
 * tombstones and expired cells older than it (ms epoch; cell times are µs).
 * @returns the partition, or undefined when nothing is left
 */
export function compactPartition(p: PartitionState, now: number, purgeBefore: number | undefined): PartitionState | undefined {
  const purgeUs = purgeBefore === undefined ? undefined : purgeBefore * 1000;
  const out = emptyPartition(p.key);
  if (p.deletion !== undefined && (purgeUs === undefined || p.deletion >= purgeUs)) out.deletion = p.deletion;
  for (const r of p.ranges) {
    if (p.deletion !== undefined && r.ts <= p.deletion) continue;
    if (purgeUs !== undefined && r.ts < purgeUs) continue;
    out.ranges.push(r);
  }
  const keepRow = (clustering: Uint8Array | undefined, row: RowState): RowState | undefined => {
    const deletion = shadowingDeletion(p, clustering, row);
    const kept: RowState = { cells: new Map() };
    if (row.deletion !== undefined && (p.deletion === undefined || row.deletion > p.deletion) && (purgeUs === undefined || row.deletion >= purgeUs))
      kept.deletion = row.deletion;
    if (row.marker && (deletion === undefined || row.marker.ts > deletion)) {
      const expired = row.marker.expiresAt !== undefined && row.marker.expiresAt <= now;
      if (!(expired && purgeBefore !== undefined && row.marker.expiresAt! <= purgeBefore)) kept.marker = row.marker;
    }
    for (const [col, cell] of row.cells) {
      if (deletion !== undefined && cell.ts <= deletion) continue;
      const dead = cell.value === null || (cell.expiresAt !== undefined && cell.expiresAt <= now);
      if (dead && purgeUs !== undefined) {
        const deadSince = cell.value === null ? cell.ts : cell.expiresAt! * 1000;
        if (deadSince < purgeUs) continue;
      }
      kept.cells.set(col, cell);
    }
    return kept.marker || kept.deletion !== undefined || kept.cells.size > 0 ? kept : undefined;
  };
  if (p.staticRow) {
    const s = keepRow(undefined, p.staticRow);
    if (s) out.staticRow = s;
  }
  for (const [hex, { clustering, row }] of p.rows) {
    const r = keepRow(clustering, row);
    if (r) out.rows.set(hex, { clustering, row: r });
  }
  const empty = out.deletion === undefined && out.ranges.length === 0 && !out.staticRow && out.rows.size === 0;
  return empty ? undefined : out;
}

/** The rows of a partition in clustering byte order. */
export function sortedRows(p: PartitionState): { clustering: Uint8Array; row: RowState }[] {
  return [...p.rows.values()].sort((a, b) => compareBytes(a.clustering, b.clustering));
}
