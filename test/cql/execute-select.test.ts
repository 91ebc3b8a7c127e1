/**
 * @module test/cql/execute-select
 * SELECT through `store.execute`, table-driven, with Cassandra 3.x semantics and messages
 * (reference/cql.md §3.2): the selection (columns, aliases, aggregates, WRITETIME/TTL, token,
 * DISTINCT), the WHERE clause (partition key, clustering prefixes and ranges, multi-column
 * relations, token ranges, filtering), ORDER BY, LIMIT / PER PARTITION LIMIT, static columns
 * and nulls. Each case is `{ name, query, params?, rows }` or `{ name, query, error }`; the
 * fixture data is written once per describe.
 *
 * Full scans come in sealtable's partition order (encoded key order, not token order), so
 * full-scan cases compare per partition: the same partitions, each with its rows in clustering
 * order, each partition's rows contiguous.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResultSet, Row, Store } from '../../src/index.js';
import { MAX_TOKEN, MIN_TOKEN, parseCqlType, partitionToken } from '../../src/table/index.js';
import { cleanUpAfterEach, openStore, SECOND, type Fixture } from '../table/_store-helpers.js';
import { failure } from './_cql-helpers.js';

// ---------------------------------------------------------------- local helpers

interface RowsCase {
  /** The rule, in words (the test title). */
  name: string;
  query: string;
  params?: unknown[];
  rows: Row[];
  /** The result's column names, in order (also the key order of each row). */
  columns?: string[];
  /** Full scans: partitions in any order, rows in clustering order within each. */
  anyPartitionOrder?: boolean;
}

interface ErrorCase {
  name: string;
  query: string;
  params?: unknown[];
  error: { name: string; code: number; message: RegExp };
}

type Case = RowsCase | ErrorCase;

const INVALID = 0x2200;


/** Groups rows by partition (the listed key columns), in order of first appearance; checks each partition is contiguous. */
function byPartition(rows: readonly Row[], pk: readonly string[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  let last: string | undefined;
  for (const r of rows) {
    const key = JSON.stringify(pk.map((c) => r[c]));
    if (key !== last && groups.has(key)) throw new Error(`rows of partition ${key} are not contiguous`);
    last = key;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

function expectSamePartitions(actual: readonly Row[], expected: readonly Row[], pk: readonly string[]): void {
  const a = byPartition(actual, pk);
  const e = byPartition(expected, pk);
  expect([...a.keys()].sort()).toEqual([...e.keys()].sort());
  for (const [k, rows] of e) expect(a.get(k), `partition ${k}`).toEqual(rows);
}

function runCases(getStore: () => Store, cases: readonly Case[], pk: readonly string[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const run = getStore().execute(c.query, c.params ?? []);
    if ('error' in c) {
      const e = await failure(run);
      expect(e.name, e.message).toBe(c.error.name);
      expect(e.code).toBe(c.error.code);
      expect(e.message).toMatch(c.error.message);
      return;
    }
    const result = await run;
    expect(result.kind).toBe('rows');
    if (c.columns) {
      expect(result.columns.map((x) => x.name)).toEqual(c.columns);
      for (const r of result.rows) expect(Object.keys(r)).toEqual(c.columns);
    }
    if (c.anyPartitionOrder) expectSamePartitions(result.rows, c.rows, pk);
    else expect(result.rows).toEqual(c.rows);
  });
}

function pick(rows: readonly Row[], names: readonly string[]): Row[] {
  return rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? null])));
}

const filteringMessage =
  /^Cannot execute this query as it might involve data filtering and thus may have unpredictable performance\. If you want to execute this query despite the performance unpredictability, use ALLOW FILTERING$/;

// ---------------------------------------------------------------- fixture

/**
 * `events`: composite partition key (tenant, region), clustering (day ASC, seq DESC), a static
 * `owner`, regular columns incl. a set and a map. `users`: single-column partition key.
 */
const EVENTS_DDL = `CREATE TABLE ks.events (tenant text, region int, day int, seq int, owner text static, v int, note text,
  tags set<text>, attrs map<text, int>, PRIMARY KEY ((tenant, region), day, seq)) WITH CLUSTERING ORDER BY (day ASC, seq DESC)`;
const USERS_DDL = 'CREATE TABLE ks.users (id int PRIMARY KEY, name text, age int, emails list<text>)';
const EVENTS_PK = ['tenant', 'region'];

type Ev = { tenant: string; region: number; day: number | null; seq: number | null; owner: string | null; attrs: Map<string, number> | null; note: string | null; tags: string[] | null; v: number | null };

function ev(tenant: string, region: number, day: number | null, seq: number | null, owner: string | null, cols: Partial<Ev> = {}): Row {
  return { tenant, region, day, seq, owner, attrs: null, note: null, tags: null, v: null, ...cols };
}

