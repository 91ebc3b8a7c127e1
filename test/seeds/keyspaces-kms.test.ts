/**
 * @module test/seeds/keyspaces-kms
 * Seed 001 (French, "Fonctionnement du chiffrement au repos dans Amazon Keyspaces"), KMS level
 * only: what the KMS sees when a table store keeps its table keys under a KMS key — GenerateDataKey
 * and Decrypt by the service principal through its grants, with the table in the encryption
 * context, in the audit trail; and that every Decrypt sees the key's current access. The table
 * store itself (key hierarchy, 5-minute cache, key change, inaccessible keys, backups) comes in
 * issues 3 and 5; docs/seed-coverage.md marks those sentences "later".
 */
import { describe, expect, it } from 'vitest';
import type { KeyMetadata, LocalKms } from '../../src/index.js';
import { allowPolicy, closeKmsAfterEach, expectError, newKey, openKms, policyWith, role, trail } from './_helpers.js';

closeKmsAfterEach();

const CASSANDRA = 'cassandra.amazonaws.com';
const TABLE = { table: 'shop.orders' };

/** A customer-managed key on which the service holds a Decrypt + GenerateDataKey grant bound to the table. */
async function tableOnCustomerKey(): Promise<{ kms: LocalKms; key: KeyMetadata; service: LocalKms; grantId: string }> {
  const { kms } = await openKms();
  const key = await newKey(kms, { Description: 'shop.orders' });
  const { GrantId } = await kms.createGrant({
    KeyId: key.KeyId,
    GranteePrincipal: CASSANDRA,
    RetiringPrincipal: CASSANDRA,
    Operations: ['GenerateDataKey', 'Decrypt', 'DescribeKey'],
    Constraints: { EncryptionContextSubset: TABLE },
  });
  return { kms, key, service: kms.as(CASSANDRA), grantId: GrantId };
}

describe('table keys are KMS data keys [seed 001 §Clé de table]', () => {
  it('setting a customer-managed key on a table makes the KMS generate a data key, the table key: a 256-bit GenerateDataKey by the service, through its grant, with the table as encryption context [seed 001 §Clé de table]', async () => {
    const { kms, key, service } = await tableOnCustomerKey();
    const tableKey = await service.generateDataKey({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: TABLE });
    expect([tableKey.Plaintext.length, tableKey.KeyId]).toEqual([32, key.Arn]);
    // Outside the grant's constraint the service gets nothing.
    await expectError(service.generateDataKey({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: { table: 'shop.other' } }), 'AccessDeniedException');
    const records = (await trail(kms, { EventName: 'GenerateDataKey' })).filter((r) => r.errorCode === undefined);
    expect(records.map((r) => [r.userIdentity['invokedBy'], r.requestParameters])).toEqual([[CASSANDRA, { keyId: key.Arn, keySpec: 'AES_256', encryptionContext: TABLE }]]);
  });

  it('accessing an encrypted table, the service asks the KMS to decrypt the table key with the KMS key; the trail shows that Decrypt with the table\'s context [seed 001 §Clé de table]', async () => {
    const { kms, key, service } = await tableOnCustomerKey();
    const stored = (await service.generateDataKey({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: TABLE })).CiphertextBlob;
    const { Plaintext, KeyId } = await service.decrypt({ CiphertextBlob: stored, EncryptionContext: TABLE });
    expect([Plaintext.length, KeyId]).toEqual([32, key.Arn]);
    const [record] = (await trail(kms, { EventName: 'Decrypt' })).slice(-1);
    expect(record).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: CASSANDRA },
      requestParameters: { keyId: key.Arn, encryptionContext: TABLE },
      resources: [{ ARN: key.Arn }],
    });
  });
});

describe('each Decrypt sees the key\'s current access [seed 001 §Mise en cache des clés de table]', () => {
  it('a new Decrypt of the table key captures every change to the KMS key\'s access since the last one: a revoked grant, a key-policy Deny, a removed IAM permission [seed 001 §Mise en cache des clés de table]', async () => {
    const { kms, key, service, grantId } = await tableOnCustomerKey();
    const stored = (await service.generateDataKey({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: TABLE })).CiphertextBlob;
    const open = (caller: LocalKms): Promise<unknown> => caller.decrypt({ CiphertextBlob: stored, EncryptionContext: TABLE });
    // A grant revoked in the KMS.
    await open(service);
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId: grantId });
    await expectError(open(service), 'AccessDeniedException');
    // A key policy changed in the KMS.
    const app = kms.as(role('App'));
    await kms.setIdentityPolicy({ Principal: app.principal, Policy: allowPolicy('kms:Decrypt') });
    await open(app);
    const original = (await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy;
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: await policyWith(kms, key.KeyId, { Effect: 'Deny', Principal: { AWS: app.principal }, Action: 'kms:Decrypt', Resource: '*' }) });
    await expectError(open(app), 'AccessDeniedException', 'explicit deny');
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: original });
    await open(app);
    // A permission removed in IAM.
    await kms.setIdentityPolicy({ Principal: app.principal });
    await expectError(open(app), 'AccessDeniedException', 'no identity-based policy');
  });
});

describe('grants of a table [seed 001 §Notes d\'utilisation]', () => {
  it('two grants for one table on one key are independent: retiring the first (table deleted) leaves the second (automatic backup) in force until it is retired too [seed 001 §Notes d\'utilisation]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const grant = (name: string): Promise<{ GrantId: string }> =>
      kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: CASSANDRA, RetiringPrincipal: CASSANDRA, Operations: ['Decrypt', 'GenerateDataKey'], Name: name, Constraints: { EncryptionContextSubset: TABLE } });
    const table = await grant('shop_orders-table');
    const backup = await grant('shop_orders-backup');
    expect(table.GrantId).not.toBe(backup.GrantId);
    const service = kms.as(CASSANDRA);
    const stored = (await service.generateDataKey({ KeyId: key.Arn, KeySpec: 'AES_256', EncryptionContext: TABLE })).CiphertextBlob;
    await service.retireGrant({ KeyId: key.KeyId, GrantId: table.GrantId });
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants.map((g) => g.Name)).toEqual(['shop_orders-backup']);
    expect((await service.decrypt({ CiphertextBlob: stored, EncryptionContext: TABLE })).KeyId).toBe(key.Arn);
    await service.retireGrant({ KeyId: key.KeyId, GrantId: backup.GrantId });
    await expectError(service.decrypt({ CiphertextBlob: stored, EncryptionContext: TABLE }), 'AccessDeniedException');
  });
});
