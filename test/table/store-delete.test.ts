/**
 * Deletes write tombstones: of cells (`columns`), of a row (full primary key), of a clustering
 * range (`where` on the first clustering column, or a prefix of the clustering key, with or
 * without a range on the next column), of a partition (partition key only). A tombstone hides
 * what was written at or before its timestamp, and nothing newer.
 */
import { describe, expect, it } from 'vitest';
import type { Restriction } from '../../src/index.js';
import { cleanUpAfterEach, expectError, expectInEveryState, KS, labelled, openStore, usAt } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', a: 'int', b: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] };
const T2 = {
  name: 't2',
  columns: { pk: 'int', c1: 'int', c2: 'text', v: 'int' },
  partitionKey: ['pk'],
  clustering: [{ name: 'c1' }, { name: 'c2', order: 'DESC' as const }],
};

async function withRows(split: boolean) {
  const f = await openStore();
  await f.table(T);
  for (const pk of [1, 2]) for (let ck = 1; ck <= 6; ck++) await f.store.insert(KS, 't', { pk, ck, a: ck, b: `r${ck}` });
  if (split) await f.store.flush(KS, 't');
  return f;
}

const cks = async (f: Awaited<ReturnType<typeof withRows>>, pk = 1, table = 't'): Promise<unknown[]> =>
  (await f.store.query(KS, table, { pk })).rows.map((r) => (table === 't' ? r['ck'] : `${String(r['c1'])}${String(r['c2'])}`));

describe.each([{ split: false }, { split: true }])('Store deletes (data flushed before the delete: $split)', ({ split }) => {
  it('a cell delete removes only the columns named', async () => {
    const f = await withRows(split);
    await f.store.delete(KS, 't', { pk: 1, ck: 2 }, { columns: ['b'] });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', { pk: 1, ck: 2 })).toEqual({ pk: 1, ck: 2, a: 2, b: null });
      expect(await f.store.get(KS, 't', { pk: 1, ck: 3 })).toEqual({ pk: 1, ck: 3, a: 3, b: 'r3' });
    });
  });

  it('a row delete removes the row and only it', async () => {
    const f = await withRows(split);
    await f.store.delete(KS, 't', { pk: 1, ck: 2 });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', { pk: 1, ck: 2 })).toBeUndefined();
      expect(await cks(f)).toEqual([1, 3, 4, 5, 6]);
      expect(await cks(f, 2)).toEqual([1, 2, 3, 4, 5, 6]);
    });
  });

  it.each(labelled<{ where: Restriction[]; left: number[] }>([
    { where: [{ column: 'ck', op: '>', value: 4 }], left: [1, 2, 3, 4] },
    { where: [{ column: 'ck', op: '>=', value: 4 }], left: [1, 2, 3] },
    { where: [{ column: 'ck', op: '<', value: 3 }], left: [3, 4, 5, 6] },
    { where: [{ column: 'ck', op: '<=', value: 3 }], left: [4, 5, 6] },
    { where: [{ column: 'ck', op: '>', value: 2 }, { column: 'ck', op: '<=', value: 4 }], left: [1, 2, 5, 6] },
    { where: [{ column: 'ck', op: '>=', value: 2 }, { column: 'ck', op: '<', value: 4 }], left: [1, 4, 5, 6] },
    { where: [{ column: 'ck', op: '>', value: 6 }], left: [1, 2, 3, 4, 5, 6] },
    { where: [{ column: 'ck', op: '>', value: 3 }, { column: 'ck', op: '<', value: 3 }], left: [1, 2, 3, 4, 5, 6] },
  ]))('a range delete on the first clustering column ($label) removes exactly that slice of one partition', async ({ where, left }) => {
    const f = await withRows(split);
    await f.store.delete(KS, 't', { pk: 1 }, { where });
    await expectInEveryState(f, 't', async () => {
      expect(await cks(f)).toEqual(left);
      expect(await cks(f, 2)).toEqual([1, 2, 3, 4, 5, 6]);
    });
  });

  it('a partition delete removes every row of the partition and only that partition', async () => {
    const f = await withRows(split);
    await f.store.delete(KS, 't', { pk: 1 });
    await expectInEveryState(f, 't', async () => {
      expect(await cks(f)).toEqual([]);
      expect(await f.store.get(KS, 't', { pk: 1, ck: 1 })).toBeUndefined();
      expect((await f.store.scan(KS, 't')).rows.map((r) => r['pk'])).toEqual([2, 2, 2, 2, 2, 2]);
    });
  });

  it('a delete with an older timestamp than the data does not remove it', async () => {
    const f = await openStore();
    await f.table(T);
    for (let ck = 1; ck <= 4; ck++) await f.store.insert(KS, 't', { pk: 1, ck, a: ck, b: 'x' }, { timestamp: usAt(10) });
    if (split) await f.store.flush(KS, 't');
    const older = { timestamp: usAt(9) };
    await f.store.delete(KS, 't', { pk: 1, ck: 1 }, { ...older, columns: ['a'] });
    await f.store.delete(KS, 't', { pk: 1, ck: 2 }, older);
    await f.store.delete(KS, 't', { pk: 1 }, { ...older, where: [{ column: 'ck', op: '>=', value: 3 }] });
    await f.store.delete(KS, 't', { pk: 1 }, older);
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.query(KS, 't', { pk: 1 })).rows).toEqual([1, 2, 3, 4].map((ck) => ({ pk: 1, ck, a: ck, b: 'x' })));
    });
  });

  it('a delete at the data timestamp removes it (a tombstone wins a tie)', async () => {
    const f = await openStore();
    await f.table(T);
    for (let ck = 1; ck <= 3; ck++) await f.store.insert(KS, 't', { pk: 1, ck, a: ck }, { timestamp: usAt(10) });
    if (split) await f.store.flush(KS, 't');
    await f.store.delete(KS, 't', { pk: 1, ck: 1 }, { timestamp: usAt(10) });
    await f.store.delete(KS, 't', { pk: 1 }, { timestamp: usAt(10), where: [{ column: 'ck', op: '>=', value: 3 }] });
    await expectInEveryState(f, 't', async () => {
      expect(await cks(f)).toEqual([2]);
    });
  });

  it.each([
    { what: 'row', key: { pk: 1, ck: 2 }, options: {} },
    { what: 'range', key: { pk: 1 }, options: { where: [{ column: 'ck', op: '<=', value: 2 } as Restriction] } },
    { what: 'partition', key: { pk: 1 }, options: {} },
    { what: 'cell', key: { pk: 1, ck: 2 }, options: { columns: ['a', 'b'] } },
  ])('a $what re-inserted after its delete with a newer timestamp reappears', async ({ key, options }) => {
    const f = await withRows(split);
    await f.store.delete(KS, 't', key, { ...options, timestamp: usAt(100) });
    await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { pk: 1, ck: 2, a: 20 }, { timestamp: usAt(99) });
    expect(await f.store.get(KS, 't', { pk: 1, ck: 2 })).not.toEqual({ pk: 1, ck: 2, a: 20, b: null });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, a: 20 }, { timestamp: usAt(101) });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', { pk: 1, ck: 2 })).toEqual({ pk: 1, ck: 2, a: 20, b: null });
    });
  });

  it('a write without a timestamp after a delete reappears (default timestamps increase)', async () => {
    const f = await withRows(split);
    await f.store.delete(KS, 't', { pk: 1 });
    await f.store.insert(KS, 't', { pk: 1, ck: 9, a: 9 });
    await expectInEveryState(f, 't', async () => {
      expect(await cks(f)).toEqual([9]);
    });
  });
});