// Partition ('a', 1), owner 'ann' — in clustering order (day ASC, seq DESC).
const A1_13 = ev('a', 1, 1, 3, 'ann', { v: 30, note: 'y' });
const A1_12 = ev('a', 1, 1, 2, 'ann', { v: 20, tags: ['blue', 'red'] });
const A1_11 = ev('a', 1, 1, 1, 'ann', { v: 10, note: 'x', tags: ['red'], attrs: new Map([['k', 1]]) });
const A1_22 = ev('a', 1, 2, 2, 'ann', { v: 50 });
const A1_21 = ev('a', 1, 2, 1, 'ann', { v: 40, tags: ['blue'], attrs: new Map([['j', 3], ['k', 2]]) });
const A1 = [A1_13, A1_12, A1_11, A1_22, A1_21];
// Partition ('a', 2), owner 'al'.
const A2_11 = ev('a', 2, 1, 1, 'al', { v: 60, tags: ['green'] });
const A2_35 = ev('a', 2, 3, 5, 'al', { v: 70, attrs: new Map([['j', 1]]) });
const A2 = [A2_11, A2_35];
// Partition ('b', 1): static data only.
const B1_STATIC = ev('b', 1, null, null, 'bob');
// Partition ('c', 1): no static value.
const C1_11 = ev('c', 1, 1, 1, null, { v: 80, note: 'z' });
const ALL_EVENTS = [...A1, ...A2, B1_STATIC, C1_11];

const USERS: Row[] = [
  { id: 1, age: 30, emails: ['a@x'], name: 'ann' },
  { id: 2, age: 25, emails: null, name: 'bob' },
  { id: 3, age: null, emails: ['c@x', 'c2@x'], name: 'cy' },
  { id: 4, age: 41, emails: null, name: 'di' },
  { id: 5, age: 25, emails: null, name: 'ed' },
];
const user = (id: number): Row => USERS.find((u) => u.id === id)!;

async function writeFixture(store: Store): Promise<void> {
  await store.execute(EVENTS_DDL);
  await store.execute(USERS_DDL);
  const ins = await store.prepare('INSERT INTO ks.events (tenant, region, day, seq, v, note, tags, attrs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const r of [...A1, ...A2, C1_11]) {
    // Unset (undefined) columns are not written at all; A1_21's note is written as null (a tombstone).
    const note = r === A1_21 ? null : (r['note'] ?? undefined);
    await store.execute(ins, [r['tenant'], r['region'], r['day'], r['seq'], r['v'] ?? undefined, note, r['tags'] ?? undefined, r['attrs'] ?? undefined]);
  }
  // A1_22's note is written, then deleted (a cell tombstone).
  await store.execute("UPDATE ks.events SET note = 'gone' WHERE tenant = 'a' AND region = 1 AND day = 2 AND seq = 2");
  await store.execute("DELETE note FROM ks.events WHERE tenant = 'a' AND region = 1 AND day = 2 AND seq = 2");
  await store.execute("UPDATE ks.events SET owner = 'ann' WHERE tenant = 'a' AND region = 1");
  await store.execute("UPDATE ks.events SET owner = 'al' WHERE tenant = 'a' AND region = 2");
  await store.execute("UPDATE ks.events SET owner = 'bob' WHERE tenant = 'b' AND region = 1");
  const insUser = await store.prepare('INSERT INTO ks.users (id, name, age, emails) VALUES (?, ?, ?, ?)');
  for (const u of USERS) await store.execute(insUser, [u['id'], u['name'], u['age'] ?? undefined, u['emails'] ?? undefined]);
}

function sharedFixture(): () => Store {
  let f: Fixture | undefined;
  beforeAll(async () => {
    f = await openStore();
    await writeFixture(f.store);
  });
  afterAll(async () => {
    await f?.dispose();
  });
  return () => f!.store;
}

const P1 = "tenant = 'a' AND region = 1";
const intType = parseCqlType('int');
const textType = parseCqlType('text');
const eventsToken = (tenant: string, region: number): bigint => partitionToken([{ type: textType }, { type: intType }], [tenant, region]);
const userToken = (id: number): bigint => partitionToken([{ type: intType }], [id]);

// ---------------------------------------------------------------- selection

