/**
 * @module kms/operations/revoke-grant
 * RevokeGrant: deletes a grant; needs kms:RevokeGrant from the key policy. Works in every state.
 */
import { InvalidGrantIdException, NotFoundException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import type { RevokeGrantRequest } from '../types.js';

export function revokeGrant(inv: Invocation, input: RevokeGrantRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'RevokeGrant');
  inv.state(key, 'RevokeGrant');
  /* Precondition: the GrantId is a well-formed grant id. */
  if (!/^[0-9a-f]{64}$/.test(input.GrantId)) throw new InvalidGrantIdException('Invalid grant id');
  const grant = inv.core.grants.get(input.GrantId);
  if (!grant || grant.keyId !== key.keyId) throw new NotFoundException(`Grant ID ${input.GrantId} not found`);
  inv.dryRun(input.DryRun);
  inv.core.removeGrant(grant.grantId);
  inv.mutations.push({ type: 'delGrant', grantId: grant.grantId });
  return {};
}
