/**
 * Wrong writes and names are refused with a named error (STYLE.md §9, §12) and change nothing;
 * a batch is atomic: all its writes apply, across tables, or none does.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ROW_BYTES } from '../../src/table/index.js';
import { cleanUpAfterEach, expectError, expectInEveryState, type Fixture, KS, openStore, scanAll } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', ck: 'int', a: 'int', b: 'text', big: 'blob' }, partitionKey: ['pk'], clustering: [{ name: 'ck' }] };
const U = { name: 'u', columns: { id: 'text', n: 'bigint' }, partitionKey: ['id'] };
const KEY = { pk: 1, ck: 1 };
const ORIGINAL = { ...KEY, a: 1, b: 'original', big: null };

async function withRow(): Promise<Fixture> {
  const f = await openStore();
  await f.table(T);
  await f.table(U);
  await f.store.insert(KS, 't', { pk: 1, ck: 1, a: 1, b: 'original' });
  return f;
}

/** Asserts that the table holds only the original row, in every state. */
async function expectUnchanged(f: Fixture): Promise<void> {
  await expectInEveryState(f, ['t', 'u'], async () => {
    expect(await scanAll(f.store, 't')).toEqual([ORIGINAL]);
    expect(await scanAll(f.store, 'u')).toEqual([]);
  });
}

const INT_MESSAGE = (column: string, got: string): string =>
  `Invalid value for column ${column} of type int: expected an integer from -2147483648 to 2147483647, got ${got}`;

describe('Store write validation', () => {
  const cases: { rule: string; write: (f: Fixture) => Promise<unknown>; message: string | RegExp }[] = [
    { rule: 'an INSERT of an unknown column', write: (f) => f.store.insert(KS, 't', { ...KEY, a: 2, zz: 1 }), message: 'Unknown column zz in table ks.t' },
    { rule: 'an UPDATE of an unknown column', write: (f) => f.store.update(KS, 't', KEY, { a: 2, zz: 1 }), message: 'Unknown column zz in table ks.t' },
    { rule: 'a DELETE of an unknown column', write: (f) => f.store.delete(KS, 't', KEY, { columns: ['a', 'zz'] }), message: 'Unknown column zz in table ks.t' },
    { rule: 'an INSERT of a value of the wrong type', write: (f) => f.store.insert(KS, 't', { ...KEY, a: 'x', b: 'changed' }), message: INT_MESSAGE('a', '"x"') },
    { rule: 'an UPDATE with a value of the wrong type', write: (f) => f.store.update(KS, 't', KEY, { b: 'changed', a: 1.5 }), message: INT_MESSAGE('a', '1.5') },
    { rule: 'an INSERT of an int out of range', write: (f) => f.store.insert(KS, 't', { ...KEY, a: 2 ** 31 }), message: INT_MESSAGE('a', '2147483648') },
    { rule: 'a key of the wrong type', write: (f) => f.store.insert(KS, 't', { pk: '1', ck: 1, b: 'changed' }), message: INT_MESSAGE('pk', '"1"') },
    { rule: 'an INSERT without a clustering column', write: (f) => f.store.insert(KS, 't', { pk: 1, a: 2 }), message: 'Missing mandatory PRIMARY KEY part ck' },
    { rule: 'an INSERT without the partition key', write: (f) => f.store.insert(KS, 't', { ck: 1, a: 2 }), message: 'Missing mandatory PRIMARY KEY part pk' },
    { rule: 'an UPDATE without a clustering column', write: (f) => f.store.update(KS, 't', { pk: 1 }, { a: 2 }), message: 'Missing mandatory PRIMARY KEY part ck' },
    { rule: 'a DELETE without the partition key', write: (f) => f.store.delete(KS, 't', { ck: 1 }), message: 'Missing mandatory PRIMARY KEY part pk' },
    { rule: 'a DELETE of a column without the full primary key', write: (f) => f.store.delete(KS, 't', { pk: 1 }, { columns: ['a'] }), message: 'Missing mandatory PRIMARY KEY part ck' },
    { rule: 'a null partition key part', write: (f) => f.store.insert(KS, 't', { pk: null, ck: 1, a: 2 }), message: 'Invalid null value for partition key part pk' },
    { rule: 'a null clustering column', write: (f) => f.store.insert(KS, 't', { pk: 1, ck: null, a: 2 }), message: 'Invalid null value for clustering column ck' },
    { rule: 'a DELETE with a null partition key', write: (f) => f.store.delete(KS, 't', { pk: null }), message: 'Invalid null value for partition key part pk' },
    {
      rule: 'a row over 1 MB',
      write: (f) => f.store.insert(KS, 't', { ...KEY, big: new Uint8Array(MAX_ROW_BYTES - 8 + 1) }),
      message: `Row of ${MAX_ROW_BYTES + 1} bytes exceeds the maximum row size of ${MAX_ROW_BYTES} bytes`,
    },
    {
      rule: 'an UPDATE over 1 MB',
      write: (f) => f.store.update(KS, 't', KEY, { b: 'x'.repeat(MAX_ROW_BYTES) }),
      message: `Row of ${MAX_ROW_BYTES + 8} bytes exceeds the maximum row size of ${MAX_ROW_BYTES} bytes`,
    },
  ];

  it.each(cases)('$rule is refused with ValidationException and changes nothing', async ({ write, message }) => {
    const f = await withRow();
    await expectError(write(f), 'ValidationException', message);
    await expectUnchanged(f);
  });

  it('a row of exactly 1 MB is accepted', async () => {
    const f = await withRow();
    await f.store.insert(KS, 't', { ...KEY, big: new Uint8Array(MAX_ROW_BYTES - 8) });
    await expectInEveryState(f, 't', async () => {
      expect(((await f.store.get(KS, 't', KEY))?.['big'] as Uint8Array).length).toBe(MAX_ROW_BYTES - 8);
    });
  });

  it('reads with a wrong key are refused with ValidationException', async () => {
    const f = await withRow();
    await expectError(f.store.get(KS, 't', { pk: 1 }), 'ValidationException', 'Missing mandatory PRIMARY KEY part ck');
    await expectError(f.store.get(KS, 't', { pk: 1, ck: 1, a: 1 }), 'ValidationException', 'Non PRIMARY KEY column a found in where clause');
    await expectError(f.store.get(KS, 't', { pk: 1, ck: 'x' }), 'ValidationException', INT_MESSAGE('ck', '"x"'));
    await expectError(f.store.query(KS, 't', { ck: 1 }), 'ValidationException', 'Missing mandatory PRIMARY KEY part pk');
    await expectError(f.store.query(KS, 't', { pk: 1 }, { where: [{ column: 'a', op: '>', value: 1 }] }), 'ValidationException');
  });
});

