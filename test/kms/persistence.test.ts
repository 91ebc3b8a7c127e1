/**
 * @module test/kms/persistence
 * The on-disk local KMS (`LocalKms.open({ path })`, src/kms/_repository.ts): everything a KMS
 * holds survives close and reopen (keys and their state, aliases, grants, rotation, scheduled
 * deletion, identity policies, the audit trail), old ciphertext still decrypts, the root secret
 * is a 0600 file of 32 bytes, no key material or plaintext reaches the disk in the clear, and a
 * missing root secret is an error, never silent garbage. Each test works in its own temporary
 * directory on a manual clock.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { LocalKms } from '../../src/kms/local-kms.js';
import {
  OTHER_ROLE,
  ROLE,
  allowPolicy,
  auditRecords,
  closeKmsAfterEach,
  distinctBytes,
  expectError,
  keyPolicy,
  newKey,
  openKms,
  untrack,
  utf8,
} from './_access-helpers.js';

closeKmsAfterEach();

const DAY = 86_400_000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealtable-kms-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens the KMS of this test's directory. */
async function open(clock: ManualClock, extra: { randomBytes?: (n: number) => Uint8Array } = {}): Promise<LocalKms> {
  return (await openKms({ path: dir, clock, ...extra })).kms;
}

/** Closes a KMS and opens it again on the same directory and clock. */
async function reopen(kms: LocalKms, clock: ManualClock, extra: { randomBytes?: (n: number) => Uint8Array } = {}): Promise<LocalKms> {
  await kms.close();
  untrack(kms);
  return open(clock, extra);
}

/** Every file under a directory, recursively. */
async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** A deterministic random source (SHA-256 in counter mode) that remembers every output. */
function recordingRandom(seed: string): { random: (n: number) => Uint8Array; outputs: Uint8Array[] } {
  const outputs: Uint8Array[] = [];
  let counter = 0;
  const random = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    outputs.push(out.slice());
    return out;
  };
  return { random, outputs };
}

