/**
 * Store writes are upserts (Cassandra's INSERT/UPDATE semantics): an INSERT writes a row marker
 * and the columns given; an UPDATE writes only columns; null writes a cell tombstone; a column
 * not given is left as it is. Every rule is checked in every state (memtable, log replay,
 * segment, compacted, reopened).
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, expectInEveryState, KS, openStore, usAt } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', a: 'int', b: 'text' }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] };
const KEY = { pk: 1, ck: 1 };

describe('Store upserts', () => {
  it('INSERT twice on one primary key: the last write wins', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'first' });
    await f.store.insert(KS, 't', { ...KEY, a: 2, b: 'second' });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 2, b: 'second' });
      expect((await f.store.scan(KS, 't')).rows).toHaveLength(1);
    });
  });

  it('INSERT twice with the first write flushed: the last write (in the memtable) wins', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'first' });
    await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { ...KEY, a: 2 });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 2, b: 'first' });
    });
  });

  it('UPDATE of a missing row creates it', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.update(KS, 't', KEY, { a: 7 });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: 7, b: null });
    });
  });

  it('a row made by UPDATE has no row marker: deleting its only column makes the row disappear', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.update(KS, 't', KEY, { a: 7 });
    await f.store.delete(KS, 't', KEY, { columns: ['a'] });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toBeUndefined();
      expect((await f.store.scan(KS, 't')).rows).toEqual([]);
      expect((await f.store.query(KS, 't', { pk: 1 })).rows).toEqual([]);
    });
  });

  it('a row made by INSERT survives the deletion of all its columns, with null columns', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 7, b: 'x' });
    await f.store.delete(KS, 't', KEY, { columns: ['a', 'b'] });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: null });
      expect((await f.store.scan(KS, 't')).rows).toEqual([{ ...KEY, a: null, b: null }]);
    });
  });

  it('an INSERT of the primary key alone makes a row with null columns', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', KEY);
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: null });
    });
  });

  it('an INSERT over a row made by UPDATE gives it a marker: it then survives the deletion of its columns', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.update(KS, 't', KEY, { a: 1 });
    await f.store.insert(KS, 't', { ...KEY, b: 'x' });
    await f.store.delete(KS, 't', KEY, { columns: ['a', 'b'] });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: null });
    });
  });
});

describe('Store null handling', () => {
  it('inserting null for a column removes its value', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'x' });
    await f.store.insert(KS, 't', { ...KEY, a: null });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: 'x' });
    });
  });

  it('inserting null writes a tombstone: an older value written later stays hidden', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'x' }, { timestamp: usAt(1) });
    await f.store.insert(KS, 't', { ...KEY, a: null }, { timestamp: usAt(3) });
    await f.store.flush(KS, 't');
    await f.store.update(KS, 't', KEY, { a: 2 }, { timestamp: usAt(2) });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual({ ...KEY, a: null, b: 'x' });
    });
  });

  it('updating a column to null removes its value; a row made by UPDATE then disappears', async () => {
    const f = await openStore();
    await f.table(T);
    await f.store.update(KS, 't', KEY, { a: 1 });
    await f.store.update(KS, 't', KEY, { a: null });
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toBeUndefined();
    });
  });

  it.each([
    { write: 'insert', given: { ...KEY, a: 2 }, expected: { ...KEY, a: 2, b: 'kept' } },
    { write: 'insert', given: { ...KEY, b: 'new' }, expected: { ...KEY, a: 1, b: 'new' } },
    { write: 'insert', given: { ...KEY, a: 2, b: undefined }, expected: { ...KEY, a: 2, b: 'kept' } },
    { write: 'update', given: { a: 2 }, expected: { ...KEY, a: 2, b: 'kept' } },
    { write: 'update', given: { b: undefined, a: 3 }, expected: { ...KEY, a: 3, b: 'kept' } },
  ] as const)('missing columns are left as they are ($write of $given)', async ({ write, given, expected }) => {
    const f = await openStore();
    await f.table(T);
    await f.store.insert(KS, 't', { ...KEY, a: 1, b: 'kept' });
    if (write === 'insert') await f.store.insert(KS, 't', given);
    else await f.store.update(KS, 't', KEY, given);
    await expectInEveryState(f, 't', async () => {
      expect(await f.store.get(KS, 't', KEY)).toEqual(expected);
    });
  });
});
