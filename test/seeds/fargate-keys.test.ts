/**
 * @module test/seeds/fargate-keys
 * Seed 002 (Italian, "Gestione delle AWS KMS chiavi per lo storage temporaneo Fargate per
 * Amazon ECS"): the KMS side of its sentences — rotation keeps old material, a disabled or
 * revoked key stops new use while data keys already obtained keep working, deletion waits at
 * least seven days, and the CloudTrail events of its examples. Fargate tasks themselves are out
 * of scope; a "task" here is a holder of a data key. docs/seed-coverage.md maps every sentence.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyMetadata, LocalKms } from '../../src/index.js';
import { DAY_MS, DRY_RUN_MESSAGE, START, closeKmsAfterEach, expectError, lastRecord, newKey, openKms, policyWith, text, trail, utf8 } from './_helpers.js';

closeKmsAfterEach();

const ACCOUNT = '111122223333';
const FARGATE = 'fargate.amazonaws.com';
const FARGATE_REGIONAL = 'fargate.us-west-2.amazonaws.com';
const EC2_REGIONAL = 'ec2.us-west-2.amazonaws.com';
/** The encryption context of the seed's examples. */
const CLUSTER = { 'aws:ecs:clusterAccount': ACCOUNT, 'aws:ecs:clusterName': 'cluster-name' };
const VOLUME = { ...CLUSTER, 'aws:ebs:id': 'vol-0123456789abcdef0' };

/** A "running task": it holds a plaintext data key and encrypts its storage locally. */
function taskCipher(dataKey: Uint8Array): { seal(p: string): Uint8Array[]; open(s: Uint8Array[]): string } {
  return {
    seal(p) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', dataKey, iv);
      const body = Buffer.concat([c.update(utf8(p)), c.final()]);
      return [iv, body, c.getAuthTag()];
    },
    open([iv, body, tag]) {
      const d = createDecipheriv('aes-256-gcm', dataKey, iv!);
      d.setAuthTag(tag!);
      return text(Buffer.concat([d.update(body!), d.final()]));
    },
  };
}

describe('automatic rotation [seed 002 §Rotazione automatica]', () => {
  it('rotation keeps every previous key material so all data encrypted under older versions decrypts, and rotated material is deleted only with the key [seed 002 §Rotazione automatica; seed 003 §AWS KMS keys]', async () => {
    const { kms, clock } = await openKms();
    const key = await newKey(kms);
    await kms.enableKeyRotation({ KeyId: key.KeyId });
    const v0 = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('v0') });
    await clock.advance(365 * DAY_MS);
    const v1 = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('v1') });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    const v2 = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('v2') });
    const { Rotations } = await kms.listKeyRotations({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(Rotations.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'NON_CURRENT', 'CURRENT']);
    const materials = Rotations.map((r) => r.KeyMaterialId);
    for (const [i, blob] of [v0, v1, v2].entries()) {
      const out = await kms.decrypt({ CiphertextBlob: blob.CiphertextBlob });
      expect([text(out.Plaintext), out.KeyMaterialId]).toEqual([`v${i}`, materials[i]]);
    }
    // Only deleting the key removes the material: afterwards no version decrypts.
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await clock.advance(DeletionDate.getTime() - clock.now());
    for (const blob of [v0, v1, v2]) await expectError(kms.decrypt({ CiphertextBlob: blob.CiphertextBlob }), 'NotFoundException', 'does not exist');
  });
});

describe('disabling or revoking a key [seed 002 §Disattivazione o revoca]', () => {
  it('disabling a key stops new cryptographic use while data keys already obtained keep working [seed 002 §Disattivazione]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    // A task started before: it obtained its data key and writes encrypted storage.
    const started = await kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 32, EncryptionContext: CLUSTER });
    const running = taskCipher(started.Plaintext);
    const before = running.seal('written before');
    await kms.disableKey({ KeyId: key.KeyId });
    // The running task continues for its whole life cycle: no KMS call is needed.
    const after = running.seal('written after');
    expect([running.open(before), running.open(after)]).toEqual(['written before', 'written after']);
    // A new task cannot get a data key, nor open the stored one.
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 64, EncryptionContext: CLUSTER }), 'DisabledException', 'is disabled.');
    await expectError(kms.decrypt({ CiphertextBlob: started.CiphertextBlob, EncryptionContext: CLUSTER }), 'DisabledException', 'is disabled.');
  });

  it('every refused use of a disabled key is recorded in CloudTrail with errorCode DisabledException, which an alarm can watch [seed 002 §Disattivazione]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: FARGATE, Operations: ['GenerateDataKeyWithoutPlaintext'] });
    await kms.disableKey({ KeyId: key.KeyId });
    await expectError(kms.as(FARGATE).generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 64, EncryptionContext: CLUSTER }), 'DisabledException');
    const record = await lastRecord(kms, 'GenerateDataKeyWithoutPlaintext');
    expect(record).toMatchObject({
      errorCode: 'DisabledException',
      errorMessage: `${key.Arn} is disabled.`,
      userIdentity: { type: 'AWSService', invokedBy: FARGATE },
      requestParameters: { keyId: key.KeyId, numberOfBytes: 64, encryptionContext: CLUSTER },
      resources: [{ ARN: key.Arn }],
    });
  });
});