describe('close and reopen', () => {
  it('reopen finds every key with its state, description, tags and policy', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const policy = keyPolicy({ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: '*' });
    const enabled = await newKey(kms, { Description: 'orders', Tags: [{ TagKey: 'team', TagValue: 'core' }], Policy: policy });
    const disabled = await newKey(kms, { Description: 'old' });
    const hmac = await newKey(kms, { KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC', Description: 'macs' });
    await kms.disableKey({ KeyId: disabled.KeyId });
    await kms.tagResource({ KeyId: disabled.KeyId, Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] });
    await kms.updateKeyDescription({ KeyId: enabled.KeyId, Description: 'orders v2' });
    const describe = async (k: LocalKms) =>
      Promise.all(
        [enabled, disabled, hmac].map(async ({ KeyId }) => ({
          meta: (await k.describeKey({ KeyId })).KeyMetadata,
          tags: (await k.listResourceTags({ KeyId })).Tags,
          policy: (await k.getKeyPolicy({ KeyId })).Policy,
        })),
      );
    const before = await describe(kms);
    const keys = (await kms.listKeys()).Keys;
    kms = await reopen(kms, clock);
    expect((await kms.listKeys()).Keys).toEqual(keys);
    const after = await describe(kms);
    expect(after).toEqual(before);
    expect(after.map((k) => [k.meta.KeyState, k.meta.Description])).toEqual([
      ['Enabled', 'orders v2'],
      ['Disabled', 'old'],
      ['Enabled', 'macs'],
    ]);
    expect(after[0]!.policy).toBe(policy);
    // The policy is enforced again, not just stored.
    const { CiphertextBlob } = await kms.encrypt({ KeyId: enabled.KeyId, Plaintext: utf8('x') });
    await kms.as(ROLE).decrypt({ CiphertextBlob });
  });

  it('reopen finds every alias', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const a = await newKey(kms);
    const b = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/orders', TargetKeyId: a.KeyId });
    await kms.createAlias({ AliasName: 'alias/users', TargetKeyId: a.KeyId });
    await kms.updateAlias({ AliasName: 'alias/users', TargetKeyId: b.KeyId });
    await kms.createAlias({ AliasName: 'alias/gone', TargetKeyId: b.KeyId });
    await kms.deleteAlias({ AliasName: 'alias/gone' });
    const before = (await kms.listAliases()).Aliases;
    kms = await reopen(kms, clock);
    expect((await kms.listAliases()).Aliases).toEqual(before);
    expect(before.map((x) => [x.AliasName, x.TargetKeyId])).toEqual([
      ['alias/orders', a.KeyId],
      ['alias/users', b.KeyId],
    ]);
    expect((await kms.describeKey({ KeyId: 'alias/users' })).KeyMetadata.KeyId).toBe(b.KeyId);
  });

  it('reopen finds every grant, and its grantee can still use it', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    await kms.createGrant({
      KeyId: key.KeyId,
      GranteePrincipal: ROLE,
      RetiringPrincipal: OTHER_ROLE,
      Operations: ['Encrypt', 'Decrypt'],
      Name: 'job',
      Constraints: { EncryptionContextSubset: { tenant: 'acme' } },
    });
    const retired = await kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: OTHER_ROLE, Operations: ['Decrypt'] });
    await kms.retireGrant({ GrantToken: retired.GrantToken });
    const before = (await kms.listGrants({ KeyId: key.KeyId })).Grants;
    expect(before).toHaveLength(1);
    kms = await reopen(kms, clock);
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants).toEqual(before);
    const role = kms.as(ROLE);
    const { CiphertextBlob } = await role.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x'), EncryptionContext: { tenant: 'acme' } });
    await role.decrypt({ CiphertextBlob, EncryptionContext: { tenant: 'acme' } });
    await expectError(role.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') }), 'AccessDeniedException');
    expect((await kms.listRetirableGrants({ RetiringPrincipal: OTHER_ROLE })).Grants).toEqual(before);
  });

  it('reopen keeps the rotation setting and NextRotationDate, and rotation still runs on the clock', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    const off = await newKey(kms);
    await kms.enableKeyRotation({ KeyId: key.KeyId, RotationPeriodInDays: 100 });
    const status = await kms.getKeyRotationStatus({ KeyId: key.KeyId });
    expect(status.NextRotationDate?.getTime()).toBe(clock.now() + 100 * DAY);
    kms = await reopen(kms, clock);
    expect(await kms.getKeyRotationStatus({ KeyId: key.KeyId })).toEqual(status);
    expect((await kms.getKeyRotationStatus({ KeyId: off.KeyId })).KeyRotationEnabled).toBe(false);
    await clock.advance(100 * DAY);
    const { Rotations } = await kms.listKeyRotations({ KeyId: key.KeyId });
    expect(Rotations.map((r) => r.RotationType)).toEqual(['AUTOMATIC']);
  });

  it('a deletion scheduled before close still happens on the clock after reopen', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    await kms.createAlias({ AliasName: 'alias/doomed', TargetKeyId: key.KeyId });
    const { DeletionDate } = await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    kms = await reopen(kms, clock);
    const meta = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata;
    expect(meta.KeyState).toBe('PendingDeletion');
    expect(meta.DeletionDate).toEqual(DeletionDate);
    await clock.advance(7 * DAY - 1);
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('PendingDeletion');
    await clock.advance(1);
    await expectError(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException');
    expect((await kms.listAliases()).Aliases).toEqual([]);
    expect((await auditRecords(kms, { EventName: 'DeleteKey' })).map((r) => r.eventTime)).toEqual([DeletionDate.toISOString().replace('.000Z', 'Z')]);
  });

  it('a key deleted on the clock is gone after reopen', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    const kept = await newKey(kms);
    await kms.scheduleKeyDeletion({ KeyId: key.KeyId, PendingWindowInDays: 7 });
    await clock.advance(8 * DAY);
    await expectError(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException');
    kms = await reopen(kms, clock);
    await expectError(kms.describeKey({ KeyId: key.KeyId }), 'NotFoundException');
    expect((await kms.listKeys()).Keys.map((k) => k.KeyId)).toEqual([kept.KeyId]);
  });

  it('reopen keeps the on-demand rotation count: the 26th rotation after reopen is refused', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    for (let i = 0; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    kms = await reopen(kms, clock);
    const { Rotations } = await kms.listKeyRotations({ KeyId: key.KeyId });
    expect(Rotations.filter((r) => r.RotationType === 'ON_DEMAND')).toHaveLength(25);
    await expectError(kms.rotateKeyOnDemand({ KeyId: key.KeyId }), 'LimitExceededException');
  });

  it('reopen keeps identity policies', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') });
    await kms.setIdentityPolicy({ Principal: ROLE, Policy: allowPolicy('kms:Decrypt') });
    await kms.setIdentityPolicy({ Principal: OTHER_ROLE, Policy: allowPolicy('kms:Decrypt') });
    await kms.setIdentityPolicy({ Principal: OTHER_ROLE });
    kms = await reopen(kms, clock);
    await kms.as(ROLE).decrypt({ CiphertextBlob });
    await expectError(kms.as(ROLE).encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') }), 'AccessDeniedException');
    await expectError(kms.as(OTHER_ROLE).decrypt({ CiphertextBlob }), 'AccessDeniedException');
  });

  it('reopen keeps the audit events, in order, and appends after them', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    for (let i = 0; i < 12; i++) {
      await clock.advance(1000);
      await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8(`m${i}`) });
    }
    await expectError(kms.as(ROLE).describeKey({ KeyId: key.KeyId }), 'AccessDeniedException');
    const before = await auditRecords(kms);
    expect(before).toHaveLength(14);
    kms = await reopen(kms, clock);
    expect(await auditRecords(kms)).toEqual(before);
    await kms.disableKey({ KeyId: key.KeyId });
    const after = await auditRecords(kms);
    expect(after.map((r) => r.eventID)).toEqual([after[0]!.eventID, ...before.map((r) => r.eventID)]);
    expect(after[0]!.eventName).toBe('DisableKey');
  });

  it('ciphertext made before close decrypts after reopen, including under rotated-out materials', async () => {
    const clock = new ManualClock();
    let kms = await open(clock);
    const key = await newKey(kms);
    const blobs: { blob: Uint8Array; plaintext: Uint8Array; material: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const plaintext = distinctBytes(64, 100 + i);
      const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionContext: { n: String(i) } });
      const material = (await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.CurrentKeyMaterialId!;
      blobs.push({ blob: CiphertextBlob, plaintext, material });
      await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    }
    const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    kms = await reopen(kms, clock);
    for (const [i, b] of blobs.entries()) {
      const out = await kms.decrypt({ CiphertextBlob: b.blob, EncryptionContext: { n: String(i) } });
      expect(out.Plaintext).toEqual(b.plaintext);
      expect(out.KeyMaterialId).toBe(b.material);
    }
    expect(new Set(blobs.map((b) => b.material)).size).toBe(3);
    expect((await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob })).Plaintext).toEqual(dk.Plaintext);
  });
});

