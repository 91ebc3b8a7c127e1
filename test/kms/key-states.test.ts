/**
 * The key-state table (reference/keystate-table.md, kms.md §7): which operation each key state
 * allows, with AWS's exception names and footnote messages.
 *
 * The rows below are the reference table's rows copied verbatim (only the operations this KMS
 * implements); the expected outcome of every (operation, state) pair is derived from the cell
 * text and its footnote, never written by hand. Two readings come from kms.md §7: "[2] or [3]"
 * (a cryptographic operation on a key pending deletion) is observed as footnote 3
 * (KMSInvalidStateException), and "?[7]" / "X [1] or [7]" / "X [3] or [7]" depend on footnote 7
 * (imported material or a custom key store), which never applies to the AWS_KMS keys made here.
 * RotateKeyOnDemand is not in the 2023 table; its row is kms.md §7's.
 *
 * The reachable states (Enabled, Disabled, PendingDeletion) are tested end to end through
 * LocalKms; the others (PendingImport, Unavailable, Creating, Updating) through
 * `assertKeyStateAllows`, the rule the operations apply.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock/index.js';
import { StoreServiceException } from '../../src/common/errors.js';
import { assertKeyStateAllows, type StateRuledOperation } from '../../src/kms/key-state.js';
import type { KeyMetadata, KeyState, LocalKms } from '../../src/kms/index.js';
import { ACCOUNT, DAY_MS, PLAINTEXT, expectError, openKms } from './_helpers.js';

/** keystate-table.md, verbatim rows (header and the operations this KMS implements). */
const REFERENCE_TABLE = `
| API | Enabled | Disabled | **Pending deletion** **Pending replica deletion** | Pending import | Unavailable | Creating | Updating |
| CancelKeyDeletion | X[4] | X[4] | OK | X[4] | X [4], [13] | X [4] | X [4] |
| CreateAlias | OK | OK | X[3] | OK | OK | OK | OK |
| CreateGrant | OK | X[1] | X [2] or [3] | X[5] | OK | X [14] | OK |
| Decrypt | OK | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | OK |
| DeleteAlias | OK | OK | OK | OK | OK | OK | OK |
| DescribeKey | OK | OK | OK | OK | OK | OK | OK |
| DisableKey | OK | OK | X[3] | X[5] | OK [12] | X [14] | X [15] |
| DisableKeyRotation | ? [7] | X [1] or [7] | X [3] or [7] | X[6] | X [7] | X [14] | ? [7] |
| EnableKey | OK | OK | X[3] | X[5] | OK [12] | X [14] | X [15] |
| EnableKeyRotation | ? [7] | X [1] or [7] | X [3] or [7] | X[6] | X [7] | X [14] | ? [7] |
| Encrypt | OK | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | OK |
| GenerateDataKey | OK | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | OK |
| GenerateDataKeyWithoutPlaintext | OK | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | OK |
| GenerateMac | OK | X[1] | X [2] or [3] | N/A | N/A | X [14] | OK |
| GetKeyPolicy | OK | OK | OK | OK | OK | OK | OK |
| GetKeyRotationStatus | ? [7] | ? [7] | ? [7] | X[6] | X [7] | ? [7] | ? [7] |
| ListAliases | OK | OK | OK | OK | OK | OK | OK |
| ListGrants | OK | OK | OK | OK | OK | OK | OK |
| ListKeyPolicies | OK | OK | OK | OK | OK | OK | OK |
| ListResourceTags | OK | OK | OK | OK | OK | OK | OK |
| PutKeyPolicy | OK | OK | OK | OK | OK | OK | OK |
| ReEncrypt | OK | X[1] | X [2] or [3] | X[5] | X [11] | X [14] | OK |
| RetireGrant | OK | OK | OK | OK | OK | OK | OK |
| RevokeGrant | OK | OK | OK | OK | OK | OK | OK |
| ScheduleKeyDeletion | OK | OK | X[3] | OK | OK | OK | X [15] |
| TagResource | OK | OK | X[3] | OK | OK | OK | OK |
| UntagResource | OK | OK | X[3] | OK | OK | OK | OK |
| UpdateAlias | OK | OK | ?[10] | OK | OK | OK | OK |
| UpdateKeyDescription | OK | OK | X[3] | OK | OK | OK | OK |
| VerifyMac | OK | X[1] | X [2] or [3] | N/A | N/A | X [14] | OK |
`;
/** kms.md §7: "RotateKeyOnDemand (not in the 2023 table; from the model and snapshot)". */
const ROTATE_ON_DEMAND_ROW = '| RotateKeyOnDemand | OK | X[1] | X[3] | X [5] or [6] | — | — | — |';

