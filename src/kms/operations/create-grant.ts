/**
 * @module kms/operations/create-grant
 * CreateGrant (kms.md §6): lets a grantee call the listed operations on one key, optionally
 * constrained by an encryption context (Equals or Subset, one kind only, ≤ 8 pairs). A repeat
 * with the same Name and identical parameters on the same key returns the same GrantId and a
 * new token. At most 50,000 grants per key. A principal that may create grants only through a
 * grant can delegate no more than it was granted, with an equal or stricter constraint.
 */
import { randomBytes } from 'node:crypto';
import { LimitExceededException, ValidationException } from '../../common/errors.js';
import { nullMember, type Invocation } from '../_core.js';
import type { GrantRecord } from '../_records.js';
import { HMAC_GRANT_OPERATIONS, MAX_CONSTRAINT_PAIRS, MAX_CONSTRAINT_VALUE_LENGTH, MESSAGES, SYMMETRIC_GRANT_OPERATIONS } from '../constants.js';
import { contextSatisfies } from '../encryption-context.js';
import { principalAccount } from '../identifiers.js';
import type { CreateGrantRequest, CreateGrantResponse, GrantConstraints } from '../types.js';

export function createGrant(inv: Invocation, input: CreateGrantRequest): CreateGrantResponse {
  /* Precondition: a grant names its grantee. */
  if (input.GranteePrincipal === undefined) throw nullMember('granteePrincipal');
  const key = inv.key(input.KeyId, false);
  const { viaGrant } = inv.authorize(key, 'CreateGrant', {
    grantTokens: input.GrantTokens,
    grantOperation: 'CreateGrant',
    grantOperations: input.Operations,
    granteePrincipal: input.GranteePrincipal,
  });
  inv.state(key, 'CreateGrant');
  const valid: readonly string[] = key.keySpec === 'SYMMETRIC_DEFAULT' ? SYMMETRIC_GRANT_OPERATIONS : HMAC_GRANT_OPERATIONS;
  /* Precondition: a grant lists at least one operation. */
  if (input.Operations.length === 0) throw new ValidationException('Grant operations must not be empty.');
  for (const op of input.Operations) {
    /* Precondition: every granted operation is supported by the key's type. */
    if (!valid.includes(op)) throw new ValidationException(`Grant operation ${op} is not valid for ${key.arn} (key spec ${key.keySpec}).`);
  }
  const constraints = input.Constraints;
  checkConstraints(constraints, key.keySpec === 'SYMMETRIC_DEFAULT');
  if (viaGrant) checkDelegation(viaGrant, input);
  inv.requestParameters = {
    keyId: input.KeyId,
    granteePrincipal: input.GranteePrincipal,
    ...(input.RetiringPrincipal ? { retiringPrincipal: input.RetiringPrincipal } : {}),
    operations: [...input.Operations],
    ...(constraints ? { constraints: auditConstraints(constraints) } : {}),
    ...(input.Name !== undefined ? { name: input.Name } : {}),
  };
  inv.dryRun(input.DryRun);
  const name = input.Name ?? '';
  if (name !== '') {
    for (const g of inv.core.grantsOf(key.keyId)) {
      if (g.name === name && sameParameters(g, input)) return answer(inv, g);
    }
  }
  /* Precondition: a key holds at most 50,000 grants. */
  if ((inv.core.grantsByKey.get(key.keyId)?.size ?? 0) >= inv.grantsPerKey)
    throw new LimitExceededException(`The number of grants on ${key.arn} would exceed the limit of ${inv.grantsPerKey}.`);
  const grant: GrantRecord = {
    grantId: randomBytes(32).toString('hex'),
    keyId: key.keyId,
    name,
    createdAt: inv.now,
    grantee: input.GranteePrincipal,
    ...(input.RetiringPrincipal ? { retiring: input.RetiringPrincipal } : {}),
    operations: [...input.Operations],
    ...(constraints ? { constraints: structuredClone(constraints) } : {}),
    issuingAccount: `arn:aws:iam::${principalAccount(inv.principal) ?? inv.accountId}:root`,
    creator: inv.principal,
  };
  inv.core.addGrant(grant);
  inv.mutations.push({ type: 'putGrant', grant });
  return answer(inv, grant);
}

