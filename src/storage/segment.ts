/**
 * @module storage/segment
 * Immutable, sorted, encrypted segments (SSTable-like). A segment is written once, from sorted
 * partitions, as data blocks of about `blockSize` plaintext bytes (a large partition spans
 * several blocks; each of its fragments repeats its partition deletion and range tombstones),
 * an index (first and last keys of every block, and statistics) and a Bloom filter over its
 * partition keys. Blocks, index and filter are sealed under the segment's own DEK
 * (storage/sealing.ts); the header holds the DEK wrapped by the table key, the table-key
 * version and the block count, in the clear but bound into every AAD.
 *
 * Header: `"STSG" ‖ u8 format ‖ u32 keyVersion ‖ u32 blockCount ‖ f64 createdAt ‖ u32 len ‖ wrapped DEK`.
 * Index plaintext: `u32 blockCount ‖ (u32 len firstPartition ‖ u32 len firstClustering ‖ u32 len lastPartition)* ‖
 * u32 partitions ‖ u32 rows ‖ f64 minTs ‖ f64 maxTs ‖ f64 plaintextBytes ‖ f64 autoTs`.
 */
import { CopyArena } from '../common/copy-arena.js';
import { AeadAuthenticationError, KeyZeroizedError, randomBytes, zeroize, type SecretKey } from '../crypto/index.js';
import { DataIntegrityException } from '../common/errors.js';
import type { TableKeyEntry } from '../keys/index.js';
import { ByteReader, ByteWriter, CorruptDataError } from './_bytes.js';
import { BlockView, type RowSpan } from './block-view.js';
import { BloomFilter } from './bloom-filter.js';
import { decodeFragments, writeFragment } from './fragment-codec.js';
import type { KvOperation, KvStore } from './kv/index.js';
import { segmentBlockKey, segmentBloomKey, segmentHeaderKey, segmentIndexKey } from './layout.js';
import { afterStart, type KeyStart } from './memtable.js';
import { sortedRows, type PartitionState, type RowState } from './partition.js';
import { FORMAT_VERSION, openAt, PURPOSE, sealAt, sealingAad, type Purpose } from './sealing.js';

const MAGIC = [0x53, 0x54, 0x53, 0x47]; // STSG

/** Where a segment lives and what names it in errors. */
export interface SegmentPlace {
  tableId: string;
  /** `keyspace.table`, for error messages. */
  tableName: string;
  segmentId: string;
}

/** The in-the-clear header of a segment. */
export interface SegmentHeader {
  keyVersion: number;
  blockCount: number;
  createdAt: number;
  wrappedDek: Uint8Array;
}

/** One block's key range in the index. */
export interface BlockRange {
  firstPartition: Uint8Array;
  firstClustering: Uint8Array;
  lastPartition: Uint8Array;
}

/** A segment's decrypted index. */
export interface SegmentIndex {
  blocks: BlockRange[];
  partitions: number;
  rows: number;
  minTs: number;
  maxTs: number;
  plaintextBytes: number;
  /** The newest default (clock-made) write timestamp of the table when this segment was written. */
  autoTs: number;
}

export function encodeHeader(h: SegmentHeader): Uint8Array {
  const w = new ByteWriter(64 + h.wrappedDek.length);
  for (const b of MAGIC) w.u8(b);
  w.u8(FORMAT_VERSION);
  w.u32(h.keyVersion);
  w.u32(h.blockCount);
  w.f64(h.createdAt);
  w.lenBytes(h.wrappedDek);
  return w.finish();
}

export function decodeHeader(bytes: Uint8Array): SegmentHeader {
  const r = new ByteReader(bytes);
  for (const b of MAGIC) if (r.u8() !== b) throw new CorruptDataError('not a segment header');
  if (r.u8() !== FORMAT_VERSION) throw new CorruptDataError('unknown segment format');
  return { keyVersion: r.u32(), blockCount: r.u32(), createdAt: r.f64(), wrappedDek: r.lenBytes() };
}

function encodeIndex(ix: SegmentIndex): Uint8Array {
  const w = new ByteWriter(256);
  w.u32(ix.blocks.length);
  for (const b of ix.blocks) {
    w.lenBytes(b.firstPartition);
    w.lenBytes(b.firstClustering);
    w.lenBytes(b.lastPartition);
  }
  w.u32(ix.partitions);
  w.u32(ix.rows);
  w.f64(ix.minTs);
  w.f64(ix.maxTs);
  w.f64(ix.plaintextBytes);
  w.f64(ix.autoTs);
  return w.finish();
}

