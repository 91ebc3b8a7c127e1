/**
 * Reads come in CQL order: partitions (in `scan`) by partition key, rows by their clustering
 * columns in their declared ASC/DESC order, compared by value (not by bytes); `order: 'DESC'`
 * reverses a query; slices (`where` with > >= < <=) select by value; `limit` caps the rows;
 * paging (`pageSize` + `pageState`) returns the same rows as one read, without duplicates or
 * gaps, even when a flush or a compaction happens between pages.
 */
import { describe, expect, it } from 'vitest';
import type { Restriction, Row } from '../../src/index.js';
import { cleanUpAfterEach, expectError, expectInEveryState, type Fixture, KS, labelled, openStore, queryAll, scanAll } from './_store-helpers.js';

cleanUpAfterEach();

/** Values whose byte encodings do not sort like the values (negative ints) and a DESC column. */
const VALUES = [-300, -2, -1, 0, 1, 2, 255, 256, 70_000];

async function orderTables(): Promise<Fixture> {
  const f = await openStore();
  for (const order of ['ASC', 'DESC'] as const)
    await f.table({ name: order.toLowerCase(), columns: { pk: 'int', ck: 'int', v: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck', order }] });
  // Inserted in a scrambled order.
  for (const ck of [2, 70_000, -1, 256, 0, -300, 1, 255, -2]) for (const t of ['asc', 'desc']) await f.store.insert(KS, t, { pk: 1, ck, v: `v${ck}` });
  return f;
}

const ckOf = (rows: Row[]): unknown[] => rows.map((r) => r['ck']);
const asc = [...VALUES];
const desc = [...VALUES].reverse();

describe('Store clustering order', () => {
  it('a query returns rows in ascending value order for an ASC clustering column', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      expect(ckOf((await f.store.query(KS, 'asc', { pk: 1 })).rows)).toEqual(asc);
    });
  });

  it('a query returns rows in descending value order for a DESC clustering column', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      expect(ckOf((await f.store.query(KS, 'desc', { pk: 1 })).rows)).toEqual(desc);
      expect(ckOf((await f.store.scan(KS, 'desc')).rows)).toEqual(desc);
    });
  });

  it('order DESC reverses the clustering order', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      expect(ckOf((await f.store.query(KS, 'asc', { pk: 1 }, { order: 'DESC' })).rows)).toEqual(desc);
      expect(ckOf((await f.store.query(KS, 'desc', { pk: 1 }, { order: 'DESC' })).rows)).toEqual(asc);
      expect(ckOf((await f.store.query(KS, 'asc', { pk: 1 }, { order: 'ASC' })).rows)).toEqual(asc);
    });
  });

  const slices = labelled<{ where: Restriction[]; keep: (v: number) => boolean }>([
    { where: [{ column: 'ck', op: '>', value: 0 }], keep: (v) => v > 0 },
    { where: [{ column: 'ck', op: '>=', value: -1 }], keep: (v) => v >= -1 },
    { where: [{ column: 'ck', op: '<', value: 255 }], keep: (v) => v < 255 },
    { where: [{ column: 'ck', op: '<=', value: -2 }], keep: (v) => v <= -2 },
    { where: [{ column: 'ck', op: '>', value: -2 }, { column: 'ck', op: '<', value: 256 }], keep: (v) => v > -2 && v < 256 },
    { where: [{ column: 'ck', op: '>=', value: -300 }, { column: 'ck', op: '<=', value: -300 }], keep: (v) => v === -300 },
    { where: [{ column: 'ck', op: '>', value: 3 }, { column: 'ck', op: '<', value: 4 }], keep: () => false },
    { where: [{ column: 'ck', op: '=', value: 256 }], keep: (v) => v === 256 },
  ]);
  for (const table of ['asc', 'desc'] as const) {
    it.each(slices)(`a slice ($label) on the ${table.toUpperCase()} clustering column selects by value, in clustering order`, async ({ where, keep }) => {
      const f = await orderTables();
      const expected = (table === 'asc' ? asc : desc).filter(keep);
      await expectInEveryState(f, ['asc', 'desc'], async () => {
        expect(ckOf((await f.store.query(KS, table, { pk: 1 }, { where })).rows)).toEqual(expected);
        expect(ckOf((await f.store.query(KS, table, { pk: 1 }, { where, order: 'DESC' })).rows)).toEqual([...expected].reverse());
      });
    });
  }

  it('a query with every clustering column fixed returns that one row', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      for (const table of ['asc', 'desc']) {
        expect((await f.store.query(KS, table, { pk: 1, ck: 255 })).rows).toEqual([{ pk: 1, ck: 255, v: 'v255' }]);
        expect((await f.store.query(KS, table, { pk: 1, ck: 3 })).rows).toEqual([]);
      }
    });
  });

  it('a query by a clustering prefix with a slice on a DESC second column follows values', async () => {
    const f = await openStore();
    await f.table({ name: 't', columns: { pk: 'int', c1: 'int', c2: 'text', v: 'int' }, partitionKey: ['pk'], clustering: [{ name: 'c1' }, { name: 'c2', order: 'DESC' }] });
    for (const c1 of [1, 2, 3]) for (const c2 of ['', 'a', 'ab', 'b']) await f.store.insert(KS, 't', { pk: 1, c1, c2, v: c1 });
    const c2s = (rows: Row[]): unknown[] => rows.map((r) => `${String(r['c1'])}:${String(r['c2'])}`);
    await expectInEveryState(f, 't', async () => {
      expect(c2s((await f.store.query(KS, 't', { pk: 1, c1: 2 })).rows)).toEqual(['2:b', '2:ab', '2:a', '2:']);
      expect(c2s((await f.store.query(KS, 't', { pk: 1, c1: 2 }, { where: [{ column: 'c2', op: '>', value: 'a' }] })).rows)).toEqual(['2:b', '2:ab']);
      expect(c2s((await f.store.query(KS, 't', { pk: 1, c1: 2 }, { where: [{ column: 'c2', op: '<=', value: 'a' }] })).rows)).toEqual(['2:a', '2:']);
      expect(c2s((await f.store.query(KS, 't', { pk: 1 }, { where: [{ column: 'c1', op: '=', value: 3 }, { column: 'c2', op: '>=', value: 'ab' }], order: 'DESC' })).rows)).toEqual(['3:ab', '3:b']);
      expect(c2s((await f.store.query(KS, 't', { pk: 1 }, { where: [{ column: 'c1', op: '>', value: 2 }] })).rows)).toEqual(['3:b', '3:ab', '3:a', '3:']);
    });
  });

  it('scan returns partitions in partition-key value order', async () => {
    const f = await openStore();
    await f.table({ name: 't', columns: { pk: 'int', v: 'int' }, partitionKey: ['pk'] });
    for (const pk of [5, -7, 0, 300, -1, 2]) await f.store.insert(KS, 't', { pk, v: pk });
    await expectInEveryState(f, 't', async () => {
      expect((await scanAll(f.store, 't')).map((r) => r['pk'])).toEqual([-7, -1, 0, 2, 5, 300]);
    });
  });
});

