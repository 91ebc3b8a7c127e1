/**
 * @module test/cql/execute-wrong-input
 * Wrong input to the CQL entry points (STYLE.md §10, §28): a programming mistake (a query that
 * is not a string, options of the wrong shape) throws TypeError; a mistake in what the user
 * asked (wrong number of parameters, a bad fetch size or paging state) throws
 * ValidationException (0x2200); nothing else escapes and nothing is written.
 */
import { describe, expect, it } from 'vitest';
import { cleanUpAfterEach, openStore } from '../table/_store-helpers.js';
import { failure } from './_cql-helpers.js';

cleanUpAfterEach();


async function fixture() {
  const f = await openStore();
  await f.store.execute('CREATE TABLE ks.t (k int PRIMARY KEY, v text)');
  return f;
}

describe('store.execute with wrong input', () => {
  it('a query that is neither a string nor a prepared statement is a TypeError', async () => {
    const f = await fixture();
    for (const q of [123, null, {}, ['SELECT * FROM ks.t']]) expect((await failure(f.store.execute(q as never))).name).toBe('TypeError');
  });

  it('prepare of a non-string is a TypeError', async () => {
    const f = await fixture();
    expect((await failure(f.store.prepare(42 as never))).name).toBe('TypeError');
  });

  it('more or fewer positional parameters than markers is an invalid request naming both counts', async () => {
    const f = await fixture();
    const few = await failure(f.store.execute('INSERT INTO ks.t (k, v) VALUES (?, ?)', [1]));
    expect(few).toMatchObject({ name: 'ValidationException', code: 0x2200 });
    expect(few.message).toContain('expected 2, got 1');
    const many = await failure(f.store.execute('SELECT * FROM ks.t', [1]));
    expect(many.message).toContain('expected 0, got 1');
    expect((await f.store.execute('SELECT * FROM ks.t')).rows).toEqual([]);
  });

  it('parameters that are neither an array nor an object are an invalid request', async () => {
    const f = await fixture();
    expect((await failure(f.store.execute('SELECT * FROM ks.t WHERE k = ?', 5 as never))).name).toBe('ValidationException');
  });

  it('a fetchSize that is not a positive integer is an invalid request', async () => {
    const f = await fixture();
    for (const fetchSize of [0, -1, 1.5, Number.NaN]) {
      expect((await failure(f.store.execute('SELECT * FROM ks.t', [], { fetchSize }))).name).toBe('ValidationException');
    }
  });

  it('a paging state that is not one this store made is an invalid request', async () => {
    const f = await fixture();
    for (const pageState of ['garbage', '', Buffer.from('{"q":1}').toString('base64url')]) {
      const e = await failure(f.store.execute('SELECT * FROM ks.t', [], { fetchSize: 1, pageState }));
      expect(e).toMatchObject({ name: 'ValidationException', code: 0x2200 });
      expect(e.message).toContain('Invalid paging state');
    }
  });

  it('options that are not an object are a TypeError', async () => {
    const f = await fixture();
    expect((await failure(f.store.execute('SELECT * FROM ks.t', [], 7 as never))).name).toBe('TypeError');
  });

  it('a closed store refuses execute, prepare and session with ResourceInUseException', async () => {
    const f = await fixture();
    await f.store.close();
    expect((await failure(f.store.execute('SELECT * FROM ks.t'))).name).toBe('ResourceInUseException');
    expect((await failure(f.store.prepare('SELECT * FROM ks.t'))).name).toBe('ResourceInUseException');
    expect(() => f.store.session()).toThrow(expect.objectContaining({ name: 'ResourceInUseException' }));
  });

  it('a bound value of the wrong JS type is an invalid request naming the column, and writes nothing', async () => {
    const f = await fixture();
    const e = await failure(f.store.execute('INSERT INTO ks.t (k, v) VALUES (?, ?)', ['one', 'x']));
    expect(e).toMatchObject({ name: 'ValidationException', code: 0x2200 });
    expect(e.message).toContain('k');
    expect((await f.store.execute('SELECT * FROM ks.t')).rows).toEqual([]);
  });
});
