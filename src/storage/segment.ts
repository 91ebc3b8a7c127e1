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
import { AeadAuthenticationError, KeyZeroizedError, randomBytes, zeroize } from '../crypto/index.js';
import { DataIntegrityException } from '../common/errors.js';
import type { TableKeyEntry } from '../keys/index.js';
import { ByteReader, ByteWriter, CorruptDataError } from './_bytes.js';
import { BloomFilter } from './bloom-filter.js';
import { decodeFragments, writeFragment } from './fragment-codec.js';
import { compareBytes, type KvOperation, type KvStore } from './kv/index.js';
import { segmentBlockKey, segmentBloomKey, segmentHeaderKey, segmentIndexKey } from './layout.js';
import { afterStart, type KeyStart } from './memtable.js';
import { sortedRows, type PartitionState } from './partition.js';
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

function decodeIndex(bytes: Uint8Array): SegmentIndex {
  const r = new ByteReader(bytes);
  const n = r.u32();
  const blocks: BlockRange[] = [];
  for (let i = 0; i < n; i++) blocks.push({ firstPartition: r.lenBytes(), firstClustering: r.lenBytes(), lastPartition: r.lenBytes() });
  return { blocks, partitions: r.u32(), rows: r.u32(), minTs: r.f64(), maxTs: r.f64(), plaintextBytes: r.f64(), autoTs: r.f64() };
}

