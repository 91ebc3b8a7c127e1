/**
 * Table lifecycle against the KMS: a table on a customer-managed key gets two grants for the
 * store's service principal (table operations; automatic backups); creating a table under an
 * unusable key fails with the KMS error and leaves nothing behind (no table, no grant); dropping a
 * table deletes every key of its data, retires its table grant at once and its backup grant 42
 * days later; dropping a keyspace drops its tables.
 */
import { Level } from 'level';
import { describe, expect, it } from 'vitest';
import type { CreateTableOptions, KeyMetadata } from '../../src/index.js';
import { cleanUpAfterEach, expectError, type Fixture, KS, openStore, scanAll } from './_store-helpers.js';

cleanUpAfterEach();

const T = { name: 't', columns: { pk: 'int', v: 'text' }, partitionKey: ['pk'] };

async function withKey(): Promise<{ f: Fixture; key: KeyMetadata; def: CreateTableOptions }> {
  const f = await openStore();
  const key = (await f.kms.createKey({ Description: 'tables' })).KeyMetadata;
  const def: CreateTableOptions = { ...T, keyspace: KS, encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: key.Arn } };
  return { f, key, def };
}

async function grantNames(f: Fixture, key: KeyMetadata): Promise<string[]> {
  return (await f.kms.listGrants({ KeyId: key.KeyId })).Grants.map((g) => g.Name ?? '').sort();
}

/** The names of the two grants a table holds on its customer-managed key (table-key version 1). */
function twoGrants(tableId: string): string[] {
  return [`sealtable_${tableId}_v1`, `sealtable_${tableId}_v1_backup`];
}

const DAY = 86_400_000;

/** Every LevelDB key of the store directory that starts with `D` + the table id's 16 bytes (the table's data). */
async function dataKeysOf(f: Fixture, tableId: string): Promise<number> {
  await f.store.close();
  const prefix = Buffer.concat([Buffer.from('D'), Buffer.from(tableId.replaceAll('-', ''), 'hex')]);
  const db = new Level<Uint8Array, Uint8Array>(f.dir, { keyEncoding: 'view', valueEncoding: 'view' });
  try {
    let n = 0;
    for await (const key of db.keys()) if (Buffer.from(key).subarray(0, prefix.length).equals(prefix)) n++;
    return n;
  } finally {
    await db.close();
    await f.reopen();
  }
}

