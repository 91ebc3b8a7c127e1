/**
 * @module kms/operations/tag-resource
 * TagResource: adds or overwrites tags (≤ 50 per key; keys 1..128, values 0..256; `aws:`
 * reserved; no duplicate keys in one request).
 */
import { TagException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { MAX_TAGS_PER_KEY, MESSAGES } from '../constants.js';
import type { Tag, TagResourceRequest } from '../types.js';

/** Throws TagException when `adding` is not a valid set of tags to add to `existing`. */
export function checkTags(adding: readonly Tag[], existing: readonly Tag[]): void {
  const keys = adding.map((t) => t.TagKey);
  /* Precondition: one request names each tag key once. */
  if (new Set(keys).size !== keys.length) throw new TagException(MESSAGES.duplicateTags);
  /* Precondition: tag keys beginning with aws: are reserved. */
  if (keys.some((k) => k.toLowerCase().startsWith('aws:'))) throw new TagException(MESSAGES.reservedTag);
  const total = new Set([...existing.map((t) => t.TagKey), ...keys]).size;
  /* Precondition: a key holds at most 50 tags. */
  if (total > MAX_TAGS_PER_KEY) throw new TagException(MESSAGES.tooManyTags);
}

export function tagResource(inv: Invocation, input: TagResourceRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'TagResource');
  inv.state(key, 'TagResource');
  checkTags(input.Tags, key.tags);
  for (const t of input.Tags) {
    const existing = key.tags.find((x) => x.TagKey === t.TagKey);
    if (existing) existing.TagValue = t.TagValue;
    else key.tags.push({ TagKey: t.TagKey, TagValue: t.TagValue });
  }
  inv.saveKey(key);
  return {};
}
