/**
 * @module storage/kv/memory-kv
 * The in-memory model of {@link KvStore}: a sorted array of entries in unsigned byte order
 * ({@link compareBytes}), written for obviousness rather than speed. The conformance suite
 * holds it and LevelDB to the same contract, and property tests check that random operation
 * sequences give the same results on both, so engine tests can run on it without a disk.
 */
import { assertBytes, assertKeys, assertOperations, assertWriteOptions, copyBytes, normalizeRange, type NormalizedRange } from './_assert.js';
import { compareBytes } from './compare-bytes.js';
import { KvClosedError } from './errors.js';
import type { KvOperation, KvRange, KvStore, KvWriteOptions } from './kv-store.js';

/** One stored pair; never mutated once stored (a put replaces the object). */
interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

/** Lowercase hex of a byte string. */
function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * A {@link KvStore} held in memory. Writes apply synchronously when the method is called;
 * `sync` is accepted and has nothing to flush.
 * @example
 * const kv = new MemoryKv();
 * await kv.put(new Uint8Array([1]), new Uint8Array([42]));
 * await kv.get(new Uint8Array([1])); // Uint8Array [42]
 * kv.snapshot(); // Map { '01' => Uint8Array [42] }
 */
export class MemoryKv implements KvStore {
  /** Entries sorted by key, keys unique. */
  #entries: Entry[] = [];
  #closed = false;

  /**
   * @param initial - pairs to start with (copied; a later pair for the same key wins), e.g. the
   *   entries of another store to model reopening it
   * @throws {@link TypeError} naming `initial[i]` when a pair is not two Uint8Arrays
   * @example
   * const reopened = new MemoryKv(await collect(old.entries()));
   */
  constructor(initial?: Iterable<readonly [Uint8Array, Uint8Array]>) {
    if (initial === undefined) return;
    let i = 0;
    for (const pair of initial) {
      /* Precondition: each initial pair holds a Uint8Array key and value. */
      assertBytes(pair?.[0], `initial[${i}][0]`);
      assertBytes(pair[1], `initial[${i}][1]`);
      this.#set(pair[0], pair[1]);
      i++;
    }
  }