const COLUMNS = ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'Unavailable', 'Creating', 'Updating'] as const;
type Column = (typeof COLUMNS)[number];

/** What a cell says for an AWS_KMS symmetric key: OK, a footnote, or not applicable / not documented. */
type Expected = { ok: true } | { ok: false; name: string; message?: (arn: string) => string; alternatives?: string[] } | { na: true };

/** Footnotes of kms.md §7 (exact messages; [7] gives no message). */
const FOOTNOTES: Record<string, { name: string; message?: (arn: string) => string }> = {
  '1': { name: 'DisabledException', message: (arn) => `${arn} is disabled.` },
  '3': { name: 'KMSInvalidStateException', message: (arn) => `${arn} is pending deletion.` },
  '4': { name: 'KMSInvalidStateException', message: (arn) => `${arn} is not pending deletion.` },
  '5': { name: 'KMSInvalidStateException', message: (arn) => `${arn} is pending import.` },
  '6': { name: 'UnsupportedOperationException', message: (arn) => `${arn} origin is EXTERNAL which is not valid for this operation.` },
  '7': { name: 'UnsupportedOperationException' },
  '11': { name: 'KMSInvalidStateException', message: (arn) => `${arn} is unavailable.` },
  '14': { name: 'KMSInvalidStateException', message: (arn) => `${arn} is creating.` },
  '15': { name: 'KMSInvalidStateException', message: (arn) => `${arn} is updating.` },
};

/**
 * Reads one cell. `OK` and `OK [12]` succeed. `X[n]` fails as footnote n. `X [a] or [b]` fails
 * as [a] when [b] is 7 (it does not apply to AWS_KMS keys) or as [3] when it is `[2] or [3]`
 * (kms.md §7, observed); otherwise either footnote is accepted. `? [7]` succeeds (footnote 7 does
 * not apply); `?[10]` (UpdateAlias) fails for the destination as footnote 3. `X [4], [13]` is [4].
 */
function readCell(cell: string): Expected {
  const text = cell.trim();
  if (text === 'N/A' || text === '—') return { na: true };
  if (text.startsWith('OK')) return { ok: true };
  const notes = [...text.matchAll(/\[(\d+)\]/g)].map((m) => m[1]!);
  if (text.startsWith('?')) {
    if (notes.length === 1 && notes[0] === '7') return { ok: true };
    if (notes.length === 1 && notes[0] === '10') return { ok: false, ...FOOTNOTES['3']! };
    throw new Error(`unread cell ${cell}`);
  }
  if (!text.startsWith('X')) throw new Error(`unread cell ${cell}`);
  let chosen: string;
  if (/\bor\b/.test(text)) {
    const [a, b] = notes as [string, string];
    if (b === '7') chosen = a;
    else if (a === '2' && b === '3') chosen = '3';
    else return { ok: false, ...FOOTNOTES[a]!, alternatives: [FOOTNOTES[a]!.name, FOOTNOTES[b]!.name] };
  } else {
    chosen = notes[0]!;
  }
  const footnote = FOOTNOTES[chosen];
  if (!footnote) throw new Error(`no footnote ${chosen} in ${cell}`);
  return { ok: false, ...footnote };
}

/** The parsed table: operation → column → expectation. */
function parseTable(): Map<string, Record<Column, Expected>> {
  const rows = new Map<string, Record<Column, Expected>>();
  for (const line of [...REFERENCE_TABLE.trim().split('\n').slice(1), ROTATE_ON_DEMAND_ROW]) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const [api, ...states] = cells as [string, ...string[]];
    if (states.length !== COLUMNS.length) throw new Error(`bad row ${line}`);
    const record = {} as Record<Column, Expected>;
    COLUMNS.forEach((column, i) => (record[column] = readCell(states[i]!)));
    rows.set(api, record);
  }
  return rows;
}
const TABLE = parseTable();

