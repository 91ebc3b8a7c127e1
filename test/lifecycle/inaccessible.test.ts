/**
 * @module test/lifecycle/inaccessible
 * Issue 5 "Inaccessible keys" (seed 001 «Si une clé KMS … devient inaccessible … le statut de la
 * table devient INACCESSIBLE_ENCRYPTION_CREDENTIALS», «sept jours», «35 jours»; DESIGN.md
 * "Inaccessible keys"): a monitor checks every customer-managed key in use on the clock
 * (detection within 5 minutes) and whenever a KMS call for a table fails for access reasons,
 * without unwrapping anything (DescribeKey and DryRun Decrypt as the service: the audit trail
 * still shows one real Decrypt of the table key per idle period); a disabled, pending-deletion or
 * deleted key, a retired or revoked grant, a denying policy turn the table
 * INACCESSIBLE_ENCRYPTION_CREDENTIALS: every read and write fails with an error named after the
 * cause and naming the table, its cached keys are dropped, a notification goes out. Access
 * restored within 7 days: ACTIVE, data intact. Not restored: at 7 days a ciphertext-only backup,
 * then deletion; the backup is kept 35 days, then purged (its wrapped keys gone). Between a key's
 * disabling and its detection a store with the table key cached keeps working; a new store fails
 * at its first read, and that failure triggers the check.
 *
 * Every edge is tested on both sides on the manual clock: the check at 4:59 vs 5:00 after the
 * last one, 6 days 23:59 vs 7 days after detection, 35 days minus 1 minute vs 35 days.
 */
import { describe, expect, it } from 'vitest';
import type { KeyMetadata } from '../../src/index.js';
import { backupDataRange, BACKUP_DATA_PREFIX, tableDataRange } from '../../src/storage/layout.js';
import { fileViews, findNeedles, openRawDb } from '../storage/_store-dir.js';
import {
  CHECK,
  DAY,
  GRACE,
  INACCESSIBLE,
  KS,
  MINUTE,
  RETENTION,
  SECOND,
  SERVICE,
  START,
  cleanUpAfterEach,
  cmkTable,
  createCmk,
  denyService,
  dump,
  expectError,
  expectNoBackgroundErrors,
  mcsStatus,
  ofType,
  openLifecycle,
  serviceDecrypts,
  writeRows,
  type LifecycleFixture,
} from './_lifecycle.js';

cleanUpAfterEach();

const utf8 = new TextEncoder();
const HOUR = 60 * MINUTE;

/** A store with ks.t on a customer-managed key, rows written at START (the monitor checks at START + n·5 min). */
async function setup(rows = 12, keyCheckIntervalMs?: number): Promise<{ f: LifecycleFixture; key: KeyMetadata }> {
  const f = await openLifecycle(keyCheckIntervalMs === undefined ? {} : { store: { keyCheckIntervalMs } });
  const key = await createCmk(f);
  await cmkTable(f, key);
  await writeRows(f, rows);
  return { f, key };
}

/** How each cause of inaccessibility is made, and the error name reads and writes then fail with. */
const CAUSES: { cause: string; error: string; make: (f: LifecycleFixture, key: KeyMetadata) => Promise<void> }[] = [
  { cause: 'key disabled', error: 'DisabledException', make: (f, key) => f.kms.disableKey({ KeyId: key.KeyId }).then(() => undefined) },
  {
    cause: 'key pending deletion',
    error: 'KMSInvalidStateException',
    make: (f, key) => f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 }).then(() => undefined),
  },
  {
    cause: 'key deleted (the store closed through its 7-day deletion window)',
    error: 'NotFoundException',
    make: async (f, key) => {
      await f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
      await f.close();
      await f.clock.advance(7 * DAY + MINUTE);
      await f.open();
    },
  },
  {
    cause: 'table grant revoked',
    error: 'AccessDeniedException',
    make: async (f, key) => {
      await f.kms.revokeGrant({ KeyId: key.KeyId, GrantId: f.store.describeTable(KS, 't').keys.at(-1)!.grantIds[0]! });
    },
  },
  {
    cause: 'table grant retired',
    error: 'AccessDeniedException',
    make: async (f, key) => {
      const service = f.kms.as(SERVICE, { viaService: 'cassandra.us-east-1.amazonaws.com' });
      await service.retireGrant({ KeyId: key.Arn, GrantId: f.store.describeTable(KS, 't').keys.at(-1)!.grantIds[0]! });
    },
  },
  { cause: 'key policy denying the store', error: 'AccessDeniedException', make: (f, key) => denyService(f, key) },
];

