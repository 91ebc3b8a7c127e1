/**
 * @module keys/block-cache
 * The decrypted blocks of one table-key entry (DESIGN.md "Table-key cache": anything derived
 * from a table key must not outlive it): a least-recently-used map with a byte budget (lru-cache
 * `maxSize`), cleared and closed when its entry dies.
 *
 * Dropped blocks are released, not overwritten: a reader may still be decoding a block it got
 * a moment before, and zeroing under it would turn a use-after-free into wrong data. Table keys
 * and DEKs, which are the secrets, are zeroed.
 */
import { LRUCache } from 'lru-cache';
import { KeyZeroizedError } from '../crypto/index.js';
import { needs } from '../common/needs.js';
import { assertInteger } from './_assert.js';

/** A byte-budgeted map of decrypted blocks owned by a table-key entry. */
/** Names a cached block: a string, or a number (cheaper to look up on a hot path). */
export type BlockKey = string | number;

/**
 * What the cache holds: decrypted bytes, or an object over them that reports their size (the
 * storage layer keeps a block together with the positions of its rows).
 */
export type CachedBlock = Uint8Array | { readonly byteLength: number };

export interface BlockCache {
  /**
   * @param key - the block's name (segment id and block number, say)
   * @returns the block, or `undefined` when it is not cached
   * @throws {@link KeyZeroizedError} once the entry has died
   */
  get(key: BlockKey): CachedBlock | undefined;
  /**
   * Caches a block (kept by reference: do not change it afterwards). A block larger than the
   * budget is not kept. Older blocks are dropped to stay within the budget.
   * @throws {@link KeyZeroizedError} once the entry has died
   */
  set(key: BlockKey, block: CachedBlock): void;
  /** Drops every block. */
  clear(): void;
  /** Bytes held (each block counts at least 1). */
  readonly bytes: number;
}

/**
 * The {@link BlockCache} of a table-key entry.
 * @example
 * const blocks = new DecryptedBlockCache(8 * 1024 * 1024);
 * blocks.set('seg-7/0', plaintextBlock);
 * blocks.get('seg-7/0'); // plaintextBlock
 */
export class DecryptedBlockCache implements BlockCache {
  readonly #lru: LRUCache<BlockKey, CachedBlock>;
  #discarded = false;

  /**
   * @param budgetBytes - the most bytes held at once, a positive integer
   * @throws {@link RangeError} naming `budgetBytes` when it is not a positive integer
   */
  constructor(budgetBytes: number) {
    /* Precondition: the block budget is a positive integer. */
    assertInteger(budgetBytes, 'budgetBytes', 1);
    this.#lru = new LRUCache<BlockKey, CachedBlock>({
      maxSize: budgetBytes,
      sizeCalculation: (block) => Math.max(1, block.byteLength),
    });
  }

  get(key: BlockKey): CachedBlock | undefined {
    this._alive('get');
    return this.#lru.get(key);
  }

  set(key: BlockKey, block: CachedBlock): void {
    this._alive('set');
    /* Precondition: a block key is a string or a number. */
    needs(typeof key === 'string' || typeof key === 'number', 'key must be a string or a number', TypeError);
    /* Precondition: a block is a Uint8Array, or an object with a byteLength. */
    if (!(block instanceof Uint8Array))
      needs(typeof block === 'object' && block !== null && Number.isSafeInteger(block.byteLength) && block.byteLength >= 0, 'block must be a Uint8Array or have a byteLength', TypeError);
    this.#lru.set(key, block);
  }

  clear(): void {
    this.#lru.clear();
  }

  get bytes(): number {
    return this.#lru.calculatedSize;
  }

  /** Whether {@link DecryptedBlockCache.discard} has run. */
  get isDiscarded(): boolean {
    return this.#discarded;
  }

  /** Drops every block and refuses further use: the owning entry has died. */
  discard(): void {
    this.#lru.clear();
    this.#discarded = true;
  }

  /** Throws once discarded. */
  protected _alive(what: string): void {
    if (this.#discarded) throw new KeyZeroizedError(`blocks.${what}: the table-key entry has been zeroized`);
  }
}