function expectation(api: string, column: Column): Expected {
  const row = TABLE.get(api);
  if (!row) throw new Error(`no row ${api}`);
  return row[column];
}

function describeExpectation(e: Expected): string {
  if ('na' in e) return 'not applicable';
  if (e.ok) return 'succeeds';
  if (e.alternatives) return `fails with ${e.alternatives.join(' or ')}`;
  return `fails with ${e.name}${e.message ? ` "${e.message('<arn>')}"` : ''}`;
}

// -------------------------------------------------------------------------------------------
// Reachable states, end to end
// -------------------------------------------------------------------------------------------

const ROLE = `arn:aws:iam::${ACCOUNT}:role/App`;

/** The key under test (K), an enabled key of the same type (E), and what the calls need. */
interface World {
  kms: LocalKms;
  clock: ManualClock;
  key: KeyMetadata;
  other: KeyMetadata;
  hmac: KeyMetadata;
  ciphertext: Uint8Array;
  otherCiphertext: Uint8Array;
  grantId: string;
  hmacGrantId: string;
  mac: Uint8Array;
}

type Operation = (w: World, keyId: string) => Promise<unknown>;

/**
 * Every implemented operation that names a key, as a call on key `keyId` (K, or the HMAC key for
 * GenerateMac/VerifyMac). The table row each one reads is the first element.
 */
const OPERATIONS: [row: string, label: string, call: Operation, hmac?: boolean][] = [
  ['Encrypt', 'Encrypt', (w, id) => w.kms.encrypt({ KeyId: id, Plaintext: PLAINTEXT })],
  ['Decrypt', 'Decrypt', (w, id) => w.kms.decrypt({ KeyId: id, CiphertextBlob: w.ciphertext })],
  ['ReEncrypt', 'ReEncrypt (the key as source)', (w) => w.kms.reEncrypt({ CiphertextBlob: w.ciphertext, DestinationKeyId: w.other.KeyId })],
  ['ReEncrypt', 'ReEncrypt (the key as destination)', (w, id) => w.kms.reEncrypt({ CiphertextBlob: w.otherCiphertext, DestinationKeyId: id })],
  ['GenerateDataKey', 'GenerateDataKey', (w, id) => w.kms.generateDataKey({ KeyId: id, KeySpec: 'AES_256' })],
  ['GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', (w, id) => w.kms.generateDataKeyWithoutPlaintext({ KeyId: id, NumberOfBytes: 16 })],
  ['GenerateMac', 'GenerateMac', (w, id) => w.kms.generateMac({ KeyId: id, Message: PLAINTEXT, MacAlgorithm: 'HMAC_SHA_256' }), true],
  ['VerifyMac', 'VerifyMac', (w, id) => w.kms.verifyMac({ KeyId: id, Message: PLAINTEXT, MacAlgorithm: 'HMAC_SHA_256', Mac: w.mac }), true],
  ['CreateGrant', 'CreateGrant', (w, id) => w.kms.createGrant({ KeyId: id, GranteePrincipal: ROLE, Operations: ['Decrypt'] })],
  ['CreateAlias', 'CreateAlias', (w, id) => w.kms.createAlias({ AliasName: 'alias/new', TargetKeyId: id })],
  ['DeleteAlias', 'DeleteAlias', (w) => w.kms.deleteAlias({ AliasName: 'alias/k' })],
  ['DescribeKey', 'DescribeKey', (w, id) => w.kms.describeKey({ KeyId: id })],
  ['DisableKey', 'DisableKey', (w, id) => w.kms.disableKey({ KeyId: id })],
  ['EnableKey', 'EnableKey', (w, id) => w.kms.enableKey({ KeyId: id })],
  ['EnableKeyRotation', 'EnableKeyRotation', (w, id) => w.kms.enableKeyRotation({ KeyId: id })],
  ['DisableKeyRotation', 'DisableKeyRotation', (w, id) => w.kms.disableKeyRotation({ KeyId: id })],
  ['GetKeyRotationStatus', 'GetKeyRotationStatus', (w, id) => w.kms.getKeyRotationStatus({ KeyId: id })],
  ['GetKeyPolicy', 'GetKeyPolicy', (w, id) => w.kms.getKeyPolicy({ KeyId: id })],
  ['PutKeyPolicy', 'PutKeyPolicy', async (w, id) => w.kms.putKeyPolicy({ KeyId: id, Policy: (await w.kms.getKeyPolicy({ KeyId: w.other.KeyId })).Policy })],
  ['ListAliases', 'ListAliases (KeyId)', (w, id) => w.kms.listAliases({ KeyId: id })],
  ['ListGrants', 'ListGrants', (w, id) => w.kms.listGrants({ KeyId: id })],
  ['ListKeyPolicies', 'ListKeyPolicies', (w, id) => w.kms.listKeyPolicies({ KeyId: id })],
  ['ListResourceTags', 'ListResourceTags', (w, id) => w.kms.listResourceTags({ KeyId: id })],
  ['RetireGrant', 'RetireGrant', (w, id) => w.kms.retireGrant({ KeyId: id, GrantId: w.grantId })],
  ['RevokeGrant', 'RevokeGrant', (w, id) => w.kms.revokeGrant({ KeyId: id, GrantId: w.grantId })],
  ['ScheduleKeyDeletion', 'ScheduleKeyDeletion', (w, id) => w.kms.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 })],
  ['CancelKeyDeletion', 'CancelKeyDeletion', (w, id) => w.kms.cancelKeyDeletion({ KeyId: id })],
  ['TagResource', 'TagResource', (w, id) => w.kms.tagResource({ KeyId: id, Tags: [{ TagKey: 'team', TagValue: 'new' }] })],
  ['UntagResource', 'UntagResource', (w, id) => w.kms.untagResource({ KeyId: id, TagKeys: ['team'] })],
  ['UpdateAlias', 'UpdateAlias (the key as destination)', (w, id) => w.kms.updateAlias({ AliasName: 'alias/e', TargetKeyId: id })],
  ['UpdateKeyDescription', 'UpdateKeyDescription', (w, id) => w.kms.updateKeyDescription({ KeyId: id, Description: 'changed' })],
  ['RotateKeyOnDemand', 'RotateKeyOnDemand', (w, id) => w.kms.rotateKeyOnDemand({ KeyId: id })],
];

