/**
 * @module kms/operations/get-key-policy
 * GetKeyPolicy: the key policy text (PolicyName is always `default`). CloudTrail does not log
 * the response.
 */
import { NotFoundException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '../types.js';

export function getKeyPolicy(inv: Invocation, input: GetKeyPolicyRequest): GetKeyPolicyResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'GetKeyPolicy');
  /* Precondition: the only policy name is default. */
  if ((input.PolicyName ?? 'default') !== 'default') throw new NotFoundException(`No such policy exists: ${input.PolicyName}`);
  return { Policy: key.policy, PolicyName: 'default' };
}
