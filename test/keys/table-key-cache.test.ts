/**
 * @module test/keys/table-key-cache
 * The table-key cache (seed 001 "Mise en cache des clés de table": plaintext table keys cached
 * per connection; a request after five minutes of inactivity sends a new Decrypt to KMS;
 * DESIGN.md "Table-key cache"), observed through the KMS audit trail on a manual clock: how many
 * Decrypt calls the service makes, when idle entries die, that they are zeroized, and that
 * concurrent misses share one call.
 */
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock/index.js';
import { KeyZeroizedError, randomBytes } from '../../src/crypto/index.js';
import { LocalKms } from '../../src/kms/index.js';
import { TableKeyEntry, TableKeyService, type TableKeyRecord } from '../../src/keys/index.js';
import { IDLE, MINUTE, ORDERS, USERS, caught, closeAfterEach, countingKms, serviceDecrypts, setup, utf8, type Fixture } from './_helpers.js';

closeAfterEach();

/** A method read through a Proxy, bound to the real object (LocalKms keeps its state in #private fields). */
function bound(target: object, value: unknown): unknown {
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

async function cmkTable(f: Fixture, table = ORDERS): Promise<TableKeyRecord> {
  return f.keys.createTableKey(table, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: f.cmk.KeyId });
}

describe('Decrypt calls', () => {
  it('right after createTableKey the key is cached: entry() makes no Decrypt', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    for (let i = 0; i < 10; i++) await f.keys.entry(ORDERS, record);
    expect(await serviceDecrypts(f.kms)).toBe(0);
    expect(f.keys.size).toBe(1);
  });

  it('any number of entry() calls within an idle period: exactly one Decrypt after the first miss', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    f.keys.evict(ORDERS.tableId);
    const first = await f.keys.entry(ORDERS, record);
    expect(await serviceDecrypts(f.kms)).toBe(1);
    for (let i = 0; i < 50; i++) {
      await f.clock.advance(5_000);
      expect(await f.keys.entry(ORDERS, record)).toBe(first);
    }
    expect(await serviceDecrypts(f.kms)).toBe(1);
  });

  it('after 5 minutes idle (5 min + 1 ms) the next entry() makes one more Decrypt; at exactly 5 minutes it does not', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    await f.clock.advance(IDLE);
    const seeded = await f.keys.entry(ORDERS, record);
    expect(await serviceDecrypts(f.kms)).toBe(0);
    await f.clock.advance(IDLE + 1);
    expect(seeded.isZeroized).toBe(true);
    const again = await f.keys.entry(ORDERS, record);
    expect(again).not.toBe(seeded);
    expect(await serviceDecrypts(f.kms)).toBe(1);
  });

  it('entry() every 4 minutes for an hour: no Decrypt at all', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    const entry = await f.keys.entry(ORDERS, record);
    for (let t = 0; t < 60; t += 4) {
      await f.clock.advance(4 * MINUTE);
      expect(await f.keys.entry(ORDERS, record)).toBe(entry);
    }
    expect(await serviceDecrypts(f.kms)).toBe(0);
    expect(entry.isZeroized).toBe(false);
  });

  it('20 concurrent misses share one Decrypt and get the same entry', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    f.keys.evict(ORDERS.tableId);
    const entries = await Promise.all(Array.from({ length: 20 }, () => f.keys.entry(ORDERS, record)));
    expect(new Set(entries).size).toBe(1);
    expect(await serviceDecrypts(f.kms)).toBe(1);
  });

  it('two tables are cached apart: each misses once', async () => {
    const f = await setup();
    const orders = await cmkTable(f);
    const users = await cmkTable(f, USERS);
    f.keys.evict(ORDERS.tableId);
    f.keys.evict(USERS.tableId);
    const [a, b] = await Promise.all([f.keys.entry(ORDERS, orders), f.keys.entry(USERS, users)]);
    expect(a).not.toBe(b);
    await Promise.all([f.keys.entry(ORDERS, orders), f.keys.entry(USERS, users)]);
    expect(await serviceDecrypts(f.kms)).toBe(2);
  });

  it('the AWS-owned key is cached the same way (counted at the KMS client: AWS-owned keys are not audited)', async () => {
    const { kms: real, clock } = await setup();
    const { kms, calls } = countingKms(real);
    const keys = new TableKeyService({ kms, clock });
    try {
      const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
      keys.evict(ORDERS.tableId);
      await Promise.all(Array.from({ length: 5 }, () => keys.entry(ORDERS, record)));
      await clock.advance(4 * MINUTE);
      await keys.entry(ORDERS, record);
      expect(calls.get('cassandra.amazonaws.com:decrypt')).toBe(1);
      await clock.advance(IDLE + 1);
      await keys.entry(ORDERS, record);
      expect(calls.get('cassandra.amazonaws.com:decrypt')).toBe(2);
    } finally {
      keys.close();
    }
  });
});

