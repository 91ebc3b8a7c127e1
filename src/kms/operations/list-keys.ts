/**
 * @module kms/operations/list-keys
 * ListKeys: the account's customer-managed and AWS-managed keys (AWS-owned keys are never
 * listed), oldest first, paged with Limit/Marker.
 */
import type { Invocation } from '../_core.js';
import { page } from '../_support.js';
import type { ListKeysRequest, ListKeysResponse } from '../types.js';

export function listKeys(inv: Invocation, input: ListKeysRequest): ListKeysResponse {
  inv.authorizeAccount('ListKeys');
  const keys = [...inv.core.keys.values()]
    .filter((k) => !k.owner && k.account === inv.accountId)
    .sort((a, b) => a.createdAt - b.createdAt || (a.keyId < b.keyId ? -1 : 1))
    .map((k) => ({ KeyId: k.keyId, KeyArn: k.arn }));
  const p = page('ListKeys', keys, input.Limit, input.Marker);
  return { Keys: p.items, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
}
