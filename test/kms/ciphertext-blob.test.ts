/**
 * @module test/kms/ciphertext-blob
 * The local KMS ciphertext blob (src/kms/ciphertext-blob.ts; reference/kms.md §8): header
 * layout as `decodeBlob` reads it from a real Encrypt result, and tamper detection — flipping
 * any single byte of a blob never yields plaintext. What is answered depends on the region of
 * the header the byte is in:
 *
 * | bytes  | region                 | Decrypt without KeyId   | Decrypt with the right KeyId |
 * |--------|------------------------|-------------------------|------------------------------|
 * | 0      | version                | InvalidCiphertext (no parse) | InvalidCiphertext      |
 * | 1–16   | key id                 | NotFound (no such key)  | IncorrectKey (other key id)  |
 * | 17–48  | key-material id        | InvalidCiphertext (no such material) | InvalidCiphertext |
 * | 49–80  | salt                   | InvalidCiphertext (GCM tag fails) | InvalidCiphertext |
 * | 81–    | ciphertext ‖ tag       | InvalidCiphertext (GCM tag fails) | InvalidCiphertext |
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BLOB_HEADER_LENGTH,
  BLOB_SALT_LENGTH,
  BLOB_TAG_LENGTH,
  BLOB_VERSION,
  decodeBlob,
  encodeBlobHeader,
} from '../../src/kms/ciphertext-blob.js';
import type { LocalKms } from '../../src/kms/index.js';
import { closeOpenedKms, createSymmetricKey, flipByte, openKms, rejection, utf8 } from './_crypto-helpers.js';

afterEach(closeOpenedKms);

const PLAINTEXT = utf8('thirty-two bytes of plaintext!!!');

async function fixture(): Promise<{ kms: LocalKms; keyId: string; arn: string; blob: Uint8Array; materialId: string }> {
  const { kms } = await openKms();
  const { keyId, arn } = await createSymmetricKey(kms);
  const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
  const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { blob: 'test' } });
  return { kms, keyId, arn, blob: CiphertextBlob, materialId: KeyMetadata.CurrentKeyMaterialId! };
}

/** The header region a byte position belongs to. */
function regionOf(at: number): 'version' | 'keyId' | 'materialId' | 'salt' | 'sealed' {
  if (at === 0) return 'version';
  if (at < 17) return 'keyId';
  if (at < 49) return 'materialId';
  if (at < 81) return 'salt';
  return 'sealed';
}

