/**
 * @module storage/kv/kv-store
 * The ordered key-value interface the storage engine is written against (STYLE.md §4, after
 * abstract-level's `get/put/del/batch/iterator/close`). LevelDB implements it durably
 * ({@link openLevelKv}) and {@link MemoryKv} is its in-memory model; one conformance suite
 * (`test/storage/kv/conformance.ts`) holds both to the contract below.
 *
 * Contract:
 * - Keys and values are byte strings (`Uint8Array`; a `Buffer` is accepted because it is one).
 *   The empty key and empty values are allowed. Keys sort in unsigned lexicographic byte order
 *   ({@link compareBytes}), LevelDB's default comparator.
 * - A missing key reads as `undefined`.
 * - Returned bytes are fresh plain `Uint8Array` copies: changing them never changes the store,
 *   and changing an array after passing it in never changes the store either.
 * - `batch` is atomic: every operation is checked before any is applied, and the store applies
 *   all of them or none. Later operations on the same key win.
 * - An iteration (`entries`/`keys`) reads a consistent snapshot taken at its first step: writes
 *   made after that are not seen. Breaking out of `for await` early releases it.
 * - After `close()` every method rejects with {@link KvClosedError} (`close()` too), and an
 *   iteration still running rejects at its next step.
 * - Argument mistakes throw `TypeError`/`RangeError` naming the argument (as a rejection from
 *   the async methods, synchronously from `entries`/`keys`).
 */

/**
 * One write of a {@link KvStore.batch}: set `key` to `value`, or delete `key`.
 * @example
 * const ops: KvOperation[] = [{ type: 'put', key, value }, { type: 'del', key: oldKey }];
 */
export type KvOperation = { type: 'put'; key: Uint8Array; value: Uint8Array } | { type: 'del'; key: Uint8Array };

/**
 * Which keys an iteration visits and in which order (abstract-level range options). Bounds are
 * byte strings compared with {@link compareBytes}; give at most one lower bound (`gt` or `gte`)
 * and at most one upper bound (`lt` or `lte`). A range whose lower bound lies above its upper
 * bound is empty.
 * @example
 * kv.keys({ gte: prefix, lt: prefixEnd(prefix), reverse: true, limit: 1 }); // the last key under prefix
 */
export interface KvRange {
  /** Only keys strictly greater than this. */
  gt?: Uint8Array;
  /** Only keys greater than or equal to this. */
  gte?: Uint8Array;
  /** Only keys strictly less than this. */
  lt?: Uint8Array;
  /** Only keys less than or equal to this. */
  lte?: Uint8Array;
  /** Visit keys from the largest down (default `false`). */
  reverse?: boolean;
  /** At most this many entries (a non-negative integer or `Infinity`, the default); applied after `reverse`. */
  limit?: number;
}

/**
 * Options of the writing methods.
 * @example
 * await kv.batch(manifestOps, { sync: true }); // commit and manifest writes (STYLE.md §16)
 */
export interface KvWriteOptions {
  /** Flush the write to disk before resolving (LevelDB `sync`); a no-op for in-memory stores. */
  sync?: boolean;
}

/**
 * An ordered, byte-keyed store with atomic batches (see the module comment for the contract).
 * @example
 * const kv = await openLevelKv('/var/lib/app/kv');
 * await kv.batch([{ type: 'put', key: k1, value: v1 }, { type: 'del', key: k2 }], { sync: true });
 * for await (const [key, value] of kv.entries({ gte: prefix, lt: prefixEnd(prefix) })) { … }
 * await kv.close();
 */
export interface KvStore {
  /**
   * Reads one key.
   * @param key - the key
   * @returns a copy of its value, or `undefined` when the key is missing
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} when `key` is not a Uint8Array
   */
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  /**
   * Reads one key without leaving the caller's turn of the event loop (LevelDB's synchronous
   * get): the read path of a point or partition read uses it, so a read whose blocks are cached
   * or on the page cache makes no thread-pool round trip.
   * @param key - the key
   * @returns a copy of its value, or `undefined` when the key is missing
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} when `key` is not a Uint8Array
   */
  getSync(key: Uint8Array): Uint8Array | undefined;
  /**
   * Reads several keys from one consistent view.
   * @param keys - the keys (duplicates allowed)
   * @returns one entry per key, in the same order: a copy of the value or `undefined`
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `keys[i]`
   */
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]>;
  /**
   * Sets a key.
   * @param key - the key
   * @param value - the value (copied)
   * @param options - `sync`
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `key` or `value`
   */
  put(key: Uint8Array, value: Uint8Array, options?: KvWriteOptions): Promise<void>;
  /**
   * Deletes a key; deleting a missing key is not an error.
   * @param key - the key
   * @param options - `sync`
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `key`
   */
  del(key: Uint8Array, options?: KvWriteOptions): Promise<void>;
  /**
   * Applies puts and deletes atomically, in order (the last operation on a key wins).
   * @param ops - the operations; an invalid one rejects the whole batch before anything is written
   * @param options - `sync`
   * @throws {@link KvClosedError} after `close()`; {@link TypeError} naming `ops[i]`
   */
  batch(ops: readonly KvOperation[], options?: KvWriteOptions): Promise<void>;
  /**
   * Iterates key-value pairs in byte order (or reverse), from a snapshot taken at the first step.
   * @param range - bounds, direction and limit
   * @returns an async iterable of `[key, value]` copies
   * @throws {@link TypeError}/{@link RangeError} at once for a malformed range; {@link KvClosedError} at the first step after `close()`
   */
  entries(range?: KvRange): AsyncIterable<[Uint8Array, Uint8Array]>;
  /**
   * Iterates keys only, like {@link KvStore.entries}.
   * @param range - bounds, direction and limit
   * @returns an async iterable of key copies
   * @throws {@link TypeError}/{@link RangeError} at once for a malformed range; {@link KvClosedError} at the first step after `close()`
   */
  keys(range?: KvRange): AsyncIterable<Uint8Array>;
  /**
   * Closes the store; running iterations end with {@link KvClosedError}.
   * @throws {@link KvClosedError} when the store is already closed
   */
  close(): Promise<void>;
}
