/**
 * @module storage/kv/prefixed-kv
 * A read-only view of the keys of a {@link KvStore} under a prefix, with the prefix removed: a
 * backup's copied table data (`B <backup id> d <data key>`, storage/layout.ts) read by a
 * table engine as if it were the table itself. Writes are refused, except an empty batch.
 */
import type { KvOperation, KvRange, KvStore, KvWriteOptions } from './kv-store.js';

function join(prefix: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + key.length);
  out.set(prefix, 0);
  out.set(key, prefix.length);
  return out;
}

/** The first key after every key that starts with `prefix`. */
function after(prefix: Uint8Array): Uint8Array {
  const out = Uint8Array.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i]! < 0xff) {
      out[i]!++;
      return out.subarray(0, i + 1);
    }
  }
  return new Uint8Array([0xff, 0xff, 0xff, 0xff]);
}

/** A read-only view of `kv` under `prefix`. */
export class PrefixedKv implements KvStore {
  readonly #kv: KvStore;
  readonly #prefix: Uint8Array;

  constructor(kv: KvStore, prefix: Uint8Array) {
    this.#kv = kv;
    this.#prefix = Uint8Array.from(prefix);
  }

  #range(range: KvRange = {}): KvRange {
    const out: KvRange = {};
    if (range.gt) out.gt = join(this.#prefix, range.gt);
    if (range.gte) out.gte = join(this.#prefix, range.gte);
    if (!range.gt && !range.gte) out.gte = this.#prefix;
    if (range.lt) out.lt = join(this.#prefix, range.lt);
    if (range.lte) out.lte = join(this.#prefix, range.lte);
    if (!range.lt && !range.lte) out.lt = after(this.#prefix);
    if (range.reverse !== undefined) out.reverse = range.reverse;
    if (range.limit !== undefined) out.limit = range.limit;
    return out;
  }

  get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#kv.get(join(this.#prefix, key));
  }
  getSync(key: Uint8Array): Uint8Array | undefined {
    return this.#kv.getSync(join(this.#prefix, key));
  }
  getMany(keys: readonly Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    return this.#kv.getMany(keys.map((k) => join(this.#prefix, k)));
  }
  async put(_key: Uint8Array, _value: Uint8Array, _options?: KvWriteOptions): Promise<void> {
    throw new TypeError('a backup view is read-only');
  }
  async del(_key: Uint8Array, _options?: KvWriteOptions): Promise<void> {
    throw new TypeError('a backup view is read-only');
  }
  async batch(ops: readonly KvOperation[], _options?: KvWriteOptions): Promise<void> {
    if (ops.length > 0) throw new TypeError('a backup view is read-only');
  }
  async *entries(range?: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    for await (const [k, v] of this.#kv.entries(this.#range(range))) yield [k.subarray(this.#prefix.length), v];
  }
  async *keys(range?: KvRange): AsyncIterable<Uint8Array> {
    for await (const k of this.#kv.keys(this.#range(range))) yield k.subarray(this.#prefix.length);
  }
  async close(): Promise<void> {}
}
