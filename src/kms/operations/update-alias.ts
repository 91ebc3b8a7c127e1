/**
 * @module kms/operations/update-alias
 * UpdateAlias: points an alias at another key of the same type and usage. A source key pending
 * deletion is fine; a destination pending deletion is not.
 */
import { LimitExceededException, NotFoundException, ValidationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { MAX_ALIASES_PER_KEY } from '../constants.js';
import { aliasArn } from '../identifiers.js';
import type { KeyRecord } from '../_records.js';
import type { UpdateAliasRequest } from '../types.js';
import { checkAliasName } from './_alias-rules.js';

export function updateAlias(inv: Invocation, input: UpdateAliasRequest): Record<string, never> {
  checkAliasName(input.AliasName);
  const alias = inv.core.aliases.get(input.AliasName);
  if (!alias) throw new NotFoundException(`Alias ${aliasArn(inv.region, inv.accountId, input.AliasName)} is not found.`);
  const source = inv.core.keys.get(alias.targetKeyId);
  if (source) inv.touch(source);
  const destination = inv.key(input.TargetKeyId, false);
  if (source) inv.authorize(source, 'UpdateAlias');
  inv.authorize(destination, 'UpdateAlias');
  inv.state(destination, 'UpdateAliasDestination');
  /* Precondition: the new target has the same key type (symmetric or HMAC) and key usage as the current one. */
  if (source && (keyType(source) !== keyType(destination) || source.keyUsage !== destination.keyUsage))
    throw new ValidationException(
      `${destination.arn} is not the same key type or key usage as the key the alias ${input.AliasName} points to.`,
    );
  const count = [...inv.core.aliases.values()].filter((a) => a.targetKeyId === destination.keyId).length;
  /* Precondition: a key has at most 50 aliases. */
  if (destination.keyId !== alias.targetKeyId && count >= MAX_ALIASES_PER_KEY)
    throw new LimitExceededException(`Key ${destination.arn} already has ${MAX_ALIASES_PER_KEY} aliases.`);
  alias.targetKeyId = destination.keyId;
  alias.updatedAt = inv.now;
  inv.mutations.push({ type: 'putAlias', alias });
  return {};
}

/** The key type UpdateAlias compares: symmetric encryption or HMAC (asymmetric keys are not made here). */
function keyType(key: KeyRecord): 'SYMMETRIC' | 'HMAC' {
  return key.keySpec === 'SYMMETRIC_DEFAULT' ? 'SYMMETRIC' : 'HMAC';
}
