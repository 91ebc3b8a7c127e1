/**
 * @module keys/table-key-entry
 * One plaintext table key in the table-key cache and everything derived from it (DESIGN.md
 * "Table-key cache"; seed 001 "Mise en cache des clés de table"): the key itself, the DEKs it
 * unwrapped (memoised per segment or log generation), and a cache of decrypted blocks. All of
 * it dies with the entry: {@link TableKeyEntry.zeroize} wipes the key and every DEK and drops
 * the blocks, and every method then throws.
 */
import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { constantTimeEqual, hkdfSha256, KeyZeroizedError, SecretKey, type RandomSource } from '../crypto/index.js';
import { needs } from '../common/needs.js';
import { assertBytes, assertInteger, assertText } from './_assert.js';
import { DecryptedBlockCache, type BlockCache } from './block-cache.js';
import { DEFAULT_BLOCK_CACHE_BYTES, MAX_CACHED_DEKS_PER_ENTRY, TABLE_KEY_LENGTH } from './constants.js';
import { unwrapDek, wrapDek } from './dek.js';

/** The symbol node's `util.inspect` calls for a custom rendering. */
const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/** What {@link TableKeyEntry} is made from. */
export interface TableKeyEntryInit {
  tableId: string;
  version: number;
  /** The 32-byte plaintext table key; the entry takes ownership and zeroizes it when it dies. */
  key: SecretKey;
  /** When the plaintext came out of KMS (epoch ms of the service's clock). */
  createdAt: number;
  /** Byte budget of {@link TableKeyEntry.blocks}; 64 MiB by default. */
  blockCacheBytes?: number;
  /** Source of DEK-wrap nonces; the system CSPRNG by default. */
  randomBytes?: RandomSource;
}

/** A memoised DEK and the exact wrapped bytes and aad it came from. */
interface DekSlot {
  readonly key: SecretKey;
  readonly wrapped: Uint8Array;
  readonly aad: Uint8Array;
}

/**
 * A plaintext table key and everything derived from it. Obtain one from
 * `TableKeyService.entry()`; do not keep it across long waits, since the cache may retire it
 * (then every method throws {@link KeyZeroizedError}: ask the service again).
 * @example
 * const entry = await keys.entry(table, record);
 * const wrapped = entry.wrapDek(dek, aad);             // stored in the segment header
 * const key = entry.dek(segmentId, wrapped, aad);       // SecretKey owned by the entry
 */
export class TableKeyEntry {
  /** The table this key belongs to. */
  readonly tableId: string;
  /** The table-key version. */
  readonly version: number;
  /** When the plaintext came out of KMS (epoch ms). */
  readonly createdAt: number;
  readonly #key: SecretKey;
  readonly #deks: LRUCache<string, DekSlot>;
  readonly #macKeys = new Map<string, SecretKey>();
  readonly #blocks: DecryptedBlockCache;
  readonly #randomBytes: RandomSource | undefined;
  /** What readers derived from this key, per owner (a segment's DEK, index and Bloom filter); replaced, so released, when the entry dies. */
  #derived = new WeakMap<object, unknown>();
  #zeroized = false;

