/**
 * @module test/kms/crypto.property
 * Properties of the LocalKms cryptographic operations (fast-check, 100 runs each; reference
 * kms.md §5, §8): Encrypt/Decrypt round-trips any plaintext of 1..4096 bytes under any Unicode
 * encryption context; the order of the context pairs does not matter; any changed byte of the
 * blob, and any changed key or value of the context, fails; a GenerateDataKey blob always
 * decrypts to its Plaintext. One KMS and key serve all runs of a property.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncryptionContext, LocalKms } from '../../src/kms/index.js';
import { StoreServiceException } from '../../src/common/errors.js';
import { closeOpenedKms, createSymmetricKey, openKms } from './_crypto-helpers.js';

const RUNS = 100;

let kms: LocalKms;
let keyId: string;
let keyArn: string;

beforeAll(async () => {
  ({ kms } = await openKms());
  ({ keyId, arn: keyArn } = await createSymmetricKey(kms));
});
afterAll(closeOpenedKms);

/** Any Unicode context, with plain-object or null-prototype maps. */
const context: fc.Arbitrary<EncryptionContext> = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 24 }), {
  maxKeys: 6,
});
const nonEmptyContext = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 24 }), {
  minKeys: 1,
  maxKeys: 6,
});
const plaintext = fc.uint8Array({ minLength: 1, maxLength: 4096 });

/** The error name of a call that must fail; fails the property if the call succeeds. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (e) {
    expect(e).toBeInstanceOf(StoreServiceException);
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('the call succeeded but should have failed');
}

/** A copy of the context with its pairs in the order of `keys` (a permutation of its keys). */
function reorder(ctx: EncryptionContext, keys: readonly string[]): EncryptionContext {
  return Object.fromEntries(keys.map((k) => [k, ctx[k]!]));
}

describe('LocalKms crypto (property)', () => {
  it('Encrypt then Decrypt returns the plaintext for any 1..4096 bytes and any Unicode context', async () => {
    await fc.assert(
      fc.asyncProperty(plaintext, context, async (pt, ctx) => {
        const enc = await kms.encrypt({ KeyId: keyId, Plaintext: pt, EncryptionContext: ctx });
        const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { ...ctx } });
        expect(dec.Plaintext).toEqual(pt);
        expect(dec.KeyId).toBe(keyArn);
        expect(enc.CiphertextBlob.length).toBe(81 + pt.length + 16);
      }),
      { numRuns: RUNS },
    );
  });

  it('the order of the context pairs does not matter (any permutation decrypts)', async () => {
    await fc.assert(
      fc.asyncProperty(
        context.chain((ctx) => fc.tuple(fc.constant(ctx), fc.shuffledSubarray(Object.keys(ctx), { minLength: Object.keys(ctx).length }))),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        async ([ctx, order], pt) => {
          const enc = await kms.encrypt({ KeyId: keyId, Plaintext: pt, EncryptionContext: ctx });
          const dec = await kms.decrypt({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: reorder(ctx, order) });
          expect(dec.Plaintext).toEqual(pt);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any changed byte of the blob fails: IncorrectKey in the key id bytes 1..16, InvalidCiphertext (no message) elsewhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        context,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (pt, ctx, position, mask) => {
          const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: pt, EncryptionContext: ctx });
          const at = position % CiphertextBlob.length;
          const bad = CiphertextBlob.slice();
          bad[at] = bad[at]! ^ mask;
          const e = await failure(kms.decrypt({ CiphertextBlob: bad, KeyId: keyId, EncryptionContext: ctx }));
          if (at >= 1 && at <= 16) expect(e.name).toBe('IncorrectKeyException');
          else expect(e).toEqual({ name: 'InvalidCiphertextException', message: '' });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any changed key or value of the context, or an added or removed pair, fails with InvalidCiphertextException', async () => {
    const change = fc.constantFrom<'value' | 'key' | 'add' | 'remove'>('value', 'key', 'add', 'remove');
    await fc.assert(
      fc.asyncProperty(nonEmptyContext, fc.nat(), change, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), async (ctx, pick, how, extra) => {
        const pairs = Object.entries(ctx);
        const at = pick % pairs.length;
        const [k, v] = pairs[at]!;
        const fresh = (base: string): string => {
          let name = base;
          while (Object.hasOwn(ctx, name)) name += extra;
          return name;
        };
        let changedPairs: [string, string][];
        switch (how) {
          case 'value':
            changedPairs = pairs.map(([pk, pv], i) => [pk, i === at ? v + extra : pv]);
            break;
          case 'key':
            changedPairs = pairs.map(([pk, pv], i) => [i === at ? fresh(k + extra) : pk, pv]);
            break;
          case 'add':
            changedPairs = [...pairs, [fresh(extra), 'v']];
            break;
          case 'remove':
            changedPairs = pairs.filter((_, i) => i !== at);
            break;
        }
        const changed: EncryptionContext = Object.fromEntries(changedPairs);
        const { CiphertextBlob } = await kms.encrypt({ KeyId: keyId, Plaintext: Uint8Array.of(1, 2, 3), EncryptionContext: ctx });
        const e = await failure(kms.decrypt({ CiphertextBlob, EncryptionContext: changed }));
        expect(e).toEqual({ name: 'InvalidCiphertextException', message: '' });
      }),
      { numRuns: RUNS },
    );
  });

  it('a GenerateDataKey blob always decrypts to its Plaintext, of the requested size', async () => {
    const size = fc.oneof(
      fc.integer({ min: 1, max: 1024 }).map((n) => ({ NumberOfBytes: n, expected: n })),
      fc.constantFrom({ KeySpec: 'AES_256' as const, expected: 32 }, { KeySpec: 'AES_128' as const, expected: 16 }),
    );
    await fc.assert(
      fc.asyncProperty(size, context, async ({ expected, ...spec }, ctx) => {
        const out = await kms.generateDataKey({ KeyId: keyId, EncryptionContext: ctx, ...spec });
        expect(out.Plaintext.length).toBe(expected);
        const back = await kms.decrypt({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: ctx });
        expect(back.Plaintext).toEqual(out.Plaintext);
        expect(back.KeyMaterialId).toBe(out.KeyMaterialId);
      }),
      { numRuns: RUNS },
    );
  });
});
