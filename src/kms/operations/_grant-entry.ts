/**
 * @module kms/operations/_grant-entry
 * The GrantListEntry shape of a grant record.
 */
import type { KmsCore } from '../_core.js';
import type { GrantRecord } from '../_records.js';
import type { GrantListEntry } from '../types.js';

export function grantEntry(core: KmsCore, g: GrantRecord): GrantListEntry {
  return {
    KeyId: core.keys.get(g.keyId)?.arn ?? g.keyId,
    GrantId: g.grantId,
    Name: g.name,
    CreationDate: new Date(g.createdAt),
    GranteePrincipal: g.grantee,
    ...(g.retiring ? { RetiringPrincipal: g.retiring } : {}),
    IssuingAccount: g.issuingAccount,
    Operations: [...g.operations],
    ...(g.constraints ? { Constraints: structuredClone(g.constraints) } : {}),
  };
}
