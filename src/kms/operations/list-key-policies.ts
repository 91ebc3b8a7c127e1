/**
 * @module kms/operations/list-key-policies
 * ListKeyPolicies: always `["default"]`.
 */
import type { Invocation } from '../_core.js';
import type { KeyIdRequest, ListKeyPoliciesResponse } from '../types.js';

export function listKeyPolicies(inv: Invocation, input: KeyIdRequest): ListKeyPoliciesResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'ListKeyPolicies');
  return { PolicyNames: ['default'], Truncated: false };
}
