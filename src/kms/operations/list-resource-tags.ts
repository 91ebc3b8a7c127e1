/**
 * @module kms/operations/list-resource-tags
 * ListResourceTags: the key's tags, paged (at most 50 a page).
 */
import type { Invocation } from '../_core.js';
import { page } from '../_support.js';
import type { ListResourceTagsRequest, ListResourceTagsResponse } from '../types.js';

export function listResourceTags(inv: Invocation, input: ListResourceTagsRequest): ListResourceTagsResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'ListResourceTags');
  const p = page('ListResourceTags', key.tags.map((t) => ({ ...t })), input.Limit, input.Marker);
  return { Tags: p.items, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
}
