/**
 * CQL writes through `store.execute` (src/cql/executor.ts; reference/cql.md §3.3 Cassandra write
 * semantics, §1.6 Keyspaces differences): INSERT / UPDATE / DELETE / BATCH, last-write-wins,
 * TTL on the manual clock, row markers, collections, counters, lightweight transactions, bind
 * markers and prepared statements, and the errors (syntax 0x2000, invalid 0x2200) — a statement
 * that fails changes nothing.
 *
 * The semantics tables run in three storage states: everything in the memtable; every table
 * flushed after every statement (so each write sits in its own segment and reads merge them);
 * and the store reopened before the query.
 */
import { describe, expect, it } from 'vitest';
import type { CqlSyntaxError, Params, Row } from '../../src/index.js';
import { cleanUpAfterEach, DAY, KS, SECOND } from '../table/_store-helpers.js';
import { expectCqlError, INVALID, openCql, rowsOf, SYNTAX } from './_cql-helpers.js';
import type { Cql, CqlErrorExpectation } from './_cql-helpers.js';

cleanUpAfterEach();

const T = 'CREATE TABLE t (k int, c int, v text, w int, PRIMARY KEY (k, c))';
const U = 'CREATE TABLE u (k int PRIMARY KEY, x text)';
const COLL = 'CREATE TABLE coll (k int PRIMARY KEY, l list<int>, s set<text>, m map<text, int>, fl frozen<list<int>>)';
const CNT = 'CREATE TABLE cnt (k int PRIMARY KEY, n counter, o counter)';
const ST = 'CREATE TABLE st (k int, c int, s text STATIC, v int, PRIMARY KEY (k, c))';
const TTL10 = 'CREATE TABLE tt (k int PRIMARY KEY, v text) WITH default_time_to_live = 10';
const ALL_T = 'SELECT * FROM t';
const APPLIED = '[applied]';

/** A step of a case: a statement, a statement with parameters, or moving the clock. */
type Step = string | { run: string; params: Params } | { advance: number };

interface WriteCase {
  /** The rule, in words. */
  name: string;
  statements: readonly Step[];
  /** The statement under test (a write or a query). */
  query: string;
  params?: Params;
  rows?: Row[];
  error?: CqlErrorExpectation;
  /** A query whose rows must equal `after` once `query` ran (or failed). */
  check?: string;
  after?: Row[];
}

const STATES = ['memtable', 'flushed after every statement', 'reopened before the query'] as const;
type State = (typeof STATES)[number];

async function flushAll(c: Cql): Promise<void> {
  for (const t of c.f.store.tables(KS)) await c.f.store.flush(KS, t.schema.name);
}

async function runWriteCase(t: WriteCase, state: State): Promise<void> {
  const c = await openCql();
  for (const step of t.statements) {
    if (typeof step === 'string') await c.run(step);
    else if ('run' in step) await c.run(step.run, step.params);
    else await c.f.clock.advance(step.advance);
    const ddl = typeof step === 'string' && /^CREATE /.test(step);
    if (state === 'flushed after every statement' && !ddl) await flushAll(c);
  }
  if (state === 'reopened before the query') await c.f.reopen();
  if (t.error) await expectCqlError(c.run(t.query, t.params), t.error.name, t.error.code, t.error.message);
  else {
    const result = await c.run(t.query, t.params);
    if (t.rows) expect(rowsOf(result)).toEqual(t.rows);
  }
  if (state === 'flushed after every statement') await flushAll(c);
  if (t.check !== undefined) expect(await c.rows(t.check)).toEqual(t.after ?? []);
  expect(c.f.errors, 'no background flush or compaction failed').toEqual([]);
}

/** Registers the cases, each in every storage state. */
function table(cases: WriteCase[]): void {
  describe.each(STATES)('(%s)', (state) => {
    it.each(cases)('$name', async (t) => runWriteCase(t, state));
  });
}

/** Registers the cases once (behaviour that does not depend on where data is stored). */
function once(cases: WriteCase[]): void {
  it.each(cases)('$name', async (t) => runWriteCase(t, 'memtable'));
}

const row = (k: number, c: number, v: string | null, w: number | null): Row => ({ k, c, v, w });

describe('INSERT: upsert and last-write-wins', () => {
  table([
    {
      name: 'INSERT of an existing primary key overwrites the columns it names and keeps the others (upsert)',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", "INSERT INTO t (k, c, v) VALUES (1, 1, 'b')"],
      query: ALL_T,
      rows: [row(1, 1, 'b', 1)],
    },
    {
      name: 'a later INSERT wins over an earlier one even with a smaller value (default write timestamps increase)',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'b')", "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: ALL_T,
      rows: [row(1, 1, 'a', null)],
    },
    {
      name: 'a write with an older USING TIMESTAMP loses to the stored newer value',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'new') USING TIMESTAMP 2000", "INSERT INTO t (k, c, v) VALUES (1, 1, 'old') USING TIMESTAMP 1000"],
      query: 'SELECT v, WRITETIME(v) FROM t WHERE k = 1 AND c = 1',
      rows: [{ v: 'new', 'writetime(v)': 2000n }],
    },
    {
      name: 'a write with a newer USING TIMESTAMP replaces the stored older value',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'old') USING TIMESTAMP 1000", "INSERT INTO t (k, c, v) VALUES (1, 1, 'new') USING TIMESTAMP 2000"],
      query: 'SELECT v, WRITETIME(v) FROM t WHERE k = 1 AND c = 1',
      rows: [{ v: 'new', 'writetime(v)': 2000n }],
    },
    {
      name: 'last-write-wins is per column: an older write still sets the columns the newer one did not write',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'new') USING TIMESTAMP 2000", "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'old', 7) USING TIMESTAMP 1000"],
      query: ALL_T,
      rows: [row(1, 1, 'new', 7)],
    },
    {
      name: 'on a timestamp tie between two live values the greater value wins (greater written second)',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TIMESTAMP 1000", "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') USING TIMESTAMP 1000"],
      query: ALL_T,
      rows: [row(1, 1, 'b', null)],
    },
    {
      name: 'on a timestamp tie between two live values the greater value wins (greater written first)',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') USING TIMESTAMP 1000", "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TIMESTAMP 1000"],
      query: ALL_T,
      rows: [row(1, 1, 'b', null)],
    },
    {
      name: 'on a timestamp tie a cell deletion beats the live value',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1) USING TIMESTAMP 1000", 'DELETE v FROM t USING TIMESTAMP 1000 WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [row(1, 1, null, 1)],
    },
    {
      name: 'on a timestamp tie a row deletion beats the INSERT',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1) USING TIMESTAMP 1000", 'DELETE FROM t USING TIMESTAMP 1000 WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [],
    },
    {
      name: 'an INSERT with a timestamp newer than a row deletion brings the row back with only the columns it wrote',
      statements: [
        T,
        "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1) USING TIMESTAMP 1000",
        'DELETE FROM t USING TIMESTAMP 2000 WHERE k = 1 AND c = 1',
        "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') USING TIMESTAMP 3000",
      ],
      query: ALL_T,
      rows: [row(1, 1, 'b', null)],
    },
  ]);
});