describe('at rest', () => {
  it('<path>/root-secret exists with mode 0600 and holds 32 bytes', async () => {
    const clock = new ManualClock();
    await open(clock);
    const info = await stat(join(dir, 'root-secret'));
    expect(info.isFile()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.size).toBe(32);
    expect((await readFile(join(dir, 'root-secret'))).length).toBe(32);
  });

  it('no key material, data key or plaintext appears on disk in the clear', async () => {
    const clock = new ManualClock();
    const { random, outputs } = recordingRandom('persistence-scan');
    let kms = await open(clock, { randomBytes: random });
    const secrets: Uint8Array[] = [];
    const key = await newKey(kms, { Description: 'scan-marker-description' });
    await newKey(kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    const plaintext = distinctBytes(96, 42);
    secrets.push(plaintext);
    await kms.encrypt({ KeyId: key.KeyId, Plaintext: plaintext, EncryptionContext: { scan: 'yes' } });
    const dk = await kms.generateDataKey({ KeyId: key.KeyId, KeySpec: 'AES_256' });
    secrets.push(dk.Plaintext);
    await kms.generateDataKeyWithoutPlaintext({ KeyId: key.KeyId, NumberOfBytes: 64 });
    kms = await reopen(kms, clock, { randomBytes: random });
    await kms.rotateKeyOnDemand({ KeyId: key.KeyId });
    await kms.close();
    untrack(kms);

    // Every output of the injected source: key materials, material-id seeds, salts, data keys.
    const candidates = [...secrets, ...outputs.filter((o) => o.length >= 16)];
    expect(candidates.length).toBeGreaterThan(8);
    const files = await filesUnder(dir);
    expect(files.some((f) => f.endsWith('root-secret'))).toBe(true);
    const contents = await Promise.all(files.filter((f) => !f.endsWith('root-secret')).map((f) => readFile(f)));
    const disk = Buffer.concat(contents);
    // The scan sees what is stored: the description is on disk, in the clear.
    expect(disk.includes(Buffer.from('scan-marker-description'))).toBe(true);
    for (const bytes of candidates) {
      const forms = [
        Buffer.from(bytes),
        Buffer.from(Buffer.from(bytes).toString('hex')),
        Buffer.from(Buffer.from(bytes).toString('base64').replace(/=+$/, '')),
        Buffer.from(Buffer.from(bytes).toString('base64url')),
      ];
      for (const form of forms) expect(disk.includes(form), `found ${form.toString('hex').slice(0, 32)}… on disk`).toBe(false);
    }
  });

  it('without its root-secret the KMS fails to reopen with an error, never silent garbage', async () => {
    const clock = new ManualClock();
    const kms = await open(clock);
    await newKey(kms);
    await kms.close();
    untrack(kms);
    await unlink(join(dir, 'root-secret'));
    const error = await LocalKms.open({ path: dir, clock }).then(
      async (reopened) => {
        await reopened.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
  });

  it('after a failed reopen, restoring the root-secret lets the KMS open again', async () => {
    const clock = new ManualClock();
    const kms = await open(clock);
    const key = await newKey(kms);
    const { CiphertextBlob } = await kms.encrypt({ KeyId: key.KeyId, Plaintext: utf8('kept') });
    await kms.close();
    untrack(kms);
    const saved = join(dir, '..', `${dir.split('/').pop()}-root-secret`);
    await copyFile(join(dir, 'root-secret'), saved);
    try {
      await unlink(join(dir, 'root-secret'));
      await expect(LocalKms.open({ path: dir, clock })).rejects.toBeInstanceOf(Error);
      await copyFile(saved, join(dir, 'root-secret'));
      const again = await open(clock);
      expect((await again.decrypt({ CiphertextBlob })).Plaintext).toEqual(utf8('kept'));
    } finally {
      await rm(saved, { force: true });
    }
  });
});
