/**
 * @module test/kms/encryption-context
 * The encryption context as AAD (reference/kms.md §5, seed 003 "Contexte de chiffrement"): the
 * same context is needed to decrypt, exactly and case-sensitively, only the order of the pairs
 * may vary; a mismatch is InvalidCiphertextException with no message. Plus the canonical,
 * unambiguous encoding `encodeEncryptionContext` (length-prefixed pairs sorted by UTF-8 key
 * bytes), so that `{"ab":"c"}` and `{"a":"bc"}` are different contexts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeEncryptionContext, type EncryptionContext } from '../../src/kms/index.js';
import { closeOpenedKms, createSymmetricKey, openKms, rejection, utf8 } from './_crypto-helpers.js';

afterEach(closeOpenedKms);

/** A KMS with one key and a blob of 'payload' encrypted under `context`. */
async function sealed(context: EncryptionContext | undefined) {
  const { kms } = await openKms();
  const { keyId } = await createSymmetricKey(kms);
  const { CiphertextBlob } = await kms.encrypt({
    KeyId: keyId,
    Plaintext: utf8('payload'),
    ...(context === undefined ? {} : { EncryptionContext: context }),
  });
  const open = (ctx: EncryptionContext | undefined) =>
    kms.decrypt({ CiphertextBlob, ...(ctx === undefined ? {} : { EncryptionContext: ctx }) });
  return { kms, keyId, CiphertextBlob, open };
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('encryption context matching on Decrypt', () => {
  it('Decrypt with exactly the encryption context of Encrypt succeeds', async () => {
    const { open } = await sealed({ table: 'orders', tenant: '42' });
    expect(text((await open({ table: 'orders', tenant: '42' })).Plaintext)).toBe('payload');
  });

  it('the order of the pairs does not matter', async () => {
    const { open } = await sealed({ a: '1', b: '2', c: '3' });
    expect(text((await open({ c: '3', a: '1', b: '2' })).Plaintext)).toBe('payload');
    expect(text((await open({ b: '2', c: '3', a: '1' })).Plaintext)).toBe('payload');
  });

  it('keys are case-sensitive: {A:"1"} does not open a blob made with {a:"1"}', async () => {
    const { open } = await sealed({ a: '1' });
    await rejection(open({ A: '1' }), 'InvalidCiphertextException', '');
  });

  it('values are case-sensitive: {a:"X"} does not open a blob made with {a:"x"}', async () => {
    const { open } = await sealed({ a: 'x' });
    await rejection(open({ a: 'X' }), 'InvalidCiphertextException', '');
  });

  it('a missing context fails: a blob made with a context does not open without one', async () => {
    const { open } = await sealed({ purpose: 'test' });
    await rejection(open(undefined), 'InvalidCiphertextException', '');
    await rejection(open({}), 'InvalidCiphertextException', '');
  });

  it('a context given where none was used fails', async () => {
    const { open } = await sealed(undefined);
    await rejection(open({ purpose: 'test' }), 'InvalidCiphertextException', '');
  });

  it('an extra pair fails: the context must match exactly, not contain the original', async () => {
    const { open } = await sealed({ a: '1' });
    await rejection(open({ a: '1', b: '2' }), 'InvalidCiphertextException', '');
  });

  it('a missing pair fails: a subset of the original context does not open the blob', async () => {
    const { open } = await sealed({ a: '1', b: '2' });
    await rejection(open({ a: '1' }), 'InvalidCiphertextException', '');
  });

  it('a blob made with {"ab":"c"} does not open with {"a":"bc"}, nor the reverse', async () => {
    const one = await sealed({ ab: 'c' });
    await rejection(one.open({ a: 'bc' }), 'InvalidCiphertextException', '');
    const two = await sealed({ a: 'bc' });
    await rejection(two.open({ ab: 'c' }), 'InvalidCiphertextException', '');
  });

  it('pairs are not concatenated: {"a":"b","c":"d"} does not open with {"a":"bc","":"d"}', async () => {
    const { open } = await sealed({ a: 'b', c: 'd' });
    await rejection(open({ a: 'bc', '': 'd' }), 'InvalidCiphertextException', '');
    await rejection(open({ ab: '', cd: '' }), 'InvalidCiphertextException', '');
  });

  it('Unicode keys and values work, and decrypt needs the same code points', async () => {
    const context = { 'clé': 'valeur é', 名前: '値', '🔑': '🗝️', 'Ωmega': 'ß' };
    const { open } = await sealed(context);
    expect(text((await open({ '🔑': '🗝️', 名前: '値', 'Ωmega': 'ß', 'clé': 'valeur é' })).Plaintext)).toBe('payload');
    // Same text, other normal form (NFD 'e' + U+0301): different bytes, so a different context.
    await rejection(open({ ...context, 'clé': 'valeur e\u0301' }), 'InvalidCiphertextException', '');
  });

  it('an empty context is the same as no context', async () => {
    const withEmpty = await sealed({});
    expect(text((await withEmpty.open(undefined)).Plaintext)).toBe('payload');
    expect(text((await withEmpty.open({})).Plaintext)).toBe('payload');
    const withNone = await sealed(undefined);
    expect(text((await withNone.open({})).Plaintext)).toBe('payload');
  });

  it('GenerateDataKey binds its context the same way: only the exact context opens the data key', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const out = await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { Table: 'T' } });
    await rejection(kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { table: 'T' } }), 'InvalidCiphertextException', '');
    expect((await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { Table: 'T' } })).Plaintext).toEqual(out.Plaintext);
  });
});

