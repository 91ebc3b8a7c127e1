/**
 * @module test/lifecycle/backup-restore
 * Issue 5 "Backups and restore" (seed 001 «restaurer … dans les 35 jours», «la dernière clé gérée
 * par le client … doit être activée et accessible»; DESIGN.md "Backups"): on-demand backups; a
 * backup or restore job first checks that it may use the key (as AWS Backup checks kms:Decrypt
 * for its role) and fails before doing anything otherwise; `RESTORE TABLE ks.new FROM TABLE
 * ks.old [WITH custom_properties = {...}]`, also for a table deleted within the last 35 days,
 * needs the source's last customer-managed key enabled and accessible, may choose the new
 * table's key, and reads back exactly what was backed up (values, write times, TTLs); a backup
 * taken under an older key restores through the key chain from the current one.
 */
import { describe, expect, it } from 'vitest';
import type { KeyMetadata } from '../../src/index.js';
import { backupsRange } from '../../src/storage/layout.js';
import { openRawDb } from '../storage/_store-dir.js';
import {
  CHECK,
  CMK,
  DAY,
  GRACE,
  INACCESSIBLE,
  KS,
  MINUTE,
  OWNED,
  RETENTION,
  START,
  cleanUpAfterEach,
  createCmk,
  denyService,
  expectError,
  expectNoBackgroundErrors,
  grantNames,
  mcsStatus,
  ofType,
  openLifecycle,
  type LifecycleFixture,
} from './_lifecycle.js';

cleanUpAfterEach();

const TTL = 60 * 86_400; // 60 days, in seconds: outlives every restore below

/** ks.t (k int, c int, v text, n int) on a customer-managed key, with rows in a segment and in the log: TTLs, explicit timestamps, a deleted row, an overwritten cell. */
async function tableWithRows(f: LifecycleFixture, key: KeyMetadata | undefined, name = 't'): Promise<void> {
  await f.store.execute(`CREATE TABLE ${KS}.${name} (k int, c int, v text, n int, PRIMARY KEY ((k), c))${key ? ` WITH custom_properties = ${CMK(key.Arn)}` : ''}`);
  for (let i = 0; i < 8; i++) {
    await f.store.execute(`INSERT INTO ${KS}.${name} (k, c, v, n) VALUES (?, ?, ?, ?) USING TTL ${TTL} AND TIMESTAMP ?`, [i % 2, i, `ttl-row-${i}`, i, BigInt(START * 1000 + i)]);
    await f.store.execute(`INSERT INTO ${KS}.${name} (k, c, v, n) VALUES (?, ?, ?, ?)`, [i % 2, 100 + i, `row-${i}`, i]);
  }
  await f.store.flush(KS, name);
  await f.store.execute(`DELETE FROM ${KS}.${name} WHERE k = 0 AND c = 100`);
  await f.store.execute(`UPDATE ${KS}.${name} USING TIMESTAMP ? SET v = 'overwritten' WHERE k = 1 AND c = 101`, [BigInt(START * 1000 + 999_999)]);
  await f.store.execute(`INSERT INTO ${KS}.${name} (k, c, v, n) VALUES (2, 0, 'in the log', 42) USING TTL ${TTL}`);
}

interface Line {
  k: number;
  c: number;
  v: string;
  n: number | null;
  wt: bigint;
  ttlV: number | null;
  ttlN: number | null;
}

/** Every row with WRITETIME(v), TTL(v), TTL(n), sorted by (k, c). */
async function lines(f: LifecycleFixture, name: string): Promise<Line[]> {
  const { rows } = await f.store.execute(`SELECT k, c, v, n, WRITETIME(v), TTL(v), TTL(n) FROM ${KS}.${name}`);
  return rows
    .map((r) => ({ k: r['k'] as number, c: r['c'] as number, v: r['v'] as string, n: r['n'] as number | null, wt: r['writetime(v)'] as bigint, ttlV: r['ttl(v)'] as number | null, ttlN: r['ttl(n)'] as number | null }))
    .sort((a, b) => a.k - b.k || a.c - b.c);
}

/** The lines as they read `ms` later: TTLs are `ms` seconds smaller, nothing else changes. */
const later = (ls: readonly Line[], ms: number): Line[] => ls.map((l) => ({ ...l, ttlV: l.ttlV === null ? null : l.ttlV - ms / 1000, ttlN: l.ttlN === null ? null : l.ttlN - ms / 1000 }));

