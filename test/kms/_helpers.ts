/**
 * Shared fixtures of the LocalKms behaviour tests (keys, key states, aliases, tags and policy,
 * AWS-managed and AWS-owned keys): a KMS in memory on a manual clock, and an assertion that a
 * call fails with a given AWS exception name (STYLE.md §12: match on `name`; the message is
 * checked only where AWS's exact text is the point).
 */
import { expect } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { StoreServiceException } from '../../src/common/errors.js';
import { LocalKms, type LocalKmsOptions } from '../../src/kms/index.js';

/** Account and region of every KMS these tests open. */
export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
/** The account root, the principal a LocalKms calls as by default. */
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
/** The manual clock's start: 2026-01-01T00:00:00Z. */
export const START = Date.parse('2026-01-01T00:00:00Z');
export const DAY_MS = 86_400_000;

/** `arn:aws:kms:us-east-1:111122223333:key/<id>` */
export const keyArnOf = (keyId: string): string => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
/** `arn:aws:kms:us-east-1:111122223333:alias/<name>` (name without `alias/`). */
export const aliasArnOf = (name: string): string => `arn:aws:kms:${REGION}:${ACCOUNT}:alias/${name}`;

/** A fresh in-memory KMS and the manual clock it reads. */
export interface KmsFixture {
  kms: LocalKms;
  clock: ManualClock;
}

/**
 * Opens an in-memory LocalKms on `new ManualClock(Date.parse('2026-01-01T00:00:00Z'))`.
 * @param options - extra LocalKms options (a `path` for a persisted KMS, a lower grant limit…)
 */
export async function openKms(options: Omit<LocalKmsOptions, 'clock'> = {}): Promise<KmsFixture> {
  const clock = new ManualClock(START);
  const kms = await LocalKms.open({ ...options, clock });
  return { kms, clock };
}

/**
 * Awaits `promise`, asserts that it rejects with a StoreServiceException whose `name` is `name`
 * and, when given, whose message contains `messagePart`; returns the error.
 */
export async function expectError(promise: Promise<unknown>, name: string, messagePart?: string): Promise<StoreServiceException> {
  let caught: unknown;
  let resolved = false;
  try {
    await promise;
    resolved = true;
  } catch (error) {
    caught = error;
  }
  expect(resolved, `expected ${name}, but the call succeeded`).toBe(false);
  expect(caught, `expected ${name}, got ${String(caught)}`).toBeInstanceOf(StoreServiceException);
  const error = caught as StoreServiceException;
  expect(error.name).toBe(name);
  if (messagePart !== undefined) expect(error.message).toContain(messagePart);
  return error;
}

/** As {@link expectError}, but the message must be exactly `message` (AWS's text is the point). */
export async function expectExactError(promise: Promise<unknown>, name: string, message: string): Promise<StoreServiceException> {
  const error = await expectError(promise, name);
  expect(error.message).toBe(message);
  return error;
}

/** 32 bytes of plaintext. */
export const PLAINTEXT = new Uint8Array(32).fill(7);