describe('INSERT / UPDATE: TTL', () => {
  table([
    {
      name: 'a row INSERTed USING TTL 10 is still there 9 s later',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 10", { advance: 9 * SECOND }],
      query: ALL_T,
      rows: [row(1, 1, 'a', null)],
    },
    {
      name: 'a row INSERTed USING TTL 10 is gone 11 s later',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 10", { advance: 11 * SECOND }],
      query: ALL_T,
      rows: [],
    },
    {
      name: 'TTL(v) counts down the seconds left',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 10", { advance: 4 * SECOND }],
      query: 'SELECT TTL(v) FROM t WHERE k = 1 AND c = 1',
      rows: [{ 'ttl(v)': 6 }],
    },
    {
      name: 'UPDATE USING TTL expires only the columns it set; the INSERTed row and its other columns stay',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", 'UPDATE t USING TTL 5 SET w = 2 WHERE k = 1 AND c = 1', { advance: 6 * SECOND }],
      query: ALL_T,
      rows: [row(1, 1, 'a', null)],
    },
    {
      name: 'after an INSERT’s TTL elapses, a column updated later without TTL keeps the row alive',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 10", 'UPDATE t SET w = 5 WHERE k = 1 AND c = 1', { advance: 11 * SECOND }],
      query: ALL_T,
      rows: [row(1, 1, null, 5)],
    },
    {
      name: 'USING TTL 0 means no expiry (TTL(v) is null)',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 0", { advance: 10 * DAY }],
      query: 'SELECT v, TTL(v) FROM t',
      rows: [{ v: 'a', 'ttl(v)': null }],
    },
    {
      name: 'the table default_time_to_live applies when a write gives no TTL: TTL(v) is the default',
      statements: [TTL10, "INSERT INTO tt (k, v) VALUES (1, 'a')"],
      query: 'SELECT v, TTL(v) FROM tt',
      rows: [{ v: 'a', 'ttl(v)': 10 }],
    },
    {
      name: 'the table default_time_to_live expires a row written without TTL',
      statements: [TTL10, "INSERT INTO tt (k, v) VALUES (1, 'a')", { advance: 11 * SECOND }],
      query: 'SELECT * FROM tt',
      rows: [],
    },
    {
      name: 'the table default_time_to_live applies to UPDATE too',
      statements: [TTL10, "UPDATE tt SET v = 'a' WHERE k = 1", { advance: 11 * SECOND }],
      query: 'SELECT * FROM tt',
      rows: [],
    },
    {
      name: 'USING TTL overrides the table default_time_to_live',
      statements: [TTL10, "INSERT INTO tt (k, v) VALUES (1, 'a') USING TTL 100", { advance: 11 * SECOND }],
      query: 'SELECT k, v, TTL(v) FROM tt',
      rows: [{ k: 1, v: 'a', 'ttl(v)': 89 }],
    },
    {
      name: 'USING TTL 0 overrides the table default_time_to_live: no expiry',
      statements: [TTL10, "INSERT INTO tt (k, v) VALUES (1, 'a') USING TTL 0", { advance: 11 * SECOND }],
      query: 'SELECT k, v, TTL(v) FROM tt',
      rows: [{ k: 1, v: 'a', 'ttl(v)': null }],
    },
    {
      name: 'a write after expiry makes a fresh row',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1) USING TTL 10", { advance: 11 * SECOND }, "INSERT INTO t (k, c, v) VALUES (1, 1, 'b')"],
      query: ALL_T,
      rows: [row(1, 1, 'b', null)],
    },
  ]);
  once([
    {
      name: 'a negative TTL is invalid (0x2200) and writes nothing',
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL -1",
      error: { name: 'ValidationException', code: INVALID, message: /TTL/i },
      check: ALL_T,
      after: [],
    },
  ]);
});

describe('INSERT IF NOT EXISTS', () => {
  table([
    {
      name: 'INSERT IF NOT EXISTS of a new key is applied: [applied] true, and the row is written',
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') IF NOT EXISTS",
      rows: [{ [APPLIED]: true }],
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
    {
      name: 'INSERT IF NOT EXISTS of an existing key is not applied: [applied] false with the existing row, which stays',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)"],
      query: "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') IF NOT EXISTS",
      rows: [{ [APPLIED]: false, k: 1, c: 1, v: 'a', w: 1 }],
      check: ALL_T,
      after: [row(1, 1, 'a', 1)],
    },
    {
      name: 'INSERT IF NOT EXISTS of a key whose row was deleted is applied',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')", 'DELETE FROM t WHERE k = 1 AND c = 1'],
      query: "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') IF NOT EXISTS",
      rows: [{ [APPLIED]: true }],
      check: ALL_T,
      after: [row(1, 1, 'b', null)],
    },
    {
      name: 'INSERT IF NOT EXISTS of a key whose row expired is applied',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 5", { advance: 6 * SECOND }],
      query: "INSERT INTO t (k, c, v) VALUES (1, 1, 'b') IF NOT EXISTS",
      rows: [{ [APPLIED]: true }],
    },
  ]);
});

