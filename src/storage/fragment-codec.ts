/**
 * @module storage/fragment-codec
 * Binary form of partition states (whole partitions or updates to them), the plaintext inside
 * log records and segment data blocks. Big-endian; timestamps as float64 (exact for integers
 * below 2^53: microsecond times until the year 2255).
 *
 * ```
 * fragment  = u32 keyLen key · u8 flags(1 deletion, 2 static) · [f64 deletion]
 *             · u32 nRanges (range)* · [row] · u32 nRows (u32 len clustering · row)*
 * range     = u8 flags(1 start, 2 startIncl, 4 end, 8 endIncl) · [u32 len key] · [u32 len key] · f64 ts
 * row       = u8 flags(1 marker, 2 markerTtl, 4 deletion) · [f64 ts] · [f64 expiresAt · u32 ttl] · [f64 deletion]
 *             · u32 nCells (u32 column · u8 flags(1 value, 2 ttl) · f64 ts · [f64 expiresAt · u32 ttl] · [u32 len value])*
 * ```
 */
import type { CopyArena } from '../common/copy-arena.js';
import { ByteReader, ByteWriter } from './_bytes.js';
import { emptyPartition, hexOf, type Cell, type PartitionState, type RangeTombstone, type RowState } from './partition.js';

function writeRow(w: ByteWriter, row: RowState): void {
  const m = row.marker;
  w.u8((m ? 1 : 0) | (m?.expiresAt !== undefined ? 2 : 0) | (row.deletion !== undefined ? 4 : 0));
  if (m) {
    w.f64(m.ts);
    if (m.expiresAt !== undefined) {
      w.f64(m.expiresAt);
      w.u32(m.ttl ?? 0);
    }
  }
  if (row.deletion !== undefined) w.f64(row.deletion);
  w.u32(row.cells.size);
  for (const [col, cell] of row.cells) {
    w.u32(col);
    w.u8((cell.value !== null ? 1 : 0) | (cell.expiresAt !== undefined ? 2 : 0));
    w.f64(cell.ts);
    if (cell.expiresAt !== undefined) {
      w.f64(cell.expiresAt);
      w.u32(cell.ttl ?? 0);
    }
    if (cell.value !== null) w.lenBytes(cell.value);
  }
}

/** Reads one row (what follows its clustering key). */
export function readRow(r: ByteReader): RowState {
  const flags = r.u8();
  const row: RowState = { cells: new Map() };
  if (flags & 1) {
    const ts = r.f64();
    row.marker = flags & 2 ? { ts, expiresAt: r.f64(), ttl: r.u32() } : { ts };
  }
  if (flags & 4) row.deletion = r.f64();
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const col = r.u32();
    const f = r.u8();
    const ts = r.f64();
    const cell: Cell = { ts, value: null };
    if (f & 2) {
      cell.expiresAt = r.f64();
      cell.ttl = r.u32();
    }
    if (f & 1) cell.value = r.lenBytes();
    row.cells.set(col, cell);
  }
  return row;
}

/** Appends one partition fragment (optionally only some of its rows). */
export function writeFragment(w: ByteWriter, p: PartitionState, rows?: readonly { clustering: Uint8Array; row: RowState }[]): void {
  w.lenBytes(p.key);
  w.u8((p.deletion !== undefined ? 1 : 0) | (p.staticRow ? 2 : 0));
  if (p.deletion !== undefined) w.f64(p.deletion);
  w.u32(p.ranges.length);
  for (const rt of p.ranges) writeRange(w, rt);
  if (p.staticRow) writeRow(w, p.staticRow);
  if (rows) {
    w.u32(rows.length);
    for (const { clustering, row } of rows) {
      w.lenBytes(clustering);
      writeRow(w, row);
    }
    return;
  }
  w.u32(p.rows.size);
  for (const { clustering, row } of p.rows.values()) {
    w.lenBytes(clustering);
    writeRow(w, row);
  }
}