/** A decrypted index as read: the statistics, and each block's keys where they lie in the plaintext. */
interface ReadIndex {
  stats: SegmentStats;
  firstPartitions: KeyColumn;
  firstClusterings: KeyColumn;
  lastPartitions: KeyColumn;
}

/** What a segment's index says of the whole segment. */
export type SegmentStats = Omit<SegmentIndex, 'blocks'> & { blockCount: number };

/**
 * Reads an index in place: one pass records where each block's three keys start; nothing is
 * copied or allocated per block (a 1 GB table has about 260,000 blocks of 4 KiB).
 */
function readIndex(bytes: Uint8Array): ReadIndex {
  const r = new ByteReader(bytes);
  const n = r.u32();
  if (n > (bytes.length - 4) / 12) throw new CorruptDataError(`an index of ${bytes.length} bytes cannot list ${n} blocks`);
  // Per block: first partition, first clustering, last partition (encodeIndex's order).
  const starts = new Uint32Array(3 * n);
  const lengths = new Uint32Array(3 * n);
  for (let i = 0; i < 3 * n; i++) {
    lengths[i] = r.u32();
    starts[i] = r.offset;
    r.skip(lengths[i]!);
  }
  const stats: SegmentStats = { blockCount: n, partitions: r.u32(), rows: r.u32(), minTs: r.f64(), maxTs: r.f64(), plaintextBytes: r.f64(), autoTs: r.f64() };
  return { stats, firstPartitions: new KeyColumn(bytes, starts, lengths, 0), firstClusterings: new KeyColumn(bytes, starts, lengths, 1), lastPartitions: new KeyColumn(bytes, starts, lengths, 2) };
}

function dekAad(place: SegmentPlace, keyVersion: number): Uint8Array {
  return sealingAad(place.tableId, place.segmentId, PURPOSE.segmentDek, 0, 0, keyVersion);
}

/** The block's fragment count (u32) before its fragments. */
const BLOCK_FRAME = 4;

/** Encoded bytes of a fragment before its rows (fragment-codec's layout): key, flags, deletion, ranges, static row (first fragment only), row count. */
function fragmentHeadSize(p: PartitionState, first: boolean): number {
  let n = 4 + p.key.length + 1 + (p.deletion !== undefined ? 8 : 0) + 4 + 4;
  for (const r of p.ranges) n += 1 + (r.start ? 4 + r.start.key.length : 0) + (r.end ? 4 + r.end.key.length : 0) + 8;
  if (first && p.staticRow) n += rowBodySize(p.staticRow);
  return n;
}

/** Encoded bytes of one row with its clustering key. */
function rowSize(r: { clustering: Uint8Array; row: RowState }): number {
  return 4 + r.clustering.length + rowBodySize(r.row);
}

function rowBodySize(row: RowState): number {
  let n = 1 + (row.marker ? (row.marker.expiresAt !== undefined ? 20 : 8) : 0) + (row.deletion !== undefined ? 8 : 0) + 4;
  for (const c of row.cells.values()) n += 13 + (c.expiresAt !== undefined ? 12 : 0) + (c.value !== null ? 4 + c.value.length : 0);
  return n;
}

/** What writing a segment produced. */
export interface WrittenSegment {
  ops: KvOperation[];
  header: SegmentHeader;
  stats: { blocks: number; rows: number; partitions: number; bytes: number; plaintextBytes: number };
}

/**
 * Builds a segment from partitions sorted by key, under a fresh DEK wrapped by the table key.
 * @returns the LevelDB puts (to commit in the caller's batch) and the header
 */
