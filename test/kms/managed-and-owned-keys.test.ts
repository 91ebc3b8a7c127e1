/**
 * AWS-managed and AWS-owned keys (seed 003 "Concepts AWS KMS": "Clés gérées par AWS" and
 * "Clés détenues par AWS"; kms.md §3 ListAliases). An AWS-managed key lives in the customer's
 * account, appears under `alias/aws/<service>`, rotates every year (mandatory, unchangeable), is
 * visible (metadata, policy, audit) but cannot be managed by the customer, and is used only
 * through its service. An AWS-owned key lives in a service account: it is not listed, not
 * audited in the customer's trail, and used only by the service that owns it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock/index.js';
import type { KeyMetadata, LocalKms } from '../../src/kms/index.js';
import { ACCOUNT, DAY_MS, PLAINTEXT, ROOT, START, expectError, openKms } from './_helpers.js';

const S3_VIA = 's3.us-east-1.amazonaws.com';
const CASSANDRA = 'cassandra.amazonaws.com';
const DYNAMODB = 'dynamodb.amazonaws.com';

let kms: LocalKms;
let clock: ManualClock;

beforeEach(async () => {
  ({ kms, clock } = await openKms());
});
afterEach(async () => {
  await kms.close();
});

/** Uses alias/aws/s3 for the first time (DescribeKey, which the account may call) and returns the key. */
async function s3Key(): Promise<KeyMetadata> {
  return (await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata;
}

describe('AWS-managed keys', () => {
  it('no AWS-managed key exists before alias/aws/<service> is first used', async () => {
    expect((await kms.listKeys()).Keys).toEqual([]);
    expect((await kms.listAliases()).Aliases).toEqual([]);
  });

  it('the first use of alias/aws/s3 creates an Enabled symmetric key with KeyManager AWS', async () => {
    await clock.advance(5_000);
    const md = await s3Key();
    expect(md.KeyManager).toBe('AWS');
    expect(md.KeyState).toBe('Enabled');
    expect(md.KeySpec).toBe('SYMMETRIC_DEFAULT');
    expect(md.KeyUsage).toBe('ENCRYPT_DECRYPT');
    expect(md.AWSAccountId).toBe(ACCOUNT);
    expect(md.Arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${md.KeyId}`);
    expect(md.CreationDate).toEqual(new Date(START + 5_000));
  });

  it('later uses of alias/aws/s3 name the same key; another service gets another key', async () => {
    const first = await s3Key();
    const again = await s3Key();
    const ebs = (await kms.describeKey({ KeyId: 'alias/aws/ebs' })).KeyMetadata;
    expect(again.KeyId).toBe(first.KeyId);
    expect(ebs.KeyId).not.toBe(first.KeyId);
    expect((await kms.listKeys()).Keys).toHaveLength(2);
  });

  it('an AWS-managed key has automatic rotation enabled every 365 days', async () => {
    const md = await s3Key();
    const status = await kms.getKeyRotationStatus({ KeyId: md.KeyId });
    expect(status.KeyRotationEnabled).toBe(true);
    expect(status.RotationPeriodInDays).toBe(365);
    expect(status.NextRotationDate).toEqual(new Date(START + 365 * DAY_MS));
  });

  it('an AWS-managed key rotates by itself one year (365 days) after its creation', async () => {
    const md = await s3Key();
    await clock.advance(365 * DAY_MS - 1);
    expect((await kms.listKeyRotations({ KeyId: md.KeyId })).Rotations).toEqual([]);
    await clock.advance(1);
    const { Rotations } = await kms.listKeyRotations({ KeyId: md.KeyId });
    expect(Rotations.map((r) => [r.RotationType, r.RotationDate])).toEqual([['AUTOMATIC', new Date(START + 365 * DAY_MS)]]);
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.CurrentKeyMaterialId).not.toBe(md.CurrentKeyMaterialId);
  });

  it('an AWS-managed key is listed by ListKeys', async () => {
    const md = await s3Key();
    expect((await kms.listKeys()).Keys).toEqual([{ KeyId: md.KeyId, KeyArn: md.Arn }]);
  });

  it('ListAliases lists alias/aws/s3 with the managed key as target', async () => {
    const md = await s3Key();
    const { Aliases } = await kms.listAliases();
    expect(Aliases.map((a) => [a.AliasName, a.AliasArn, a.TargetKeyId])).toEqual([
      ['alias/aws/s3', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`, md.KeyId],
    ]);
    expect((await kms.listAliases({ KeyId: md.KeyId })).Aliases.map((a) => a.AliasName)).toEqual(['alias/aws/s3']);
  });

  it('calls on an AWS-managed key are audited with the key as resource', async () => {
    const md = await s3Key();
    await kms.as(ROOT, { viaService: S3_VIA }).encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT });
    const { Events } = await kms.lookupEvents({ KeyId: md.Arn });
    expect(Events.map((e) => e.EventName).sort()).toEqual(['DescribeKey', 'Encrypt']);
    for (const e of Events) expect(e.Resources).toContainEqual({ ResourceType: 'AWS::KMS::Key', ResourceName: md.Arn });
  });

  it('the account can read an AWS-managed key\'s policy', async () => {
    const md = await s3Key();
    const { Policy } = await kms.getKeyPolicy({ KeyId: md.KeyId });
    expect(JSON.parse(Policy)).toHaveProperty('Statement');
  });

  it('the account root cannot disable an AWS-managed key\'s rotation (AccessDeniedException), and rotation stays on', async () => {
    const md = await s3Key();
    const error = await expectError(kms.disableKeyRotation({ KeyId: md.KeyId }), 'AccessDeniedException');
    expect(['UnsupportedOperationException', 'AccessDeniedException']).toContain(error.name);
    expect((await kms.getKeyRotationStatus({ KeyId: md.KeyId })).KeyRotationEnabled).toBe(true);
  });

  it('the account root cannot change an AWS-managed key\'s rotation period (AccessDeniedException), and it stays 365 days', async () => {
    const md = await s3Key();
    const error = await expectError(kms.enableKeyRotation({ KeyId: md.KeyId, RotationPeriodInDays: 90 }), 'AccessDeniedException');
    expect(['UnsupportedOperationException', 'AccessDeniedException']).toContain(error.name);
    const status = await kms.getKeyRotationStatus({ KeyId: md.KeyId });
    expect(status.KeyRotationEnabled).toBe(true);
    expect(status.RotationPeriodInDays).toBe(365);
  });

  it('the account root cannot schedule an AWS-managed key for deletion (AccessDeniedException)', async () => {
    const md = await s3Key();
    await expectError(kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 }), 'AccessDeniedException');
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('Enabled');
    expect(after.DeletionDate).toBeUndefined();
  });

  it('the account root cannot disable an AWS-managed key (AccessDeniedException)', async () => {
    const md = await s3Key();
    await expectError(kms.disableKey({ KeyId: md.KeyId }), 'AccessDeniedException');
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('the account root cannot replace an AWS-managed key\'s policy (AccessDeniedException)', async () => {
    const md = await s3Key();
    const before = (await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy;
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' }] });
    await expectError(kms.putKeyPolicy({ KeyId: md.KeyId, Policy: policy, BypassPolicyLockoutSafetyCheck: true }), 'AccessDeniedException');
    expect((await kms.getKeyPolicy({ KeyId: md.KeyId })).Policy).toBe(before);
  });

  it('the account root cannot tag or re-describe an AWS-managed key (AccessDeniedException)', async () => {
    const md = await s3Key();
    await expectError(kms.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }), 'AccessDeniedException');
    await expectError(kms.updateKeyDescription({ KeyId: md.KeyId, Description: 'mine' }), 'AccessDeniedException');
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.Description).toBe(md.Description);
  });

  it('through its service (kms:ViaService s3.us-east-1.amazonaws.com) the account can Encrypt, Decrypt and GenerateDataKey', async () => {
    const viaS3 = kms.as(ROOT, { viaService: S3_VIA });
    const md = await s3Key();
    const enc = await viaS3.encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT, EncryptionContext: { bucket: 'b' } });
    expect(enc.KeyId).toBe(md.Arn);
    expect((await viaS3.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { bucket: 'b' } })).Plaintext).toEqual(PLAINTEXT);
    const dk = await viaS3.generateDataKey({ KeyId: 'alias/aws/s3', KeySpec: 'AES_256' });
    expect(dk.KeyId).toBe(md.Arn);
  });

  it('the first use may come through the service itself (Encrypt creates the key)', async () => {
    const out = await kms.as(ROOT, { viaService: S3_VIA }).encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT });
    expect((await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata.Arn).toBe(out.KeyId);
  });

  it('without kms:ViaService the account cannot Encrypt with an AWS-managed key (AccessDeniedException)', async () => {
    await s3Key();
    await expectError(kms.encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT }), 'AccessDeniedException');
  });

  it('without kms:ViaService the account cannot Decrypt what the service encrypted (AccessDeniedException)', async () => {
    const { CiphertextBlob } = await kms.as(ROOT, { viaService: S3_VIA }).encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT });
    await expectError(kms.decrypt({ CiphertextBlob }), 'AccessDeniedException');
  });

  it('through another service the account cannot use alias/aws/s3 (AccessDeniedException)', async () => {
    await s3Key();
    await expectError(
      kms.as(ROOT, { viaService: 'dynamodb.us-east-1.amazonaws.com' }).encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT }),
      'AccessDeniedException',
    );
  });

  it('a refused first use still creates the AWS-managed key (it is the service\'s, not the call\'s)', async () => {
    await expectError(kms.encrypt({ KeyId: 'alias/aws/s3', Plaintext: PLAINTEXT }), 'AccessDeniedException');
    expect((await kms.listAliases()).Aliases.map((a) => a.AliasName)).toEqual(['alias/aws/s3']);
  });
});

