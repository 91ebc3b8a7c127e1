/**
 * @module kms/operations/_alias-rules
 * Alias naming rules (kms.md §3 CreateAlias): starts with `alias/`, `alias/aws/` reserved.
 */
import { InvalidAliasNameException, ValidationException } from '../../common/errors.js';
import { MESSAGES } from '../constants.js';

/** Throws unless `name` is an alias name a customer may create or change. */
export function checkAliasName(name: string): void {
  /* Precondition: an alias name starts with alias/. */
  if (!name.startsWith('alias/')) throw new ValidationException(MESSAGES.aliasPrefix);
  /* Precondition: alias/aws/ is reserved for AWS managed keys. */
  if (name.startsWith('alias/aws/')) throw new InvalidAliasNameException(MESSAGES.aliasReserved);
  /* Precondition: an alias name has a name after the prefix. */
  if (name.length === 'alias/'.length) throw new InvalidAliasNameException('Alias name must not be empty after the alias/ prefix.');
}
