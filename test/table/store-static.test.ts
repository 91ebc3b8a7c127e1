/**
 * Static columns hold one value per partition, shown on every row of it; a partition whose only
 * live data is static yields one row with null clustering and regular columns (Cassandra's
 * `SelectStatement`, which returns it only to queries that do not restrict the clustering
 * columns).
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, expectInEveryState, KS, openStore, scanAll, usAt } from './_store-helpers.js';

cleanUpAfterEach();

const T = {
  name: 't',
  columns: { pk: 'int', ck: 'int', s: 'text', v: 'int' },
  partitionKey: ['pk'],
  clustering: [{ name: 'ck', order: 'DESC' as const }],
  static: ['s'],
};

describe('Store static columns', () => {
  it('a static column is shared by all rows of a partition', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 1, s: 'first' });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, v: 2 });
    await f.store.insert(KS, 't', { pk: 2, ck: 1, v: 3, s: 'other' });
    await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { pk: 1, ck: 3, v: 3, s: 'last' });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.query(KS, 't', { pk: 1 })).rows).toEqual([
        { pk: 1, ck: 3, s: 'last', v: 3 },
        { pk: 1, ck: 2, s: 'last', v: 2 },
        { pk: 1, ck: 1, s: 'last', v: 1 },
      ]);
      expect(await f.store.get(KS, 't', { pk: 1, ck: 2 })).toEqual({ pk: 1, ck: 2, s: 'last', v: 2 });
      expect(await f.store.get(KS, 't', { pk: 2, ck: 1 })).toEqual({ pk: 2, ck: 1, s: 'other', v: 3 });
    });
  });

  it('a static column is written by an UPDATE or INSERT with the partition key alone', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 1 });
    await f.store.update(KS, 't', { pk: 1 }, { s: 'by update' });
    await f.store.insert(KS, 't', { pk: 2, ck: 1, v: 1 });
    await f.store.insert(KS, 't', { pk: 2, s: 'by insert' });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', { pk: 1, ck: 1 })).toEqual({ pk: 1, ck: 1, s: 'by update', v: 1 });
      expect(await f.store.get(KS, 't', { pk: 2, ck: 1 })).toEqual({ pk: 2, ck: 1, s: 'by insert', v: 1 });
    });
  });

  it('a partition with only static data yields one row with null clustering columns', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, s: 'alone' });
    await f.store.insert(KS, 't', { pk: 2, ck: 5, v: 5 });
    await expectInEveryState(f, 't', async () => {
      const row = { pk: 1, ck: null, s: 'alone', v: null };
      expect((await f.store.query(KS, 't', { pk: 1 })).rows).toEqual([row]);
      expect(await scanAll(f.store, 't', 1)).toEqual([row, { pk: 2, ck: 5, s: null, v: 5 }]);
      expect(await f.store.get(KS, 't', { pk: 1, ck: 5 })).toBeUndefined();
    });
  });

  it('a partition whose rows were all deleted but whose static data lives yields the static-only row', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 1, s: 'kept' });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, v: 2 });
    await f.store.flush(KS, 't');
    await f.store.delete(KS, 't', { pk: 1 }, { where: [{ column: 'ck', op: '>=', value: 0 }] });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.query(KS, 't', { pk: 1 })).rows).toEqual([{ pk: 1, ck: null, s: 'kept', v: null }]);
    });
  });

  it('range and row deletions do not delete static data; a partition deletion does', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 1, s: 'static' });
    await f.store.delete(KS, 't', { pk: 1, ck: 1 });
    await f.store.insert(KS, 't', { pk: 2, ck: 1, v: 1, s: 'static' });
    await f.store.delete(KS, 't', { pk: 2 });
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't')).toEqual([{ pk: 1, ck: null, s: 'static', v: null }]);
    });
  });

  it('deleting the static column removes it from every row; the static-only row disappears', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 1, s: 'x' });
    await f.store.insert(KS, 't', { pk: 2, s: 'y' });
    await f.store.flush(KS, 't');
    await f.store.delete(KS, 't', { pk: 1 }, { columns: ['s'] });
    await f.store.delete(KS, 't', { pk: 2 }, { columns: ['s'] });
    await expectInEveryState(f, 't', async () => {
      expect(await scanAll(f.store, 't')).toEqual([{ pk: 1, ck: 1, s: null, v: 1 }]);
    });
  });

  it('static cells reconcile by timestamp like other cells', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, ck: 1, v: 1, s: 'newer' }, { timestamp: usAt(2) });
    await f.store.flush(KS, 't');
    await f.store.update(KS, 't', { pk: 1 }, { s: 'older' }, { timestamp: usAt(1) });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.get(KS, 't', { pk: 1, ck: 1 }))?.['s']).toBe('newer');
    });
  });

  it('a query that restricts the clustering column does not return a static-only row', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 1, s: 'alone' });
    await expectInEveryState(f, 't', async () => {
      for (const op of ['>', '>=', '<', '<='] as const) {
        expect((await f.store.query(KS, 't', { pk: 1 }, { where: [{ column: 'ck', op, value: 5 }] })).rows, `ck ${op} 5`).toEqual([]);
      }
    });
  });
});
