/**
 * @module keys/table-key-cache
 * The cache of plaintext table keys of one open store (DESIGN.md "Table-key cache"; seed 001
 * "Mise en cache des clés de table": Keyspaces caches plaintext table keys per connection and
 * calls KMS Decrypt again when a cached key is requested after five minutes of inactivity, which
 * is how a disabled key or a revoked grant is noticed).
 *
 * Built on lru-cache: `ttl` with `updateAgeOnGet` (the idle timer), `fetchMethod` (concurrent
 * misses share one KMS call), `dispose` (the entry is zeroized), `perf` reading the injected clock
 * (`ttlResolution: 0`). lru-cache's own `ttlAutopurge` runs on real `setTimeout`, which a manual
 * clock does not move; instead each entry has one timer on the injected clock that drops it when
 * it has been idle too long (or is older than `maxAgeMs`), so an idle key is zeroized even if
 * nobody asks for it again.
 *
 * lru-cache never disposes a stale value it was refreshing in the background, nor a value whose
 * fetch was aborted; so this cache never lets lru-cache refresh a stale entry (it deletes it
 * first, which disposes it) and zeroizes itself whatever a fetch returns after an abort.
 */
import { LRUCache } from 'lru-cache';
import type { Clock, Timer } from '../clock/index.js';
import { needs } from '../common/needs.js';
import { TABLE_KEY_FETCH_ATTEMPTS } from './constants.js';
import type { TableKeyEntry } from './table-key-entry.js';
import type { TableIdentity, TableKeyRecord } from './types.js';

/** What a cache miss must load: a table-key version of a table. */
export interface TableKeyLoad {
  table: TableIdentity;
  record: TableKeyRecord;
}

/** Options of {@link TableKeyCache}. */
export interface TableKeyCacheOptions {
  /** The clock that drives idle and age expiry. */
  clock: Clock;
  /** An entry not asked for this long (ms, positive integer) is dropped and zeroized. */
  idleMs: number;
  /** An entry this old (ms since it was loaded) is dropped even if used. Absent: no limit. */
  maxAgeMs?: number;
  /** The most entries held; past it the least recently used is dropped. */
  maxEntries: number;
  /** Loads a missing entry (one KMS Decrypt); its failure is passed on as is. */
  load: (request: TableKeyLoad) => Promise<TableKeyEntry>;
}

/** A load of the cache in progress: for {@link TableKeyCache.evict} to find. */
interface Loading {
  readonly key: string;
  readonly tableId: string;
}

/** What an entry was loaded from, besides its cache key (copied: callers may reuse their objects). */
interface Source {
  readonly keyspace: string;
  readonly table: string;
  readonly blob: string;
}
function sourceOf(request: TableKeyLoad): Source {
  return { keyspace: request.table.keyspace, table: request.table.table, blob: request.record.ciphertextBlob };
}

/** `<version>/<tableId>`: the version has no `/`, so the table id is everything after the first one. */
function cacheKeyOf(tableId: string, version: number): string {
  return `${version}/${tableId}`;
}
function tableIdOf(cacheKey: string): string {
  return cacheKey.slice(cacheKey.indexOf('/') + 1);
}

/**
 * Plaintext table keys, by table and version, with idle and age expiry on the injected clock.
 * @example
 * const cache = new TableKeyCache({ clock, idleMs: 300_000, maxEntries: 1000, load: decryptTableKey });
 * const entry = await cache.get({ table, record });
 */
export class TableKeyCache {
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #maxAgeMs: number | undefined;
  readonly #load: (request: TableKeyLoad) => Promise<TableKeyEntry>;
  readonly #lru: LRUCache<string, TableKeyEntry, TableKeyLoad>;
  /** The one expiry timer of each entry in the cache. */
  readonly #timers = new Map<TableKeyEntry, Timer>();
  /** The table names and ciphertext blob each entry came from, to notice a request that does not match. */
  readonly #sources = new WeakMap<TableKeyEntry, Source>();
  /** Loaded entries lru-cache has not stored yet: zeroized if their fetch is aborted. */
  readonly #unplaced = new Set<TableKeyEntry>();
  readonly #loading = new Set<Loading>();
  /** Errors thrown by a load (KMS failures), as opposed to lru-cache's abort reasons. */
  readonly #loadFailures = new WeakSet<object>();
  #closed = false;

