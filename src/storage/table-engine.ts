/**
 * @module storage/table-engine
 * One table's log-structured storage (DESIGN.md "Storage engine"): writes go to the encrypted
 * log, then the memtable; a flush turns the memtable into an encrypted segment and drops the
 * log generations it covered, in one LevelDB batch; compaction merges segments into a new one
 * under a fresh DEK, also in one batch. Reads merge the memtables and segments with Cassandra's
 * rules. Every multi-key change is one batch, so a crash leaves the old state or the new.
 *
 * The manifest (`D <table> m`, JSON) lists the live segments and log generations; it holds ids
 * and sizes only, no row data. Segments the manifest does not list (left by a crash between a
 * compaction's commit and the deletion of its inputs) are deleted on open.
 */
import type { TableKeyEntry } from '../keys/index.js';
import { LogGeneration, replayGeneration, rewrapGenerationHeader, type LogPlace } from './commit-log.js';
import { compareBytes, type KvOperation, type KvStore } from './kv/index.js';
import { logGenerationRange, manifestKey, segmentRange, segmentsRange } from './layout.js';
import { Memtable, type KeyStart } from './memtable.js';
import { compactPartition, emptyPartition, hexOf, mergePartition, type PartitionState } from './partition.js';
import type { RowSpan } from './block-view.js';
import { Segment, writeSegment } from './segment.js';
import { constantTimeEqual, randomBytes } from '../crypto/index.js';
import { DataIntegrityException } from '../common/errors.js';

/** The manifest of a table, as stored. */
export interface Manifest {
  format: 1;
  /** Live segments, oldest first. */
  segments: { id: string; blocks: number; bytes: number; rows: number; createdAt: number }[];
  /** Log generations not yet flushed, oldest first. */
  logGenerations: number[];
  nextGeneration: number;
}

/** Tunables of the engine. */
export interface EngineOptions {
  /** Target plaintext bytes of a data block. Default 4 KiB (LevelDB's and SQLite's page size): a cold point read reads, decrypts and indexes one block; 16 KiB blocks made cold reads about 1.6x slower. */
  blockSize: number;
  /** A memtable this big is flushed after the write that reached it. Default 8 MiB. */
  memtableBytes: number;
  /** Size-tiered compaction merges this many segments of similar size. Default 4. */
  compactionThreshold: number;
  /** Tombstones and expired cells older than this are purged by a major compaction. Default 10 days (Cassandra's gc_grace_seconds). */
  gcGraceMs: number;
  /** `sync: true` on log writes (survive a machine crash, not only a process kill). Default false. */
  syncWrites: boolean;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  blockSize: 4 * 1024,
  memtableBytes: 8 * 1024 * 1024,
  compactionThreshold: 4,
  gcGraceMs: 10 * 86_400_000,
  syncWrites: false,
};

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function newId(): string {
  return Buffer.from(randomBytes(16)).toString('hex');
}

/** Runs a function after every commit queued before it (the store's single write queue). */
export type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * What {@link TableEngine.readRows} found: the merged partition, or — when one segment alone
 * holds it — its rows in place (spans of cached blocks) and its head (deletion, range
 * tombstones, static row).
 */
export type PartitionRead =
  | { state: Readonly<PartitionState>; spans?: undefined; segment?: undefined; head?: undefined }
  | { state?: undefined; segment: Segment; spans: RowSpan[]; head: Readonly<PartitionState> };

/** A consistent view for one read: memtables and segments, held until released. */
interface ReadView {
  memtables: Memtable[];
  segments: Segment[];
}

/** A table's storage. */
export class TableEngine {
  readonly #kv: KvStore;
  readonly #place: LogPlace;
  readonly #options: EngineOptions;
  #manifest: Manifest;
  #memtable = new Memtable();
  /** Memtables being flushed (still visible to reads). */
  #flushing: Memtable[] = [];
  #segments: Segment[] = [];
  #log: LogGeneration | undefined;
  #keyVersion: number;
  /** The newest default (clock-made) write timestamp this table has seen, µs. */
  #autoTimestamp = 0;
  readonly #refs = new Map<string, number>();
  readonly #obsolete = new Set<string>();
  /** The background deletions of freed segments (see #release). */
  #collecting: Promise<void> = Promise.resolve();

  private constructor(kv: KvStore, place: LogPlace, options: EngineOptions, manifest: Manifest, keyVersion: number) {
    this.#kv = kv;
    this.#place = place;
    this.#options = options;
    this.#manifest = manifest;
    this.#keyVersion = keyVersion;
  }

