/**
 * @module bench/engines/classic-level
 * Raw classic-level (LevelDB, plaintext) under the comparison benchmark (issue 6): the floor
 * under sealtable, which stores its segments in LevelDB too.
 *
 * - Key: `pk` UTF-8 ‖ 0x00 ‖ `ck` as 8 bytes big-endian (so byte order = clustering order;
 *   `user-<n>` holds no 0x00).
 * - Value: `u16 len ‖ a ‖ u16 len ‖ b ‖ u16 len ‖ c ‖ blob` (UTF-8 texts, big-endian lengths).
 * - Load: one `db.batch` of puts per batch. Point read: `db.get` (asynchronous, through the
 *   libuv thread pool, as an application would call it; `getSync` exists and is faster).
 *   Partition read: an iterator over `pk ‖ 0x00` … `pk ‖ 0x01`. Compaction: `compactRange`
 *   over every key (LevelDB has no separate memtable flush). Default LevelDB options
 *   (8 MiB block cache, Snappy), `sync: false` like the other engines' defaults.
 */
import { ClassicLevel } from 'classic-level';
import type { BenchRow, Engine, EngineFactory } from './types.js';

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function keyOf(pk: string, ck: bigint): Uint8Array {
  const p = utf8.encode(pk);
  const key = new Uint8Array(p.length + 9);
  key.set(p);
  new DataView(key.buffer, key.byteOffset, key.byteLength).setBigUint64(p.length + 1, ck);
  return key;
}

function prefixBounds(pk: string): { gte: Uint8Array; lt: Uint8Array } {
  const p = utf8.encode(pk);
  const gte = new Uint8Array(p.length + 1);
  gte.set(p);
  const lt = gte.slice();
  lt[p.length] = 1;
  return { gte, lt };
}

function encodeValue(row: BenchRow): Uint8Array {
  const texts = [utf8.encode(row.a), utf8.encode(row.b), utf8.encode(row.c)];
  const out = new Uint8Array(texts.reduce((n, t) => n + 2 + t.length, 0) + row.blob.length);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 0;
  for (const t of texts) {
    view.setUint16(at, t.length);
    out.set(t, at + 2);
    at += 2 + t.length;
  }
  out.set(row.blob, at);
  return out;
}

function decodeRow(key: Uint8Array, value: Uint8Array): BenchRow {
  const kv = new DataView(key.buffer, key.byteOffset, key.byteLength);
  const pk = fromUtf8.decode(key.subarray(0, key.length - 9));
  const ck = kv.getBigUint64(key.length - 8);
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const texts: string[] = [];
  let at = 0;
  for (let i = 0; i < 3; i++) {
    const n = view.getUint16(at);
    texts.push(fromUtf8.decode(value.subarray(at + 2, at + 2 + n)));
    at += 2 + n;
  }
  return { pk, ck, a: texts[0]!, b: texts[1]!, c: texts[2]!, blob: value.subarray(at) };
}

function createEngine(): Engine {
  let db: ClassicLevel<Uint8Array, Uint8Array> | undefined;
  const open = (): ClassicLevel<Uint8Array, Uint8Array> => {
    if (!db) throw new Error('engine not open');
    return db;
  };
  return {
    async open(dir) {
      db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
      await db.open();
    },
    async loadBatch(rows) {
      await open().batch(rows.map((r) => ({ type: 'put' as const, key: keyOf(r.pk, r.ck), value: encodeValue(r) })));
    },
    async get(pk, ck) {
      const key = keyOf(pk, ck);
      const value = await open().get(key);
      return value === undefined ? undefined : decodeRow(key, value);
    },
    async partition(pk) {
      const rows: BenchRow[] = [];
      for await (const [k, v] of open().iterator(prefixBounds(pk))) rows.push(decodeRow(k, v));
      return rows;
    },
    async compact() {
      await open().compactRange(new Uint8Array([0x00]), new Uint8Array([0xff]));
    },
    async close() {
      await db?.close();
      db = undefined;
    },
  };
}

/** Raw classic-level. */
export const classicLevelEngine: EngineFactory = {
  name: 'classic-level',
  available: async () => true,
  create: async () => createEngine(),
};