/** Disables the key and lets the monitor detect it and the 7-day deadline back the table up and delete it; returns the backup's id. */
async function deleteByInaccessibility(f: LifecycleFixture, key: KeyMetadata): Promise<string> {
  await f.kms.disableKey({ KeyId: key.KeyId });
  await f.clock.advance(CHECK);
  expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
  await f.clock.advance(GRACE);
  expect(f.store.tables(KS)).toEqual([]);
  const [deleted] = ofType(f.events, 'TABLE_BACKED_UP_AND_DELETED');
  return deleted!.backupId!;
}

/** Keys of the store's LevelDB under the backups prefix (records and copied data). */
async function backupKeyCount(f: LifecycleFixture): Promise<number> {
  await f.close();
  const db = await openRawDb(f.dir);
  let n = 0;
  try {
    for await (const _ of db.keys(backupsRange())) n++;
  } finally {
    await db.close();
    await f.open();
  }
  return n;
}

describe('on-demand backups; a backup or restore job checks first that it may use the key and fails before doing anything otherwise', () => {
  it('an on-demand backup is taken now (reason ON_DEMAND, no expiry), notifies BACKUP_CREATED, outlives 35 days and restores', async () => {
    const f = await openLifecycle({ store: { keyCheckIntervalMs: DAY } });
    const key = await createCmk(f);
    await tableWithRows(f, key);
    const rows = await lines(f, 't');
    const backup = await f.store.backup(KS, 't');
    expect(backup).toMatchObject({ reason: 'ON_DEMAND', createdAt: START });
    expect(backup.expiresAt).toBeUndefined();
    expect(backup.bytes).toBeGreaterThan(0);
    expect(backup.source.schema.name).toBe('t');
    expect(await f.store.backups()).toEqual([backup]);
    expect(ofType(f.events, 'BACKUP_CREATED')).toEqual([expect.objectContaining({ keyspace: KS, table: 't', backupId: backup.backupId })]);
    // Writes after the backup are not in it.
    await f.store.execute(`INSERT INTO ${KS}.t (k, c, v) VALUES (5, 5, 'after the backup')`);
    await f.clock.advance(RETENTION + DAY);
    expect((await f.store.backups()).map((b) => b.backupId)).toEqual([backup.backupId]);
    await f.store.restoreTable({ source: { keyspace: KS, table: 't' }, target: { keyspace: KS, table: 'back' }, backupId: backup.backupId });
    expect(await lines(f, 'back')).toEqual(later(rows, RETENTION + DAY));
    await f.store.deleteBackup(backup.backupId);
    expect(await f.store.backups()).toEqual([]);
  });

  const UNUSABLE: { cause: string; error: string; make: (f: LifecycleFixture, key: KeyMetadata) => Promise<void> }[] = [
    { cause: 'disabled', error: 'DisabledException', make: (f, key) => f.kms.disableKey({ KeyId: key.KeyId }).then(() => undefined) },
    { cause: 'pending deletion', error: 'KMSInvalidStateException', make: (f, key) => f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 }).then(() => undefined) },
    { cause: 'denied to the store by its key policy', error: 'AccessDeniedException', make: (f, key) => denyService(f, key) },
    {
      cause: 'no longer granted to the store (both grants revoked)',
      error: 'AccessDeniedException',
      make: async (f, key) => {
        const k = f.store.describeTable(KS, 't').keys.at(-1)!;
        for (const id of [...k.grantIds, ...(k.backupGrantIds ?? [])]) await f.kms.revokeGrant({ KeyId: key.KeyId, GrantId: id });
      },
    },
  ];

  it.each(UNUSABLE)('an on-demand backup of a table whose key is $cause fails with $error before copying anything (the monitor has not noticed yet)', async ({ error, make }) => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    await make(f, key);
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    await expectError(f.store.backup(KS, 't'), error);
    expect(await f.store.backups()).toEqual([]);
    expect(ofType(f.events, 'BACKUP_CREATED')).toEqual([]);
    expect(await backupKeyCount(f)).toBe(0);
  });

  it('an on-demand backup of an inaccessible table fails with the cause and copies nothing', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    await expectError(f.store.backup(KS, 't'), 'DisabledException');
    expect(await f.store.backups()).toEqual([]);
  });
});