/** Every kind of read and write of ks.t, typed and CQL. */
const ACCESSES: [string, (f: LifecycleFixture) => Promise<unknown>][] = [
  ['get', (f) => f.store.get(KS, 't', { k: 0, c: 0 })],
  ['query', (f) => f.store.query(KS, 't', { k: 0 })],
  ['scan', (f) => f.store.scan(KS, 't')],
  ['CQL SELECT', (f) => f.store.execute(`SELECT * FROM ${KS}.t WHERE k = 0`)],
  ['insert', (f) => f.store.insert(KS, 't', { k: 9, c: 9, v: 'x' })],
  ['update', (f) => f.store.update(KS, 't', { k: 0, c: 0 }, { v: 'y' })],
  ['delete', (f) => f.store.delete(KS, 't', { k: 0, c: 0 })],
  ['batch', (f) => f.store.batch([{ op: 'insert', keyspace: KS, table: 't', row: { k: 9, c: 9, v: 'x' } }])],
  ['CQL INSERT', (f) => f.store.execute(`INSERT INTO ${KS}.t (k, c, v) VALUES (9, 9, 'x')`)],
  ['CQL UPDATE … IF', (f) => f.store.execute(`UPDATE ${KS}.t SET v = 'z' WHERE k = 0 AND c = 0 IF v = 'row-0'`)],
];

describe('a monitor checks each customer-managed key in use, on the clock (detection within 5 minutes) and whenever a KMS call for a table fails for access reasons', () => {
  it('a key disabled just after a check is not detected 4:59 later and is detected at the next check, 5 minutes later', async () => {
    const { f, key } = await setup();
    await f.clock.advance(CHECK); // the check at START + 5 min: all well
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK - SECOND);
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    expect(ofType(f.events, 'TABLE_INACCESSIBLE')).toEqual([]);
    await f.clock.advance(SECOND);
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    expect(f.store.describeTable(KS, 't').inaccessible).toEqual({ since: START + 2 * CHECK, cause: 'DisabledException', kmsKeyArn: key.Arn, reason: expect.any(String) });
    expect(ofType(f.events, 'TABLE_INACCESSIBLE')).toHaveLength(1);
  });

  it.each([0, SECOND, 2 * MINUTE + 30 * SECOND, CHECK - SECOND])('a key disabled %i ms after a check is detected within 5 minutes of clock time', async (offset) => {
    const { f, key } = await setup(3);
    await f.clock.advance(CHECK + offset);
    const disabledAt = f.clock.now();
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    const since = f.store.describeTable(KS, 't').inaccessible?.since;
    expect(since).toBeGreaterThanOrEqual(disabledAt);
    expect(since).toBeLessThanOrEqual(disabledAt + CHECK);
  });

  it.each(CAUSES)('$cause: the table becomes INACCESSIBLE_ENCRYPTION_CREDENTIALS and every read and write fails with $error naming the table and the key', async ({ error, make }) => {
    const { f, key } = await setup();
    await make(f, key);
    await f.clock.advance(CHECK);
    const record = f.store.describeTable(KS, 't');
    expect(record.status).toBe(INACCESSIBLE);
    expect(record.inaccessible).toMatchObject({ cause: error, kmsKeyArn: key.Arn });
    expect(await mcsStatus(f.store)).toBe(INACCESSIBLE);
    expect(ofType(f.events, 'TABLE_INACCESSIBLE')).toEqual([expect.objectContaining({ keyspace: KS, table: 't', kmsKeyArn: key.Arn, cause: error })]);
    for (const [what, access] of ACCESSES) {
      const e = await expectError(access(f), error);
      expect(e.message, what).toContain(`${KS}.t`);
      expect(e.message, what).toContain(key.Arn);
      expect(e.message, what).toContain(new Date(record.inaccessible!.since + GRACE).toISOString());
    }
    // Still so after a reopen (the status is persisted).
    await f.reopen();
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    await expectError(f.store.get(KS, 't', { k: 0, c: 0 }), error);
    expectNoBackgroundErrors(f);
  });

  it('a read that fails for access reasons triggers the check at once, before the monitor runs', async () => {
    const f = await openLifecycle({ store: { keyCheckIntervalMs: DAY } });
    const key = await createCmk(f);
    await cmkTable(f, key);
    await writeRows(f, 3);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(6 * MINUTE); // the cached table key is dropped after 5 idle minutes; no monitor check yet
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    const failedAt = f.clock.now();
    await expectError(f.store.get(KS, 't', { k: 0, c: 0 }), 'DisabledException');
    await f.reopen(); // close() waits for the store's background work; the clock does not move
    expect(f.store.describeTable(KS, 't').inaccessible).toMatchObject({ since: failedAt, cause: 'DisabledException' });
    expect(ofType(f.events, 'TABLE_INACCESSIBLE')).toHaveLength(1);
  });

  it('the monitor unwraps nothing: over an hour of reads every 4 minutes the audit trail shows one real Decrypt of the table key, the checks only as DryRun Decrypts', async () => {
    const { f } = await setup(3);
    await f.clock.advance(6 * MINUTE); // the table key made at creation is dropped; one check ran (at 5 min)
    const start = await serviceDecrypts(f.kms);
    expect(start.dryRun).toBe(1);
    for (let i = 0; i < 15; i++) {
      expect((await f.store.get(KS, 't', { k: 0, c: 0 }))?.['v']).toBe('row-0');
      await f.clock.advance(4 * MINUTE);
    }
    const hour = await serviceDecrypts(f.kms);
    expect(hour.real - start.real).toBe(1);
    expect(hour.dryRun - start.dryRun).toBe(12); // a check every 5 minutes, from 10 to 65 minutes
    // Reads 6 minutes apart: each one comes after an idle period, and costs one real Decrypt.
    for (let i = 0; i < 5; i++) {
      await f.clock.advance(6 * MINUTE);
      await f.store.get(KS, 't', { k: 0, c: 0 });
    }
    expect((await serviceDecrypts(f.kms)).real - hour.real).toBe(5);
  });

  it('the caches of the table are emptied at detection: re-enabled, the next read costs a real Decrypt although its key had not been idle 5 minutes', async () => {
    const { f, key } = await setup(3);
    await f.clock.advance(9 * MINUTE);
    await f.store.get(KS, 't', { k: 0, c: 0 }); // the table key is cached until 14 min unless dropped
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(MINUTE); // detected at 10 min
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    await f.kms.enableKey({ KeyId: key.KeyId });
    await f.store.checkKeys();
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    const before = (await serviceDecrypts(f.kms)).real;
    expect((await f.store.get(KS, 't', { k: 0, c: 0 }))?.['v']).toBe('row-0');
    expect((await serviceDecrypts(f.kms)).real - before).toBe(1);
  });

  it('checkKeys() checks now, between the monitor runs', async () => {
    const { f, key } = await setup(3);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.store.checkKeys();
    expect(f.store.describeTable(KS, 't').inaccessible).toMatchObject({ since: START, cause: 'DisabledException' });
  });
});