describe('Store limit', () => {
  it('limit returns the first rows in the order asked', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      expect(ckOf((await f.store.query(KS, 'asc', { pk: 1 }, { limit: 3 })).rows)).toEqual(asc.slice(0, 3));
      expect(ckOf((await f.store.query(KS, 'asc', { pk: 1 }, { limit: 3, order: 'DESC' })).rows)).toEqual(desc.slice(0, 3));
      expect(ckOf((await f.store.query(KS, 'desc', { pk: 1 }, { limit: 2, where: [{ column: 'ck', op: '<', value: 256 }] })).rows)).toEqual([255, 2]);
      expect(ckOf((await f.store.scan(KS, 'asc', { limit: 4 })).rows)).toEqual(asc.slice(0, 4));
      expect((await f.store.query(KS, 'asc', { pk: 1 }, { limit: 100 })).rows).toHaveLength(VALUES.length);
    });
  });

  it('limit caps the rows of a paged query across all its pages', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      expect(ckOf(await queryAll(f.store, 'asc', { pk: 1 }, { limit: 5, pageSize: 2 }))).toEqual(asc.slice(0, 5));
      expect(ckOf(await queryAll(f.store, 'desc', { pk: 1 }, { limit: 4, pageSize: 2, order: 'DESC' }))).toEqual(asc.slice(0, 4));
    });
  });

  it('limit caps the rows of a paged scan across all its pages', async () => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      const rows: Row[] = [];
      let pageState: string | undefined;
      do {
        const page = await f.store.scan(KS, 'asc', { limit: 5, pageSize: 2, ...(pageState === undefined ? {} : { pageState }) });
        rows.push(...page.rows);
        pageState = page.pageState;
      } while (pageState !== undefined && rows.length < 100);
      expect(ckOf(rows)).toEqual(asc.slice(0, 5));
    });
  });
});