function answer(inv: Invocation, grant: GrantRecord): CreateGrantResponse {
  const token = Buffer.concat([Buffer.from(grant.grantId, 'hex'), randomBytes(16)]).toString('base64url');
  const keyArn = inv.core.keys.get(grant.keyId)!.arn;
  inv.responseElements = { grantId: grant.grantId, keyId: keyArn };
  return { GrantToken: token, GrantId: grant.grantId };
}

/** Constraints as CloudTrail logs them: camelCase members, the context maps as given. */
function auditConstraints(c: GrantConstraints): Record<string, unknown> {
  return {
    ...(c.EncryptionContextSubset ? { encryptionContextSubset: c.EncryptionContextSubset } : {}),
    ...(c.EncryptionContextEquals ? { encryptionContextEquals: c.EncryptionContextEquals } : {}),
  };
}

function checkConstraints(c: GrantConstraints | undefined, symmetric: boolean): void {
  if (!c) return;
  const kinds = [c.EncryptionContextEquals, c.EncryptionContextSubset].filter((x) => x !== undefined);
  /* Precondition: a grant has at most one kind of encryption-context constraint. */
  if (kinds.length > 1) throw new ValidationException(MESSAGES.oneConstraint);
  /* Precondition: encryption-context constraints apply only to symmetric encryption keys. */
  if (kinds.length === 1 && !symmetric) throw new ValidationException('Encryption context constraints are not valid for this key type.');
  for (const ctx of kinds) {
    const entries = Object.entries(ctx);
    /* Precondition: a constraint holds at most 8 encryption-context pairs. */
    if (entries.length > MAX_CONSTRAINT_PAIRS)
      throw new ValidationException(`A grant constraint can hold at most ${MAX_CONSTRAINT_PAIRS} encryption context pairs.`);
    /* Precondition: each constraint value is at most 384 characters. */
    if (entries.some(([, v]) => v.length > MAX_CONSTRAINT_VALUE_LENGTH))
      throw new ValidationException(`A grant constraint value can be at most ${MAX_CONSTRAINT_VALUE_LENGTH} characters.`);
  }
}

/** A grant made through a grant delegates only what it holds, with an equal or stricter constraint. */
function checkDelegation(parent: GrantRecord, input: CreateGrantRequest): void {
  for (const op of input.Operations) {
    /* Precondition: a grant made through a grant gives only operations the parent grant has. */
    if (!parent.operations.includes(op)) throw new ValidationException(`The grant cannot allow ${op}, which the grant it was made through does not allow.`);
  }
  const p = parent.constraints;
  if (!p || (!p.EncryptionContextEquals && !p.EncryptionContextSubset)) return;
  const n = input.Constraints;
  let stricter = false;
  if (p.EncryptionContextEquals) {
    stricter = n?.EncryptionContextEquals !== undefined && contextSatisfies(n.EncryptionContextEquals, p.EncryptionContextEquals, 'equals');
  } else if (p.EncryptionContextSubset) {
    const child = n?.EncryptionContextEquals ?? n?.EncryptionContextSubset;
    stricter = child !== undefined && contextSatisfies(child, p.EncryptionContextSubset, 'subset');
  }
  /* Precondition: a grant made through a grant has an equal or stricter constraint. */
  if (!stricter) throw new ValidationException('The grant constraints must be equal to or stricter than those of the grant it was made through.');
}

function sameParameters(g: GrantRecord, input: CreateGrantRequest): boolean {
  return (
    g.grantee === input.GranteePrincipal &&
    (g.retiring ?? '') === (input.RetiringPrincipal ?? '') &&
    JSON.stringify([...g.operations].sort()) === JSON.stringify([...input.Operations].sort()) &&
    JSON.stringify(g.constraints ?? null) === JSON.stringify(input.Constraints ?? null)
  );
}