export async function writeSegment(
  place: SegmentPlace,
  entry: TableKeyEntry,
  keyVersion: number,
  partitions: Iterable<PartitionState> | AsyncIterable<PartitionState>,
  blockSize: number,
  now: number,
  autoTs = 0,
): Promise<WrittenSegment> {
  const blocksPlain: Uint8Array[] = [];
  const ranges: BlockRange[] = [];
  const keys: Uint8Array[] = [];
  let rows = 0;
  let minTs = Infinity;
  let maxTs = -Infinity;
  let plaintextBytes = 0;
  // One writer for every block: a block starts with room for its fragment count, filled in
  // when the block is sealed; finish() copies the block out and zeroes the writer's buffer.
  const w = new ByteWriter(blockSize + 1024);
  let count = 0;
  let current: BlockRange | undefined;
  const seal = (): void => {
    if (count === 0) return;
    const filled = w.view();
    new DataView(filled.buffer, filled.byteOffset, BLOCK_FRAME).setUint32(0, count);
    const block = w.finish();
    blocksPlain.push(block);
    plaintextBytes += block.length;
    ranges.push(current!);
    current = undefined;
    count = 0;
  };
  const noteTs = (ts: number): void => {
    if (ts < minTs) minTs = ts;
    if (ts > maxTs) maxTs = ts;
  };
  for await (const p of partitions) {
    // Keys kept until the end (Bloom filter, index) are copied: the partition's own bytes may
    // share a chunk with a whole block of values (a compaction's input) that should not stay
    // in memory that long.
    keys.push(p.key.slice());
    const all = sortedRows(p);
    rows += all.length;
    if (p.deletion !== undefined) noteTs(p.deletion);
    for (const r of p.ranges) noteTs(r.ts);
    for (const row of [...(p.staticRow ? [p.staticRow] : []), ...all.map((x) => x.row)]) {
      if (row.marker) noteTs(row.marker.ts);
      if (row.deletion !== undefined) noteTs(row.deletion);
      for (const c of row.cells.values()) noteTs(c.ts);
    }
    let at = 0;
    let first = true;
    do {
      // One fragment: as many rows as fit in the block (at least one, so progress is made).
      // Sizes are exact (fragment-codec's layout), so a block holds one fragment of a partition
      // at most and a partition that goes on starts the next block.
      const head = fragmentHeadSize(p, first);
      if (count > 0 && at < all.length && w.length + head + rowSize(all[at]!) > blockSize) seal();
      if (count === 0) w.skip(BLOCK_FRAME);
      const take: typeof all = [];
      let size = head;
      while (at < all.length) {
        const rs = rowSize(all[at]!);
        if (take.length > 0 && w.length + size + rs > blockSize) break;
        take.push(all[at]!);
        size += rs;
        at++;
      }
      const fragment: PartitionState = { key: p.key, ranges: p.ranges, rows: new Map() };
      if (p.deletion !== undefined) fragment.deletion = p.deletion;
      if (first && p.staticRow) fragment.staticRow = p.staticRow;
      if (!current) current = { firstPartition: keys.at(-1)!, firstClustering: take[0]?.clustering.slice() ?? new Uint8Array(0), lastPartition: keys.at(-1)! };
      current.lastPartition = keys.at(-1)!;
      writeFragment(w, fragment, take);
      count++;
      first = false;
      if (at < all.length || w.length >= blockSize) seal();
    } while (at < all.length);
  }
  seal();
  const bloom = BloomFilter.forKeys(keys.length);
  for (const k of keys) bloom.add(k);
  const index: SegmentIndex = { blocks: ranges, partitions: keys.length, rows, minTs: Number.isFinite(minTs) ? minTs : 0, maxTs: Number.isFinite(maxTs) ? maxTs : 0, plaintextBytes, autoTs };

  const dek = randomBytes(32);
  try {
    const blockCount = blocksPlain.length;
    const at = (purpose: Purpose, number: number) => ({ tableId: place.tableId, objectId: place.segmentId, purpose, number, count: blockCount, keyVersion });
    const ops: KvOperation[] = [];
    let bytes = 0;
    const put = (key: Uint8Array, value: Uint8Array): void => {
      ops.push({ type: 'put', key, value });
      bytes += key.length + value.length;
    };
    blocksPlain.forEach((plain, n) => {
      put(segmentBlockKey(place.tableId, place.segmentId, n), sealAt(dek, plain, at(PURPOSE.dataBlock, n)));
      zeroize(plain);
    });
    const indexPlain = encodeIndex(index);
    put(segmentIndexKey(place.tableId, place.segmentId), sealAt(dek, indexPlain, at(PURPOSE.index, 0)));
    zeroize(indexPlain);
    const bloomPlain = bloom.encode();
    put(segmentBloomKey(place.tableId, place.segmentId), sealAt(dek, bloomPlain, at(PURPOSE.bloom, 0)));
    zeroize(bloomPlain);
    const header: SegmentHeader = { keyVersion, blockCount, createdAt: now, wrappedDek: entry.wrapDek(dek, dekAad(place, keyVersion)) };
    put(segmentHeaderKey(place.tableId, place.segmentId), encodeHeader(header));
    return { ops, header, stats: { blocks: blockCount, rows, partitions: keys.length, bytes, plaintextBytes } };
  } finally {
    zeroize(dek);
  }
}

