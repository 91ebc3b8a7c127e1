/**
 * The write path's buffers across writes (src/storage/commit-log.ts, storage/key-codec.ts): log
 * records are built in one reused buffer, keys in one reused sink; a write of several MiB (which
 * grows the record buffer past what is kept), a failed write, and writes to several tables in one
 * batch leave every later write intact, in every state (memtable, log replay, segment, compacted,
 * reopened).
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, expectError, expectInEveryState, KS, openStore } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'text', ck: 'bigint', v: 'blob', s: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck', order: 'DESC' as const }] };

/** n bytes of `seed`, the first and last bytes marked. */
function blob(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n).fill(seed);
  out[0] = 0xa5;
  out[n - 1] = 0x5a;
  return out;
}

const same = (a: unknown, b: Uint8Array): boolean => a instanceof Uint8Array && Buffer.from(a).equals(b);

describe('Store write path', () => {
  it('a batch of 5 MiB, then small batches: every row reads back, replayed from the log too', async () => {
    const f = await openStore({ engine: { memtableBytes: 64 * 1024 * 1024 } });
    await f.table(T);
    const big = Array.from({ length: 5 }, (_, i) => ({ op: 'insert' as const, keyspace: KS, table: 't', row: { pk: 'big', ck: BigInt(i), v: blob(1_000_000, i) } }));
    await f.store.batch(big);
    await f.store.insert(KS, 't', { pk: 'small', ck: 1n, v: blob(3, 7), s: 'after' });
    await f.store.insert(KS, 't', { pk: 'k'.repeat(2000), ck: -1n, s: 'long key' });
    await expectInEveryState(f, 't', async () => {
      for (let i = 0; i < 5; i++) expect(same((await f.store.get(KS, 't', { pk: 'big', ck: BigInt(i) }))?.['v'], blob(1_000_000, i))).toBe(true);
      expect(await f.store.get(KS, 't', { pk: 'small', ck: 1n })).toEqual({ pk: 'small', ck: 1n, v: blob(3, 7), s: 'after' });
      expect((await f.store.get(KS, 't', { pk: 'k'.repeat(2000), ck: -1n }))?.['s']).toBe('long key');
    });
  });

  it('a batch refused on its last write writes nothing, and the writes around it are intact', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 'a\u0000b', ck: 1n, s: 'before' });
    await expectError(
      f.store.batch([
        { op: 'insert', keyspace: KS, table: 't', row: { pk: 'x', ck: 1n, s: 'lost' } },
        { op: 'insert', keyspace: KS, table: 't', row: { pk: 'x', ck: 2n, s: 'a\uD800' } },
      ]),
      'ValidationException',
    );
    await f.store.insert(KS, 't', { pk: 'a\u0000b', ck: 2n, s: 'after' });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.query(KS, 't', { pk: 'x' })).rows).toEqual([]);
      expect((await f.store.query(KS, 't', { pk: 'a\u0000b' })).rows.map((r) => r['s'])).toEqual(['after', 'before']);
    });
  });

  it('one batch over two tables, each named several times, interleaved: every write lands in its table', async () => {
    const f = await openStore();
    await f.table(T);
    await f.table({ ...T, name: 'u' });
    const writes = Array.from({ length: 20 }, (_, i) => ({ op: 'insert' as const, keyspace: KS, table: i % 3 === 0 ? 'u' : 't', row: { pk: `p${i % 2}`, ck: BigInt(i), s: `w${i}` } }));
    await f.store.batch(writes);
    await expectInEveryState(f, ['t', 'u'], async () => {
      for (const table of ['t', 'u']) {
        const want = writes.filter((w) => w.table === table).map((w) => w.row.s).sort();
        const got = [...(await f.store.query(KS, table, { pk: 'p0' })).rows, ...(await f.store.query(KS, table, { pk: 'p1' })).rows].map((r) => r['s'] as string).sort();
        expect(got).toEqual(want);
      }
    });
  });
});
