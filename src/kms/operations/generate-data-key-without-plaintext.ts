/**
 * @module kms/operations/generate-data-key-without-plaintext
 * GenerateDataKeyWithoutPlaintext: as GenerateDataKey, returning only the encrypted key.
 */
import { zeroize } from '../../crypto/index.js';
import type { Invocation } from '../_core.js';
import type { GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse } from '../types.js';
import { makeDataKey } from './generate-data-key.js';

export function generateDataKeyWithoutPlaintext(
  inv: Invocation,
  input: GenerateDataKeyWithoutPlaintextRequest,
): GenerateDataKeyWithoutPlaintextResponse {
  const { key, plaintext, blob, materialId } = makeDataKey(inv, input, 'GenerateDataKeyWithoutPlaintext');
  zeroize(plaintext);
  return { CiphertextBlob: blob, KeyId: key.arn, KeyMaterialId: materialId };
}
