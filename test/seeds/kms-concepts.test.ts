/**
 * @module test/seeds/kms-concepts
 * Seed 003 (French, "Concepts AWS KMS"): one named test per behavioural sentence that the tests
 * under test/kms do not already check. docs/seed-coverage.md maps every sentence of the seed to
 * its test, here or in test/kms. Titles quote or paraphrase the sentence (in English) and end
 * with the seed section.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeyMetadata, LocalKms } from '../../src/index.js';
import {
  ACCOUNT,
  DAY_MS,
  ROOT,
  START,
  allowPolicy,
  closeKmsAfterEach,
  expectError,
  lastRecord,
  newKey,
  openKms,
  policyWith,
  role,
  text,
  trail,
  utf8,
} from './_helpers.js';

closeKmsAfterEach();

const S3_VIA = 's3.us-east-1.amazonaws.com';
const SERVICE = 'cassandra.amazonaws.com';

/** AES-256-GCM outside the KMS (node:crypto), as a data-key user would do it. */
function sealLocally(dataKey: Uint8Array, plaintext: Uint8Array): { iv: Uint8Array; body: Uint8Array; tag: Uint8Array } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, body, tag: cipher.getAuthTag() };
}
function openLocally(dataKey: Uint8Array, sealed: { iv: Uint8Array; body: Uint8Array; tag: Uint8Array }): Uint8Array {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.iv);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.body), decipher.final()]);
}

/** Every Uint8Array anywhere inside `value`, with its path. */
function bytesIn(value: unknown, path = '$'): string[] {
  if (value instanceof Uint8Array) return [path];
  if (value === null || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => bytesIn(v, `${path}.${k}`));
}

