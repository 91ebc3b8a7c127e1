/**
 * @module test/kms/rotation
 * Key rotation (reference/kms.md §3, §8; seed 003 "éléments de clé"; seed 002 "rotation keeps
 * every previous material"): on-demand rotation and its limit of 25, automatic rotation on the
 * injected clock (EnableKeyRotation 90..2560 days, default 365; first rotation one period after
 * enabling, then every period; a RotateKey AwsServiceEvent each time), disabled keys, the
 * 20-minute conflict window, ListKeyRotations, and HMAC keys. Time moves only through
 * `ManualClock.advance`; nothing sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBlob } from '../../src/kms/ciphertext-blob.js';
import type { LocalKms } from '../../src/kms/index.js';
import {
  DAY_MS,
  MINUTE_MS,
  closeOpenedKms,
  createHmacKey,
  createSymmetricKey,
  openKms,
  rejection,
  trailRecords,
  utf8,
} from './_crypto-helpers.js';

afterEach(closeOpenedKms);

const one = (violation: string): string => `1 validation error detected: ${violation}`;

async function currentMaterialId(kms: LocalKms, keyId: string): Promise<string> {
  const { KeyMetadata } = await kms.describeKey({ KeyId: keyId });
  return KeyMetadata.CurrentKeyMaterialId!;
}

async function allMaterial(kms: LocalKms, keyId: string) {
  return (await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations;
}

async function rotations(kms: LocalKms, keyId: string) {
  return (await kms.listKeyRotations({ KeyId: keyId })).Rotations;
}

describe('RotateKeyOnDemand', () => {
  it('RotateKeyOnDemand adds a new CURRENT material and keeps the previous one as NON_CURRENT', async () => {
    const { kms, clock } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    const before = await currentMaterialId(kms, keyId);
    await clock.advance(DAY_MS);
    const out = await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect(out.KeyId).toBe(arn);
    const after = await currentMaterialId(kms, keyId);
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
    expect(await allMaterial(kms, keyId)).toEqual([
      { KeyId: arn, KeyMaterialId: before, KeyMaterialState: 'NON_CURRENT' },
      { KeyId: arn, KeyMaterialId: after, KeyMaterialState: 'CURRENT', RotationDate: new Date(clock.now()), RotationType: 'ON_DEMAND' },
    ]);
  });

  it('rotation leaves the key id, ARN, aliases, key policy and grants unchanged', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await kms.createAlias({ AliasName: 'alias/rotating', TargetKeyId: keyId });
    const grantee = 'arn:aws:iam::111122223333:role/App';
    await kms.createGrant({ KeyId: keyId, GranteePrincipal: grantee, Operations: ['Encrypt', 'Decrypt'] });
    const snapshot = async () => {
      const { KeyMetadata } = await kms.describeKey({ KeyId: 'alias/rotating' });
      return {
        keyId: KeyMetadata.KeyId,
        arn: KeyMetadata.Arn,
        state: KeyMetadata.KeyState,
        aliases: (await kms.listAliases({ KeyId: keyId })).Aliases,
        policy: (await kms.getKeyPolicy({ KeyId: keyId })).Policy,
        grants: (await kms.listGrants({ KeyId: keyId })).Grants,
      };
    };
    const before = await snapshot();
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect(await snapshot()).toEqual(before);
    expect(before.keyId).toBe(keyId);
    expect(before.arn).toBe(arn);
    // The grant still works after the rotation.
    const app = kms.as(grantee);
    const { CiphertextBlob } = await app.encrypt({ KeyId: arn, Plaintext: utf8('g') });
    expect((await app.decrypt({ CiphertextBlob })).KeyMaterialId).toBe(await currentMaterialId(kms, keyId));
  });

  it('a blob made before a rotation decrypts with the old material (KeyMaterialId = old id), and new Encrypts use the new one', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const oldId = await currentMaterialId(kms, keyId);
    const oldBlob = (await kms.encrypt({ KeyId: keyId, Plaintext: utf8('old'), EncryptionContext: { v: '1' } })).CiphertextBlob;
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const newId = await currentMaterialId(kms, keyId);
    const newBlob = (await kms.encrypt({ KeyId: keyId, Plaintext: utf8('new'), EncryptionContext: { v: '1' } })).CiphertextBlob;
    const oldOut = await kms.decrypt({ CiphertextBlob: oldBlob, EncryptionContext: { v: '1' } });
    expect(oldOut.KeyMaterialId).toBe(oldId);
    expect(new TextDecoder().decode(oldOut.Plaintext)).toBe('old');
    expect(decodeBlob(newBlob)?.keyMaterialId).toBe(newId);
    expect((await kms.decrypt({ CiphertextBlob: newBlob, EncryptionContext: { v: '1' } })).KeyMaterialId).toBe(newId);
    expect((await kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' })).KeyMaterialId).toBe(newId);
  });

  it('a key rotates on demand 25 times; the 26th RotateKeyOnDemand fails with LimitExceededException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const blobs: { blob: Uint8Array; material: string }[] = [];
    for (let i = 0; i < 25; i++) {
      blobs.push({ blob: (await kms.encrypt({ KeyId: keyId, Plaintext: utf8(`v${i}`) })).CiphertextBlob, material: await currentMaterialId(kms, keyId) });
      await kms.rotateKeyOnDemand({ KeyId: keyId });
    }
    await rejection(kms.rotateKeyOnDemand({ KeyId: keyId }), 'LimitExceededException');
    expect((await rotations(kms, keyId)).length).toBe(25);
    expect(new Set(blobs.map((b) => b.material)).size).toBe(25);
    for (const [i, { blob, material }] of blobs.entries()) {
      const out = await kms.decrypt({ CiphertextBlob: blob });
      expect({ i, text: new TextDecoder().decode(out.Plaintext), material: out.KeyMaterialId }).toEqual({ i, text: `v${i}`, material });
    }
  });

  it('automatic rotations do not count against the 25 on-demand rotations', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(90 * DAY_MS);
    for (let i = 0; i < 25; i++) await kms.rotateKeyOnDemand({ KeyId: keyId });
    await rejection(kms.rotateKeyOnDemand({ KeyId: keyId }), 'LimitExceededException');
    const types = (await rotations(kms, keyId)).map((r) => r.RotationType);
    expect(types.filter((t) => t === 'AUTOMATIC').length).toBe(1);
    expect(types.filter((t) => t === 'ON_DEMAND').length).toBe(25);
  });

  it('RotateKeyOnDemand while an automatic rotation is due within 20 minutes fails with ConflictException', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(90 * DAY_MS - 21 * MINUTE_MS);
    await kms.rotateKeyOnDemand({ KeyId: keyId }); // 21 minutes before: allowed
    await clock.advance(2 * MINUTE_MS);
    await rejection(kms.rotateKeyOnDemand({ KeyId: keyId }), 'ConflictException'); // 19 minutes before
    await clock.advance(19 * MINUTE_MS - 1);
    await rejection(kms.rotateKeyOnDemand({ KeyId: keyId }), 'ConflictException'); // 1 ms before
    expect((await rotations(kms, keyId)).map((r) => r.RotationType)).toEqual(['ON_DEMAND']);
  });

  it('on-demand rotation does not move NextRotationDate, and the automatic rotation still happens on its date', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const start = clock.now();
    await kms.enableKeyRotation({ KeyId: keyId });
    await clock.advance(10 * DAY_MS);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date(start + 365 * DAY_MS));
    await clock.advance(355 * DAY_MS);
    expect((await rotations(kms, keyId)).map((r) => [r.RotationType, r.RotationDate])).toEqual([
      ['ON_DEMAND', new Date(start + 10 * DAY_MS)],
      ['AUTOMATIC', new Date(start + 365 * DAY_MS)],
    ]);
  });
});

describe('EnableKeyRotation and GetKeyRotationStatus', () => {
  it('a new key has automatic rotation off and no NextRotationDate', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyRotationEnabled: false, KeyId: arn });
  });

  it('EnableKeyRotation without a period rotates every 365 days: NextRotationDate = now + 365 days', async () => {
    const { kms, clock } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await clock.advance(3 * DAY_MS + 1234);
    const now = clock.now();
    await kms.enableKeyRotation({ KeyId: keyId });
    expect(await kms.getKeyRotationStatus({ KeyId: arn })).toEqual({
      KeyRotationEnabled: true,
      KeyId: arn,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(now + 365 * DAY_MS),
    });
  });

  it('RotationPeriodInDays 89 and 2561 fail with ValidationException at rotationPeriodInDays', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await rejection(
      kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 89 }),
      'ValidationException',
      one("Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90"),
    );
    await rejection(
      kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 2561 }),
      'ValidationException',
      one("Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560"),
    );
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).KeyRotationEnabled).toBe(false);
  });

  it('RotationPeriodInDays 90 and 2560 are accepted, with NextRotationDate = now + that many days', async () => {
    const { kms, clock } = await openKms();
    for (const days of [90, 2560]) {
      const { keyId } = await createSymmetricKey(kms);
      await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: days });
      const status = await kms.getKeyRotationStatus({ KeyId: keyId });
      expect({ days, period: status.RotationPeriodInDays, next: status.NextRotationDate }).toEqual({
        days,
        period: days,
        next: new Date(clock.now() + days * DAY_MS),
      });
    }
  });

  it('EnableKeyRotation takes only a key id or key ARN: an alias gives InvalidArnException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.createAlias({ AliasName: 'alias/r', TargetKeyId: keyId });
    await rejection(kms.enableKeyRotation({ KeyId: 'alias/r' }), 'InvalidArnException');
  });

  it('EnableKeyRotation on a disabled key fails with DisabledException', async () => {
    const { kms } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await kms.disableKey({ KeyId: keyId });
    await rejection(kms.enableKeyRotation({ KeyId: keyId }), 'DisabledException', `${arn} is disabled.`);
  });
});

describe('automatic rotation on the clock', () => {
  it('the key rotates exactly at NextRotationDate, driven by a clock timer, not a millisecond before', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const first = await currentMaterialId(kms, keyId);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const due = (await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate!.getTime();
    expect(clock.scheduledAt.at(-1)).toBe(due);
    await clock.advance(due - clock.now() - 1);
    expect(await rotations(kms, keyId)).toEqual([]);
    const timersBefore = clock.scheduledAt.length;
    await clock.advance(1);
    // The timer fired on its own (no KMS call yet): it armed the next rotation, one period later.
    expect(clock.scheduledAt.slice(timersBefore)).toEqual([due + 90 * DAY_MS]);
    const after = await rotations(kms, keyId);
    expect(after.map((r) => [r.RotationType, r.RotationDate, r.KeyMaterialState])).toEqual([['AUTOMATIC', new Date(due), 'CURRENT']]);
    expect(after[0]!.KeyMaterialId).not.toBe(first);
  });

  it('each automatic rotation writes a RotateKey AwsServiceEvent with rotationType AUTOMATIC and the previous and current material ids', async () => {
    const { kms, clock } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    const first = await currentMaterialId(kms, keyId);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const due = clock.now() + 90 * DAY_MS;
    await clock.advance(90 * DAY_MS);
    const current = await currentMaterialId(kms, keyId);
    const events = await trailRecords(kms, 'RotateKey');
    expect(events.length).toBe(1);
    expect(events[0]).toMatchObject({
      eventName: 'RotateKey',
      eventType: 'AwsServiceEvent',
      eventSource: 'kms.amazonaws.com',
      eventTime: new Date(due).toISOString().replace('.000Z', 'Z'),
      userIdentity: { accountId: '111122223333', invokedBy: 'AWS Internal' },
      resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: arn }],
      serviceEventDetails: { rotationType: 'AUTOMATIC', previousKeyMaterialId: first, currentKeyMaterialId: current, keyId: arn },
    });
  });

  it('automatic rotation repeats every period, and NextRotationDate moves one period each time', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const start = clock.now();
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 100 });
    await clock.advance(350 * DAY_MS);
    expect((await rotations(kms, keyId)).map((r) => r.RotationDate)).toEqual([
      new Date(start + 100 * DAY_MS),
      new Date(start + 200 * DAY_MS),
      new Date(start + 300 * DAY_MS),
    ]);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date(start + 400 * DAY_MS));
    const events = await trailRecords(kms, 'RotateKey');
    expect(events.map((e) => e['eventTime'])).toEqual([100, 200, 300].map((d) => new Date(start + d * DAY_MS).toISOString().replace('.000Z', 'Z')));
    // Each event links to the one before it.
    const details = events.map((e) => e['serviceEventDetails'] as Record<string, string>);
    expect(details[1]!['previousKeyMaterialId']).toBe(details[0]!['currentKeyMaterialId']);
    expect(details[2]!['previousKeyMaterialId']).toBe(details[1]!['currentKeyMaterialId']);
  });

  it('a blob from every automatically rotated material still decrypts with its own KeyMaterialId', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const made: { blob: Uint8Array; material: string }[] = [];
    for (let i = 0; i < 4; i++) {
      made.push({ blob: (await kms.encrypt({ KeyId: keyId, Plaintext: utf8(`m${i}`) })).CiphertextBlob, material: await currentMaterialId(kms, keyId) });
      await clock.advance(90 * DAY_MS);
    }
    expect(new Set(made.map((m) => m.material)).size).toBe(4);
    for (const { blob, material } of made) expect((await kms.decrypt({ CiphertextBlob: blob })).KeyMaterialId).toBe(material);
  });

  it('a disabled key is not rotated while it is disabled', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(10 * DAY_MS);
    await kms.disableKey({ KeyId: keyId });
    await clock.advance(400 * DAY_MS);
    expect(await rotations(kms, keyId)).toEqual([]);
    expect(await trailRecords(kms, 'RotateKey')).toEqual([]);
  });

  it('a key re-enabled before its rotation came due keeps its original schedule', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const start = clock.now();
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(10 * DAY_MS);
    await kms.disableKey({ KeyId: keyId });
    await clock.advance(40 * DAY_MS);
    await kms.enableKey({ KeyId: keyId });
    expect(await rotations(kms, keyId)).toEqual([]);
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date(start + 90 * DAY_MS));
    await clock.advance(40 * DAY_MS);
    expect((await rotations(kms, keyId)).map((r) => r.RotationDate)).toEqual([new Date(start + 90 * DAY_MS)]);
  });

  it('a key re-enabled after its rotation came due while disabled rotates at once, dated when it is re-enabled', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const start = clock.now();
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(10 * DAY_MS);
    await kms.disableKey({ KeyId: keyId });
    await clock.advance(90 * DAY_MS); // due at day 90, the key is disabled until day 100
    const reenabled = clock.now();
    expect(reenabled).toBe(start + 100 * DAY_MS);
    await kms.enableKey({ KeyId: keyId });
    const list = await rotations(kms, keyId);
    expect(list.map((r) => [r.RotationType, r.RotationDate])).toEqual([['AUTOMATIC', new Date(reenabled)]]);
    const events = await trailRecords(kms, 'RotateKey');
    expect(events.map((e) => e['eventTime'])).toEqual([new Date(reenabled).toISOString().replace('.000Z', 'Z')]);
  });

  it('a key disabled for several periods rotates only once when re-enabled', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(DAY_MS);
    await kms.disableKey({ KeyId: keyId });
    await clock.advance(400 * DAY_MS); // four due dates pass while disabled
    await kms.enableKey({ KeyId: keyId });
    expect((await rotations(kms, keyId)).length).toBe(1);
    expect((await trailRecords(kms, 'RotateKey')).length).toBe(1);
  });

  it('after the catch-up rotation on re-enable, the next rotation is one full period after re-enabling', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(DAY_MS);
    await kms.disableKey({ KeyId: keyId });
    await clock.advance(119 * DAY_MS); // due at day 90, re-enabled at day 120
    const reenabled = clock.now();
    await kms.enableKey({ KeyId: keyId });
    expect((await kms.getKeyRotationStatus({ KeyId: keyId })).NextRotationDate).toEqual(new Date(reenabled + 90 * DAY_MS));
  });

  it('DisableKeyRotation stops automatic rotation, and every previous material still decrypts', async () => {
    const { kms, clock } = await openKms();
    const { keyId, arn } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    const b1 = (await kms.encrypt({ KeyId: keyId, Plaintext: utf8('one') })).CiphertextBlob;
    const m1 = await currentMaterialId(kms, keyId);
    await clock.advance(90 * DAY_MS);
    const b2 = (await kms.encrypt({ KeyId: keyId, Plaintext: utf8('two') })).CiphertextBlob;
    const m2 = await currentMaterialId(kms, keyId);
    await kms.disableKeyRotation({ KeyId: keyId });
    expect(await kms.getKeyRotationStatus({ KeyId: keyId })).toEqual({ KeyRotationEnabled: false, KeyId: arn });
    await clock.advance(1000 * DAY_MS);
    expect((await rotations(kms, keyId)).length).toBe(1);
    expect(await currentMaterialId(kms, keyId)).toBe(m2);
    expect((await kms.decrypt({ CiphertextBlob: b1 })).KeyMaterialId).toBe(m1);
    expect((await kms.decrypt({ CiphertextBlob: b2 })).KeyMaterialId).toBe(m2);
  });

  it('EnableKeyRotation after DisableKeyRotation schedules the next rotation one period from the new call', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await kms.disableKeyRotation({ KeyId: keyId });
    await clock.advance(200 * DAY_MS);
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 120 });
    const status = await kms.getKeyRotationStatus({ KeyId: keyId });
    expect([status.RotationPeriodInDays, status.NextRotationDate]).toEqual([120, new Date(clock.now() + 120 * DAY_MS)]);
    expect(await rotations(kms, keyId)).toEqual([]);
  });
});

describe('ListKeyRotations', () => {
  it('ROTATIONS_ONLY (the default) lists the rotations; ALL_KEY_MATERIAL adds the first material without RotationDate or RotationType', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    const first = await currentMaterialId(kms, keyId);
    expect(await rotations(kms, keyId)).toEqual([]);
    expect((await allMaterial(kms, keyId)).map((r) => r.KeyMaterialId)).toEqual([first]);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const only = await kms.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: 'ROTATIONS_ONLY' });
    expect(only.Rotations).toEqual(await rotations(kms, keyId));
    expect(only.Rotations.map((r) => r.KeyMaterialId)).not.toContain(first);
    const all = await allMaterial(kms, keyId);
    expect(all.length).toBe(2);
    const firstEntry = all.find((r) => r.KeyMaterialId === first)!;
    expect('RotationDate' in firstEntry || 'RotationType' in firstEntry).toBe(false);
  });

  it('only the newest material is CURRENT, every other is NON_CURRENT, and each rotation has its RotationType', async () => {
    const { kms, clock } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    await clock.advance(90 * DAY_MS);
    await kms.rotateKeyOnDemand({ KeyId: keyId });
    const current = await currentMaterialId(kms, keyId);
    const all = await allMaterial(kms, keyId);
    expect(all.map((r) => [r.KeyMaterialState, r.RotationType ?? null])).toEqual([
      ['NON_CURRENT', null],
      ['NON_CURRENT', 'ON_DEMAND'],
      ['NON_CURRENT', 'AUTOMATIC'],
      ['CURRENT', 'ON_DEMAND'],
    ]);
    expect(all.filter((r) => r.KeyMaterialState === 'CURRENT').map((r) => r.KeyMaterialId)).toEqual([current]);
  });

  it('ListKeyRotations pages with Limit and NextMarker, and the pages together are the whole list', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    for (let i = 0; i < 5; i++) await kms.rotateKeyOnDemand({ KeyId: keyId });
    const whole = await allMaterial(kms, keyId);
    expect(whole.length).toBe(6);
    const pages: number[] = [];
    const collected: typeof whole = [];
    let marker: string | undefined;
    do {
      const page = await kms.listKeyRotations({
        KeyId: keyId,
        IncludeKeyMaterial: 'ALL_KEY_MATERIAL',
        Limit: 4,
        ...(marker === undefined ? {} : { Marker: marker }),
      });
      pages.push(page.Rotations.length);
      collected.push(...page.Rotations);
      expect(page.Truncated).toBe(page.NextMarker !== undefined);
      marker = page.NextMarker;
    } while (marker !== undefined);
    expect(pages).toEqual([4, 2]);
    expect(collected).toEqual(whole);
  });

  it('ListKeyRotations refuses a marker it did not issue with InvalidMarkerException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createSymmetricKey(kms);
    await rejection(kms.listKeyRotations({ KeyId: keyId, Marker: 'not-a-marker' }), 'InvalidMarkerException');
  });
});

describe('HMAC keys', () => {
  it('HMAC keys refuse every rotation operation with UnsupportedOperationException', async () => {
    const { kms } = await openKms();
    const { keyId } = await createHmacKey(kms);
    const calls: [string, Promise<unknown>][] = [
      ['EnableKeyRotation', kms.enableKeyRotation({ KeyId: keyId })],
      ['DisableKeyRotation', kms.disableKeyRotation({ KeyId: keyId })],
      ['GetKeyRotationStatus', kms.getKeyRotationStatus({ KeyId: keyId })],
      ['RotateKeyOnDemand', kms.rotateKeyOnDemand({ KeyId: keyId })],
      ['ListKeyRotations', kms.listKeyRotations({ KeyId: keyId })],
    ];
    for (const [op, call] of calls) {
      const e = await rejection(call, 'UnsupportedOperationException');
      expect({ op, name: e.name }).toEqual({ op, name: 'UnsupportedOperationException' });
    }
  });

  it('RotateKeyOnDemand on an HMAC key answers UnsupportedOperationException with no message, as AWS does (kms.md §3)', async () => {
    const { kms } = await openKms();
    const { keyId } = await createHmacKey(kms);
    await rejection(kms.rotateKeyOnDemand({ KeyId: keyId }), 'UnsupportedOperationException', '');
  });
});
