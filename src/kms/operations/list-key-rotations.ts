/**
 * @module kms/operations/list-key-rotations
 * ListKeyRotations: the key's rotations, oldest first, each material CURRENT or NON_CURRENT.
 * `ALL_KEY_MATERIAL` also lists the first material (no RotationDate or RotationType).
 */
import type { Invocation } from '../_core.js';
import { page } from '../_support.js';
import type { ListKeyRotationsRequest, ListKeyRotationsResponse, RotationsListEntry } from '../types.js';
import { needRotatable } from './_rotation-checks.js';

export function listKeyRotations(inv: Invocation, input: ListKeyRotationsRequest): ListKeyRotationsResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'ListKeyRotations');
  inv.state(key, 'ListKeyRotations');
  needRotatable(key);
  const all = input.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
  const last = key.materials.length - 1;
  const entries: RotationsListEntry[] = key.materials
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => all || m.rotationType !== undefined)
    .map(({ m, i }) => ({
      KeyId: key.arn,
      KeyMaterialId: m.id,
      KeyMaterialState: i === last ? 'CURRENT' : 'NON_CURRENT',
      ...(m.rotationType ? { RotationDate: new Date(m.createdAt), RotationType: m.rotationType } : {}),
    }));
  const p = page('ListKeyRotations', entries, input.Limit, input.Marker);
  return { Rotations: p.items, Truncated: p.Truncated, ...(p.NextMarker ? { NextMarker: p.NextMarker } : {}) };
}
