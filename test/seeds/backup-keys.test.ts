/**
 * @module test/seeds/backup-keys
 * Seed 000 (French, "Chiffrement des informations d'identification de l'hyperviseur de machine
 * virtuelle", AWS Backup): the KMS side of its sentences — credentials under an AWS-owned key by
 * default, a customer-managed key instead, kms:Decrypt checked before a job, the service's grant
 * and its removal. Hypervisors, gateways and backup jobs are out of scope; the gateway is a
 * service principal calling the KMS. The full flow with its CloudTrail events (CreateGrant,
 * Encrypt, Decrypt, DescribeKey, RetireGrant) is test/kms/audit-trail.test.ts › "a service flow
 * (seed 000 …)". docs/seed-coverage.md maps every sentence.
 */
import { describe, expect, it } from 'vitest';
import { allowPolicy, closeKmsAfterEach, expectError, lastRecord, newKey, openKms, policyWith, role, text, trail, utf8 } from './_helpers.js';

closeKmsAfterEach();

const GATEWAY = 'backup-gateway.amazonaws.com';
const CREDENTIALS = JSON.stringify({ username: 'vcenter-admin', password: 'correct horse battery staple' });

describe('AWS-owned keys by default [seed 000 §clés AWS détenues et gérées par le client]', () => {
  it('by default the service encrypts the hypervisor credentials under its AWS-owned key automatically: no action by the customer, no key in the account, nothing in its trail [seed 000 §clés AWS détenues]', async () => {
    const { kms } = await openKms();
    const gateway = kms.as(GATEWAY);
    const owned = (await gateway.getAwsOwnedKey({ Name: 'hypervisor-credentials' })).KeyMetadata;
    expect([owned.KeyManager, owned.AWSAccountId]).toEqual(['AWS', '000000000000']);
    const { CiphertextBlob } = await gateway.encrypt({ KeyId: owned.Arn, Plaintext: utf8(CREDENTIALS), EncryptionContext: { hypervisor: 'hv-1' } });
    expect(text((await gateway.decrypt({ CiphertextBlob, EncryptionContext: { hypervisor: 'hv-1' } })).Plaintext)).toBe(CREDENTIALS);
    // The customer did nothing and sees nothing.
    expect(await trail(kms)).toEqual([]);
    expect((await kms.listKeys()).Keys).toEqual([]);
    expect((await kms.listAliases()).Aliases).toEqual([]);
  });
});

describe('customer-managed keys [seed 000 §clés gérées par le client]', () => {
  it('with a customer-managed key the service checks before a backup or restore job that the role may decrypt with it: refused until kms:Decrypt is added to the role [seed 000 §clés gérées par le client]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms, { Description: 'hypervisor credentials' });
    const jobRole = kms.as(role('BackupJobs'));
    const check = (): Promise<unknown> => jobRole.decrypt({ KeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] });
    await expectError(check(), 'AccessDeniedException', 'kms:Decrypt');
    await kms.setIdentityPolicy({ Principal: jobRole.principal, Policy: allowPolicy('kms:Decrypt') });
    await expectError(check(), 'DryRunOperationException');
    // The check decrypts nothing, and both checks are in the trail.
    const checks = (await trail(kms, { EventName: 'Decrypt' })).map((r) => [r.userIdentity['arn'], r.errorCode]);
    expect(checks).toEqual([
      [jobRole.principal, 'AccessDeniedException'],
      [jobRole.principal, 'DryRunOperationException'],
    ]);
  });

  it('removing the service\'s access at any time makes its decrypts fail: by a key-policy Deny while its grant remains, or by revoking the grant, even while the key is disabled [seed 000 §Octroi requis]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const gateway = kms.as(GATEWAY);
    const { GrantId } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: GATEWAY, Operations: ['Encrypt', 'Decrypt'] });
    const { CiphertextBlob } = await gateway.encrypt({ KeyId: key.KeyId, Plaintext: utf8(CREDENTIALS) });
    expect(text((await gateway.decrypt({ CiphertextBlob })).Plaintext)).toBe(CREDENTIALS);
    // Removed in the key policy: the grant is still there, and no longer enough.
    const original = (await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy;
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: await policyWith(kms, key.KeyId, { Effect: 'Deny', Principal: { Service: GATEWAY }, Action: 'kms:*', Resource: '*' }) });
    await expectError(gateway.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants.map((g) => g.GrantId)).toEqual([GrantId]);
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: original });
    expect(text((await gateway.decrypt({ CiphertextBlob })).Plaintext)).toBe(CREDENTIALS);
    // Revoked, at any time: here while the key is disabled.
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId });
    await kms.enableKey({ KeyId: key.KeyId });
    await expectError(gateway.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    expect((await lastRecord(kms, 'Decrypt')).userIdentity).toEqual({ type: 'AWSService', invokedBy: GATEWAY });
  });
});