describe('null, unset and the row marker', () => {
  table([
    {
      name: 'INSERT of null writes a tombstone: the column reads null',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", 'INSERT INTO t (k, c, v) VALUES (1, 1, null)'],
      query: ALL_T,
      rows: [row(1, 1, null, 1)],
    },
    {
      name: 'a null parameter writes a tombstone',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", { run: 'UPDATE t SET v = ? WHERE k = 1 AND c = 1', params: [null] }],
      query: ALL_T,
      rows: [row(1, 1, null, 1)],
    },
    {
      name: 'an unset (undefined) parameter leaves the stored column as it was',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", { run: 'INSERT INTO t (k, c, v, w) VALUES (?, ?, ?, ?)', params: [1, 1, undefined, 2] }],
      query: ALL_T,
      rows: [row(1, 1, 'a', 2)],
    },
    {
      name: 'an unset (undefined) parameter in UPDATE SET leaves the stored column as it was',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", { run: 'UPDATE t SET v = ?, w = ? WHERE k = 1 AND c = 1', params: [undefined, 3] }],
      query: ALL_T,
      rows: [row(1, 1, 'a', 3)],
    },
    {
      name: 'INSERT of the primary key alone makes a row whose columns are null',
      statements: [T, 'INSERT INTO t (k, c) VALUES (1, 1)'],
      query: ALL_T,
      rows: [row(1, 1, null, null)],
    },
    {
      name: 'a row made by INSERT survives when all its regular columns are set to null (row marker)',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", 'UPDATE t SET v = null, w = null WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [row(1, 1, null, null)],
    },
    {
      name: 'a row made by INSERT survives a DELETE of all its regular columns (row marker)',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", 'DELETE v, w FROM t WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [row(1, 1, null, null)],
    },
    {
      name: 'a row made by UPDATE vanishes when its columns are set to null (no row marker)',
      statements: [T, "UPDATE t SET v = 'a', w = 1 WHERE k = 1 AND c = 1", 'UPDATE t SET v = null, w = null WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [],
    },
    {
      name: 'a row made by UPDATE vanishes when its columns are deleted (no row marker)',
      statements: [T, "UPDATE t SET v = 'a' WHERE k = 1 AND c = 1", 'DELETE v FROM t WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [],
    },
    {
      name: 'a row made by UPDATE stays while one of its columns is non-null',
      statements: [T, "UPDATE t SET v = 'a', w = 1 WHERE k = 1 AND c = 1", 'UPDATE t SET v = null WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [row(1, 1, null, 1)],
    },
  ]);
});

describe('UPDATE: scalars, collections, counters', () => {
  table([
    {
      name: 'UPDATE of a missing row creates it (upsert)',
      statements: [T, "UPDATE t SET v = 'a' WHERE k = 1 AND c = 2"],
      query: ALL_T,
      rows: [row(1, 2, 'a', null)],
    },
    {
      name: 'UPDATE SET of several scalar columns changes those and keeps the rest of the row',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", "INSERT INTO t (k, c, v, w) VALUES (1, 2, 'x', 9)", "UPDATE t SET v = 'b', w = 2 WHERE k = 1 AND c = 1"],
      query: ALL_T,
      rows: [row(1, 1, 'b', 2), row(1, 2, 'x', 9)],
    },
    {
      name: 'list append l = l + [3] adds at the end',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2])', 'UPDATE coll SET l = l + [3] WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [1, 2, 3] }],
    },
    {
      name: 'list append to a missing list makes the list',
      statements: [COLL, 'UPDATE coll SET l = l + [3] WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [3] }],
    },
    {
      name: 'list prepend l = [0] + l adds at the front',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2])', 'UPDATE coll SET l = [-1, 0] + l WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [-1, 0, 1, 2] }],
    },
    {
      name: 'list remove l = l - [1] removes every occurrence of the value',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2, 1, 3])', 'UPDATE coll SET l = l - [1] WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [2, 3] }],
    },
    {
      name: 'removing every element of a list leaves it null',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 1])', 'UPDATE coll SET l = l - [1] WHERE k = 1'],
      query: 'SELECT k, l FROM coll',
      rows: [{ k: 1, l: null }],
    },
    {
      name: 'l[1] = 9 replaces the element at index 1',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2, 3])', 'UPDATE coll SET l[1] = 9 WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [1, 9, 3] }],
    },
    {
      name: 'l[1] = null removes the element at index 1',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2, 3])', 'UPDATE coll SET l[1] = null WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [1, 3] }],
    },
    {
      name: 'l[5] = 9 on a list of 3 is out of bound (0x2200) and changes nothing',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2, 3])'],
      query: 'UPDATE coll SET l[5] = 9 WHERE k = 1',
      error: { name: 'ValidationException', code: INVALID, message: /out of bound/ },
      check: 'SELECT l FROM coll',
      after: [{ l: [1, 2, 3] }],
    },
    {
      name: 'l[0] = 9 on a missing list is invalid (0x2200)',
      statements: [COLL, 'INSERT INTO coll (k) VALUES (1)'],
      query: 'UPDATE coll SET l[0] = 9 WHERE k = 1',
      error: { name: 'ValidationException', code: INVALID },
      check: 'SELECT l FROM coll',
      after: [{ l: null }],
    },
    {
      name: 'list overwrite l = [7] replaces the whole list',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1, 2])', 'UPDATE coll SET l = [7] WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [7] }],
    },
    {
      name: 'set add s = s + {…} adds the new elements and keeps the set sorted without duplicates',
      statements: [COLL, "INSERT INTO coll (k, s) VALUES (1, {'b'})", "UPDATE coll SET s = s + {'c', 'a', 'b'} WHERE k = 1"],
      query: 'SELECT s FROM coll',
      rows: [{ s: ['a', 'b', 'c'] }],
    },
    {
      name: 'set remove s = s - {…} removes those elements',
      statements: [COLL, "INSERT INTO coll (k, s) VALUES (1, {'a', 'b', 'c'})", "UPDATE coll SET s = s - {'a', 'z'} WHERE k = 1"],
      query: 'SELECT s FROM coll',
      rows: [{ s: ['b', 'c'] }],
    },
    {
      name: 'removing every element of a set leaves it null',
      statements: [COLL, "INSERT INTO coll (k, s) VALUES (1, {'a'})", "UPDATE coll SET s = s - {'a'} WHERE k = 1"],
      query: 'SELECT s FROM coll',
      rows: [{ s: null }],
    },
    {
      name: 'map put m = m + {…} adds entries and overwrites existing keys',
      statements: [COLL, "INSERT INTO coll (k, m) VALUES (1, {'a': 1, 'b': 2})", "UPDATE coll SET m = m + {'b': 20, 'c': 3} WHERE k = 1"],
      query: 'SELECT m FROM coll',
      rows: [{ m: new Map([['a', 1], ['b', 20], ['c', 3]]) }],
    },
    {
      name: 'map remove m = m - {keys} removes those keys',
      statements: [COLL, "INSERT INTO coll (k, m) VALUES (1, {'a': 1, 'b': 2})", "UPDATE coll SET m = m - {'a'} WHERE k = 1"],
      query: 'SELECT m FROM coll',
      rows: [{ m: new Map([['b', 2]]) }],
    },
    {
      name: "m['c'] = 3 puts one entry",
      statements: [COLL, "INSERT INTO coll (k, m) VALUES (1, {'a': 1})", "UPDATE coll SET m['c'] = 3 WHERE k = 1"],
      query: 'SELECT m FROM coll',
      rows: [{ m: new Map([['a', 1], ['c', 3]]) }],
    },
    {
      name: "m['a'] = null removes that entry",
      statements: [COLL, "INSERT INTO coll (k, m) VALUES (1, {'a': 1, 'b': 2})", "UPDATE coll SET m['a'] = null WHERE k = 1"],
      query: 'SELECT m FROM coll',
      rows: [{ m: new Map([['b', 2]]) }],
    },
    {
      name: 'several collection operations in one UPDATE apply together',
      statements: [COLL, "INSERT INTO coll (k, l, s, m) VALUES (1, [1], {'a'}, {'a': 1})", "UPDATE coll SET l = l + [2], s = s + {'b'}, m['b'] = 2 WHERE k = 1"],
      query: 'SELECT l, s, m FROM coll',
      rows: [{ l: [1, 2], s: ['a', 'b'], m: new Map([['a', 1], ['b', 2]]) }],
    },
    {
      name: 'appending to a frozen list is invalid (0x2200) and changes nothing',
      statements: [COLL, 'INSERT INTO coll (k, fl) VALUES (1, [1])'],
      query: 'UPDATE coll SET fl = fl + [2] WHERE k = 1',
      error: { name: 'ValidationException', code: INVALID },
      check: 'SELECT fl FROM coll',
      after: [{ fl: [1] }],
    },
    {
      name: 'counter n = n + 1 twice counts 2',
      statements: [CNT, 'UPDATE cnt SET n = n + 1 WHERE k = 1', 'UPDATE cnt SET n = n + 1 WHERE k = 1'],
      query: 'SELECT n FROM cnt WHERE k = 1',
      rows: [{ n: 2n }],
    },
    {
      name: 'counter n = n - 2 on a new counter counts -2',
      statements: [CNT, 'UPDATE cnt SET n = n - 2 WHERE k = 1'],
      query: 'SELECT k, n, o FROM cnt',
      rows: [{ k: 1, n: -2n, o: null }],
    },
    {
      name: 'one UPDATE can increment one counter and decrement another',
      statements: [CNT, 'UPDATE cnt SET n = n + 5 WHERE k = 1', 'UPDATE cnt SET n = n + 1, o = o - 1 WHERE k = 1'],
      query: 'SELECT n, o FROM cnt',
      rows: [{ n: 6n, o: -1n }],
    },
    {
      name: 'setting a counter (n = 5) is invalid (0x2200) and changes nothing',
      statements: [CNT, 'UPDATE cnt SET n = n + 1 WHERE k = 1'],
      query: 'UPDATE cnt SET n = 5 WHERE k = 1',
      error: { name: 'ValidationException', code: INVALID, message: /counter/ },
      check: 'SELECT n FROM cnt',
      after: [{ n: 1n }],
    },
    {
      name: 'INSERT into a counter table is invalid (0x2200) and writes nothing',
      statements: [CNT],
      query: 'INSERT INTO cnt (k, n) VALUES (1, 1)',
      error: { name: 'ValidationException', code: INVALID, message: /counter/ },
      check: 'SELECT * FROM cnt',
      after: [],
    },
    {
      name: 'a counter UPDATE USING TTL is invalid (0x2200)',
      statements: [CNT],
      query: 'UPDATE cnt USING TTL 10 SET n = n + 1 WHERE k = 1',
      error: { name: 'ValidationException', code: INVALID },
      check: 'SELECT * FROM cnt',
      after: [],
    },
  ]);
  once([
    {
      name: 'UPDATE SET of a primary key column is invalid (0x2200)',
      statements: [T, 'INSERT INTO t (k, c) VALUES (1, 1)'],
      query: 'UPDATE t SET c = 2 WHERE k = 1 AND c = 1',
      error: { name: 'ValidationException', code: INVALID, message: /PRIMARY KEY/ },
      check: ALL_T,
      after: [row(1, 1, null, null)],
    },
    {
      name: 'UPDATE of a regular column with the partition key only is invalid: clustering keys are missing (0x2200)',
      statements: [T],
      query: "UPDATE t SET v = 'a' WHERE k = 1",
      error: { name: 'ValidationException', code: INVALID, message: /clustering/ },
      check: ALL_T,
      after: [],
    },
    {
      name: 'UPDATE … WHERE k IN (…) is refused (Keyspaces allows IN in SELECT only)',
      statements: [T],
      query: "UPDATE t SET v = 'a' WHERE k IN (1, 2) AND c = 1",
      error: { name: 'ValidationException', code: INVALID, message: /IN/ },
      check: ALL_T,
      after: [],
    },
  ]);
});