describe('deleting a key [seed 002 §Eliminazione delle chiavi]', () => {
  it('deletion leaves at least seven days to change one\'s mind: 6 days is refused, and a key scheduled for 7 days can be rescued until its DeletionDate, its ciphertext intact [seed 002 §Eliminazione]', async () => {
    const { kms, clock } = await openKms();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('keep me') });
    await expectError(kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 6 }), 'ValidationException');
    await kms.disableKey({ KeyId: key.KeyId });
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    expect(DeletionDate).toEqual(new Date(START + 7 * DAY_MS));
    await clock.advance(7 * DAY_MS - 1);
    await kms.cancelKeyDeletion({ KeyId: key.KeyId });
    await kms.enableKey({ KeyId: key.KeyId });
    await clock.advance(DAY_MS);
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    expect(text((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('keep me');
  });

  it('new tasks that try to use a deleted key fail because they cannot reach it: GenerateDataKeyWithoutPlaintext and Decrypt answer NotFoundException [seed 002 §Eliminazione]', async () => {
    const { kms, clock } = await openKms();
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 64, EncryptionContext: CLUSTER });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await clock.advance(7 * DAY_MS);
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 64, EncryptionContext: CLUSTER }), 'NotFoundException', `Key '${key.Arn}' does not exist`);
    await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: CLUSTER }), 'NotFoundException', `Key '${key.Arn}' does not exist`);
  });
});

/**
 * The seed's flow: Fargate checks with DryRun, gets a data key without plaintext for the task's
 * volume and grants its regional principal Decrypt (retired by EC2); the grantee decrypts, and
 * the retiring principal retires the grant. The key policy lets Fargate do the first two only
 * for its cluster's context and only grant Decrypt (as the ECS guide's key policy does).
 */
async function fargateFlow(): Promise<{ kms: LocalKms; key: KeyMetadata; grantId: string }> {
  const { kms } = await openKms({ region: 'us-west-2' });
  const key = await newKey(kms, { Description: 'Fargate ephemeral storage' });
  const policy = await policyWith(
    kms,
    key.KeyId,
    {
      Sid: 'Allow generate data key access for Fargate tasks.',
      Effect: 'Allow',
      Principal: { Service: FARGATE },
      Action: ['kms:GenerateDataKeyWithoutPlaintext'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:ecs:clusterAccount': [ACCOUNT], 'kms:EncryptionContext:aws:ecs:clusterName': ['cluster-name'] } },
    },
    {
      Sid: 'Allow grant creation permission for Fargate tasks.',
      Effect: 'Allow',
      Principal: { Service: FARGATE },
      Action: ['kms:CreateGrant'],
      Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Decrypt'] } },
    },
  );
  await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: policy });
  const fargate = kms.as(FARGATE);
  await expectError(fargate.generateDataKeyWithoutPlaintext({ KeyId: key.Arn, NumberOfBytes: 64, EncryptionContext: CLUSTER, DryRun: true }), 'DryRunOperationException');
  await expectError(
    fargate.createGrant({ KeyId: key.Arn, GranteePrincipal: FARGATE_REGIONAL, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: CLUSTER }, DryRun: true }),
    'DryRunOperationException',
  );
  const { CiphertextBlob } = await fargate.generateDataKeyWithoutPlaintext({ KeyId: key.Arn, NumberOfBytes: 64, EncryptionContext: VOLUME });
  const { GrantId, GrantToken } = await fargate.createGrant({
    KeyId: key.Arn,
    GranteePrincipal: FARGATE_REGIONAL,
    Operations: ['Decrypt'],
    Constraints: { EncryptionContextSubset: VOLUME },
    RetiringPrincipal: EC2_REGIONAL,
  });
  const dataKey = await kms.as(FARGATE_REGIONAL).decrypt({ CiphertextBlob, EncryptionContext: VOLUME, GrantTokens: [GrantToken] });
  expect(dataKey.Plaintext.length).toBe(64);
  await kms.as(EC2_REGIONAL).retireGrant({ GrantToken });
  return { kms, key, grantId: GrantId };
}

