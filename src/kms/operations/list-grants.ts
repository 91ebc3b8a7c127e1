/**
 * @module kms/operations/list-grants
 * ListGrants: the grants of one key (key id or ARN), optionally one GrantId or one grantee.
 */
import { InvalidGrantIdException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { page } from '../_support.js';
import type { ListGrantsRequest, ListGrantsResponse } from '../types.js';
import { grantEntry } from './_grant-entry.js';

export function listGrants(inv: Invocation, input: ListGrantsRequest): ListGrantsResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'ListGrants');
  inv.state(key, 'ListGrants');
  /* Precondition: a GrantId filter is a well-formed grant id. */
  if (input.GrantId !== undefined && !/^[0-9a-f]{64}$/.test(input.GrantId)) throw new InvalidGrantIdException('Invalid grant id');
  const grants = inv.core
    .grantsOf(key.keyId)
    .filter((g) => (input.GrantId === undefined || g.grantId === input.GrantId) && (input.GranteePrincipal === undefined || g.grantee === input.GranteePrincipal))
    .map((g) => grantEntry(inv.core, g));
  const p = page('ListGrants', grants, input.Limit, input.Marker);
  return { Grants: p.items, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
}
