/**
 * Last write wins by write timestamp (µs), not by arrival order: an older timestamp written later
 * loses; at equal timestamps a tombstone wins, then the greater value (Cassandra's
 * reconciliation, storage/partition.ts). The default timestamp comes from the clock and is
 * strictly increasing.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, expectInEveryState, KS, openStore, SECOND, usAt } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', a: 'int', b: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] };
const KEY = { pk: 1, ck: 1 };

/** Whether the first write is flushed before the second is made (reconciliation across sources). */
const SPLITS = [{ split: false }, { split: true }];

describe.each(SPLITS)('Store last-write-wins (first write flushed: $split)', ({ split }) => {
  it('an older timestamp written later loses', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 2, b: 'newer' }, { timestamp: usAt(2) });
    if (split) await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'older' }, { timestamp: usAt(1) });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 2, b: 'newer' });
    });
  });

  it('a newer timestamp written later wins', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'older' }, { timestamp: usAt(1) });
    if (split) await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, a: 2, b: 'newer' }, { timestamp: usAt(2) });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 2, b: 'newer' });
    });
  });

  it('timestamps are compared per cell: each column keeps its newest write', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'b@3' }, { timestamp: usAt(3) });
    if (split) await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, a: 2, b: 'b@2' }, { timestamp: usAt(2) });
    await f.store.update(KS, 't', KEY, { a: 4 }, { timestamp: usAt(4) });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 4, b: 'b@3' });
    });
  });

  it('equal timestamps: the tombstone wins over a value, whichever is written first', async () => {
    const f = await openStore();
    await f.table(T);
    const ts = usAt(5);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'x' }, { timestamp: ts });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, a: null, b: 'y' }, { timestamp: ts });
    if (split) await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, a: null }, { timestamp: ts });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, a: 9 }, { timestamp: ts });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: 'x' });
      expect(await f.store.get(KS, 't', { pk: 1, ck: 2 })).toEqual({ pk: 1, ck: 2, a: null, b: 'y' });
    });
  });

  it('equal timestamps: a row deletion wins over the row written at that timestamp', async () => {
    const f = await openStore();
    await f.table(T);
    const ts = usAt(5);
    await f.store.insert(KS, 't', { ...KEY, a: 1 }, { timestamp: ts });
    if (split) await f.store.flush(KS, 't');
    await f.store.delete(KS, 't', KEY, { timestamp: ts });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toBeUndefined();
    });
  });

  it('equal timestamps, two values: the greater value wins, whichever is written first', async () => {
    const f = await openStore();
    await f.table(T);
    const ts = usAt(5);
    await f.store.insert(KS, 't', { ...KEY, b: 'm' }, { timestamp: ts });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, b: 'z' }, { timestamp: ts });
    if (split) await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, b: 'z' }, { timestamp: ts });
    await f.store.insert(KS, 't', { pk: 1, ck: 2, b: 'm' }, { timestamp: ts });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.get(KS, 't', KEY))?.['b']).toBe('z');
      expect((await f.store.get(KS, 't', { pk: 1, ck: 2 }))?.['b']).toBe('z');
    });
  });
});

describe('Store default write timestamps', () => {
  it('writes without a timestamp at the same clock time apply in the order made', async () => {
    const f = await openStore();
    await f.table(T);
    for (let i = 0; i < 5; i++) await f.store.insert(KS, 't', { ...KEY, a: i });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.get(KS, 't', KEY))?.['a']).toBe(4);
    });
  });

  it('a write without a timestamp after a reopen wins over the writes made before it', async () => {
    const f = await openStore();
    await f.table(T);
    // Several writes in one millisecond of the clock: their default timestamps run ahead of it.
    await f.store.insert(KS, 't', { ...KEY, a: 1 });
    await f.store.insert(KS, 't', { ...KEY, a: 2 });
    await f.reopen();
    await f.store.insert(KS, 't', { ...KEY, a: 3 });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.get(KS, 't', KEY))?.['a']).toBe(3);
    });
  });

  it('a write with an explicit future timestamp wins over later default-timestamp writes, before and after a reopen alike', async () => {
    const f = await openStore();
    await f.table(T);
    // Written "in the future" (USING TIMESTAMP one hour ahead of the clock).
    await f.store.insert(KS, 't', { ...KEY, a: 1 }, { timestamp: usAt(3_600 * SECOND) });
    await f.store.update(KS, 't', KEY, { a: 2 });
    expect((await f.store.get(KS, 't', KEY))?.['a'], 'before the reopen').toBe(1);
    await f.reopen();
    await f.store.update(KS, 't', KEY, { a: 3 });
    expect((await f.store.get(KS, 't', KEY))?.['a'], 'after the reopen').toBe(1);
  });

  it('default timestamps after a reopen stay on the clock: an explicit timestamp a little after the clock still wins over them', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { pk: 9, ck: 9, a: 0 }, { timestamp: usAt(100 * 365 * 86_400 * SECOND) });
    await f.reopen();
    await f.store.insert(KS, 't', { ...KEY, a: 1 });
    // A write timestamped by another writer one second after this store's clock.
    await f.store.insert(KS, 't', { ...KEY, a: 2 }, { timestamp: usAt(SECOND) });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.get(KS, 't', KEY))?.['a']).toBe(2);
    });
  });

  it('the default timestamp is the clock in microseconds: a later clock wins over an explicit earlier timestamp', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1 }, { timestamp: usAt(10 * SECOND) });
    await f.store.insert(KS, 't', { ...KEY, a: 2 });
    expect((await f.store.get(KS, 't', KEY))?.['a']).toBe(1);
    await f.clock.advance(10 * SECOND + 1);
    await f.store.insert(KS, 't', { ...KEY, a: 3 });
    await expectInEveryState(f, 't', async () => {
      expect((await f.store.get(KS, 't', KEY))?.['a']).toBe(3);
    });
  });

  it.each([1.5, Number.NaN, 2 ** 60, Infinity])('an explicit timestamp that is not a safe integer (%s) is refused', async (timestamp) => {
    const f = await openStore();
    await f.table(T);
    const error = await f.store.insert(KS, 't', { ...KEY, a: 1 }, { timestamp }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('ValidationException');
    expect(await f.store.get(KS, 't', KEY)).toBeUndefined();
  });
});
