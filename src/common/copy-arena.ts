/**
 * @module common/copy-arena
 * Copies of small byte ranges carved out of shared chunks (used by table/value-codec.ts for the
 * blob values of a read, and by storage/fragment-codec.ts for the keys and values of a block a
 * compaction decodes).
 */

/**
 * Copies byte ranges into shared chunks: the values of one read (or of one block a compaction
 * decodes) share ArrayBuffers of {@link CopyArena.CHUNK} bytes instead of each allocating one (an ArrayBuffer is a native
 * allocation the garbage collector tracks as external memory: copying the 100 blobs of a
 * partition read one by one took half of the read's time). Each value is its own Uint8Array
 * over its own bytes; `value.buffer` is the shared chunk. The first value, and any larger than
 * a quarter chunk, gets a buffer of its own, so a point read allocates exactly what it returns.
 */
export class CopyArena {
  static readonly CHUNK = 32 * 1024;
  readonly #chunkBytes: number;
  #chunk: Uint8Array | undefined;
  #at = 0;
  #copies = 0;

  /**
   * @param chunkBytes - the size of a chunk: {@link CopyArena.CHUNK} by default; the size of
   *   the block being decoded when all its values are copied (they fit in it, so one chunk)
   */
  constructor(chunkBytes = CopyArena.CHUNK) {
    this.#chunkBytes = Math.max(1, Math.floor(chunkBytes));
  }

  /** A copy of `bytes[start, end)`. */
  copy(bytes: Uint8Array, start: number, end: number): Uint8Array {
    const n = end - start;
    if (this.#copies++ === 0 || n > this.#chunkBytes / 4) return bytes.slice(start, end);
    if (this.#chunk === undefined || this.#at + n > this.#chunk.length) {
      this.#chunk = new Uint8Array(this.#chunkBytes);
      this.#at = 0;
    }
    const out = this.#chunk.subarray(this.#at, this.#at + n);
    out.set(bytes.subarray(start, end));
    this.#at += n;
    return out;
  }
}
