/**
 * @module kms/operations/retire-grant
 * RetireGrant: by GrantToken, or by KeyId + GrantId. Allowed to the retiring principal, to the
 * grantee when the grant includes RetireGrant, and to the account that created the grant
 * (its root). Works in every key state. CloudTrail logs no request parameters, only the grant id.
 */
import { AccessDeniedException, InvalidGrantIdException, NotFoundException, ValidationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import type { GrantRecord } from '../_records.js';
import type { RetireGrantRequest } from '../types.js';

export function retireGrant(inv: Invocation, input: RetireGrantRequest): Record<string, never> {
  inv.requestParameters = null;
  let grant: GrantRecord;
  if (input.GrantToken !== undefined) {
    grant = inv.grantFromToken(input.GrantToken);
    const key = inv.core.keys.get(grant.keyId);
    if (key) inv.touch(key);
  } else {
    /* Precondition: RetireGrant names a grant by GrantToken or by KeyId and GrantId. */
    if (input.KeyId === undefined || input.GrantId === undefined)
      throw new ValidationException('Either GrantToken, or both KeyId and GrantId, must be specified.');
    const key = inv.key(input.KeyId, false);
    /* Precondition: the GrantId is a well-formed grant id. */
    if (!/^[0-9a-f]{64}$/.test(input.GrantId)) throw new InvalidGrantIdException('Invalid grant id');
    const found = inv.core.grants.get(input.GrantId);
    if (!found || found.keyId !== key.keyId) throw new NotFoundException(`Grant ID ${input.GrantId} not found`);
    grant = found;
  }
  inv.additionalEventData = { grantId: grant.grantId };
  const allowed =
    inv.principal === grant.retiring ||
    (inv.principal === grant.grantee && grant.operations.includes('RetireGrant')) ||
    inv.principal === grant.issuingAccount;
  /* Precondition: only the retiring principal, a grantee holding RetireGrant, or the issuing account retires a grant. */
  if (!allowed)
    throw new AccessDeniedException(`User: ${inv.principal} is not authorized to perform: kms:RetireGrant on grant ${grant.grantId}`);
  inv.dryRun(input.DryRun);
  const key = inv.core.keys.get(grant.keyId);
  if (key) inv.responseElements = { keyId: key.arn };
  inv.core.removeGrant(grant.grantId);
  inv.mutations.push({ type: 'delGrant', grantId: grant.grantId });
  return {};
}
