/**
 * @module kms/operations/untag-resource
 * UntagResource: removes tags by key; absent keys are ignored.
 */
import type { Invocation } from '../_core.js';
import type { UntagResourceRequest } from '../types.js';

export function untagResource(inv: Invocation, input: UntagResourceRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'UntagResource');
  inv.state(key, 'UntagResource');
  key.tags = key.tags.filter((t) => !input.TagKeys.includes(t.TagKey));
  inv.saveKey(key);
  return {};
}