/** What a segment keeps under one table-key entry (TableKeyEntry.derived): released when the entry dies. */
interface SegmentState {
  /** The unwrapped DEK, owned by the entry's DEK cache (re-fetched if that cache dropped it). */
  dek: SecretKey;
  index: SegmentStats;
  bloom: BloomFilter;
  /** The index's keys, for binary search. */
  lastPartitions: KeyColumn;
  firstPartitions: KeyColumn;
  firstClusterings: KeyColumn;
}

/**
 * One key per block, where it lies in the index's plaintext (offsets and lengths): a binary
 * search over thousands of blocks touches a few arrays instead of three small objects per
 * probe (the probes of a point read were a fifth of its time, most of it waiting for memory),
 * and reading an index allocates nothing per block.
 */
class KeyColumn {
  readonly #bytes: Uint8Array;
  readonly #starts: Uint32Array;
  readonly #lengths: Uint32Array;
  readonly #column: number;

  /** Key i of this column is at `starts[3 i + column]`, `lengths[3 i + column]` bytes long. */
  constructor(bytes: Uint8Array, starts: Uint32Array, lengths: Uint32Array, column: number) {
    this.#bytes = bytes;
    this.#starts = starts;
    this.#lengths = lengths;
    this.#column = column;
  }

  /** Key i (a view into the index). */
  key(i: number): Uint8Array {
    const at = this.#starts[3 * i + this.#column]!;
    return this.#bytes.subarray(at, at + this.#lengths[3 * i + this.#column]!);
  }

  /** Key i against `key`, in byte order. */
  compare(i: number, key: Uint8Array): number {
    const bytes = this.#bytes;
    const at = this.#starts[3 * i + this.#column]!;
    const len = this.#lengths[3 * i + this.#column]!;
    const n = len < key.length ? len : key.length;
    for (let j = 0; j < n; j++) {
      const d = bytes[at + j]! - key[j]!;
      if (d !== 0) return d;
    }
    return len - key.length;
  }
}

/** Block-cache keys are numbers: a process-wide ordinal per open segment object, times 2^24, plus the block number. */
const BLOCKS_PER_ORDINAL = 2 ** 24;
let nextOrdinal = 1;

/** A segment open for reading: the header in memory; everything else decrypted on demand into the table key's cache. */
export class Segment {
  readonly place: SegmentPlace;
  readonly header: SegmentHeader;
  readonly #kv: KvStore;
  readonly #dekCacheKey: string;
  readonly #blockBase: number;