describe('Store deletes with two clustering columns (c1 ASC, c2 DESC)', () => {
  async function withGrid() {
    const f = await openStore();
    await f.table(T2);
    for (const pk of [1, 2]) for (const c1 of [1, 2, 3]) for (const c2 of ['a', 'b', 'c']) await f.store.insert(KS, 't2', { pk, c1, c2, v: 0 });
    return f;
  }

  it('rows come in c1 ascending then c2 descending order', async () => {
    const f = await withGrid();
    await expectInEveryState(f, 't2', async () => {
      expect(await cks(f, 1, 't2')).toEqual(['1c', '1b', '1a', '2c', '2b', '2a', '3c', '3b', '3a']);
    });
  });

  it('a delete by a clustering prefix removes every row under it', async () => {
    const f = await withGrid();
    await f.store.delete(KS, 't2', { pk: 1, c1: 2 });
    await expectInEveryState(f, 't2', async () => {
      expect(await cks(f, 1, 't2')).toEqual(['1c', '1b', '1a', '3c', '3b', '3a']);
      expect(await cks(f, 2, 't2')).toHaveLength(9);
    });
  });

  it.each(labelled<{ where: Restriction[]; left: string[] }>([
    { where: [{ column: 'c2', op: '>', value: 'a' }], left: ['2a'] },
    { where: [{ column: 'c2', op: '>=', value: 'b' }], left: ['2a'] },
    { where: [{ column: 'c2', op: '<', value: 'b' }], left: ['2c', '2b'] },
    { where: [{ column: 'c2', op: '<=', value: 'b' }], left: ['2c'] },
  ]))('a delete by a clustering prefix and a range on the DESC column ($label) follows values', async ({ where, left }) => {
    const f = await withGrid();
    await f.store.delete(KS, 't2', { pk: 1, c1: 2 }, { where });
    await expectInEveryState(f, 't2', async () => {
      expect(await cks(f, 1, 't2')).toEqual(['1c', '1b', '1a', ...left, '3c', '3b', '3a']);
    });
  });

  it('a range delete on the first clustering column covers every row of the slice whatever its c2', async () => {
    const f = await withGrid();
    await f.store.delete(KS, 't2', { pk: 1 }, { where: [{ column: 'c1', op: '>=', value: 2 }] });
    await expectInEveryState(f, 't2', async () => {
      expect(await cks(f, 1, 't2')).toEqual(['1c', '1b', '1a']);
    });
  });

  it('a range restriction on the second clustering column without a prefix is refused and deletes nothing', async () => {
    const f = await withGrid();
    await expectError(f.store.delete(KS, 't2', { pk: 1 }, { where: [{ column: 'c2', op: '>', value: 'a' }] }), 'ValidationException');
    await expectError(f.store.delete(KS, 't2', { pk: 1, c2: 'a' }), 'ValidationException');
    expect(await cks(f, 1, 't2')).toHaveLength(9);
  });
});
