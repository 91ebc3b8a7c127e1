/**
 * @module test/kms/audit-trail
 * The CloudTrail-shaped audit trail of the local KMS (docs kms.md §9; seed 003 "Vérification
 * de l'utilisation de clé KMS"; seed 000: CreateGrant, Decrypt, Encrypt, DescribeKey events):
 * what each record holds, what it never holds, and `lookupEvents` (CloudTrail LookupEvents).
 */
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/kms/_records.js';
import {
  ACCOUNT,
  REGION,
  ROLE,
  ROOT,
  SERVICE,
  allowPolicy,
  auditRecords,
  closeKmsAfterEach,
  distinctBytes,
  expectError,
  lastRecord,
  newKey,
  openKms,
} from './_access-helpers.js';

closeKmsAfterEach();

const EC = { tenant: 'acme', table: 'orders' };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

describe('what is recorded', () => {
  it('every call on a customer-managed key is recorded, successes and failures with errorCode and errorMessage', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.encrypt({ KeyId: key.KeyId, Plaintext: distinctBytes(32, 1) });
    await kms.disableKey({ KeyId: key.KeyId });
    await expectError(kms.encrypt({ KeyId: key.KeyId, Plaintext: distinctBytes(32, 2) }), 'DisabledException');
    await expectError(kms.as(ROLE).describeKey({ KeyId: key.KeyId }), 'AccessDeniedException');
    const records = (await auditRecords(kms)).reverse();
    expect(records.map((r) => [r.eventName, r.errorCode ?? null])).toEqual([
      ['CreateKey', null],
      ['Encrypt', null],
      ['DisableKey', null],
      ['Encrypt', 'DisabledException'],
      ['DescribeKey', 'AccessDeniedException'],
    ]);
    const failed = records[3]!;
    expect(failed.errorMessage).toBe(`${key.Arn} is disabled.`);
    expect(records[4]!.errorMessage).toMatch(/^User: arn:aws:iam::111122223333:role\/Reader is not authorized to perform: kms:DescribeKey/);
    for (const ok of [records[0]!, records[1]!, records[2]!]) {
      expect(ok).not.toHaveProperty('errorCode');
      expect(ok).not.toHaveProperty('errorMessage');
    }
  });

  it('each record has eventVersion 1.11, eventSource kms.amazonaws.com, the region, and the manual clock time', async () => {
    const { kms, clock } = await openKms();
    const key = await newKey(kms);
    await clock.advance(90_000);
    await kms.describeKey({ KeyId: key.KeyId });
    const record = await lastRecord(kms, 'DescribeKey');
    expect(record).toMatchObject({
      eventVersion: '1.11',
      eventSource: 'kms.amazonaws.com',
      awsRegion: REGION,
      eventType: 'AwsApiCall',
      recipientAccountId: ACCOUNT,
    });
    expect(Date.parse(record.eventTime)).toBe(clock.now());
    expect(typeof record.eventID).toBe('string');
    expect(typeof record.requestID).toBe('string');
  });

  it("eventTime has CloudTrail's format: whole seconds, UTC, e.g. 2026-01-01T00:01:30Z", async () => {
    const { kms, clock } = await openKms();
    await clock.advance(90_000);
    await newKey(kms);
    const record = await lastRecord(kms, 'CreateKey');
    expect(record.eventTime).toBe(new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });

  it('userIdentity is Root for the account root', async () => {
    const { kms } = await openKms();
    await newKey(kms);
    expect((await lastRecord(kms, 'CreateKey')).userIdentity).toMatchObject({ type: 'Root', arn: ROOT, accountId: ACCOUNT });
  });

  it('userIdentity is AssumedRole for a role', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.setIdentityPolicy({ Principal: ROLE, Policy: allowPolicy('kms:DescribeKey') });
    await kms.as(ROLE).describeKey({ KeyId: key.KeyId });
    expect((await lastRecord(kms, 'DescribeKey')).userIdentity).toMatchObject({ type: 'AssumedRole', arn: ROLE, accountId: ACCOUNT });
  });

  it('userIdentity is AWSService with invokedBy for a service principal', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: SERVICE, Operations: ['GenerateDataKey'] });
    await kms.as(SERVICE).generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    expect((await lastRecord(kms, 'GenerateDataKey')).userIdentity).toMatchObject({ type: 'AWSService', invokedBy: SERVICE });
  });

  it('readOnly is true for crypto, Describe, List and Get calls and false for mutations', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const KeyId = key.KeyId;
    const { CiphertextBlob } = await kms.encrypt({ KeyId, Plaintext: distinctBytes(16, 3) });
    await kms.decrypt({ CiphertextBlob });
    await kms.generateDataKey({ KeyId, KeySpec: 'AES_256' });
    await kms.describeKey({ KeyId });
    await kms.listKeys();
    await kms.listGrants({ KeyId });
    await kms.getKeyPolicy({ KeyId });
    await kms.getKeyRotationStatus({ KeyId });
    const { GrantId } = await kms.createGrant({ KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'] });
    await kms.revokeGrant({ KeyId, GrantId });
    await kms.tagResource({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    await kms.disableKey({ KeyId });
    await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
    const readOnly = new Map((await auditRecords(kms)).map((r) => [r.eventName, r.readOnly]));
    for (const name of ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey', 'ListKeys', 'ListGrants', 'GetKeyPolicy', 'GetKeyRotationStatus'])
      expect([name, readOnly.get(name)]).toEqual([name, true]);
    for (const name of ['CreateKey', 'CreateGrant', 'RevokeGrant', 'TagResource', 'DisableKey', 'ScheduleKeyDeletion'])
      expect([name, readOnly.get(name)]).toEqual([name, false]);
  });

  it('resources name the key: accountId, type AWS::KMS::Key and its ARN', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: key.KeyId });
    await kms.encrypt({ KeyId: 'alias/orders', Plaintext: distinctBytes(16, 4) });
    expect((await lastRecord(kms, 'Encrypt')).resources).toEqual([{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key.Arn }]);
  });

  it('requestParameters are camelCase, with keyId and encryptionContext', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.encrypt({ KeyId: key.KeyId, Plaintext: distinctBytes(16, 5), EncryptionContext: EC });
    await kms.generateDataKey({ KeyId: key.KeyId, NumberOfBytes: 24, EncryptionContext: EC });
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 9 });
    expect((await lastRecord(kms, 'Encrypt')).requestParameters).toMatchObject({ keyId: key.KeyId, encryptionContext: EC });
    expect((await lastRecord(kms, 'GenerateDataKey')).requestParameters).toEqual({ keyId: key.KeyId, numberOfBytes: 24, encryptionContext: EC });
    expect((await lastRecord(kms, 'ScheduleKeyDeletion')).requestParameters).toEqual({ keyId: key.KeyId, pendingWindowInDays: 9 });
  });

  it('Encrypt, Decrypt and GenerateDataKey carry additionalEventData.keyMaterialId', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const material = key.CurrentKeyMaterialId;
    expect(material).toMatch(/^[0-9a-f]{64}$/);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: distinctBytes(16, 6) });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await kms.decrypt({ CiphertextBlob });
    const { KeyMaterialId: current } = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_128' });
    expect(current).not.toBe(material);
    expect((await lastRecord(kms, 'Encrypt')).additionalEventData).toEqual({ keyMaterialId: material });
    // Decrypt names the material that made the blob, not the current one.
    expect((await lastRecord(kms, 'Decrypt')).additionalEventData).toEqual({ keyMaterialId: material });
    expect((await lastRecord(kms, 'GenerateDataKey')).additionalEventData).toEqual({ keyMaterialId: current });
  });

  it('CreateGrant has responseElements {grantId, keyId: the key ARN}', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { GrantId } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'] });
    expect((await lastRecord(kms, 'CreateGrant')).responseElements).toEqual({ grantId: GrantId, keyId: key.Arn });
  });

  it('CreateGrant requestParameters carry keyId, granteePrincipal, operations, name and camelCase constraints', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    await kms.createGrant({
      KeyId: key.KeyId,
      GranteePrincipal: ROLE,
      Operations: ['Decrypt'],
      Name: 'backup',
      Constraints: { EncryptionContextSubset: EC },
    });
    expect((await lastRecord(kms, 'CreateGrant')).requestParameters).toEqual({
      keyId: key.KeyId,
      granteePrincipal: ROLE,
      operations: ['Decrypt'],
      name: 'backup',
      constraints: { encryptionContextSubset: EC },
    });
  });

  it('RetireGrant has requestParameters null and additionalEventData.grantId', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { GrantId, GrantToken } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'] });
    await kms.retireGrant({ GrantToken });
    const record = await lastRecord(kms, 'RetireGrant');
    expect(record.requestParameters).toBeNull();
    expect(record.additionalEventData).toEqual({ grantId: GrantId });
    expect(record.resources.map((r) => r.ARN)).toEqual([key.Arn]);
  });

  it('ScheduleKeyDeletion has responseElements keyId, keyState, deletionDate and pendingWindowInDays', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    const { responseElements } = await lastRecord(kms, 'ScheduleKeyDeletion');
    expect(responseElements).toMatchObject({ keyId: key.Arn, keyState: 'PendingDeletion', pendingWindowInDays: 7 });
    expect(Date.parse(String(responseElements?.['deletionDate']))).toBe(DeletionDate.getTime());
  });

  it('no record ever holds a plaintext, a data key, a ciphertext blob or a grant token', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const hmac = await newKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const secrets: Uint8Array[] = [];
    const tokens: string[] = [];
    const plaintext = distinctBytes(48, 7);
    secrets.push(plaintext);
    const enc = await kms.encrypt({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionContext: EC });
    secrets.push(enc.CiphertextBlob);
    secrets.push((await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: EC })).Plaintext);
    await expectError(kms.decrypt({ CiphertextBlob: enc.CiphertextBlob }), 'InvalidCiphertextException');
    const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: EC });
    secrets.push(dk.Plaintext, dk.CiphertextBlob);
    secrets.push((await kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 40 })).CiphertextBlob);
    const re = await kms.reEncrypt({ CiphertextBlob: dk.CiphertextBlob, SourceEncryptionContext: EC, DestinationKeyId: key.KeyId });
    secrets.push(re.CiphertextBlob);
    const message = distinctBytes(40, 8);
    const { Mac } = await kms.generateMac({ KeyId: hmac.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    secrets.push(message, Mac);
    await kms.verifyMac({ KeyId: hmac.KeyId, Message: message, Mac, MacAlgorithm: 'HMAC_SHA_256' });
    const grant = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Encrypt', 'CreateGrant'] });
    tokens.push(grant.GrantToken);
    await kms.describeKey({ KeyId: key.KeyId, GrantTokens: [grant.GrantToken] });
    await kms.as(ROLE).encrypt({ KeyId: key.KeyId, Plaintext: plaintext, GrantTokens: [grant.GrantToken] });
    const again = await kms.as(ROLE).createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Encrypt'], GrantTokens: [grant.GrantToken] });
    tokens.push(again.GrantToken);
    await kms.retireGrant({ GrantToken: again.GrantToken });
    await expectError(kms.retireGrant({ GrantToken: again.GrantToken }), 'InvalidGrantTokenException');
    await kms.revokeGrant({ KeyId: key.KeyId, GrantId: grant.GrantId });

    const records = await auditRecords(kms);
    expect(records.length).toBeGreaterThan(15);
    const trail = records.map((r) => JSON.stringify(r)).join('\n');
    // The scan finds what is there (the EC is logged in plaintext, as in CloudTrail).
    expect(trail).toContain('"tenant":"acme"');
    for (const bytes of secrets) {
      for (const encoded of [hex(bytes), b64(bytes), b64url(bytes), b64(bytes).replace(/=+$/, '')]) expect(trail).not.toContain(encoded);
    }
    for (const token of tokens) expect(trail).not.toContain(token);
  });

  it('calls on an AWS-owned key are not recorded', async () => {
    const { kms } = await openKms();
    const service = kms.as(SERVICE);
    const before = (await auditRecords(kms)).length;
    const { KeyMetadata } = await service.getAwsOwnedKey({ Name: 'x' });
    const dk = await service.generateDataKey({ KeyId: KeyMetadata.Arn, KeySpec: 'AES_256' });
    await service.decrypt({ CiphertextBlob: dk.CiphertextBlob });
    await expectError(service.decrypt({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { x: 'y' } }), 'InvalidCiphertextException');
    expect((await auditRecords(kms)).length).toBe(before);
    // A customer key call by the same service is recorded.
    const key = await newKey(kms);
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: SERVICE, Operations: ['GenerateDataKey'] });
    await service.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    expect((await auditRecords(kms, { EventName: 'GenerateDataKey' })).length).toBe(1);
  });
});

