/**
 * Aliases of the local KMS (kms.md §2, §3 CreateAlias/UpdateAlias/DeleteAlias/ListAliases, §4
 * "Aliases per key 50", §7 footnotes 3 and 10): naming rules with AWS's messages, uniqueness,
 * the per-key quota, retargeting between keys of the same type, listing and paging, and alias
 * resolution wherever an alias names a key.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock/index.js';
import type { KeyMetadata, LocalKms } from '../../src/kms/index.js';
import { PLAINTEXT, START, aliasArnOf, expectError, expectExactError, keyArnOf, openKms } from './_helpers.js';

let kms: LocalKms;
let clock: ManualClock;

beforeEach(async () => {
  ({ kms, clock } = await openKms());
});
afterEach(async () => {
  await kms.close();
});

async function newKey(): Promise<KeyMetadata> {
  return (await kms.createKey()).KeyMetadata;
}

async function aliasNames(keyId?: string): Promise<string[]> {
  return (await kms.listAliases(keyId === undefined ? {} : { KeyId: keyId })).Aliases.map((a) => a.AliasName);
}

describe('CreateAlias naming rules', () => {
  it('CreateAlias makes an alias that names its target key', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    const [entry] = (await kms.listAliases()).Aliases;
    expect(entry).toEqual({
      AliasName: 'alias/orders',
      AliasArn: 'arn:aws:kms:us-east-1:111122223333:alias/orders',
      TargetKeyId: md.KeyId,
      CreationDate: new Date(START),
      LastUpdatedDate: new Date(START),
    });
  });

  it('CreateAlias accepts a target key ARN', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/by-arn', TargetKeyId: md.Arn });
    expect((await kms.describeKey({ KeyId: 'alias/by-arn' })).KeyMetadata.KeyId).toBe(md.KeyId);
  });

  it('CreateAlias accepts every character of the pattern ^[a-zA-Z0-9:/_-]+$', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/Team_1:orders/v-2', TargetKeyId: md.KeyId });
    expect(await aliasNames()).toEqual(['alias/Team_1:orders/v-2']);
  });

  it('an alias name must start with alias/ (ValidationException with AWS\'s exact message)', async () => {
    const md = await newKey();
    await expectExactError(
      kms.createAlias({ AliasName: 'orders', TargetKeyId: md.KeyId }),
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    expect(await aliasNames()).toEqual([]);
  });

  it('alias/aws/ names are reserved for AWS managed keys (InvalidAliasNameException)', async () => {
    const md = await newKey();
    await expectError(kms.createAlias({ AliasName: 'alias/aws/orders', TargetKeyId: md.KeyId }), 'InvalidAliasNameException');
    expect(await aliasNames()).toEqual([]);
  });

  it.each([
    ['a space', 'alias/my orders'],
    ['a dot', 'alias/my.orders'],
    ['a non-ASCII letter', 'alias/commandes-réglées'],
    ['an asterisk', 'alias/orders*'],
  ])('an alias name with %s violates the pattern (ValidationException at aliasName)', async (_what, name) => {
    const md = await newKey();
    await expectError(
      kms.createAlias({ AliasName: name, TargetKeyId: md.KeyId }),
      'ValidationException',
      `at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`,
    );
    expect(await aliasNames()).toEqual([]);
  });

  it('an alias name longer than 256 characters is refused (ValidationException)', async () => {
    const md = await newKey();
    await expectError(
      kms.createAlias({ AliasName: `alias/${'a'.repeat(251)}`, TargetKeyId: md.KeyId }),
      'ValidationException',
      'Member must have length less than or equal to 256',
    );
    await kms.createAlias({ AliasName: `alias/${'a'.repeat(250)}`, TargetKeyId: md.KeyId });
    expect(await aliasNames()).toEqual([`alias/${'a'.repeat(250)}`]);
  });

  it('a duplicate alias name fails with AlreadyExistsException "An alias with the name <alias arn> already exists"', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await expectExactError(
      kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: b.KeyId }),
      'AlreadyExistsException',
      'An alias with the name arn:aws:kms:us-east-1:111122223333:alias/orders already exists',
    );
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(a.KeyId);
  });

  it('CreateAlias for a missing target key fails with NotFoundException', async () => {
    const id = '1234abcd-12ab-34cd-56ef-1234567890ab';
    await expectExactError(
      kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: id }),
      'NotFoundException',
      `Key '${keyArnOf(id)}' does not exist`,
    );
  });

  it('a key holds 50 aliases; the 51st fails with LimitExceededException and is not created', async () => {
    const md = await newKey();
    for (let i = 0; i < 50; i++) await kms.createAlias({ AliasName: `alias/a${String(i).padStart(2, '0')}`, TargetKeyId: md.KeyId });
    expect(await aliasNames(md.KeyId)).toHaveLength(50);
    await expectError(kms.createAlias({ AliasName: 'alias/one-too-many', TargetKeyId: md.KeyId }), 'LimitExceededException');
    expect((await kms.listAliases({ KeyId: md.KeyId, Limit: 100 })).Aliases).toHaveLength(50);
    await expectError(kms.describeKey({ KeyId: 'alias/one-too-many' }), 'NotFoundException');
  });

  it('the 50-alias quota is per key: another key still takes aliases', async () => {
    const full = await newKey();
    const other = await newKey();
    for (let i = 0; i < 50; i++) await kms.createAlias({ AliasName: `alias/a${i}`, TargetKeyId: full.KeyId });
    await kms.createAlias({ AliasName: 'alias/other', TargetKeyId: other.KeyId });
    expect(await aliasNames(other.KeyId)).toEqual(['alias/other']);
  });

  it('CreateAlias for a key pending deletion fails with KMSInvalidStateException "<arn> is pending deletion."', async () => {
    const md = await newKey();
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    await expectExactError(
      kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId }),
      'KMSInvalidStateException',
      `${md.Arn} is pending deletion.`,
    );
    expect(await aliasNames()).toEqual([]);
  });

  it('CreateAlias for a Disabled key is allowed', async () => {
    const md = await newKey();
    await kms.disableKey({ KeyId: md.KeyId });
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    expect(await aliasNames(md.KeyId)).toEqual(['alias/orders']);
  });
});

describe('UpdateAlias', () => {
  it('UpdateAlias points an alias at another symmetric key', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: b.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(b.KeyId);
    expect(await aliasNames(a.KeyId)).toEqual([]);
    expect(await aliasNames(b.KeyId)).toEqual(['alias/orders']);
  });

  it('UpdateAlias moves LastUpdatedDate to the call time and keeps CreationDate', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await clock.advance(60_000);
    await kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: b.Arn });
    const [entry] = (await kms.listAliases()).Aliases;
    expect(entry?.CreationDate).toEqual(new Date(START));
    expect(entry?.LastUpdatedDate).toEqual(new Date(START + 60_000));
  });

  it('UpdateAlias from a symmetric key to an HMAC key fails with ValidationException and changes nothing', async () => {
    const a = await newKey();
    const hmac = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await expectError(kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: hmac.KeyId }), 'ValidationException');
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(a.KeyId);
  });

  it('UpdateAlias between two HMAC keys of the same spec is allowed', async () => {
    const h1 = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const h2 = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/mac', TargetKeyId: h1.KeyId });
    await kms.updateAlias({ AliasName: 'alias/mac', TargetKeyId: h2.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/mac' })).KeyMetadata.KeyId).toBe(h2.KeyId);
  });

  it('UpdateAlias between HMAC keys of different specs is allowed (same type, HMAC, and same usage)', async () => {
    const h256 = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const h512 = (await kms.createKey({ KeySpec: 'HMAC_512' })).KeyMetadata;
    await kms.createAlias({ AliasName: 'alias/mac', TargetKeyId: h256.KeyId });
    await kms.updateAlias({ AliasName: 'alias/mac', TargetKeyId: h512.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/mac' })).KeyMetadata.KeyId).toBe(h512.KeyId);
  });

  it('UpdateAlias from an HMAC key to a symmetric key fails with ValidationException', async () => {
    const hmac = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
    const sym = await newKey();
    await kms.createAlias({ AliasName: 'alias/mac', TargetKeyId: hmac.KeyId });
    await expectError(kms.updateAlias({ AliasName: 'alias/mac', TargetKeyId: sym.KeyId }), 'ValidationException');
    expect((await kms.describeKey({ KeyId: 'alias/mac' })).KeyMetadata.KeyId).toBe(hmac.KeyId);
  });

  it('UpdateAlias to a key that already has 50 aliases fails with LimitExceededException', async () => {
    const full = await newKey();
    const a = await newKey();
    for (let i = 0; i < 50; i++) await kms.createAlias({ AliasName: `alias/f${i}`, TargetKeyId: full.KeyId });
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await expectError(kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: full.KeyId }), 'LimitExceededException');
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(a.KeyId);
  });

  it('UpdateAlias to a destination key pending deletion fails with KMSInvalidStateException "<arn> is pending deletion."', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: b.KeyId, PendingWindowInDays: 7 });
    await expectExactError(
      kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: b.KeyId }),
      'KMSInvalidStateException',
      `${b.Arn} is pending deletion.`,
    );
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(a.KeyId);
  });

  it('UpdateAlias away from a source key pending deletion is allowed', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: a.KeyId, PendingWindowInDays: 7 });
    await kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: b.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(b.KeyId);
  });

  it('an alias moved away from a key pending deletion survives the key\'s deletion', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: a.KeyId, PendingWindowInDays: 7 });
    await kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: b.KeyId });
    await clock.advance(DeletionDate.getTime() - clock.now());
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(b.KeyId);
  });

  it('UpdateAlias of a missing alias fails with NotFoundException "Alias <alias arn> is not found."', async () => {
    const b = await newKey();
    await expectExactError(
      kms.updateAlias({ AliasName: 'alias/none', TargetKeyId: b.KeyId }),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.',
    );
  });
});

describe('DeleteAlias', () => {
  it('DeleteAlias removes the alias and leaves the key untouched', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    await kms.deleteAlias({ AliasName: 'alias/orders' });
    expect(await aliasNames()).toEqual([]);
    await expectError(kms.describeKey({ KeyId: 'alias/orders' }), 'NotFoundException');
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata).toEqual(md);
  });

  it('DeleteAlias of a missing alias fails with NotFoundException "Alias <alias arn> is not found."', async () => {
    await expectExactError(
      kms.deleteAlias({ AliasName: 'alias/none' }),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.',
    );
  });

  it('a deleted alias name can be created again for another key', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await kms.deleteAlias({ AliasName: 'alias/orders' });
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: b.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(b.KeyId);
  });

  it('DeleteAlias of an alias of a key pending deletion is allowed', async () => {
    const md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
    await kms.scheduleKeyDeletion({ KeyId: md.KeyId, PendingWindowInDays: 7 });
    await kms.deleteAlias({ AliasName: 'alias/orders' });
    expect(await aliasNames()).toEqual([]);
  });
});

describe('ListAliases', () => {
  it('ListAliases lists every alias of the account sorted by name', async () => {
    const a = await newKey();
    const b = await newKey();
    for (const [name, key] of [
      ['alias/zeta', a],
      ['alias/alpha', b],
      ['alias/Mid', a],
      ['alias/beta', b],
    ] as const) {
      await kms.createAlias({ AliasName: name, TargetKeyId: key.KeyId });
    }
    expect(await aliasNames()).toEqual(['alias/Mid', 'alias/alpha', 'alias/beta', 'alias/zeta']);
  });

  it('ListAliases with KeyId lists only that key\'s aliases, by key id or key ARN', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.createAlias({ AliasName: 'alias/a2', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/b1', TargetKeyId: b.KeyId });
    await kms.createAlias({ AliasName: 'alias/a1', TargetKeyId: a.KeyId });
    expect(await aliasNames(a.KeyId)).toEqual(['alias/a1', 'alias/a2']);
    expect(await aliasNames(b.Arn)).toEqual(['alias/b1']);
  });

  it('ListAliases with the KeyId of a missing key fails with NotFoundException', async () => {
    await expectError(kms.listAliases({ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }), 'NotFoundException');
  });

  it('ListAliases pages with Limit and Marker, each alias once, in name order', async () => {
    const md = await newKey();
    const names = ['alias/e', 'alias/c', 'alias/a', 'alias/d', 'alias/b'];
    for (const name of names) await kms.createAlias({ AliasName: name, TargetKeyId: md.KeyId });
    const seen: string[] = [];
    const truncated: boolean[] = [];
    let marker: string | undefined;
    do {
      const page = await kms.listAliases({ Limit: 2, ...(marker === undefined ? {} : { Marker: marker }) });
      expect(page.Aliases.length).toBeLessThanOrEqual(2);
      seen.push(...page.Aliases.map((a) => a.AliasName));
      truncated.push(page.Truncated);
      marker = page.NextMarker;
    } while (marker !== undefined);
    expect(seen).toEqual([...names].sort());
    expect(truncated).toEqual([true, true, false]);
  });

  it('ListAliases returns at most 50 aliases by default', async () => {
    const a = await newKey();
    const b = await newKey();
    for (let i = 0; i < 30; i++) await kms.createAlias({ AliasName: `alias/a${i}`, TargetKeyId: a.KeyId });
    for (let i = 0; i < 30; i++) await kms.createAlias({ AliasName: `alias/b${i}`, TargetKeyId: b.KeyId });
    const page = await kms.listAliases();
    expect(page.Aliases).toHaveLength(50);
    expect(page.Truncated).toBe(true);
    expect(page.NextMarker).toBeDefined();
  });

  it('ListAliases never returns more than 100 aliases in one page (Limit must be between 1 and 100)', async () => {
    for (let k = 0; k < 3; k++) {
      const { KeyId } = await newKey();
      for (let i = 0; i < 40; i++) await kms.createAlias({ AliasName: `alias/k${k}-${i}`, TargetKeyId: KeyId });
    }
    // kms-service-model.json ListAliasesRequest.Limit: "it must be between 1 and 100, inclusive".
    // Refusing Limit 120 (ValidationException) or answering at most 100 both honour it.
    const outcome = await kms.listAliases({ Limit: 120 }).then(
      (page) => ({ returned: page.Aliases.length }),
      (error: Error) => ({ refused: error.name }),
    );
    const honoured = 'refused' in outcome ? outcome.refused === 'ValidationException' : outcome.returned <= 100;
    expect(honoured, `ListAliases({ Limit: 120 }) answered ${JSON.stringify(outcome)}`).toBe(true);
  });

  it('ListAliases with a marker it did not issue fails with InvalidMarkerException', async () => {
    await expectError(kms.listAliases({ Marker: 'bm90LWEtbWFya2Vy' }), 'InvalidMarkerException');
  });
});

describe('an alias names its key wherever aliases are accepted', () => {
  let md: KeyMetadata;
  beforeEach(async () => {
    md = await newKey();
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: md.KeyId });
  });

  it('Encrypt accepts an alias name and answers with the key ARN', async () => {
    const out = await kms.encrypt({ KeyId: 'alias/orders', Plaintext: PLAINTEXT });
    expect(out.KeyId).toBe(md.Arn);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(PLAINTEXT);
  });

  it('Encrypt accepts an alias ARN', async () => {
    const out = await kms.encrypt({ KeyId: aliasArnOf('orders'), Plaintext: PLAINTEXT });
    expect(out.KeyId).toBe(md.Arn);
  });

  it('Decrypt accepts the alias of the key that encrypted', async () => {
    const { CiphertextBlob } = await kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT });
    const out = await kms.decrypt({ CiphertextBlob, KeyId: 'alias/orders' });
    expect(out.Plaintext).toEqual(PLAINTEXT);
    expect(out.KeyId).toBe(md.Arn);
  });

  it('Decrypt with the alias of another key fails with IncorrectKeyException', async () => {
    const other = await newKey();
    await kms.createAlias({ AliasName: 'alias/other', TargetKeyId: other.KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: md.KeyId, Plaintext: PLAINTEXT });
    await expectError(kms.decrypt({ CiphertextBlob, KeyId: 'alias/other' }), 'IncorrectKeyException');
  });

  it('GenerateDataKey accepts an alias name and answers with the key ARN', async () => {
    const out = await kms.generateDataKey({ KeyId: 'alias/orders', KeySpec: 'AES_256' });
    expect(out.KeyId).toBe(md.Arn);
    expect(out.Plaintext).toHaveLength(32);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(out.Plaintext);
  });

  it('DescribeKey accepts an alias name', async () => {
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata).toEqual(md);
  });

  it('after UpdateAlias, Encrypt through the alias uses the new key and old ciphertext still decrypts', async () => {
    const { CiphertextBlob: old } = await kms.encrypt({ KeyId: 'alias/orders', Plaintext: PLAINTEXT });
    const next = await newKey();
    await kms.updateAlias({ AliasName: 'alias/orders', TargetKeyId: next.KeyId });
    expect((await kms.encrypt({ KeyId: 'alias/orders', Plaintext: PLAINTEXT })).KeyId).toBe(next.Arn);
    const back = await kms.decrypt({ CiphertextBlob: old });
    expect(back.KeyId).toBe(md.Arn);
    expect(back.Plaintext).toEqual(PLAINTEXT);
  });
});