describe('AWS KMS keys [seed 003 §AWS KMS keys]', () => {
  it('a KMS key holds metadata (key ID, key spec, key usage, creation date, description, key state) and a reference to its key material [seed 003 §AWS KMS keys]', async () => {
    const { kms, clock } = await openKms();
    await clock.advance(5_000);
    const created = await newKey(kms, { Description: 'orders' });
    const md = (await kms.describeKey({ KeyId: created.KeyId })).KeyMetadata;
    expect(md).toMatchObject({
      KeyId: created.KeyId,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      CreationDate: new Date(START + 5_000),
      Description: 'orders',
      KeyState: 'Enabled',
    });
    // The reference to the material: an id, which moves when the material is rotated.
    expect(md.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    await kms.rotateKeyOnDemand({ KeyId: md.KeyId });
    const after = (await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata;
    expect(after.KeyId).toBe(md.KeyId);
    expect(after.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(after.CurrentKeyMaterialId).not.toBe(md.CurrentKeyMaterialId);
  });

  it('key material never leaves the KMS unencrypted and cannot be extracted, exported or viewed: no management response carries bytes, only material ids [seed 003 §AWS KMS keys; §Clés KMS HMAC]', async () => {
    const { kms } = await openKms();
    const sym = await newKey(kms);
    const hmac = await newKey(kms, { KeySpec: 'HMAC_256' });
    await kms.createAlias({ AliasName: 'alias/a', TargetKeyId: sym.KeyId });
    await kms.createGrant({ KeyId: sym.KeyId, GranteePrincipal: role('R'), Operations: ['Decrypt'] });
    const responses: Record<string, unknown> = {
      createKey: await kms.createKey({ KeySpec: 'HMAC_512' }),
      rotate: await kms.rotateKeyOnDemand({ KeyId: sym.KeyId }),
      describeSym: await kms.describeKey({ KeyId: sym.KeyId }),
      describeHmac: await kms.describeKey({ KeyId: hmac.KeyId }),
      listKeys: await kms.listKeys(),
      rotations: await kms.listKeyRotations({ KeyId: sym.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
      rotationStatus: await kms.getKeyRotationStatus({ KeyId: sym.KeyId }),
      policy: await kms.getKeyPolicy({ KeyId: sym.KeyId }),
      grants: await kms.listGrants({ KeyId: sym.KeyId }),
      aliases: await kms.listAliases(),
    };
    expect(bytesIn(responses)).toEqual([]);
    // What it does show is the id of each material, never the material.
    const ids = (responses['rotations'] as { Rotations: { KeyMaterialId: string }[] }).Rotations.map((r) => r.KeyMaterialId);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('customer keys and AWS keys [seed 003 §Clés de client et clés AWS]', () => {
  it('customer-managed keys are fully under the account\'s control: key policy, IAM policies, grants, enabling and disabling, rotation, tags, aliases and scheduled deletion [seed 003 §Clés gérées par le client; seed 000 §clés gérées par le client]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const app = role('App');
    // Key policy.
    const policy = await policyWith(kms, key.KeyId, { Sid: 'app-encrypt', Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Encrypt', Resource: '*' });
    await kms.putKeyPolicy({ KeyId: key.KeyId, PolicyName: 'default', Policy: policy });
    expect((await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy).toBe(policy);
    const { CiphertextBlob } = await kms.as(app).encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    // IAM policy (the identity-policy stand-in).
    await expectError(kms.as(app).decrypt({ CiphertextBlob }), 'AccessDeniedException');
    await kms.setIdentityPolicy({ Principal: app, Policy: allowPolicy('kms:Decrypt') });
    expect(text((await kms.as(app).decrypt({ CiphertextBlob })).Plaintext)).toBe('x');
    // Grants.
    const { GrantId } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: role('Other'), Operations: ['Decrypt'] });
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants.map((g) => g.GrantId)).toEqual([GrantId]);
    // Disabling and enabling.
    await kms.disableKey({ KeyId: key.KeyId });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('Disabled');
    await kms.enableKey({ KeyId: key.KeyId });
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
    // Rotation of the key material.
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 180 });
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    expect((await kms.listKeyRotations({ KeyId: key.KeyId })).Rotations.map((r) => r.RotationType)).toEqual(['ON_DEMAND']);
    // Tags.
    await kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'team', TagValue: 'shop' }] });
    expect((await kms.listResourceTags({ KeyId: key.KeyId })).Tags).toEqual([{ TagKey: 'team', TagValue: 'shop' }]);
    // Aliases.
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: key.KeyId });
    expect((await kms.describeKey({ KeyId: 'alias/orders' })).KeyMetadata.KeyId).toBe(key.KeyId);
    // Scheduled deletion.
    const { KeyState, DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    expect({ KeyState, DeletionDate }).toEqual({ KeyState: 'PendingDeletion', DeletionDate: new Date(START + 7 * DAY_MS) });
  });

  it('an AWS-managed key rotates one year after its creation, then every year, each rotation one year after the most recent one [seed 003 §Clés gérées par AWS]', async () => {
    const { kms, clock } = await openKms();
    const md = (await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata;
    await clock.advance(365 * DAY_MS);
    await clock.advance(365 * DAY_MS - 1);
    expect((await kms.listKeyRotations({ KeyId: md.KeyId })).Rotations.map((r) => r.RotationDate)).toEqual([new Date(START + 365 * DAY_MS)]);
    await clock.advance(1);
    expect((await kms.listKeyRotations({ KeyId: md.KeyId })).Rotations.map((r) => [r.RotationType, r.RotationDate])).toEqual([
      ['AUTOMATIC', new Date(START + 365 * DAY_MS)],
      ['AUTOMATIC', new Date(START + 730 * DAY_MS)],
    ]);
    expect((await kms.getKeyRotationStatus({ KeyId: md.KeyId })).NextRotationDate).toEqual(new Date(START + 1095 * DAY_MS));
  });

  it('the customer cannot rotate an AWS-managed key: RotateKeyOnDemand is refused and no material is added [seed 003 §Clés gérées par AWS]', async () => {
    const { kms } = await openKms();
    const md = (await kms.describeKey({ KeyId: 'alias/aws/s3' })).KeyMetadata;
    await expectError(kms.rotateKeyOnDemand({ KeyId: md.KeyId }), 'AccessDeniedException');
    await expectError(kms.as(ROOT, { viaService: S3_VIA }).rotateKeyOnDemand({ KeyId: md.KeyId }), 'AccessDeniedException');
    expect((await kms.listKeyRotations({ KeyId: md.KeyId })).Rotations).toEqual([]);
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.CurrentKeyMaterialId).toBe(md.CurrentKeyMaterialId);
  });

  it('AWS-managed keys used on behalf of a principal of the account count against the request quota [seed 003 §Clés gérées par AWS]', async () => {
    const { kms, clock } = await openKms({ requestsPerSecond: 3 });
    await kms.describeKey({ KeyId: 'alias/aws/s3' });
    await clock.advance(1_000);
    const viaS3 = kms.as(ROOT, { viaService: S3_VIA });
    for (let i = 0; i < 3; i++) await viaS3.encrypt({ KeyId: 'alias/aws/s3', Plaintext: utf8('x') });
    await expectError(viaS3.encrypt({ KeyId: 'alias/aws/s3', Plaintext: utf8('x') }), 'ThrottlingException');
    // The same quota as the account's other calls.
    await expectError(kms.listKeys(), 'ThrottlingException');
    await clock.advance(1_000);
    expect((await viaS3.encrypt({ KeyId: 'alias/aws/s3', Plaintext: utf8('x') })).KeyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
  });

  it('AWS-owned keys are not counted in the KMS quotas of the account: a service using its AWS-owned key takes nothing from the account\'s request quota [seed 003 §Clés détenues par AWS; seed 001 §AWS clés possédées]', async () => {
    const { kms, clock } = await openKms({ requestsPerSecond: 3 });
    const cassandra = kms.as(SERVICE);
    const owned = (await cassandra.getAwsOwnedKey({ Name: 'default' })).KeyMetadata;
    await clock.advance(1_000);
    // The service's calls on its own key, in a service account…
    for (let i = 0; i < 5; i++) await cassandra.generateDataKey({ KeyId: owned.Arn, KeySpec: 'AES_256' });
    // …leave the account its whole quota.
    for (let i = 0; i < 3; i++) await kms.listKeys();
    await expectError(kms.listKeys(), 'ThrottlingException');
  });
});

describe('symmetric encryption keys [seed 003 §Clés KMS de chiffrement symétriques]', () => {
  it('technically a symmetric key has key spec SYMMETRIC_DEFAULT, key usage ENCRYPT_DECRYPT and encryption algorithm SYMMETRIC_DEFAULT, which Encrypt and Decrypt answer [seed 003 §Clés KMS de chiffrement symétriques]', async () => {
    const { kms } = await openKms();
    const md = await newKey(kms);
    expect([md.KeySpec, md.KeyUsage, md.EncryptionAlgorithms]).toEqual(['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', ['SYMMETRIC_DEFAULT']]);
    const enc = await kms.encrypt({ KeyId: md.KeyId, Plaintext: utf8('same key both ways') });
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob });
    expect([dec.EncryptionAlgorithm, dec.KeyId, text(dec.Plaintext)]).toEqual(['SYMMETRIC_DEFAULT', md.Arn, 'same key both ways']);
  });
});