describe('blob layout', () => {
  it('an Encrypt blob is version 0x01 ‖ 16-byte key id ‖ 32-byte material id ‖ 32-byte salt ‖ ciphertext ‖ 16-byte tag', async () => {
    const { keyId, blob, materialId } = await fixture();
    expect(BLOB_VERSION).toBe(0x01);
    expect(BLOB_HEADER_LENGTH).toBe(81);
    expect(blob.length).toBe(BLOB_HEADER_LENGTH + PLAINTEXT.length + BLOB_TAG_LENGTH);
    expect(blob[0]).toBe(0x01);
    expect(Buffer.from(blob.subarray(1, 17)).toString('hex')).toBe(keyId.replaceAll('-', ''));
    expect(Buffer.from(blob.subarray(17, 49)).toString('hex')).toBe(materialId);
    const parsed = decodeBlob(blob);
    expect(parsed).toBeDefined();
    expect(parsed!.keyId).toBe(keyId);
    expect(parsed!.keyMaterialId).toBe(materialId);
    expect(parsed!.salt).toEqual(blob.subarray(49, 81));
    expect(parsed!.header).toEqual(blob.subarray(0, 81));
    expect(parsed!.sealed).toEqual(blob.subarray(81));
  });

  it('the plaintext does not appear in the blob', async () => {
    const { blob } = await fixture();
    expect(Buffer.from(blob).indexOf(Buffer.from(PLAINTEXT))).toBe(-1);
  });

  it('two blobs of the same plaintext differ only after the key and material ids (fresh salt)', async () => {
    const { kms, keyId, blob } = await fixture();
    const again = (await kms.encrypt({ KeyId: keyId, Plaintext: PLAINTEXT, EncryptionContext: { blob: 'test' } })).CiphertextBlob;
    expect(again.subarray(0, 49)).toEqual(blob.subarray(0, 49));
    expect(again.subarray(49, 81)).not.toEqual(blob.subarray(49, 81));
    expect(again.subarray(81, 81 + PLAINTEXT.length)).not.toEqual(blob.subarray(81, 81 + PLAINTEXT.length));
  });

  it('no two blobs share a keystream: each is sealed under its own salt-derived key (ct1 ⊕ ct2 ≠ pt1 ⊕ pt2)', async () => {
    const { kms, keyId, blob } = await fixture();
    const other = utf8('a different 32-byte plaintext!!!');
    const again = (await kms.encrypt({ KeyId: keyId, Plaintext: other, EncryptionContext: { blob: 'test' } })).CiphertextBlob;
    const n = PLAINTEXT.length;
    const ctXor = blob.subarray(81, 81 + n).map((b, i) => b ^ again[81 + i]!);
    const ptXor = PLAINTEXT.map((b, i) => b ^ other[i]!);
    expect(ctXor).not.toEqual(ptXor);
  });

  it('encodeBlobHeader then decodeBlob gives back the key id, material id and salt', () => {
    const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
    const materialId = 'ab'.repeat(32);
    const salt = Uint8Array.from({ length: BLOB_SALT_LENGTH }, (_, i) => i);
    const header = encodeBlobHeader(keyId, materialId, salt);
    const parsed = decodeBlob(Uint8Array.of(...header, ...new Uint8Array(BLOB_TAG_LENGTH)));
    expect(parsed?.keyId).toBe(keyId);
    expect(parsed?.keyMaterialId).toBe(materialId);
    expect(parsed?.salt).toEqual(salt);
    expect(parsed?.sealed.length).toBe(BLOB_TAG_LENGTH);
  });

  it('decodeBlob refuses a blob shorter than header + tag, or with another version byte', () => {
    const header = encodeBlobHeader('1234abcd-12ab-34cd-56ef-1234567890ab', '00'.repeat(32), new Uint8Array(32));
    expect(decodeBlob(Uint8Array.of(...header, ...new Uint8Array(BLOB_TAG_LENGTH - 1)))).toBeUndefined();
    const v2 = Uint8Array.of(...header, ...new Uint8Array(BLOB_TAG_LENGTH));
    v2[0] = 0x02;
    expect(decodeBlob(v2)).toBeUndefined();
    expect(decodeBlob(new Uint8Array(0))).toBeUndefined();
  });

  it('encodeBlobHeader refuses a salt that is not 32 bytes with RangeError', () => {
    expect(() => encodeBlobHeader('1234abcd-12ab-34cd-56ef-1234567890ab', '00'.repeat(32), new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('tampering: flipping any single byte of a blob', () => {
  it('without KeyId: flipping any byte gives InvalidCiphertextException with no message (a flipped key id names a key this KMS never had)', async () => {
    const { kms, blob } = await fixture();
    const seen = new Map<string, Set<string>>();
    for (let at = 0; at < blob.length; at++) {
      const bad = flipByte(blob, at);
      const region = regionOf(at);
      const e = await rejection(kms.decrypt({ CiphertextBlob: bad, EncryptionContext: { blob: 'test' } }), 'InvalidCiphertextException');
      expect({ at, message: e.message }).toEqual({ at, message: '' });
      if (!seen.has(region)) seen.set(region, new Set());
      seen.get(region)!.add(e.name);
    }
    expect(Object.fromEntries([...seen].map(([r, s]) => [r, [...s]]))).toEqual({
      version: ['InvalidCiphertextException'],
      keyId: ['InvalidCiphertextException'],
      materialId: ['InvalidCiphertextException'],
      salt: ['InvalidCiphertextException'],
      sealed: ['InvalidCiphertextException'],
    });
  });

  it('with the right KeyId: a flipped key-id byte gives IncorrectKeyException, any other byte InvalidCiphertextException', async () => {
    const { kms, arn, blob } = await fixture();
    for (let at = 0; at < blob.length; at++) {
      const bad = flipByte(blob, at, 0x01);
      const expected = regionOf(at) === 'keyId' ? 'IncorrectKeyException' : 'InvalidCiphertextException';
      const e = await rejection(kms.decrypt({ CiphertextBlob: bad, KeyId: arn, EncryptionContext: { blob: 'test' } }), expected);
      expect({ at, name: e.name }).toEqual({ at, name: expected });
    }
  });

  it('ReEncrypt of a blob with any flipped byte fails and never produces a new blob', async () => {
    const { kms, keyId, blob } = await fixture();
    for (let at = 0; at < blob.length; at++) {
      const expected = 'InvalidCiphertextException';
      await rejection(
        kms.reEncrypt({ CiphertextBlob: flipByte(blob, at, 0x80), SourceEncryptionContext: { blob: 'test' }, DestinationKeyId: keyId }),
        expected,
      );
    }
  });

  it('the untouched blob still decrypts after all those attempts (tampering changes nothing)', async () => {
    const { kms, blob } = await fixture();
    for (let at = 0; at < blob.length; at += 7) {
      await kms.decrypt({ CiphertextBlob: flipByte(blob, at), EncryptionContext: { blob: 'test' } }).catch(() => undefined);
    }
    expect((await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { blob: 'test' } })).Plaintext).toEqual(PLAINTEXT);
  });

  it('a blob whose material id names a material of the same key that did not make it fails with InvalidCiphertextException', async () => {
    const { kms, keyId, blob } = await fixture();
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
    const swapped = blob.slice();
    swapped.set(Buffer.from(KeyMetadata.CurrentKeyMaterialId!, 'hex'), 17);
    await rejection(kms.decrypt({ CiphertextBlob: swapped, EncryptionContext: { blob: 'test' } }), 'InvalidCiphertextException', '');
    expect((await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: { blob: 'test' } })).Plaintext).toEqual(PLAINTEXT);
  });

  it('a blob whose key id is moved to another key of the same KMS fails with InvalidCiphertextException', async () => {
    const { kms, blob } = await fixture();
    const other = await createSymmetricKey(kms);
    const moved = blob.slice();
    moved.set(Buffer.from(other.keyId.replaceAll('-', ''), 'hex'), 1);
    await rejection(kms.decrypt({ CiphertextBlob: moved, EncryptionContext: { blob: 'test' } }), 'InvalidCiphertextException', '');
  });
});