describe('UPDATE IF (lightweight transactions)', () => {
  table([
    {
      name: 'UPDATE IF EXISTS of a missing row is not applied and creates no row',
      statements: [T],
      query: "UPDATE t SET v = 'a' WHERE k = 1 AND c = 1 IF EXISTS",
      rows: [{ [APPLIED]: false }],
      check: ALL_T,
      after: [],
    },
    {
      name: 'UPDATE IF EXISTS of an existing row is applied',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: "UPDATE t SET v = 'b' WHERE k = 1 AND c = 1 IF EXISTS",
      rows: [{ [APPLIED]: true }],
      check: ALL_T,
      after: [row(1, 1, 'b', null)],
    },
    {
      name: "UPDATE IF v = 'a' when v is 'a' is applied",
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)"],
      query: "UPDATE t SET w = 2 WHERE k = 1 AND c = 1 IF v = 'a'",
      rows: [{ [APPLIED]: true }],
      check: ALL_T,
      after: [row(1, 1, 'a', 2)],
    },
    {
      name: "UPDATE IF v = 'z' when v is 'a' is not applied: [applied] false with the current v, and nothing changes",
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)"],
      query: "UPDATE t SET w = 2 WHERE k = 1 AND c = 1 IF v = 'z'",
      rows: [{ [APPLIED]: false, v: 'a' }],
      check: ALL_T,
      after: [row(1, 1, 'a', 1)],
    },
    {
      name: 'UPDATE IF w > 5 AND v = … is applied only when every condition holds',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)"],
      query: "UPDATE t SET v = 'b' WHERE k = 1 AND c = 1 IF w > 5 AND v = 'a'",
      rows: [{ [APPLIED]: false, w: 1, v: 'a' }],
      check: ALL_T,
      after: [row(1, 1, 'a', 1)],
    },
    {
      name: 'UPDATE IF a condition on a missing row is not applied and answers [applied] false only',
      statements: [T],
      query: "UPDATE t SET w = 2 WHERE k = 1 AND c = 1 IF v = 'a'",
      rows: [{ [APPLIED]: false }],
      check: ALL_T,
      after: [],
    },
    {
      name: 'UPDATE IF v = null on an existing row whose v is null is applied',
      statements: [T, 'INSERT INTO t (k, c, w) VALUES (1, 1, 1)'],
      query: "UPDATE t SET v = 'set' WHERE k = 1 AND c = 1 IF v = null",
      rows: [{ [APPLIED]: true }],
      check: ALL_T,
      after: [row(1, 1, 'set', 1)],
    },
  ]);
});

describe('static columns', () => {
  table([
    {
      name: 'UPDATE of a static column with the partition key only sets it for every row of the partition',
      statements: [ST, 'INSERT INTO st (k, c, v) VALUES (1, 1, 10)', 'INSERT INTO st (k, c, v) VALUES (1, 2, 20)', 'INSERT INTO st (k, c, v) VALUES (2, 1, 30)', "UPDATE st SET s = 'shared' WHERE k = 1"],
      query: 'SELECT k, c, s, v FROM st WHERE k = 1',
      rows: [
        { k: 1, c: 1, s: 'shared', v: 10 },
        { k: 1, c: 2, s: 'shared', v: 20 },
      ],
      check: 'SELECT s FROM st WHERE k = 2',
      after: [{ s: null }],
    },
    {
      name: 'a partition with only a static value reads as one row with null clustering and regular columns',
      statements: [ST, "UPDATE st SET s = 'alone' WHERE k = 1"],
      query: 'SELECT * FROM st WHERE k = 1',
      rows: [{ k: 1, c: null, s: 'alone', v: null }],
    },
    {
      name: 'a static value written with one row stays when that row is deleted',
      statements: [ST, "INSERT INTO st (k, c, s, v) VALUES (1, 1, 'x', 10)", 'INSERT INTO st (k, c, v) VALUES (1, 2, 20)', 'DELETE FROM st WHERE k = 1 AND c = 1'],
      query: 'SELECT c, s, v FROM st WHERE k = 1',
      rows: [{ c: 2, s: 'x', v: 20 }],
    },
  ]);
});

