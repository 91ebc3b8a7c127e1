/**
 * @module test/cql/execute-paging
 * Paging of SELECT through `store.execute(q, params, { fetchSize, pageState })` (reference/cql.md
 * §2.6): for every page size and query, reading page after page until there is no pageState
 * gives exactly the unpaged result, no page holds more than fetchSize rows; a paging state
 * works only for the query that made it; rows written or deleted between pages show as
 * Cassandra shows them (a page resumes after the last returned position, not at an offset).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row, Store } from '../../src/index.js';
import { cleanUpAfterEach, openStore, type Fixture } from '../table/_store-helpers.js';
import { failure } from './_cql-helpers.js';

// ---------------------------------------------------------------- local helpers


/** Every row of a query read page by page; checks each page holds at most `fetchSize` rows. */
async function readAllPages(store: Store, query: string, params: unknown[], fetchSize: number): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let pageState: string | undefined;
  for (let pages = 1; ; pages++) {
    if (pages > 1000) throw new Error('paging did not end');
    const page = await store.execute(query, params, { fetchSize, ...(pageState === undefined ? {} : { pageState }) });
    expect(page.rows.length, `page ${pages} is at most fetchSize`).toBeLessThanOrEqual(fetchSize);
    rows.push(...page.rows);
    if (page.pageState === undefined) return { rows, pages };
    pageState = page.pageState;
  }
}

// ---------------------------------------------------------------- fixture

const DDL = `CREATE TABLE ks.events (tenant text, region int, day int, seq int, owner text static, v int,
  PRIMARY KEY ((tenant, region), day, seq)) WITH CLUSTERING ORDER BY (day ASC, seq DESC)`;

/** Partitions of 0 (static only), 1, 3, 5 and 8 rows, some with a static value. */
const PARTITIONS: { tenant: string; region: number; owner?: string; rows: number }[] = [
  { tenant: 'a', region: 1, owner: 'ann', rows: 8 },
  { tenant: 'a', region: 2, rows: 3 },
  { tenant: 'b', region: 1, owner: 'bob', rows: 0 },
  { tenant: 'c', region: 7, owner: 'cy', rows: 1 },
  { tenant: 'd', region: 3, rows: 5 },
];

async function writeFixture(store: Store): Promise<void> {
  await store.execute(DDL);
  const ins = await store.prepare('INSERT INTO ks.events (tenant, region, day, seq, v) VALUES (?, ?, ?, ?, ?)');
  for (const p of PARTITIONS) {
    if (p.owner) await store.execute('UPDATE ks.events SET owner = ? WHERE tenant = ? AND region = ?', [p.owner, p.tenant, p.region]);
    for (let i = 0; i < p.rows; i++) await store.execute(ins, [p.tenant, p.region, i % 3, i, p.region * 100 + i * 10]);
  }
}

