/**
 * @module kms/operations/rotate-key-on-demand
 * RotateKeyOnDemand: a new CURRENT material now, at most 25 times per key; the automatic
 * schedule does not move. Refused (ConflictException) while an automatic rotation is due within
 * 20 minutes. This KMS rotates at once, so no rotation is ever "in progress".
 */
import { ConflictException, LimitExceededException, UnsupportedOperationException } from '../../common/errors.js';
import type { Invocation } from '../_core.js';
import { rotateMaterial } from '../_support.js';
import { MAX_ON_DEMAND_ROTATIONS, ROTATION_CONFLICT_WINDOW_MS } from '../constants.js';
import type { KeyIdRequest, RotateKeyOnDemandResponse } from '../types.js';
import { needRotatable } from './_rotation-checks.js';

export function rotateKeyOnDemand(inv: Invocation, input: KeyIdRequest): RotateKeyOnDemandResponse {
  const key = inv.key(input.KeyId, false);
  inv.authorize(key, 'RotateKeyOnDemand');
  inv.state(key, 'RotateKeyOnDemand');
  needRotatable(key);
  /* Precondition: AWS managed keys rotate only on their yearly schedule. */
  if (key.manager === 'AWS') throw new UnsupportedOperationException(`${key.arn} is an AWS managed key; it cannot be rotated on demand.`);
  /* Precondition: a key rotates on demand at most 25 times. */
  if (key.onDemandRotations >= MAX_ON_DEMAND_ROTATIONS)
    throw new LimitExceededException(`The on-demand rotations limit has been reached for ${key.arn}.`);
  /* Precondition: no automatic rotation is due within 20 minutes. */
  if (key.rotation.enabled && key.rotation.nextAt !== undefined && key.rotation.nextAt - inv.now < ROTATION_CONFLICT_WINDOW_MS)
    throw new ConflictException(`${key.arn} has an automatic rotation due within 20 minutes.`);
  const previous = key.materials.at(-1)!.id;
  const material = rotateMaterial(key, inv.now, inv.random, 'ON_DEMAND');
  key.onDemandRotations += 1;
  inv.saveKey(key);
  inv.responseElements = { keyId: key.arn };
  inv.additionalEventData = { previousKeyMaterialId: previous, currentKeyMaterialId: material.id };
  return { KeyId: key.arn };
}
