/**
 * @module kms/operations/generate-data-key
 * GenerateDataKey: a random data key (KeySpec AES_256/AES_128 or NumberOfBytes 1..1024),
 * returned in plaintext and encrypted under the KMS key with the encryption context.
 */
import { ValidationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import type { KeyRecord } from '../_records.js';
import { sealBlob } from '../_support.js';
import { MESSAGES } from '../constants.js';
import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '../types.js';
import { needUsage } from './_crypto-checks.js';

/** Shared by GenerateDataKey and GenerateDataKeyWithoutPlaintext. */
export function makeDataKey(
  inv: Invocation,
  input: GenerateDataKeyRequest,
  operation: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext',
): { key: KeyRecord; plaintext: Uint8Array; blob: Uint8Array; materialId: string } {
  /* Precondition: exactly one of NumberOfBytes and KeySpec is given. */
  if (input.NumberOfBytes === undefined && input.KeySpec === undefined) throw new ValidationException(MESSAGES.noKeySize);
  if (input.NumberOfBytes !== undefined && input.KeySpec !== undefined) throw new ValidationException(MESSAGES.bothKeySizes);
  const key = inv.key(input.KeyId, true);
  inv.authorize(key, operation, { encryptionContext: input.EncryptionContext, grantTokens: input.GrantTokens, grantOperation: operation });
  inv.state(key, 'Crypto');
  needUsage(key, 'ENCRYPT_DECRYPT', operation);
  inv.dryRun(input.DryRun);
  const size = input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
  const plaintext = inv.random(size);
  const { blob, materialId } = sealBlob(key, plaintext, input.EncryptionContext, inv.random);
  inv.additionalEventData = { keyMaterialId: materialId };
  return { key, plaintext, blob, materialId };
}

export function generateDataKey(inv: Invocation, input: GenerateDataKeyRequest): GenerateDataKeyResponse {
  const { key, plaintext, blob, materialId } = makeDataKey(inv, input, 'GenerateDataKey');
  return { CiphertextBlob: blob, Plaintext: plaintext, KeyId: key.arn, KeyMaterialId: materialId };
}