describe('HMAC keys [seed 003 §Clés KMS HMAC]', () => {
  it.each([
    ['HMAC_224', 'HMAC_SHA_224', 28],
    ['HMAC_256', 'HMAC_SHA_256', 32],
    ['HMAC_384', 'HMAC_SHA_384', 48],
    ['HMAC_512', 'HMAC_SHA_512', 64],
  ] as const)('an HMAC key is a symmetric key of variable length whose key spec fixes its MAC algorithm: %s generates and verifies %s MACs of %i bytes [seed 003 §Clés KMS HMAC; §Spécifications de la clé]', async (spec, algorithm, length) => {
    const { kms } = await openKms();
    const md = await newKey(kms, { KeySpec: spec });
    expect([md.KeyUsage, md.MacAlgorithms]).toEqual(['GENERATE_VERIFY_MAC', [algorithm]]);
    const message = utf8('message');
    const { Mac, MacAlgorithm } = await kms.generateMac({ KeyId: md.KeyId, Message: message, MacAlgorithm: algorithm });
    expect([MacAlgorithm, Mac.length]).toEqual([algorithm, length]);
    expect((await kms.verifyMac({ KeyId: md.KeyId, Message: message, MacAlgorithm: algorithm, Mac })).MacValid).toBe(true);
    const other = algorithm === 'HMAC_SHA_256' ? 'HMAC_SHA_512' : 'HMAC_SHA_256';
    await expectError(kms.generateMac({ KeyId: md.KeyId, Message: message, MacAlgorithm: other }), 'InvalidKeyUsageException');
  });
});

describe('data keys [seed 003 §Clés de données]', () => {
  it('data keys are returned for use outside the KMS: the plaintext data key encrypts data with AES-256-GCM in node:crypto, and the encrypted data key stored with the data is all Decrypt needs later [seed 003 §Clés de données; §Chiffrement d\'enveloppe]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    expect(dk.Plaintext.length).toBe(32);
    const record = { encryptedKey: dk.CiphertextBlob, sealed: sealLocally(dk.Plaintext, utf8('a large amount of data')) };
    dk.Plaintext.fill(0);
    // Later: ask the KMS to decrypt the stored data key, then decrypt the data locally.
    const { Plaintext: dataKey, KeyId } = await kms.decrypt({ CiphertextBlob: record.encryptedKey });
    expect(KeyId).toBe(key.Arn);
    expect(text(openLocally(dataKey, record.sealed))).toBe('a large amount of data');
  });

  it('the KMS neither stores nor tracks data keys nor uses them itself: generating data keys adds no key, alias or grant, and a data key is not a KMS key identifier [seed 003 §Clés de données; §Chiffrement de données avec une clé de données]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const before = { keys: await kms.listKeys(), aliases: await kms.listAliases(), grants: await kms.listGrants({ KeyId: key.KeyId }) };
    const dataKeys: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) dataKeys.push((await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' })).Plaintext);
    expect({ keys: await kms.listKeys(), aliases: await kms.listAliases(), grants: await kms.listGrants({ KeyId: key.KeyId }) }).toEqual(before);
    expect(new Set(dataKeys.map((k) => Buffer.from(k).toString('hex'))).size).toBe(20);
    const asId = Buffer.from(dataKeys[0]!).toString('hex');
    await expectError(kms.encrypt({ KeyId: asId, Plaintext: utf8('x') }), 'NotFoundException');
  });

  it('the plaintext data key is the caller\'s own copy: erasing it from memory after use changes nothing in the KMS, and Decrypt gives it back [seed 003 §Chiffrement de données avec une clé de données]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    const copy = Uint8Array.from(dk.Plaintext);
    dk.Plaintext.fill(0);
    const first = await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob });
    expect(first.Plaintext).toEqual(copy);
    first.Plaintext.fill(0);
    expect((await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob })).Plaintext).toEqual(copy);
  });
});