describe('SELECT selection', () => {
  const store = sharedFixture();
  runCases(
    store,
    [
      {
        name: 'SELECT * lists the partition key, the clustering columns, then static and regular columns alphabetically',
        query: `SELECT * FROM ks.events WHERE ${P1}`,
        rows: A1,
        columns: ['tenant', 'region', 'day', 'seq', 'owner', 'attrs', 'note', 'tags', 'v'],
      },
      {
        name: 'a column list returns exactly those columns in the order listed',
        query: `SELECT v, tenant, day FROM ks.events WHERE ${P1}`,
        rows: pick(A1, ['v', 'tenant', 'day']),
        columns: ['v', 'tenant', 'day'],
      },
      {
        name: 'AS renames a selected column in the result',
        query: `SELECT v AS value, day AS d FROM ks.events WHERE ${P1} AND day = 2`,
        rows: [
          { value: 50, d: 2 },
          { value: 40, d: 2 },
        ],
        columns: ['value', 'd'],
      },
      { name: 'COUNT(*) counts every row of the table as a bigint in column "count"', query: 'SELECT COUNT(*) FROM ks.users', rows: [{ count: 5n }], columns: ['count'] },
      { name: 'COUNT(1) is the same as COUNT(*)', query: 'SELECT COUNT(1) FROM ks.users', rows: [{ count: 5n }], columns: ['count'] },
      { name: 'COUNT(*) with a WHERE clause counts the selected rows', query: `SELECT COUNT(*) FROM ks.events WHERE ${P1} AND day = 1`, rows: [{ count: 3n }] },
      { name: 'COUNT(*) over a partition with static data only counts its one static row', query: "SELECT COUNT(*) FROM ks.events WHERE tenant = 'b' AND region = 1", rows: [{ count: 1n }] },
      { name: 'COUNT(*) over no rows is 0', query: "SELECT COUNT(*) FROM ks.events WHERE tenant = 'zz' AND region = 1", rows: [{ count: 0n }] },
      {
        name: 'LIMIT on an aggregate limits the result rows, not the rows counted (Cassandra 3.x ignores it for aggregation)',
        query: 'SELECT COUNT(*) FROM ks.users LIMIT 2',
        rows: [{ count: 5n }],
      },
      {
        name: 'PER PARTITION LIMIT on an aggregate does not cap the rows counted (Cassandra 3.x ignores it for aggregation)',
        query: 'SELECT COUNT(*) FROM ks.events PER PARTITION LIMIT 1',
        rows: [{ count: BigInt(ALL_EVENTS.length) }],
      },
      {
        name: 'count(col) counts the non-null values of the column, as a bigint in column "system.count(col)"',
        query: 'SELECT count(age) FROM ks.users',
        rows: [{ 'system.count(age)': 4n }],
        columns: ['system.count(age)'],
      },
      {
        name: 'min/max/sum/avg(col) aggregate the non-null values (avg of int truncates)',
        query: 'SELECT min(age), max(age), sum(age), avg(age) FROM ks.users',
        rows: [{ 'system.min(age)': 25, 'system.max(age)': 41, 'system.sum(age)': 121, 'system.avg(age)': 30 }],
        columns: ['system.min(age)', 'system.max(age)', 'system.sum(age)', 'system.avg(age)'],
      },
      {
        name: 'aggregates of a single partition use only its rows',
        query: `SELECT min(v), max(v), sum(v), avg(v) FROM ks.events WHERE ${P1}`,
        rows: [{ 'system.min(v)': 10, 'system.max(v)': 50, 'system.sum(v)': 150, 'system.avg(v)': 30 }],
      },
      {
        name: 'over no rows min and max are null, sum and avg are 0',
        query: 'SELECT min(age), max(age), sum(age), avg(age) FROM ks.users WHERE id = 99',
        rows: [{ 'system.min(age)': null, 'system.max(age)': null, 'system.sum(age)': 0, 'system.avg(age)': 0 }],
      },
      {
        name: 'token(pk) returns the Murmur3 token of the partition key in column "system.token(...)"',
        query: `SELECT token(tenant, region) FROM ks.events WHERE ${P1} AND day = 2`,
        rows: [{ 'system.token(tenant, region)': eventsToken('a', 1) }, { 'system.token(tenant, region)': eventsToken('a', 1) }],
        columns: ['system.token(tenant, region)'],
      },
      {
        name: 'token of int 1 is -4069959284402364209, as in Cassandra',
        query: 'SELECT token(id) FROM ks.users WHERE id = 1',
        rows: [{ 'system.token(id)': -4069959284402364209n }],
      },
      {
        name: 'DISTINCT on the partition key returns one row per partition, a static-only partition included',
        query: 'SELECT DISTINCT tenant, region FROM ks.events',
        rows: pick([A1_13, A2_11, B1_STATIC, C1_11], EVENTS_PK),
        anyPartitionOrder: true,
        columns: ['tenant', 'region'],
      },
      {
        name: 'DISTINCT with a static column returns the partition key and the static value',
        query: 'SELECT DISTINCT tenant, region, owner FROM ks.events',
        rows: pick([A1_13, A2_11, B1_STATIC, C1_11], ['tenant', 'region', 'owner']),
        anyPartitionOrder: true,
      },
      {
        name: 'DISTINCT with a restricted partition key returns that partition once',
        query: `SELECT DISTINCT tenant, region, owner FROM ks.events WHERE ${P1}`,
        rows: [{ tenant: 'a', region: 1, owner: 'ann' }],
      },
      {
        name: 'DISTINCT on a single-column partition key returns each key once',
        query: 'SELECT DISTINCT id FROM ks.users',
        rows: USERS.map((u) => ({ id: u['id']! })),
        anyPartitionOrder: true,
      },
      {
        name: 'DISTINCT with a regular column is refused',
        query: 'SELECT DISTINCT tenant, region, v FROM ks.events',
        error: { name: 'ValidationException', code: INVALID, message: /SELECT DISTINCT queries must only request partition key columns and\/or static columns \(not v\)/ },
      },
      {
        name: 'WRITETIME on a clustering column is refused',
        query: `SELECT WRITETIME(day) FROM ks.events WHERE ${P1}`,
        error: { name: 'ValidationException', code: INVALID, message: /Cannot use selection function writeTime on PRIMARY KEY part day/ },
      },
      {
        name: 'TTL on a partition key column is refused',
        query: `SELECT TTL(tenant) FROM ks.events WHERE ${P1}`,
        error: { name: 'ValidationException', code: INVALID, message: /Cannot use selection function ttl on PRIMARY KEY part tenant/ },
      },
      {
        name: 'an unknown column in the selection is an undefined column name',
        query: `SELECT nope FROM ks.events WHERE ${P1}`,
        error: { name: 'ValidationException', code: INVALID, message: /Undefined column name nope/ },
      },
    ],
    EVENTS_PK,
  );
});

