/**
 * @module test/lifecycle/_lifecycle
 * Fixtures of the lifecycle tests (issue 5: a table's key over time): a store in a fresh
 * directory on a manual clock with an in-memory LocalKms (options for both: the grant quota,
 * the monitor's interval, a notification sink), closing and reopening it on the same directory,
 * every notification it emitted (across reopens), customer-managed keys and tables on them,
 * key policies that shut the store's service principal out, and the KMS audit trail split into
 * real and DryRun Decrypts of the service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { LocalKms, ManualClock, Store } from '../../src/index.js';
import type { KeyMetadata, StoreOptions, TableRecord } from '../../src/index.js';
import type { Notification } from '../../src/lifecycle/notifications.js';

export { START, SECOND, MINUTE, DAY, KS, expectError, caught } from '../table/_store-helpers.js';
import { DAY, KS, MINUTE, START } from '../table/_store-helpers.js';

/** The store's service principal (grantee and retiring principal of its grants). */
export const SERVICE = 'cassandra.amazonaws.com';
export const ROOT = 'arn:aws:iam::111122223333:root';
/** The monitor's default interval, the grace before backup and deletion, the backup retention, the backup grant's life after deletion. */
export const CHECK = 5 * MINUTE;
export const GRACE = 7 * DAY;
export const RETENTION = 35 * DAY;
export const GRANT_LIFE = 42 * DAY;
export const INACCESSIBLE = 'INACCESSIBLE_ENCRYPTION_CREDENTIALS';

/** A store on a manual clock and an in-memory KMS, with what it emitted. */
export interface LifecycleFixture {
  readonly clock: ManualClock;
  readonly kms: LocalKms;
  readonly dir: string;
  /** The current store (a new object after {@link LifecycleFixture.reopen} / {@link LifecycleFixture.open}). */
  readonly store: Store;
  /** Every 'notification' event of every store opened by the fixture, in order. */
  readonly events: Notification[];
  /** Errors emitted by the stores ('error' events of background work). */
  readonly errors: unknown[];
  /** Closes the current store (its timers stop; the clock and KMS go on). */
  close(): Promise<void>;
  /** Opens a new store on the same directory, KMS, clock and options (after {@link LifecycleFixture.close}). */
  open(): Promise<Store>;
  /** close() then open(). */
  reopen(): Promise<Store>;
}

const opened: { dir: string; close: () => Promise<void> }[] = [];

/** Closes every store and KMS and removes every directory after each test of the calling file. */
export function cleanUpAfterEach(): void {
  afterEach(async () => {
    for (const f of opened.splice(0)) {
      try {
        await f.close();
      } finally {
        fs.rmSync(f.dir, { recursive: true, force: true });
      }
    }
  });
}

/** Opens a store in a new temporary directory, with keyspace {@link KS}. */
export async function openLifecycle(options: { grantsPerKey?: number; store?: Partial<Omit<StoreOptions, 'path' | 'kms' | 'clock'>> } = {}): Promise<LifecycleFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sealtable-lifecycle-'));
  const clock = new ManualClock(START);
  const kms = await LocalKms.open({ clock, ...(options.grantsPerKey === undefined ? {} : { grantsPerKey: options.grantsPerKey }) });
  const events: Notification[] = [];
  const errors: unknown[] = [];
  let store: Store | undefined;
  const openOne = async (): Promise<Store> => {
    const s = await Store.open({ path: dir, kms, clock, ...options.store });
    s.on('notification', (n: Notification) => events.push(n));
    s.on('error', (e: unknown) => errors.push(e));
    store = s;
    return s;
  };
  await openOne();
  opened.push({
    dir,
    close: async () => {
      await store?.close();
      await kms.close();
    },
  });
  const f: LifecycleFixture = {
    clock,
    kms,
    dir,
    events,
    errors,
    get store() {
      if (!store) throw new Error('the store is closed');
      return store;
    },
    async close() {
      await store?.close();
      store = undefined;
    },
    open: openOne,
    async reopen() {
      await f.close();
      return openOne();
    },
  };
  await f.store.createKeyspace(KS);
  return f;
}

/** A new customer-managed key (default policy: the account root may do everything). */
export async function createCmk(f: LifecycleFixture, policy?: object): Promise<KeyMetadata> {
  return (await f.kms.createKey({ Description: 'table key', ...(policy ? { Policy: JSON.stringify(policy) } : {}) })).KeyMetadata;
}

