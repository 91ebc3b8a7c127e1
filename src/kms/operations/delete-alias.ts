/**
 * @module kms/operations/delete-alias
 * DeleteAlias: removes an alias; the key is untouched. Works in every key state.
 */
import { NotFoundException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { aliasArn } from '../identifiers.js';
import type { AliasRequest } from '../types.js';
import { checkAliasName } from './_alias-rules.js';

export function deleteAlias(inv: Invocation, input: AliasRequest): Record<string, never> {
  checkAliasName(input.AliasName);
  const alias = inv.core.aliases.get(input.AliasName);
  if (!alias) throw new NotFoundException(`Alias ${aliasArn(inv.region, inv.accountId, input.AliasName)} is not found.`);
  const key = inv.core.keys.get(alias.targetKeyId);
  if (key) {
    inv.touch(key);
    inv.authorize(key, 'DeleteAlias');
  }
  inv.core.aliases.delete(alias.name);
  inv.mutations.push({ type: 'delAlias', name: alias.name });
  return {};
}
