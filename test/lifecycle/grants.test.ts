/**
 * @module test/lifecycle/grants
 * Issue 5 "Grants" (seed 001 «Chaque table … nécessite 2 autorisations»; DESIGN.md "Grants"):
 * a table on a customer-managed key holds two grants on it for the store's service principal —
 * one for table operations, retired when the table is deleted or moves to another key; one for
 * automatic backups, retired 42 days after the table is deleted — and a key holds at most 50,000
 * grants (lowered here with `LocalKms.open({ grantsPerKey })`), so a table that would pass that
 * fails with a clear error. Creating or altering a table under a key that is disabled, pending
 * deletion, deleted or not usable by the store fails with a clear error, creates or changes
 * nothing, and sends a notification (KEY_REFUSED).
 */
import { describe, expect, it } from 'vitest';
import type { KeyMetadata } from '../../src/index.js';
import {
  CMK,
  DAY,
  DENY_SERVICE_POLICY,
  GRANT_LIFE,
  KS,
  MINUTE,
  OWNED,
  ROOT,
  SERVICE,
  cleanUpAfterEach,
  cmkTable,
  createCmk,
  dump,
  expectError,
  expectNoBackgroundErrors,
  grantNames,
  mcsStatus,
  ofType,
  openLifecycle,
  writeRows,
  type LifecycleFixture,
} from './_lifecycle.js';

cleanUpAfterEach();

const TABLE_OPERATIONS = ['Decrypt', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'RetireGrant'];
const BACKUP_OPERATIONS = ['Decrypt', 'DescribeKey', 'RetireGrant'];

async function grantsOn(f: LifecycleFixture, key: KeyMetadata) {
  return (await f.kms.listGrants({ KeyId: key.KeyId })).Grants;
}