describe('DELETE', () => {
  const five = [T, ...[1, 2, 3, 4, 5].map((c) => `INSERT INTO t (k, c, v) VALUES (1, ${c}, 'v${c}') USING TIMESTAMP 1000`), "INSERT INTO t (k, c, v) VALUES (2, 1, 'other')"];
  const cs = (...c: number[]): Row[] => c.map((x) => ({ c: x }));
  table([
    {
      name: 'DELETE of a row removes that row only',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')", "INSERT INTO t (k, c, v) VALUES (1, 2, 'b')", 'DELETE FROM t WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [row(1, 2, 'b', null)],
    },
    {
      name: 'DELETE of some columns nulls them and keeps the row',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)", 'DELETE w FROM t WHERE k = 1 AND c = 1'],
      query: ALL_T,
      rows: [row(1, 1, 'a', null)],
    },
    {
      name: "DELETE m['a'] removes that map entry only",
      statements: [COLL, "INSERT INTO coll (k, m) VALUES (1, {'a': 1, 'b': 2})", "DELETE m['a'] FROM coll WHERE k = 1"],
      query: 'SELECT m FROM coll',
      rows: [{ m: new Map([['b', 2]]) }],
    },
    {
      name: 'DELETE l[0] removes the first list element',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [7, 8, 9])', 'DELETE l[0] FROM coll WHERE k = 1'],
      query: 'SELECT l FROM coll',
      rows: [{ l: [8, 9] }],
    },
    {
      name: 'DELETE with the partition key only removes the whole partition and leaves the others',
      statements: [...five, 'DELETE FROM t WHERE k = 1'],
      query: ALL_T,
      rows: [row(2, 1, 'other', null)],
    },
    {
      name: 'DELETE of a whole partition removes its static value too',
      statements: [ST, "INSERT INTO st (k, c, s, v) VALUES (1, 1, 'x', 10)", 'DELETE FROM st WHERE k = 1'],
      query: 'SELECT * FROM st WHERE k = 1',
      rows: [],
    },
    {
      name: 'DELETE of a clustering range (c >= 2 AND c < 4) removes only the rows in the range',
      statements: [...five, 'DELETE FROM t WHERE k = 1 AND c >= 2 AND c < 4'],
      query: 'SELECT c FROM t WHERE k = 1',
      rows: cs(1, 4, 5),
      check: 'SELECT c FROM t WHERE k = 2',
      after: cs(1),
    },
    {
      name: 'DELETE of an open clustering range (c > 3) removes the rows after 3',
      statements: [...five, 'DELETE FROM t WHERE k = 1 AND c > 3'],
      query: 'SELECT c FROM t WHERE k = 1',
      rows: cs(1, 2, 3),
    },
    {
      name: 'DELETE of a clustering prefix removes the rows under that prefix',
      statements: [
        'CREATE TABLE p (k int, a int, b int, v int, PRIMARY KEY (k, a, b))',
        'INSERT INTO p (k, a, b, v) VALUES (1, 1, 1, 0)',
        'INSERT INTO p (k, a, b, v) VALUES (1, 1, 2, 0)',
        'INSERT INTO p (k, a, b, v) VALUES (1, 2, 1, 0)',
        'DELETE FROM p WHERE k = 1 AND a = 1',
      ],
      query: 'SELECT a, b FROM p WHERE k = 1',
      rows: [{ a: 2, b: 1 }],
    },
    {
      name: 'after a range deletion a later write inside the range shows again (default timestamps)',
      statements: [...five, 'DELETE FROM t WHERE k = 1 AND c >= 2 AND c < 4', "INSERT INTO t (k, c, v) VALUES (1, 3, 'again')"],
      query: 'SELECT c, v FROM t WHERE k = 1',
      rows: [
        { c: 1, v: 'v1' },
        { c: 3, v: 'again' },
        { c: 4, v: 'v4' },
        { c: 5, v: 'v5' },
      ],
    },
    {
      name: 'a range tombstone hides writes in its range with an older or equal timestamp and not those with a newer one',
      statements: [
        ...five,
        'DELETE FROM t USING TIMESTAMP 2000 WHERE k = 1 AND c >= 2 AND c < 4',
        "INSERT INTO t (k, c, v) VALUES (1, 3, 'newer') USING TIMESTAMP 3000",
        "INSERT INTO t (k, c, v) VALUES (1, 2, 'older') USING TIMESTAMP 1500",
        "INSERT INTO t (k, c, v) VALUES (1, 2, 'tie') USING TIMESTAMP 2000",
      ],
      query: 'SELECT c, v FROM t WHERE k = 1',
      rows: [
        { c: 1, v: 'v1' },
        { c: 3, v: 'newer' },
        { c: 4, v: 'v4' },
        { c: 5, v: 'v5' },
      ],
    },
    {
      name: 'DELETE USING TIMESTAMP older than the data has no effect',
      statements: [...five, 'DELETE FROM t USING TIMESTAMP 500 WHERE k = 1 AND c = 1', 'DELETE FROM t USING TIMESTAMP 500 WHERE k = 1', 'DELETE v FROM t USING TIMESTAMP 500 WHERE k = 1 AND c = 2'],
      query: 'SELECT c, v FROM t WHERE k = 1',
      rows: [1, 2, 3, 4, 5].map((c) => ({ c, v: `v${c}` })),
    },
    {
      name: 'a partition deletion hides older writes but not a newer one',
      statements: [...five, 'DELETE FROM t USING TIMESTAMP 2000 WHERE k = 1', "INSERT INTO t (k, c, v) VALUES (1, 9, 'new') USING TIMESTAMP 2001"],
      query: 'SELECT c, v FROM t WHERE k = 1',
      rows: [{ c: 9, v: 'new' }],
    },
    {
      name: 'DELETE IF EXISTS of an existing row is applied and deletes it',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: 'DELETE FROM t WHERE k = 1 AND c = 1 IF EXISTS',
      rows: [{ [APPLIED]: true }],
      check: ALL_T,
      after: [],
    },
    {
      name: 'DELETE IF EXISTS of a missing row is not applied',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 2, 'a')"],
      query: 'DELETE FROM t WHERE k = 1 AND c = 1 IF EXISTS',
      rows: [{ [APPLIED]: false }],
      check: ALL_T,
      after: [row(1, 2, 'a', null)],
    },
    {
      name: "DELETE IF v = 'z' when v is 'a' is not applied and keeps the row",
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: "DELETE FROM t WHERE k = 1 AND c = 1 IF v = 'z'",
      rows: [{ [APPLIED]: false, v: 'a' }],
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
  ]);
  once([
    {
      name: 'DELETE of a primary key column is invalid (0x2200)',
      statements: [T, 'INSERT INTO t (k, c) VALUES (1, 1)'],
      query: 'DELETE c FROM t WHERE k = 1 AND c = 1',
      error: { name: 'ValidationException', code: INVALID },
      check: ALL_T,
      after: [row(1, 1, null, null)],
    },
    {
      name: 'DELETE of columns over a clustering range is invalid (0x2200)',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: 'DELETE v FROM t WHERE k = 1 AND c > 0',
      error: { name: 'ValidationException', code: INVALID },
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
    {
      name: 'DELETE … WHERE k IN (…) is refused (Keyspaces allows IN in SELECT only)',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: 'DELETE FROM t WHERE k IN (1, 2)',
      error: { name: 'ValidationException', code: INVALID, message: /IN/ },
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
  ]);
});

