/**
 * @module kms/operations/re-encrypt
 * ReEncrypt: decrypts under the source key and encrypts under the destination key inside the
 * KMS; the plaintext never leaves it. Needs kms:ReEncryptFrom on the source and
 * kms:ReEncryptTo on the destination (grant operations of the same names).
 */
import { IncorrectKeyException } from '../../common/errors.js';
import { zeroize } from '../../crypto/index.js';
import { nullMember, type Invocation } from '../_core.js';
import type { KeyRecord } from '../_records.js';
import { openBlob, parseBlob, sealBlob } from '../_support.js';
import { MESSAGES } from '../constants.js';
import type { ReEncryptRequest, ReEncryptResponse } from '../types.js';
import { needSymmetricAlgorithm, needUsage } from './_crypto-checks.js';

export function reEncrypt(inv: Invocation, input: ReEncryptRequest): ReEncryptResponse {
  /* Precondition: ReEncrypt is given the ciphertext to re-encrypt. */
  if (input.CiphertextBlob === undefined) throw nullMember('ciphertextBlob');
  const parsed = parseBlob(input.CiphertextBlob);
  let source: KeyRecord;
  if (input.SourceKeyId !== undefined) {
    source = inv.key(input.SourceKeyId, true);
    /* Precondition: a SourceKeyId names the key that made the ciphertext. */
    if (source.keyId !== parsed.keyId) throw new IncorrectKeyException(MESSAGES.incorrectKey);
  } else {
    source = inv.blobKey(parsed.keyId);
  }
  const destination = inv.key(input.DestinationKeyId, true);
  inv.authorize(source, 'ReEncryptFrom', {
    encryptionContext: input.SourceEncryptionContext,
    grantTokens: input.GrantTokens,
    grantOperation: 'ReEncryptFrom',
  });
  inv.authorize(destination, 'ReEncryptTo', {
    encryptionContext: input.DestinationEncryptionContext,
    grantTokens: input.GrantTokens,
    grantOperation: 'ReEncryptTo',
  });
  inv.state(source, 'Crypto');
  inv.state(destination, 'Crypto');
  needUsage(source, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  needUsage(destination, 'ENCRYPT_DECRYPT', 'ReEncrypt');
  needSymmetricAlgorithm(source, input.SourceEncryptionAlgorithm);
  needSymmetricAlgorithm(destination, input.DestinationEncryptionAlgorithm);
  const opened = openBlob(source, parsed, input.SourceEncryptionContext);
  try {
    inv.dryRun(input.DryRun);
    const sealed = sealBlob(destination, opened.plaintext, input.DestinationEncryptionContext, inv.random);
    inv.additionalEventData = { sourceKeyMaterialId: opened.materialId, destinationKeyMaterialId: sealed.materialId };
    return {
      CiphertextBlob: sealed.blob,
      SourceKeyId: source.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: opened.materialId,
      DestinationKeyMaterialId: sealed.materialId,
    };
  } finally {
    zeroize(opened.plaintext);
  }
}