const REACHABLE: Column[] = ['Enabled', 'Disabled', 'PendingDeletion'];

/** Builds the world with K and the HMAC key both moved to `state`. */
async function makeWorld(state: Column): Promise<World> {
  const { kms, clock } = await openKms();
  const key = (await kms.createKey({ Description: 'K', Tags: [{ TagKey: 'team', TagValue: 'a' }] })).KeyMetadata;
  const other = (await kms.createKey({ Description: 'E' })).KeyMetadata;
  const hmac = (await kms.createKey({ KeySpec: 'HMAC_256' })).KeyMetadata;
  await kms.createAlias({ AliasName: 'alias/k', TargetKeyId: key.KeyId });
  await kms.createAlias({ AliasName: 'alias/e', TargetKeyId: other.KeyId });
  const ciphertext = (await kms.encrypt({ KeyId: key.KeyId, Plaintext: PLAINTEXT })).CiphertextBlob;
  const otherCiphertext = (await kms.encrypt({ KeyId: other.KeyId, Plaintext: PLAINTEXT })).CiphertextBlob;
  const { GrantId: grantId } = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'] });
  const { GrantId: hmacGrantId } = await kms.createGrant({ KeyId: hmac.KeyId, GranteePrincipal: ROLE, Operations: ['GenerateMac'] });
  const { Mac: mac } = await kms.generateMac({ KeyId: hmac.KeyId, Message: PLAINTEXT, MacAlgorithm: 'HMAC_SHA_256' });
  await clock.advance(1_000);
  for (const id of [key.KeyId, hmac.KeyId]) {
    if (state === 'Disabled') await kms.disableKey({ KeyId: id });
    if (state === 'PendingDeletion') await kms.scheduleKeyDeletion({ KeyId: id, PendingWindowInDays: 7 });
  }
  return { kms, clock, key, other, hmac, ciphertext, otherCiphertext, grantId, hmacGrantId, mac };
}