  /**
   * @param options - clock, idle period, optional max age, capacity, loader
   * @throws {@link RangeError} naming `options.idleMs`, `options.maxAgeMs` or `options.maxEntries` when out of range
   */
  constructor(options: TableKeyCacheOptions) {
    /* Precondition: idleMs is a positive integer. */
    needs(Number.isSafeInteger(options.idleMs) && options.idleMs > 0, 'options.idleMs must be a positive integer', RangeError);
    /* Precondition: maxAgeMs, when given, is a positive number. */
    needs(options.maxAgeMs === undefined || (Number.isFinite(options.maxAgeMs) && options.maxAgeMs > 0), 'options.maxAgeMs must be a positive number', RangeError);
    /* Precondition: maxEntries is a positive integer. */
    needs(Number.isSafeInteger(options.maxEntries) && options.maxEntries > 0, 'options.maxEntries must be a positive integer', RangeError);
    this.#clock = options.clock;
    this.#idleMs = options.idleMs;
    this.#maxAgeMs = options.maxAgeMs;
    this.#load = options.load;
    const clock = options.clock;
    // lru-cache treats a start time of 0 as "no TTL"; count from 1 at construction, as performance.now() counts from its origin.
    const origin = clock.now() - 1;
    this.#lru = new LRUCache<string, TableKeyEntry, TableKeyLoad>({
      max: options.maxEntries,
      ttl: options.idleMs,
      updateAgeOnGet: true,
      ttlResolution: 0,
      perf: { now: () => clock.now() - origin },
      fetchMethod: (key, _stale, { signal, context }) => this._fetch(key, context, signal),
      dispose: (entry) => this._retire(entry),
      onInsert: (entry, key) => this._placed(entry, key),
    });
  }

  /**
   * The live entry of `request.record`: cached (its idle timer restarts), or loaded once however
   * many callers miss at the same time.
   * @param request - the table and its table-key record
   * @returns the entry
   * @throws whatever the loader throws (the KMS error, name preserved); the failure is not cached
   * @throws {@link Error} when the cache is closed
   * @example
   * const entry = await cache.get({ table, record });
   */
  async get(request: TableKeyLoad): Promise<TableKeyEntry> {
    const key = cacheKeyOf(request.table.tableId, request.record.version);
    let lastError: unknown;
    for (let attempt = 0; attempt < TABLE_KEY_FETCH_ATTEMPTS; attempt++) {
      this._assertOpen();
      const current = this.#lru.peek(key, { allowStale: true });
      if (current !== undefined && (this._expired(key, current) || !this._matches(current, request))) {
        // Delete, never let lru-cache refresh a stale value: it would not dispose it.
        this.#lru.delete(key);
      }
      try {
        const entry = await this.#lru.fetch(key, { context: request });
        if (entry !== undefined && !entry.isZeroized && this._matches(entry, request)) return entry;
      } catch (error) {
        if (typeof error === 'object' && error !== null && this.#loadFailures.has(error)) throw error;
        // lru-cache dropped the fetch (evicted, replaced, cleared): ask again.
        lastError = error;
      }
    }
    this._assertOpen();
    throw lastError ?? new Error(`the table key of ${request.table.tableId} v${request.record.version} kept being dropped while loading`);
  }

  /**
   * The live entry of `request` when it is cached, without waiting: the synchronous start of a
   * read. Its idle timer restarts, as with {@link TableKeyCache.get}. Undefined when it is not
   * cached, is still loading, has expired, or was loaded for another blob: then call `get`.
   * @example
   * const entry = cache.peek({ table, record }) ?? (await cache.get({ table, record }));
   */
  peek(request: TableKeyLoad): TableKeyEntry | undefined {
    if (this.#closed) return undefined;
    const key = cacheKeyOf(request.table.tableId, request.record.version);
    const current = this.#lru.peek(key);
    if (current === undefined || current.isZeroized || this._expired(key, current) || !this._matches(current, request)) return undefined;
    this.#lru.get(key);
    return current;
  }

  /**
   * Puts an entry the caller already holds (a table key just made by GenerateDataKey) in the cache.
   * @param request - the table and the record the entry belongs to
   * @param entry - the entry; the cache owns it from now on
   * @example
   * cache.seed({ table, record }, entry);
   */
  seed(request: TableKeyLoad, entry: TableKeyEntry): void {
    if (this.#closed) {
      entry.zeroize();
      return;
    }
    this.#sources.set(entry, sourceOf(request));
    this.#lru.set(cacheKeyOf(request.table.tableId, request.record.version), entry);
  }

  /**
   * Drops (zeroizes) every entry of a table, every version, and aborts its loads in progress.
   * @param tableId - the table
   * @example
   * cache.evict(table.tableId);
   */
  evict(tableId: string): void {
    this.#lru.purgeStale();
    for (const key of [...this.#lru.keys()]) if (tableIdOf(key) === tableId) this.#lru.delete(key);
    for (const loading of [...this.#loading]) if (loading.tableId === tableId) this.#lru.delete(loading.key);
  }

  /** Number of live entries: loaded, not idle too long, not too old. */
  get size(): number {
    let n = 0;
    for (const [key, entry] of this.#lru.entries()) if (!this._expired(key, entry)) n++;
    return n;
  }

  /** Whether {@link TableKeyCache.close} has run. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /** Zeroizes every entry, aborts every load, cancels every timer; later calls to `get` throw. */
  close(): void {
    this.#closed = true;
    this.#lru.clear();
    for (const timer of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    for (const entry of this.#unplaced) entry.zeroize();
    this.#unplaced.clear();
  }

  /** lru-cache `fetchMethod`: loads, and makes sure an entry nobody will store is zeroized. */
  protected async _fetch(key: string, request: TableKeyLoad, signal: AbortSignal): Promise<TableKeyEntry | undefined> {
    const loading: Loading = { key, tableId: request.table.tableId };
    this.#loading.add(loading);
    try {
      const entry = await this.#load(request);
      this.#sources.set(entry, sourceOf(request));
      if (signal.aborted || this.#closed) {
        entry.zeroize();
        return undefined;
      }
      this.#unplaced.add(entry);
      signal.addEventListener('abort', () => {
        if (this.#unplaced.delete(entry)) entry.zeroize();
      }, { once: true });
      return entry;
    } catch (error) {
      if (typeof error === 'object' && error !== null) this.#loadFailures.add(error);
      throw error;
    } finally {
      this.#loading.delete(loading);
    }
  }

  /** lru-cache `onInsert`: the entry is stored; start its expiry timer. */
  protected _placed(entry: TableKeyEntry, key: string): void {
    this.#unplaced.delete(entry);
    if (this.#timers.has(entry)) return;
    // Just stored: idle for 0 ms (lru-cache sets its start after this hook runs).
    this._arm(key, entry, Math.min(this.#idleMs, this._ageLeft(entry)));
  }

  /** lru-cache `dispose`: the entry left the cache (expired, evicted, replaced, deleted, cleared). */
  protected _retire(entry: TableKeyEntry): void {
    this.#timers.get(entry)?.cancel();
    this.#timers.delete(entry);
    this.#unplaced.delete(entry);
    entry.zeroize();
  }

  /** Schedules the check of `entry` just after `leftMs`, when it may have expired. */
  protected _arm(key: string, entry: TableKeyEntry, leftMs: number): void {
    const delay = Number.isFinite(leftMs) ? Math.max(0, leftMs) + 1 : this.#idleMs + 1;
    this.#timers.set(entry, this.#clock.schedule(delay, () => this._check(key, entry)));
  }

  /** Timer callback: drops the entry if it expired, else checks again when it next may. */
  protected _check(key: string, entry: TableKeyEntry): void {
    this.#timers.delete(entry);
    if (this.#closed || entry.isZeroized || this.#lru.peek(key, { allowStale: true }) !== entry) return;
    if (this._expired(key, entry)) {
      this.#lru.delete(key);
      return;
    }
    this._arm(key, entry, Math.min(this.#lru.getRemainingTTL(key), this._ageLeft(entry)));
  }

  /**
   * Whether `entry` was loaded for this request: same blob, same table names (the table id and
   * version are the cache key). A cached answer is then the one KMS would give.
   */
  protected _matches(entry: TableKeyEntry, request: TableKeyLoad): boolean {
    const source = this.#sources.get(entry);
    return (
      source !== undefined &&
      source.blob === request.record.ciphertextBlob &&
      source.keyspace === request.table.keyspace &&
      source.table === request.table.table
    );
  }

  /** Idle longer than `idleMs`, or older than `maxAgeMs`. */
  protected _expired(key: string, entry: TableKeyEntry): boolean {
    return this.#lru.getRemainingTTL(key) < 0 || this._ageLeft(entry) < 0;
  }

  /** Milliseconds until the entry is too old (negative once it is); Infinity without a max age. */
  protected _ageLeft(entry: TableKeyEntry): number {
    return this.#maxAgeMs === undefined ? Infinity : entry.createdAt + this.#maxAgeMs - this.#clock.now();
  }

  /** Throws once closed. */
  protected _assertOpen(): void {
    needs(!this.#closed, 'the table-key cache is closed');
  }
}