describe('RESTORE TABLE ks.new FROM TABLE ks.old [WITH custom_properties], also for a table deleted within the last 35 days: needs the source last key enabled and accessible, may choose the new key, reads back exactly what was backed up', () => {
  it('a table deleted after 7 days inaccessible, restored within 35 days with its key enabled again, reads back exactly what was written: values, WRITETIME, TTL remaining', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    const rows = await lines(f, 't');
    expect(rows.some((l) => l.ttlV === TTL)).toBe(true);
    const backupId = await deleteByInaccessibility(f, key);
    await f.clock.advance(20 * DAY);
    await f.kms.enableKey({ KeyId: key.KeyId });
    const r = await f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`);
    expect(r.schemaChange).toEqual({ change: 'CREATED', target: 'TABLE', keyspace: KS, table: 'back' });
    expect(await lines(f, 'back')).toEqual(later(rows, f.clock.now() - START));
    const record = f.store.describeTable(KS, 'back');
    expect(record.status).toBe('ACTIVE');
    expect(await mcsStatus(f.store, 'back')).toBe('ACTIVE');
    expect(record.keys.at(-1)!.kmsKeyArn).toBe(key.Arn);
    expect(await grantNames(f, key)).toEqual(expect.arrayContaining([`sealtable_${record.schema.id}_v1`, `sealtable_${record.schema.id}_v1_backup`]));
    expect(ofType(f.events, 'TABLE_RESTORED')).toEqual([expect.objectContaining({ keyspace: KS, table: 'back', backupId, kmsKeyArn: key.Arn })]);
    // A normal table: writable, and the same after a reopen.
    await f.store.execute(`INSERT INTO ${KS}.back (k, c, v) VALUES (7, 7, 'new')`);
    await f.reopen();
    expect((await lines(f, 'back')).find((l) => l.k === 7)?.v).toBe('new');
    expectNoBackgroundErrors(f);
  });

  it('a deleted table restores at 35 days minus 1 minute after its deletion; at 35 days its backup is purged and RESTORE fails with ResourceNotFoundException', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    const rows = await lines(f, 't');
    await deleteByInaccessibility(f, key);
    const deletedAt = f.clock.now();
    await f.kms.enableKey({ KeyId: key.KeyId });
    await f.clock.advance(RETENTION - MINUTE);
    await f.store.execute(`RESTORE TABLE ${KS}.last_minute FROM TABLE ${KS}.t`);
    expect(await lines(f, 'last_minute')).toEqual(later(rows, f.clock.now() - START));
    await f.clock.advance(MINUTE);
    expect(f.clock.now()).toBe(deletedAt + RETENTION);
    await expectError(f.store.execute(`RESTORE TABLE ${KS}.too_late FROM TABLE ${KS}.t`), 'ResourceNotFoundException');
    expect(f.store.tables(KS).map((t) => t.schema.name)).toEqual(['last_minute']);
  });

  it('RESTORE of a deleted table is refused while its key is still disabled: DisabledException, and nothing is created', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    await deleteByInaccessibility(f, key);
    const grants = await grantNames(f, key);
    const backups = await f.store.backups();
    await expectError(f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`), 'DisabledException');
    expect(f.store.tables(KS)).toEqual([]);
    expect(await mcsStatus(f.store, 'back')).toBeUndefined();
    expect(await grantNames(f, key)).toEqual(grants);
    expect(await f.store.backups()).toEqual(backups);
    expect(ofType(f.events, 'TABLE_RESTORED')).toEqual([]);
    // Re-enabled, the same statement works.
    await f.kms.enableKey({ KeyId: key.KeyId });
    await f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`);
    expect(f.store.describeTable(KS, 'back').status).toBe('ACTIVE');
  });

  it('RESTORE of a live table whose key was just disabled is refused with DisabledException: no table, no backup left', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await expectError(f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`), 'DisabledException');
    expect(f.store.tables(KS).map((t) => t.schema.name)).toEqual(['t']);
    expect(await f.store.backups()).toEqual([]);
    expect(await backupKeyCount(f)).toBe(0);
  });

  it('RESTORE … WITH custom_properties puts the new table on another customer-managed key', async () => {
    const f = await openLifecycle();
    const a = await createCmk(f);
    const b = await createCmk(f);
    await tableWithRows(f, a);
    const rows = await lines(f, 't');
    await deleteByInaccessibility(f, a);
    await f.kms.enableKey({ KeyId: a.KeyId });
    const aGrants = await grantNames(f, a);
    await f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t WITH custom_properties = ${CMK(b.Arn)}`);
    const record = f.store.describeTable(KS, 'back');
    expect(record.encryption).toEqual({ type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: b.Arn });
    expect((await f.store.keyHierarchy(KS, 'back')).kmsKeyArn).toBe(b.Arn);
    expect(await grantNames(f, b)).toEqual([`sealtable_${record.schema.id}_v1`, `sealtable_${record.schema.id}_v1_backup`]);
    expect(await grantNames(f, a)).toEqual(aGrants);
    expect(await lines(f, 'back')).toEqual(later(rows, f.clock.now() - START));
    // The new table no longer needs the old key.
    await f.kms.disableKey({ KeyId: a.KeyId });
    await f.reopen();
    expect(await lines(f, 'back')).toEqual(later(rows, f.clock.now() - START));
  });

  it('RESTORE … WITH custom_properties puts the new table on the AWS-owned key', async () => {
    const f = await openLifecycle();
    const a = await createCmk(f);
    await tableWithRows(f, a);
    const rows = await lines(f, 't');
    await f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t WITH custom_properties = ${OWNED}`);
    expect((await f.store.keyHierarchy(KS, 'back')).encryptionType).toBe('AWS_OWNED_KMS_KEY');
    expect(await lines(f, 'back')).toEqual(rows);
    await f.kms.disableKey({ KeyId: a.KeyId });
    await f.reopen();
    expect(await lines(f, 'back')).toEqual(rows);
  });

  it('a backup taken before two key changes restores through the key chain from the current key, with the earlier KMS keys disabled', async () => {
    const f = await openLifecycle();
    const a = await createCmk(f);
    const b = await createCmk(f);
    const c = await createCmk(f);
    await tableWithRows(f, a);
    const rows = await lines(f, 't');
    const backup = await f.store.backup(KS, 't');
    expect(backup.source.keys.map((k) => k.kmsKeyArn)).toEqual([a.Arn]);
    await f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = ${CMK(b.Arn)}`);
    await f.store.execute(`INSERT INTO ${KS}.t (k, c, v) VALUES (9, 9, 'after the backup')`);
    await f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = ${CMK(c.Arn)}`);
    expect(f.store.describeTable(KS, 't').keys.map((k) => k.kmsKeyArn)).toEqual([a.Arn, b.Arn, c.Arn]);
    await f.kms.disableKey({ KeyId: a.KeyId });
    await f.kms.disableKey({ KeyId: b.KeyId });
    await f.clock.advance(CHECK + MINUTE); // the cached keys are gone; the table (on c) stays ACTIVE
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    await f.store.restoreTable({ source: { keyspace: KS, table: 't' }, target: { keyspace: KS, table: 'back' }, backupId: backup.backupId });
    expect(await lines(f, 'back')).toEqual(later(rows, f.clock.now() - START));
    expect(f.store.describeTable(KS, 'back').keys.map((k) => k.kmsKeyArn)).toEqual([c.Arn]);
  });

  it('through the key chain, a backup taken under an earlier key also restores onto a key named in the request, with the earlier KMS keys disabled', async () => {
    const f = await openLifecycle();
    const [a, b, c, d] = [await createCmk(f), await createCmk(f), await createCmk(f), await createCmk(f)];
    await tableWithRows(f, a);
    const rows = await lines(f, 't');
    const backup = await f.store.backup(KS, 't');
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: b.Arn } });
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: c.Arn } });
    await f.kms.disableKey({ KeyId: a.KeyId });
    await f.kms.disableKey({ KeyId: b.KeyId });
    await f.clock.advance(CHECK + MINUTE);
    await f.store.restoreTable({ source: { keyspace: KS, table: 't' }, target: { keyspace: KS, table: 'back' }, backupId: backup.backupId, encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: d.Arn } });
    expect(await lines(f, 'back')).toEqual(later(rows, f.clock.now() - START));
  });

  it('RESTORE from a live table without a backup restores a snapshot of it as it is now, and leaves no backup behind', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    await tableWithRows(f, key);
    await f.clock.advance(MINUTE);
    const rows = await lines(f, 't');
    await f.store.execute(`RESTORE TABLE ${KS}.copy FROM TABLE ${KS}.t`);
    expect(await lines(f, 'copy')).toEqual(rows);
    expect(await f.store.backups()).toEqual([]);
    expect(f.store.tables(KS).map((t) => t.schema.name).sort()).toEqual(['copy', 't']);
  });
});