describe('access restored within 7 days: status ACTIVE, data intact, notification', () => {
  it('re-enabled at 6 days 23:59 after detection, the table is ACTIVE at the next check with its rows, and is neither backed up nor deleted at 7 days', async () => {
    const { f, key } = await setup();
    const before = await dump(f.store);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    const since = f.store.describeTable(KS, 't').inaccessible!.since;
    await f.clock.advance(since + GRACE - MINUTE - f.clock.now());
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    await f.kms.enableKey({ KeyId: key.KeyId });
    await f.clock.advance(MINUTE);
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    expect(f.store.describeTable(KS, 't').inaccessible).toBeUndefined();
    expect(await mcsStatus(f.store)).toBe('ACTIVE');
    expect(ofType(f.events, 'TABLE_ACCESS_RESTORED')).toEqual([expect.objectContaining({ keyspace: KS, table: 't', kmsKeyArn: key.Arn })]);
    await f.clock.advance(DAY);
    expect(await f.store.backups()).toEqual([]);
    expect(ofType(f.events, 'TABLE_BACKED_UP_AND_DELETED')).toEqual([]);
    expect(await dump(f.store)).toEqual(before);
    await f.store.insert(KS, 't', { k: 1, c: 100, v: 'after' });
    expect((await f.store.get(KS, 't', { k: 1, c: 100 }))?.['v']).toBe('after');
    expectNoBackgroundErrors(f);
  });

  it('a key pending deletion, cancelled and enabled, makes the table ACTIVE within 5 minutes', async () => {
    const { f, key } = await setup();
    const before = await dump(f.store);
    await f.kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await f.clock.advance(CHECK);
    expect(f.store.describeTable(KS, 't').inaccessible?.cause).toBe('KMSInvalidStateException');
    await f.clock.advance(3 * DAY);
    await f.kms.cancelKeyDeletion({ KeyId: key.KeyId });
    await f.kms.enableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    expect(await dump(f.store)).toEqual(before);
    expect(ofType(f.events, 'TABLE_ACCESS_RESTORED')).toHaveLength(1);
  });

  it('a denying policy removed makes the table ACTIVE at the next check', async () => {
    const { f, key } = await setup();
    const original = (await f.kms.getKeyPolicy({ KeyId: key.KeyId })).Policy;
    await denyService(f, key);
    await f.clock.advance(CHECK);
    expect(f.store.describeTable(KS, 't').inaccessible?.cause).toBe('AccessDeniedException');
    await f.kms.putKeyPolicy({ KeyId: key.KeyId, Policy: original });
    await f.clock.advance(CHECK);
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
  });
});

