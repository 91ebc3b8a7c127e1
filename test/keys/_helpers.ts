/**
 * @module test/keys/_helpers
 * Fixtures of the key-hierarchy tests: the real LocalKms in memory on a manual clock, a
 * TableKeyService over it, tables, audit-trail counting (CloudTrail-shaped LookupEvents, paged),
 * a call counter for the AWS-owned key (whose calls KMS does not audit), and error capture by
 * `name` (STYLE.md §12).
 */
import { afterEach, expect } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { LocalKms } from '../../src/kms/index.js';
import type { KeyMetadata, CreateKeyRequest } from '../../src/kms/index.js';
import { TableKeyService, type TableIdentity, type TableKeyKms, type TableKeyServiceOptions } from '../../src/keys/index.js';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const SERVICE = 'cassandra.amazonaws.com';
export const VIA_SERVICE = `cassandra.${REGION}.amazonaws.com`;
export const MINUTE = 60_000;
export const IDLE = 5 * MINUTE;
export const START = Date.parse('2026-01-01T00:00:00Z');

/** A table of the tests. */
export const ORDERS: TableIdentity = { keyspace: 'shop', table: 'orders', tableId: '6f1c2a34-0d5e-4b7a-9c1d-2e3f4a5b6c7d' };
export const USERS: TableIdentity = { keyspace: 'shop', table: 'users', tableId: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' };

const opened: { kms: LocalKms; service: TableKeyService }[] = [];

/** Closes every service and KMS opened by {@link setup} after each test of the calling file. */
export function closeAfterEach(): void {
  afterEach(async () => {
    for (const { kms, service } of opened.splice(0)) {
      service.close();
      await kms.close();
    }
  });
}

/** A fixture: clock, KMS (as the account root), table-key service, and a customer-managed key. */
export interface Fixture {
  clock: ManualClock;
  kms: LocalKms;
  keys: TableKeyService;
  cmk: KeyMetadata;
}

/** Opens LocalKms on a manual clock, a TableKeyService over it, and creates one customer-managed key. */
export async function setup(options: Partial<Omit<TableKeyServiceOptions, 'clock'>> & { cmk?: CreateKeyRequest } = {}): Promise<Fixture> {
  const clock = new ManualClock(START);
  const kms = await LocalKms.open({ clock });
  const { cmk: cmkInput, ...serviceOptions } = options;
  const keys = new TableKeyService({ kms, clock, ...serviceOptions });
  opened.push({ kms, service: keys });
  const cmk = (await kms.createKey({ Description: 'tables', ...cmkInput })).KeyMetadata;
  return { clock, kms, keys, cmk };
}

/** One parsed CloudTrail record. */
export interface TrailEvent {
  eventName: string;
  userIdentity: { type?: string; invokedBy?: string; arn?: string };
  requestParameters: Record<string, unknown> | null;
  errorCode?: string;
  sourceIPAddress?: string;
  resources?: { ARN: string }[];
}

/** Every audit record (all pages), oldest first, optionally of one event name. */
export async function trail(kms: LocalKms, eventName?: string): Promise<TrailEvent[]> {
  const out: TrailEvent[] = [];
  let token: string | undefined;
  do {
    const page = await kms.lookupEvents({ ...(eventName === undefined ? {} : { EventName: eventName }), ...(token === undefined ? {} : { NextToken: token }) });
    for (const e of page.Events) out.push(JSON.parse(e.CloudTrailEvent) as TrailEvent);
    token = page.NextToken;
  } while (token !== undefined);
  return out.reverse();
}

/** True when the record was made by the service principal. */
export const byService = (e: TrailEvent): boolean => e.userIdentity.type === 'AWSService' && e.userIdentity.invokedBy === SERVICE;

/** How many real Decrypt calls the service made (audited: customer-managed keys only; DryRun checks, audited with "dryRun": true, excluded). */
export async function serviceDecrypts(kms: LocalKms): Promise<number> {
  return (await trail(kms, 'Decrypt')).filter((e) => byService(e) && e.requestParameters?.['dryRun'] !== true).length;
}

/**
 * A KMS that counts the calls made through every `as()` view (the AWS-owned key is not audited,
 * so its Decrypt calls are counted here). Delegates everything to the real LocalKms.
 */
export function countingKms(kms: LocalKms): { kms: TableKeyKms; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const wrap = (target: TableKeyKms, principal: string | undefined): TableKeyKms =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'as') return (p: string, o?: { viaService?: string }) => wrap(t.as(p, o), p);
        return (...args: unknown[]) => {
          const name = `${principal ?? 'caller'}:${String(prop)}`;
          calls.set(name, (calls.get(name) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  return { kms: wrap(kms, undefined), calls };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error('expected a rejection, but the call succeeded');
}

/** Asserts the promise rejects with an error of this `name`. */
export async function expectError(promise: Promise<unknown>, name: string): Promise<Error> {
  const error = await caught(promise);
  expect(error.name, error.message).toBe(name);
  return error;
}

/** UTF-8 bytes. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
