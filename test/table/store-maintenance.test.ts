/**
 * Background maintenance: a memtable past `engine.memtableBytes` is flushed after the write that
 * reached it; size-tiered compaction merges `compactionThreshold` segments of similar size; a
 * major compaction purges tombstones (and expired cells) older than `engine.gcGraceMs`, and
 * nothing shadowed comes back.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, DAY, expectInEveryState, type Fixture, KS, openStore, scanAll, SECOND, segmentCount } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', v: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] };
/** An empty table whose flush waits for the background queue (tasks run one at a time, in order). */
const IDLE = { name: 'idle', columns: { pk: 'int' }, partitionKey: ['pk'] };

async function waitForBackground(f: Fixture): Promise<void> {
  await f.store.flush(KS, 'idle');
}

describe('Store background flush and compaction', () => {
  it('a memtable past engine.memtableBytes is flushed in the background after the write', async () => {
    const f = await openStore({ engine: { memtableBytes: 400, compactionThreshold: 1000 } });
    await f.table(T);
    await f.table(IDLE);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 'small' });
    await waitForBackground(f);
    expect(await segmentCount(f.store, 't')).toBe(0);
    await f.store.insert(KS, 't', { pk: 1, ck: 2, v: 'x'.repeat(500) });
    await waitForBackground(f);
    expect(await segmentCount(f.store, 't')).toBe(1);
    expect((await f.store.keyHierarchy(KS, 't')).logGenerations).toEqual([]);
    expect((await f.store.query(KS, 't', { pk: 1 })).rows.map((r) => r['ck'])).toEqual([1, 2]);
  });

  it('writes past a tiny memtableBytes are all flushed to segments in the background; the data stays intact', async () => {
    const f = await openStore({ engine: { memtableBytes: 1, compactionThreshold: 1000 } });
    await f.table(T);
    await f.table(IDLE);
    for (let i = 0; i < 10; i++) await f.store.insert(KS, 't', { pk: i % 3, ck: i, v: `v${i}` });
    await waitForBackground(f);
    // A background flush takes whatever the memtable holds when it starts: one or more writes.
    const segments = await segmentCount(f.store, 't');
    expect(segments).toBeGreaterThanOrEqual(3);
    expect(segments).toBeLessThanOrEqual(10);
    expect((await f.store.keyHierarchy(KS, 't')).logGenerations, 'everything was flushed').toEqual([]);
    await expectInEveryState(f, 't', async () => {
      expect((await scanAll(f.store, 't', 4)).map((r) => r['v'])).toEqual(['v0', 'v3', 'v6', 'v9', 'v1', 'v4', 'v7', 'v2', 'v5', 'v8']);
    });
  });

  it('tiered compaction after compactionThreshold flushes keeps the segment count down; data intact', async () => {
    const f = await openStore({ engine: { memtableBytes: 1, compactionThreshold: 3 } });
    await f.table(T);
    await f.table(IDLE);
    const expected: Record<string, string> = {};
    for (let i = 0; i < 30; i++) {
      const pk = i % 4;
      const ck = i % 7;
      await f.store.insert(KS, 't', { pk, ck, v: `v${i}` });
      expected[`${pk}/${ck}`] = `v${i}`;
      if (i % 5 === 4) await f.store.delete(KS, 't', { pk, ck: (ck + 1) % 7 });
      if (i % 5 === 4) delete expected[`${pk}/${(ck + 1) % 7}`];
    }
    await waitForBackground(f);
    // 36 writes were flushed one by one: without compaction there would be 36 segments.
    const segments = await segmentCount(f.store, 't');
    expect(segments).toBeGreaterThan(0);
    expect(segments).toBeLessThan(3 * 4);
    const rows = await scanAll(f.store, 't', 5);
    expect(Object.fromEntries(rows.map((r) => [`${String(r['pk'])}/${String(r['ck'])}`, r['v']]))).toEqual(expected);
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't', 3)).toEqual(rows);
    });
  });

  it('close waits for background flushes: what was written is there after reopen', async () => {
    const f = await openStore({ engine: { memtableBytes: 1, compactionThreshold: 2 } });
    await f.table(T);
    for (let i = 0; i < 12; i++) await f.store.insert(KS, 't', { pk: 1, ck: i, v: `v${i}` });
    await f.reopen();
    expect((await f.store.query(KS, 't', { pk: 1 })).rows.map((r) => r['ck'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('Store tombstone purge', () => {
  const GRACE = DAY;

  it('a major compaction purges tombstones older than engine.gcGraceMs; the deleted data does not come back', async () => {
    const f = await openStore({ engine: { gcGraceMs: GRACE } });
    await f.table(T);
    for (let ck = 0; ck < 4; ck++) await f.store.insert(KS, 't', { pk: 1, ck, v: 'x' });
    await f.store.insert(KS, 't', { pk: 2, ck: 0, v: 'x' });
    await f.store.flush(KS, 't');
    await f.store.delete(KS, 't', { pk: 1, ck: 0 });
    await f.store.delete(KS, 't', { pk: 1 }, { where: [{ column: 'ck', op: '>=', value: 2 }] });
    await f.store.delete(KS, 't', { pk: 1, ck: 1 }, { columns: ['v'] });
    await f.store.delete(KS, 't', { pk: 2 });
    await f.store.flush(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(2);
    // Within the grace period: the data is dropped, the tombstones are kept.
    await f.clock.advance(GRACE - SECOND);
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(1);
    const visible = [{ pk: 1, ck: 1, v: null }];
    expect(await scanAll(f.store, 't')).toEqual(visible);
    // Past it: the tombstones go too; only the row marker of (1, 1) is left.
    await f.clock.advance(2 * SECOND);
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(1);
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't')).toEqual(visible);
    });
  });

  it('when only tombstones are left past the grace period, a major compaction leaves no segment', async () => {
    const f = await openStore({ engine: { gcGraceMs: GRACE } });
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 'x' });
    await f.store.flush(KS, 't');
    await f.store.delete(KS, 't', { pk: 1 });
    await f.store.flush(KS, 't');
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(1);
    await f.clock.advance(GRACE + SECOND);
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(0);
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't')).toEqual([]);
    });
  });

  it('a tombstone younger than the grace period survives a major compaction and keeps hiding older data', async () => {
    const f = await openStore({ engine: { gcGraceMs: GRACE } });
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 'old' });
    await f.store.flush(KS, 't');
    await f.clock.advance(GRACE + SECOND);
    await f.store.delete(KS, 't', { pk: 1 });
    await f.store.flush(KS, 't');
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(1);
    // Older data arriving late (an explicit timestamp before the deletion) stays hidden.
    await f.store.insert(KS, 't', { pk: 1, ck: 2, v: 'late' }, { timestamp: (f.clock.now() - 10 * SECOND) * 1000 });
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't')).toEqual([]);
    });
  });

  it('a major compaction keeps a tombstone past the grace period while it still shadows older data in the memtable', async () => {
    const f = await openStore({ engine: { gcGraceMs: GRACE } });
    await f.table(T);
    const tombstoneTs = (f.clock.now() + 10) * 1000;
    // A partition deletion timestamped a little ahead of the clock (another writer's clock), flushed...
    await f.store.delete(KS, 't', { pk: 1 }, { timestamp: tombstoneTs });
    await f.store.flush(KS, 't');
    // ...then a write with an older timestamp, which it shadows, stays in the memtable.
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 'shadowed' }, { timestamp: tombstoneTs - 1 });
    expect(await scanAll(f.store, 't')).toEqual([]);
    await f.clock.advance(GRACE + SECOND);
    await f.store.compact(KS, 't');
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't')).toEqual([]);
    });
  });

  it('expired TTL cells past the grace period are purged by a major compaction', async () => {
    const f = await openStore({ engine: { gcGraceMs: GRACE } });
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 'short' }, { ttl: 10 });
    await f.store.flush(KS, 't');
    await f.clock.advance(11 * SECOND);
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(1);
    await f.clock.advance(GRACE);
    await f.store.compact(KS, 't');
    expect(await segmentCount(f.store, 't')).toBe(0);
    expect(await scanAll(f.store, 't')).toEqual([]);
  });
});

