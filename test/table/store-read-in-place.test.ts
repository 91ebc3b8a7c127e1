/**
 * Rows read in place from a segment's cached blocks (table/rows.ts materializeRead) are the rows
 * the merged-partition path gives (materialize): the same values, liveness (row, range and
 * partition deletions; expired TTL cells and markers), static columns, WRITETIME and TTL
 * metadata, clustering order and restrictions — checked with the data in the memtable (merged
 * path) and alone in a segment (in-place path), at several clock times.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, expectInEveryState, KS, openStore, SECOND, usAt } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', a: 'text', b: 'blob', n: 'bigint', s: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck', order: 'DESC' as const }], static: ['s'] };

describe('rows read in place', () => {
  it('match the merged path: values, deletions, TTL expiry, statics, metadata, order and restrictions', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.update(KS, 't', { pk: 1 }, { s: 'static one' }, { timestamp: usAt(1) });
    for (let ck = 0; ck < 40; ck++) {
      const ttl = ck % 5 === 0 ? 30 : ck % 7 === 0 ? 300 : undefined;
      await f.store.insert(KS, 't', { pk: 1, ck, a: `a${ck}`.repeat(ck % 9), b: new Uint8Array([ck, ck + 1]), n: BigInt(ck) * 1_000_000_007n }, { timestamp: usAt(10 + ck), ...(ttl ? { ttl } : {}) });
    }
    // A cell-only update (no marker) on a row, a column deleted, a row deleted, a range deleted.
    await f.store.update(KS, 't', { pk: 1, ck: 41 }, { a: 'update only' }, { timestamp: usAt(60) });
    await f.store.delete(KS, 't', { pk: 1, ck: 3 }, { columns: ['a'], timestamp: usAt(61) });
    await f.store.delete(KS, 't', { pk: 1, ck: 4 }, { timestamp: usAt(62) });
    await f.store.delete(KS, 't', { pk: 1 }, { where: [{ column: 'ck', op: '>=', value: 20 }, { column: 'ck', op: '<', value: 24 }], timestamp: usAt(63) });
    // A partition with only a static row, and one deleted whole after its rows were written.
    await f.store.update(KS, 't', { pk: 2 }, { s: 'alone' }, { timestamp: usAt(70) });
    await f.store.insert(KS, 't', { pk: 3, ck: 1, a: 'gone' }, { timestamp: usAt(71) });
    await f.store.delete(KS, 't', { pk: 3 }, { timestamp: usAt(72) });

    const snapshots: Record<string, unknown>[] = [];
    const read = async (): Promise<unknown> => ({
      all: await f.store.partitionRows(KS, 't', { pk: 1 }),
      sliced: await f.store.partitionRows(KS, 't', { pk: 1 }, { where: [{ column: 'ck', op: '>', value: 10 }, { column: 'ck', op: '<=', value: 30 }], order: 'DESC' }),
      point: [await f.store.get(KS, 't', { pk: 1, ck: 7 }), await f.store.get(KS, 't', { pk: 1, ck: 4 }), await f.store.get(KS, 't', { pk: 1, ck: 41 }), await f.store.get(KS, 't', { pk: 1, ck: 99 })],
      staticOnly: await f.store.partitionRows(KS, 't', { pk: 2 }),
      deleted: await f.store.partitionRows(KS, 't', { pk: 3 }),
    });
    await expectInEveryState(f, 't', async (state) => {
      const now = await read();
      snapshots.push({ state, now });
      expect(now).toEqual(snapshots[0]!['now']);
    });
    // Sanity: what the first state showed is what was written.
    const first = snapshots[0]!['now'] as { all: { key: Uint8Array; rows: { row: Record<string, unknown>; meta: Map<string, unknown> }[] }; point: unknown[]; staticOnly: { rows: unknown[] }; deleted: { rows: unknown[] } };
    const cks = first.all.rows.map((r) => r.row['ck']);
    expect(cks).toEqual([41, ...Array.from({ length: 40 }, (_, i) => 39 - i).filter((ck) => ck !== 4 && !(ck >= 20 && ck < 24))]);
    expect(first.all.rows.find((r) => r.row['ck'] === 3)!.row['a']).toBeNull();
    expect(first.all.rows.every((r) => r.row['s'] === 'static one')).toBe(true);
    expect(first.all.rows.find((r) => r.row['ck'] === 10)!.meta.get('a')).toEqual({ writetime: usAt(20), ttl: 30 });
    expect(first.point[1]).toBeUndefined();
    expect(first.point[3]).toBeUndefined();
    expect(first.staticOnly.rows).toHaveLength(1);
    expect(first.deleted.rows).toEqual([]);

    // After 31 s the 30-second TTL rows are gone (marker and cells), in place as merged.
    await f.clock.advance(31 * SECOND);
    const later = await read();
    const laterCks = (later as typeof first).all.rows.map((r) => r.row['ck']);
    expect(laterCks).not.toContain(10);
    expect(laterCks).toContain(14);
    await f.store.insert(KS, 't', { pk: 9, ck: 9 }); // something in the memtable of another partition
    expect(await read()).toEqual(later);
  });
});