describe.each(REACHABLE)('a key in state %s', (state) => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(state);
  });
  afterEach(async () => {
    await w.kms.close();
  });

  const cases = OPERATIONS.map(([row, label, call, hmac]) => {
    const e = expectation(row, state);
    return { title: `${label} on a ${state} key ${describeExpectation(e)}`, label, call, hmac: hmac === true, e };
  });

  for (const { title, call, hmac, e } of cases) {
    it(title, async () => {
      const target = hmac ? w.hmac : w.key;
      const pending = call(w, target.KeyId);
      if ('na' in e) throw new Error('no N/A cell for a reachable state');
      if (e.ok) {
        await expect(pending).resolves.toBeDefined();
        return;
      }
      const error = await expectError(pending, e.name);
      if (e.message) expect(error.message).toBe(e.message(target.Arn));
    });
  }

  const failing = cases.filter(({ e }) => !('na' in e) && !e.ok);
  for (const { label, call, hmac } of failing) {
    it(`a refused ${label} on a ${state} key changes nothing (metadata, tags, aliases, grants, policy, rotation)`, async () => {
      const target = hmac ? w.hmac : w.key;
      const snapshot = async (): Promise<unknown> => ({
        metadata: (await w.kms.describeKey({ KeyId: target.KeyId })).KeyMetadata,
        tags: (await w.kms.listResourceTags({ KeyId: target.KeyId })).Tags,
        aliases: (await w.kms.listAliases()).Aliases,
        grants: (await w.kms.listGrants({ KeyId: target.KeyId })).Grants,
        policy: (await w.kms.getKeyPolicy({ KeyId: target.KeyId })).Policy,
        rotation: hmac ? undefined : await w.kms.getKeyRotationStatus({ KeyId: target.KeyId }),
      });
      const before = await snapshot();
      await expect(call(w, target.KeyId)).rejects.toBeInstanceOf(StoreServiceException);
      expect(await snapshot()).toEqual(before);
    });
  }
});

describe('rotation status across deletion', () => {
  it('GetKeyRotationStatus reads false while the key is PendingDeletion', async () => {
    const { kms } = await openKms();
    try {
      const { KeyId } = (await kms.createKey()).KeyMetadata;
      await kms.enableKeyRotation({ KeyId, RotationPeriodInDays: 180 });
      expect((await kms.getKeyRotationStatus({ KeyId })).KeyRotationEnabled).toBe(true);
      await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
      expect((await kms.getKeyRotationStatus({ KeyId })).KeyRotationEnabled).toBe(false);
    } finally {
      await kms.close();
    }
  });

  it('GetKeyRotationStatus reads true again, with the same period, after CancelKeyDeletion', async () => {
    const { kms, clock } = await openKms();
    try {
      const { KeyId } = (await kms.createKey()).KeyMetadata;
      await kms.enableKeyRotation({ KeyId, RotationPeriodInDays: 180 });
      await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
      await clock.advance(DAY_MS);
      await kms.cancelKeyDeletion({ KeyId });
      const status = await kms.getKeyRotationStatus({ KeyId });
      expect(status.KeyRotationEnabled).toBe(true);
      expect(status.RotationPeriodInDays).toBe(180);
    } finally {
      await kms.close();
    }
  });

  it('GetKeyRotationStatus of a key without rotation stays false after CancelKeyDeletion', async () => {
    const { kms } = await openKms();
    try {
      const { KeyId } = (await kms.createKey()).KeyMetadata;
      await kms.scheduleKeyDeletion({ KeyId, PendingWindowInDays: 7 });
      await kms.cancelKeyDeletion({ KeyId });
      expect((await kms.getKeyRotationStatus({ KeyId })).KeyRotationEnabled).toBe(false);
    } finally {
      await kms.close();
    }
  });
});