describe('segments a compaction replaced, while a read holds them', () => {
  it('stay readable until the read ends, are then deleted in the background, and none is left after close', async () => {
    const f = await openStore({ engine: { memtableBytes: 1 << 20, compactionThreshold: 1000 } });
    await f.table(T);
    for (let round = 0; round < 3; round++) {
      for (let pk = 0; pk < 4; pk++) await f.store.insert(KS, 't', { pk, ck: round, v: `r${round}` });
      await f.store.flush(KS, 't');
    }
    const before = (await f.store.keyHierarchy(KS, 't')).segments.map((s) => s.id);
    expect(before).toHaveLength(3);
    const tableId = f.store.tables(KS).find((t) => t.schema.name === 't')!.schema.id;
    // A scan takes its view of the table at its first partition and holds it until it ends.
    const scan = f.store.partitions(KS, 't');
    const first = await scan.next();
    expect(first.done).toBe(false);
    await f.store.compact(KS, 't');
    expect((await f.store.keyHierarchy(KS, 't')).segments.map((s) => s.id)).not.toEqual(expect.arrayContaining(before));
    // Point reads see the compacted segment; the paused scan keeps reading the old ones.
    expect(await f.store.get(KS, 't', { pk: 3, ck: 2 })).toMatchObject({ v: 'r2' });
    const rest: number[] = [];
    for await (const p of { [Symbol.asyncIterator]: () => scan }) rest.push(p.rows.length);
    expect(rest).toEqual([3, 3, 3]);
    await f.store.close();
    const { openRawDb } = await import('../storage/_store-dir.js');
    const { segmentRange } = await import('../../src/storage/layout.js');
    const db = await openRawDb(f.dir);
    try {
      for (const id of before) {
        const left: Uint8Array[] = [];
        for await (const key of db.keys(segmentRange(tableId, id))) left.push(key);
        expect(left, `keys of replaced segment ${id}`).toEqual([]);
      }
    } finally {
      await db.close();
    }
  });
});