  /**
   * @param init - table id, version, the key (ownership passes to the entry), creation time
   * @throws {@link TypeError} naming a member of `init` of the wrong type
   * @throws {@link RangeError} naming `init.key` when it is not 32 bytes or already zeroized,
   *   or another member out of range
   */
  constructor(init: TableKeyEntryInit) {
    /* Precondition: tableId is a non-empty string. */
    assertText(init.tableId, 'init.tableId');
    /* Precondition: version is a positive integer. */
    assertInteger(init.version, 'init.version', 1);
    /* Precondition: the table key is a live 32-byte SecretKey. */
    needs(init.key instanceof SecretKey, 'init.key must be a SecretKey', TypeError);
    needs(!init.key.isZeroized && init.key.length === TABLE_KEY_LENGTH, `init.key must be a live ${TABLE_KEY_LENGTH}-byte key`, RangeError);
    needs(typeof init.createdAt === 'number' && Number.isFinite(init.createdAt), 'init.createdAt must be a finite number', TypeError);
    this.tableId = init.tableId;
    this.version = init.version;
    this.createdAt = init.createdAt;
    this.#key = init.key;
    this.#randomBytes = init.randomBytes;
    this.#blocks = new DecryptedBlockCache(init.blockCacheBytes ?? DEFAULT_BLOCK_CACHE_BYTES);
    this.#deks = new LRUCache<string, DekSlot>({
      max: MAX_CACHED_DEKS_PER_ENTRY,
      dispose: (slot) => slot.key.zeroize(),
    });
  }

  /**
   * Wraps a fresh DEK under this table key.
   * @param dek - the 32-byte DEK (the caller keeps and wipes its copy)
   * @param aad - the caller's binding: table, segment or log generation, key version, purpose
   * @returns the wrapped DEK (61 bytes), to store
   * @throws {@link KeyZeroizedError} once the entry has died
   * @throws {@link TypeError} naming `dek` or `aad` when it is not a Uint8Array
   * @throws {@link RangeError} naming `dek` when it is not 32 bytes
   * @example
   * const dek = randomBytes(32);
   * try { header.wrappedDek = entry.wrapDek(dek, aad); } finally { zeroize(dek); }
   */
  wrapDek(dek: Uint8Array, aad: Uint8Array): Uint8Array {
    this._alive('wrapDek');
    return wrapDek(this.#key, dek, aad, this.#randomBytes);
  }

  /**
   * Wraps this table key under the `next` one: a link of the table's key chain (DESIGN.md "The
   * key hierarchy": previous table keys wrapped by the newest), so data and backups sealed
   * under an older table key stay readable through the current one.
   * @param next - the newer table key
   * @param aad - the binding: table and both versions
   * @returns the wrapped key (61 bytes), to store in the catalog
   * @throws {@link KeyZeroizedError} once either entry has died
   */
  wrapUnder(next: TableKeyEntry, aad: Uint8Array): Uint8Array {
    this._alive('wrapUnder');
    next._alive('wrapUnder');
    assertBytes(aad, 'aad');
    return wrapDek(next.#key, this.#key.bytes, aad, next.#randomBytes);
  }

  /**
   * The older table key a chain link holds (made by {@link TableKeyEntry.wrapUnder} under this
   * key), as a new entry that the caller owns and must zeroize.
   * @throws {@link AeadAuthenticationError} when the link does not authenticate under this key and `aad`
   */
  unwrapChained(wrapped: Uint8Array, aad: Uint8Array, version: number): TableKeyEntry {
    this._alive('unwrapChained');
    assertBytes(wrapped, 'wrapped');
    assertBytes(aad, 'aad');
    const key = unwrapDek(this.#key, wrapped, aad);
    return new TableKeyEntry({ tableId: this.tableId, version, key, createdAt: this.createdAt });
  }

  /**
   * The DEK that `wrapped` holds, unwrapped once per `cacheKey` and kept by this entry.
   * @param cacheKey - names the wrapped DEK (a segment id, a log generation); one cacheKey, one wrapped DEK
   * @param wrapped - the wrapped DEK from the header
   * @param aad - the binding it was wrapped with
   * @returns a {@link SecretKey} owned by this entry: do not zeroize it, do not keep it past the
   *   entry (it is zeroized when the entry dies, or when more than 4096 DEKs are cached)
   * @throws {@link AeadAuthenticationError} when `wrapped` does not authenticate with this table
   *   key and `aad` (the memo never answers for other bytes or another aad)
   * @throws {@link KeyZeroizedError} once the entry has died
   * @throws {@link TypeError} naming `cacheKey`, `wrapped` or `aad` when it has the wrong type
   * @throws {@link RangeError} naming `cacheKey` when it already names another valid wrapped DEK
   * @example
   * const key = entry.dek(`segment/${id}`, header.wrappedDek, aad);
   * const block = open(key.bytes, nonce, sealed, blockAad);
   */
  dek(cacheKey: string, wrapped: Uint8Array, aad: Uint8Array): SecretKey {
    this._alive('dek');
    /* Precondition: cacheKey is a string. */
    needs(typeof cacheKey === 'string', 'cacheKey must be a string', TypeError);
    /* Precondition: wrapped is a Uint8Array. */
    assertBytes(wrapped, 'wrapped');
    /* Precondition: aad is a Uint8Array. */
    assertBytes(aad, 'aad');
    const slot = this.#deks.get(cacheKey);
    if (slot !== undefined && constantTimeEqual(slot.wrapped, wrapped) && constantTimeEqual(slot.aad, aad)) return slot.key;
    // Not memoised, or other bytes under this name: authenticate them first.
    const key = unwrapDek(this.#key, wrapped, aad);
    if (slot !== undefined) {
      key.zeroize();
      /* Precondition: a cacheKey names one wrapped DEK. */
      throw new RangeError(`cacheKey '${cacheKey}' already names another wrapped DEK of table ${this.tableId} v${this.version}`);
    }
    this.#deks.set(cacheKey, { key, wrapped: Uint8Array.from(wrapped), aad: Uint8Array.from(aad) });
    return key;
  }

  /**
   * Something derived from this table key for `owner`, made by `make` on first use and kept
   * while the entry and the owner live (a WeakMap: a dropped owner takes its value with it).
   * When the entry dies the values are released with it, like its blocks. A storage segment
   * keeps its DEK, decoded index and Bloom filter here, so a read finds them with one lookup.
   * @throws {@link KeyZeroizedError} once the entry has died
   * @example
   * const state = entry.derived(segment, () => loadIndexAndFilter(entry));
   */
  derived<T>(owner: object, make: () => T): T {
    this._alive('derived');
    let value = this.#derived.get(owner) as T | undefined;
    if (value === undefined) {
      value = make();
      this._alive('derived');
      this.#derived.set(owner, value);
    }
    return value;
  }

  /** The decrypted blocks of this table key; dropped when the entry dies. */
  get blocks(): BlockCache {
    return this.#blocks;
  }

  /** How many unwrapped DEKs the entry holds. */
  get dekCount(): number {
    return this.#deks.size;
  }

  /** True once zeroized; every method then throws {@link KeyZeroizedError}. */
  get isZeroized(): boolean {
    return this.#zeroized;
  }

  /**
   * Wipes the table key and every DEK, drops the blocks. Calling it again does nothing. The
   * table-key cache calls it when the entry leaves the cache.
   * @example
   * entry.zeroize(); entry.isZeroized; // true
   */
  zeroize(): void {
    if (this.#zeroized) return;
    this.#zeroized = true;
    this.#key.zeroize();
    for (const k of this.#macKeys.values()) k.zeroize();
    this.#macKeys.clear();
    this.#deks.clear();
    this.#blocks.discard();
    this.#derived = new WeakMap();
  }

  /**
   * HMAC-SHA256 of `data` under a key derived from the table key for `purpose`
   * (HKDF-SHA256, salt = table id, info = `sealtable mac v1 <purpose>`); the derived key lives
   * and dies with this entry. Used to authenticate what the engine keeps in the clear (its manifest).
   * @param purpose - what the MAC is for, e.g. `manifest`
   * @param data - the bytes to authenticate
   * @returns 32 bytes
   * @throws {@link KeyZeroizedError} once zeroized
   * @example const tag = entry.mac('manifest', bytes);
   */
  mac(purpose: string, data: Uint8Array): Uint8Array {
    this._alive('mac');
    let key = this.#macKeys.get(purpose);
    if (!key) {
      key = SecretKey.adopt(hkdfSha256(this.#key.bytes, new TextEncoder().encode(this.tableId), new TextEncoder().encode(`sealtable mac v1 ${purpose}`), 32));
      this.#macKeys.set(purpose, key);
    }
    return new Uint8Array(createHmac('sha256', key.bytes).update(data).digest());
  }

  /** `TableKeyEntry(<tableId> v<version>, live|zeroized)`: never key bytes. */
  toString(): string {
    return `TableKeyEntry(${this.tableId} v${this.version}, ${this.#zeroized ? 'zeroized' : 'live'})`;
  }

  /** What `JSON.stringify` writes: the same text as {@link TableKeyEntry.toString}. */
  toJSON(): string {
    return this.toString();
  }

  /** What `util.inspect` and `console.log` show. */
  [INSPECT](): string {
    return this.toString();
  }

  /** Throws once zeroized. */
  protected _alive(what: string): void {
    if (this.#zeroized) throw new KeyZeroizedError(`TableKeyEntry.${what}: table ${this.tableId} v${this.version} has been zeroized`);
  }
}
