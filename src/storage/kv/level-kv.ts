/**
 * @module storage/kv/level-kv
 * {@link KvStore} on LevelDB through `level` (classic-level): keys and values use the `view`
 * encoding (STYLE.md §16, abstract-level README §Encodings), results are copied into plain
 * `Uint8Array`s (never the `Buffer`s classic-level hands out), `sync` is passed through to
 * LevelDB's `WriteOptions::sync`, and every iterator is closed when its iteration ends, throws
 * or is abandoned with `break` (classic-level README §Iterator).
 */
import { Level } from 'level';
import { assertBytes, assertKeys, assertOperations, assertWriteOptions, copyBytes, normalizeRange, type NormalizedRange } from './_assert.js';
import { KvClosedError } from './errors.js';
import type { KvOperation, KvRange, KvStore, KvWriteOptions } from './kv-store.js';

/** The LevelDB handle with byte keys and values. */
type Db = Level<Uint8Array, Uint8Array>;

/** The error codes abstract-level uses for a closed database or iterator. */
const CLOSED_CODES: ReadonlySet<unknown> = new Set(['LEVEL_DATABASE_NOT_OPEN', 'LEVEL_ITERATOR_NOT_OPEN']);

/** How many entries an iteration asks LevelDB for at once (abstract-level `nextv`). */
const ITERATION_BATCH = 256;

/** The abstract-level range options of a checked range. */
function levelRange(r: NormalizedRange): { gt?: Uint8Array; gte?: Uint8Array; lt?: Uint8Array; lte?: Uint8Array; reverse: boolean; limit: number } {
  const out: { gt?: Uint8Array; gte?: Uint8Array; lt?: Uint8Array; lte?: Uint8Array; reverse: boolean; limit: number } = {
    reverse: r.reverse,
    limit: r.limit === Infinity ? -1 : r.limit,
  };
  if (r.lower !== undefined) out[r.lowerInclusive ? 'gte' : 'gt'] = r.lower;
  if (r.upper !== undefined) out[r.upperInclusive ? 'lte' : 'lt'] = r.upper;
  return out;
}

/** The write options to hand to LevelDB. */
function levelWrite(options: KvWriteOptions | undefined): { sync: boolean } {
  return { sync: options?.sync === true };
}

/** A {@link KvStore} on an open LevelDB database; made by {@link openLevelKv}. */
class LevelKv implements KvStore {
  readonly #db: Db;
  #closed = false;

  constructor(db: Db) {
    this.#db = db;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.getSync(key);
  }

  getSync(key: Uint8Array): Uint8Array | undefined {
    this.#assertOpen();
    assertBytes(key, 'key');
    // LevelDB's synchronous get: one point read does not pay a thread-pool round trip (the
    // issue's measurement: about 3x faster on 16 KiB values); it blocks the event loop for
    // the read, as better-sqlite3 does for every statement.
    let value: Uint8Array | undefined;
    try {
      value = this.#db.getSync(key);
    } catch (e) {
      if (this.#closed && CLOSED_CODES.has((e as { code?: unknown }).code)) throw new KvClosedError(undefined, { cause: e });
      throw e;
    }
    // classic-level copies the value into a Buffer of its own (napi_create_buffer_copy): a
    // plain Uint8Array over that memory is the caller's copy, with no second one made.
    return value === undefined ? undefined : value.buffer.byteLength === value.byteLength ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : copyBytes(value);
  }

  async getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    this.#assertOpen();
    assertKeys(keys);
    if (keys.length === 0) return [];
    const values = await this.#call(() => this.#db.getMany([...keys]));
    return values.map((v) => (v === undefined ? undefined : copyBytes(v)));
  }

  async put(key: Uint8Array, value: Uint8Array, options?: KvWriteOptions): Promise<void> {
    this.#assertOpen();
    assertBytes(key, 'key');
    assertBytes(value, 'value');
    assertWriteOptions(options);
    await this.#call(() => this.#db.put(key, value, levelWrite(options)));
  }

  async del(key: Uint8Array, options?: KvWriteOptions): Promise<void> {
    this.#assertOpen();
    assertBytes(key, 'key');
    assertWriteOptions(options);
    await this.#call(() => this.#db.del(key, levelWrite(options)));
  }

  async batch(ops: readonly KvOperation[], options?: KvWriteOptions): Promise<void> {
    this.#assertOpen();
    assertOperations(ops);
    assertWriteOptions(options);
    if (ops.length === 0) return;
    const levelOps = ops.map((op) =>
      op.type === 'put' ? { type: 'put' as const, key: op.key, value: op.value } : { type: 'del' as const, key: op.key },
    );
    await this.#call(() => this.#db.batch(levelOps, levelWrite(options)));
  }

  entries(range?: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    const r = normalizeRange(range);
    return this.#iterate(r, (k, v): [Uint8Array, Uint8Array] => [copyBytes(k), copyBytes(v)]);
  }

  keys(range?: KvRange): AsyncIterable<Uint8Array> {
    const r = normalizeRange(range);
    return this.#iterate(r, (k) => copyBytes(k));
  }

  async close(): Promise<void> {
    this.#assertOpen();
    this.#closed = true;
    await this.#db.close();
  }

  /** Opens a LevelDB iterator at the first step (its snapshot) and closes it however the iteration ends. */
  async *#iterate<T>(r: NormalizedRange, project: (key: Uint8Array, value: Uint8Array) => T): AsyncGenerator<T, void, undefined> {
    this.#assertOpen();
    const it = this.#db.iterator(levelRange(r));
    try {
      for (;;) {
        const chunk = await this.#call(() => it.nextv(ITERATION_BATCH));
        if (chunk.length === 0) return;
        for (const [key, value] of chunk) {
          this.#assertOpen();
          yield project(key, value);
        }
      }
    } finally {
      await it.close();
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new KvClosedError();
  }

  /** Runs a LevelDB call, turning "not open" failures after `close()` into {@link KvClosedError}. */
  async #call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (this.#closed && CLOSED_CODES.has((e as { code?: unknown }).code)) throw new KvClosedError(undefined, { cause: e });
      throw e;
    }
  }
}

/**
 * Opens (creating if missing, parent directories included) a LevelDB database as a {@link KvStore}.
 * @param path - the database directory
 * @returns the open store; close it with `close()`
 * @throws {@link TypeError} when `path` is not a non-empty string; LevelDB's `LEVEL_DATABASE_NOT_OPEN`
 *   error (cause `LEVEL_LOCKED` when another handle holds the directory) when it cannot be opened
 * @example
 * const kv = await openLevelKv(join(dataDir, 'kv'));
 * await kv.put(key, value, { sync: true });
 * await kv.close();
 */
export async function openLevelKv(path: string): Promise<KvStore> {
  /* Precondition: path is a non-empty string. */
  if (typeof path !== 'string' || path === '') throw new TypeError(`path must be a non-empty string, got ${typeof path === 'string' ? 'an empty string' : typeof path}`);
  const db: Db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' });
  await db.open();
  return new LevelKv(db);
}
