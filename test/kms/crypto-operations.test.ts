/**
 * @module test/kms/crypto-operations
 * The cryptographic operations of LocalKms (Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext, GenerateRandom) against reference/kms.md §2, §3, §6 and
 * seed 003 (data keys and envelope encryption): sizes and their exact validation messages,
 * response KeyId = key ARN, KeyId matching on Decrypt/ReEncrypt, KeyMaterialId, foreign and
 * garbage blobs, key usage, and DryRun. One test per rule; the title states the rule.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBlob } from '../../src/kms/ciphertext-blob.js';
import {
  bytes,
  closeOpenedKms,
  createHmacKey,
  createSymmetricKey,
  openKms,
  rejection,
  trailRecords,
  utf8,
} from './_crypto-helpers.js';

afterEach(closeOpenedKms);

const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';
const INCORRECT_KEY = 'The key ID in the request does not identify a CMK that can perform this operation.';
const one = (violation: string): string => `1 validation error detected: ${violation}`;

describe('Encrypt', () => {
  it('Encrypt accepts a plaintext of exactly 4096 bytes and it decrypts back', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const plaintext = Uint8Array.from({ length: 4096 }, (_, i) => i % 251);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: plaintext });
    expect((await kms.decrypt({ CiphertextBlob })).Plaintext).toEqual(plaintext);
  });

  it("Encrypt refuses 4097 bytes with ValidationException at 'plaintext', without echoing the value", async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const e = await rejection(
      kms.encrypt({ KeyId: keyId, Plaintext: bytes(4097, 0x5a) }),
      'ValidationException',
      one("Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096"),
    );
    expect(e.message).not.toContain('ZZZZ');
  });

  it('Encrypt refuses an empty plaintext with ValidationException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await rejection(
      kms.encrypt({ KeyId: keyId, Plaintext: new Uint8Array(0) }),
      'ValidationException',
      one("Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    );
  });

  it('Encrypt answers the key ARN as KeyId whether called with the key id, the ARN, an alias name or an alias ARN', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: keyId });
    for (const ref of [keyId, arn, 'alias/orders', `arn:aws:kms:us-east-1:111122223333:alias/orders`]) {
      const out = await kms.encrypt({ KeyId: ref, Plaintext: utf8('x') });
      expect({ ref, KeyId: out.KeyId, EncryptionAlgorithm: out.EncryptionAlgorithm }).toEqual({
        ref,
        KeyId: arn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      });
    }
  });

  it('Encrypt of the same plaintext twice gives two different blobs (fresh salt per blob)', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const a = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('same') });
    const b = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('same') });
    expect(a.CiphertextBlob).not.toEqual(b.CiphertextBlob);
  });

  it('an HMAC key refuses Encrypt with InvalidKeyUsageException', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createHmacKey(kms);
    await rejection(
      kms.encrypt({ KeyId: keyId, Plaintext: utf8('x') }),
      'InvalidKeyUsageException',
      `${arn} key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.`,
    );
  });

  it('a symmetric encryption key refuses GenerateMac with InvalidKeyUsageException', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await rejection(
      kms.generateMac({ KeyId: keyId, Message: utf8('m'), MacAlgorithm: 'HMAC_SHA_256' }),
      'InvalidKeyUsageException',
      `${arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    );
  });
});

describe('Decrypt', () => {
  it('Decrypt without KeyId finds the key from the blob and answers its ARN', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await createSymmetricKey(kms, 'another key, created later');
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('hello') });
    const out = await kms.decrypt({ CiphertextBlob });
    expect(out.KeyId).toBe(arn);
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(new TextDecoder().decode(out.Plaintext)).toBe('hello');
  });

  it('Decrypt with the KeyId of the key that made the blob works for the key id, ARN, alias name and alias ARN', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await kms.createAlias({ AliasName: 'alias/app', TargetKeyId: keyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('p') });
    for (const ref of [keyId, arn, 'alias/app', 'arn:aws:kms:us-east-1:111122223333:alias/app']) {
      const out = await kms.decrypt({ CiphertextBlob, KeyId: ref });
      expect({ ref, KeyId: out.KeyId, text: new TextDecoder().decode(out.Plaintext) }).toEqual({ ref, KeyId: arn, text: 'p' });
    }
  });

  it('Decrypt with the KeyId of another key fails with IncorrectKeyException and AWS message', async () => {
    const { kms } = await openKms();
    const a = await createSymmetricKey(kms);
    const b = await createSymmetricKey(kms);
    await kms.createAlias({ AliasName: 'alias/other', TargetKeyId: b.keyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.keyId, Plaintext: utf8('p') });
    for (const ref of [b.keyId, b.arn, 'alias/other']) {
      await rejection(kms.decrypt({ CiphertextBlob, KeyId: ref }), 'IncorrectKeyException', INCORRECT_KEY);
    }
  });

  it('Decrypt returns the KeyMaterialId of the material that encrypted the blob (64 lowercase hex, the current one)', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('p') });
    const out = await kms.decrypt({ CiphertextBlob });
    expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.KeyMaterialId).toBe(KeyMetadata.CurrentKeyMaterialId);
  });

  it('a blob made by another LocalKms instance fails with InvalidCiphertextException (a foreign blob: this KMS never had its key)', async () => {
    const { kms: other } = await openKms();
    const foreign = await createSymmetricKey(other);
    const { CiphertextBlob } = await other.encrypt({ KeyId: foreign.keyId, Plaintext: utf8('secret') });
    const { kms } = await openKms();
    await rejection(kms.decrypt({ CiphertextBlob }), 'InvalidCiphertextException', '');
  });

  it('a blob of a key deleted at the end of its waiting period fails with NotFoundException naming the deleted key', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('secret') });
    await kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 });
    await clock.advance(7 * 86_400_000);
    await rejection(kms.decrypt({ CiphertextBlob }), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${keyId}' does not exist`);
  });

  it('a blob made by another LocalKms instance, decrypted with a local KeyId, fails with IncorrectKeyException', async () => {
    const { kms: other } = await openKms();
    const foreign = await createSymmetricKey(other);
    const { CiphertextBlob } = await other.encrypt({ KeyId: foreign.keyId, Plaintext: utf8('secret') });
    const { kms } = await openKms();
    const local = await createSymmetricKey(kms);
    await rejection(kms.decrypt({ CiphertextBlob, KeyId: local.keyId }), 'IncorrectKeyException', INCORRECT_KEY);
  });

  it('a truncated or garbage blob fails with InvalidCiphertextException and an empty message', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('some plaintext') });
    const garbage = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff); // first byte 0x0b: not a version
    const cases: [string, Uint8Array][] = [
      ['one byte', Uint8Array.of(1)],
      ['the header only', CiphertextBlob.subarray(0, 81)],
      ['header and a short tag', CiphertextBlob.subarray(0, 96)],
      ['the last byte cut off', CiphertextBlob.subarray(0, CiphertextBlob.length - 1)],
      ['the tag cut off', CiphertextBlob.subarray(0, CiphertextBlob.length - 16)],
      ['a byte appended', Uint8Array.of(...CiphertextBlob, 0)],
      ['garbage', garbage],
      ['another version byte', Uint8Array.of(2, ...CiphertextBlob.subarray(1))],
    ];
    for (const [label, blob] of cases) {
      const e = await rejection(kms.decrypt({ CiphertextBlob: blob }), 'InvalidCiphertextException', '');
      expect({ label, message: e.message }).toEqual({ label, message: '' });
    }
  });

  it('a disabled key refuses Decrypt with DisabledException', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('p') });
    await kms.disableKey({ KeyId: keyId });
    await rejection(kms.decrypt({ CiphertextBlob }), 'DisabledException', `${arn} is disabled.`);
  });
});

describe('GenerateDataKey', () => {
  it('GenerateDataKey with KeySpec AES_256 returns a 32-byte data key and its blob', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    expect(out.Plaintext.length).toBe(32);
    expect(out.KeyId).toBe(arn);
    expect(decodeBlob(out.CiphertextBlob)?.keyId).toBe(keyId);
  });

  it('GenerateDataKey with KeySpec AES_128 returns a 16-byte data key', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_128' });
    expect(out.Plaintext.length).toBe(16);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(out.Plaintext);
  });

  it('GenerateDataKey with NumberOfBytes 1 and 1024 returns data keys of those sizes', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    for (const n of [1, 1024]) {
      const out = await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: n });
      expect({ n, length: out.Plaintext.length }).toEqual({ n, length: n });
      expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).Plaintext).toEqual(out.Plaintext);
    }
  });

  it('GenerateDataKey refuses NumberOfBytes 0 and 1025 with ValidationException at numberOfBytes', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await rejection(
      kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 0 }),
      'ValidationException',
      one("Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
    await rejection(
      kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 1025 }),
      'ValidationException',
      one("Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"),
    );
  });

  it('GenerateDataKey with neither NumberOfBytes nor KeySpec fails: Please specify either number of bytes or key spec.', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await rejection(kms.generateDataKey({ KeyId: keyId }), 'ValidationException', 'Please specify either number of bytes or key spec.');
    await rejection(
      kms.generateDataKeyWithoutPlaintext({ KeyId: keyId }),
      'ValidationException',
      'Please specify either number of bytes or key spec.',
    );
  });

  it('GenerateDataKey with both NumberOfBytes and KeySpec fails with ValidationException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await rejection(kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 32, KeySpec: 'AES_256' }), 'ValidationException');
    await rejection(kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, NumberOfBytes: 16, KeySpec: 'AES_128' }), 'ValidationException');
  });

  it('the plaintext data key decrypts back from its blob with the same encryption context, and not without it', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const EncryptionContext = { table: 'orders', keyspace: 'shop' };
    const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext });
    const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { keyspace: 'shop', table: 'orders' } });
    expect(back.Plaintext).toEqual(out.Plaintext);
    expect(back.KeyMaterialId).toBe(out.KeyMaterialId);
    await rejection(kms.decrypt({ CiphertextBlob: out.CiphertextBlob }), 'InvalidCiphertextException', '');
  });

  it('GenerateDataKeyWithoutPlaintext returns no Plaintext, and its blob decrypts to a 32-byte key for AES_256', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    const out = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { a: '1' } });
    expect(Object.keys(out).sort()).toEqual(['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
    expect(out.KeyId).toBe(arn);
    const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { a: '1' } });
    expect(back.Plaintext.length).toBe(32);
    expect(back.Plaintext.some((b) => b !== 0)).toBe(true);
    expect(back.KeyMaterialId).toBe(out.KeyMaterialId);
  });

  it('each GenerateDataKey call returns a different data key and blob', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const seen = new Set<string>();
    const blobs = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
      seen.add(Buffer.from(out.Plaintext).toString('hex'));
      blobs.add(Buffer.from(out.CiphertextBlob).toString('hex'));
    }
    const w = await kms.generateDataKeyWithoutPlaintext({ KeyId: keyId, KeySpec: 'AES_256' });
    seen.add(Buffer.from((await kms.decrypt({ CiphertextBlob: w.CiphertextBlob })).Plaintext).toString('hex'));
    expect(seen.size).toBe(21);
    expect(blobs.size).toBe(20);
  });

  it('GenerateDataKey answers the KeyMaterialId of the CURRENT material', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    const out = await kms.generateDataKey({ KeyId: keyId, NumberOfBytes: 64 });
    expect(out.KeyMaterialId).toBe(KeyMetadata.CurrentKeyMaterialId);
  });
});

describe('GenerateRandom', () => {
  it('GenerateRandom returns exactly NumberOfBytes random bytes for 1, 32 and 1024', async () => {
    const { kms } = await openKms();
    for (const n of [1, 32, 1024]) {
      const { Plaintext } = await kms.generateRandom({ NumberOfBytes: n });
      expect({ n, length: Plaintext.length }).toEqual({ n, length: n });
    }
    const a = await kms.generateRandom({ NumberOfBytes: 32 });
    const b = await kms.generateRandom({ NumberOfBytes: 32 });
    expect(a.Plaintext).not.toEqual(b.Plaintext);
  });

  it('GenerateRandom without NumberOfBytes fails: NumberOfBytes is required.', async () => {
    const { kms } = await openKms();
    await rejection(kms.generateRandom({}), 'ValidationException', 'NumberOfBytes is required.');
  });

  it('GenerateRandom refuses NumberOfBytes 0 and 1025 with ValidationException at numberOfBytes', async () => {
    const { kms } = await openKms();
    await rejection(
      kms.generateRandom({ NumberOfBytes: 0 }),
      'ValidationException',
      one("Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
    await rejection(
      kms.generateRandom({ NumberOfBytes: 1025 }),
      'ValidationException',
      one("Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024"),
    );
  });
});

describe('ReEncrypt', () => {
  it('ReEncrypt moves a blob to another key without returning the plaintext', async () => {
    const { kms } = await openKms();
    const src = await createSymmetricKey(kms);
    const dst = await createSymmetricKey(kms);
    const plaintext = utf8('move me');
    const { CiphertextBlob } = await kms.encrypt({ KeyId: src.keyId, Plaintext: plaintext, EncryptionContext: { from: 'src' } });
    const out = await kms.reEncrypt({
      CiphertextBlob,
      SourceEncryptionContext: { from: 'src' },
      DestinationKeyId: dst.keyId,
      DestinationEncryptionContext: { to: 'dst' },
    });
    expect(Object.keys(out).sort()).toEqual([
      'CiphertextBlob',
      'DestinationEncryptionAlgorithm',
      'DestinationKeyMaterialId',
      'KeyId',
      'SourceEncryptionAlgorithm',
      'SourceKeyId',
      'SourceKeyMaterialId',
    ]);
    expect(out.SourceKeyId).toBe(src.arn);
    expect(out.KeyId).toBe(dst.arn);
    expect(decodeBlob(out.CiphertextBlob)?.keyId).toBe(dst.keyId);
    const plainHex = Buffer.from(plaintext).toString('hex');
    expect(Buffer.from(out.CiphertextBlob).toString('hex')).not.toContain(plainHex);
    const [record] = await trailRecords(kms, 'ReEncrypt');
    expect(JSON.stringify(record)).not.toContain('move me');
  });

  it('the ReEncrypt result decrypts under the destination key with the destination context only', async () => {
    const { kms } = await openKms();
    const src = await createSymmetricKey(kms);
    const dst = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: src.keyId, Plaintext: utf8('payload'), EncryptionContext: { from: 'src' } });
    const out = await kms.reEncrypt({
      CiphertextBlob,
      SourceEncryptionContext: { from: 'src' },
      DestinationKeyId: dst.keyId,
      DestinationEncryptionContext: { to: 'dst' },
    });
    const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, KeyId: dst.arn, EncryptionContext: { to: 'dst' } });
    expect(new TextDecoder().decode(back.Plaintext)).toBe('payload');
    await rejection(kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { from: 'src' } }), 'InvalidCiphertextException', '');
    await rejection(kms.decrypt({ CiphertextBlob: out.CiphertextBlob, KeyId: src.keyId, EncryptionContext: { to: 'dst' } }), 'IncorrectKeyException');
  });

  it('ReEncrypt answers SourceKeyMaterialId (the material that made the blob) and DestinationKeyMaterialId (the destination CURRENT one)', async () => {
    const { kms } = await openKms();
    const src = await createSymmetricKey(kms);
    const dst = await createSymmetricKey(kms);
    const srcMaterial = (await kms.describeKey({ KeyId: src.keyId })).KeyMetadata.CurrentKeyMaterialId;
    const { CiphertextBlob } = await kms.encrypt({ KeyId: src.keyId, Plaintext: utf8('p') });
    await kms.rotateKeyOnDemand({ KeyId: src.keyId });
    const dstMaterial = (await kms.describeKey({ KeyId: dst.keyId })).KeyMetadata.CurrentKeyMaterialId;
    const out = await kms.reEncrypt({ CiphertextBlob, DestinationKeyId: dst.keyId });
    expect(out.SourceKeyMaterialId).toBe(srcMaterial);
    expect(out.DestinationKeyMaterialId).toBe(dstMaterial);
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob })).KeyMaterialId).toBe(dstMaterial);
  });

  it('ReEncrypt with a SourceKeyId that is not the key of the blob fails with IncorrectKeyException', async () => {
    const { kms } = await openKms();
    const src = await createSymmetricKey(kms);
    const dst = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: src.keyId, Plaintext: utf8('p') });
    await rejection(kms.reEncrypt({ CiphertextBlob, SourceKeyId: dst.keyId, DestinationKeyId: dst.keyId }), 'IncorrectKeyException', INCORRECT_KEY);
    const ok = await kms.reEncrypt({ CiphertextBlob, SourceKeyId: src.arn, DestinationKeyId: dst.keyId });
    expect(ok.SourceKeyId).toBe(src.arn);
  });

  it('ReEncrypt with a wrong source encryption context fails with InvalidCiphertextException', async () => {
    const { kms } = await openKms();
    const src = await createSymmetricKey(kms);
    const dst = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: src.keyId, Plaintext: utf8('p'), EncryptionContext: { k: 'v' } });
    await rejection(
      kms.reEncrypt({ CiphertextBlob, SourceEncryptionContext: { k: 'V' }, DestinationKeyId: dst.keyId }),
      'InvalidCiphertextException',
      '',
    );
    await rejection(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: dst.keyId }), 'InvalidCiphertextException', '');
  });
});

describe('DryRun', () => {
  it('DryRun on Encrypt, Decrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext and ReEncrypt answers DryRunOperationException when the call would succeed', async () => {
    const { kms } = await openKms();
    const a = await createSymmetricKey(kms);
    const b = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.keyId, Plaintext: utf8('p') });
    const calls: [string, Promise<unknown>][] = [
      ['Encrypt', kms.encrypt({ KeyId: a.keyId, Plaintext: utf8('p'), DryRun: true })],
      ['Decrypt', kms.decrypt({ CiphertextBlob, DryRun: true })],
      ['GenerateDataKey', kms.generateDataKey({ KeyId: a.keyId, KeySpec: 'AES_256', DryRun: true })],
      ['GenerateDataKeyWithoutPlaintext', kms.generateDataKeyWithoutPlaintext({ KeyId: a.keyId, NumberOfBytes: 8, DryRun: true })],
      ['ReEncrypt', kms.reEncrypt({ CiphertextBlob, DestinationKeyId: b.keyId, DryRun: true })],
    ];
    for (const [op, call] of calls) {
      const e = await rejection(call, 'DryRunOperationException', DRY_RUN);
      expect({ op, name: e.name }).toEqual({ op, name: 'DryRunOperationException' });
    }
  });

  it('a DryRun that would fail answers the real error: a disabled key gives DisabledException on every crypto operation', async () => {
    const { kms } = await openKms();
    const a = await createSymmetricKey(kms);
    const b = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: a.keyId, Plaintext: utf8('p') });
    await kms.disableKey({ KeyId: a.keyId });
    const disabled = `${a.arn} is disabled.`;
    await rejection(kms.encrypt({ KeyId: a.keyId, Plaintext: utf8('p'), DryRun: true }), 'DisabledException', disabled);
    await rejection(kms.decrypt({ CiphertextBlob, DryRun: true }), 'DisabledException', disabled);
    await rejection(kms.generateDataKey({ KeyId: a.keyId, KeySpec: 'AES_256', DryRun: true }), 'DisabledException', disabled);
    await rejection(kms.generateDataKeyWithoutPlaintext({ KeyId: a.keyId, KeySpec: 'AES_128', DryRun: true }), 'DisabledException', disabled);
    await rejection(kms.reEncrypt({ CiphertextBlob, DestinationKeyId: b.keyId, DryRun: true }), 'DisabledException', disabled);
    await rejection(
      kms.decrypt({ KeyId: a.keyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }),
      'DisabledException',
      disabled,
    );
  });

  it('a DryRun Decrypt with a wrong encryption context answers InvalidCiphertextException, not DryRunOperationException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: utf8('p'), EncryptionContext: { a: '1' } });
    await rejection(kms.decrypt({ CiphertextBlob, EncryptionContext: { a: '2' }, DryRun: true }), 'InvalidCiphertextException', '');
  });

  it("a Decrypt DryRun with DryRunModifiers ['IGNORE_CIPHERTEXT'] and a KeyId needs no CiphertextBlob", async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.createAlias({ AliasName: 'alias/dry', TargetKeyId: keyId });
    await rejection(kms.decrypt({ KeyId: keyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }), 'DryRunOperationException', DRY_RUN);
    await rejection(kms.decrypt({ KeyId: 'alias/dry', DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }), 'DryRunOperationException', DRY_RUN);
  });

  it('a Decrypt with neither CiphertextBlob nor the IGNORE_CIPHERTEXT DryRun fails with ValidationException at ciphertextBlob', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const missing = one("Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null");
    await rejection(kms.decrypt({ KeyId: keyId }), 'ValidationException', missing);
    await rejection(kms.decrypt({ KeyId: keyId, DryRun: true }), 'ValidationException', missing);
    await rejection(kms.decrypt({ DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] }), 'ValidationException', missing);
  });
});