describe('AWS-owned keys', () => {
  const cassandra = (): LocalKms => kms.as(CASSANDRA);

  it('getAwsOwnedKey gives the calling service a symmetric key with KeyManager AWS in account 000000000000', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    expect(md.KeyManager).toBe('AWS');
    expect(md.KeyState).toBe('Enabled');
    expect(md.KeySpec).toBe('SYMMETRIC_DEFAULT');
    expect(md.AWSAccountId).toBe('000000000000');
    expect(md.Arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${md.KeyId}`);
  });

  it('getAwsOwnedKey is idempotent per name: the same name gives the same key', async () => {
    const a = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    await clock.advance(DAY_MS);
    const b = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    expect(b.KeyId).toBe(a.KeyId);
    expect(b.CreationDate).toEqual(a.CreationDate);
  });

  it('another name, or another service with the same name, gives another key', async () => {
    const t1 = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    const t2 = (await cassandra().getAwsOwnedKey({ Name: 't2' })).KeyMetadata;
    const dynamo = (await kms.as(DYNAMODB).getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    expect(new Set([t1.KeyId, t2.KeyId, dynamo.KeyId]).size).toBe(3);
  });

  it('AWS-owned keys are not listed by ListKeys', async () => {
    const mine = (await kms.createKey()).KeyMetadata;
    await cassandra().getAwsOwnedKey({ Name: 't1' });
    expect((await kms.listKeys()).Keys).toEqual([{ KeyId: mine.KeyId, KeyArn: mine.Arn }]);
  });

  it('the owning service can GenerateDataKey and Decrypt with its AWS-owned key (by ARN)', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    const dk = await cassandra().generateDataKey({ KeyId: md.Arn, KeySpec: 'AES_256', EncryptionContext: { table: 'orders' } });
    expect(dk.KeyId).toBe(md.Arn);
    const back = await cassandra().decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { table: 'orders' } });
    expect(back.Plaintext).toEqual(dk.Plaintext);
    expect(back.KeyId).toBe(md.Arn);
  });

  it('the use of an AWS-owned key leaves nothing in the audit trail', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    const dk = await cassandra().generateDataKey({ KeyId: md.Arn, KeySpec: 'AES_256' });
    await cassandra().decrypt({ CiphertextBlob: dk.CiphertextBlob });
    await cassandra().decrypt({ CiphertextBlob: dk.CiphertextBlob, KeyId: md.Arn });
    expect((await kms.lookupEvents({ KeyId: md.Arn })).Events).toEqual([]);
    expect((await kms.lookupEvents({ KeyId: md.KeyId })).Events).toEqual([]);
    const all = (await kms.lookupEvents()).Events;
    expect(all.filter((e) => e.CloudTrailEvent.includes(md.KeyId))).toEqual([]);
  });

  it('the account root cannot use an AWS-owned key by ARN (AccessDeniedException)', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    await expectError(kms.generateDataKey({ KeyId: md.Arn, KeySpec: 'AES_256' }), 'AccessDeniedException');
    await expectError(kms.describeKey({ KeyId: md.Arn }), 'AccessDeniedException');
  });

  it('the account root cannot find an AWS-owned key by key id (NotFoundException)', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    await expectError(kms.describeKey({ KeyId: md.KeyId }), 'NotFoundException');
    await expectError(kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT }), 'NotFoundException');
  });

  it('the account root cannot Decrypt what a service encrypted under its AWS-owned key', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    const { CiphertextBlob } = await cassandra().encrypt({ KeyId: md.Arn, Plaintext: PLAINTEXT });
    expect(['AccessDeniedException', 'NotFoundException']).toContain(await settle(kms.decrypt({ CiphertextBlob })));
  });

  it('another service cannot use an AWS-owned key (AccessDeniedException or NotFoundException)', async () => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    const dynamo = kms.as(DYNAMODB);
    const byArn = await settle(dynamo.generateDataKey({ KeyId: md.Arn, KeySpec: 'AES_256' }));
    expect(['AccessDeniedException', 'NotFoundException']).toContain(byArn);
    const { CiphertextBlob } = await cassandra().encrypt({ KeyId: md.Arn, Plaintext: PLAINTEXT });
    expect(['AccessDeniedException', 'NotFoundException']).toContain(await settle(dynamo.decrypt({ CiphertextBlob })));
  });

  it.each([
    ['the owning service', CASSANDRA],
    ['another service', DYNAMODB],
    ['the account root', ROOT],
  ])('%s cannot disable an AWS-owned key', async (_who, principal) => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    expect(['AccessDeniedException', 'NotFoundException', 'UnsupportedOperationException']).toContain(
      await settle(kms.as(principal).disableKey({ KeyId: md.Arn })),
    );
    expect((await cassandra().describeKey({ KeyId: md.Arn })).KeyMetadata.KeyState).toBe('Enabled');
  });

  it.each([
    ['the owning service', CASSANDRA],
    ['another service', DYNAMODB],
    ['the account root', ROOT],
  ])('%s cannot schedule an AWS-owned key for deletion', async (_who, principal) => {
    const md = (await cassandra().getAwsOwnedKey({ Name: 't1' })).KeyMetadata;
    expect(['AccessDeniedException', 'NotFoundException', 'UnsupportedOperationException']).toContain(
      await settle(kms.as(principal).scheduleKeyDeletion({ KeyId: md.Arn, PendingWindowInDays: 7 })),
    );
    const after = (await cassandra().describeKey({ KeyId: md.Arn })).KeyMetadata;
    expect(after.KeyState).toBe('Enabled');
    expect(after.DeletionDate).toBeUndefined();
  });

  it.each([
    ['the account root', ROOT],
    ['an IAM role', `arn:aws:iam::${ACCOUNT}:role/App`],
  ])('getAwsOwnedKey called by %s fails with AccessDeniedException', async (_who, principal) => {
    await expectError(kms.as(principal).getAwsOwnedKey({ Name: 't1' }), 'AccessDeniedException');
  });
});

/** The `name` of the error a call fails with, or 'resolved' when it succeeds. */
async function settle(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}
