/**
 * @module kms/operations/list-aliases
 * ListAliases: every alias of the account (AWS-managed `alias/aws/*` included), or those of one
 * key (KeyId: key id or ARN), sorted by name, paged.
 */
import type { Invocation } from '../_core.js';
import { page } from '../_support.js';
import { aliasArn } from '../identifiers.js';
import type { AliasListEntry, ListAliasesRequest, ListAliasesResponse } from '../types.js';

export function listAliases(inv: Invocation, input: ListAliasesRequest): ListAliasesResponse {
  let keyId: string | undefined;
  if (input.KeyId !== undefined) {
    const key = inv.key(input.KeyId, false);
    inv.authorize(key, 'ListAliases');
    keyId = key.keyId;
  } else {
    inv.authorizeAccount('ListAliases');
  }
  const all: AliasListEntry[] = [...inv.core.aliases.values()]
    .filter((a) => keyId === undefined || a.targetKeyId === keyId)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((a) => ({
      AliasName: a.name,
      AliasArn: aliasArn(inv.region, inv.accountId, a.name),
      TargetKeyId: a.targetKeyId,
      CreationDate: new Date(a.createdAt),
      LastUpdatedDate: new Date(a.updatedAt),
    }));
  const p = page('ListAliases', all, input.Limit, input.Marker);
  return { Aliases: p.items, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
}