describe('BATCH', () => {
  const insertsN = (n: number): string => Array.from({ length: n }, (_, i) => `INSERT INTO u (k, x) VALUES (${i}, 'x');`).join(' ');
  table([
    {
      name: 'a logged BATCH writes to two tables',
      statements: [T, U, "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); INSERT INTO u (k, x) VALUES (1, 'b'); APPLY BATCH"],
      query: 'SELECT * FROM u',
      rows: [{ k: 1, x: 'b' }],
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
    {
      name: 'an UNLOGGED BATCH writes its INSERT, UPDATE and DELETE',
      statements: [
        T,
        "INSERT INTO t (k, c, v) VALUES (1, 9, 'gone')",
        "BEGIN UNLOGGED BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); UPDATE t SET w = 2 WHERE k = 1 AND c = 1; DELETE FROM t WHERE k = 1 AND c = 9; APPLY BATCH",
      ],
      query: ALL_T,
      rows: [row(1, 1, 'a', 2)],
    },
    {
      name: 'BATCH USING TIMESTAMP gives every statement that write time',
      statements: [T, U, "BEGIN BATCH USING TIMESTAMP 4242 INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); INSERT INTO u (k, x) VALUES (1, 'b'); APPLY BATCH"],
      query: 'SELECT WRITETIME(x) FROM u',
      rows: [{ 'writetime(x)': 4242n }],
      check: 'SELECT WRITETIME(v) FROM t',
      after: [{ 'writetime(v)': 4242n }],
    },
    {
      name: 'BATCH USING TIMESTAMP older than the stored data changes nothing',
      statements: [U, "INSERT INTO u (k, x) VALUES (1, 'kept') USING TIMESTAMP 5000", "BEGIN BATCH USING TIMESTAMP 1000 INSERT INTO u (k, x) VALUES (1, 'lost'); APPLY BATCH"],
      query: 'SELECT x FROM u',
      rows: [{ x: 'kept' }],
    },
    {
      name: 'a COUNTER BATCH applies every increment',
      statements: [CNT, 'BEGIN COUNTER BATCH UPDATE cnt SET n = n + 1 WHERE k = 1; UPDATE cnt SET n = n + 2 WHERE k = 1; UPDATE cnt SET o = o - 1 WHERE k = 2; APPLY BATCH'],
      query: 'SELECT k, n, o FROM cnt WHERE k IN (1, 2)',
      rows: [
        { k: 1, n: 3n, o: null },
        { k: 2, n: null, o: -1n },
      ],
    },
    {
      name: 'a BATCH with collection operations applies them in order',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1])', 'BEGIN BATCH UPDATE coll SET l = l + [2] WHERE k = 1; UPDATE coll SET m = m + {\'a\': 1} WHERE k = 1; APPLY BATCH'],
      query: 'SELECT l, m FROM coll',
      rows: [{ l: [1, 2], m: new Map([['a', 1]]) }],
    },
  ]);
  once([
    {
      name: 'a BATCH with one statement naming an unknown column writes nothing (atomic)',
      statements: [T, U],
      query: "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); INSERT INTO u (k, nope) VALUES (1, 'b'); APPLY BATCH",
      error: { name: 'ValidationException', code: INVALID, message: 'Undefined column name nope' },
      check: ALL_T,
      after: [],
    },
    {
      name: 'a BATCH with one statement on an unknown table writes nothing (atomic)',
      statements: [T],
      query: "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); INSERT INTO nope (k) VALUES (1); APPLY BATCH",
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'unconfigured table nope' },
      check: ALL_T,
      after: [],
    },
    {
      name: 'a BATCH whose last statement fails while applying (list index out of bound) writes nothing (atomic)',
      statements: [T, COLL, 'INSERT INTO coll (k, l) VALUES (1, [1])'],
      query: "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); UPDATE coll SET l = l + [2] WHERE k = 1; UPDATE coll SET l[7] = 0 WHERE k = 1; APPLY BATCH",
      error: { name: 'ValidationException', code: INVALID, message: /out of bound/ },
      check: 'SELECT l FROM coll',
      after: [{ l: [1] }],
    },
    {
      name: 'a BATCH of 30 statements is accepted',
      statements: [U, `BEGIN UNLOGGED BATCH ${insertsN(30)} APPLY BATCH`],
      query: 'SELECT COUNT(*) FROM u',
      rows: [{ count: 30n }],
    },
    {
      name: 'a BATCH of 31 statements is refused (Keyspaces allows 30) and writes nothing',
      statements: [U],
      query: `BEGIN UNLOGGED BATCH ${insertsN(31)} APPLY BATCH`,
      error: { name: 'ValidationException', code: INVALID, message: /30/ },
      check: 'SELECT * FROM u',
      after: [],
    },
    {
      name: 'a conditional statement (IF) in a BATCH is refused and the batch writes nothing',
      statements: [U],
      query: "BEGIN BATCH INSERT INTO u (k, x) VALUES (1, 'a'); INSERT INTO u (k, x) VALUES (2, 'b') IF NOT EXISTS; APPLY BATCH",
      error: { name: 'ValidationException', code: INVALID, message: /IF|[Cc]onditional/ },
      check: 'SELECT * FROM u',
      after: [],
    },
    {
      name: 'a counter update in a logged BATCH is refused and the batch writes nothing',
      statements: [CNT, U],
      query: "BEGIN BATCH INSERT INTO u (k, x) VALUES (1, 'a'); UPDATE cnt SET n = n + 1 WHERE k = 1; APPLY BATCH",
      error: { name: 'ValidationException', code: INVALID, message: /[Cc]ounter/ },
      check: 'SELECT * FROM u',
      after: [],
    },
    {
      name: 'a non-counter statement in a COUNTER BATCH is refused and the batch writes nothing',
      statements: [CNT, U],
      query: "BEGIN COUNTER BATCH UPDATE cnt SET n = n + 1 WHERE k = 1; INSERT INTO u (k, x) VALUES (1, 'a'); APPLY BATCH",
      error: { name: 'ValidationException', code: INVALID, message: /[Cc]ounter/ },
      check: 'SELECT * FROM cnt',
      after: [],
    },
    {
      name: 'two appends to one list in a BATCH both apply',
      statements: [COLL, 'INSERT INTO coll (k, l) VALUES (1, [1])'],
      query: 'BEGIN BATCH UPDATE coll SET l = l + [2] WHERE k = 1; UPDATE coll SET l = l + [3] WHERE k = 1; APPLY BATCH',
      check: 'SELECT l FROM coll',
      after: [{ l: [1, 2, 3] }],
    },
    {
      name: 'two writes of one cell in a BATCH share the batch timestamp: the greater value wins',
      statements: [U, "BEGIN BATCH INSERT INTO u (k, x) VALUES (1, 'b'); INSERT INTO u (k, x) VALUES (1, 'a'); APPLY BATCH"],
      query: 'SELECT x FROM u',
      rows: [{ x: 'b' }],
    },
  ]);
});

