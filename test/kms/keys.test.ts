/**
 * Keys of the local KMS: CreateKey defaults, HMAC keys, identifiers and the not-found messages
 * (kms.md §2), where aliases are refused, ListKeys paging, descriptions, enabling and disabling,
 * and deletion: the 7..30-day window, real deletion when the clock passes DeletionDate (NotFound,
 * aliases and grants gone, a DeleteKey service event), CancelKeyDeletion (kms.md §3, §7;
 * seed 003 "Concepts AWS KMS").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { LocalKms } from '../../src/kms/index.js';
import type { KeyMetadata } from '../../src/kms/index.js';
import {
  ACCOUNT,
  DAY_MS,
  PLAINTEXT,
  START,
  aliasArnOf,
  expectError,
  expectExactError,
  keyArnOf,
  openKms,
  type KmsFixture,
} from './_helpers.js';

const ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;
const RETIRER = `arn:aws:iam::${ACCOUNT}:role/Retirer`;

let kms: LocalKms;
let clock: ManualClock;

beforeEach(async () => {
  ({ kms, clock } = (await openKms()) satisfies KmsFixture);
});
afterEach(async () => {
  await kms.close();
});

async function newKey(description?: string): Promise<KeyMetadata> {
  return (await kms.createKey(description === undefined ? {} : { Description: description })).KeyMetadata;
}

async function listAllKeyIds(): Promise<string[]> {
  return (await kms.listKeys()).Keys.map((k) => k.KeyId);
}

describe('CreateKey defaults', () => {
  it('CreateKey makes a SYMMETRIC_DEFAULT key by default', async () => {
    const md = await newKey();
    expect(md.KeySpec).toBe('SYMMETRIC_DEFAULT');
    expect(md.CustomerMasterKeySpec).toBe('SYMMETRIC_DEFAULT');
  });

  it('CreateKey defaults KeyUsage to ENCRYPT_DECRYPT', async () => {
    expect((await newKey()).KeyUsage).toBe('ENCRYPT_DECRYPT');
  });

  it('CreateKey defaults Origin to AWS_KMS', async () => {
    expect((await newKey()).Origin).toBe('AWS_KMS');
  });

  it('a key made by CreateKey is customer managed (KeyManager CUSTOMER)', async () => {
    expect((await newKey()).KeyManager).toBe('CUSTOMER');
  });

  it('a new key is Enabled, Enabled=true, with no DeletionDate', async () => {
    const md = await newKey();
    expect(md.KeyState).toBe('Enabled');
    expect(md.Enabled).toBe(true);
    expect(md.DeletionDate).toBeUndefined();
  });

  it('the KeyId of a new key is a lowercase v4 UUID', async () => {
    expect((await newKey()).KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('two keys get different KeyIds', async () => {
    const a = await newKey();
    const b = await newKey();
    expect(a.KeyId).not.toBe(b.KeyId);
  });

  it('the key ARN is arn:aws:kms:us-east-1:111122223333:key/<id> and AWSAccountId the account', async () => {
    const md = await newKey();
    expect(md.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${md.KeyId}`);
    expect(md.AWSAccountId).toBe('111122223333');
  });

  it('CreationDate is the manual clock time of the call', async () => {
    await clock.advance(12_345);
    const md = await newKey();
    expect(md.CreationDate).toEqual(new Date(START + 12_345));
  });

  it('CurrentKeyMaterialId is 64 lowercase hex characters', async () => {
    expect((await newKey()).CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a symmetric key lists EncryptionAlgorithms [SYMMETRIC_DEFAULT] and no MacAlgorithms', async () => {
    const md = await newKey();
    expect(md.EncryptionAlgorithms).toEqual(['SYMMETRIC_DEFAULT']);
    expect(md.MacAlgorithms).toBeUndefined();
  });

  it('Description defaults to the empty string and MultiRegion to false', async () => {
    const md = await newKey();
    expect(md.Description).toBe('');
    expect(md.MultiRegion).toBe(false);
  });

  it('CreateKey keeps the Description it is given', async () => {
    expect((await newKey('orders table')).Description).toBe('orders table');
  });

  it('DescribeKey returns the same metadata CreateKey returned', async () => {
    const md = await newKey('x');
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata).toEqual(md);
  });
});

describe('HMAC keys', () => {
  it('CreateKey with KeySpec HMAC_256 makes a GENERATE_VERIFY_MAC key with MacAlgorithms [HMAC_SHA_256]', async () => {
    const md = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    expect(md.KeySpec).toBe('HMAC_256');
    expect(md.KeyUsage).toBe('GENERATE_VERIFY_MAC');
    expect(md.MacAlgorithms).toEqual(['HMAC_SHA_256']);
    expect(md.EncryptionAlgorithms).toBeUndefined();
    expect(md.KeyState).toBe('Enabled');
  });

  it('an HMAC key has no CurrentKeyMaterialId (present only for symmetric encryption keys)', async () => {
    // kms-service-model.json, KeyMetadata.CurrentKeyMaterialId: "This value is present for
    // symmetric encryption keys with AWS_KMS or EXTERNAL origin."
    const md = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    expect(md.CurrentKeyMaterialId).toBeUndefined();
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBeUndefined();
  });

  it('GenerateMac then VerifyMac with the same message verifies (MacValid true)', async () => {
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const message = new TextEncoder().encode('hello');
    const gen = await kms.generateMac({ KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    expect(gen.Mac.length).toBe(32);
    expect(gen.MacAlgorithm).toBe('HMAC_SHA_256');
    expect(gen.KeyId).toBe(keyArnOf(KeyId));
    const ver = await kms.verifyMac({ KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256', Mac: gen.Mac });
    expect(ver).toEqual({ KeyId: keyArnOf(KeyId), MacValid: true, MacAlgorithm: 'HMAC_SHA_256' });
  });

  it('GenerateMac is deterministic for one key and message', async () => {
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const message = new TextEncoder().encode('hello');
    const a = await kms.generateMac({ KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    const b = await kms.generateMac({ KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    expect(a.Mac).toEqual(b.Mac);
  });

  it('VerifyMac of a tampered MAC fails with KMSInvalidMacException', async () => {
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const message = new TextEncoder().encode('hello');
    const { Mac } = await kms.generateMac({ KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    const tampered = Mac.slice();
    tampered[0] = tampered[0]! ^ 1;
    await expectError(kms.verifyMac({ KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256', Mac: tampered }), 'KMSInvalidMacException');
  });

  it('VerifyMac of another message fails with KMSInvalidMacException', async () => {
    const { KeyId } = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const { Mac } = await kms.generateMac({ KeyId, Message: new TextEncoder().encode('hello'), MacAlgorithm: 'HMAC_SHA_256' });
    await expectError(
      kms.verifyMac({ KeyId, Message: new TextEncoder().encode('hellO'), MacAlgorithm: 'HMAC_SHA_256', Mac }),
      'KMSInvalidMacException',
    );
  });
});

describe('unsupported key kinds', () => {
  it('CreateKey with an asymmetric KeySpec (RSA_2048) fails with UnsupportedOperationException and creates nothing', async () => {
    const before = await listAllKeyIds();
    await expectError(kms.createKey({ KeySpec: 'RSA_2048' as never }), 'UnsupportedOperationException');
    expect(await listAllKeyIds()).toEqual(before);
  });

  it('CreateKey with Origin EXTERNAL fails with UnsupportedOperationException and creates nothing', async () => {
    await newKey();
    const before = await listAllKeyIds();
    await expectError(kms.createKey({ Origin: 'EXTERNAL' }), 'UnsupportedOperationException');
    expect(await listAllKeyIds()).toEqual(before);
  });

  it('CreateKey with MultiRegion true fails with UnsupportedOperationException and creates nothing', async () => {
    const before = await listAllKeyIds();
    await expectError(kms.createKey({ MultiRegion: true }), 'UnsupportedOperationException');
    expect(await listAllKeyIds()).toEqual(before);
  });

  it('CreateKey in a custom key store (CustomKeyStoreId) is refused and creates nothing', async () => {
    const before = await listAllKeyIds();
    const input = { CustomKeyStoreId: 'cks-1234567890abcdef0' } as Parameters<LocalKms['createKey']>[0];
    const outcome = await kms.createKey(input).then(
      (out) => `created ${out.KeyMetadata.KeyId}`,
      (e: Error) => e.name,
    );
    // This KMS has no custom key stores: AWS answers CustomKeyStoreNotFoundException for an
    // unknown store; a simulator without them may answer UnsupportedOperationException.
    expect(['UnsupportedOperationException', 'CustomKeyStoreNotFoundException']).toContain(outcome);
    expect(await listAllKeyIds()).toEqual(before);
  });
});

describe('DescribeKey identifiers', () => {
  it('DescribeKey finds a key by its key id', async () => {
    const md = await newKey();
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.KeyId).toBe(md.KeyId);
  });

  it('DescribeKey finds a key by its key ARN', async () => {
    const md = await newKey();
    expect((await kms.describeKey({ KeyId: md.Arn })).KeyMetadata.KeyId).toBe(md.KeyId);
  });

  it('DescribeKey finds a key by an alias name', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(md.KeyId);
  });

  it('DescribeKey finds a key by an alias ARN', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    expect((await kms.describeKey({ KeyId: aliasArnOf('orders') })).KeyMetadata.KeyId).toBe(md.KeyId);
  });
});

describe('NotFound messages (kms.md §2, recorded from AWS)', () => {
  it("a malformed key id gives NotFoundException: Invalid keyId 'fake-key-id'", async () => {
    await expectExactError(kms.describeKey({ KeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
  });

  it("a well-formed absent key id gives NotFoundException: Key '<arn>' does not exist", async () => {
    const id = '1234abcd-12ab-34cd-56ef-1234567890ab';
    await expectExactError(
      kms.describeKey({ KeyId: id }),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`,
    );
  });

  it("an absent key ARN gives NotFoundException: Key '<arn>' does not exist", async () => {
    const arn = keyArnOf('1234abcd-12ab-34cd-56ef-1234567890ab');
    await expectExactError(kms.describeKey({ KeyId: arn }), 'NotFoundException', `Key '${arn}' does not exist`);
  });

  it('a key ARN of another region gives NotFoundException: Invalid arn us-west-2', async () => {
    const md = await newKey();
    await expectExactError(
      kms.describeKey({ KeyId: `arn:aws:kms:us-west-2:111122223333:key/${md.KeyId}` }),
      'NotFoundException',
      'Invalid arn us-west-2',
    );
  });

  it('a missing alias gives NotFoundException: Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.', async () => {
    await expectExactError(
      kms.describeKey({ KeyId: 'alias/x' }),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.',
    );
  });

  it('a missing alias named by its ARN gives the same NotFound message', async () => {
    await expectExactError(
      kms.describeKey({ KeyId: aliasArnOf('x') }),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.',
    );
  });
});

describe('aliases are refused where only key ids and ARNs are accepted (kms.md §2)', () => {
  type Call = (k: LocalKms, ref: string) => Promise<unknown>;
  const ONLY_IDS: [string, Call][] = [
    ['EnableKey', (k, ref) => k.enableKey({ KeyId: ref })],
    ['DisableKey', (k, ref) => k.disableKey({ KeyId: ref })],
    ['ScheduleKeyDeletion', (k, ref) => k.scheduleKeyDeletion({ KeyId: ref, PendingWindowInDays: 7 })],
    ['CancelKeyDeletion', (k, ref) => k.cancelKeyDeletion({ KeyId: ref })],
    ['CreateGrant', (k, ref) => k.createGrant({ KeyId: ref, GranteePrincipal: ROLE, Operations: ['Encrypt'] })],
    ['ListGrants', (k, ref) => k.listGrants({ KeyId: ref })],
    ['RevokeGrant', (k, ref) => k.revokeGrant({ KeyId: ref, GrantId: 'a'.repeat(64) })],
    ['TagResource', (k, ref) => k.tagResource({ KeyId: ref, Tags: [{ TagKey: 'a', TagValue: 'b' }] })],
    ['UntagResource', (k, ref) => k.untagResource({ KeyId: ref, TagKeys: ['a'] })],
    ['ListResourceTags', (k, ref) => k.listResourceTags({ KeyId: ref })],
    ['GetKeyPolicy', (k, ref) => k.getKeyPolicy({ KeyId: ref })],
    ['PutKeyPolicy', (k, ref) => k.putKeyPolicy({ KeyId: ref, Policy: '{"Statement":[]}' })],
    ['ListKeyPolicies', (k, ref) => k.listKeyPolicies({ KeyId: ref })],
    ['UpdateKeyDescription', (k, ref) => k.updateKeyDescription({ KeyId: ref, Description: 'x' })],
    ['EnableKeyRotation', (k, ref) => k.enableKeyRotation({ KeyId: ref })],
    ['DisableKeyRotation', (k, ref) => k.disableKeyRotation({ KeyId: ref })],
    ['GetKeyRotationStatus', (k, ref) => k.getKeyRotationStatus({ KeyId: ref })],
    ['RotateKeyOnDemand', (k, ref) => k.rotateKeyOnDemand({ KeyId: ref })],
    ['ListKeyRotations', (k, ref) => k.listKeyRotations({ KeyId: ref })],
    ['ListAliases (KeyId)', (k, ref) => k.listAliases({ KeyId: ref })],
    ['CreateAlias (TargetKeyId)', (k, ref) => k.createAlias({ AliasName: 'alias/second', TargetKeyId: ref })],
    ['UpdateAlias (TargetKeyId)', (k, ref) => k.updateAlias({ AliasName: 'alias/orders', TargetKeyId: ref })],
  ];

  it.each(ONLY_IDS)('%s refuses an alias name with InvalidArnException and changes nothing', async (_name, call) => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    await expectExactError(call(kms, 'alias/orders'), 'InvalidArnException', 'Key Aliases are not supported for this operation');
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata).toEqual(md);
    expect((await kms.listAliases()).Aliases.map((a) => a.AliasName)).toEqual(['alias/orders']);
  });

  it.each(ONLY_IDS)('%s refuses an alias ARN with InvalidArnException', async (_name, call) => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    await expectError(call(kms, aliasArnOf('orders')), 'InvalidArnException');
  });
});

describe('ListKeys', () => {
  async function makeKeys(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      ids.push((await newKey()).KeyId);
      await clock.advance(1);
    }
    return ids;
  }

  it('ListKeys lists every key with its KeyId and KeyArn, oldest first', async () => {
    const ids = await makeKeys(3);
    const out = await kms.listKeys();
    expect(out.Keys).toEqual(ids.map((id) => ({ KeyId: id, KeyArn: keyArnOf(id) })));
    expect(out.Truncated).toBe(false);
    expect(out.NextMarker).toBeUndefined();
  });

  it('ListKeys with Limit returns that many keys, Truncated and a NextMarker', async () => {
    const ids = await makeKeys(5);
    const first = await kms.listKeys({ Limit: 2 });
    expect(first.Keys.map((k) => k.KeyId)).toEqual(ids.slice(0, 2));
    expect(first.Truncated).toBe(true);
    expect(typeof first.NextMarker).toBe('string');
  });

  it('following NextMarker pages through every key once, the last page not Truncated', async () => {
    const ids = await makeKeys(5);
    const seen: string[] = [];
    const pages: boolean[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.listKeys({ Limit: 2, ...(marker === undefined ? {} : { Marker: marker }) });
      seen.push(...page.Keys.map((k) => k.KeyId));
      pages.push(page.Truncated);
      marker = page.NextMarker;
      if (!page.Truncated) expect(page.NextMarker).toBeUndefined();
    } while (marker !== undefined);
    expect(seen).toEqual(ids);
    expect(pages).toEqual([true, true, false]);
  });

  it('ListKeys returns at most 100 keys by default', async () => {
    await makeKeys(101);
    const out = await kms.listKeys();
    expect(out.Keys).toHaveLength(100);
    expect(out.Truncated).toBe(true);
  });

  it('ListKeys with a marker it did not issue fails with InvalidMarkerException', async () => {
    await makeKeys(2);
    await expectError(kms.listKeys({ Marker: 'not-a-marker' }), 'InvalidMarkerException');
  });

  it('ListKeys with a ListAliases marker fails with InvalidMarkerException', async () => {
    const [id] = await makeKeys(1);
    await kms.createAlias({ AliasName: 'alias/a', TargetKeyId: id! });
    await kms.createAlias({ AliasName: 'alias/b', TargetKeyId: id! });
    const { NextMarker } = await kms.listAliases({ Limit: 1 });
    expect(NextMarker).toBeDefined();
    await expectError(kms.listKeys({ Marker: NextMarker! }), 'InvalidMarkerException');
  });
});

describe('UpdateKeyDescription', () => {
  it('UpdateKeyDescription replaces the description DescribeKey shows', async () => {
    const md = await newKey('old');
    await kms.updateKeyDescription({ KeyId: md.KeyId, Description: 'new' });
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.Description).toBe('new');
  });

  it('UpdateKeyDescription accepts the empty description', async () => {
    const md = await newKey('old');
    await kms.updateKeyDescription({ KeyId: md.Arn, Description: '' });
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.Description).toBe('');
  });
});

describe('EnableKey and DisableKey', () => {
  it('DisableKey makes the key Disabled with Enabled=false', async () => {
    const md = await newKey();
    await kms.disableKey({ KeyId: md.KeyId });
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('Disabled');
    expect(after.Enabled).toBe(false);
  });

  it('EnableKey makes a Disabled key Enabled with Enabled=true', async () => {
    const md = await newKey();
    await kms.disableKey({ KeyId: md.KeyId });
    await kms.enableKey({ KeyId: md.Arn });
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('Enabled');
    expect(after.Enabled).toBe(true);
  });

  it('DisableKey on a Disabled key and EnableKey on an Enabled key succeed and change nothing', async () => {
    const md = await newKey();
    await kms.enableKey({ KeyId: md.KeyId });
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    await kms.disableKey({ KeyId: md.KeyId });
    await kms.disableKey({ KeyId: md.KeyId });
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.KeyState).toBe('Disabled');
  });

  it('a disabled key refuses Encrypt with DisabledException and works again once enabled', async () => {
    const md = await newKey();
    await kms.disableKey({ KeyId: md.KeyId });
    await expectExactError(kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT }), 'DisabledException', `${md.Arn} is disabled.`);
    await kms.enableKey({ KeyId: md.KeyId });
    expect((await kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT })).KeyId).toBe(md.Arn);
  });
});

describe('ScheduleKeyDeletion', () => {
  it('ScheduleKeyDeletion defaults the waiting period to 30 days', async () => {
    const md = await newKey();
    const out = await kms.scheduleKeyDeletion({ KeyId: md.KeyId });
    expect(out).toEqual({
      KeyId: md.Arn,
      DeletionDate: new Date(START + 30 * DAY_MS),
      KeyState: 'PendingDeletion',
      PendingWindowInDays: 30,
    });
  });

  it.each([7, 30])('ScheduleKeyDeletion accepts a waiting period of %i days', async (days) => {
    const md = await newKey();
    const out = await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: days });
    expect(out.PendingWindowInDays).toBe(days);
    expect(out.KeyState).toBe('PendingDeletion');
  });

  it.each([6, 31])(
    'ScheduleKeyDeletion refuses %i days with ValidationException "PendingWindowInDays must be between 7 and 30" and changes nothing',
    async (days) => {
      const md = await newKey();
      await expectExactError(
        kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: days }),
        'ValidationException',
        'PendingWindowInDays must be between 7 and 30',
      );
      expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata).toEqual(md);
    },
  );

  it('DeletionDate is the call time plus the waiting period', async () => {
    await clock.advance(12_345);
    const md = await newKey();
    await clock.advance(1_000);
    const out = await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    expect(out.DeletionDate).toEqual(new Date(START + 13_345 + 7 * DAY_MS));
  });

  it('a key pending deletion is described as PendingDeletion, Enabled=false, with its DeletionDate', async () => {
    const md = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('PendingDeletion');
    expect(after.Enabled).toBe(false);
    expect(after.DeletionDate).toEqual(new Date(START + 7 * DAY_MS));
  });

  it('ScheduleKeyDeletion of a Disabled key is allowed', async () => {
    const md = await newKey();
    await kms.disableKey({ KeyId: md.KeyId });
    expect((await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 })).KeyState).toBe('PendingDeletion');
  });
});

describe('deletion at the end of the waiting period', () => {
  /** A key with an alias and a grant, scheduled for deletion in 7 days. */
  async function doomedKey(): Promise<{ md: KeyMetadata; deletionDate: number; ciphertext: Uint8Array }> {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: md.KeyId });
    await kms.createGrant({ KeyId: md.KeyId, GranteePrincipal: ROLE, RetiringPrincipal: RETIRER, Operations: ['Decrypt'] });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT });
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    return { md, deletionDate: DeletionDate.getTime(), ciphertext: CiphertextBlob };
  }

  it('one millisecond before DeletionDate the key still exists, PendingDeletion', async () => {
    const { md, deletionDate } = await doomedKey();
    await clock.advance(deletionDate - clock.now() - 1);
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('PendingDeletion');
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toContain(md.KeyId);
    expect((await kms.lookupEvents({ EventName: 'DeleteKey' })).Events).toEqual([]);
  });

  it('when the clock reaches DeletionDate DescribeKey answers NotFoundException "Key \'<arn>\' does not exist"', async () => {
    const { md, deletionDate } = await doomedKey();
    await clock.advance(deletionDate - clock.now());
    await expectExactError(kms.describeKey({ KeyId: md.KeyId }), 'NotFoundException', `Key '${md.Arn}' does not exist`);
    await expectExactError(kms.describeKey({ KeyId: md.Arn }), 'NotFoundException', `Key '${md.Arn}' does not exist`);
  });

  type Call = (k: LocalKms, md: KeyMetadata, ciphertext: Uint8Array) => Promise<unknown>;
  const AFTER_DELETION: [string, Call][] = [
    ['Encrypt', (k, md) => k.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT })],
    ['Decrypt (no KeyId)', (k, _md, c) => k.decrypt({ CiphertextBlob: c })],
    ['Decrypt (KeyId)', (k, md, c) => k.decrypt({ CiphertextBlob: c, KeyId: md.KeyId })],
    ['GenerateDataKey', (k, md) => k.generateDataKey({ KeyId: md.KeyId, KeySpec: 'AES_256' })],
    ['EnableKey', (k, md) => k.enableKey({ KeyId: md.KeyId })],
    ['CancelKeyDeletion', (k, md) => k.cancelKeyDeletion({ KeyId: md.KeyId })],
    ['GetKeyPolicy', (k, md) => k.getKeyPolicy({ KeyId: md.KeyId })],
    ['ListResourceTags', (k, md) => k.listResourceTags({ KeyId: md.KeyId })],
    ['TagResource', (k, md) => k.tagResource({ KeyId: md.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })],
    ['ListGrants', (k, md) => k.listGrants({ KeyId: md.KeyId })],
    ['ListAliases (KeyId)', (k, md) => k.listAliases({ KeyId: md.KeyId })],
    ['CreateAlias', (k, md) => k.createAlias({ AliasName: 'alias/again', TargetKeyId: md.KeyId })],
  ];

  it.each(AFTER_DELETION)('after deletion %s answers NotFoundException', async (_name, call) => {
    const { md, deletionDate, ciphertext } = await doomedKey();
    await clock.advance(deletionDate - clock.now());
    await expectExactError(call(kms, md, ciphertext), 'NotFoundException', `Key '${md.Arn}' does not exist`);
  });

  it('after deletion the key is no longer listed by ListKeys', async () => {
    const { md, deletionDate } = await doomedKey();
    const other = await newKey();
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toContain(md.KeyId);
    await clock.advance(deletionDate - clock.now());
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toEqual([other.KeyId]);
  });

  it('after deletion the aliases of the key are gone', async () => {
    const { deletionDate } = await doomedKey();
    await clock.advance(deletionDate - clock.now());
    expect((await kms.listAliases()).Aliases).toEqual([]);
    await expectExactError(
      kms.describeKey({ KeyId: 'alias/doomed' }),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/doomed is not found.',
    );
  });

  it('after deletion an alias of the same name can point at another key', async () => {
    const { deletionDate } = await doomedKey();
    await clock.advance(deletionDate - clock.now());
    const other = await newKey();
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: other.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/doomed' })).KeyMetadata.KeyId).toBe(other.KeyId);
  });

  it('after deletion the grants of the key are gone', async () => {
    const { deletionDate } = await doomedKey();
    expect((await kms.listRetirableGrants({ RetiringPrincipal: RETIRER })).Grants).toHaveLength(1);
    await clock.advance(deletionDate - clock.now());
    expect((await kms.listRetirableGrants({ RetiringPrincipal: RETIRER })).Grants).toEqual([]);
  });

  it('deletion records one DeleteKey AwsServiceEvent at exactly DeletionDate', async () => {
    const { md, deletionDate } = await doomedKey();
    await clock.advance(deletionDate - clock.now() + 5 * DAY_MS);
    const { Events } = await kms.lookupEvents({ EventName: 'DeleteKey' });
    expect(Events).toHaveLength(1);
    const event = Events[0]!;
    expect(event.EventTime).toEqual(new Date(deletionDate));
    expect(event.Resources).toEqual([{ ResourceType: 'AWS::KMS::Key', ResourceName: md.Arn }]);
    const record = JSON.parse(event.CloudTrailEvent) as Record<string, unknown>;
    expect(record['eventType']).toBe('AwsServiceEvent');
    expect(record['eventTime']).toBe(new Date(deletionDate).toISOString().replace('.000Z', 'Z'));
    expect(record['requestParameters']).toBeNull();
  });

  it('the deletion timer fires during clock.advance, with no KMS call (persisted before reopening)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealtable-kms-keys-'));
    try {
      const disk = await openKms({ path: dir });
      const md = (await disk.kms.createKey()).KeyMetadata;
      const { DeletionDate } = await disk.kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
      // Only the clock moves: no KMS call may run the lifecycle.
      await disk.clock.advance(DeletionDate.getTime() - disk.clock.now() + 1);
      await disk.kms.close();
      // Reopen on a clock set back to before DeletionDate: only a deletion the timer already
      // made and persisted can make the key absent.
      const reopened = await LocalKms.open({ path: dir, clock: new ManualClock(START) });
      try {
        await expectError(reopened.describeKey({ KeyId: md.KeyId }), 'NotFoundException');
        const { Events } = await reopened.lookupEvents({ EventName: 'DeleteKey' });
        expect(Events.map((e) => e.EventTime)).toEqual([DeletionDate]);
      } finally {
        await reopened.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('CancelKeyDeletion', () => {
  it('CancelKeyDeletion leaves the key Disabled, not Enabled', async () => {
    const md = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    const out = await kms.cancelKeyDeletion({ KeyId: md.KeyId });
    expect(out).toEqual({ KeyId: md.Arn });
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyState).toBe('Disabled');
    expect(after.Enabled).toBe(false);
  });

  it('CancelKeyDeletion clears DeletionDate', async () => {
    const md = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    await kms.cancelKeyDeletion({ KeyId: md.Arn });
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.DeletionDate).toBeUndefined();
  });

  it('a cancelled deletion does not happen when the old DeletionDate passes', async () => {
    const md = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    await kms.cancelKeyDeletion({ KeyId: md.KeyId });
    await clock.advance(8 * DAY_MS);
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.KeyState).toBe('Disabled');
    expect((await kms.lookupEvents({ EventName: 'DeleteKey' })).Events).toEqual([]);
  });

  it('a key whose deletion was cancelled can be enabled and used again', async () => {
    const md = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    await kms.cancelKeyDeletion({ KeyId: md.KeyId });
    await kms.enableKey({ KeyId: md.KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT });
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(PLAINTEXT);
  });
});