describe('Store tables on customer-managed keys', () => {
  it('a table on a customer-managed key holds two grants for its table id (table operations, automatic backups) and reads and writes through it', async () => {
    const { f, key, def } = await withKey();
    const record = await f.store.createTable(def);
    expect(record.encryption).toEqual(def.encryption);
    expect(await grantNames(f, key)).toEqual(twoGrants(record.schema.id));
    await f.store.insert(KS, 't', { pk: 1, v: 'x' });
    await f.store.flush(KS, 't');
    await f.reopen();
    expect(await f.store.get(KS, 't', { pk: 1 })).toEqual({ pk: 1, v: 'x' });
    expect((await f.store.keyHierarchy(KS, 't')).kmsKeyArn).toBe(key.Arn);
  });

  it('createTable under a disabled customer-managed key fails with DisabledException and creates nothing', async () => {
    const { f, key, def } = await withKey();
    await f.kms.disableKey({ KeyId: key.KeyId });
    await expectError(f.store.createTable(def), 'DisabledException');
    expect(f.store.tables(KS)).toEqual([]);
    expect(() => f.store.describeTable(KS, 't')).toThrow(expect.objectContaining({ name: 'ResourceNotFoundException' }));
    expect(await grantNames(f, key)).toEqual([]);
    await f.reopen();
    expect(f.store.tables(KS)).toEqual([]);
    // The name is free: the same table can be made once the key is enabled.
    await f.kms.enableKey({ KeyId: key.KeyId });
    const made = await f.store.createTable(def);
    expect(await grantNames(f, key)).toEqual(twoGrants(made.schema.id));
  });

  it('createTable under a key pending deletion fails with KMSInvalidStateException and creates nothing', async () => {
    const { f, key, def } = await withKey();
    await f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await expectError(f.store.createTable(def), 'KMSInvalidStateException');
    expect(f.store.tables(KS)).toEqual([]);
    expect(await grantNames(f, key)).toEqual([]);
  });

  it('createTable under an unknown key fails with NotFoundException and creates nothing', async () => {
    const { f, def } = await withKey();
    const unknown = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000';
    await expectError(f.store.createTable({ ...def, encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: unknown } }), 'NotFoundException');
    expect(f.store.tables(KS)).toEqual([]);
  });

  it('dropTable removes its data (a new table with the same name is empty), retires its table grant at once and its backup grant 42 days later', async () => {
    const { f, key, def } = await withKey();
    const record = await f.store.createTable(def);
    for (let pk = 0; pk < 5; pk++) await f.store.insert(KS, 't', { pk, v: 'x' });
    await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { pk: 9, v: 'in the log' });
    expect(await dataKeysOf(f, record.schema.id)).toBeGreaterThan(0);
    await f.store.dropTable(KS, 't');
    expect(await grantNames(f, key)).toEqual([`sealtable_${record.schema.id}_v1_backup`]);
    expect(await dataKeysOf(f, record.schema.id)).toBe(0); // reopens the store: the retirement job survives it
    await expectError(f.store.get(KS, 't', { pk: 1 }), 'ResourceNotFoundException');
    await f.clock.advance(42 * DAY - 1);
    expect(await grantNames(f, key)).toEqual([`sealtable_${record.schema.id}_v1_backup`]);
    await f.clock.advance(1);
    expect(await grantNames(f, key)).toEqual([]);
    const again = await f.store.createTable(def);
    expect(again.schema.id).not.toBe(record.schema.id);
    expect(await scanAll(f.store, 't')).toEqual([]);
    await f.reopen();
    expect(await scanAll(f.store, 't')).toEqual([]);
    expect(await grantNames(f, key)).toEqual(twoGrants(again.schema.id));
  });

  it('dropTable of a table on the AWS-owned key removes its data and keeps other tables', async () => {
    const f = await openStore();
    const dropped = await f.store.createTable({ ...T, keyspace: KS });
    await f.store.createTable({ ...T, keyspace: KS, name: 'kept' });
    await f.store.insert(KS, 't', { pk: 1, v: 'x' });
    await f.store.insert(KS, 'kept', { pk: 1, v: 'kept' });
    await f.store.flush(KS, 't');
    await f.store.dropTable(KS, 't');
    expect(await dataKeysOf(f, dropped.schema.id)).toBe(0);
    expect(f.store.tables(KS).map((t) => t.schema.name)).toEqual(['kept']);
    expect(await scanAll(f.store, 'kept')).toEqual([{ pk: 1, v: 'kept' }]);
  });

  it('dropKeyspace drops every table in it (data; table grants at once, backup grants 42 days later) and the keyspace', async () => {
    const { f, key, def } = await withKey();
    const a = await f.store.createTable(def);
    const b = await f.store.createTable({ ...def, name: 'u' });
    await f.store.createKeyspace('other');
    await f.store.createTable({ ...T, keyspace: 'other' });
    await f.store.insert(KS, 't', { pk: 1, v: 'x' });
    await f.store.insert(KS, 'u', { pk: 1, v: 'x' });
    await f.store.insert('other', 't', { pk: 1, v: 'other' });
    await f.store.flush(KS, 'u');
    expect(await grantNames(f, key)).toEqual([...twoGrants(a.schema.id), ...twoGrants(b.schema.id)].sort());
    await f.store.dropKeyspace(KS);
    expect(f.store.keyspaces().map((k) => k.name)).toEqual(['other']);
    expect(f.store.tables(KS)).toEqual([]);
    expect(await grantNames(f, key)).toEqual([`sealtable_${a.schema.id}_v1_backup`, `sealtable_${b.schema.id}_v1_backup`].sort());
    expect(await dataKeysOf(f, a.schema.id)).toBe(0);
    expect(await dataKeysOf(f, b.schema.id)).toBe(0);
    expect(f.store.keyspaces().map((k) => k.name)).toEqual(['other']);
    expect(await f.store.get('other', 't', { pk: 1 })).toEqual({ pk: 1, v: 'other' });
    await expectError(f.store.insert(KS, 't', { pk: 1 }), 'ResourceNotFoundException', 'Keyspace ks does not exist');
    await f.clock.advance(42 * DAY - 1);
    expect(await grantNames(f, key)).toHaveLength(2);
    await f.clock.advance(1);
    expect(await grantNames(f, key)).toEqual([]);
    await f.store.createKeyspace(KS);
    await f.store.createTable(def);
    expect(await scanAll(f.store, 't')).toEqual([]);
  });
});