describe('not restored within 7 days: a restorable backup of the ciphertext, then deletion; the backup is kept 35 days, then purged', () => {
  it('at 6 days 23:59 after detection the table is still there and inaccessible; at 7 days it is backed up and deleted, and a notification names the backup', async () => {
    const { f, key } = await setup();
    const id = f.store.describeTable(KS, 't').schema.id;
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    const since = f.store.describeTable(KS, 't').inaccessible!.since;
    await f.clock.advance(since + GRACE - MINUTE - f.clock.now());
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    expect(await mcsStatus(f.store)).toBe(INACCESSIBLE);
    expect(await f.store.backups()).toEqual([]);
    await f.clock.advance(MINUTE);
    expect(f.store.tables(KS)).toEqual([]);
    expect(await mcsStatus(f.store)).toBeUndefined();
    await expectError(f.store.get(KS, 't', { k: 0, c: 0 }), 'ResourceNotFoundException');
    const [backup, ...more] = await f.store.backups();
    expect(more).toEqual([]);
    expect(backup).toMatchObject({ reason: 'INACCESSIBLE_KEY', createdAt: since + GRACE, expiresAt: since + GRACE + RETENTION });
    expect(backup!.source.schema).toMatchObject({ keyspace: KS, name: 't', id });
    expect(backup!.source.keys.at(-1)!.kmsKeyArn).toBe(key.Arn);
    expect(backup!.bytes).toBeGreaterThan(0);
    expect(ofType(f.events, 'TABLE_BACKED_UP_AND_DELETED')).toEqual([
      expect.objectContaining({ keyspace: KS, table: 't', kmsKeyArn: key.Arn, cause: 'DisabledException', backupId: backup!.backupId, time: new Date(since + GRACE).toISOString() }),
    ]);
    await f.reopen();
    expect(f.store.tables(KS)).toEqual([]);
    expect((await f.store.backups()).map((b) => b.backupId)).toEqual([backup!.backupId]);
    expectNoBackgroundErrors(f);
  });

  it('the 7-day deadline holds across a reopen of the store', async () => {
    const { f, key } = await setup(3);
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK);
    const since = f.store.describeTable(KS, 't').inaccessible!.since;
    await f.close();
    await f.clock.advance(3 * DAY);
    await f.open();
    await f.clock.advance(since + GRACE - MINUTE - f.clock.now());
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    await f.clock.advance(MINUTE);
    expect(f.store.tables(KS)).toEqual([]);
    expect(await f.store.backups()).toHaveLength(1);
  });

  it('the backup copies the table ciphertext as stored, with the key disabled throughout: the same bytes under the same keys, and no plaintext in the store directory', async () => {
    const f = await openLifecycle({ store: { keyCheckIntervalMs: HOUR } }); // this test is about the backup, not the detection
    const key = await createCmk(f);
    const id = (await cmkTable(f, key)).schema.id;
    const marker = `CANARY-${Math.random().toString(36).slice(2)}-lifecycle`;
    await writeRows(f, 12, 't', marker);
    await f.store.flush(KS, 't');
    await f.store.insert(KS, 't', { k: 0, c: 99, v: `${marker}-in-the-log` });
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(HOUR);
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    // The table's data as stored, read from the closed store's LevelDB.
    await f.close();
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
    const stored = new Map<string, string>();
    let db = await openRawDb(f.dir);
    for await (const [k, v] of db.iterator(tableDataRange(id))) stored.set(hex(k), hex(v));
    await db.close();
    expect(stored.size).toBeGreaterThan(0);
    await f.open();
    await f.clock.advance(GRACE);
    const [backup] = await f.store.backups();
    expect(backup).toBeDefined();
    await f.close();
    const copied = new Map<string, string>();
    let bytes = 0;
    db = await openRawDb(f.dir);
    for await (const [k, v] of db.iterator(backupDataRange(backup!.backupId))) {
      copied.set(hex(k.subarray(BACKUP_DATA_PREFIX)), hex(v));
      bytes += v.length;
    }
    let left = 0;
    for await (const _ of db.keys(tableDataRange(id))) left++;
    await db.close();
    expect(copied).toEqual(stored);
    expect(bytes).toBe(backup!.bytes);
    expect(left, 'the table data is deleted').toBe(0);
    // No KMS call could have unwrapped anything: the key was disabled all along, and no marker is in clear anywhere.
    const hits = findNeedles(await fileViews(f.dir), [{ label: 'marker', bytes: utf8.encode(marker) }]);
    expect(hits).toEqual([]);
    await f.open();
  });

  it('the backup is listed at 35 days minus 1 minute and purged at 35 days: BACKUP_PURGED, and its copied data and wrapped keys are gone from the store', async () => {
    const { f, key } = await setup(12, HOUR); // a check every hour: this test is about the days after detection
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(HOUR);
    await f.clock.advance(GRACE);
    const [backup] = await f.store.backups();
    expect(backup).toBeDefined();
    const wrapped = backup!.source.keys.map((k) => k.ciphertextBlob);
    await f.clock.advance(RETENTION - MINUTE);
    expect((await f.store.backups()).map((b) => b.backupId)).toEqual([backup!.backupId]);
    expect(ofType(f.events, 'BACKUP_PURGED')).toEqual([]);
    await f.clock.advance(MINUTE);
    expect(await f.store.backups()).toEqual([]);
    expect(ofType(f.events, 'BACKUP_PURGED')).toEqual([
      expect.objectContaining({ keyspace: KS, table: 't', backupId: backup!.backupId, time: new Date(backup!.createdAt + RETENTION).toISOString() }),
    ]);
    await expectError(f.store.restoreTable({ source: { keyspace: KS, table: 't' }, target: { keyspace: KS, table: 'back' }, backupId: backup!.backupId }), 'ResourceNotFoundException');
    // Crypto-shredded: no live entry of the store holds the backup's data or its wrapped table keys.
    await f.close();
    const db = await openRawDb(f.dir);
    let copies = 0;
    const holding: string[] = [];
    for await (const [k, v] of db.iterator()) {
      if (Buffer.from(k).includes(Buffer.from(backupDataRange(backup!.backupId).gte.subarray(0, 17)))) copies++;
      const text = Buffer.from(v).toString('latin1');
      for (const w of wrapped) if (text.includes(w) || Buffer.from(v).includes(Buffer.from(w, 'base64'))) holding.push(Buffer.from(k).toString('hex'));
    }
    await db.close();
    expect(copies).toBe(0);
    expect(holding, 'live LevelDB entries holding a wrapped table key of the purged backup').toEqual([]);
    await f.open();
  });
});

