/**
 * @module test/kms/access
 * Access decisions of the local KMS (docs kms.md §3 default key policy, §6 grants vs policies;
 * seed 003 "Politique de clé"; seed 000: AWS Backup needs kms:Decrypt on the role): the default
 * key policy, IAM identity policies (`setIdentityPolicy`), explicit Deny, principals named in
 * the key policy, encryption-context conditions, account-level operations, other accounts.
 */
import { describe, expect, it } from 'vitest';
import {
  FOREIGN_ROLE,
  FOREIGN_ROOT,
  ROLE,
  allowPolicy,
  closeKmsAfterEach,
  expectError,
  keyPolicy,
  newKey,
  openKms,
  utf8,
} from './_access-helpers.js';

closeKmsAfterEach();

const DATA = utf8('access-controlled payload');

describe('key policy and identity policies', () => {
  it('the default key policy allows the account root every operation', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms, { Description: 'root-managed' });
    const KeyId = key.KeyId;
    await kms.describeKey({ KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: DATA, EncryptionContext: { a: '1' } });
    expect((await kms.decrypt({ CiphertextBlob, EncryptionContext: { a: '1' } })).Plaintext).toEqual(DATA);
    await kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { a: '1' }, DestinationKeyId: KeyId });
    await kms.generateDataKey({ KeyId, KeySpec: 'AES_256' });
    await kms.generateDataKeyWithoutPlaintext({ KeyId, NumberOfBytes: 16 });
    const { GrantId } = await kms.createGrant({ KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'] });
    await kms.listGrants({ KeyId });
    await kms.revokeGrant({ KeyId, GrantId });
    await kms.createAlias({ AliasName: 'alias/root', TargetKeyId: KeyId });
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'team', TagValue: 'core' }] });
    await kms.untagResource({ KeyId, TagKeys: ['team'] });
    await kms.updateKeyDescription({ KeyId, Description: 'changed' });
    await kms.enableKeyRotation({ KeyId });
    await kms.getKeyRotationStatus({ KeyId });
    await kms.rotateKeyOnDemand({ KeyId });
    await kms.listKeyRotations({ KeyId });
    const { Policy } = await kms.getKeyPolicy({ KeyId });
    await kms.putKeyPolicy({ KeyId, Policy });
    await kms.listKeyPolicies({ KeyId });
    await kms.disableKey({ KeyId });
    await kms.enableKey({ KeyId });
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    await kms.cancelKeyDeletion({ KeyId });
    const hmac = await newKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const { Mac } = await kms.generateMac({ KeyId: hmac.KeyId, Message: DATA, MacAlgorithm: 'HMAC_SHA_256' });
    await kms.verifyMac({ KeyId: hmac.KeyId, Message: DATA, Mac, MacAlgorithm: 'HMAC_SHA_256' });
    await kms.listKeys();
    await kms.listAliases();
    await kms.generateRandom({ NumberOfBytes: 8 });
  });

  it('a role with no identity policy gets AccessDeniedException with the AWS-style message', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    const role = kms.as(ROLE);
    const shape = (action: string) =>
      new RegExp(
        `^User: ${escape(ROLE)} is not authorized to perform: kms:${action} on resource: ${escape(key.Arn)} because no (identity|resource)-based policy allows the kms:${action} action$`,
      );
    await expectError(role.decrypt({ CiphertextBlob }), 'AccessDeniedException', shape('Decrypt'));
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException', shape('Encrypt'));
    await expectError(role.describeKey({ KeyId: key.KeyId }), 'AccessDeniedException', shape('DescribeKey'));
    await expectError(role.disableKey({ KeyId: key.KeyId }), 'AccessDeniedException', shape('DisableKey'));
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('an identity policy allowing kms:Decrypt lets the role Decrypt but not Encrypt', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    await kms.setIdentityPolicy({ Principal: ROLE, Policy: allowPolicy('kms:Decrypt') });
    const role = kms.as(ROLE);
    expect((await role.decrypt({ CiphertextBlob })).Plaintext).toEqual(DATA);
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
    // Removing the identity policy takes the permission away.
    await kms.setIdentityPolicy({ Principal: ROLE });
    await expectError(role.decrypt({ CiphertextBlob }), 'AccessDeniedException');
  });

  it('an explicit Deny for the role in the key policy wins over a grant and over an identity policy', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    await kms.setIdentityPolicy({ Principal: ROLE, Policy: allowPolicy('kms:Decrypt', 'kms:Encrypt') });
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt', 'Encrypt'] });
    const role = kms.as(ROLE);
    await role.decrypt({ CiphertextBlob });
    await kms.putKeyPolicy({
      KeyId: key.KeyId,
      Policy: keyPolicy({ Sid: 'NoReader', Effect: 'Deny', Principal: { AWS: ROLE }, Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' }),
    });
    await expectError(role.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
    // A grant alone (no identity policy) is also overridden.
    await kms.setIdentityPolicy({ Principal: ROLE });
    await expectError(role.decrypt({ CiphertextBlob }), 'AccessDeniedException');
  });

  it('a key policy naming the role allows it without an identity policy', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms, {
      Policy: keyPolicy({ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: '*' }),
    });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    const role = kms.as(ROLE);
    expect((await role.decrypt({ CiphertextBlob })).Plaintext).toEqual(DATA);
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
  });

  it('a key policy condition on kms:EncryptionContext:tenant is enforced', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms, {
      Policy: keyPolicy({
        Sid: 'AcmeOnly',
        Effect: 'Allow',
        Principal: { AWS: ROLE },
        Action: ['kms:Encrypt', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } },
      }),
    });
    const role = kms.as(ROLE);
    const { CiphertextBlob } = await role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { tenant: 'acme', table: 't' } });
    await role.decrypt({ CiphertextBlob, EncryptionContext: { tenant: 'acme', table: 't' } });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { tenant: 'globex' } }), 'AccessDeniedException');
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA, EncryptionContext: { tenant: 'ACME' } }), 'AccessDeniedException');
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: DATA }), 'AccessDeniedException');
  });

  it('account-level operations (CreateKey, ListKeys) are refused to a role without identity policy', async () => {
    const { kms } = await openKms();
    await newKey(kms);
    const role = kms.as(ROLE);
    await expectError(role.createKey({}), 'AccessDeniedException');
    await expectError(role.listKeys(), 'AccessDeniedException');
    expect((await kms.listKeys()).Keys).toHaveLength(1);
    await kms.setIdentityPolicy({ Principal: ROLE, Policy: allowPolicy('kms:ListKeys') });
    expect((await role.listKeys()).Keys).toHaveLength(1);
    await expectError(role.createKey({}), 'AccessDeniedException');
  });

  it('a principal of another account is refused, even with an identity policy of its own', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: DATA });
    await kms.setIdentityPolicy({ Principal: FOREIGN_ROLE, Policy: allowPolicy('kms:*') });
    for (const principal of [FOREIGN_ROLE, FOREIGN_ROOT]) {
      const foreign = kms.as(principal);
      await expectError(foreign.decrypt({ CiphertextBlob }), 'AccessDeniedException');
      await expectError(foreign.encrypt({ KeyId: key.Arn, Plaintext: DATA }), 'AccessDeniedException');
      await expectError(foreign.createGrant({ KeyId: key.Arn, GranteePrincipal: principal, Operations: ['Decrypt'] }), 'AccessDeniedException');
    }
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants).toHaveLength(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