function writeRange(w: ByteWriter, rt: RangeTombstone): void {
  w.u8((rt.start ? 1 : 0) | (rt.start?.inclusive ? 2 : 0) | (rt.end ? 4 : 0) | (rt.end?.inclusive ? 8 : 0));
  if (rt.start) w.lenBytes(rt.start.key);
  if (rt.end) w.lenBytes(rt.end.key);
  w.f64(rt.ts);
}

/** Reads one partition fragment. */
export function readFragment(r: ByteReader): PartitionState {
  const p = readFragmentHead(r, r.lenBytes());
  const nRows = r.u32();
  for (let i = 0; i < nRows; i++) {
    const clustering = r.lenBytes();
    p.rows.set(hexOf(clustering), { clustering, row: readRow(r) });
  }
  return p;
}

/**
 * Reads what a fragment holds before its rows (flags, partition deletion, range tombstones,
 * static row), the key already read; leaves `r` at the row count.
 */
export function readFragmentHead(r: ByteReader, key: Uint8Array): PartitionState {
  const p = emptyPartition(key);
  const flags = r.u8();
  if (flags & 1) p.deletion = r.f64();
  const nRanges = r.u32();
  for (let i = 0; i < nRanges; i++) {
    const f = r.u8();
    const rt: RangeTombstone = { ts: 0 };
    if (f & 1) rt.start = { key: r.lenBytes(), inclusive: (f & 2) !== 0 };
    if (f & 4) rt.end = { key: r.lenBytes(), inclusive: (f & 8) !== 0 };
    rt.ts = r.f64();
    p.ranges.push(rt);
  }
  if (flags & 2) p.staticRow = readRow(r);
  return p;
}

/** Bytes {@link writeRow} writes for a row. */
function rowSize(row: RowState): number {
  const m = row.marker;
  let n = 1 + (m ? (m.expiresAt !== undefined ? 20 : 8) : 0) + (row.deletion !== undefined ? 8 : 0) + 4;
  for (const cell of row.cells.values()) n += 13 + (cell.expiresAt !== undefined ? 12 : 0) + (cell.value !== null ? 4 + cell.value.length : 0);
  return n;
}

/** Bytes {@link writeFragment} writes for a whole partition state. */
export function fragmentSize(p: PartitionState): number {
  let n = 4 + p.key.length + 1 + (p.deletion !== undefined ? 8 : 0) + 4;
  for (const rt of p.ranges) n += 1 + (rt.start ? 4 + rt.start.key.length : 0) + (rt.end ? 4 + rt.end.key.length : 0) + 8;
  if (p.staticRow) n += rowSize(p.staticRow);
  n += 4;
  for (const { clustering, row } of p.rows.values()) n += 4 + clustering.length + rowSize(row);
  return n;
}

/**
 * Encodes a list of fragments: u32 count, then each fragment, into one buffer of the exact size
 * (no growing, no copy), after `reserve` leading zero bytes the caller fills in (a record header).
 */
export function encodeFragments(parts: readonly PartitionState[], reserve = 0): Uint8Array {
  let size = reserve + 4;
  for (const p of parts) size += fragmentSize(p);
  const w = new ByteWriter(size);
  w.skip(reserve);
  writeFragments(w, parts);
  return w.finish();
}

/** Appends what {@link encodeFragments} encodes (u32 count, then each fragment) to a writer. */
export function writeFragments(w: ByteWriter, parts: readonly PartitionState[]): void {
  w.u32(parts.length);
  for (const p of parts) writeFragment(w, p);
}

/**
 * Decodes what {@link encodeFragments} wrote; keys and values are copies (in `arena`'s shared
 * chunks when one is given). @throws CorruptDataError
 */
export function decodeFragments(bytes: Uint8Array, arena?: CopyArena): PartitionState[] {
  const r = new ByteReader(bytes, 0, false, arena);
  const n = r.u32();
  const out: PartitionState[] = [];
  for (let i = 0; i < n; i++) out.push(readFragment(r));
  return out;
}
