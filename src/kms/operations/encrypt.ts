/**
 * @module kms/operations/encrypt
 * Encrypt: up to 4096 bytes under the key's CURRENT material, the encryption context bound as AAD.
 */
import type { Invocation } from '../_core.js';
import { sealBlob } from '../_support.js';
import type { EncryptRequest, EncryptResponse } from '../types.js';
import { needSymmetricAlgorithm, needUsage } from './_crypto-checks.js';

export function encrypt(inv: Invocation, input: EncryptRequest): EncryptResponse {
  const key = inv.key(input.KeyId, true);
  inv.authorize(key, 'Encrypt', { encryptionContext: input.EncryptionContext, grantTokens: input.GrantTokens, grantOperation: 'Encrypt' });
  inv.state(key, 'Crypto');
  needUsage(key, 'ENCRYPT_DECRYPT', 'Encrypt');
  needSymmetricAlgorithm(key, input.EncryptionAlgorithm);
  inv.dryRun(input.DryRun);
  const { blob, materialId } = sealBlob(key, input.Plaintext, input.EncryptionContext, inv.random);
  inv.additionalEventData = { keyMaterialId: materialId };
  inv.requestParameters = {
    keyId: input.KeyId,
    encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    ...(input.EncryptionContext ? { encryptionContext: input.EncryptionContext } : {}),
  };
  return { CiphertextBlob: blob, KeyId: key.arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
}