describe('encodeEncryptionContext', () => {
  it('encodes u32 count, then u32 length ‖ key ‖ u32 length ‖ value per pair, big-endian', () => {
    expect([...encodeEncryptionContext({ a: 'bc' })]).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0x61, 0, 0, 0, 2, 0x62, 0x63]);
  });

  it('{"ab":"c"} and {"a":"bc"} encode differently', () => {
    const ab = encodeEncryptionContext({ ab: 'c' });
    const a = encodeEncryptionContext({ a: 'bc' });
    expect([...ab]).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 0x61, 0x62, 0, 0, 0, 1, 0x63]);
    expect(ab).not.toEqual(a);
  });

  it('an empty context and an absent one encode the same (count 0)', () => {
    expect([...encodeEncryptionContext({})]).toEqual([0, 0, 0, 0]);
    expect(encodeEncryptionContext(undefined)).toEqual(encodeEncryptionContext({}));
  });

  it('the encoding does not depend on the order of the pairs', () => {
    expect(encodeEncryptionContext({ b: '2', a: '1', c: '3' })).toEqual(encodeEncryptionContext({ a: '1', b: '2', c: '3' }));
  });

  it('pairs are sorted by the UTF-8 bytes of their keys, not by UTF-16 code units', () => {
    // U+FF61 is EF BD A1 in UTF-8, U+1F600 is F0 9F 98 80: UTF-8 puts U+FF61 first, UTF-16 (D83D…) the emoji.
    const out = encodeEncryptionContext({ '\u{1F600}': 'x', '\uFF61': 'y' });
    const firstKey = out.subarray(8, 8 + 3);
    expect([...firstKey]).toEqual([0xef, 0xbd, 0xa1]);
  });

  it('lengths count UTF-8 bytes, not characters', () => {
    const out = encodeEncryptionContext({ é: '🔑' });
    expect([...out]).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 0xc3, 0xa9, 0, 0, 0, 4, 0xf0, 0x9f, 0x94, 0x91]);
  });

  it('keys and values differing only in case encode differently', () => {
    expect(encodeEncryptionContext({ A: '1' })).not.toEqual(encodeEncryptionContext({ a: '1' }));
    expect(encodeEncryptionContext({ a: 'X' })).not.toEqual(encodeEncryptionContext({ a: 'x' }));
  });
});
