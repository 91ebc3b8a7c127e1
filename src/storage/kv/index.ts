/**
 * @module storage/kv
 * The ordered key-value substrate of the storage engine: the {@link KvStore} interface, its
 * LevelDB implementation, its in-memory model, and the byte order they share.
 */
export { compareBytes } from './compare-bytes.js';
export { KvClosedError } from './errors.js';
export type { KvOperation, KvRange, KvStore, KvWriteOptions } from './kv-store.js';
export { openLevelKv } from './level-kv.js';
export { MemoryKv } from './memory-kv.js';
export { PrefixedKv } from './prefixed-kv.js';