/** A key policy under which the account root may do everything and the store's principals (the service and its backup jobs) nothing. */
export const DENY_SERVICE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'root', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
    { Sid: 'not the store', Effect: 'Deny', Principal: { Service: [SERVICE, `backup.${SERVICE}`] }, Action: 'kms:*', Resource: '*' },
  ],
};

/** Adds a statement denying the store's service principal every KMS action to a key's policy. */
export async function denyService(f: LifecycleFixture, key: KeyMetadata): Promise<void> {
  const policy = JSON.parse((await f.kms.getKeyPolicy({ KeyId: key.KeyId })).Policy) as { Statement: unknown[] };
  policy.Statement.push(DENY_SERVICE_POLICY.Statement[1]);
  await f.kms.putKeyPolicy({ KeyId: key.KeyId, Policy: JSON.stringify(policy) });
}

/** The CQL custom_properties of a customer-managed key. */
export const CMK = (arn: string): string => `{'encryption_specification': {'encryption_type': 'CUSTOMER_MANAGED_KMS_KEY', 'kms_key_identifier': '${arn}'}}`;
export const OWNED = `{'encryption_specification': {'encryption_type': 'AWS_OWNED_KMS_KEY'}}`;

/** Creates `ks.<name> (k int, c int, v text, PRIMARY KEY ((k), c))` on a customer-managed key (CQL). */
export async function cmkTable(f: LifecycleFixture, key: KeyMetadata, name = 't'): Promise<TableRecord> {
  await f.store.execute(`CREATE TABLE ${KS}.${name} (k int, c int, v text, PRIMARY KEY ((k), c)) WITH custom_properties = ${CMK(key.Arn)}`);
  return f.store.describeTable(KS, name);
}

/** Writes `n` rows `(k = i % 3, c = i, v = '<prefix>-i')` into ks.<name>, flushing once halfway (segments and log). */
export async function writeRows(f: LifecycleFixture, n = 12, name = 't', prefix = 'row'): Promise<void> {
  const ins = await f.store.prepare(`INSERT INTO ${KS}.${name} (k, c, v) VALUES (?, ?, ?)`);
  for (let i = 0; i < n; i++) {
    await f.store.execute(ins, [i % 3, i, `${prefix}-${i}`]);
    if (i === Math.floor(n / 2)) await f.store.flush(KS, name);
  }
}

/** Every row of ks.<name> with write times and TTLs, as sorted text lines. */
export async function dump(store: Store, name = 't'): Promise<string[]> {
  const { rows } = await store.execute(`SELECT k, c, v, WRITETIME(v), TTL(v) FROM ${KS}.${name}`);
  return rows.map((r) => `${String(r['k'])}/${String(r['c'])}/${String(r['v'])}/wt=${String(r['writetime(v)'])}/ttl=${String(r['ttl(v)'])}`).sort();
}

/** The status of a table as system_schema_mcs.tables shows it (undefined: no such table). */
export async function mcsStatus(store: Store, name = 't'): Promise<unknown> {
  const { rows } = await store.execute(`SELECT status FROM system_schema_mcs.tables WHERE keyspace_name = '${KS}' AND table_name = '${name}'`);
  return rows[0]?.['status'];
}

/** Names of the grants on a key. */
export async function grantNames(f: LifecycleFixture, key: KeyMetadata): Promise<string[]> {
  return (await f.kms.listGrants({ KeyId: key.KeyId })).Grants.map((g) => g.Name).sort();
}

/** The service's Decrypt records of the audit trail, split into real ones and DryRun checks. */
export async function serviceDecrypts(kms: LocalKms): Promise<{ real: number; dryRun: number }> {
  let real = 0;
  let dryRun = 0;
  let token: string | undefined;
  do {
    const page = await kms.lookupEvents({ EventName: 'Decrypt', MaxResults: 50, ...(token === undefined ? {} : { NextToken: token }) });
    for (const e of page.Events) {
      if ((JSON.parse(e.CloudTrailEvent) as { userIdentity?: { invokedBy?: string } }).userIdentity?.invokedBy !== SERVICE) continue;
      if (e.CloudTrailEvent.includes('"dryRun":true')) dryRun++;
      else real++;
    }
    token = page.NextToken;
  } while (token !== undefined);
  return { real, dryRun };
}

/** The notifications of a type among `list`. */
export const ofType = (list: readonly Notification[], type: Notification['type']): Notification[] => list.filter((n) => n.type === type);

/** Asserts the fixture's stores emitted no background error. */
export function expectNoBackgroundErrors(f: LifecycleFixture): void {
  expect(f.errors, 'no background error').toEqual([]);
}
