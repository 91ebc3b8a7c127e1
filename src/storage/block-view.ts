/**
 * @module storage/block-view
 * A decrypted data block read in place (layer-internal). One pass over the block's bytes
 * records where each fragment and each of its rows starts, without decoding any of them; a
 * point read then finds its row by binary search over the clustering keys where they lie and
 * decodes that row only, and a partition read decodes only its own fragment. The view is built
 * once per block and cached in its place (the table key's block cache holds the view, which
 * holds the plaintext).
 *
 * The layout is the one fragment-codec.ts writes (`u32 fragments ‖ fragment*`); the view only
 * reads it. The block was authenticated before (AES-GCM), so a malformed block means a bug, and
 * still fails with CorruptDataError rather than reading out of bounds.
 */
import { ByteReader, CorruptDataError } from './_bytes.js';
import { readFragmentHead, readRow } from './fragment-codec.js';
import { hexOf, type PartitionState } from './partition.js';

/** Where one fragment lies in its block. */
export interface FragmentSpan {
  /** The fragment's place in its block. */
  index: number;
  /** Offset and length of the partition key. */
  keyAt: number;
  keyLen: number;
  /** Offset of each row's `u32 len clustering`, in clustering order. */
  rows: Uint32Array;
}

const NONE: FragmentSpan[] = [];

/** Rows `[from, to)` of one fragment of a block: what a read takes from a segment without decoding it. */
export interface RowSpan {
  view: BlockView;
  fragment: FragmentSpan;
  from: number;
  to: number;
}

/** A row's head read in place by {@link BlockView.rowHead} (one object, reused from row to row). */
export interface RowHead {
  /** The clustering key (a view into the block). */
  clustering: Uint8Array;
  markerTs: number | undefined;
  markerExpiresAt: number | undefined;
  deletion: number | undefined;
  cells: number;
  /** Offset of the first cell. */
  cellsAt: number;
}

/** A cell read in place by {@link BlockView.cell} (one object, reused from cell to cell). */
export interface CellHead {
  column: number;
  ts: number;
  expiresAt: number | undefined;
  ttl: number;
  /** Offset and length of the value; length -1 for a cell tombstone. */
  valueAt: number;
  valueLength: number;
}

/** A fresh {@link RowHead} to pass to {@link BlockView.rowHead}. */
export function newRowHead(): RowHead {
  return { clustering: new Uint8Array(0), markerTs: undefined, markerExpiresAt: undefined, deletion: undefined, cells: 0, cellsAt: 0 };
}

/** A fresh {@link CellHead} to pass to {@link BlockView.cell}. */
export function newCellHead(): CellHead {
  return { column: 0, ts: 0, expiresAt: undefined, ttl: 0, valueAt: 0, valueLength: -1 };
}

/** Which rows {@link BlockView.decode} decodes. */
export type RowChoice = 'all' | { index: number } | 'none';

/** One fragment and one of its rows, found by {@link BlockView.find} and {@link BlockView.rowIndex}. */
export class BlockView {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  readonly fragments: readonly FragmentSpan[];
  /** Decoded heads of fragments, made on first use (see {@link BlockView.head}). */
  readonly #heads: (PartitionState | undefined)[];

  private constructor(buf: Uint8Array, fragments: FragmentSpan[]) {
    this.#buf = buf;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.fragments = fragments;
    this.#heads = new Array<PartitionState | undefined>(fragments.length);
  }

