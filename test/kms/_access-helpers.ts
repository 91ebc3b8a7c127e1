/**
 * @module test/kms/_access-helpers
 * Shared fixtures of the access, grant, dry-run, audit, persistence, throttling and wrong-input
 * tests of the local KMS: principals, a manual clock, error capture, audit-trail reading and a
 * snapshot of the observable KMS state (keys, aliases, grants).
 */
import { afterEach, expect } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { LocalKms, type LocalKmsOptions } from '../../src/kms/local-kms.js';
import type { AuditRecord } from '../../src/kms/_records.js';
import type { CreateKeyRequest, KeyMetadata, LookupEventsRequest } from '../../src/kms/types.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
/** A role of the account, with no identity policy unless a test gives it one. */
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/Reader`;
/** A second role of the account. */
export const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/Writer`;
/** A third role of the account. */
export const THIRD_ROLE = `arn:aws:iam::${ACCOUNT}:role/Auditor`;
/** A role of another account. */
export const FOREIGN_ROLE = 'arn:aws:iam::444455556666:role/Intruder';
export const FOREIGN_ROOT = 'arn:aws:iam::444455556666:root';
/** A service principal. */
export const SERVICE = 'cassandra.amazonaws.com';
/** A well-formed key id that names no key. */
export const UNKNOWN_KEY_ID = '00000000-0000-4000-8000-000000000000';
export const DRY_RUN_MESSAGE = 'The request would have succeeded, but the DryRun option is set.';
export const THROTTLED_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

const opened: LocalKms[] = [];

/** Closes every KMS opened through {@link openKms} after each test of the calling file. */
export function closeKmsAfterEach(): void {
  afterEach(async () => {
    for (const kms of opened.splice(0)) await kms.close();
  });
}

/**
 * Opens a KMS on a manual clock (in memory unless `path` is given) and tracks it for
 * {@link closeKmsAfterEach}.
 */
export async function openKms(options: LocalKmsOptions = {}): Promise<{ kms: LocalKms; clock: ManualClock }> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock();
  const kms = await LocalKms.open({ ...options, clock });
  opened.push(kms);
  return { kms, clock };
}

/** Stops tracking a KMS the test closes itself. */
export function untrack(kms: LocalKms): void {
  const at = opened.indexOf(kms);
  if (at !== -1) opened.splice(at, 1);
}

/** Creates a key as the caller and returns its metadata. */
export async function newKey(kms: LocalKms, input: CreateKeyRequest = {}): Promise<KeyMetadata> {
  return (await kms.createKey(input)).KeyMetadata;
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function caught(promise: Promise<unknown>): Promise<Error> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))}`);
}

/** Asserts the promise rejects with an error of this `name` (and this exact message, if given). */
export async function expectError(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error> {
  const error = await caught(promise);
  expect({ name: error.name, message: error.message }).toMatchObject({ name });
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message instanceof RegExp) expect(error.message).toMatch(message);
  return error;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `n` distinct, recognisable bytes (no run a JSON or base64 encoder could produce by chance). */
export function distinctBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** The trail's records (newest first), parsed from `CloudTrailEvent`, every page. */
export async function auditRecords(kms: LocalKms, request: LookupEventsRequest = {}): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let NextToken: string | undefined;
  do {
    const page = await kms.lookupEvents({ ...request, ...(NextToken === undefined ? {} : { NextToken }) });
    for (const e of page.Events) out.push(JSON.parse(e.CloudTrailEvent) as AuditRecord);
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return out;
}

/** The newest record of an event name. */
export async function lastRecord(kms: LocalKms, eventName: string): Promise<AuditRecord> {
  const [record] = await auditRecords(kms, { EventName: eventName, MaxResults: 1 });
  if (!record) throw new Error(`no ${eventName} event in the trail`);
  return record;
}

/** An IAM identity policy allowing these actions on every resource. */
export function allowPolicy(...actions: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
}

/** The statement that keeps the account root in control of a key (lockout check). */
export const ROOT_STATEMENT = {
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: ROOT },
  Action: 'kms:*',
  Resource: '*',
} as const;

/** A key policy: the root statement plus the given ones. */
export function keyPolicy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [ROOT_STATEMENT, ...statements] });
}

/**
 * The observable state, read as root: every key's metadata, aliases, grants and tags, and the
 * key list. Reading it adds events to the audit trail; use it to compare state, not trails.
 */
export async function stateSnapshot(kms: LocalKms): Promise<unknown> {
  const keys = (await kms.listKeys({ Limit: 1000 })).Keys;
  const perKey = [];
  for (const k of keys) {
    const meta = (await kms.describeKey({ KeyId: k.KeyId })).KeyMetadata;
    const grants = (await kms.listGrants({ KeyId: k.KeyId, Limit: 100 })).Grants;
    const tags = (await kms.listResourceTags({ KeyId: k.KeyId })).Tags;
    const policy = (await kms.getKeyPolicy({ KeyId: k.KeyId })).Policy;
    perKey.push({ meta, grants, tags, policy });
  }
  const aliases = (await kms.listAliases({ Limit: 100 })).Aliases;
  return { keys, perKey, aliases };
}