describe('Store names', () => {
  it.each(['', 'bad-name', '_starts_with_underscore', 'a'.repeat(49), 'ünïcode', 'has space'])(
    'a bad keyspace name (%j) is refused with ValidationException',
    async (name) => {
      const f = await openStore();
      await expectError(f.store.createKeyspace(name), 'ValidationException', /^Invalid keyspace name /);
      expect(f.store.keyspaces().map((k) => k.name)).toEqual([KS]);
    },
  );

  it('a keyspace name of 48 characters is accepted', async () => {
    const f = await openStore();
    await f.store.createKeyspace('K'.repeat(48));
    expect(f.store.keyspaces().map((k) => k.name)).toContain('K'.repeat(48));
  });

  it('a bad table name is refused with ValidationException and creates nothing', async () => {
    const f = await openStore();
    await expectError(f.store.createTable({ ...T, keyspace: KS, name: 'bad-name' }), 'ValidationException', /^Table name must be 1 to 48/);
    expect(f.store.tables(KS)).toEqual([]);
  });

  it('an unknown keyspace is ResourceNotFoundException for every operation', async () => {
    const f = await withRow();
    const message = 'Keyspace nope does not exist';
    await expectError(f.store.insert('nope', 't', KEY), 'ResourceNotFoundException', message);
    await expectError(f.store.get('nope', 't', KEY), 'ResourceNotFoundException', message);
    await expectError(f.store.query('nope', 't', { pk: 1 }), 'ResourceNotFoundException', message);
    await expectError(f.store.scan('nope', 't'), 'ResourceNotFoundException', message);
    await expectError(f.store.createTable({ ...T, keyspace: 'nope' }), 'ResourceNotFoundException', message);
    await expectError(f.store.dropKeyspace('nope'), 'ResourceNotFoundException', message);
    await f.store.dropKeyspace('nope', { ifExists: true });
  });

  it('an unknown table is ResourceNotFoundException for every operation', async () => {
    const f = await withRow();
    const message = 'Table ks.nope does not exist';
    await expectError(f.store.insert(KS, 'nope', KEY), 'ResourceNotFoundException', message);
    await expectError(f.store.update(KS, 'nope', KEY, { a: 1 }), 'ResourceNotFoundException', message);
    await expectError(f.store.delete(KS, 'nope', KEY), 'ResourceNotFoundException', message);
    await expectError(f.store.get(KS, 'nope', KEY), 'ResourceNotFoundException', message);
    await expectError(f.store.query(KS, 'nope', { pk: 1 }), 'ResourceNotFoundException', message);
    await expectError(f.store.scan(KS, 'nope'), 'ResourceNotFoundException', message);
    await expectError(f.store.flush(KS, 'nope'), 'ResourceNotFoundException', message);
    await expectError(f.store.compact(KS, 'nope'), 'ResourceNotFoundException', message);
    await expectError(f.store.keyHierarchy(KS, 'nope'), 'ResourceNotFoundException', message);
    await expectError(f.store.dropTable(KS, 'nope'), 'ResourceNotFoundException', message);
    await f.store.dropTable(KS, 'nope', { ifExists: true });
  });

  it('a duplicate keyspace is ResourceInUseException (unless ifNotExists)', async () => {
    const f = await openStore();
    await expectError(f.store.createKeyspace(KS), 'ResourceInUseException', 'Keyspace ks already exists');
    await f.store.createKeyspace(KS, { ifNotExists: true });
    expect(f.store.keyspaces().map((k) => k.name)).toEqual([KS]);
  });

  it('a duplicate table is ResourceInUseException (unless ifNotExists) and keeps the existing table and its data', async () => {
    const f = await withRow();
    const before = f.store.describeTable(KS, 't');
    await expectError(f.store.createTable({ ...T, keyspace: KS, columns: { pk: 'text', v: 'int' }, clustering: [] }), 'ResourceInUseException', 'Table ks.t already exists');
    expect(await f.store.createTable({ ...T, keyspace: KS, ifNotExists: true })).toBe(before);
    expect(f.store.describeTable(KS, 't').schema).toEqual(before.schema);
    await expectUnchanged(f);
  });
});