describe('orphan segments (left by a crash between a compaction commit and the deletion of its inputs)', () => {
  it('are never read, and are deleted in the background after open; none is left after close', async () => {
    const f = await openStore({ engine: { memtableBytes: 1 << 20, compactionThreshold: 1000 } });
    await f.table(T);
    for (let pk = 0; pk < 4; pk++) await f.store.insert(KS, 't', { pk, ck: 1, v: `v${pk}` });
    await f.store.flush(KS, 't');
    const [live] = (await f.store.keyHierarchy(KS, 't')).segments.map((s) => s.id);
    const tableId = f.store.tables(KS).find((t) => t.schema.name === 't')!.schema.id;
    await f.store.close();
    // Copy the live segment's keys under another id: a segment the manifest does not list.
    const { openRawDb } = await import('../storage/_store-dir.js');
    const { segmentRange } = await import('../../src/storage/layout.js');
    const orphan = 'ab'.repeat(16);
    const count = async (id: string): Promise<number> => {
      const db = await openRawDb(f.dir);
      try {
        let n = 0;
        for await (const _ of db.keys(segmentRange(tableId, id))) n++;
        return n;
      } finally {
        await db.close();
      }
    };
    {
      const db = await openRawDb(f.dir);
      const ops: { type: 'put'; key: Uint8Array; value: Uint8Array }[] = [];
      const from = segmentRange(tableId, live!).gte;
      const to = segmentRange(tableId, orphan).gte;
      for await (const [key, value] of db.iterator(segmentRange(tableId, live!))) {
        const moved = Uint8Array.from(key);
        moved.set(to.subarray(0, from.length), 0);
        ops.push({ type: 'put', key: moved, value });
      }
      await db.batch(ops);
      await db.close();
    }
    const blocks = await count(live!);
    expect(await count(orphan)).toBe(blocks);
    await f.reopen();
    expect((await f.store.query(KS, 't', { pk: 2 })).rows).toEqual([{ pk: 2, ck: 1, v: 'v2' }]);
    await f.store.close();
    expect(await count(orphan)).toBe(0);
    expect(await count(live!)).toBe(blocks);
  });
});