  constructor(kv: KvStore, place: SegmentPlace, header: SegmentHeader) {
    this.#kv = kv;
    this.place = place;
    this.header = header;
    this.#dekCacheKey = `s:${place.segmentId}`;
    if (header.blockCount >= BLOCKS_PER_ORDINAL) throw integrity(place, `its header claims ${header.blockCount} blocks`);
    this.#blockBase = nextOrdinal++ * BLOCKS_PER_ORDINAL;
    if (!Number.isSafeInteger(this.#blockBase + BLOCKS_PER_ORDINAL)) nextOrdinal = 1;
  }

  get id(): string {
    return this.place.segmentId;
  }

  /** Loads a segment's header. @throws {@link DataIntegrityException} when missing or malformed */
  static async load(kv: KvStore, place: SegmentPlace): Promise<Segment> {
    const bytes = await kv.get(segmentHeaderKey(place.tableId, place.segmentId));
    if (!bytes) throw integrity(place, 'its header is missing');
    let header: SegmentHeader;
    try {
      header = decodeHeader(bytes);
    } catch (e) {
      throw integrity(place, 'its header is malformed', e);
    }
    return new Segment(kv, place, header);
  }

  /**
   * The same segment with its DEK wrapped under another table key (a key change): the header
   * changes, no block does. The key version in every AAD stays the one the segment was written
   * under.
   * @returns the new segment object and the header put, to commit in the caller's batch
   */
  rewrap(from: TableKeyEntry, to: TableKeyEntry): { segment: Segment; op: KvOperation } {
    const header: SegmentHeader = { ...this.header, wrappedDek: to.wrapDek(this.#dek(from).bytes, dekAad(this.place, this.header.keyVersion)) };
    return { segment: new Segment(this.#kv, this.place, header), op: { type: 'put', key: segmentHeaderKey(this.place.tableId, this.place.segmentId), value: encodeHeader(header) } };
  }

  #dek(entry: TableKeyEntry): SecretKey {
    try {
      return entry.dek(this.#dekCacheKey, this.header.wrappedDek, dekAad(this.place, this.header.keyVersion));
    } catch (e) {
      if (e instanceof AeadAuthenticationError || e instanceof RangeError)
        throw integrity(this.place, 'its data key does not unwrap under the table key (a header from another place or key version)', e);
      throw e;
    }
  }

  /** The DEK, index and Bloom filter under `entry`: loaded once per entry (two reads, two decryptions), then one lookup. */
  #state(entry: TableKeyEntry): SegmentState {
    const state = entry.derived(this, () => this.#loadState(entry));
    if (state.dek.isZeroized) state.dek = this.#dek(entry);
    return state;
  }

  #loadState(entry: TableKeyEntry): SegmentState {
    const dek = this.#dek(entry);
    const indexPlain = this.#open(dek, PURPOSE.index, 0, segmentIndexKey(this.place.tableId, this.place.segmentId), 'index');
    const index = this.#decode(() => readIndex(indexPlain), 'index');
    if (index.stats.blockCount !== this.header.blockCount) throw integrity(this.place, 'its index and header disagree on the block count');
    const bloomPlain = this.#open(dek, PURPOSE.bloom, 0, segmentBloomKey(this.place.tableId, this.place.segmentId), 'Bloom filter');
    const bloom = this.#decode(() => BloomFilter.decode(bloomPlain), 'Bloom filter');
    return { dek, index: index.stats, bloom, lastPartitions: index.lastPartitions, firstPartitions: index.firstPartitions, firstClusterings: index.firstClusterings };
  }

  /** Reads (LevelDB's synchronous get) and opens one sealed object of this segment. */
  #open(dek: SecretKey, purpose: Purpose, number: number, key: Uint8Array, what: string): Uint8Array {
    const sealed = this.#kv.getSync(key);
    if (!sealed) throw integrity(this.place, `its ${what} is missing`);
    try {
      return openAt(dek.bytes, sealed, {
        tableId: this.place.tableId,
        objectId: this.place.segmentId,
        purpose,
        number,
        count: this.header.blockCount,
        keyVersion: this.header.keyVersion,
      });
    } catch (e) {
      if (e instanceof AeadAuthenticationError || e instanceof RangeError) throw integrity(this.place, `its ${what} does not authenticate`, e);
      throw e;
    }
  }

  /** What the decrypted index says of the segment. */
  index(entry: TableKeyEntry): SegmentStats {
    return this.#state(entry).index;
  }

  /** Block n, decrypted and indexed in place: from the table key's block cache, or read and put there. */
  #view(entry: TableKeyEntry, state: SegmentState, n: number): BlockView {
    const cacheKey = this.#blockBase + n;
    const cached = entry.blocks.get(cacheKey);
    if (cached instanceof BlockView) return cached;
    const plain = this.#open(state.dek, PURPOSE.dataBlock, n, segmentBlockKey(this.place.tableId, this.place.segmentId, n), `block ${n}`);
    const view = this.#decode(() => BlockView.of(plain), `block ${n}`);
    entry.blocks.set(cacheKey, view);
    return view;
  }

  /**
   * The fragments of block n, decoded. With `cache: false` (a compaction's sequential read) the
   * block is not put in the decrypted-block cache, and its plaintext is zeroed once decoded, so
   * merging a whole table does not evict what point reads use, nor hold the table in memory.
   */
  block(entry: TableKeyEntry, n: number, cache = true): PartitionState[] {
    const state = this.#state(entry);
    if (!cache) {
      const cached = entry.blocks.get(this.#blockBase + n);
      // Copies (the plaintext is zeroed below), made in shared chunks: a block's ~30 keys and
      // values would otherwise be ~30 ArrayBuffers for the garbage collector.
      // One chunk the size of the block holds every copy (a 32 KiB chunk per 4 KiB block would
      // allocate eight times what it holds).
      if (cached instanceof BlockView) return this.#decode(() => decodeFragments(cached.bytes, new CopyArena(cached.byteLength)), `block ${n}`);
      const plain = this.#open(state.dek, PURPOSE.dataBlock, n, segmentBlockKey(this.place.tableId, this.place.segmentId, n), `block ${n}`);
      try {
        return this.#decode(() => decodeFragments(plain, new CopyArena(plain.length)), `block ${n}`);
      } finally {
        zeroize(plain);
      }
    }
    const view = this.#view(entry, state, n);
    return this.#decode(() => view.fragments.map((f) => view.decode(f, 'all')), `block ${n}`);
  }

  #decode<T>(fn: () => T, what: string): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof CorruptDataError || e instanceof RangeError) throw integrity(this.place, `its ${what} is malformed`, e);
      throw e;
    }
  }

  /**
   * The fragments of one partition in this segment, in clustering order, as spans of rows
   * still in their cached blocks (nothing decoded). With `clustering`, only the blocks a point
   * read needs — the partition's first block (its static row, unless `withStatic` is false) and
   * the block whose range holds that clustering key; every fragment repeats the partition's
   * deletion and range tombstones, so nothing that shadows the row is missed — and of their rows
   * only that one (a span of one row, or of none). Synchronous: blocks not cached are read with
   * LevelDB's synchronous get.
   */
  partitionSpans(entry: TableKeyEntry, key: Uint8Array, clustering?: Uint8Array, withStatic = true): RowSpan[] {
    const state = this.#state(entry);
    if (!state.bloom.mightContain(key)) return NO_SPANS;
    const count = state.index.blockCount;
    const out: RowSpan[] = [];
    // Blocks are in key order: the candidates are contiguous.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (state.lastPartitions.compare(mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === count || state.firstPartitions.compare(lo, key) > 0) return NO_SPANS;
    if (!clustering) {
      for (let n = lo; n < count && state.firstPartitions.compare(n, key) <= 0; n++) {
        const view = this.#view(entry, state, n);
        for (const fragment of view.find(key)) out.push({ view, fragment, from: 0, to: fragment.rows.length });
      }
      return out;
    }
    // A point read: the block that would hold the row is the last one whose first row is not
    // after it (blocks are in row order), found by binary search; the partition's first block
    // too when the static row is wanted.
    let a = lo + 1;
    let b = count;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (startsAfter(state, mid, key, clustering)) b = mid;
      else a = mid + 1;
    }
    const holder = a - 1;
    if (withStatic && holder > lo) this.#pointSpans(entry, state, lo, key, clustering, out);
    this.#pointSpans(entry, state, holder, key, clustering, out);
    return out;
  }

  /** The fragments of partition `key` in block n, each as a span of the row `clustering` (or of no row). */
  #pointSpans(entry: TableKeyEntry, state: SegmentState, n: number, key: Uint8Array, clustering: Uint8Array, out: RowSpan[]): void {
    const view = this.#view(entry, state, n);
    for (const fragment of view.find(key)) {
      const index = view.rowIndex(fragment, clustering);
      out.push(index < 0 ? { view, fragment, from: 0, to: 0 } : { view, fragment, from: index, to: index + 1 });
    }
  }