describe('an entry that leaves the cache is zeroized', () => {
  async function liveEntry(f: Fixture) {
    const record = await cmkTable(f);
    const entry = await f.keys.entry(ORDERS, record);
    const aad = utf8('segment 1');
    const dek = randomBytes(32);
    const wrapped = entry.wrapDek(dek, aad);
    const key = entry.dek('segment/1', wrapped, aad);
    entry.blocks.set('segment/1#0', utf8('decrypted rows'));
    return { record, entry, key, wrapped, aad };
  }

  function expectDead(e: Awaited<ReturnType<typeof liveEntry>>): void {
    expect(e.entry.isZeroized).toBe(true);
    expect(e.key.isZeroized).toBe(true);
    expect(() => e.key.bytes).toThrow(KeyZeroizedError);
    expect(() => e.entry.dek('segment/1', e.wrapped, e.aad)).toThrow(KeyZeroizedError);
    expect(() => e.entry.wrapDek(new Uint8Array(32), e.aad)).toThrow(KeyZeroizedError);
    expect(e.entry.blocks.bytes).toBe(0);
    expect(() => e.entry.blocks.get('segment/1#0')).toThrow(KeyZeroizedError);
  }

  it('when idle for 5 minutes, even if nobody asks again (the clock drops it)', async () => {
    const f = await setup();
    const e = await liveEntry(f);
    await f.clock.advance(IDLE);
    expect(e.entry.isZeroized).toBe(false);
    expect(f.keys.size).toBe(1);
    await f.clock.advance(1);
    expectDead(e);
    expect(f.keys.size).toBe(0);
  });

  it('when its table is evicted (every version)', async () => {
    const f = await setup();
    const e = await liveEntry(f);
    const v2 = await f.keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' }, 2);
    const second = await f.keys.entry(ORDERS, v2);
    const users = await cmkTable(f, USERS);
    const other = await f.keys.entry(USERS, users);
    expect(f.keys.size).toBe(3);
    f.keys.evict(ORDERS.tableId);
    expectDead(e);
    expect(second.isZeroized).toBe(true);
    expect(other.isZeroized).toBe(false);
    expect(f.keys.size).toBe(1);
  });

  it('when the service closes', async () => {
    const f = await setup();
    const e = await liveEntry(f);
    f.keys.close();
    expectDead(e);
    expect(f.clock.pendingTimers()).toBe(0);
  });

  it('when more than maxEntries table keys are cached, the least recently used goes', async () => {
    const f = await setup({ maxEntries: 2 });
    const orders = await cmkTable(f);
    const a = await f.keys.entry(ORDERS, orders);
    const b = await f.keys.entry(USERS, await cmkTable(f, USERS));
    expect(await f.keys.entry(ORDERS, orders)).toBe(a); // ORDERS is now the most recently used
    await f.keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' }, 2);
    expect(a.isZeroized).toBe(false);
    expect(b.isZeroized).toBe(true);
    expect(f.keys.size).toBe(2);
  });

  it('a cache with nothing in it has no timer pending', async () => {
    const f = await setup();
    await liveEntry(f);
    expect(f.clock.pendingTimers()).toBeGreaterThan(0);
    await f.clock.advance(IDLE + 1);
    expect(f.keys.size).toBe(0);
    expect(f.clock.pendingTimers()).toBe(0);
  });
});

describe('the clock', () => {
  it('idle expiry works on a manual clock that starts at epoch 0 (lru-cache reads a start of 0 as "no TTL")', async () => {
    const clock = new ManualClock(0);
    const kms = await LocalKms.open({ clock });
    const keys = new TableKeyService({ kms, clock });
    try {
      const record = await keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
      const entry = await keys.entry(ORDERS, record);
      await clock.advance(IDLE + 1);
      expect(entry.isZeroized).toBe(true);
      expect(await keys.entry(ORDERS, record)).not.toBe(entry);
    } finally {
      keys.close();
      await kms.close();
    }
  });
});