describe('BATCH write time', () => {
  it('the statements of a BATCH without USING TIMESTAMP share one write time', async () => {
    const c = await openCql();
    await c.all([T, U, "BEGIN BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); INSERT INTO u (k, x) VALUES (1, 'b'); INSERT INTO t (k, c, v) VALUES (1, 2, 'c'); APPLY BATCH"]);
    const times = [...(await c.rows('SELECT WRITETIME(v) FROM t')).map((r) => r['writetime(v)']), ...(await c.rows('SELECT WRITETIME(x) FROM u')).map((r) => r['writetime(x)'])];
    expect(times).toHaveLength(3);
    expect(new Set(times).size, `write times ${times.join(', ')}`).toBe(1);
  });
});

describe('bind markers and prepared statements', () => {
  once([
    {
      name: 'positional ? bind the key, the values, USING TTL ? and USING TIMESTAMP ?',
      statements: [T, { run: 'INSERT INTO t (k, c, v, w) VALUES (?, ?, ?, ?) USING TTL ? AND TIMESTAMP ?', params: [1, 2, 'a', 3, 60, 777] }],
      query: 'SELECT k, c, v, w, TTL(v), WRITETIME(w) FROM t',
      rows: [{ k: 1, c: 2, v: 'a', w: 3, 'ttl(v)': 60, 'writetime(w)': 777n }],
    },
    {
      name: 'positional ? bind WHERE values and LIMIT ?',
      statements: [T, ...[1, 2, 3].map((c) => `INSERT INTO t (k, c) VALUES (1, ${c})`)],
      query: 'SELECT c FROM t WHERE k = ? LIMIT ?',
      params: [1, 2],
      rows: [{ c: 1 }, { c: 2 }],
    },
    {
      name: 'positional ? bind collection operations in UPDATE: l = l + ?, m[?] = ?',
      statements: [COLL, { run: 'UPDATE coll SET l = l + ?, m[?] = ? WHERE k = ?', params: [[4, 5], 'x', 9, 1] }],
      query: 'SELECT l, m FROM coll WHERE k = ?',
      params: [1],
      rows: [{ l: [4, 5], m: new Map([['x', 9]]) }],
    },
    {
      name: 'positional ? bind DELETE keys and USING TIMESTAMP ?',
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TIMESTAMP 10", { run: 'DELETE FROM t USING TIMESTAMP ? WHERE k = ? AND c = ?', params: [20, 1, 1] }],
      query: ALL_T,
      rows: [],
    },
    {
      name: 'named :markers bind from an object of parameters',
      statements: [T, { run: 'INSERT INTO t (k, c, v) VALUES (:key, :col, :val) USING TTL :ttl', params: { key: 1, col: 2, val: 'named', ttl: 30 } }],
      query: 'SELECT c, v, TTL(v) FROM t WHERE k = :key',
      params: { key: 1 },
      rows: [{ c: 2, v: 'named', 'ttl(v)': 30 }],
    },
    {
      name: 'positional ? markers bind from an object keyed by column name',
      statements: [T, { run: 'INSERT INTO t (k, c, v) VALUES (?, ?, ?)', params: { k: 1, c: 2, v: 'by column' } }],
      query: ALL_T,
      rows: [row(1, 2, 'by column', null)],
    },
    {
      name: 'too few parameters is invalid (0x2200) and writes nothing',
      statements: [T],
      query: 'INSERT INTO t (k, c, v) VALUES (?, ?, ?)',
      params: [1, 2],
      error: { name: 'ValidationException', code: INVALID, message: /bind variables/ },
      check: ALL_T,
      after: [],
    },
    {
      name: 'too many parameters is invalid (0x2200) and writes nothing',
      statements: [T],
      query: 'INSERT INTO t (k, c, v) VALUES (?, ?, ?)',
      params: [1, 2, 'a', 'extra'],
      error: { name: 'ValidationException', code: INVALID, message: /bind variables/ },
      check: ALL_T,
      after: [],
    },
    {
      name: 'parameters for a statement without markers are invalid (0x2200)',
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')",
      params: [1],
      error: { name: 'ValidationException', code: INVALID, message: /bind variables/ },
      check: ALL_T,
      after: [],
    },
    {
      name: 'a number bound to a text column is invalid (0x2200) and writes nothing',
      statements: [T],
      query: 'INSERT INTO t (k, c, v) VALUES (?, ?, ?)',
      params: [1, 1, 42],
      error: { name: 'ValidationException', code: INVALID },
      check: ALL_T,
      after: [],
    },
    {
      name: 'a string bound to an int key column is invalid (0x2200)',
      statements: [T],
      query: 'SELECT * FROM t WHERE k = ?',
      params: ['1'],
      error: { name: 'ValidationException', code: INVALID },
    },
    {
      name: 'a null bound to a partition key column is invalid (0x2200)',
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES (?, 1, 'a')",
      params: [null],
      error: { name: 'ValidationException', code: INVALID },
      check: ALL_T,
      after: [],
    },
    {
      name: 'an unset (undefined) value bound to a clustering column is invalid (0x2200)',
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES (1, ?, 'a')",
      params: [undefined],
      error: { name: 'ValidationException', code: INVALID },
      check: ALL_T,
      after: [],
    },
  ]);

  it('one PreparedStatement runs 100 times with different parameters (parsed once: the same statement object)', async () => {
    const c = await openCql();
    await c.run(T);
    const session = c.f.store.session(KS);
    const insert = await session.prepare('INSERT INTO t (k, c, v) VALUES (?, ?, ?)');
    const parsed = insert.statement;
    for (let i = 0; i < 100; i++) await session.execute(insert, [i % 3, i, `v${i}`]);
    expect(insert.statement).toBe(parsed);
    expect(insert.bindMarkers).toHaveLength(3);
    const select = await session.prepare('SELECT c, v FROM t WHERE k = ? AND c = ?');
    for (let i = 0; i < 100; i++) expect(rowsOf(await session.execute(select, [i % 3, i]))).toEqual([{ c: i, v: `v${i}` }]);
    expect(rowsOf(await session.execute('SELECT COUNT(*) FROM t'))).toEqual([{ count: 100n }]);
  });

  it('preparing the same text twice gives the same id and the same parsed statement', async () => {
    const c = await openCql();
    await c.run(T);
    const a = await c.f.store.prepare('SELECT * FROM ks.t WHERE k = ?');
    const b = await c.f.store.prepare('SELECT * FROM ks.t WHERE k = ?');
    expect(b.id).toBe(a.id);
    expect(b.statement).toBe(a.statement);
  });

  it('a statement prepared in a session keeps that session’s keyspace when executed on the default session', async () => {
    const c = await openCql();
    await c.run(T);
    await c.run("INSERT INTO t (k, c, v) VALUES (1, 1, 'a')");
    const prepared = await c.f.store.session(KS).prepare('SELECT v FROM t WHERE k = ?');
    expect(prepared.keyspace).toBe(KS);
    expect(rowsOf(await c.f.store.execute(prepared, [1]))).toEqual([{ v: 'a' }]);
  });

  it('a prepared statement with a wrong parameter count fails (0x2200) on that execution and works on the next', async () => {
    const c = await openCql();
    await c.run(T);
    const insert = await c.f.store.session(KS).prepare('INSERT INTO t (k, c, v) VALUES (?, ?, ?)');
    await expectCqlError(c.run(insert, [1]), 'ValidationException', INVALID, /bind variables/);
    await c.run(insert, [1, 1, 'ok']);
    expect(await c.rows(ALL_T)).toEqual([row(1, 1, 'ok', null)]);
  });
});

