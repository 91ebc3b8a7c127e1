/**
 * @module test/seeds/_helpers
 * Fixtures of the seed-traceability tests (docs/seed-coverage.md). They reach the KMS through the
 * package root only (`src/index.js`), as a user of sealtable would: a LocalKms in memory on a
 * manual clock, error capture by AWS exception `name`, and the audit trail read back through
 * `lookupEvents` as parsed CloudTrail records.
 */
import { afterEach, expect } from 'vitest';
import { LocalKms, ManualClock, StoreServiceException, type KeyMetadata, type LocalKmsOptions, type LookupEventsRequest } from '../../src/index.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
/** The manual clock's start: 2026-01-01T00:00:00Z. */
export const START = Date.parse('2026-01-01T00:00:00Z');
export const DAY_MS = 86_400_000;
export const DRY_RUN_MESSAGE = 'The request would have succeeded, but the DryRun option is set.';

/** `arn:aws:iam::111122223333:role/<name>` */
export const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const opened: LocalKms[] = [];

/** Closes every KMS opened through {@link openKms} after each test of the calling file. */
export function closeKmsAfterEach(): void {
  afterEach(async () => {
    for (const kms of opened.splice(0)) await kms.close();
  });
}

/** Opens an in-memory LocalKms on `new ManualClock(START)`, closed after the test. */
export async function openKms(options: Omit<LocalKmsOptions, 'clock'> = {}): Promise<{ kms: LocalKms; clock: ManualClock }> {
  const clock = new ManualClock(START);
  const kms = await LocalKms.open({ ...options, clock });
  opened.push(kms);
  return { kms, clock };
}

/** Creates a key as the caller and returns its metadata. */
export async function newKey(kms: LocalKms, input: Parameters<LocalKms['createKey']>[0] = {}): Promise<KeyMetadata> {
  return (await kms.createKey(input)).KeyMetadata;
}

/**
 * Asserts that `promise` rejects with a {@link StoreServiceException} named `name` (and whose
 * message contains `messagePart`, when given); returns the error.
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

/** A CloudTrail record as `lookupEvents` returns it in `CloudTrailEvent`. */
export interface TrailRecord {
  eventVersion: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  eventType: string;
  sourceIPAddress: string;
  userAgent: string;
  userIdentity: Record<string, unknown>;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  readOnly: boolean;
  resources: { accountId: string; type: string; ARN: string }[];
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: string;
}

/** Every record matching `filter`, oldest first (pages through lookupEvents). */
export async function trail(kms: LocalKms, filter: Omit<LookupEventsRequest, 'NextToken' | 'MaxResults'> = {}): Promise<TrailRecord[]> {
  const out: TrailRecord[] = [];
  let NextToken: string | undefined;
  do {
    const page = await kms.lookupEvents({ ...filter, MaxResults: 50, ...(NextToken === undefined ? {} : { NextToken }) });
    for (const e of page.Events) out.push(JSON.parse(e.CloudTrailEvent) as TrailRecord);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return out.reverse();
}

/** The newest record named `eventName`; fails the test when there is none. */
export async function lastRecord(kms: LocalKms, eventName: string): Promise<TrailRecord> {
  const records = await trail(kms, { EventName: eventName });
  const last = records.at(-1);
  expect(last, `no ${eventName} record`).toBeDefined();
  return last!;
}

/** An identity policy (the IAM stand-in) allowing `actions` on every resource. */
export function allowPolicy(...actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
}

/** The key's current policy with `statements` appended. */
export async function policyWith(kms: LocalKms, keyId: string, ...statements: object[]): Promise<string> {
  const policy = JSON.parse((await kms.getKeyPolicy({ KeyId: keyId })).Policy) as { Statement: object[] };
  policy.Statement.push(...statements);
  return JSON.stringify(policy);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