describe('maxAgeMs', () => {
  it('an entry is dropped maxAge after it was loaded even when used every minute', async () => {
    const f = await setup({ maxAgeMs: 10 * MINUTE });
    const record = await cmkTable(f);
    const first = await f.keys.entry(ORDERS, record);
    for (let m = 1; m <= 10; m++) {
      await f.clock.advance(MINUTE);
      expect(await f.keys.entry(ORDERS, record)).toBe(first);
    }
    expect(await serviceDecrypts(f.kms)).toBe(0);
    await f.clock.advance(1);
    expect(first.isZeroized).toBe(true);
    const second = await f.keys.entry(ORDERS, record);
    expect(second).not.toBe(first);
    expect(await serviceDecrypts(f.kms)).toBe(1);
    expect(second.createdAt).toBe(f.clock.now());
  });

  it('the idle period still applies under a longer max age', async () => {
    const f = await setup({ maxAgeMs: 60 * MINUTE });
    const record = await cmkTable(f);
    const first = await f.keys.entry(ORDERS, record);
    await f.clock.advance(IDLE + 1);
    expect(first.isZeroized).toBe(true);
  });
});

describe('loads in flight and mismatched records', () => {
  it('a KMS failure is not cached: the next entry() asks KMS again', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    f.keys.evict(ORDERS.tableId);
    await f.kms.disableKey({ KeyId: f.cmk.KeyId });
    const errors = await Promise.all(Array.from({ length: 3 }, () => caught(f.keys.entry(ORDERS, record))));
    expect(errors.map((e) => e.name)).toEqual(['DisabledException', 'DisabledException', 'DisabledException']);
    expect(await serviceDecrypts(f.kms)).toBe(1);
    await f.kms.enableKey({ KeyId: f.cmk.KeyId });
    await f.keys.entry(ORDERS, record);
    expect(await serviceDecrypts(f.kms)).toBe(2);
    expect(f.keys.size).toBe(1);
  });

  it('an evict while a Decrypt is in flight: the caller still gets a live entry, loaded again', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    f.keys.evict(ORDERS.tableId);
    const pending = f.keys.entry(ORDERS, record);
    f.keys.evict(ORDERS.tableId);
    const entry = await pending;
    expect(entry.isZeroized).toBe(false);
    expect(await f.keys.entry(ORDERS, record)).toBe(entry);
    expect(await serviceDecrypts(f.kms)).toBe(2);
    expect(f.keys.size).toBe(1);
  });

  it('the key a dropped load brings back is zeroized, not left behind', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    f.keys.evict(ORDERS.tableId);
    const zeroize = vi.spyOn(TableKeyEntry.prototype, 'zeroize');
    try {
      const pending = f.keys.entry(ORDERS, record);
      f.keys.evict(ORDERS.tableId);
      const entry = await pending;
      const wiped = zeroize.mock.contexts as TableKeyEntry[];
      expect(wiped).toHaveLength(1);
      expect(wiped[0]).not.toBe(entry);
      expect(wiped[0]!.isZeroized).toBe(true);
      expect(wiped[0]!.tableId).toBe(ORDERS.tableId);
    } finally {
      zeroize.mockRestore();
    }
  });

  it('a close while a Decrypt is in flight: the caller gets an error at once, and the key the Decrypt brings back is zeroized', async () => {
    const { kms: real, clock, cmk } = await setup();
    // Hold the service's Decrypt until the test lets it go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let finished!: Promise<unknown>;
    const kms = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'as') return bound(target, Reflect.get(target, prop, receiver));
        return (principal: string, options?: { viaService?: string }) => {
          const view = target.as(principal, options);
          return new Proxy(view, {
            get(v, p, r) {
              if (p !== 'decrypt') return bound(v, Reflect.get(v, p, r));
              return (input: Parameters<typeof view.decrypt>[0]) => (finished = gate.then(() => v.decrypt(input)));
            },
          });
        };
      },
    });
    const keys = new TableKeyService({ kms, clock });
    const zeroize = vi.spyOn(TableKeyEntry.prototype, 'zeroize');
    try {
      const record = await keys.createTableKey(ORDERS, { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyIdentifier: cmk.KeyId });
      keys.evict(ORDERS.tableId);
      zeroize.mockClear();
      const pending = keys.entry(ORDERS, record);
      keys.close();
      const error = await caught(pending);
      expect(error.message).toMatch(/closed/);
      expect(zeroize).not.toHaveBeenCalled();
      release();
      await finished;
      await new Promise((resolve) => setImmediate(resolve)); // let the load's continuation run
      expect(zeroize.mock.contexts).toHaveLength(1);
      expect((zeroize.mock.contexts[0] as TableKeyEntry).isZeroized).toBe(true);
      expect(keys.size).toBe(0);
      expect(clock.pendingTimers()).toBe(0);
    } finally {
      zeroize.mockRestore();
      keys.close();
    }
  });

  it('the cache never answers a record with the key of another record of the same table and version', async () => {
    const f = await setup();
    const first = await cmkTable(f);
    const aad = utf8('segment 9');
    const wrapped = (await f.keys.entry(ORDERS, first)).wrapDek(randomBytes(32), aad);
    const second = await cmkTable(f); // same table, same version, another blob: replaces the cached key
    expect(second.ciphertextBlob).not.toBe(first.ciphertextBlob);
    const b = await f.keys.entry(ORDERS, second);
    expect(() => b.dek('segment/9', wrapped, aad)).toThrow(/authenticate/);
    const a = await f.keys.entry(ORDERS, first); // a Decrypt of the first blob, not the cached second key
    expect(await serviceDecrypts(f.kms)).toBe(1);
    expect(a.dek('segment/9', wrapped, aad).length).toBe(32);
  });

  it('a record asked for under other table names does not decrypt, cached or not: the context is the table\'s (InvalidCiphertextException)', async () => {
    const f = await setup();
    const record = await f.keys.createTableKey(ORDERS, { type: 'AWS_OWNED_KMS_KEY' });
    const cached = await f.keys.entry(ORDERS, record);
    const error = await caught(f.keys.entry({ ...USERS, tableId: ORDERS.tableId }, record));
    expect(error.name).toBe('InvalidCiphertextException');
    expect(cached.isZeroized).toBe(true);
    expect((await f.keys.entry(ORDERS, record)).isZeroized).toBe(false);
  });

  it('a tampered blob does not decrypt (InvalidCiphertextException), and nothing is cached', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    f.keys.evict(ORDERS.tableId);
    const blob = Buffer.from(record.ciphertextBlob, 'base64');
    blob[blob.length - 1]! ^= 1;
    const error = await caught(f.keys.entry(ORDERS, { ...record, ciphertextBlob: blob.toString('base64') }));
    expect(error.name).toBe('InvalidCiphertextException');
    expect(f.keys.size).toBe(0);
  });
});

