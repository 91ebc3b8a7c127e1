/**
 * @module test/seeds/keyspaces-lifecycle
 * Seed 001 (French, "Fonctionnement du chiffrement au repos dans Amazon Keyspaces"), a table's
 * key over time (issue 5), for the sentences no lifecycle test checks closely: the KMS key of a
 * table also encrypts its restorable backups; each backup is encrypted under the key the table
 * had when it was made, and after a rotation or a change of key the latest key reaches every
 * backup; a restore needs the LAST customer-managed key of the table enabled and usable; the
 * second grant of a table serves the automatic backup that guards against a lost access.
 * docs/seed-coverage.md maps each sentence.
 */
import { describe, expect, it } from 'vitest';
import type { KeyMetadata, LocalKms } from '../../src/index.js';
import {
  CHECK,
  DAY,
  GRACE,
  INACCESSIBLE,
  KS,
  MINUTE,
  cleanUpAfterEach,
  cmkTable,
  createCmk,
  denyService,
  dump,
  expectError,
  expectNoBackgroundErrors,
  grantNames,
  ofType,
  openLifecycle,
  writeRows,
  type LifecycleFixture,
} from '../lifecycle/_lifecycle.js';

cleanUpAfterEach();

/** The key id and key-material id a KMS ciphertext blob names (version 0x01 ‖ 16-byte key id ‖ 32-byte material id ‖ …). */
function blobKey(base64: string): { keyId: string; materialId: string } {
  const blob = Buffer.from(base64, 'base64');
  const hex = blob.subarray(1, 17).toString('hex');
  return { keyId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, materialId: blob.subarray(17, 49).toString('hex') };
}