  /**
   * A fragment's head — key, partition deletion, range tombstones, static row, no rows —
   * decoded once and kept with the block: read-only, shared by every read of the fragment.
   */
  head(fragment: FragmentSpan): Readonly<PartitionState> {
    return (this.#heads[fragment.index] ??= this.decode(fragment, 'none'));
  }

  /**
   * Indexes a block's fragments and rows in one pass over its bytes.
   * @throws {@link CorruptDataError} when the bytes do not follow the layout
   */
  static of(buf: Uint8Array): BlockView {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const end = buf.length;
    const need = (at: number, n: number): void => {
      if (at + n > end) throw new CorruptDataError(`read past the end (${at}+${n} > ${end})`);
    };
    const u32 = (at: number): number => {
      need(at, 4);
      return view.getUint32(at);
    };
    const u8 = (at: number): number => {
      need(at, 1);
      return view.getUint8(at);
    };
    const skipRow = (at: number): number => {
      const flags = u8(at);
      at += 1;
      if (flags & 1) at += flags & 2 ? 20 : 8;
      if (flags & 4) at += 8;
      const cells = u32(at);
      at += 4;
      for (let c = 0; c < cells; c++) {
        const f = u8(at + 4);
        at += 13;
        if (f & 2) at += 12;
        if (f & 1) at += 4 + u32(at);
      }
      need(at, 0);
      return at;
    };
    const count = u32(0);
    let at = 4;
    const fragments: FragmentSpan[] = [];
    for (let i = 0; i < count; i++) {
      const keyLen = u32(at);
      const keyAt = at + 4;
      need(keyAt, keyLen);
      at = keyAt + keyLen;
      const flags = u8(at);
      at += 1;
      if (flags & 1) at += 8;
      const ranges = u32(at);
      at += 4;
      for (let r = 0; r < ranges; r++) {
        const f = u8(at);
        at += 1;
        if (f & 1) at += 4 + u32(at);
        if (f & 4) at += 4 + u32(at);
        at += 8;
      }
      if (flags & 2) at = skipRow(at);
      const n = u32(at);
      at += 4;
      const rows = new Uint32Array(n);
      for (let r = 0; r < n; r++) {
        rows[r] = at;
        at = skipRow(at + 4 + u32(at));
      }
      fragments.push({ index: fragments.length, keyAt, keyLen, rows });
    }
    return new BlockView(buf, fragments);
  }

  /**
   * The fragments of partition `key` in this block, in clustering order: none, one, or several
   * (a block can hold more than one fragment of a partition; fragments are in key order).
   */
  find(key: Uint8Array): FragmentSpan[] {
    let lo = 0;
    let hi = this.fragments.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const f = this.fragments[mid]!;
      if (this.#compare(f.keyAt, f.keyLen, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.fragments.length && this.#compare(this.fragments[end]!.keyAt, this.fragments[end]!.keyLen, key) === 0) end++;
    return end === lo ? NONE : this.fragments.slice(lo, end);
  }

  /** The index of the row with this clustering key in `fragment`, or -1. */
  rowIndex(fragment: FragmentSpan, clustering: Uint8Array): number {
    const rows = fragment.rows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = rows[mid]!;
      const c = this.#compare(at + 4, this.#view.getUint32(at), clustering);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /**
   * A fragment as a partition state: its deletion, range tombstones and static row, and the rows
   * `which` names. Keys and values are views into the block, not copies: the block cache never
   * changes or zeroes a block (it drops it), so they stay valid as long as they are referenced;
   * readers turn them into values (value-codec copies blobs) or copy what they keep.
   */
  decode(fragment: FragmentSpan, which: RowChoice): PartitionState {
    const r = new ByteReader(this.#buf, fragment.keyAt + fragment.keyLen, true);
    const p = readFragmentHead(r, this.#buf.subarray(fragment.keyAt, fragment.keyAt + fragment.keyLen));
    if (which === 'none') return p;
    const from = which === 'all' ? 0 : which.index;
    const to = which === 'all' ? fragment.rows.length : which.index + 1;
    for (let i = from; i < to; i++) {
      const rr = new ByteReader(this.#buf, fragment.rows[i]!, true);
      const clustering = rr.lenBytes();
      p.rows.set(hexOf(clustering), { clustering, row: readRow(rr) });
    }
    return p;
  }

  /** The plaintext's size: what the table key's block cache counts against its budget. */
  get byteLength(): number {
    return this.#buf.byteLength;
  }

  /** The block's plaintext (values are read from it in place; do not change it). */
  get bytes(): Uint8Array {
    return this.#buf;
  }

  /** A DataView over {@link BlockView.bytes}. */
  get dataView(): DataView {
    return this.#view;
  }

  /**
   * Reads the head of row `index` of `fragment` in place into `out`: its clustering key (a
   * view), marker, deletion and where its cells start. The block's layout was checked when the
   * view was made, so this reads within bounds.
   */
  rowHead(fragment: FragmentSpan, index: number, out: RowHead): void {
    const v = this.#view;
    let at = fragment.rows[index]!;
    const len = v.getUint32(at);
    out.clustering = this.#buf.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    const flags = v.getUint8(at);
    at += 1;
    out.markerTs = undefined;
    out.markerExpiresAt = undefined;
    if (flags & 1) {
      out.markerTs = v.getFloat64(at);
      at += 8;
      if (flags & 2) {
        out.markerExpiresAt = v.getFloat64(at);
        at += 12;
      }
    }
    out.deletion = undefined;
    if (flags & 4) {
      out.deletion = v.getFloat64(at);
      at += 8;
    }
    out.cells = v.getUint32(at);
    out.cellsAt = at + 4;
  }

  /** Reads the cell at `at` in place into `out`; returns the offset of the next cell. */
  cell(at: number, out: CellHead): number {
    const v = this.#view;
    out.column = v.getUint32(at);
    const flags = v.getUint8(at + 4);
    out.ts = v.getFloat64(at + 5);
    at += 13;
    out.expiresAt = undefined;
    out.ttl = 0;
    if (flags & 2) {
      out.expiresAt = v.getFloat64(at);
      out.ttl = v.getUint32(at + 8);
      at += 12;
    }
    if (flags & 1) {
      out.valueLength = v.getUint32(at);
      out.valueAt = at + 4;
      return at + 4 + out.valueLength;
    }
    out.valueLength = -1;
    out.valueAt = at;
    return at;
  }

  /** Bytes `[at, at + len)` of the block against `key`, in byte order. */
  #compare(at: number, len: number, key: Uint8Array): number {
    const buf = this.#buf;
    const n = len < key.length ? len : key.length;
    for (let i = 0; i < n; i++) {
      const d = buf[at + i]! - key[i]!;
      if (d !== 0) return d;
    }
    return len - key.length;
  }
}
