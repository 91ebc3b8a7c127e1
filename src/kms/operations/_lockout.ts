/**
 * @module kms/operations/_lockout
 * Options of the key-policy lockout safety check for one call: the key ARN and the caller's
 * IAM identity policy, when it has one.
 */
import type { Invocation } from '../_core.js';
import type { LockoutCheckOptions } from '../policy.js';

export function lockoutOptions(inv: Invocation, keyArn: string): LockoutCheckOptions {
  const identityPolicy = inv.core.identityPolicies.get(inv.principal);
  return { keyArn, ...(identityPolicy ? { identityPolicy } : {}) };
}