describe('cryptographic operations and key usage [seed 003 §Opérations cryptographiques; §Utilisation de la clé]', () => {
  interface Keys {
    kms: LocalKms;
    sym: KeyMetadata;
    hmac: KeyMetadata;
    blob: Uint8Array;
  }
  const ROWS: [operation: string, call: (k: Keys) => Promise<unknown>, error: string][] = [
    ['Encrypt needs ENCRYPT_DECRYPT', (k) => k.kms.encrypt({ KeyId: k.hmac.KeyId, Plaintext: utf8('x') }), 'InvalidKeyUsageException'],
    ['GenerateDataKey needs a symmetric ENCRYPT_DECRYPT key', (k) => k.kms.generateDataKey({ KeyId: k.hmac.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException'],
    ['GenerateDataKeyWithoutPlaintext needs a symmetric ENCRYPT_DECRYPT key', (k) => k.kms.generateDataKeyWithoutPlaintext({ KeyId: k.hmac.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException'],
    ['ReEncrypt needs ENCRYPT_DECRYPT (destination)', (k) => k.kms.reEncrypt({ CiphertextBlob: k.blob, DestinationKeyId: k.hmac.KeyId }), 'InvalidKeyUsageException'],
    ['Decrypt needs ENCRYPT_DECRYPT (an HMAC KeyId never made the blob)', (k) => k.kms.decrypt({ CiphertextBlob: k.blob, KeyId: k.hmac.KeyId }), 'IncorrectKeyException'],
    ['GenerateMac needs GENERATE_VERIFY_MAC', (k) => k.kms.generateMac({ KeyId: k.sym.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'InvalidKeyUsageException'],
    ['VerifyMac needs GENERATE_VERIFY_MAC', (k) => k.kms.verifyMac({ KeyId: k.sym.KeyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256', Mac: new Uint8Array(32) }), 'InvalidKeyUsageException'],
  ];

  it.each(ROWS)('%s: a key of the wrong type or usage is refused [seed 003 §Opérations cryptographiques]', async (_operation, call, error) => {
    const { kms } = await openKms();
    const sym = await newKey(kms);
    const hmac = await newKey(kms, { KeySpec: 'HMAC_256' });
    const { CiphertextBlob: blob } = await kms.encrypt({ KeyId: sym.KeyId, Plaintext: utf8('x') });
    await expectError(call({ kms, sym, hmac, blob }), error);
  });

  it('GenerateRandom uses no KMS key: it works in a KMS that has none [seed 003 §Opérations cryptographiques]', async () => {
    const { kms } = await openKms();
    const { Plaintext } = await kms.generateRandom({ NumberOfBytes: 32 });
    expect(Plaintext.length).toBe(32);
    expect((await kms.listKeys()).Keys).toEqual([]);
  });

  it('each KMS key has exactly one key usage: a key usage that does not fit the key spec (HMAC with ENCRYPT_DECRYPT, symmetric with GENERATE_VERIFY_MAC or SIGN_VERIFY) is refused and nothing is created [seed 003 §Utilisation de la clé]', async () => {
    const { kms } = await openKms();
    await expectError(kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' }), 'ValidationException');
    await expectError(kms.createKey({ KeyUsage: 'GENERATE_VERIFY_MAC' }), 'ValidationException');
    await expectError(kms.createKey({ KeyUsage: 'SIGN_VERIFY' as 'ENCRYPT_DECRYPT' }), 'ValidationException');
    expect((await kms.listKeys()).Keys).toEqual([]);
  });
});

describe('aliases and identifiers [seed 003 §Alias; §Identificateurs de clé]', () => {
  it('one alias name can refer to a different KMS key in each Region [seed 003 §Alias]', async () => {
    const east = await openKms({ region: 'us-east-1' });
    const west = await openKms({ region: 'eu-west-1' });
    const a = await newKey(east.kms);
    const b = await newKey(west.kms);
    await east.kms.createAlias({ AliasName: 'alias/app', TargetKeyId: a.KeyId });
    await west.kms.createAlias({ AliasName: 'alias/app', TargetKeyId: b.KeyId });
    const ea = await east.kms.encrypt({ KeyId: 'alias/app', Plaintext: utf8('x') });
    const wa = await west.kms.encrypt({ KeyId: 'alias/app', Plaintext: utf8('x') });
    expect(ea.KeyId).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${a.KeyId}`);
    expect(wa.KeyId).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${b.KeyId}`);
    expect((await west.kms.listAliases()).Aliases.map((x) => x.AliasArn)).toEqual([`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/app`]);
  });

  it('aliases are independent resources: adding, changing and deleting an alias does not affect the KMS key [seed 003 §Alias]', async () => {
    const { kms, clock } = await openKms();
    const key = await newKey(kms, { Tags: [{ TagKey: 't', TagValue: 'v' }] });
    const other = await newKey(kms);
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: role('R'), Operations: ['Decrypt'] });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('kept') });
    const snapshot = async (): Promise<unknown> => ({
      metadata: (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata,
      policy: (await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy,
      tags: (await kms.listResourceTags({ KeyId: key.KeyId })).Tags,
      grants: (await kms.listGrants({ KeyId: key.KeyId })).Grants,
      rotation: await kms.getKeyRotationStatus({ KeyId: key.KeyId }),
    });
    const before = await snapshot();
    await clock.advance(1_000);
    await kms.createAlias({ AliasName: 'alias/x', TargetKeyId: key.KeyId });
    expect(await snapshot()).toEqual(before);
    await kms.updateAlias({ AliasName: 'alias/x', TargetKeyId: other.KeyId });
    expect(await snapshot()).toEqual(before);
    await kms.updateAlias({ AliasName: 'alias/x', TargetKeyId: key.KeyId });
    await kms.deleteAlias({ AliasName: 'alias/x' });
    expect(await snapshot()).toEqual(before);
    expect(text((await kms.decrypt({ CiphertextBlob })).Plaintext)).toBe('kept');
  });

  it('a key ARN is arn:<partition>:kms:<region>:<account-id>:key/<key-id>, with the account and Region of the KMS [seed 003 §ARN de clé]', async () => {
    const { kms } = await openKms({ accountId: '444455556666', region: 'eu-west-3' });
    const md = await newKey(kms);
    expect(md.Arn).toBe(`arn:aws:kms:eu-west-3:444455556666:key/${md.KeyId}`);
    expect(md.AWSAccountId).toBe('444455556666');
    expect((await kms.describeKey({ KeyId: md.Arn })).KeyMetadata.KeyId).toBe(md.KeyId);
  });

  it('an alias ARN includes the account, the Region and the alias name, and names one key at any time but different keys at different times [seed 003 §ARN d\'alias]', async () => {
    const { kms } = await openKms({ accountId: '444455556666', region: 'eu-west-3' });
    const a = await newKey(kms);
    const b = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/ExampleAlias', TargetKeyId: a.KeyId });
    const aliasArn = 'arn:aws:kms:eu-west-3:444455556666:alias/ExampleAlias';
    expect((await kms.listAliases()).Aliases.map((x) => x.AliasArn)).toEqual([aliasArn]);
    expect((await kms.describeKey({ KeyId: aliasArn })).KeyMetadata.KeyId).toBe(a.KeyId);
    await kms.updateAlias({ AliasName: 'alias/ExampleAlias', TargetKeyId: b.KeyId });
    expect((await kms.describeKey({ KeyId: aliasArn })).KeyMetadata.KeyId).toBe(b.KeyId);
  });

  it('KeyId parameters and their variations take any valid key identifier where the operation allows it: ReEncrypt\'s DestinationKeyId accepts the key id, key ARN, alias name and alias ARN [seed 003 §Identificateurs de clé]', async () => {
    const { kms } = await openKms();
    const source = await newKey(kms);
    const dest = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/dest', TargetKeyId: dest.KeyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: source.KeyId, Plaintext: utf8('x') });
    for (const ref of [dest.KeyId, dest.Arn, 'alias/dest', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/dest`]) {
      const out = await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: ref });
      expect({ ref, KeyId: out.KeyId, SourceKeyId: out.SourceKeyId }).toEqual({ ref, KeyId: dest.Arn, SourceKeyId: source.Arn });
      expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).KeyId).toBe(dest.Arn);
    }
  });
});

describe('key material, origin and key spec [seed 003 §Éléments de clé; §Origine; §Spécifications de la clé]', () => {
  it('by default each KMS key has its own key material: two HMAC_256 keys give different MACs for one message, and two symmetric keys different material ids [seed 003 §Éléments de clé]', async () => {
    const { kms } = await openKms();
    const h1 = await newKey(kms, { KeySpec: 'HMAC_256' });
    const h2 = await newKey(kms, { KeySpec: 'HMAC_256' });
    const message = utf8('same message');
    const m1 = (await kms.generateMac({ KeyId: h1.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })).Mac;
    const m2 = (await kms.generateMac({ KeyId: h2.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' })).Mac;
    expect(Buffer.from(m1).equals(Buffer.from(m2))).toBe(false);
    await expectError(kms.verifyMac({ KeyId: h2.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256', Mac: m1 }), 'KMSInvalidMacException');
    const s1 = await newKey(kms);
    const s2 = await newKey(kms);
    expect(s1.CurrentKeyMaterialId).not.toBe(s2.CurrentKeyMaterialId);
  });

  it('the origin, key spec and key usage are chosen when the key is created and cannot be changed: they survive rotation, disabling, policy, alias, tag and description changes [seed 003 §Origine des éléments de clé; §Spécifications de la clé]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const fixed = (md: KeyMetadata): unknown => [md.Origin, md.KeySpec, md.CustomerMasterKeySpec, md.KeyUsage, md.EncryptionAlgorithms];
    expect(fixed(key)).toEqual(['AWS_KMS', 'SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', ['SYMMETRIC_DEFAULT']]);
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await kms.enableKeyRotation({ KeyId: key.KeyId });
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.enableKey({ KeyId: key.KeyId });
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: await policyWith(kms, key.KeyId) });
    await kms.createAlias({ AliasName: 'alias/k', TargetKeyId: key.KeyId });
    await kms.tagResource({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    await kms.updateKeyDescription({ KeyId: key.KeyId, Description: 'changed' });
    expect(fixed((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata)).toEqual(fixed(key));
  });

  it('the origin of an HMAC key is always AWS_KMS: DescribeKey says so, and another origin is refused [seed 003 §Origine des éléments de clé]', async () => {
    const { kms } = await openKms();
    const md = await newKey(kms, { KeySpec: 'HMAC_384' });
    expect((await kms.describeKey({ KeyId: md.KeyId })).KeyMetadata.Origin).toBe('AWS_KMS');
    await expectError(kms.createKey({ KeySpec: 'HMAC_384', Origin: 'EXTERNAL' }), 'UnsupportedOperationException');
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toEqual([md.KeyId]);
  });

  it('CreateKey and DescribeKey answer both KeySpec and the deprecated CustomerMasterKeySpec with the same value, and CustomerMasterKeySpec in CreateKey works as KeySpec [seed 003 §Spécifications de la clé, Note]', async () => {
    const { kms } = await openKms();
    const created = await newKey(kms, { CustomerMasterKeySpec: 'HMAC_512' });
    expect([created.KeySpec, created.CustomerMasterKeySpec, created.KeyUsage]).toEqual(['HMAC_512', 'HMAC_512', 'GENERATE_VERIFY_MAC']);
    const described = (await kms.describeKey({ KeyId: created.KeyId })).KeyMetadata;
    expect([described.KeySpec, described.CustomerMasterKeySpec]).toEqual(['HMAC_512', 'HMAC_512']);
    const sym = await newKey(kms);
    expect([sym.KeySpec, sym.CustomerMasterKeySpec]).toEqual(['SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT']);
  });
});

describe('envelope encryption [seed 003 §Chiffrement d\'enveloppe]', () => {
  it('the same data is protected under several KMS keys by re-encrypting only the data key: either encrypted data key opens the data [seed 003 §Chiffrement d\'enveloppe]', async () => {
    const { kms } = await openKms();
    const a = await newKey(kms);
    const b = await newKey(kms);
    const dk = await kms.generateDataKey({ KeyId: a.KeyId, KeySpec: 'AES_256' });
    const sealed = sealLocally(dk.Plaintext, utf8('big object'));
    const underB = await kms.reEncrypt({ CiphertextBlob: dk.CiphertextBlob, DestinationKeyId: b.KeyId });
    expect(underB).not.toHaveProperty('Plaintext');
    await kms.disableKey({ KeyId: a.KeyId });
    const viaB = await kms.decrypt({ CiphertextBlob: underB.CiphertextBlob });
    expect(viaB.KeyId).toBe(b.Arn);
    expect(text(openLocally(viaB.Plaintext, sealed))).toBe('big object');
    await expectError(kms.decrypt({ CiphertextBlob: dk.CiphertextBlob }), 'DisabledException');
  });
});

describe('encryption context [seed 003 §Contexte de chiffrement]', () => {
  const EC = { purpose: 'test' };

  it('every cryptographic operation with a symmetric key accepts an optional encryption context and binds it as AAD: blobs of Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and ReEncrypt open only with it [seed 003 §Contexte de chiffrement]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const source = (await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('s') })).CiphertextBlob;
    const blobs: [string, Uint8Array][] = [
      ['Encrypt', (await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: EC })).CiphertextBlob],
      ['GenerateDataKey', (await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: EC })).CiphertextBlob],
      ['GenerateDataKeyWithoutPlaintext', (await kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 64, EncryptionContext: EC })).CiphertextBlob],
      ['ReEncrypt', (await kms.reEncrypt({ CiphertextBlob: source, DestinationKeyId: key.KeyId, DestinationEncryptionContext: EC })).CiphertextBlob],
    ];
    for (const [operation, blob] of blobs) {
      await expectError(kms.decrypt({ CiphertextBlob: blob }), 'InvalidCiphertextException');
      await expectError(kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { purpose: 'Test' } }), 'InvalidCiphertextException');
      expect({ operation, KeyId: (await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: EC })).KeyId }).toEqual({ operation, KeyId: key.Arn });
    }
    // Optional: the source blob, made without one, opens without one.
    expect(text((await kms.decrypt({ CiphertextBlob: source })).Plaintext)).toBe('s');
  });

  it('a context key or value of another type, such as an integer or a float, is interpreted as a string [seed 003 §Contexte de chiffrement, règles]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const numeric = { department: 10103 } as unknown as Record<string, string>;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: numeric });
    expect(text((await kms.decrypt({ CiphertextBlob, EncryptionContext: { department: '10103' } })).Plaintext)).toBe('x');
  });

  it('an encryption context cannot be used with an HMAC key: the operations that take one refuse the key, and no context enters a MAC [seed 003 §Contexte de chiffrement, Note]', async () => {
    const { kms } = await openKms();
    const hmac = await newKey(kms, { KeySpec: 'HMAC_256' });
    await expectError(kms.encrypt({ KeyId: hmac.KeyId, Plaintext: utf8('x'), EncryptionContext: EC }), 'InvalidKeyUsageException');
    await expectError(kms.generateDataKey({ KeyId: hmac.KeyId, KeySpec: 'AES_256', EncryptionContext: EC }), 'InvalidKeyUsageException');
    await expectError(kms.generateDataKeyWithoutPlaintext({ KeyId: hmac.KeyId, KeySpec: 'AES_256', EncryptionContext: EC }), 'InvalidKeyUsageException');
    // GenerateMac has no EncryptionContext member: one given anyway is refused (kms.md §5) or
    // ignored as an unknown member (README §KMS API); either way it never changes the MAC.
    const message = utf8('m');
    const plain = await kms.generateMac({ KeyId: hmac.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256' });
    const withContext = kms.generateMac({ KeyId: hmac.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_256', EncryptionContext: EC } as Parameters<LocalKms['generateMac']>[0]);
    const outcome = await withContext.then(
      (r) => ({ sameMac: Buffer.from(r.Mac).equals(Buffer.from(plain.Mac)) }),
      (e: unknown) => ({ error: e instanceof Error ? e.name : String(e) }),
    );
    expect([{ sameMac: true }, { error: 'ValidationException' }]).toContainEqual(outcome);
  });

  it('with a file path as encryption context, moving or renaming the file changes the context and Decrypt fails [seed 003 §Contexte de chiffrement]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const path = { path: '/home/reports/2026/q1.csv' };
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('report'), EncryptionContext: path });
    await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: { path: '/home/reports/2026/q1-renamed.csv' } }), 'InvalidCiphertextException');
    await expectError(kms.decrypt({ CiphertextBlob, EncryptionContext: { path: '/tmp/q1.csv' } }), 'InvalidCiphertextException');
    expect(text((await kms.decrypt({ CiphertextBlob, EncryptionContext: path })).Plaintext)).toBe('report');
  });

  it('kms:EncryptionContext:AppName and kms:EncryptionContextKeys allow only requests whose context has that pair or that key (the seed\'s RoleForExampleApp statement) [seed 003 §Contexte de chiffrement]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const app = role('RoleForExampleApp');
    const policy = await policyWith(
      kms,
      key.KeyId,
      { Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } } },
      { Effect: 'Allow', Principal: { AWS: app }, Action: 'kms:Encrypt', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'AppName' } } },
    );
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: policy });
    const caller = kms.as(app);
    const ec = { AppName: 'ExampleApp', file: 'a.txt' };
    const { CiphertextBlob } = await caller.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: ec });
    await expectError(caller.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { file: 'a.txt' } }), 'AccessDeniedException');
    expect(text((await caller.decrypt({ CiphertextBlob, EncryptionContext: ec })).Plaintext)).toBe('x');
    const other = (await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('y'), EncryptionContext: { AppName: 'OtherApp' } })).CiphertextBlob;
    await expectError(caller.decrypt({ CiphertextBlob: other, EncryptionContext: { AppName: 'OtherApp' } }), 'AccessDeniedException');
  });

  it('CloudTrail shows exactly which KMS key decrypted the data the context names: a Decrypt without KeyId is logged with the key ARN and the context [seed 003 §Contexte de chiffrement]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const ec = { department: '10103.0' };
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: ec });
    await kms.decrypt({ CiphertextBlob, EncryptionContext: ec });
    const record = await lastRecord(kms, 'Decrypt');
    expect(record.requestParameters).toMatchObject({ keyId: key.Arn, encryptionContext: ec });
    expect(record.resources).toEqual([{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: key.Arn }]);
  });
});

describe('key policy and grants [seed 003 §Politique de clé; §Grant]', () => {
  it('permissions can be added, removed or changed in a customer-managed key\'s policy at any time: a removed statement stops the next call, even one changed while the key is disabled [seed 003 §Politique de clé]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const original = (await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy;
    const reader = kms.as(role('Reader'));
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await expectError(reader.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: await policyWith(kms, key.KeyId, { Effect: 'Allow', Principal: { AWS: role('Reader') }, Action: 'kms:Decrypt', Resource: '*' }) });
    expect(text((await reader.decrypt({ CiphertextBlob })).Plaintext)).toBe('x');
    await kms.disableKey({ KeyId: key.KeyId });
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: original });
    await kms.enableKey({ KeyId: key.KeyId });
    await expectError(reader.decrypt({ CiphertextBlob }), 'AccessDeniedException');
  });

  it('a grant gives temporary, fine-grained permissions (cryptographic operations, DescribeKey, CreateGrant) without changing the key policy: create it, use it, retire it [seed 003 §Grant]', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    const policy = (await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy;
    const worker = kms.as(role('Worker'));
    const helper = kms.as(role('Helper'));
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    const { GrantToken } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: worker.principal, Operations: ['Decrypt', 'DescribeKey', 'CreateGrant', 'RetireGrant'] });
    expect((await worker.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyId).toBe(key.KeyId);
    expect(text((await worker.decrypt({ CiphertextBlob })).Plaintext)).toBe('x');
    await worker.createGrant({ KeyId: key.KeyId, GranteePrincipal: helper.principal, Operations: ['Decrypt'] });
    expect(text((await helper.decrypt({ CiphertextBlob })).Plaintext)).toBe('x');
    await worker.retireGrant({ GrantToken });
    await expectError(worker.decrypt({ CiphertextBlob }), 'AccessDeniedException');
    expect((await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy).toBe(policy);
  });
});

describe('auditing key use [seed 003 §Vérification de l\'utilisation de clé KMS]', () => {
  it('CloudTrail records when the key was used, the operation, the requester\'s identity and the source IP address, for direct calls and for calls a service makes on the account\'s behalf [seed 003 §Vérification de l\'utilisation de clé KMS]', async () => {
    const { kms, clock } = await openKms();
    const key = await newKey(kms);
    await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: SERVICE, Operations: ['Decrypt'] });
    await clock.advance(90_000);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await clock.advance(30_000);
    await kms.as(SERVICE).decrypt({ CiphertextBlob });
    const [direct, onBehalf] = (await trail(kms, { KeyId: key.KeyId })).filter((r) => r.eventName === 'Encrypt' || r.eventName === 'Decrypt');
    expect(direct).toMatchObject({
      eventTime: '2026-01-01T00:01:30Z',
      eventName: 'Encrypt',
      userIdentity: { type: 'Root', arn: ROOT, accountId: ACCOUNT },
      sourceIPAddress: '127.0.0.1',
    });
    expect(onBehalf).toMatchObject({
      eventTime: '2026-01-01T00:02:00Z',
      eventName: 'Decrypt',
      userIdentity: { type: 'AWSService', invokedBy: SERVICE },
      sourceIPAddress: SERVICE,
    });
  });
});
