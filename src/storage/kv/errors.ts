/**
 * @module storage/kv/errors
 * The one error of the KV layer: using a {@link KvStore} after `close()`. Like abstract-level's
 * `LEVEL_DATABASE_NOT_OPEN` it is a lifecycle mistake of the caller, matched on `name`
 * (STYLE.md §12); argument mistakes throw the built-in `TypeError`/`RangeError` instead.
 */
import type { ExceptionOptions } from '../../common/errors.js';

/**
 * Thrown (as a rejection) by every method of a {@link KvStore} once it has been closed,
 * including `close()` itself and an iteration that was running when the store closed.
 * @example
 * await kv.close();
 * try { await kv.get(key); } catch (e) { if ((e as Error).name === 'KvClosedError') … }
 */
export class KvClosedError extends Error {
  override readonly name = 'KvClosedError' as const;

  /**
   * @param message - what was attempted; `'KV store is closed'` by default
   * @param options - `cause`: the lower-layer error (e.g. LevelDB's `LEVEL_DATABASE_NOT_OPEN`)
   */
  constructor(message = 'KV store is closed', options?: ExceptionOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