describe('a service flow (seed 000: AWS Backup with a customer managed key)', () => {
  it('checking kms:Decrypt, creating, using and retiring a grant leaves CreateGrant, Encrypt, Decrypt, DescribeKey and RetireGrant events', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms, { Description: 'hypervisor credentials' });
    const backupRole = `arn:aws:iam::${ACCOUNT}:role/BackupJobs`;
    const gateway = 'backup-gateway.amazonaws.com';
    await kms.setIdentityPolicy({ Principal: backupRole, Policy: allowPolicy('kms:Decrypt', 'kms:CreateGrant', 'kms:DescribeKey') });
    const role = kms.as(backupRole);
    // Before a job: may the role decrypt with this key?
    await expectError(role.decrypt({ KeyId: key.KeyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }), 'DryRunOperationException');
    const { GrantToken } = await role.createGrant({
      KeyId: key.KeyId,
      GranteePrincipal: gateway,
      Operations: ['Encrypt', 'Decrypt', 'DescribeKey', 'RetireGrant'],
    });
    const service = kms.as(gateway);
    await service.describeKey({ KeyId: key.KeyId, GrantTokens: [GrantToken] });
    const secret = distinctBytes(32, 11);
    const { CiphertextBlob } = await service.encrypt({ KeyId: key.KeyId, Plaintext: secret, GrantTokens: [GrantToken] });
    expect((await service.decrypt({ CiphertextBlob, GrantTokens: [GrantToken] })).Plaintext).toEqual(secret);
    // The hypervisor is removed: the gateway retires its grant and loses access.
    await service.retireGrant({ GrantToken });
    await expectError(service.decrypt({ CiphertextBlob }), 'AccessDeniedException');

    const records = (await auditRecords(kms, { KeyId: key.KeyId })).reverse();
    expect(records.map((r) => [r.eventName, r.userIdentity['type'], r.errorCode ?? null])).toEqual([
      ['CreateKey', 'Root', null],
      ['Decrypt', 'AssumedRole', 'DryRunOperationException'],
      ['CreateGrant', 'AssumedRole', null],
      ['DescribeKey', 'AWSService', null],
      ['Encrypt', 'AWSService', null],
      ['Decrypt', 'AWSService', null],
      ['RetireGrant', 'AWSService', null],
      ['Decrypt', 'AWSService', 'AccessDeniedException'],
    ]);
  });
});

