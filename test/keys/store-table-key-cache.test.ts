/**
 * The 5-minute table-key cache seen through the Store and the KMS audit trail (issue 3, seed
 * 001 "Mise en cache des clés de table"): reads within an idle period cost one KMS Decrypt of
 * the table key; after 5 idle minutes the next read costs one more; a disabled key is noticed
 * by the key monitor's check (every 5 minutes of clock time), and once enabled again the next
 * check makes the table readable. The monitor's checks are DryRun Decrypts as the service
 * (audited as Decrypt with "dryRun": true): they unwrap nothing and are not counted as table-key
 * Decrypts here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalKms, ManualClock, Store } from '../../src/index.js';

const MINUTE = 60_000;
let dir: string;
let clock: ManualClock;
let kms: LocalKms;
let store: Store;
let keyArn: string;

/** Decrypt calls by the service: real ones (they unwrap the table key), or the monitor's DryRun checks. */
async function serviceDecrypts(kind: 'real' | 'dryRun' = 'real'): Promise<number> {
  let n = 0;
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await kms.lookupEvents({ EventName: 'Decrypt', MaxResults: 50, ...(token ? { NextToken: token } : {}) });
    n += page.Events.filter((e) => {
      const event = JSON.parse(e.CloudTrailEvent) as { userIdentity: { invokedBy?: string }; requestParameters?: { dryRun?: boolean } | null };
      return event.userIdentity.invokedBy === 'cassandra.amazonaws.com' && (event.requestParameters?.dryRun === true) === (kind === 'dryRun');
    }).length;
    token = page.NextToken;
  }
  return n;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sealtable-cache-'));
  clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  kms = await LocalKms.open({ clock });
  keyArn = (await kms.createKey({ Description: 'table key root' })).KeyMetadata.Arn;
  store = await Store.open({ path: dir, kms, clock });
  await store.createKeyspace('ks');
  await store.createTable({
    keyspace: 'ks',
    name: 't',
    columns: { id: 'int', v: 'text' },
    partitionKey: ['id'],
    encryption: { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: keyArn },
  });
  await store.insert('ks', 't', { id: 1, v: 'one' });
});

afterEach(async () => {
  await store.close().catch(() => undefined);
  await kms.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the table-key cache of an open store', () => {
  it('any number of reads within an idle period cause exactly one KMS Decrypt of the table key', async () => {
    await clock.advance(5 * MINUTE + 1); // the key made at creation is dropped
    for (let i = 0; i < 50; i++) expect((await store.get('ks', 't', { id: 1 }))?.['v']).toBe('one');
    expect(await serviceDecrypts()).toBe(1);
  });

  it('after 5 idle minutes the next read causes one more Decrypt, not before', async () => {
    await clock.advance(5 * MINUTE + 1);
    await store.get('ks', 't', { id: 1 });
    await clock.advance(5 * MINUTE);
    await store.get('ks', 't', { id: 1 });
    expect(await serviceDecrypts()).toBe(1);
    await clock.advance(5 * MINUTE + 1);
    await store.get('ks', 't', { id: 1 });
    expect(await serviceDecrypts()).toBe(2);
  });

  it('reads every 4 minutes for an hour cause no real Decrypt (the key made at creation stays cached); only the monitor\'s 12 DryRun Decrypts', async () => {
    for (let i = 0; i < 15; i++) {
      await clock.advance(4 * MINUTE);
      await store.get('ks', 't', { id: 1 });
    }
    expect(await serviceDecrypts()).toBe(0);
    expect(await serviceDecrypts('dryRun')).toBe(12);
  });

  it('a disabled key goes unnoticed while the table key is cached; after 5 minutes reads fail with DisabledException; enabled again, the next key check makes the table readable', async () => {
    await kms.disableKey({ KeyId: keyArn });
    expect((await store.get('ks', 't', { id: 1 }))?.['v']).toBe('one');
    await clock.advance(5 * MINUTE + 1);
    await expect(store.get('ks', 't', { id: 1 })).rejects.toMatchObject({ name: 'DisabledException' });
    await kms.enableKey({ KeyId: keyArn });
    await expect(store.get('ks', 't', { id: 1 })).rejects.toMatchObject({ name: 'DisabledException' });
    await store.checkKeys();
    expect((await store.get('ks', 't', { id: 1 }))?.['v']).toBe('one');
  });

  it('a new store (another connection) decrypts the table key once for itself', async () => {
    await store.close();
    const reopened = await Store.open({ path: dir, kms, clock });
    try {
      await reopened.get('ks', 't', { id: 1 });
      await reopened.get('ks', 't', { id: 1 });
      expect(await serviceDecrypts()).toBe(1);
    } finally {
      await reopened.close();
    }
  });
});