async function currentMaterial(kms: LocalKms, key: KeyMetadata): Promise<string> {
  return (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.CurrentKeyMaterialId!;
}

/** RESTORE TABLE ks.<target> FROM TABLE ks.t, from the given backup. */
function restore(f: LifecycleFixture, target: string, backupId: string): Promise<unknown> {
  return f.store.restoreTable({ source: { keyspace: KS, table: 't' }, target: { keyspace: KS, table: target }, backupId });
}

describe('backups under the table key [seed 001]', () => {
  it('the KMS key chosen for a table also encrypts its restorable backups: each backup holds its table key under that key, and restores only while that key is usable [seed 001 §Clé KMS]', async () => {
    const f = await openLifecycle({ store: { keyCheckIntervalMs: DAY } }); // this test is about backups, not detection
    const a = await createCmk(f);
    const b = await createCmk(f);
    await cmkTable(f, a, 'ta');
    await writeRows(f, 6, 'ta', 'a');
    await cmkTable(f, b, 'tb');
    await writeRows(f, 6, 'tb', 'b');
    const rowsB = await dump(f.store, 'tb');
    const backupA = await f.store.backup(KS, 'ta');
    const backupB = await f.store.backup(KS, 'tb');
    for (const [backup, key] of [[backupA, a], [backupB, b]] as const) {
      expect(backup.source.keys.map((k) => k.kmsKeyArn)).toEqual([key.Arn]);
      expect(blobKey(backup.source.keys[0]!.ciphertextBlob).keyId).toBe(key.KeyId);
    }
    // The backup of ta needs a, and only a: with a disabled it does not restore, the backup of tb does.
    await f.kms.disableKey({ KeyId: a.KeyId });
    await expectError(f.store.restoreTable({ source: { keyspace: KS, table: 'ta' }, target: { keyspace: KS, table: 'ta_back' }, backupId: backupA.backupId }), 'DisabledException');
    await f.store.restoreTable({ source: { keyspace: KS, table: 'tb' }, target: { keyspace: KS, table: 'tb_back' }, backupId: backupB.backupId });
    expect(f.store.tables(KS).map((t) => t.schema.name).sort()).toEqual(['ta', 'tb', 'tb_back']);
    expect(await dump(f.store, 'tb_back')).toEqual(rowsB);
    expectNoBackgroundErrors(f);
  });

  it('a backup is encrypted with the key the table had when it was made; after a rotation of that key and a change to another one, the latest key opens every backup [seed 001 §Clés gérées par le client; §Chiffrement d\'enveloppe]', async () => {
    const f = await openLifecycle();
    const a = await createCmk(f);
    const b = await createCmk(f);
    await cmkTable(f, a);
    await writeRows(f, 6, 't', 'first');
    const rows1 = await dump(f.store);
    const b1 = await f.store.backup(KS, 't');
    const materialBefore = await currentMaterial(f.kms, a);
    expect(blobKey(b1.source.keys.at(-1)!.ciphertextBlob)).toEqual({ keyId: a.KeyId, materialId: materialBefore });

    // Rotation of the table's KMS key: the backup made before it still restores.
    await f.kms.rotateKeyOnDemand({ KeyId: a.KeyId });
    expect(await currentMaterial(f.kms, a)).not.toBe(materialBefore);
    await restore(f, 'r1', b1.backupId);
    expect(await dump(f.store, 'r1')).toEqual(rows1);

    // A change of key: later backups are made under the new key, earlier ones keep theirs.
    await f.store.execute(`ALTER TABLE ${KS}.t WITH custom_properties = {'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${b.Arn}'}}`);
    await f.store.execute(`INSERT INTO ${KS}.t (k, c, v) VALUES (5, 50, 'second')`);
    const rows2 = await dump(f.store);
    const b2 = await f.store.backup(KS, 't');
    expect(b1.source.keys.map((k) => k.kmsKeyArn)).toEqual([a.Arn]);
    expect(b2.source.keys.at(-1)!.kmsKeyArn).toBe(b.Arn);
    expect(blobKey(b2.source.keys.at(-1)!.ciphertextBlob).keyId).toBe(b.KeyId);

    // The earlier key disabled and the cached table keys dropped: through the key chain, the latest key opens both backups.
    await f.kms.disableKey({ KeyId: a.KeyId });
    await f.clock.advance(CHECK + MINUTE);
    expect(f.store.describeTable(KS, 't').status).toBe('ACTIVE');
    await restore(f, 'r1_again', b1.backupId);
    await restore(f, 'r2', b2.backupId);
    expect(await dump(f.store, 'r1_again')).toEqual(rows1);
    expect(await dump(f.store, 'r2')).toEqual(rows2);
    expect(f.store.describeTable(KS, 'r1_again').keys.map((k) => k.kmsKeyArn)).toEqual([b.Arn]);
  });
});

describe('restore needs the last key of the table [seed 001]', () => {
  it('to restore, the LAST customer-managed key used for the table must be enabled and usable by the store: the earlier key enabled is not enough, and a refused restore creates nothing [seed 001 §Clés gérées par le client: restauration]', async () => {
    const f = await openLifecycle({ store: { keyCheckIntervalMs: DAY } });
    const a = await createCmk(f);
    const b = await createCmk(f);
    await cmkTable(f, a);
    await writeRows(f, 6);
    const rows = await dump(f.store);
    const backup = await f.store.backup(KS, 't');
    expect(backup.source.keys.map((k) => k.kmsKeyArn)).toEqual([a.Arn]);
    await f.store.alterTable(KS, 't', { encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: b.Arn } });
    const refusedNothing = async (): Promise<void> => {
      expect(f.store.tables(KS).map((t) => t.schema.name)).toEqual(['t']);
      expect((await f.store.backups()).map((x) => x.backupId)).toEqual([backup.backupId]);
      expect(ofType(f.events, 'TABLE_RESTORED')).toEqual([]);
    };

    // The last key disabled, the backup's own key (a) enabled.
    await f.kms.disableKey({ KeyId: b.KeyId });
    await expectError(f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`), 'DisabledException');
    await refusedNothing();

    // The last key enabled but denied to the store by its key policy.
    await f.kms.enableKey({ KeyId: b.KeyId });
    const policy = (await f.kms.getKeyPolicy({ KeyId: b.KeyId })).Policy;
    await denyService(f, b);
    await expectError(f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`), 'AccessDeniedException');
    await refusedNothing();

    // Enabled and usable: the restore goes through.
    await f.kms.putKeyPolicy({ KeyId: b.KeyId, Policy: policy });
    await f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`);
    expect(await dump(f.store, 'back')).toEqual(rows);
    expect(f.store.describeTable(KS, 'back').status).toBe('ACTIVE');
  });
});

describe('the second grant of a table [seed 001]', () => {
  it('the second grant serves the automatic backup that guards against the store losing access to the key: with the table-operations grant revoked, the table is backed up at 7 days and the backup restores [seed 001 §Notes]', async () => {
    const f = await openLifecycle();
    const key = await createCmk(f);
    const id = (await cmkTable(f, key)).schema.id;
    await writeRows(f, 8);
    const rows = await dump(f.store);
    expect(await grantNames(f, key)).toEqual([`sealtable_${id}_v1`, `sealtable_${id}_v1_backup`]);
    // The store loses its access: the table-operations grant is revoked, the key stays enabled.
    await f.kms.revokeGrant({ KeyId: key.KeyId, GrantId: f.store.describeTable(KS, 't').keys[0]!.grantIds[0]! });
    await f.clock.advance(CHECK);
    expect(f.store.describeTable(KS, 't').status).toBe(INACCESSIBLE);
    expect(f.store.describeTable(KS, 't').inaccessible?.cause).toBe('AccessDeniedException');
    await f.clock.advance(GRACE);
    expect(f.store.tables(KS)).toEqual([]);
    const [backup] = await f.store.backups();
    expect(backup).toMatchObject({ reason: 'INACCESSIBLE_KEY' });
    // The backup grant is still there, and through it the backup restores into a new table.
    expect(await grantNames(f, key)).toEqual([`sealtable_${id}_v1_backup`]);
    await f.store.execute(`RESTORE TABLE ${KS}.back FROM TABLE ${KS}.t`);
    expect(await dump(f.store, 'back')).toEqual(rows);
    expect(ofType(f.events, 'TABLE_RESTORED')).toEqual([expect.objectContaining({ table: 'back', backupId: backup!.backupId })]);
    expectNoBackgroundErrors(f);
  });
});
