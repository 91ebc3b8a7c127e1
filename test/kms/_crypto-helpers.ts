/**
 * @module test/kms/_crypto-helpers
 * Small fixture of the KMS crypto, encryption-context, rotation and blob tests: an in-memory
 * LocalKms on a {@link RecordingClock} (a ManualClock that remembers when timers were asked
 * for), closed after each test; byte helpers; and `rejection()`, which awaits a call that must
 * fail and returns its error after checking the AWS-shaped contract (`name`, `$fault`).
 */
import { expect } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { StoreServiceException } from '../../src/common/errors.js';
import { LocalKms, type LocalKmsOptions } from '../../src/kms/index.js';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;
export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/** A ManualClock that records the due time of every `scheduleAt` call, in call order. */
export class RecordingClock extends ManualClock {
  readonly scheduledAt: number[] = [];

  override scheduleAt(atMs: number, fn: () => unknown): ReturnType<ManualClock['scheduleAt']> {
    this.scheduledAt.push(atMs);
    return super.scheduleAt(atMs, fn);
  }
}

const opened: LocalKms[] = [];

/** An in-memory LocalKms on a fresh RecordingClock (2026-01-01T00:00:00Z), closed by {@link closeOpenedKms}. */
export async function openKms(options: Omit<LocalKmsOptions, 'clock' | 'path'> = {}): Promise<{ kms: LocalKms; clock: RecordingClock }> {
  const clock = new RecordingClock();
  const kms = await LocalKms.open({ ...options, clock });
  opened.push(kms);
  return { kms, clock };
}

/** Closes every KMS opened by {@link openKms}; register with `afterEach`. */
export async function closeOpenedKms(): Promise<void> {
  const all = opened.splice(0);
  await Promise.all(all.map((k) => k.close()));
}

/** Creates a symmetric key and returns its id and ARN. */
export async function createSymmetricKey(kms: LocalKms, description = 'test'): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.createKey({ Description: description });
  return { keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn };
}

/** Creates an HMAC_256 key and returns its id and ARN. */
export async function createHmacKey(kms: LocalKms): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await kms.createKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  return { keyId: KeyMetadata.KeyId, arn: KeyMetadata.Arn };
}

/** `n` bytes, each `fill` (default 0x41). */
export function bytes(n: number, fill = 0x41): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** A copy of `blob` with byte `at` XORed with `mask` (non-zero). */
export function flipByte(blob: Uint8Array, at: number, mask = 0xff): Uint8Array {
  const copy = blob.slice();
  copy[at] = copy[at]! ^ mask;
  return copy;
}

/**
 * Awaits a call that must fail; checks it failed with a StoreServiceException named `name`
 * (and, when given, with exactly `message`), and returns the error.
 */
export async function rejection(call: Promise<unknown>, name: string, message?: string): Promise<StoreServiceException> {
  let error: unknown;
  let succeeded = false;
  let value: unknown;
  try {
    value = await call;
    succeeded = true;
  } catch (e) {
    error = e;
  }
  if (succeeded) expect.fail(`expected ${name}, but the call succeeded with ${JSON.stringify(Object.keys(value ?? {}))}`);
  expect(error).toBeInstanceOf(StoreServiceException);
  const e = error as StoreServiceException;
  expect({ name: e.name, message: message === undefined ? '(any)' : e.message }).toEqual({ name, message: message ?? '(any)' });
  return e;
}

/** The parsed CloudTrail records of the trail named `eventName`, oldest first. */
export async function trailRecords(kms: LocalKms, eventName: string): Promise<Record<string, unknown>[]> {
  const { Events } = await kms.lookupEvents({ EventName: eventName });
  return Events.map((e) => JSON.parse(e.CloudTrailEvent) as Record<string, unknown>).reverse();
}
