/**
 * @module kms/key-state
 * Which operation each key state allows, with AWS's exception names and messages
 * (reference/keystate-table.md, kms.md §7 and its footnotes). Creating, Updating, Unavailable
 * and PendingReplicaDeletion belong to multi-Region keys and custom key stores, which this KMS
 * does not make; the table covers them anyway so that it reads as the reference does.
 */
import { DisabledException, KMSInvalidStateException, UnsupportedOperationException } from '../common/errors.js';
import type { KeyState } from './types.js';

/** A rule: OK, or the error class and footnote message. */
type Rule = 'OK' | 'F1' | 'F3' | 'F4' | 'F5' | 'F6' | 'F11' | 'F14' | 'F15';

/** The operations the key-state table rules on. */
export type StateRuledOperation =
  | 'CancelKeyDeletion'
  | 'CreateAlias'
  | 'CreateGrant'
  | 'Crypto'
  | 'DeleteAlias'
  | 'DescribeKey'
  | 'DisableKey'
  | 'EnableKey'
  | 'KeyRotation'
  | 'GetKeyRotationStatus'
  | 'GetKeyPolicy'
  | 'PutKeyPolicy'
  | 'ListAliases'
  | 'ListGrants'
  | 'ListResourceTags'
  | 'ListKeyRotations'
  | 'RetireGrant'
  | 'RevokeGrant'
  | 'RotateKeyOnDemand'
  | 'ScheduleKeyDeletion'
  | 'TagResource'
  | 'UntagResource'
  | 'UpdateKeyDescription'
  | 'UpdateAliasDestination';

const ALWAYS: Rule[] = ['OK', 'OK', 'OK', 'OK', 'OK', 'OK', 'OK'];
// Columns: Enabled, Disabled, PendingDeletion, PendingImport, Unavailable, Creating, Updating
const TABLE: Record<StateRuledOperation, Rule[]> = {
  CancelKeyDeletion: ['F4', 'F4', 'OK', 'F4', 'F4', 'F4', 'F4'],
  CreateAlias: ['OK', 'OK', 'F3', 'OK', 'OK', 'OK', 'OK'],
  CreateGrant: ['OK', 'F1', 'F3', 'F5', 'OK', 'F14', 'OK'],
  Crypto: ['OK', 'F1', 'F3', 'F5', 'F11', 'F14', 'OK'],
  DeleteAlias: ALWAYS,
  DescribeKey: ALWAYS,
  DisableKey: ['OK', 'OK', 'F3', 'F5', 'OK', 'F14', 'F15'],
  EnableKey: ['OK', 'OK', 'F3', 'F5', 'OK', 'F14', 'F15'],
  KeyRotation: ['OK', 'F1', 'F3', 'F6', 'F6', 'F14', 'OK'],
  GetKeyRotationStatus: ['OK', 'OK', 'OK', 'F6', 'F6', 'OK', 'OK'],
  GetKeyPolicy: ALWAYS,
  PutKeyPolicy: ALWAYS,
  ListAliases: ALWAYS,
  ListGrants: ALWAYS,
  ListResourceTags: ALWAYS,
  ListKeyRotations: ['OK', 'OK', 'F3', 'F6', 'F6', 'F14', 'OK'],
  RetireGrant: ALWAYS,
  RevokeGrant: ALWAYS,
  RotateKeyOnDemand: ['OK', 'F1', 'F3', 'F5', 'F11', 'F14', 'F15'],
  ScheduleKeyDeletion: ['OK', 'OK', 'F3', 'OK', 'OK', 'OK', 'F15'],
  TagResource: ['OK', 'OK', 'F3', 'OK', 'OK', 'OK', 'OK'],
  UntagResource: ['OK', 'OK', 'F3', 'OK', 'OK', 'OK', 'OK'],
  UpdateKeyDescription: ['OK', 'OK', 'F3', 'OK', 'OK', 'OK', 'OK'],
  UpdateAliasDestination: ['OK', 'OK', 'F3', 'OK', 'OK', 'OK', 'OK'],
};

const COLUMN: Record<KeyState, number> = {
  Enabled: 0,
  Disabled: 1,
  PendingDeletion: 2,
  PendingReplicaDeletion: 2,
  PendingImport: 3,
  Unavailable: 4,
  Creating: 5,
  Updating: 6,
};

/**
 * Throws the error AWS answers when `operation` meets a key in `state`.
 * @param operation - the operation (all cryptographic operations share `Crypto`)
 * @param state - the key's state
 * @param arn - the key ARN, for the message
 * @throws {@link DisabledException} `<arn> is disabled.`
 * @throws {@link KMSInvalidStateException} `<arn> is pending deletion.` and the other footnotes
 * @throws {@link UnsupportedOperationException} `<arn> origin is EXTERNAL which is not valid for this operation.`
 * @example assertKeyStateAllows('Crypto', 'Disabled', arn) // throws DisabledException
 */
export function assertKeyStateAllows(operation: StateRuledOperation, state: KeyState, arn: string): void {
  const rule = TABLE[operation][COLUMN[state]];
  switch (rule) {
    case 'OK':
    case undefined:
      return;
    case 'F1':
      throw new DisabledException(`${arn} is disabled.`);
    case 'F3':
      throw new KMSInvalidStateException(`${arn} is pending deletion.`);
    case 'F4':
      throw new KMSInvalidStateException(`${arn} is not pending deletion.`);
    case 'F5':
      throw new KMSInvalidStateException(`${arn} is pending import.`);
    case 'F6':
      throw new UnsupportedOperationException(`${arn} origin is EXTERNAL which is not valid for this operation.`);
    case 'F11':
      throw new KMSInvalidStateException(`${arn} is unavailable.`);
    case 'F14':
      throw new KMSInvalidStateException(`${arn} is creating.`);
    case 'F15':
      throw new KMSInvalidStateException(`${arn} is updating.`);
  }
}