  /**
   * Opens a table's storage: loads the manifest, deletes orphan segments, replays the log into
   * the memtable (needs the table key, so it takes the entry).
   */
  static async open(kv: KvStore, place: LogPlace, entry: TableKeyEntry, keyVersion: number, options: EngineOptions): Promise<TableEngine> {
    const stored = await kv.get(manifestKey(place.tableId));
    if (!stored) throw new DataIntegrityException(`Table ${place.tableName}: its manifest is missing.`);
    const manifest = decodeManifest(stored, entry, place);
    const engine = new TableEngine(kv, place, options, manifest, keyVersion);
    for (const s of manifest.segments) {
      const segment = await Segment.load(kv, { ...place, segmentId: s.id });
      engine.#segments.push(segment);
      engine.#autoTimestamp = Math.max(engine.#autoTimestamp, (await segment.index(entry)).autoTs);
    }
    engine.#collecting = engine.#deleteOrphans().catch(() => undefined);
    for (const gen of manifest.logGenerations) {
      for (const record of await replayGeneration(kv, place, gen, entry)) {
        for (const u of record.updates) engine.#memtable.apply(u);
        engine.#autoTimestamp = Math.max(engine.#autoTimestamp, record.autoTimestamp);
      }
    }
    return engine;
  }

  /** Creates the manifest of a new table (to commit with its catalog record). */
  static createOps(tableId: string, entry: TableKeyEntry): KvOperation[] {
    const manifest: Manifest = { format: 1, segments: [], logGenerations: [], nextGeneration: 1 };
    return [{ type: 'put', key: manifestKey(tableId), value: encodeManifest(manifest, entry) }];
  }