  /**
   * Reads one key.
   * @param key - the key
   * @returns a copy of the value, or `undefined` when missing
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `key`
   * @example
   * await kv.get(key) ?? defaultValue;
   */
  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.getSync(key);
  }

  /** {@link MemoryKv.get} without the promise. */
  getSync(key: Uint8Array): Uint8Array | undefined {
    this.#assertOpen();
    assertBytes(key, 'key');
    return this._get(key);
  }

  /** The work of {@link MemoryKv.get}, arguments checked. */
  protected _get(key: Uint8Array): Uint8Array | undefined {
    const at = this.#find(key);
    return at.found ? copyBytes((this.#entries[at.index] as Entry).value) : undefined;
  }

  /**
   * Reads several keys.
   * @param keys - the keys
   * @returns a copy of each value, or `undefined`, in the order of `keys`
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `keys[i]`
   * @example
   * const [a, b] = await kv.getMany([ka, kb]);
   */
  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.#assertOpen();
    assertKeys(keys);
    return keys.map((key) => this._get(key));
  }

  /**
   * Sets a key.
   * @param key - the key (copied)
   * @param value - the value (copied)
   * @param options - `sync` (accepted, nothing to flush)
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `key`, `value` or `options`
   * @example
   * await kv.put(key, value);
   */
  async put(key: Uint8Array, value: Uint8Array, options?: KvWriteOptions): Promise<void> {
    this.#assertOpen();
    assertBytes(key, 'key');
    assertBytes(value, 'value');
    assertWriteOptions(options);
    this._batch([{ type: 'put', key, value }]);
  }

  /**
   * Deletes a key (a missing key is not an error).
   * @param key - the key
   * @param options - `sync` (accepted, nothing to flush)
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `key` or `options`
   * @example
   * await kv.del(key);
   */
  async del(key: Uint8Array, options?: KvWriteOptions): Promise<void> {
    this.#assertOpen();
    assertBytes(key, 'key');
    assertWriteOptions(options);
    this._batch([{ type: 'del', key }]);
  }

  /**
   * Applies operations atomically: all are checked first, then all are applied.
   * @param ops - puts and deletes, applied in order
   * @param options - `sync` (accepted, nothing to flush)
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `ops[i]` or `options`
   * @example
   * await kv.batch([{ type: 'put', key: k1, value: v1 }, { type: 'del', key: k2 }]);
   */
  async batch(ops: readonly KvOperation[], options?: KvWriteOptions): Promise<void> {
    this.#assertOpen();
    assertOperations(ops);
    assertWriteOptions(options);
    this._batch(ops);
  }

  /** The work of the writing methods, arguments checked: cannot fail halfway. */
  protected _batch(ops: readonly KvOperation[]): void {
    for (const op of ops) {
      if (op.type === 'put') this.#set(op.key, op.value);
      else {
        const at = this.#find(op.key);
        if (at.found) this.#entries.splice(at.index, 1);
      }
    }
  }

  /**
   * Iterates `[key, value]` copies in byte order, from the entries present at the first step.
   * @param range - bounds, direction and limit
   * @returns an async iterable
   * @throws {@link TypeError}/{@link RangeError} at once for a malformed range; {@link KvClosedError} from a step after `close()`
   * @example
   * for await (const [key, value] of kv.entries({ gte: lo, lt: hi, reverse: true, limit: 10 })) { … }
   */
  entries(range?: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    const r = normalizeRange(range);
    return this._iterate(r, (e): [Uint8Array, Uint8Array] => [copyBytes(e.key), copyBytes(e.value)]);
  }

  /**
   * Iterates key copies in byte order, like {@link MemoryKv.entries}.
   * @param range - bounds, direction and limit
   * @returns an async iterable
   * @throws {@link TypeError}/{@link RangeError} at once for a malformed range; {@link KvClosedError} from a step after `close()`
   * @example
   * for await (const key of kv.keys({ gt: after })) { … }
   */
  keys(range?: KvRange): AsyncIterable<Uint8Array> {
    const r = normalizeRange(range);
    return this._iterate(r, (e) => copyBytes(e.key));
  }

  /** The work of the iterating methods, range checked: snapshots the range at the first step. */
  protected async *_iterate<T>(r: NormalizedRange, project: (e: Entry) => T): AsyncGenerator<T, void, undefined> {
    this.#assertOpen();
    const snapshot = this.#slice(r);
    for (const entry of snapshot) {
      this.#assertOpen();
      yield project(entry);
    }
  }

  /**
   * Closes the store; later calls reject and running iterations end with {@link KvClosedError}.
   * The entries stay readable through {@link MemoryKv.snapshot}.
   * @throws {@link KvClosedError} when already closed
   * @example
   * await kv.close();
   */
  async close(): Promise<void> {
    this.#assertOpen();
    this.#closed = true;
  }

  /**
   * The current contents for test assertions, also after `close()`.
   * @returns a new Map from lowercase hex key to a copy of the value, in key order
   * @example
   * expect(kv.snapshot()).toEqual(new Map([['01', new Uint8Array([42])]]));
   */
  snapshot(): Map<string, Uint8Array> {
    return new Map(this.#entries.map((e) => [toHex(e.key), copyBytes(e.value)]));
  }

  #assertOpen(): void {
    if (this.#closed) throw new KvClosedError();
  }

  /** Inserts or replaces a copy of the pair. */
  #set(key: Uint8Array, value: Uint8Array): void {
    const entry: Entry = { key: copyBytes(key), value: copyBytes(value) };
    const at = this.#find(key);
    if (at.found) this.#entries[at.index] = entry;
    else this.#entries.splice(at.index, 0, entry);
  }

  /** Binary search: the index of `key`, or where it would be inserted. */
  #find(key: Uint8Array): { index: number; found: boolean } {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareBytes((this.#entries[mid] as Entry).key, key);
      if (c === 0) return { index: mid, found: true };
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }

  /** The entries of a range, in iteration order (a new array: later writes don't change it). */
  #slice(r: NormalizedRange): Entry[] {
    let start = 0;
    let end = this.#entries.length;
    if (r.lower !== undefined) {
      const at = this.#find(r.lower);
      start = at.found && !r.lowerInclusive ? at.index + 1 : at.index;
    }
    if (r.upper !== undefined) {
      const at = this.#find(r.upper);
      end = at.found && r.upperInclusive ? at.index + 1 : at.index;
    }
    if (end <= start || r.limit === 0) return [];
    const count = Math.min(end - start, r.limit);
    return r.reverse ? this.#entries.slice(end - count, end).reverse() : this.#entries.slice(start, start + count);
  }
}
