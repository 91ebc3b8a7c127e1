/**
 * @module kms/operations/list-retirable-grants
 * ListRetirableGrants: every grant, on any key of the account, that names this retiring principal.
 */
import { nullMember, type Invocation } from '../_core.js';
import { page } from '../_support.js';
import type { ListGrantsResponse, ListRetirableGrantsRequest } from '../types.js';
import { grantEntry } from './_grant-entry.js';

export function listRetirableGrants(inv: Invocation, input: ListRetirableGrantsRequest): ListGrantsResponse {
  /* Precondition: the retiring principal is named. */
  if (input.RetiringPrincipal === undefined) throw nullMember('retiringPrincipal');
  inv.authorizeAccount('ListRetirableGrants');
  const grants = [...inv.core.grants.values()]
    .filter((g) => g.retiring === input.RetiringPrincipal && !inv.core.keys.get(g.keyId)?.owner)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((g) => grantEntry(inv.core, g));
  const p = page('ListRetirableGrants', grants, input.Limit, input.Marker);
  return { Grants: p.items, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
}