describe('SELECT WRITETIME and TTL', () => {
  cleanUpAfterEach();
  let f: Fixture;
  beforeEach(async () => {
    f = await openStore();
    await f.store.execute("CREATE TABLE ks.w (k int PRIMARY KEY, a int, b int, c int) WITH custom_properties = {'ttl': {'status': 'enabled'}, 'client_side_timestamps': {'status': 'enabled'}}");
  });

  it('WRITETIME(c) is the USING TIMESTAMP of the write, in microseconds', async () => {
    await f.store.execute('INSERT INTO ks.w (k, a) VALUES (1, 7) USING TIMESTAMP 1234567');
    const r = await f.store.execute('SELECT WRITETIME(a) FROM ks.w WHERE k = 1');
    expect(r.columns.map((c) => c.name)).toEqual(['writetime(a)']);
    expect(r.rows).toEqual([{ 'writetime(a)': 1234567n }]);
  });

  it('WRITETIME(c) without USING TIMESTAMP is the store clock in microseconds', async () => {
    await f.store.execute('INSERT INTO ks.w (k, a) VALUES (1, 7)');
    const r = await f.store.execute('SELECT WRITETIME(a) FROM ks.w WHERE k = 1');
    expect(r.rows).toEqual([{ 'writetime(a)': BigInt(f.clock.now()) * 1000n }]);
  });

  it('TTL(c) is the remaining seconds of USING TTL and decreases as the clock advances', async () => {
    await f.store.execute('INSERT INTO ks.w (k, a, b) VALUES (1, 7, 8) USING TTL 100');
    expect((await f.store.execute('SELECT TTL(a) FROM ks.w WHERE k = 1')).rows).toEqual([{ 'ttl(a)': 100 }]);
    f.clock.advance(30 * SECOND);
    expect((await f.store.execute('SELECT TTL(a), TTL(b) FROM ks.w WHERE k = 1')).rows).toEqual([{ 'ttl(a)': 70, 'ttl(b)': 70 }]);
  });

  it('TTL(c) is null for a column written without a TTL, and both are null for an unwritten column', async () => {
    await f.store.execute('INSERT INTO ks.w (k, a) VALUES (1, 7) USING TIMESTAMP 42');
    await f.store.execute('UPDATE ks.w USING TTL 50 SET b = 8 WHERE k = 1');
    const r = await f.store.execute('SELECT TTL(a), TTL(b), TTL(c), WRITETIME(c) FROM ks.w WHERE k = 1');
    expect(r.rows).toEqual([{ 'ttl(a)': null, 'ttl(b)': 50, 'ttl(c)': null, 'writetime(c)': null }]);
  });

  it('a cell whose TTL has run out reads null', async () => {
    await f.store.execute('INSERT INTO ks.w (k, a) VALUES (1, 7)');
    await f.store.execute('UPDATE ks.w USING TTL 10 SET b = 8 WHERE k = 1');
    f.clock.advance(10 * SECOND);
    expect((await f.store.execute('SELECT a, b, TTL(b) FROM ks.w WHERE k = 1')).rows).toEqual([{ a: 7, b: null, 'ttl(b)': null }]);
  });
});

// ---------------------------------------------------------------- WHERE