  /** A span's head (deletion, range tombstones, static row: no rows), decoded once per cached block; read-only. */
  head(span: RowSpan): Readonly<PartitionState> {
    return this.#decode(() => span.view.head(span.fragment), 'block');
  }

  /** A span's head (deletion, range tombstones, static row) and rows, decoded; integrity errors name this segment. */
  decodeSpan(span: RowSpan): PartitionState {
    const { view, fragment, from, to } = span;
    const which = from === 0 && to === fragment.rows.length ? 'all' : to === from ? 'none' : { index: from };
    return this.#decode(() => view.decode(fragment, which), 'block');
  }

  /** Every fragment, in key order, from `start` (inclusive or not) when given. */
  async *fragments(entry: TableKeyEntry, start?: KeyStart, cache = true): AsyncGenerator<PartitionState> {
    const state = this.#state(entry);
    const count = state.index.blockCount;
    let first = 0;
    if (start) while (first < count && !afterStart(state.lastPartitions.key(first), start)) first++;
    for (let n = first; n < count; n++) {
      for (const f of this.block(entry, n, cache)) {
        if (start && !afterStart(f.key, start)) continue;
        yield f;
      }
    }
  }
}

const NO_SPANS: RowSpan[] = [];

/** Whether block n's first row (partition, clustering) comes after the point read's. */
function startsAfter(state: SegmentState, n: number, key: Uint8Array, clustering: Uint8Array): boolean {
  const c = state.firstPartitions.compare(n, key);
  return c > 0 || (c === 0 && state.firstClusterings.compare(n, clustering) > 0);
}

/** An integrity error naming the table and segment. */
export function integrity(place: SegmentPlace, what: string, cause?: unknown): DataIntegrityException {
  if (cause instanceof KeyZeroizedError) throw cause;
  return new DataIntegrityException(`Table ${place.tableName}: segment ${place.segmentId} failed its integrity check: ${what}.`, cause === undefined ? undefined : { cause });
}