function dekAad(place: SegmentPlace, keyVersion: number): Uint8Array {
  return sealingAad(place.tableId, place.segmentId, PURPOSE.segmentDek, 0, 0, keyVersion);
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
  let w = new ByteWriter(blockSize + 1024);
  let count = 0;
  let current: BlockRange | undefined;
  const seal = (): void => {
    if (count === 0) return;
    const body = w.finish();
    const framed = new ByteWriter(body.length + 4);
    framed.u32(count);
    framed.bytes(body);
    zeroize(body);
    const block = framed.finish();
    blocksPlain.push(block);
    plaintextBytes += block.length;
    ranges.push(current!);
    current = undefined;
    count = 0;
    w = new ByteWriter(blockSize + 1024);
  };
  const noteTs = (ts: number): void => {
    if (ts < minTs) minTs = ts;
    if (ts > maxTs) maxTs = ts;
  };
  for await (const p of partitions) {
    keys.push(p.key);
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
      const start = w.length;
      const take: typeof all = [];
      let size = 64 + p.key.length;
      while (at < all.length && (take.length === 0 || w.length + size < blockSize)) {
        const r = all[at]!;
        let rs = r.clustering.length + 16;
        for (const c of r.row.cells.values()) rs += 24 + (c.value?.length ?? 0);
        if (take.length > 0 && w.length + size + rs > blockSize) break;
        take.push(r);
        size += rs;
        at++;
      }
      const fragment: PartitionState = { key: p.key, ranges: p.ranges, rows: new Map() };
      if (p.deletion !== undefined) fragment.deletion = p.deletion;
      if (first && p.staticRow) fragment.staticRow = p.staticRow;
      if (!current) current = { firstPartition: p.key, firstClustering: take[0]?.clustering ?? new Uint8Array(0), lastPartition: p.key };
      current.lastPartition = p.key;
      writeFragment(w, fragment, take);
      count++;
      first = false;
      if (w.length - start > 0 && w.length >= blockSize) seal();
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

/** Decoded forms of cached plaintext, dropped with it (the cache holds the only strong reference). */
const decodedIndex = new WeakMap<Uint8Array, SegmentIndex>();
const decodedBloom = new WeakMap<Uint8Array, BloomFilter>();
const decodedBlock = new WeakMap<Uint8Array, PartitionState[]>();

/** A segment open for reading: the header in memory; everything else decrypted on demand into the table key's cache. */
export class Segment {
  readonly place: SegmentPlace;
  readonly header: SegmentHeader;
  readonly #kv: KvStore;

  constructor(kv: KvStore, place: SegmentPlace, header: SegmentHeader) {
    this.#kv = kv;
    this.place = place;
    this.header = header;
  }

  get id(): string {
    return this.place.segmentId;
  }

  /** Loads a segment's header. @throws {@link DataIntegrityException} when missing or malformed */
  static async load(kv: KvStore, place: SegmentPlace): Promise<Segment> {
    const bytes = await kv.get(segmentHeaderKey(place.tableId, place.segmentId));
    if (!bytes) throw integrity(place, 'its header is missing');
    try {
      return new Segment(kv, place, decodeHeader(bytes));
    } catch (e) {
      throw integrity(place, 'its header is malformed', e);
    }
  }

  /**
   * The same segment with its DEK wrapped under another table key (a key change): the header
   * changes, no block does. The key version in every AAD stays the one the segment was written
   * under.
   * @returns the new segment object and the header put, to commit in the caller's batch
   */
  rewrap(from: TableKeyEntry, to: TableKeyEntry): { segment: Segment; op: KvOperation } {
    const header: SegmentHeader = { ...this.header, wrappedDek: to.wrapDek(this.#dek(from), dekAad(this.place, this.header.keyVersion)) };
    return { segment: new Segment(this.#kv, this.place, header), op: { type: 'put', key: segmentHeaderKey(this.place.tableId, this.place.segmentId), value: encodeHeader(header) } };
  }

  #dek(entry: TableKeyEntry): Uint8Array {
    try {
      return entry.dek(`s:${this.place.segmentId}`, this.header.wrappedDek, dekAad(this.place, this.header.keyVersion)).bytes;
    } catch (e) {
      if (e instanceof AeadAuthenticationError || e instanceof RangeError)
        throw integrity(this.place, 'its data key does not unwrap under the table key (a header from another place or key version)', e);
      throw e;
    }
  }

  async #plain(entry: TableKeyEntry, purpose: Purpose, number: number, key: Uint8Array, what: string, cache = true): Promise<Uint8Array> {
    const cacheKey = `${this.place.segmentId}:${purpose}:${number}`;
    const cached = entry.blocks.get(cacheKey);
    if (cached) return cached;
    const sealed = await this.#kv.get(key);
    if (!sealed) throw integrity(this.place, `its ${what} is missing`);
    const dek = this.#dek(entry);
    let plain: Uint8Array;
    try {
      plain = openAt(dek, sealed, {
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
    if (cache) entry.blocks.set(cacheKey, plain);
    return plain;
  }

  /** The decrypted index. */
  async index(entry: TableKeyEntry): Promise<SegmentIndex> {
    const plain = await this.#plain(entry, PURPOSE.index, 0, segmentIndexKey(this.place.tableId, this.place.segmentId), 'index');
    let ix = decodedIndex.get(plain);
    if (!ix) {
      ix = this.#decode(() => decodeIndex(plain), 'index');
      if (ix.blocks.length !== this.header.blockCount) throw integrity(this.place, 'its index and header disagree on the block count');
      decodedIndex.set(plain, ix);
    }
    return ix;
  }

  async #bloom(entry: TableKeyEntry): Promise<BloomFilter> {
    const plain = await this.#plain(entry, PURPOSE.bloom, 0, segmentBloomKey(this.place.tableId, this.place.segmentId), 'Bloom filter');
    let bf = decodedBloom.get(plain);
    if (!bf) {
      bf = this.#decode(() => BloomFilter.decode(plain), 'Bloom filter');
      decodedBloom.set(plain, bf);
    }
    return bf;
  }

  /**
   * The fragments of block n. With `cache: false` (a compaction's sequential read) the block is
   * neither put in the decrypted-block cache nor kept decoded, so merging a whole table does not
   * evict what point reads use, nor hold the table in memory.
   */
  async block(entry: TableKeyEntry, n: number, cache = true): Promise<PartitionState[]> {
    const plain = await this.#plain(entry, PURPOSE.dataBlock, n, segmentBlockKey(this.place.tableId, this.place.segmentId, n), `block ${n}`, cache);
    let frags = decodedBlock.get(plain);
    if (!frags) {
      frags = this.#decode(() => decodeFragments(plain), `block ${n}`);
      if (cache) decodedBlock.set(plain, frags);
      else zeroize(plain);
    }
    return frags;
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
   * The fragments of one partition in this segment (may be several, in clustering order). With
   * `clustering`, only the blocks a point read needs: the partition's first block (its static
   * row, unless `withStatic` is false) and the block whose range holds that clustering key — every fragment repeats the
   * partition's deletion and range tombstones, so nothing that shadows the row is missed.
   */
  async partition(entry: TableKeyEntry, key: Uint8Array, clustering?: Uint8Array, withStatic = true): Promise<PartitionState[]> {
    if (!(await this.#bloom(entry)).mightContain(key)) return [];
    const ix = await this.index(entry);
    const out: PartitionState[] = [];
    // Blocks are in key order: the candidates are contiguous.
    let lo = 0;
    let hi = ix.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBytes(ix.blocks[mid]!.lastPartition, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    // (partition, clustering) of a block's first row, against the point read's.
    const startsAfter = (b: BlockRange): boolean => {
      const c = compareBytes(b.firstPartition, key);
      return c > 0 || (c === 0 && compareBytes(b.firstClustering, clustering!) > 0);
    };
    for (let n = lo; n < ix.blocks.length && compareBytes(ix.blocks[n]!.firstPartition, key) <= 0; n++) {
      if (clustering) {
        if (n > lo && startsAfter(ix.blocks[n]!)) break;
        // A block before the one holding the row is read only for the static row (the partition's first block).
        const next = ix.blocks[n + 1];
        if (next && !startsAfter(next) && compareBytes(next.firstPartition, key) === 0 && (n > lo || !withStatic)) continue;
      }
      for (const f of await this.block(entry, n)) if (compareBytes(f.key, key) === 0) out.push(f);
    }
    return out;
  }

  /** Every fragment, in key order, from `start` (inclusive or not) when given. */
  async *fragments(entry: TableKeyEntry, start?: KeyStart, cache = true): AsyncGenerator<PartitionState> {
    const ix = await this.index(entry);
    let first = 0;
    if (start) while (first < ix.blocks.length && !afterStart(ix.blocks[first]!.lastPartition, start)) first++;
    for (let n = first; n < ix.blocks.length; n++) {
      for (const f of await this.block(entry, n, cache)) {
        if (start && !afterStart(f.key, start)) continue;
        yield f;
      }
    }
  }
}

/** An integrity error naming the table and segment. */
export function integrity(place: SegmentPlace, what: string, cause?: unknown): DataIntegrityException {
  if (cause instanceof KeyZeroizedError) throw cause;
  return new DataIntegrityException(`Table ${place.tableName}: segment ${place.segmentId} failed its integrity check: ${what}.`, cause === undefined ? undefined : { cause });
}