describe("between a key's disabling and its detection a store with the table key cached keeps working; new stores fail", () => {
  it('the running store reads and writes until detection; a new store on the same directory fails its first read, and that failure triggers the check', async () => {
    const { f, key } = await setup(6);
    await f.clock.advance(CHECK); // check at 5 min: all well
    expect((await f.store.get(KS, 't', { k: 0, c: 0 }))?.['v']).toBe('row-0'); // the table key is cached (idle 5 minutes)
    await f.kms.disableKey({ KeyId: key.KeyId });
    for (let i = 0; i < 4; i++) {
      await f.clock.advance(MINUTE);
      await f.store.insert(KS, 't', { k: 1, c: 100 + i, v: `still running ${i}` });
      expect((await f.store.get(KS, 't', { k: 1, c: 100 + i }))?.['v']).toBe(`still running ${i}`);
    }
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    // A new store (a new task) on the same directory: its first read needs a KMS Decrypt, which is refused.
    await f.reopen();
    const failedAt = f.clock.now();
    expect(failedAt).toBeLessThan(START + 2 * CHECK);
    await expectError(f.store.get(KS, 't', { k: 0, c: 0 }), 'DisabledException');
    // That failure triggered the check: close() waits for it; the monitor of the new store has not run (no clock time passed).
    await f.reopen();
    expect(f.store.describeTable(KS, 't').inaccessible).toMatchObject({ since: failedAt, cause: 'DisabledException' });
    expect(ofType(f.events, 'TABLE_INACCESSIBLE')).toHaveLength(1);
  });

  it('with the store that has the key cached, detection comes at the next check even while reads go on', async () => {
    const { f, key } = await setup(3);
    await f.clock.advance(CHECK);
    await f.store.get(KS, 't', { k: 0, c: 0 });
    await f.kms.disableKey({ KeyId: key.KeyId });
    await f.clock.advance(CHECK - SECOND);
    await f.store.get(KS, 't', { k: 0, c: 0 });
    await f.clock.advance(SECOND);
    await expectError(f.store.get(KS, 't', { k: 0, c: 0 }), 'DisabledException');
    expect(f.store.describeTable(KS, 't').inaccessible?.since).toBe(START + 2 * CHECK);
  });
});