describe('a table on a customer-managed key holds two grants on it, made by the store for its service principal', () => {
  it('a table on a customer-managed key holds a table-operations grant for cassandra.amazonaws.com and a backup grant for its backup jobs (backup.cassandra.amazonaws.com), both for its table id only and retirable by the service', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    const record = await cmkTable(f, key);
    const id = record.schema.id;
    const grants = await grantsOn(f, key);
    expect(grants.map((g) => g.Name).sort()).toEqual([`sealtable_${id}_v1`, `sealtable_${id}_v1_backup`]);
    const table = grants.find((g) => g.Name === `sealtable_${id}_v1`)!;
    const backup = grants.find((g) => g.Name === `sealtable_${id}_v1_backup`)!;
    expect(table.GranteePrincipal).toBe(SERVICE);
    expect(backup.GranteePrincipal).toBe(`backup.${SERVICE}`);
    for (const g of [table, backup]) {
      expect(g.RetiringPrincipal).toBe(SERVICE);
      expect(g.Constraints).toEqual({ EncryptionContextSubset: { 'sealtable:table-id': id } });
    }
    expect([...table.Operations].sort()).toEqual(TABLE_OPERATIONS);
    expect([...backup.Operations].sort()).toEqual(BACKUP_OPERATIONS);
    expect(record.keys[0]!.grantIds).toEqual([table.GrantId]);
    expect(record.keys[0]!.backupGrantIds).toEqual([backup.GrantId]);
    // A second table on the same key holds its own two.
    const other = await cmkTable(f, key, 'u');
    expect(await grantNames(f, key)).toHaveLength(4);
    expect((await grantsOn(f, key)).filter((g) => g.Constraints?.EncryptionContextSubset?.['sealtable:table-id'] === other.schema.id)).toHaveLength(2);
  });

  it('a table on the AWS-owned key holds no grant on any customer-managed key', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await f.store.execute(`CREATE TABLE ${KS}.t (k int PRIMARY KEY, v text)`);
    expect(f.store.describeTable(KS, 't').keys[0]!.grantIds).toEqual([]);
    expect(await grantNames(f, key)).toEqual([]);
  });

  it('DROP TABLE retires the table-operations grant at once and the backup grant 42 days later (still there at 42 days minus 1 minute)', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    const id = (await cmkTable(f, key)).schema.id;
    await writeRows(f, 4);
    await f.store.execute(`DROP TABLE ${KS}.t`);
    const dropped = f.clock.now();
    expect(await grantNames(f, key)).toEqual([`sealtable_${id}_v1_backup`]);
    await f.clock.advance(GRANT_LIFE - MINUTE);
    expect(await grantNames(f, key)).toEqual([`sealtable_${id}_v1_backup`]);
    expect(ofType(await f.store.notifications(), 'GRANT_RETIRED')).toEqual([]);
    await f.clock.advance(MINUTE);
    expect(await grantNames(f, key)).toEqual([]);
    const [retired, ...more] = ofType(await f.store.notifications(), 'GRANT_RETIRED');
    expect(more).toEqual([]);
    expect(retired).toMatchObject({ keyspace: KS, table: 't', kmsKeyArn: key.Arn, time: new Date(dropped + GRANT_LIFE).toISOString() });
    expectNoBackgroundErrors(f);
  });

  it('the backup grant of a dropped table is retired 42 days later across a reopen of the store', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    const id = (await cmkTable(f, key)).schema.id;
    await f.store.dropTable(KS, 't');
    await f.close();
    await f.clock.advance(10 * DAY); // the store is closed: nothing of it runs
    await f.open();
    await f.clock.advance(GRANT_LIFE - 10 * DAY - MINUTE);
    expect(await grantNames(f, key)).toEqual([`sealtable_${id}_v1_backup`]);
    await f.reopen();
    await f.clock.advance(MINUTE);
    expect(await grantNames(f, key)).toEqual([]);
    expect(ofType(await f.store.notifications(), 'GRANT_RETIRED')).toHaveLength(1);
  });

  it('a store closed through the 42nd day retires the backup grant when it opens again', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await cmkTable(f, key);
    await f.store.dropTable(KS, 't');
    await f.close();
    await f.clock.advance(GRANT_LIFE + DAY);
    await f.open();
    await f.clock.advance(0);
    expect(await grantNames(f, key)).toEqual([]);
  });

  it('dropKeyspace retires the table grants of its tables at once and their backup grants 42 days later', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    const a = (await cmkTable(f, key)).schema.id;
    const b = (await cmkTable(f, key, 'u')).schema.id;
    await f.store.execute(`DROP KEYSPACE ${KS}`);
    expect(await grantNames(f, key)).toEqual([`sealtable_${a}_v1_backup`, `sealtable_${b}_v1_backup`].sort());
    await f.clock.advance(GRANT_LIFE - MINUTE);
    expect(await grantNames(f, key)).toHaveLength(2);
    await f.clock.advance(MINUTE);
    expect(await grantNames(f, key)).toEqual([]);
  });

  it('a key change retires both grants of the old key, and the table holds two on the new key', async () => {
    const f = await openLifecycle();
    const a = await createCmk(f);
    const b = await createCmk(f);
    const id = (await cmkTable(f, a)).schema.id;
    await writeRows(f, 6);
    const before = await dump(f.store);
    await f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = ${CMK(b.Arn)}`);
    expect(await grantNames(f, a)).toEqual([]);
    expect(await grantNames(f, b)).toEqual([`sealtable_${id}_v2`, `sealtable_${id}_v2_backup`]);
    const record = f.store.describeTable(KS, 't');
    expect(record.keys.at(-1)!.backupGrantIds).toHaveLength(1);
    // And to the AWS-owned key: both grants of b go too.
    await f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = ${OWNED}`);
    expect(await grantNames(f, b)).toEqual([]);
    expect(await dump(f.store)).toEqual(before);
  });

  it('a table that would pass the key grant quota fails with LimitExceededException, leaves no grant behind and creates no table', async () => {
    const f = await openLifecycle({ grantsPerKey: 3 });
    const key = await createCmk(f);
    const first = (await cmkTable(f, key)).schema.id;
    const e = await expectError(f.store.execute(`CREATE TABLE ${KS}.u (k int PRIMARY KEY, v text) WITH custom_properties = ${CMK(key.Arn)}`), 'LimitExceededException');
    expect(e.message).toMatch(/50,000 grants/);
    expect(e.message).toContain(`${KS}.u`);
    expect(await grantNames(f, key)).toEqual([`sealtable_${first}_v1`, `sealtable_${first}_v1_backup`]);
    expect(f.store.tables(KS).map((t) => t.schema.name)).toEqual(['t']);
    expect(await mcsStatus(f.store, 'u')).toBeUndefined();
    expect(ofType(f.events, 'KEY_REFUSED')).toEqual([expect.objectContaining({ keyspace: KS, table: 'u', cause: 'LimitExceededException', kmsKeyArn: key.Arn })]);
    // The name stays free: on another key the same table can be made.
    const other = await createCmk(f);
    await f.store.execute(`CREATE TABLE ${KS}.u (k int PRIMARY KEY, v text) WITH custom_properties = ${CMK(other.Arn)}`);
  });

  it('a key change onto a key at its grant quota fails with LimitExceededException and changes nothing', async () => {
    const f = await openLifecycle({ grantsPerKey: 3 });
    const full = await createCmk(f);
    await cmkTable(f, full, 'filler');
    const a = await createCmk(f);
    const id = (await cmkTable(f, a)).schema.id;
    await writeRows(f, 4);
    const before = await dump(f.store);
    await expectError(f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: full.Arn } }), 'LimitExceededException');
    expect(f.store.describeTable(KS, 't').keys.map((k) => k.kmsKeyArn)).toEqual([a.Arn]);
    expect(await grantNames(f, a)).toEqual([`sealtable_${id}_v1`, `sealtable_${id}_v1_backup`]);
    expect(await grantNames(f, full)).toHaveLength(2);
    expect(await dump(f.store)).toEqual(before);
  });
});