describe('Store batch atomicity', () => {
  it('a batch across two tables applies all its writes', async () => {
    const f = await withRow();
    await f.store.batch([
      { op: 'insert', keyspace: KS, table: 't', row: { pk: 2, ck: 1, a: 2 } },
      { op: 'insert', keyspace: KS, table: 'u', row: { id: 'x', n: 5n } },
      { op: 'update', keyspace: KS, table: 't', key: KEY, set: { b: 'batched' } },
      { op: 'delete', keyspace: KS, table: 'u', key: { id: 'gone' } },
    ]);
    await expectInEveryState(f, ['t', 'u'], async () => {
      expect(await scanAll(f.store, 't')).toEqual([{ ...ORIGINAL, b: 'batched' }, { pk: 2, ck: 1, a: 2, b: null, big: null }]);
      expect(await scanAll(f.store, 'u')).toEqual([{ id: 'x', n: 5n }]);
    });
  });

  it.each([
    { second: 'an invalid value', write: { op: 'insert', keyspace: KS, table: 'u', row: { id: 'x', n: 'not a number' } }, error: 'ValidationException' },
    { second: 'a missing key part', write: { op: 'insert', keyspace: KS, table: 'u', row: { n: 1n } }, error: 'ValidationException' },
    { second: 'an unknown table', write: { op: 'insert', keyspace: KS, table: 'nope', row: { id: 'x' } }, error: 'ResourceNotFoundException' },
    { second: 'an unknown keyspace', write: { op: 'insert', keyspace: 'nope', table: 'u', row: { id: 'x' } }, error: 'ResourceNotFoundException' },
  ] as const)('a batch across two tables whose 2nd write has $second applies nothing', async ({ write, error }) => {
    const f = await withRow();
    await expectError(
      f.store.batch([
        { op: 'insert', keyspace: KS, table: 't', row: { pk: 2, ck: 1, a: 2 } },
        write,
        { op: 'update', keyspace: KS, table: 't', key: KEY, set: { b: 'batched' } },
      ]),
      error,
    );
    await expectUnchanged(f);
  });

  it('a batch applies its writes in order: a later write of the batch wins over an earlier one', async () => {
    const f = await withRow();
    await f.store.batch([
      { op: 'insert', keyspace: KS, table: 'u', row: { id: 'x', n: 1n } },
      { op: 'delete', keyspace: KS, table: 'u', key: { id: 'x' } },
      { op: 'insert', keyspace: KS, table: 'u', row: { id: 'x', n: 3n } },
      { op: 'update', keyspace: KS, table: 't', key: KEY, set: { a: 5 } },
      { op: 'update', keyspace: KS, table: 't', key: KEY, set: { a: 6 } },
    ]);
    await expectInEveryState(f, ['t', 'u'], async () => {
      expect(await scanAll(f.store, 'u')).toEqual([{ id: 'x', n: 3n }]);
      expect((await f.store.get(KS, 't', KEY))?.['a']).toBe(6);
    });
  });

  it('an empty batch does nothing', async () => {
    const f = await withRow();
    await f.store.batch([]);
    await expectUnchanged(f);
  });
});