  /**
   * Deletes the keys of segments the manifest does not list (left by a crash between a
   * compaction's commit and the deletion of its inputs). Runs in the background after open: an
   * orphan is never read, and finding one means seeking past every key deleted since LevelDB
   * last compacted (tens of milliseconds after a large compaction), which a first read should
   * not wait for. A segment is spared when the manifest lists it, or a read holds it, or it is
   * waiting for its readers, at the time of the deletion.
   */
  async #deleteOrphans(): Promise<void> {
    const ops: KvOperation[] = [];
    // Visit one key per segment (a seek past each segment's keys), not every block key.
    const all = segmentsRange(this.#place.tableId);
    let from: { gt?: Uint8Array; gte?: Uint8Array } = { gte: all.gte };
    for (;;) {
      let first: Uint8Array | undefined;
      for await (const key of this.#kv.keys({ ...from, lt: all.lt, limit: 1 })) first = key;
      if (!first) break;
      const id = Buffer.from(first.subarray(18, 34)).toString('hex');
      const range = segmentRange(this.#place.tableId, id);
      if (!this.#isLive(id)) {
        const keys: KvOperation[] = [];
        for await (const key of this.#kv.keys(range)) keys.push({ type: 'del', key });
        if (!this.#isLive(id)) ops.push(...keys);
      }
      from = { gte: range.lt };
    }
    if (ops.length > 0) await this.#kv.batch(ops);
  }

  /** Whether a segment id is in use: listed by the manifest, held by a read, or waiting for its readers. */
  #isLive(id: string): boolean {
    return this.#obsolete.has(id) || this.#refs.has(id) || this.#manifest.segments.some((s) => s.id === id);
  }

  get manifest(): Readonly<Manifest> {
    return this.#manifest;
  }
  get segments(): readonly Segment[] {
    return this.#segments;
  }
  get memtableBytes(): number {
    return this.#memtable.bytes;
  }
  /**
   * The newest default write timestamp the table has stored (µs): the store's clock-made
   * timestamps continue above it after a reopen, while explicit timestamps (USING TIMESTAMP)
   * never move it.
   */
  get autoTimestamp(): number {
    return this.#autoTimestamp;
  }
  get keyVersion(): number {
    return this.#keyVersion;
  }
  /** The current log generation, if a write started one. */
  get logGeneration(): LogGeneration | undefined {
    return this.#log;
  }

  #manifestOp(m: Manifest, entry: TableKeyEntry): KvOperation {
    return { type: 'put', key: manifestKey(this.#place.tableId), value: encodeManifest(m, entry) };
  }

  /**
   * Prepares one acknowledged write: the log record (and a new generation's header and the
   * manifest when this write starts one). The caller commits the ops in one batch (possibly
   * with other tables' writes), then calls `apply()`, or `abort()` if the batch failed.
   * `handOver`: the updates were built for this write alone and the caller lets go of them, so
   * `apply()` puts them into the memtable as they are instead of copying them.
   */
  prepareWrite(entry: TableKeyEntry, updates: readonly PartitionState[], autoTimestamp = 0, handOver = false): { ops: KvOperation[]; apply: () => void; abort: () => void } {
    const ops: KvOperation[] = [];
    let started: LogGeneration | undefined;
    let manifest: Manifest | undefined;
    if (!this.#log) {
      const gen = this.#manifest.nextGeneration;
      const created = LogGeneration.create(this.#place, gen, entry, this.#keyVersion);
      started = created.generation;
      manifest = { ...this.#manifest, logGenerations: [...this.#manifest.logGenerations, gen], nextGeneration: gen + 1 };
      ops.push(created.op, this.#manifestOp(manifest, entry));
    }
    const log = started ?? this.#log!;
    ops.push(log.record(entry, updates, autoTimestamp));
    return {
      ops,
      apply: () => {
        if (started) {
          this.#log = started;
          this.#manifest = manifest!;
        }
        if (handOver) for (const u of updates) this.#memtable.adopt(u);
        else for (const u of updates) this.#memtable.apply(u);
        this.#autoTimestamp = Math.max(this.#autoTimestamp, autoTimestamp);
      },
      abort: () => {
        if (!started) log.rollback();
      },
    };
  }

  /** True when the memtable passed its flush threshold. */
  get wantsFlush(): boolean {
    return this.#memtable.bytes >= this.#options.memtableBytes;
  }

  /** True when size-tiered compaction has a bucket to merge. */
  get wantsCompaction(): boolean {
    return this.#tier() !== undefined;
  }

  #acquire(): ReadView {
    const view = { memtables: [this.#memtable, ...this.#flushing], segments: [...this.#segments] };
    for (const s of view.segments) this.#refs.set(s.id, (this.#refs.get(s.id) ?? 0) + 1);
    return view;
  }

  /**
   * Ends a read. A compacted-away segment that no read holds any more is deleted in the
   * background (after the deletions already queued); if that fails, the next open deletes it
   * (an orphan), so a read never waits for it nor fails because of it.
   */
  #release(view: ReadView): void {
    let freed = false;
    for (const s of view.segments) {
      const n = (this.#refs.get(s.id) ?? 1) - 1;
      if (n > 0) this.#refs.set(s.id, n);
      else {
        this.#refs.delete(s.id);
        if (this.#obsolete.has(s.id)) freed = true;
      }
    }
    if (freed) this.#collecting = this.#collecting.then(() => this.collectObsolete()).catch(() => undefined);
  }

  /** Resolves once the background deletions of freed segments queued so far are done. */
  async settled(): Promise<void> {
    await this.#collecting;
  }

  async #segmentDeletes(segmentId: string): Promise<KvOperation[]> {
    const ops: KvOperation[] = [];
    for await (const key of this.#kv.keys(segmentRange(this.#place.tableId, segmentId))) ops.push({ type: 'del', key });
    return ops;
  }

  /**
   * The merged state of one partition (memtables and segments), or undefined; with `clustering`,
   * segments read only the blocks that row needs (a point read). Read-only: when
   * the partition has a single fragment it is returned as is (no copy), so callers must not
   * change it.
   */
  readPartition(entry: TableKeyEntry, key: Uint8Array, clustering?: Uint8Array, withStatic = true): Readonly<PartitionState> | undefined {
    const read = this.readRows(entry, key, clustering, withStatic);
    if (!read || read.state) return read?.state;
    return joinFragments(read.spans.map((span) => read.segment.decodeSpan(span)));
  }

  /**
   * {@link TableEngine.readPartition} without decoding what it need not: when a single segment
   * holds the partition (nothing in a memtable or another segment to reconcile) its rows come
   * back in place, as spans of the cached blocks (`spans`, in clustering order, with the
   * partition's deletion, range tombstones and static row decoded in `head`); otherwise the
   * merged `state`. Undefined when nothing holds the partition.
   */
  readRows(entry: TableKeyEntry, key: Uint8Array, clustering?: Uint8Array, withStatic = true): PartitionRead | undefined {
    const view = this.#acquire();
    try {
      const inSegments: { segment: Segment; spans: RowSpan[] }[] = [];
      for (const segment of view.segments) {
        const spans = segment.partitionSpans(entry, key, clustering, withStatic);
        if (spans.length > 0) inSegments.push({ segment, spans });
      }
      const inMemory: PartitionState[] = [];
      for (let i = view.memtables.length - 1; i >= 0; i--) {
        const p = view.memtables[i]!.get(key);
        if (p) inMemory.push(p);
      }
      const only = inSegments.length === 1 && inMemory.length === 0 ? inSegments[0]! : undefined;
      if (only) return { segment: only.segment, spans: only.spans, head: only.segment.head(only.spans[0]!) };
      const found: PartitionState[] = [];
      for (const { segment, spans } of inSegments) for (const span of spans) found.push(segment.decodeSpan(span));
      for (const p of inMemory) found.push(p);
      if (found.length === 0) return undefined;
      if (found.length === 1) return { state: found[0]! };
      const out = emptyPartition(key);
      if (clustering) {
        // A point read merges only the wanted row (and what shadows it), not every row of every fragment.
        const wanted = hexOf(clustering);
        for (const f of found) {
          const row = f.rows.get(wanted);
          mergePartition(out, { key: f.key, ranges: f.ranges, rows: row ? new Map([[wanted, row]]) : new Map(), ...(f.deletion !== undefined ? { deletion: f.deletion } : {}), ...(f.staticRow ? { staticRow: f.staticRow } : {}) });
        }
        return { state: out };
      }
      for (const f of found) mergePartition(out, f);
      return { state: out };
    } finally {
      this.#release(view);
    }
  }

  /** Every partition in key order, merged, from `start` when given. */
  async *scan(entry: TableKeyEntry, start?: KeyStart): AsyncGenerator<PartitionState> {
    const view = this.#acquire();
    try {
      const sources: AsyncIterator<PartitionState>[] = [
        ...view.segments.map((s) => s.fragments(entry, start)),
        ...view.memtables.map((m) => toAsync(m.partitions(start))),
      ];
      yield* mergeSources(sources);
    } finally {
      this.#release(view);
    }
  }

  /**
   * Flushes the memtable into a new encrypted segment: the memtable is frozen (still read) and
   * the next write starts a new log generation; the segment is built; then, inside `serial`,
   * one synced batch adds the segment, drops the flushed log generations and rewrites the
   * manifest. A failed batch leaves the frozen memtable readable and its generations listed,
   * so nothing is lost.
   * @returns the new segment's id, or undefined when the memtable was empty
   */
  async flush(entry: TableKeyEntry, now: number, serial: Serial): Promise<string | undefined> {
    const frozen = await serial(async () => {
      if (this.#memtable.size === 0) return undefined;
      const memtable = this.#memtable;
      this.#memtable = new Memtable();
      this.#flushing.push(memtable);
      const generations = [...this.#manifest.logGenerations];
      this.#log = undefined;
      return { memtable, generations, autoTimestamp: this.#autoTimestamp };
    });
    if (!frozen) return undefined;
    const segmentId = newId();
    const written = await writeSegment({ ...this.#place, segmentId }, entry, this.#keyVersion, frozen.memtable.partitions(), this.#options.blockSize, now, frozen.autoTimestamp);
    const segment = new Segment(this.#kv, { ...this.#place, segmentId }, written.header);
    const meta = { id: segmentId, blocks: written.stats.blocks, bytes: written.stats.bytes, rows: written.stats.rows, createdAt: now };
    const logDeletes: KvOperation[] = [];
    for (const gen of frozen.generations) for await (const key of this.#kv.keys(logGenerationRange(this.#place.tableId, gen))) logDeletes.push({ type: 'del', key });
    await serial(async () => {
      const next: Manifest = {
        ...this.#manifest,
        segments: [...this.#manifest.segments, meta],
        logGenerations: this.#manifest.logGenerations.filter((g) => !frozen.generations.includes(g)),
      };
      await this.#kv.batch([...written.ops, ...logDeletes, this.#manifestOp(next, entry)], { sync: true });
      this.#manifest = next;
      this.#segments.push(segment);
      this.#flushing = this.#flushing.filter((m) => m !== frozen.memtable);
    });
    return segmentId;
  }

  /** The segments size-tiered compaction would merge now, if any. */
  #tier(): Segment[] | undefined {
    const sized = this.#manifest.segments.map((m, i) => ({ m, s: this.#segments[i]! }));
    sized.sort((a, b) => a.m.bytes - b.m.bytes);
    for (let i = 0; i < sized.length; i++) {
      const base = sized[i]!.m.bytes;
      const bucket = sized.filter((x) => x.m.bytes >= base * 0.5 && x.m.bytes <= base * 1.5);
      if (bucket.length >= this.#options.compactionThreshold) return bucket.slice(0, 32).map((x) => x.s);
    }
    return undefined;
  }

  /**
   * Compacts `which` ('major': every segment; 'tiered': one size tier) into one new segment
   * under a fresh DEK, dropping what is shadowed and — on a major compaction — tombstones and
   * expired cells older than the grace period. One synced batch (inside `serial`) adds the new
   * segment and rewrites the manifest; the inputs' keys are deleted once no read holds them
   * (and, after a crash, on the next open).
   * @returns the ids of the merged segments (empty when there was nothing to do)
   */
  async compact(entry: TableKeyEntry, which: 'major' | 'tiered', now: number, serial: Serial): Promise<string[]> {
    const inputs = which === 'major' ? [...this.#segments] : (this.#tier() ?? []);
    if (inputs.length === 0 || (which === 'tiered' && inputs.length < 2)) return [];
    const purgeBefore = which === 'major' ? now - this.#options.gcGraceMs : undefined;
    const view = this.#acquire();
    let autoTimestamp = 0;
    const segmentId = newId();
    let segment: Segment | undefined;
    let meta: Manifest['segments'][number] | undefined;
    let ops: KvOperation[] = [];
    try {
      for (const s of inputs) autoTimestamp = Math.max(autoTimestamp, (await s.index(entry)).autoTs);
      // The merge streams into the new segment: no table-sized list of partitions, and the inputs' blocks bypass the block cache.
      let any = false;
      const merged = async function* (): AsyncGenerator<PartitionState> {
        for await (const p of mergeSources(inputs.map((s) => s.fragments(entry, undefined, false)))) {
          // A tombstone may still shadow older data in a memtable: never purge in such a partition.
          const inMemory = view.memtables.some((m) => m.get(p.key) !== undefined);
          const kept = compactPartition(p, now, inMemory ? undefined : purgeBefore);
          if (kept) {
            any = true;
            yield kept;
          }
        }
      };
      const written = await writeSegment({ ...this.#place, segmentId }, entry, this.#keyVersion, merged(), this.#options.blockSize, now, autoTimestamp);
      if (any) {
        ops = written.ops;
        segment = new Segment(this.#kv, { ...this.#place, segmentId }, written.header);
        meta = { id: segmentId, blocks: written.stats.blocks, bytes: written.stats.bytes, rows: written.stats.rows, createdAt: now };
      }
    } finally {
      this.#release(view);
    }
    const ids = new Set(inputs.map((s) => s.id));
    await serial(async () => {
      const kept = this.#manifest.segments.filter((m) => !ids.has(m.id));
      // The merged segment takes the place of the oldest input: segment order stays oldest first.
      const first = this.#manifest.segments.findIndex((m) => ids.has(m.id));
      if (meta) kept.splice(Math.min(first, kept.length), 0, meta);
      const next: Manifest = { ...this.#manifest, segments: kept };
      await this.#kv.batch([...ops, this.#manifestOp(next, entry)], { sync: true });
      this.#manifest = next;
      const byId = new Map(this.#segments.map((s) => [s.id, s]));
      if (segment) byId.set(segment.id, segment);
      this.#segments = next.segments.map((m) => byId.get(m.id)!);
      for (const id of ids) this.#obsolete.add(id);
    });
    await this.collectObsolete();
    return [...ids];
  }

  /**
   * A key change (DESIGN.md "Key change"): every segment's and log generation's DEK is
   * rewrapped under the new table key and the manifest is re-authenticated under it; no data
   * block is read or written, so the cost grows with the number of segments, not with bytes.
   * New segments and generations are then written under `version`. Call it with no flush or
   * compaction running (the store's background queue) and inside the write queue; commit the
   * ops in one batch (with the catalog record), then call `apply()`.
   */
  async rekey(from: TableKeyEntry, to: TableKeyEntry, version: number): Promise<{ ops: KvOperation[]; apply: () => void }> {
    const ops: KvOperation[] = [];
    const segments: Segment[] = [];
    for (const s of this.#segments) {
      const r = s.rewrap(from, to);
      segments.push(r.segment);
      ops.push(r.op);
    }
    let log: LogGeneration | undefined;
    for (const gen of this.#manifest.logGenerations) {
      if (this.#log && this.#log.gen === gen) {
        const r = this.#log.rewrap(from, to);
        log = r.generation;
        ops.push(r.op);
      } else ops.push(await rewrapGenerationHeader(this.#kv, this.#place, gen, from, to));
    }
    ops.push(this.#manifestOp(this.#manifest, to));
    return {
      ops,
      apply: () => {
        this.#segments = segments;
        if (log) this.#log = log;
        this.#keyVersion = version;
      },
    };
  }

  /** Deletes the LevelDB keys of compacted-away segments no reader holds. */
  async collectObsolete(): Promise<void> {
    const ops: KvOperation[] = [];
    for (const id of [...this.#obsolete]) {
      if ((this.#refs.get(id) ?? 0) > 0) continue;
      this.#obsolete.delete(id);
      ops.push(...(await this.#segmentDeletes(id)));
    }
    if (ops.length > 0) await this.#kv.batch(ops);
  }
}

/** One partition state from the consecutive fragments of one segment (see readPartition). */
function joinFragments(fragments: readonly PartitionState[]): PartitionState {
  const first = fragments[0]!;
  const out: PartitionState = { key: first.key, ranges: first.ranges, rows: new Map(first.rows) };
  if (first.deletion !== undefined) out.deletion = first.deletion;
  for (let i = 1; i < fragments.length; i++) {
    const f = fragments[i]!;
    if (f.staticRow && !out.staticRow) out.staticRow = f.staticRow;
    for (const [hex, r] of f.rows) out.rows.set(hex, r);
  }
  if (first.staticRow) out.staticRow = first.staticRow;
  return out;
}

/**
 * The stored manifest: `{"manifest": …, "mac": hex}`, the MAC an HMAC-SHA256 under a key the
 * table key derives (TableKeyEntry.mac), so a manifest edited or taken from another table does
 * not verify. (Putting back an older manifest of the same table is not detected.)
 */
function encodeManifest(m: Manifest, entry: TableKeyEntry): Uint8Array {
  const body = JSON.stringify(m);
  const mac = Buffer.from(entry.mac('manifest', utf8.encode(body))).toString('hex');
  return utf8.encode(`{"manifest":${body},"mac":"${mac}"}`);
}

function decodeManifest(bytes: Uint8Array, entry: TableKeyEntry, place: LogPlace): Manifest {
  const fail = (why: string, cause?: unknown): DataIntegrityException =>
    new DataIntegrityException(`Table ${place.tableName}: its manifest failed its integrity check: ${why}.`, cause === undefined ? undefined : { cause });
  const text = fromUtf8.decode(bytes);
  const m = /^\{"manifest":(.*),"mac":"([0-9a-f]{64})"\}$/s.exec(text);
  if (!m) throw fail('it is malformed');
  const expected = entry.mac('manifest', utf8.encode(m[1]!));
  if (!constantTimeEqual(expected, Uint8Array.from(Buffer.from(m[2]!, 'hex')))) throw fail('its MAC does not verify');
  try {
    return JSON.parse(m[1]!) as Manifest;
  } catch (e) {
    throw fail('it is malformed', e);
  }
}

async function* toAsync<T>(it: Iterable<T>): AsyncGenerator<T> {
  yield* it;
}

/**
 * K-way merge of sources each yielding partition fragments in key order (a source may yield
 * several fragments of one partition in a row). Later sources are newer, but reconciliation is
 * by timestamp, so order among sources does not matter for the result.
 */
export async function* mergeSources(sources: AsyncIterator<PartitionState>[]): AsyncGenerator<PartitionState> {
  const heads: (PartitionState | undefined)[] = [];
  for (const s of sources) heads.push((await s.next()).value as PartitionState | undefined);
  for (;;) {
    let min: Uint8Array | undefined;
    for (const h of heads) if (h && (!min || compareBytes(h.key, min) < 0)) min = h.key;
    if (!min) return;
    const out = emptyPartition(min);
    for (let i = 0; i < sources.length; i++) {
      while (heads[i] && compareBytes(heads[i]!.key, min) === 0) {
        mergePartition(out, heads[i]!);
        const next = await sources[i]!.next();
        heads[i] = next.done ? undefined : next.value;
      }
    }
    yield out;
  }
}
