/**
 * @module kms/operations/decrypt
 * Decrypt: the blob names its key and material; KeyId is optional and, when given, must name
 * that key (IncorrectKeyException). The material that made the blob opens it, and its
 * KeyMaterialId is returned. A changed byte or context gives InvalidCiphertextException.
 */
import { IncorrectKeyException } from '../../common/errors.js';
import { nullMember, type Invocation } from '../_core.js';
import { openBlob, parseBlob } from '../_support.js';
import { MESSAGES } from '../constants.js';
import type { KeyRecord } from '../_records.js';
import type { DecryptRequest, DecryptResponse } from '../types.js';
import { needSymmetricAlgorithm, needUsage } from './_crypto-checks.js';

export function decrypt(inv: Invocation, input: DecryptRequest): DecryptResponse {
  const ignoreCiphertext = input.DryRun === true && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT');
  if (input.CiphertextBlob === undefined) {
    /* Precondition: CiphertextBlob is given, unless a DryRun ignores it and KeyId names the key. */
    if (!ignoreCiphertext || input.KeyId === undefined)
      throw nullMember('ciphertextBlob');
    const key = inv.key(input.KeyId, true);
    checkUse(inv, key, input);
    inv.dryRun(true);
  }
  const parsed = parseBlob(input.CiphertextBlob!);
  let key: KeyRecord;
  if (input.KeyId !== undefined) {
    key = inv.key(input.KeyId, true);
    /* Precondition: a KeyId given to Decrypt names the key that made the ciphertext. */
    if (key.keyId !== parsed.keyId) throw new IncorrectKeyException(MESSAGES.incorrectKey);
  } else {
    key = inv.blobKey(parsed.keyId);
  }
  checkUse(inv, key, input);
  inv.requestParameters = {
    keyId: key.arn,
    encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    ...(input.EncryptionContext ? { encryptionContext: input.EncryptionContext } : {}),
  };
  const { plaintext, materialId } = openBlob(key, parsed, input.EncryptionContext);
  inv.additionalEventData = { keyMaterialId: materialId };
  if (input.DryRun === true) {
    plaintext.fill(0);
    inv.dryRun(true);
  }
  return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: materialId };
}

function checkUse(inv: Invocation, key: KeyRecord, input: DecryptRequest): void {
  inv.authorize(key, 'Decrypt', { encryptionContext: input.EncryptionContext, grantTokens: input.GrantTokens, grantOperation: 'Decrypt' });
  inv.state(key, 'Crypto');
  needUsage(key, 'ENCRYPT_DECRYPT', 'Decrypt');
  needSymmetricAlgorithm(key, input.EncryptionAlgorithm);
}
