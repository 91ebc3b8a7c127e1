/**
 * TTL runs on the store's clock: a value written with `ttl` seconds is live while the clock is
 * before write time + ttl and gone from then on, wherever the data lives (memtable, segment,
 * compacted segment, reopened store). The table option `defaultTimeToLive` applies to writes
 * that give no TTL; `ttl: 0` means none.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, expectError, expectInEveryState, KS, openStore, place, PLACEMENTS, SECOND } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', a: 'int', b: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] };
const KEY = { pk: 1, ck: 1 };

describe.each(PLACEMENTS.map((placement) => ({ placement })))('Store TTL (data $placement before the clock moves)', ({ placement }) => {
  it('a row inserted with ttl 60 is visible at +59 s and gone at +60 s', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'x' }, { ttl: 60 });
    await place(f, 't', placement);
    await f.clock.advance(59 * SECOND);
    expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 1, b: 'x' });
    await f.clock.advance(999);
    expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 1, b: 'x' });
    await f.clock.advance(1);
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toBeUndefined();
      expect((await f.store.scan(KS, 't')).rows).toEqual([]);
      expect((await f.store.query(KS, 't', { pk: 1 })).rows).toEqual([]);
    });
  });

  it('a column updated with a TTL expires alone; the row made by INSERT stays', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'x' });
    await f.store.update(KS, 't', KEY, { b: 'short' }, { ttl: 60 });
    await place(f, 't', placement);
    await f.clock.advance(59 * SECOND);
    expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 1, b: 'short' });
    await f.clock.advance(SECOND);
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 1, b: null });
    });
  });

  it('a row whose marker expired stays while a column written without TTL lives', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'x' }, { ttl: 60 });
    await f.store.update(KS, 't', KEY, { a: 2 });
    await place(f, 't', placement);
    await f.clock.advance(60 * SECOND);
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 2, b: null });
    });
  });

  it('the table option defaultTimeToLive expires rows written without a TTL', async () => {
    const f = await openStore();
    await f.table({ ...T, options: { defaultTimeToLive: 60 } });
    await f.store.insert(KS, 't', { ...KEY, a: 1 });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, a: 2 }, { ttl: 120 });
    await f.store.insert(KS, 't', { pk: 1, ck: 3, a: 3 }, { ttl: 0 });
    await place(f, 't', placement);
    await f.clock.advance(59 * SECOND);
    expect((await f.store.query(KS, 't', { pk: 1 })).rows.map((r) => r['ck'])).toEqual([1, 2, 3]);
    await f.clock.advance(SECOND);
    expect((await f.store.query(KS, 't', { pk: 1 })).rows.map((r) => r['ck'])).toEqual([2, 3]);
    await f.clock.advance(60 * SECOND);
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.query(KS, 't', { pk: 1 })).rows.map((r) => r['ck'])).toEqual([3]);
    });
  });
});

describe('Store TTL rules', () => {
  it('a rewrite without TTL makes the row permanent again', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1 }, { ttl: 60 });
    await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, a: 2 });
    await f.clock.advance(61 * SECOND);
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 2, b: null });
    });
  });

  it('an expired value does not come back after a major compaction within the grace period', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1 });
    await f.store.flush(KS, 't');
    await f.store.update(KS, 't', KEY, { a: 2 }, { ttl: 10 });
    await f.store.flush(KS, 't');
    await f.clock.advance(11 * SECOND);
    await f.store.compact(KS, 't');
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: null });
    });
  });

  it.each([-1, 1.5, 630_720_001])('a TTL that is not a whole number of seconds from 0 to 630720000 (%s) is refused', async (ttl) => {
    const f = await openStore();
    await f.table(T);
    await expectError(f.store.insert(KS, 't', { ...KEY, a: 1 }, { ttl }), 'ValidationException', /^Invalid TTL /);
    expect(await f.store.get(KS, 't', KEY)).toBeUndefined();
  });
});
