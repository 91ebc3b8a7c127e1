/**
 * @module kms/operations/describe-key
 * DescribeKey: metadata of a key named by id, ARN, alias name or alias ARN; works in every state.
 */
import type { Invocation } from '../_core.js';
import { keyMetadata } from '../_support.js';
import type { DescribeKeyRequest, KeyMetadataResponse } from '../types.js';

export function describeKey(inv: Invocation, input: DescribeKeyRequest): KeyMetadataResponse {
  const key = inv.key(input.KeyId, true);
  inv.authorize(key, 'DescribeKey', { grantTokens: input.GrantTokens, grantOperation: 'DescribeKey' });
  return { KeyMetadata: keyMetadata(key) };
}