describe('errors', () => {
  const syntax: { query: string; line: number; column: number; expected: string }[] = [
    { query: 'SELEC', line: 1, column: 0, expected: 'SELECT' },
    { query: 'SELECT * FORM t', line: 1, column: 9, expected: 'FROM' },
    { query: 'INSERT INTO t (k, c, v)\nVALUS (1, 2, 3)', line: 2, column: 0, expected: 'VALUES' },
    { query: "UPDATE t\n  SETT v = 'a' WHERE k = 1 AND c = 1", line: 2, column: 2, expected: 'SET' },
  ];
  it.each(syntax)('a syntax error ($query) is a SyntaxException (0x2000) at line $line column $column, expecting $expected, and writes nothing', async ({ query, line, column, expected }) => {
    const c = await openCql();
    await c.run(T);
    const e = (await expectCqlError(c.run(query), 'SyntaxException', SYNTAX)) as CqlSyntaxError;
    expect({ line: e.line, column: e.column }).toEqual({ line, column });
    expect(e.expected).toContain(expected);
    expect(e.message).toMatch(new RegExp(`^line ${line}:${column} `));
    expect(await c.rows(ALL_T)).toEqual([]);
  });

  once([
    {
      name: "a text literal for an int column is invalid (0x2200): 'Invalid STRING constant…'",
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES ('one', 1, 'a')",
      error: { name: 'ValidationException', code: INVALID, message: 'Invalid STRING constant (one) for "k" of type int' },
      check: ALL_T,
      after: [],
    },
    {
      name: "an integer literal for a text column is invalid (0x2200): 'Invalid INTEGER constant…'",
      statements: [T],
      query: 'INSERT INTO t (k, c, v) VALUES (1, 1, 5)',
      error: { name: 'ValidationException', code: INVALID, message: /Invalid INTEGER constant \(5\) for "v" of type text/ },
      check: ALL_T,
      after: [],
    },
    {
      name: 'an int literal out of the int range is invalid (0x2200)',
      statements: [T],
      query: "INSERT INTO t (k, c, v) VALUES (2147483648, 1, 'a')",
      error: { name: 'ValidationException', code: INVALID },
      check: ALL_T,
      after: [],
    },
    {
      name: "INSERT into an unknown table fails with 'unconfigured table' (0x2200)",
      statements: [],
      query: 'INSERT INTO nope (k) VALUES (1)',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'unconfigured table nope' },
    },
    {
      name: "UPDATE of an unknown table fails with 'unconfigured table' (0x2200)",
      statements: [],
      query: 'UPDATE nope SET v = 1 WHERE k = 1',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'unconfigured table nope' },
    },
    {
      name: "DELETE from an unknown table fails with 'unconfigured table' (0x2200)",
      statements: [],
      query: 'DELETE FROM nope WHERE k = 1',
      error: { name: 'ResourceNotFoundException', code: INVALID, message: 'unconfigured table nope' },
    },
    {
      name: "INSERT of an unknown column fails with 'Undefined column name' (0x2200) and writes nothing",
      statements: [T],
      query: "INSERT INTO t (k, c, nope) VALUES (1, 1, 'a')",
      error: { name: 'ValidationException', code: INVALID, message: 'Undefined column name nope' },
      check: ALL_T,
      after: [],
    },
    {
      name: "UPDATE SET of an unknown column fails with 'Undefined column name' (0x2200) and changes nothing",
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: "UPDATE t SET v = 'b', nope = 1 WHERE k = 1 AND c = 1",
      error: { name: 'ValidationException', code: INVALID, message: 'Undefined column name nope' },
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
    {
      name: "UPDATE WHERE on an unknown column fails with 'Undefined column name' (0x2200)",
      statements: [T],
      query: "UPDATE t SET v = 'b' WHERE k = 1 AND nope = 1",
      error: { name: 'ValidationException', code: INVALID, message: 'Undefined column name nope' },
      check: ALL_T,
      after: [],
    },
    {
      name: "DELETE of an unknown column fails with 'Undefined column name' (0x2200) and changes nothing",
      statements: [T, "INSERT INTO t (k, c, v) VALUES (1, 1, 'a')"],
      query: 'DELETE v, nope FROM t WHERE k = 1 AND c = 1',
      error: { name: 'ValidationException', code: INVALID, message: 'Undefined column name nope' },
      check: ALL_T,
      after: [row(1, 1, 'a', null)],
    },
    {
      name: 'INSERT missing a part of a composite partition key is invalid (0x2200) and writes nothing',
      statements: ['CREATE TABLE cp (a int, b int, c int, v int, PRIMARY KEY ((a, b), c))'],
      query: 'INSERT INTO cp (a, c, v) VALUES (1, 1, 1)',
      error: { name: 'ValidationException', code: INVALID, message: /partition key parts are missing: b/ },
      check: 'SELECT * FROM cp',
      after: [],
    },
    {
      name: 'INSERT missing a clustering column is invalid (0x2200) and writes nothing',
      statements: [T],
      query: "INSERT INTO t (k, v) VALUES (1, 'a')",
      error: { name: 'ValidationException', code: INVALID, message: /clustering/ },
      check: ALL_T,
      after: [],
    },
    {
      name: 'UPDATE missing a part of the partition key is invalid (0x2200)',
      statements: ['CREATE TABLE cp (a int, b int, c int, v int, PRIMARY KEY ((a, b), c))'],
      query: 'UPDATE cp SET v = 1 WHERE a = 1 AND c = 1',
      error: { name: 'ValidationException', code: INVALID, message: /partition key parts are missing: b/ },
      check: 'SELECT * FROM cp',
      after: [],
    },
    {
      name: 'DELETE missing a part of the partition key is invalid (0x2200) and deletes nothing',
      statements: ['CREATE TABLE cp (a int, b int, c int, v int, PRIMARY KEY ((a, b), c))', 'INSERT INTO cp (a, b, c, v) VALUES (1, 2, 3, 4)'],
      query: 'DELETE FROM cp WHERE a = 1',
      error: { name: 'ValidationException', code: INVALID, message: /partition key parts are missing: b/ },
      check: 'SELECT * FROM cp',
      after: [{ a: 1, b: 2, c: 3, v: 4 }],
    },
    {
      name: 'an INSERT whose last value has the wrong type writes none of its columns',
      statements: [T, "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'a', 1)"],
      query: "INSERT INTO t (k, c, v, w) VALUES (1, 1, 'b', 'two')",
      error: { name: 'ValidationException', code: INVALID, message: /Invalid STRING constant/ },
      check: ALL_T,
      after: [row(1, 1, 'a', 1)],
    },
    {
      name: 'an UPDATE whose second assignment fails while applying (list index) writes none of its assignments',
      statements: [COLL, "INSERT INTO coll (k, l, s) VALUES (1, [1], {'a'})"],
      query: "UPDATE coll SET s = s + {'b'}, l[3] = 0 WHERE k = 1",
      error: { name: 'ValidationException', code: INVALID, message: /out of bound/ },
      check: 'SELECT l, s FROM coll',
      after: [{ l: [1], s: ['a'] }],
    },
  ]);
});
