/**
 * @module storage/_btree
 * ESM interop for `sorted-btree`, a CommonJS module whose class is `module.exports.default`.
 * Node's ESM loader gives the whole `module.exports` as the default import; bundler-style
 * loaders (vitest) honour `__esModule` and give the class itself. Both are handled.
 */
import sortedBtree from 'sorted-btree';

type BTreeClass = typeof sortedBtree.default;
const loaded = sortedBtree as unknown as { default?: BTreeClass } & BTreeClass;

/** The B+ tree class of `sorted-btree`. */
export const BTree: BTreeClass = typeof loaded.default === 'function' ? loaded.default : loaded;
/** A B+ tree instance. */
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