describe('lookupEvents', () => {
  async function trail() {
    const { kms, clock } = await openKms();
    const t0 = clock.now();
    const a = await newKey(kms, { Description: 'a' });
    await clock.advance(60_000);
    const b = await newKey(kms, { Description: 'b' });
    await clock.advance(60_000);
    await kms.encrypt({ KeyId: a.KeyId, Plaintext: distinctBytes(16, 9) });
    await clock.advance(60_000);
    await kms.encrypt({ KeyId: b.KeyId, Plaintext: distinctBytes(16, 10) });
    await clock.advance(60_000);
    await kms.setIdentityPolicy({ Principal: ROLE, Policy: allowPolicy('kms:DescribeKey') });
    await kms.as(ROLE).describeKey({ KeyId: a.KeyId });
    await clock.advance(60_000);
    await kms.disableKey({ KeyId: a.KeyId });
    return { kms, clock, t0, a, b };
  }
  const names = (records: AuditRecord[]) => records.map((r) => r.eventName);

  it('lookupEvents filters by EventName', async () => {
    const { kms, a, b } = await trail();
    const records = await auditRecords(kms, { EventName: 'Encrypt' });
    expect(names(records)).toEqual(['Encrypt', 'Encrypt']);
    expect(records.map((r) => r.resources[0]?.ARN)).toEqual([b.Arn, a.Arn]);
  });

  it('lookupEvents filters by KeyId, given as key id or as key ARN', async () => {
    const { kms, a } = await trail();
    const byId = await auditRecords(kms, { KeyId: a.KeyId });
    const byArn = await auditRecords(kms, { KeyId: a.Arn });
    expect(names(byId)).toEqual(['DisableKey', 'DescribeKey', 'Encrypt', 'CreateKey']);
    expect(byArn).toEqual(byId);
  });

  it('lookupEvents filters by StartTime and EndTime, both inclusive', async () => {
    const { kms, t0 } = await trail();
    const records = await auditRecords(kms, { StartTime: new Date(t0 + 60_000), EndTime: new Date(t0 + 180_000) });
    expect(names(records)).toEqual(['Encrypt', 'Encrypt', 'CreateKey']);
    expect(names(await auditRecords(kms, { StartTime: new Date(t0 + 240_000) }))).toEqual(['DisableKey', 'DescribeKey']);
    expect(names(await auditRecords(kms, { EndTime: new Date(t0) }))).toEqual(['CreateKey']);
  });

  it('lookupEvents filters by LookupAttributes EventName, Username and ReadOnly', async () => {
    const { kms } = await trail();
    expect(names(await auditRecords(kms, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKey' }] }))).toEqual([
      'CreateKey',
      'CreateKey',
    ]);
    expect(names(await auditRecords(kms, { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'Reader' }] }))).toEqual([
      'DescribeKey',
    ]);
    expect(names(await auditRecords(kms, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }] }))).toEqual([
      'DisableKey',
      'CreateKey',
      'CreateKey',
    ]);
    expect(names(await auditRecords(kms, { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }] }))).toEqual([
      'DescribeKey',
      'Encrypt',
      'Encrypt',
    ]);
  });

  it('lookupEvents answers newest first', async () => {
    const { kms } = await trail();
    const { Events } = await kms.lookupEvents();
    expect(Events.map((e) => e.EventName)).toEqual(['DisableKey', 'DescribeKey', 'Encrypt', 'Encrypt', 'CreateKey', 'CreateKey']);
    const times = Events.map((e) => e.EventTime.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(Events[0]).toMatchObject({ EventSource: 'kms.amazonaws.com', ReadOnly: 'false' });
  });

  it('lookupEvents pages with MaxResults and NextToken', async () => {
    const { kms } = await trail();
    const all = (await kms.lookupEvents()).Events.map((e) => e.EventId);
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await kms.lookupEvents({ MaxResults: 4, ...(NextToken === undefined ? {} : { NextToken }) });
      expect(page.Events.length).toBeLessThanOrEqual(4);
      seen.push(...page.Events.map((e) => e.EventId));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken !== undefined);
    expect(pages).toBe(2);
    expect(seen).toEqual(all);
  });

  it('a bad NextToken gives InvalidMarkerException', async () => {
    const { kms } = await trail();
    await expectError(kms.lookupEvents({ NextToken: 'not-a-token' }), 'InvalidMarkerException');
  });
});
