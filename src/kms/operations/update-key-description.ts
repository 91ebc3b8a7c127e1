/**
 * @module kms/operations/update-key-description
 * UpdateKeyDescription: key id or ARN only; refused while pending deletion.
 */
import type { Invocation } from '../_core.js';
import type { UpdateKeyDescriptionRequest } from '../types.js';

export function updateKeyDescription(inv: Invocation, input: UpdateKeyDescriptionRequest): Record<string, never> {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'UpdateKeyDescription');
  inv.state(key, 'UpdateKeyDescription');
  key.description = input.Description;
  inv.saveKey(key);
  return {};
}
