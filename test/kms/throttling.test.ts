/**
 * @module test/kms/throttling
 * The request-rate quota of the local KMS (`LocalKms.open({ requestsPerSecond })`; docs kms.md
 * §7 exception catalogue: ThrottlingException and its message), on a manual clock.
 */
import { describe, expect, it } from 'vitest';
import {
  ROLE,
  THROTTLED_MESSAGE,
  closeKmsAfterEach,
  expectError,
  newKey,
  openKms,
  utf8,
} from './_access-helpers.js';

closeKmsAfterEach();

describe('request-rate quota', () => {
  it("the call past requestsPerSecond in one instant gets ThrottlingException with AWS's message", async () => {
    const { kms } = await openKms({ requestsPerSecond: 5 });
    const key = await newKey(kms);
    for (let i = 0; i < 4; i++) await kms.describeKey({ KeyId: key.KeyId });
    const error = await expectError(kms.describeKey({ KeyId: key.KeyId }), 'ThrottlingException', THROTTLED_MESSAGE);
    expect((error as Error & { $retryable?: { throttling?: boolean } }).$retryable).toEqual({ throttling: true });
    // The quota counts every principal and operation together.
    await expectError(kms.as(ROLE).encrypt({ KeyId: key.KeyId, Plaintext: utf8('x') }), 'ThrottlingException', THROTTLED_MESSAGE);
    await expectError(kms.listKeys(), 'ThrottlingException', THROTTLED_MESSAGE);
  });

  it('a throttled call changes nothing', async () => {
    const { kms, clock } = await openKms({ requestsPerSecond: 5 });
    const key = await newKey(kms);
    for (let i = 0; i < 4; i++) await kms.describeKey({ KeyId: key.KeyId });
    await expectError(kms.createGrant({ KeyId: key.KeyId, GranteePrincipal: ROLE, Operations: ['Decrypt'] }), 'ThrottlingException');
    await expectError(kms.disableKey({ KeyId: key.KeyId }), 'ThrottlingException');
    await clock.advance(1000);
    expect((await kms.listGrants({ KeyId: key.KeyId })).Grants).toEqual([]);
    expect((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('after clock.advance(1000) calls pass again', async () => {
    const { kms, clock } = await openKms({ requestsPerSecond: 5 });
    const key = await newKey(kms);
    for (let i = 0; i < 4; i++) await kms.describeKey({ KeyId: key.KeyId });
    await expectError(kms.describeKey({ KeyId: key.KeyId }), 'ThrottlingException');
    await clock.advance(1000);
    for (let i = 0; i < 5; i++) await kms.describeKey({ KeyId: key.KeyId });
    await expectError(kms.describeKey({ KeyId: key.KeyId }), 'ThrottlingException');
  });

  it('there is no quota by default: 1,000 calls in one instant pass', async () => {
    const { kms } = await openKms();
    const key = await newKey(kms);
    for (let i = 0; i < 1000; i++) await kms.describeKey({ KeyId: key.KeyId });
    expect((await kms.listKeys()).Keys).toHaveLength(1);
  });
});