describe('CloudTrail events [seed 002 §Controllo dell\'accesso alle AWS KMS chiavi]', () => {
  it('CloudTrail shows the CreateGrant, GenerateDataKeyWithoutPlaintext and Decrypt operations, with aws:ecs:clusterAccount and aws:ecs:clusterName in their encryption context [seed 002 §Controllo dell\'accesso]', async () => {
    const { kms, key } = await fargateFlow();
    const records = (await trail(kms, { KeyId: key.KeyId })).filter((r) => r.errorCode === undefined);
    expect(records.map((r) => r.eventName)).toEqual(['CreateKey', 'GetKeyPolicy', 'PutKeyPolicy', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant', 'Decrypt', 'RetireGrant']);
    const contextOf = (name: string): unknown => {
      const r = records.find((x) => x.eventName === name)!;
      return name === 'CreateGrant' ? (r.requestParameters?.['constraints'] as Record<string, unknown>)['encryptionContextSubset'] : r.requestParameters?.['encryptionContext'];
    };
    for (const name of ['GenerateDataKeyWithoutPlaintext', 'CreateGrant', 'Decrypt']) {
      expect({ name, context: contextOf(name) }).toEqual({ name, context: expect.objectContaining(CLUSTER) as unknown });
    }
  });

  it('the GenerateDataKeyWithoutPlaintext event is the seed\'s: an AWSService caller, numberOfBytes 64, keyId and encryptionContext, responseElements null, readOnly true, the key in resources [seed 002 §esempio GenerateDataKeyWithoutPlaintext]', async () => {
    const { kms, key } = await fargateFlow();
    const record = (await trail(kms, { EventName: 'GenerateDataKeyWithoutPlaintext' })).find((r) => r.errorCode === undefined)!;
    expect(record).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: FARGATE },
      eventSource: 'kms.amazonaws.com',
      eventName: 'GenerateDataKeyWithoutPlaintext',
      awsRegion: 'us-west-2',
      sourceIPAddress: FARGATE,
      userAgent: FARGATE,
      requestParameters: { numberOfBytes: 64, keyId: key.Arn, encryptionContext: VOLUME },
      responseElements: null,
      readOnly: true,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key.Arn }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
  });

  it('the DryRun GenerateDataKeyWithoutPlaintext and CreateGrant events carry errorCode DryRunOperationException, its message and responseElements null, and DryRun creates no grant [seed 002 §esempi (DryRun)]', async () => {
    const { kms, key } = await fargateFlow();
    for (const name of ['GenerateDataKeyWithoutPlaintext', 'CreateGrant']) {
      const dry = (await trail(kms, { EventName: name })).find((r) => r.errorCode !== undefined)!;
      expect({ name, errorCode: dry.errorCode, errorMessage: dry.errorMessage, responseElements: dry.responseElements, who: dry.userIdentity['invokedBy'] }).toEqual({
        name,
        errorCode: 'DryRunOperationException',
        errorMessage: DRY_RUN_MESSAGE,
        responseElements: null,
        who: FARGATE,
      });
    }
    // The only grant ever made was the real one, now retired.
    expect((await trail(kms, { EventName: 'CreateGrant' })).filter((r) => r.responseElements !== null)).toHaveLength(1);
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants).toEqual([]);
  });

  it('the DryRun events record "dryRun": true in requestParameters, as the seed\'s GenerateDataKeyWithoutPlaintext (DryRun) and CreateGrant (DryRun) examples show [seed 002 §esempi (DryRun)]', async () => {
    const { kms, key } = await fargateFlow();
    const dryGdk = (await trail(kms, { EventName: 'GenerateDataKeyWithoutPlaintext' })).find((r) => r.errorCode !== undefined)!;
    expect.soft(dryGdk.requestParameters).toEqual({ keyId: key.Arn, dryRun: true, numberOfBytes: 64, encryptionContext: CLUSTER });
    const dryGrant = (await trail(kms, { EventName: 'CreateGrant' })).find((r) => r.errorCode !== undefined)!;
    expect.soft(dryGrant.requestParameters).toEqual({
      keyId: key.Arn,
      granteePrincipal: FARGATE_REGIONAL,
      dryRun: true,
      operations: ['Decrypt'],
      constraints: { encryptionContextSubset: CLUSTER },
    });
  });

  it('the CreateGrant event is the seed\'s: granteePrincipal, operations, constraints.encryptionContextSubset and retiringPrincipal, responseElements grantId and key ARN, readOnly false [seed 002 §esempio CreateGrant]', async () => {
    const { kms, key, grantId } = await fargateFlow();
    const record = (await trail(kms, { EventName: 'CreateGrant' })).find((r) => r.errorCode === undefined)!;
    expect(record).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: FARGATE },
      requestParameters: {
        keyId: key.Arn,
        granteePrincipal: FARGATE_REGIONAL,
        operations: ['Decrypt'],
        constraints: { encryptionContextSubset: VOLUME },
        retiringPrincipal: EC2_REGIONAL,
      },
      responseElements: { grantId, keyId: key.Arn },
      readOnly: false,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key.Arn }],
    });
    expect(grantId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the RetireGrant event is the seed\'s: requestParameters null, responseElements with the key ARN, additionalEventData with the grant id [seed 002 §esempio RetireGrant]', async () => {
    const { kms, key, grantId } = await fargateFlow();
    const record = await lastRecord(kms, 'RetireGrant');
    expect(record).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: EC2_REGIONAL },
      requestParameters: null,
      additionalEventData: { grantId },
      readOnly: false,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key.Arn }],
    });
    expect(record.responseElements).toEqual({ keyId: key.Arn });
  });
});
