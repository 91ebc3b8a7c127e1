/**
 * @module kms/operations/put-key-policy
 * PutKeyPolicy: replaces the key policy. A policy that would stop the caller from changing the
 * policy again is refused unless BypassPolicyLockoutSafetyCheck is set. AWS-managed keys'
 * policies cannot be changed (their policy does not allow it).
 */
import { MalformedPolicyDocumentException, NotFoundException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { MESSAGES } from '../constants.js';
import { checkLockoutSafety, parsePolicy } from '../policy.js';
import { lockoutOptions } from './_lockout.js';
import type { PutKeyPolicyRequest } from '../types.js';

export function putKeyPolicy(inv: Invocation, input: PutKeyPolicyRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'PutKeyPolicy');
  inv.state(key, 'PutKeyPolicy');
  /* Precondition: the only policy name is default. */
  if ((input.PolicyName ?? 'default') !== 'default') throw new NotFoundException(`No such policy exists: ${input.PolicyName}`);
  const parsed = parsePolicy(input.Policy, { policyType: 'key' });
  /* Precondition: the new policy still lets the caller change the policy, unless the check is bypassed. */
  if (input.BypassPolicyLockoutSafetyCheck !== true && !checkLockoutSafety(parsed, inv.principal, inv.accountId, lockoutOptions(inv, key.arn)))
    throw new MalformedPolicyDocumentException(MESSAGES.lockout);
  key.policy = input.Policy;
  key.parsedPolicy = parsed;
  inv.saveKey(key);
  return {};
}