const QUERIES: { name: string; query: string; params?: unknown[] }[] = [
  { name: 'full scan', query: 'SELECT * FROM ks.events' },
  { name: 'single partition', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region = 1" },
  { name: 'single partition DESC', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region = 1 ORDER BY day DESC" },
  { name: 'clustering range', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region = 1 AND day >= 1" },
  { name: 'IN on the partition key', query: "SELECT * FROM ks.events WHERE tenant IN ('a', 'd') AND region IN (1, 2, 3)" },
  { name: 'IN on the partition key with bind markers', query: 'SELECT * FROM ks.events WHERE tenant = ? AND region IN ?', params: ['a', [2, 1]] },
  { name: 'LIMIT over a scan', query: 'SELECT * FROM ks.events LIMIT 10' },
  { name: 'LIMIT in a partition', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region = 1 LIMIT 5" },
  { name: 'PER PARTITION LIMIT', query: 'SELECT * FROM ks.events PER PARTITION LIMIT 2' },
  { name: 'PER PARTITION LIMIT and LIMIT', query: 'SELECT * FROM ks.events PER PARTITION LIMIT 3 LIMIT 7' },
  { name: 'ALLOW FILTERING', query: 'SELECT * FROM ks.events WHERE v > 125 ALLOW FILTERING' },
  { name: 'DISTINCT', query: 'SELECT DISTINCT tenant, region, owner FROM ks.events' },
  { name: 'token range', query: 'SELECT * FROM ks.events WHERE token(tenant, region) > ?', params: [0n] },
];

const PAGE_SIZES = [1, 2, 3, 7, 100];

// ---------------------------------------------------------------- tests

describe('paging reassembles the unpaged result', () => {
  let f: Fixture | undefined;
  beforeAll(async () => {
    f = await openStore();
    await writeFixture(f.store);
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('the fixture has rows to page over', async () => {
    expect((await f!.store.execute('SELECT * FROM ks.events')).rows.length).toBe(8 + 3 + 1 + 1 + 5);
  });

  const cases = QUERIES.flatMap((q) => PAGE_SIZES.map((size) => [`${q.name}, fetchSize ${size}`, q, size] as const));
  it.each(cases)('%s: every page until no pageState gives the unpaged rows in the same order', async (_, q, size) => {
    const unpaged = (await f!.store.execute(q.query, q.params ?? [])).rows;
    expect(unpaged.length).toBeGreaterThan(0);
    const paged = await readAllPages(f!.store, q.query, q.params ?? [], size);
    expect(paged.rows).toEqual(unpaged);
    if (size < unpaged.length) expect(paged.pages).toBeGreaterThan(1);
  });

  it('a prepared statement pages like its query text', async () => {
    const stmt = await f!.store.prepare('SELECT * FROM ks.events WHERE tenant = ? AND region = ?');
    const unpaged = (await f!.store.execute(stmt, ['a', 1])).rows;
    const rows: Row[] = [];
    let pageState: string | undefined;
    do {
      const page = await f!.store.execute(stmt, ['a', 1], { fetchSize: 3, ...(pageState ? { pageState } : {}) });
      rows.push(...page.rows);
      pageState = page.pageState;
    } while (pageState);
    expect(rows).toEqual(unpaged);
  });

  it('a result that fits in one page has no pageState', async () => {
    const r = await f!.store.execute("SELECT * FROM ks.events WHERE tenant = 'a' AND region = 2", [], { fetchSize: 3 });
    expect(r.rows.length).toBe(3);
    expect(r.pageState).toBeUndefined();
  });

  it('a pageState from one query is refused for another query (0x2200)', async () => {
    const first = await f!.store.execute('SELECT * FROM ks.events', [], { fetchSize: 2 });
    expect(first.pageState).toBeDefined();
    const e = await failure(f!.store.execute("SELECT * FROM ks.events WHERE tenant = 'a' AND region = 1", [], { fetchSize: 2, pageState: first.pageState! }));
    expect(e.name).toBe('ValidationException');
    expect(e.code).toBe(0x2200);
    expect(e.message).toMatch(/paging state/i);
  });

  it('a garbage pageState is an invalid paging state', async () => {
    for (const pageState of ['garbage!', 'AAAA', Buffer.from('{"q":"x","i":0}').toString('base64url')]) {
      const e = await failure(f!.store.execute('SELECT * FROM ks.events', [], { fetchSize: 2, pageState }));
      expect(e.name).toBe('ValidationException');
      expect(e.code).toBe(0x2200);
      expect(e.message).toMatch(/Invalid paging state/);
    }
  });
});

describe('paging with writes between pages', () => {
  cleanUpAfterEach();

  async function fixture(): Promise<Fixture> {
    const f = await openStore();
    await f.store.execute('CREATE TABLE ks.t (k int, c int, v int, PRIMARY KEY (k, c))');
    for (const c of [10, 20, 30, 40, 50]) await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (1, ?, ?)', [c, c]);
    return f;
  }
  const Q = 'SELECT c FROM ks.t WHERE k = 1';
  const cs = (rows: Row[]): unknown[] => rows.map((r) => r['c']);

  it('a row inserted after the last returned position appears in a later page', async () => {
    const f = await fixture();
    const first = await f.store.execute(Q, [], { fetchSize: 2 });
    expect(cs(first.rows)).toEqual([10, 20]);
    await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (1, 25, 0)');
    await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (1, 60, 0)');
    const rest = await readRest(f.store, Q, 2, first.pageState!);
    expect(cs(rest)).toEqual([25, 30, 40, 50, 60]);
  });

  it('a row inserted before the last returned position does not appear later', async () => {
    const f = await fixture();
    const first = await f.store.execute(Q, [], { fetchSize: 2 });
    await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (1, 15, 0)');
    expect(cs(await readRest(f.store, Q, 2, first.pageState!))).toEqual([30, 40, 50]);
  });

  it('deleting rows already returned neither repeats nor skips a row in the next pages', async () => {
    const f = await fixture();
    const first = await f.store.execute(Q, [], { fetchSize: 2 });
    await f.store.execute('DELETE FROM ks.t WHERE k = 1 AND c = 10');
    await f.store.execute('DELETE FROM ks.t WHERE k = 1 AND c = 20');
    expect(cs(await readRest(f.store, Q, 2, first.pageState!))).toEqual([30, 40, 50]);
  });

  it('deleting the last returned row does not end or shift the paging', async () => {
    const f = await fixture();
    const first = await f.store.execute(Q, [], { fetchSize: 2 });
    await f.store.execute('DELETE FROM ks.t WHERE k = 1 AND c = 20');
    expect(cs(await readRest(f.store, Q, 2, first.pageState!))).toEqual([30, 40, 50]);
  });

  it('a row deleted after the last returned position does not appear', async () => {
    const f = await fixture();
    const first = await f.store.execute(Q, [], { fetchSize: 2 });
    await f.store.execute('DELETE FROM ks.t WHERE k = 1 AND c = 40');
    expect(cs(await readRest(f.store, Q, 2, first.pageState!))).toEqual([30, 50]);
  });

  it('in a full scan, a row inserted later in the current partition appears', async () => {
    const f = await fixture();
    for (const k of [2, 3]) await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (?, 1, 0)', [k]);
    const scan = 'SELECT k, c FROM ks.t';
    const unpaged = (await f.store.execute(scan)).rows;
    const first = await f.store.execute(scan, [], { fetchSize: 2 });
    expect(first.rows).toEqual(unpaged.slice(0, 2));
    const last = first.rows.at(-1)!;
    await f.store.execute('INSERT INTO ks.t (k, c, v) VALUES (?, ?, 0)', [last['k'], (last['c'] as number) + 1]);
    const rest = await readRest(f.store, scan, 2, first.pageState!);
    expect(rest).toContainEqual({ k: last['k'], c: (last['c'] as number) + 1 });
    expect([...first.rows, ...rest].length).toBe(unpaged.length + 1);
  });
});

async function readRest(store: Store, query: string, fetchSize: number, pageState: string): Promise<Row[]> {
  const rows: Row[] = [];
  let state: string | undefined = pageState;
  for (let pages = 0; state !== undefined; pages++) {
    if (pages > 1000) throw new Error('paging did not end');
    const page = await store.execute(query, [], { fetchSize, pageState: state });
    expect(page.rows.length).toBeLessThanOrEqual(fetchSize);
    rows.push(...page.rows);
    state = page.pageState;
  }
  return rows;
}