describe('cachedEntry: the synchronous start of a read', () => {
  it('answers only a live cached entry, with no KMS call; undefined when not cached, evicted or closed', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    const entry = await f.keys.entry(ORDERS, record);
    expect(f.keys.cachedEntry(ORDERS, record)).toBe(entry);
    expect(f.keys.cachedEntry(USERS, record)).toBeUndefined();
    f.keys.evict(ORDERS.tableId);
    expect(entry.isZeroized).toBe(true);
    expect(f.keys.cachedEntry(ORDERS, record)).toBeUndefined();
    expect(await serviceDecrypts(f.kms)).toBe(0);
    const loaded = await f.keys.entry(ORDERS, record);
    expect(await serviceDecrypts(f.kms)).toBe(1);
    expect(f.keys.cachedEntry(ORDERS, record)).toBe(loaded);
    f.keys.close();
    expect(f.keys.cachedEntry(ORDERS, record)).toBeUndefined();
  });

  it('restarts the idle period as entry() does: a peek every 4 minutes for an hour keeps the key; 5 min + 1 ms without one drops it', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    const entry = await f.keys.entry(ORDERS, record);
    for (let t = 0; t < 60; t += 4) {
      await f.clock.advance(4 * MINUTE);
      expect(f.keys.cachedEntry(ORDERS, record)).toBe(entry);
    }
    await f.clock.advance(IDLE);
    expect(f.keys.cachedEntry(ORDERS, record)).toBe(entry);
    await f.clock.advance(IDLE + 1);
    expect(entry.isZeroized).toBe(true);
    expect(f.keys.cachedEntry(ORDERS, record)).toBeUndefined();
    expect(await serviceDecrypts(f.kms)).toBe(0);
  });

  it('never answers for another blob of the same table and version', async () => {
    const f = await setup();
    const record = await cmkTable(f);
    await f.keys.entry(ORDERS, record);
    // A second table key made for the same table and version takes the cache slot.
    const other = await cmkTable(f, ORDERS);
    expect(other.ciphertextBlob).not.toBe(record.ciphertextBlob);
    expect(f.keys.cachedEntry(ORDERS, record)).toBeUndefined();
    expect(f.keys.cachedEntry(ORDERS, other)).toBeDefined();
  });
});
