/**
 * @module kms/operations/generate-mac
 * GenerateMac / VerifyMac: HMAC (RFC 2104) with an HMAC key's CURRENT material; the algorithm
 * must be the key's.
 */
import { createHmac } from 'node:crypto';
import { InvalidKeyUsageException, KMSInvalidMacException } from '../../common/errors.js';
import { constantTimeEqual } from '../../crypto/index.js';
import type { Invocation } from '../_core.js';
import type { KeyRecord } from '../_records.js';
import { currentMaterial } from '../_support.js';
import { HMAC_ALGORITHMS } from '../constants.js';
import type { GenerateMacRequest, GenerateMacResponse, MacAlgorithm, VerifyMacRequest, VerifyMacResponse } from '../types.js';
import { needUsage } from './_crypto-checks.js';

const NODE_HASH: Record<MacAlgorithm, string> = {
  HMAC_SHA_224: 'sha224',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

function macKey(inv: Invocation, input: GenerateMacRequest, operation: 'GenerateMac' | 'VerifyMac'): KeyRecord {
  const key = inv.key(input.KeyId, true);
  inv.authorize(key, operation, { grantTokens: input.GrantTokens, grantOperation: operation });
  inv.state(key, 'Crypto');
  needUsage(key, 'GENERATE_VERIFY_MAC', operation);
  /* Precondition: the MAC algorithm is the HMAC key's. */
  if (key.keySpec === 'SYMMETRIC_DEFAULT' || HMAC_ALGORITHMS[key.keySpec] !== input.MacAlgorithm)
    throw new InvalidKeyUsageException(`${key.arn} does not support MAC algorithm ${input.MacAlgorithm}.`);
  inv.dryRun(input.DryRun);
  return key;
}

function mac(key: KeyRecord, algorithm: MacAlgorithm, message: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(NODE_HASH[algorithm], currentMaterial(key).secret.bytes).update(message).digest());
}

export function generateMac(inv: Invocation, input: GenerateMacRequest): GenerateMacResponse {
  const key = macKey(inv, input, 'GenerateMac');
  return { Mac: mac(key, input.MacAlgorithm, input.Message), MacAlgorithm: input.MacAlgorithm, KeyId: key.arn };
}

export function verifyMac(inv: Invocation, input: VerifyMacRequest): VerifyMacResponse {
  const key = macKey(inv, input, 'VerifyMac');
  /* Precondition: the MAC verifies (any material of the key may have made it). */
  const ok = key.materials.some((m) =>
    constantTimeEqual(new Uint8Array(createHmac(NODE_HASH[input.MacAlgorithm], m.secret.bytes).update(input.Message).digest()), input.Mac),
  );
  if (!ok) throw new KMSInvalidMacException('');
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}
