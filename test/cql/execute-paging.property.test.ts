/**
 * @module test/cql/execute-paging.property
 * Property: for random data (partitions with clustering rows, static values, deletions) and a
 * random page size, reading a SELECT page by page until there is no pageState gives exactly
 * the unpaged result, and no page holds more than fetchSize rows.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, Store } from '../../src/index.js';
import { openStore, type Fixture } from '../table/_store-helpers.js';

async function readAllPages(store: Store, query: string, params: unknown[], fetchSize: number): Promise<Row[]> {
  const rows: Row[] = [];
  let pageState: string | undefined;
  for (let pages = 1; ; pages++) {
    if (pages > 1000) throw new Error('paging did not end');
    const page = await store.execute(query, params, { fetchSize, ...(pageState === undefined ? {} : { pageState }) });
    expect(page.rows.length).toBeLessThanOrEqual(fetchSize);
    rows.push(...page.rows);
    if (page.pageState === undefined) return rows;
    pageState = page.pageState;
  }
}

const write = fc.oneof(
  fc.record({ op: fc.constant('row' as const), k: fc.integer({ min: 0, max: 5 }), c1: fc.integer({ min: 0, max: 3 }), c2: fc.integer({ min: 0, max: 4 }), v: fc.integer({ min: -50, max: 50 }) }),
  fc.record({ op: fc.constant('static' as const), k: fc.integer({ min: 0, max: 5 }), s: fc.string({ maxLength: 3 }) }),
  fc.record({ op: fc.constant('delete' as const), k: fc.integer({ min: 0, max: 5 }), c1: fc.integer({ min: 0, max: 3 }) }),
);

/** Query templates over table `%t`; `k` is a partition key drawn by the property. */
const QUERIES = [
  (t: string) => ({ query: `SELECT * FROM ks.${t}`, params: [] as unknown[] }),
  (t: string, k: number) => ({ query: `SELECT * FROM ks.${t} WHERE k = ?`, params: [k] }),
  (t: string, k: number) => ({ query: `SELECT * FROM ks.${t} WHERE k = ? ORDER BY c1 DESC`, params: [k] }),
  (t: string, k: number) => ({ query: `SELECT * FROM ks.${t} WHERE k = ? AND c1 >= 1`, params: [k] }),
  (t: string, k: number) => ({ query: `SELECT * FROM ks.${t} WHERE k IN ?`, params: [[k, (k + 1) % 6, (k + 3) % 6]] }),
  (t: string) => ({ query: `SELECT * FROM ks.${t} LIMIT 7`, params: [] }),
  (t: string) => ({ query: `SELECT * FROM ks.${t} PER PARTITION LIMIT 2`, params: [] }),
  (t: string) => ({ query: `SELECT * FROM ks.${t} PER PARTITION LIMIT 3 LIMIT 8`, params: [] }),
  (t: string) => ({ query: `SELECT * FROM ks.${t} WHERE v > 0 ALLOW FILTERING`, params: [] }),
  (t: string) => ({ query: `SELECT DISTINCT k, s FROM ks.${t}`, params: [] }),
];

describe('paging property', () => {
  let f: Fixture | undefined;
  beforeAll(async () => {
    f = await openStore();
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('for random data and a random page size, the paged result equals the unpaged one', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: QUERIES.length - 1 }),
        fc.integer({ min: 0, max: 5 }),
        async (writes, fetchSize, qi, k) => {
          const store = f!.store;
          const t = `p${n++}`;
          await store.execute(`CREATE TABLE ks.${t} (k int, c1 int, c2 int, s text static, v int, PRIMARY KEY (k, c1, c2)) WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)`);
          for (const w of writes) {
            if (w.op === 'row') await store.execute(`INSERT INTO ks.${t} (k, c1, c2, v) VALUES (?, ?, ?, ?)`, [w.k, w.c1, w.c2, w.v]);
            else if (w.op === 'static') await store.execute(`UPDATE ks.${t} SET s = ? WHERE k = ?`, [w.s, w.k]);
            else await store.execute(`DELETE FROM ks.${t} WHERE k = ? AND c1 = ?`, [w.k, w.c1]);
          }
          const { query, params } = QUERIES[qi]!(t, k);
          const unpaged = (await store.execute(query, params)).rows;
          const paged = await readAllPages(store, query, params, fetchSize);
          expect(paged).toEqual(unpaged);
        },
      ),
      { numRuns: 25 },
    );
  });
});