describe('Store paging', () => {
  async function manyPartitions(): Promise<Fixture> {
    const f = await openStore();
    await f.table({ name: 't', columns: { pk: 'int', ck: 'int', v: 'int' }, partitionKey: ['pk'], clustering: [{ name: 'ck', order: 'DESC' }] });
    await f.table({ name: 'solo', columns: { pk: 'int', v: 'int' }, partitionKey: ['pk'] });
    for (let pk = 0; pk < 7; pk++) {
      for (let ck = 0; ck < pk % 4; ck++) await f.store.insert(KS, 't', { pk, ck, v: pk * 10 + ck });
      await f.store.insert(KS, 'solo', { pk, v: pk });
    }
    return f;
  }

  it.each([1, 2, 3, 5, 100])('scan pages of %i rows across partitions give every row once, in order', async (pageSize) => {
    const f = await manyPartitions();
    await expectInEveryState(f, ['t', 'solo'], async () => {
      const all = (await f.store.scan(KS, 't')).rows;
      expect(all).toHaveLength(0 + 1 + 2 + 3 + 0 + 1 + 2);
      expect(await scanAll(f.store, 't', pageSize)).toEqual(all);
      const solo = await scanAll(f.store, 'solo', pageSize);
      expect(solo.map((r) => r['pk'])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });
  });

  it('the last scan page has no pageState; an exact fit does not need an empty page', async () => {
    const f = await manyPartitions();
    const first = await f.store.scan(KS, 'solo', { pageSize: 7 });
    expect(first.rows).toHaveLength(7);
    expect(first.pageState).toBeUndefined();
    const page = await f.store.scan(KS, 'solo', { pageSize: 4 });
    expect(page.pageState).toBeDefined();
    const last = await f.store.scan(KS, 'solo', { pageSize: 4, ...(page.pageState === undefined ? {} : { pageState: page.pageState }) });
    expect(last.rows.map((r) => r['pk'])).toEqual([4, 5, 6]);
    expect(last.pageState).toBeUndefined();
  });

  it.each([1, 2, 4, 9])('query pages of %i rows within a partition give every row once, in both orders', async (pageSize) => {
    const f = await orderTables();
    await expectInEveryState(f, ['asc', 'desc'], async () => {
      for (const order of ['ASC', 'DESC'] as const) {
        expect(ckOf(await queryAll(f.store, 'asc', { pk: 1 }, { pageSize, order }))).toEqual(order === 'ASC' ? asc : desc);
        expect(ckOf(await queryAll(f.store, 'desc', { pk: 1 }, { pageSize, order }))).toEqual(order === 'ASC' ? desc : asc);
        const where: Restriction[] = [{ column: 'ck', op: '>=', value: -1 }];
        expect(ckOf(await queryAll(f.store, 'desc', { pk: 1 }, { pageSize, order, where }))).toEqual((order === 'ASC' ? desc : asc).filter((v) => v >= -1));
      }
    });
  });

  it('scan pages crossing a flush, a compaction and a reopen give every row once', async () => {
    const f = await manyPartitions();
    const all = (await f.store.scan(KS, 't')).rows;
    const rows: Row[] = [];
    let page = await f.store.scan(KS, 't', { pageSize: 2 });
    rows.push(...page.rows);
    const between = [() => f.store.flush(KS, 't'), () => f.store.compact(KS, 't'), () => f.reopen(), async () => undefined];
    for (let i = 0; page.pageState !== undefined; i++) {
      await between[Math.min(i, between.length - 1)]!();
      page = await f.store.scan(KS, 't', { pageSize: 2, pageState: page.pageState });
      rows.push(...page.rows);
    }
    expect(rows).toEqual(all);
  });

  it('query pages crossing a flush and a compaction give every row once', async () => {
    const f = await orderTables();
    for (const order of ['ASC', 'DESC'] as const) {
      const rows: Row[] = [];
      let page = await f.store.query(KS, 'desc', { pk: 1 }, { pageSize: 2, order });
      rows.push(...page.rows);
      for (let i = 0; page.pageState !== undefined; i++) {
        if (i === 0) await f.store.flush(KS, 'desc');
        if (i === 1) await f.store.compact(KS, 'desc');
        if (i === 2) await f.store.insert(KS, 'desc', { pk: 1, ck: 1, v: 'rewritten' });
        page = await f.store.query(KS, 'desc', { pk: 1 }, { pageSize: 2, order, pageState: page.pageState });
        rows.push(...page.rows);
      }
      expect(ckOf(rows)).toEqual(order === 'ASC' ? desc : asc);
    }
  });

  it('a page resumes after the last row returned even when that row was deleted in between', async () => {
    const f = await orderTables();
    const first = await f.store.query(KS, 'asc', { pk: 1 }, { pageSize: 3 });
    expect(ckOf(first.rows)).toEqual(asc.slice(0, 3));
    await f.store.delete(KS, 'asc', { pk: 1, ck: asc[2] });
    await f.store.flush(KS, 'asc');
    const rest = await queryAll(f.store, 'asc', { pk: 1 }, { pageSize: 3, ...(first.pageState === undefined ? {} : { pageState: first.pageState }) });
    expect(ckOf(rest)).toEqual(asc.slice(3));
  });

  it('a malformed pageState is refused with ValidationException', async () => {
    const f = await orderTables();
    await expectError(f.store.query(KS, 'asc', { pk: 1 }, { pageSize: 2, pageState: 'AAAA' }), 'ValidationException', 'Invalid paging state');
    await expectError(f.store.scan(KS, 'asc', { pageSize: 2, pageState: 'not-a-state' }), 'ValidationException', 'Invalid paging state');
  });
});