/** How each kind of unusable key is made (on the fixture's clock). */
const UNUSABLE: { kind: string; error: string; make: (f: LifecycleFixture) => Promise<KeyMetadata> }[] = [
  {
    kind: 'disabled',
    error: 'DisabledException',
    make: async (f) => {
      const key = await createCmk(f);
      await f.kms.disableKey({ KeyId: key.KeyId });
      return key;
    },
  },
  {
    kind: 'pending deletion',
    error: 'KMSInvalidStateException',
    make: async (f) => {
      const key = await createCmk(f);
      await f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
      return key;
    },
  },
  {
    kind: 'deleted',
    error: 'NotFoundException',
    make: async (f) => {
      const key = await createCmk(f);
      await f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
      await f.clock.advance(7 * DAY + MINUTE);
      await expectError(f.kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException');
      return key;
    },
  },
  {
    kind: 'not usable by the store (key policy denies its service principal)',
    error: 'AccessDeniedException',
    make: (f) => createCmk(f, DENY_SERVICE_POLICY),
  },
];

describe('creating or altering a table under a key that is disabled, pending deletion, deleted, or not usable by the store fails with a clear error, creates or changes nothing, and sends a notification', () => {
  it.each(UNUSABLE)('CREATE TABLE under a $kind key fails with $error, creates nothing, and notifies KEY_REFUSED', async ({ error, make }) => {
    const f = await openLifecycle();
    const key = await make(f);
    await expectError(f.store.execute(`CREATE TABLE ${KS}.t (k int PRIMARY KEY, v text) WITH custom_properties = ${CMK(key.Arn)}`), error);
    expect(f.store.tables(KS)).toEqual([]);
    expect(await mcsStatus(f.store)).toBeUndefined();
    if (error !== 'NotFoundException') expect(await grantNames(f, key)).toEqual([]);
    const refused = ofType(await f.store.notifications(), 'KEY_REFUSED');
    expect(refused).toEqual([expect.objectContaining({ keyspace: KS, table: 't', kmsKeyArn: key.Arn, cause: error })]);
    expect(refused[0]!.message).toContain(`${KS}.t`);
    expect(f.events).toEqual(refused);
    await f.reopen();
    expect(f.store.tables(KS)).toEqual([]);
  });

  it.each(UNUSABLE)('ALTER TABLE onto a $kind key fails with $error, changes nothing, and notifies KEY_REFUSED', async ({ error, make }) => {
    const f = await openLifecycle();
    const key = await make(f); // first: a 'deleted' key needs 7 days, without a monitored table meanwhile
    const current = await createCmk(f);
    const id = (await cmkTable(f, current)).schema.id;
    await writeRows(f, 6);
    const before = { record: f.store.describeTable(KS, 't'), rows: await dump(f.store) };
    await expectError(f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = ${CMK(key.Arn)}`), error);
    expect(f.store.describeTable(KS, 't')).toEqual(before.record);
    expect(await dump(f.store)).toEqual(before.rows);
    expect(await grantNames(f, current)).toEqual([`sealtable_${id}_v1`, `sealtable_${id}_v1_backup`]);
    if (error !== 'NotFoundException') expect(await grantNames(f, key)).toEqual([]);
    expect(ofType(f.events, 'KEY_REFUSED')).toEqual([expect.objectContaining({ keyspace: KS, table: 't', kmsKeyArn: key.Arn, cause: error })]);
    expect(ofType(f.events, 'KEY_CHANGED')).toEqual([]);
    await f.reopen();
    expect(f.store.describeTable(KS, 't')).toEqual(before.record);
    expect(await dump(f.store)).toEqual(before.rows);
  });

  it('CREATE TABLE under a key the store may not create grants on (the key policy denies the account root CreateGrant) fails with AccessDeniedException and notifies', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f, {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
        { Sid: 'no grants', Effect: 'Deny', Principal: { AWS: ROOT }, Action: 'kms:CreateGrant', Resource: '*' },
      ],
    });
    await expectError(f.store.execute(`CREATE TABLE ${KS}.t (k int PRIMARY KEY, v text) WITH custom_properties = ${CMK(key.Arn)}`), 'AccessDeniedException');
    expect(f.store.tables(KS)).toEqual([]);
    expect(ofType(f.events, 'KEY_REFUSED')).toEqual([expect.objectContaining({ table: 't', cause: 'AccessDeniedException' })]);
  });
});
