/**
 * @module storage/_btree
 * ESM interop for `sorted-btree`, a CommonJS module whose class is `module.exports.default`:
 * under `nodenext` its default import is the whole `module.exports` object.
 */
import sortedBtree from 'sorted-btree';

/** The B+ tree class of `sorted-btree`. */
export const BTree = sortedBtree.default;
/** A B+ tree instance. */
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