describe('SELECT WHERE', () => {
  const store = sharedFixture();
  runCases(
    store,
    [
      { name: 'the full partition key by = selects that partition in clustering order (seq DESC within day ASC)', query: `SELECT * FROM ks.events WHERE ${P1}`, rows: A1 },
      { name: 'a partition key that does not exist selects nothing', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region = 9", rows: [] },
      { name: 'with no WHERE every partition is selected, each in clustering order', query: 'SELECT * FROM ks.events', rows: ALL_EVENTS, anyPartitionOrder: true },
      { name: 'IN on the last partition key column selects each listed partition', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region IN (1, 2)", rows: [...A1, ...A2] },
      { name: 'IN on the partition key ignores repeated values', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region IN (1, 2, 1)", rows: [...A1, ...A2] },
      { name: 'IN on several partition key columns selects the cartesian product', query: "SELECT * FROM ks.events WHERE tenant IN ('a', 'c') AND region = 1", rows: [...A1, C1_11] },
      { name: 'an equality on the first clustering column selects that prefix', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1`, rows: [A1_13, A1_12, A1_11] },
      { name: 'the full primary key selects one row', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq = 2`, rows: [A1_12] },
      { name: 'IN on the last clustering column returns rows in clustering order, not IN order', query: `SELECT * FROM ks.events WHERE ${P1} AND day IN (2, 1)`, rows: A1 },
      { name: 'IN on a DESC clustering column returns rows in descending order and ignores repeated values', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq IN (1, 3, 1)`, rows: [A1_13, A1_11] },
      { name: 'IN on the partition key combined with a clustering equality applies to each partition', query: `SELECT * FROM ks.events WHERE tenant = 'a' AND region IN (1, 2) AND day = 1`, rows: [A1_13, A1_12, A1_11, A2_11] },
      { name: 'a range > on the first clustering column', query: `SELECT * FROM ks.events WHERE ${P1} AND day > 1`, rows: [A1_22, A1_21] },
      { name: 'a range with both bounds >= and < on the first clustering column', query: `SELECT * FROM ks.events WHERE ${P1} AND day >= 1 AND day < 2`, rows: [A1_13, A1_12, A1_11] },
      { name: 'a prefix equality then > on the DESC column', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq > 1`, rows: [A1_13, A1_12] },
      { name: 'a prefix equality then >= on the DESC column', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq >= 2`, rows: [A1_13, A1_12] },
      { name: 'a prefix equality then < on the DESC column', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq < 3`, rows: [A1_12, A1_11] },
      { name: 'a prefix equality then <= on the DESC column', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq <= 2`, rows: [A1_12, A1_11] },
      { name: 'both exclusive bounds on the DESC column', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq > 1 AND seq < 3`, rows: [A1_12] },
      { name: 'both inclusive bounds on the DESC column', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq >= 1 AND seq <= 2`, rows: [A1_12, A1_11] },
      { name: 'an empty range selects nothing', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq > 3`, rows: [] },
      { name: 'a multi-column slice (day, seq) > (1, 2) compares the tuples', query: `SELECT * FROM ks.events WHERE ${P1} AND (day, seq) > (1, 2)`, rows: [A1_13, A1_22, A1_21] },
      { name: 'a multi-column slice with both bounds', query: `SELECT * FROM ks.events WHERE ${P1} AND (day, seq) >= (1, 2) AND (day, seq) < (2, 2)`, rows: [A1_13, A1_12, A1_21] },
      { name: 'a multi-column IN selects the listed primary keys in clustering order', query: `SELECT * FROM ks.events WHERE ${P1} AND (day, seq) IN ((2, 2), (1, 1))`, rows: [A1_11, A1_22] },
      { name: 'bind markers bind the partition key and the clustering range', query: 'SELECT * FROM ks.events WHERE tenant = ? AND region = ? AND day = ? AND seq < ?', params: ['a', 1, 1, 3], rows: [A1_12, A1_11] },
      { name: 'IN ? binds a list of values', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region IN ?", params: [[2]], rows: A2 },
      {
        name: 'token(pk) > token(literal) selects the partitions whose token is greater',
        query: 'SELECT * FROM ks.users WHERE token(id) > token(3)',
        rows: USERS.filter((u) => userToken(u['id'] as number) > userToken(3)),
        anyPartitionOrder: true,
      },
      {
        name: 'token(pk) >= ? AND token(pk) <= ? with the same value selects that one partition',
        query: 'SELECT * FROM ks.users WHERE token(id) >= ? AND token(id) <= ?',
        params: [userToken(4), userToken(4)],
        rows: [user(4)],
      },
      {
        name: 'with ALLOW FILTERING a restriction on a regular column filters the rows of every partition',
        query: 'SELECT * FROM ks.events WHERE v > 45 ALLOW FILTERING',
        rows: [A1_22, ...A2, C1_11],
        anyPartitionOrder: true,
      },
      { name: 'with ALLOW FILTERING a regular-column equality inside one partition', query: `SELECT * FROM ks.events WHERE ${P1} AND v = 20 ALLOW FILTERING`, rows: [A1_12] },
      { name: 'with ALLOW FILTERING a null value never matches a regular-column restriction', query: 'SELECT id FROM ks.users WHERE age < 100 ALLOW FILTERING', rows: [1, 2, 4, 5].map((id) => ({ id })), anyPartitionOrder: true },
      { name: 'CONTAINS on a set with ALLOW FILTERING', query: "SELECT * FROM ks.events WHERE tags CONTAINS 'red' ALLOW FILTERING", rows: [A1_12, A1_11], anyPartitionOrder: true },
      { name: 'CONTAINS KEY on a map with ALLOW FILTERING', query: "SELECT * FROM ks.events WHERE attrs CONTAINS KEY 'j' ALLOW FILTERING", rows: [A1_21, A2_35], anyPartitionOrder: true },
      { name: 'CONTAINS on a map matches its values', query: 'SELECT * FROM ks.events WHERE attrs CONTAINS 1 ALLOW FILTERING', rows: [A1_11, A2_35], anyPartitionOrder: true },
      { name: 'CONTAINS on a list with ALLOW FILTERING', query: "SELECT id FROM ks.users WHERE emails CONTAINS 'c2@x' ALLOW FILTERING", rows: [{ id: 3 }] },
      {
        name: 'with ALLOW FILTERING a partial partition key filters the partitions (Cassandra 3.10+)',
        query: "SELECT * FROM ks.events WHERE tenant = 'a' ALLOW FILTERING",
        rows: [...A1, ...A2],
        anyPartitionOrder: true,
      },
      {
        name: 'with ALLOW FILTERING a clustering column restricted without the preceding one filters',
        query: `SELECT * FROM ks.events WHERE ${P1} AND seq = 2 ALLOW FILTERING`,
        rows: [A1_12, A1_22],
      },
      {
        name: 'a regular column restriction without ALLOW FILTERING is refused with Cassandra\'s message',
        query: 'SELECT * FROM ks.users WHERE age = 25',
        error: { name: 'ValidationException', code: INVALID, message: filteringMessage },
      },
      {
        name: 'a regular column restriction inside one partition still needs ALLOW FILTERING',
        query: `SELECT * FROM ks.events WHERE ${P1} AND v = 20`,
        error: { name: 'ValidationException', code: INVALID, message: filteringMessage },
      },
      {
        name: 'CONTAINS without ALLOW FILTERING is refused',
        query: "SELECT * FROM ks.events WHERE tags CONTAINS 'red'",
        error: { name: 'ValidationException', code: INVALID, message: filteringMessage },
      },
      {
        name: 'a partial partition key without ALLOW FILTERING is refused',
        query: "SELECT * FROM ks.events WHERE tenant = 'a'",
        error: { name: 'ValidationException', code: INVALID, message: /Partition key parts: region must be restricted as other parts are|use ALLOW FILTERING/ },
      },
      {
        name: 'a clustering column restricted without the preceding one is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} AND seq = 2`,
        error: { name: 'ValidationException', code: INVALID, message: /PRIMARY KEY column "seq" cannot be restricted as preceding column "day" is not restricted/ },
      },
      {
        name: 'a clustering column after one restricted by a range is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} AND day > 1 AND seq = 2`,
        error: { name: 'ValidationException', code: INVALID, message: /Clustering column "seq" cannot be restricted \(preceding column "day" is restricted by a non-EQ relation\)/ },
      },
      {
        name: 'a non-EQ relation on the partition key is refused',
        query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region > 1",
        error: { name: 'ValidationException', code: INVALID, message: /Only EQ and IN relation are supported on the partition key \(unless you use the token\(\) function\)|use ALLOW FILTERING/ },
      },
      {
        name: '!= is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} AND day != 1`,
        error: { name: 'ValidationException', code: INVALID, message: /Unsupported "!=" relation/ },
      },
      {
        name: 'null in a relation is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} AND day = null`,
        error: { name: 'ValidationException', code: INVALID, message: /Invalid null value in condition for column day/ },
      },
      {
        name: 'a null bound value in a relation is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} AND day = ?`,
        params: [null],
        error: { name: 'ValidationException', code: INVALID, message: /Invalid null value in condition for column day/ },
      },
      {
        name: 'an unknown column in WHERE is an undefined column name',
        query: `SELECT * FROM ks.events WHERE ${P1} AND nope = 1`,
        error: { name: 'ValidationException', code: INVALID, message: /Undefined column name nope/ },
      },
      {
        name: 'a token restriction mixed with an equality on the partition key is refused',
        query: "SELECT * FROM ks.users WHERE token(id) > 0 AND id = 1",
        error: { name: 'ValidationException', code: INVALID, message: /cannot be restricted by both a normal relation and a token relation/ },
      },
      {
        name: 'an unknown table is an unconfigured table',
        query: 'SELECT * FROM ks.nope',
        error: { name: 'ResourceNotFoundException', code: INVALID, message: /unconfigured table nope/ },
      },
    ],
    EVENTS_PK,
  );

  it('token ranges that split the ring in four select each partition exactly once, and their union is the full scan', async () => {
    const bounds = [MIN_TOKEN, -(2n ** 62n), 0n, 2n ** 62n, MAX_TOKEN];
    for (const [table, pk] of [
      ['events', ['tenant', 'region']],
      ['users', ['id']],
    ] as const) {
      const cols = pk.join(', ');
      const text = (r: Row): string => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? [...v] : v));
      const partition = (r: Row): string => JSON.stringify(pk.map((c) => r[c]));
      const full = (await store().execute(`SELECT * FROM ks.${table}`)).rows;
      const seen: Row[] = [];
      const owner = new Map<string, number>();
      for (let i = 0; i < 4; i++) {
        const part = (await store().execute(`SELECT * FROM ks.${table} WHERE token(${cols}) > ? AND token(${cols}) <= ?`, [bounds[i], bounds[i + 1]])).rows;
        for (const r of part) {
          const t = partitionToken(
            pk.map((c) => ({ type: typeof r[c] === 'string' ? textType : intType })),
            pk.map((c) => r[c] ?? null),
          );
          expect(t).toBeGreaterThan(bounds[i]!);
          expect(t).toBeLessThanOrEqual(bounds[i + 1]!);
          // Disjoint: a partition is selected by one range only.
          expect(owner.get(partition(r)) ?? i, `partition ${partition(r)} in ranges ${owner.get(partition(r))} and ${i}`).toBe(i);
          owner.set(partition(r), i);
        }
        seen.push(...part);
      }
      // Union: the rows of the four ranges are the rows of the full scan.
      expect(seen.map(text).sort()).toEqual(full.map(text).sort());
      expect(new Set(owner.values()).size, `${table}: the data spreads over several ranges`).toBeGreaterThan(1);
    }
  });

  it('token(pk) in the selection equals partitionToken for every partition of a scan', async () => {
    const rows = (await store().execute('SELECT tenant, region, token(tenant, region) FROM ks.events')).rows;
    expect(rows.length).toBe(ALL_EVENTS.length);
    for (const r of rows) expect(r['system.token(tenant, region)']).toBe(eventsToken(r['tenant'] as string, r['region'] as number));
  });
});

// ---------------------------------------------------------------- ORDER BY, LIMIT

describe('SELECT ORDER BY and LIMIT', () => {
  const store = sharedFixture();
  const reversedA1 = [...A1].reverse();
  runCases(
    store,
    [
      { name: 'ORDER BY the first clustering column in its declared direction keeps clustering order', query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY day ASC`, rows: A1 },
      { name: 'ORDER BY every clustering column in the declared directions keeps clustering order', query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY day ASC, seq DESC`, rows: A1 },
      { name: 'ORDER BY day DESC reverses the whole clustering order (seq becomes ascending)', query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY day DESC`, rows: reversedA1 },
      { name: 'ORDER BY day DESC, seq ASC reverses the clustering order', query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY day DESC, seq ASC`, rows: reversedA1 },
      { name: 'ORDER BY reversed with a clustering range returns the range reversed', query: `SELECT * FROM ks.events WHERE ${P1} AND day = 1 AND seq >= 2 ORDER BY day DESC`, rows: [A1_12, A1_13] },
      { name: 'ORDER BY reversed with LIMIT takes the first rows of the reversed order', query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY day DESC LIMIT 2`, rows: [A1_21, A1_22] },
      {
        name: 'ORDER BY with IN on the partition key sorts the rows of all partitions together',
        query: "SELECT day, seq FROM ks.events WHERE tenant = 'a' AND region IN (1, 2) ORDER BY day DESC",
        rows: [{ day: 3, seq: 5 }, { day: 2, seq: 1 }, { day: 2, seq: 2 }, { day: 1, seq: 1 }, { day: 1, seq: 1 }, { day: 1, seq: 2 }, { day: 1, seq: 3 }],
      },
      {
        name: 'ORDER BY on a regular column is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY v`,
        error: { name: 'ValidationException', code: INVALID, message: /Order by is currently only supported on the clustered columns of the PRIMARY KEY, got v/ },
      },
      {
        name: 'ORDER BY without a restricted partition key is refused',
        query: 'SELECT * FROM ks.events ORDER BY day DESC',
        error: { name: 'ValidationException', code: INVALID, message: /ORDER BY is only supported when the partition key is restricted by an EQ or an IN/ },
      },
      {
        name: 'ORDER BY with directions that neither keep nor reverse the clustering order is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY day ASC, seq ASC`,
        error: { name: 'ValidationException', code: INVALID, message: /Unsupported order by relation/ },
      },
      {
        name: 'ORDER BY a later clustering column without the earlier ones is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} ORDER BY seq ASC`,
        error: { name: 'ValidationException', code: INVALID, message: /Order by currently only supports the ordering of columns following their declared order in the PRIMARY KEY/ },
      },
      { name: 'LIMIT n returns the first n rows in clustering order', query: `SELECT * FROM ks.events WHERE ${P1} LIMIT 2`, rows: [A1_13, A1_12] },
      { name: 'LIMIT larger than the result returns every row', query: `SELECT * FROM ks.events WHERE ${P1} LIMIT 100`, rows: A1 },
      { name: 'LIMIT ? binds the limit', query: `SELECT * FROM ks.events WHERE ${P1} LIMIT ?`, params: [1], rows: [A1_13] },
      { name: 'LIMIT over several partitions counts rows across partitions', query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region IN (1, 2) LIMIT 6", rows: [...A1, A2_11] },
      {
        name: 'PER PARTITION LIMIT caps the rows of each partition',
        query: 'SELECT * FROM ks.events PER PARTITION LIMIT 1',
        rows: [A1_13, A2_11, B1_STATIC, C1_11],
        anyPartitionOrder: true,
      },
      {
        name: 'PER PARTITION LIMIT then LIMIT caps the total',
        query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region IN (1, 2) PER PARTITION LIMIT 2 LIMIT 3",
        rows: [A1_13, A1_12, A2_11],
      },
      {
        name: 'PER PARTITION LIMIT with a clustering restriction counts the selected rows',
        query: "SELECT * FROM ks.events WHERE tenant = 'a' AND region IN (1, 2) AND day = 1 PER PARTITION LIMIT 2",
        rows: [A1_13, A1_12, A2_11],
      },
      {
        name: 'LIMIT 0 is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} LIMIT 0`,
        error: { name: 'ValidationException', code: INVALID, message: /LIMIT must be strictly positive/ },
      },
      {
        name: 'a negative LIMIT is refused',
        query: `SELECT * FROM ks.events WHERE ${P1} LIMIT ?`,
        params: [-1],
        error: { name: 'ValidationException', code: INVALID, message: /LIMIT must be strictly positive/ },
      },
      {
        name: 'PER PARTITION LIMIT 0 is refused',
        query: 'SELECT * FROM ks.events PER PARTITION LIMIT 0',
        error: { name: 'ValidationException', code: INVALID, message: /PER PARTITION LIMIT must be strictly positive/ },
      },
    ],
    EVENTS_PK,
  );
});

// ---------------------------------------------------------------- statics and nulls

describe('SELECT static columns and nulls', () => {
  const store = sharedFixture();
  runCases(
    store,
    [
      {
        name: 'a partition with only static data reads as one row with null clustering and regular columns',
        query: "SELECT * FROM ks.events WHERE tenant = 'b' AND region = 1",
        rows: [B1_STATIC],
      },
      {
        name: 'a static-only partition has no row when a clustering column is restricted',
        query: "SELECT * FROM ks.events WHERE tenant = 'b' AND region = 1 AND day = 1",
        rows: [],
      },
      {
        name: 'the static value repeats on every row of its partition',
        query: "SELECT owner, day, seq FROM ks.events WHERE tenant = 'a' AND region = 2",
        rows: [
          { owner: 'al', day: 1, seq: 1 },
          { owner: 'al', day: 3, seq: 5 },
        ],
      },
      {
        name: 'selecting only the static column still returns one row per clustering row',
        query: `SELECT owner FROM ks.events WHERE ${P1}`,
        rows: A1.map(() => ({ owner: 'ann' })),
      },
      {
        name: 'a partition without a static value reads the static column as null',
        query: "SELECT owner, v FROM ks.events WHERE tenant = 'c' AND region = 1",
        rows: [{ owner: null, v: 80 }],
      },
      {
        name: 'a column never written (unset) reads null',
        query: `SELECT note, attrs FROM ks.events WHERE ${P1} AND day = 1 AND seq = 2`,
        rows: [{ note: null, attrs: null }],
      },
      {
        name: 'a column written as null (a tombstone) reads null',
        query: `SELECT note FROM ks.events WHERE ${P1} AND day = 2 AND seq = 1`,
        rows: [{ note: null }],
      },
      {
        name: 'a column deleted with DELETE col reads null while the row stays',
        query: `SELECT v, note FROM ks.events WHERE ${P1} AND day = 2 AND seq = 2`,
        rows: [{ v: 50, note: null }],
      },
      {
        name: 'a list column never written reads null',
        query: 'SELECT emails FROM ks.users WHERE id = 2',
        rows: [{ emails: null }],
      },
    ],
    EVENTS_PK,
  );

  it('a static-only partition is counted once by COUNT(*) over the table', async () => {
    const r: ResultSet = await store().execute('SELECT COUNT(*) FROM ks.events');
    expect(r.rows).toEqual([{ count: BigInt(ALL_EVENTS.length) }]);
  });
});