// -------------------------------------------------------------------------------------------
// States this KMS cannot reach: assertKeyStateAllows against the reference footnotes
// -------------------------------------------------------------------------------------------

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** Table row → the StateRuledOperation the operations pass to assertKeyStateAllows. */
const RULED: [row: string, op: StateRuledOperation][] = [
  ['CancelKeyDeletion', 'CancelKeyDeletion'],
  ['CreateAlias', 'CreateAlias'],
  ['CreateGrant', 'CreateGrant'],
  ['Encrypt', 'Crypto'],
  ['Decrypt', 'Crypto'],
  ['ReEncrypt', 'Crypto'],
  ['GenerateDataKey', 'Crypto'],
  ['GenerateDataKeyWithoutPlaintext', 'Crypto'],
  ['DeleteAlias', 'DeleteAlias'],
  ['DescribeKey', 'DescribeKey'],
  ['DisableKey', 'DisableKey'],
  ['EnableKey', 'EnableKey'],
  ['EnableKeyRotation', 'KeyRotation'],
  ['DisableKeyRotation', 'KeyRotation'],
  ['GetKeyRotationStatus', 'GetKeyRotationStatus'],
  ['GetKeyPolicy', 'GetKeyPolicy'],
  ['PutKeyPolicy', 'PutKeyPolicy'],
  ['ListAliases', 'ListAliases'],
  ['ListGrants', 'ListGrants'],
  ['ListResourceTags', 'ListResourceTags'],
  ['RetireGrant', 'RetireGrant'],
  ['RevokeGrant', 'RevokeGrant'],
  ['RotateKeyOnDemand', 'RotateKeyOnDemand'],
  ['ScheduleKeyDeletion', 'ScheduleKeyDeletion'],
  ['TagResource', 'TagResource'],
  ['UntagResource', 'UntagResource'],
  ['UpdateAlias', 'UpdateAliasDestination'],
  ['UpdateKeyDescription', 'UpdateKeyDescription'],
];

const UNREACHABLE: Column[] = ['PendingImport', 'Unavailable', 'Creating', 'Updating'];

function thrownBy(op: StateRuledOperation, state: KeyState): unknown {
  try {
    assertKeyStateAllows(op, state, ARN);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe.each(UNREACHABLE)('assertKeyStateAllows for a key in state %s', (state) => {
  const cases = RULED.map(([row, op]) => {
    const e = expectation(row, state);
    return { title: `${row} (${op}) on a ${state} key ${describeExpectation(e)}`, op, e };
  }).filter(({ e }) => !('na' in e));

  for (const { title, op, e } of cases) {
    it(title, () => {
      const error = thrownBy(op, state);
      if ('na' in e) throw new Error('unreachable: filtered above');
      if (e.ok) {
        expect(error).toBeUndefined();
        return;
      }
      expect(error).toBeInstanceOf(StoreServiceException);
      const err = error as StoreServiceException;
      if (e.alternatives) expect(e.alternatives).toContain(err.name);
      else expect(err.name).toBe(e.name);
      if (e.message && !e.alternatives) expect(err.message).toBe(e.message(ARN));
    });
  }
});

describe('assertKeyStateAllows for the reachable states agrees with the table too', () => {
  const cases = REACHABLE.flatMap((state) =>
    RULED.map(([row, op]) => {
      const e = expectation(row, state);
      return { title: `${row} (${op}) on a ${state} key ${describeExpectation(e)}`, op, state, e };
    }),
  );

  for (const { title, op, state, e } of cases) {
    it(title, () => {
      const error = thrownBy(op, state);
      if ('na' in e) throw new Error('no N/A cell for these rows');
      if (e.ok) {
        expect(error).toBeUndefined();
        return;
      }
      expect(error).toBeInstanceOf(StoreServiceException);
      expect((error as StoreServiceException).name).toBe(e.name);
      if (e.message) expect((error as Error).message).toBe(e.message(ARN));
    });
  }
});

it('assertKeyStateAllows treats PendingReplicaDeletion as PendingDeletion (one table column)', () => {
  for (const [, op] of RULED) {
    const pending = thrownBy(op, 'PendingDeletion') as Error | undefined;
    const replica = thrownBy(op, 'PendingReplicaDeletion') as Error | undefined;
    expect(replica?.name, op).toBe(pending?.name);
  }
  expect((thrownBy('Crypto', 'PendingReplicaDeletion') as Error).name).toBe('KMSInvalidStateException');
});
