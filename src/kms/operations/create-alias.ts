/**
 * @module kms/operations/create-alias
 * CreateAlias: a friendly name for a customer-managed key (TargetKeyId: key id or ARN only),
 * unique per account and region, at most 50 per key.
 */
import { AlreadyExistsException, LimitExceededException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { MAX_ALIASES_PER_KEY } from '../constants.js';
import { aliasArn } from '../identifiers.js';
import type { CreateAliasRequest } from '../types.js';
import { checkAliasName } from './_alias-rules.js';

export function createAlias(inv: Invocation, input: CreateAliasRequest): Record<string, never> {
  checkAliasName(input.AliasName);
  const key = inv.key(input.TargetKeyId, false);
  inv.authorize(key, 'CreateAlias');
  inv.state(key, 'CreateAlias');
  /* Precondition: no alias of that name exists. */
  if (inv.core.aliases.has(input.AliasName))
    throw new AlreadyExistsException(`An alias with the name ${aliasArn(inv.region, inv.accountId, input.AliasName)} already exists`);
  const count = [...inv.core.aliases.values()].filter((a) => a.targetKeyId === key.keyId).length;
  /* Precondition: a key has at most 50 aliases. */
  if (count >= MAX_ALIASES_PER_KEY) throw new LimitExceededException(`Key ${key.arn} already has ${MAX_ALIASES_PER_KEY} aliases.`);
  const alias = { name: input.AliasName, targetKeyId: key.keyId, createdAt: inv.now, updatedAt: inv.now };
  inv.core.aliases.set(alias.name, alias);
  inv.mutations.push({ type: 'putAlias', alias });
  return {};
}
