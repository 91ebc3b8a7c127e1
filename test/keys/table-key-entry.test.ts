/**
 * @module test/keys/table-key-entry
 * A table-key entry (DESIGN.md "The key hierarchy": a DEK per segment, wrapped by the table key
 * and bound to where it belongs; "Table-key cache": what derives from a table key dies with it):
 * wrapping and unwrapping DEKs, the DEK memo, the block cache, zeroization.
 */
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { AeadAuthenticationError, KeyZeroizedError, SecretKey, randomBytes, wrapKey } from '../../src/crypto/index.js';
import { DEFAULT_BLOCK_CACHE_BYTES, MAX_CACHED_DEKS_PER_ENTRY, TableKeyEntry, unwrapDek, wrapDek } from '../../src/keys/index.js';
import { utf8 } from './_helpers.js';

function newEntry(options: { blockCacheBytes?: number } = {}): { entry: TableKeyEntry; tableKey: Uint8Array } {
  const tableKey = randomBytes(32);
  const entry = new TableKeyEntry({ tableId: 't-1', version: 1, key: SecretKey.copyOf(tableKey), createdAt: 0, ...options });
  return { entry, tableKey };
}

const AAD = utf8('sealtable/v1 table=t-1 segment=7 key-version=1 purpose=segment-dek');

describe('wrapDek and dek', () => {
  it('round trip: dek() gives back the DEK that wrapDek() wrapped', () => {
    const { entry } = newEntry();
    const dek = randomBytes(32);
    const wrapped = entry.wrapDek(dek, AAD);
    expect(entry.dek('segment/7', wrapped, AAD).bytes).toEqual(dek);
  });

  it('the wrapped DEK is 61 bytes and never holds the plaintext DEK', () => {
    const { entry } = newEntry();
    const dek = randomBytes(32);
    const wrapped = entry.wrapDek(dek, AAD);
    expect(wrapped).toHaveLength(61);
    expect(Buffer.from(wrapped).includes(Buffer.from(dek))).toBe(false);
    expect(entry.dek('segment/7', wrapped, AAD).bytes).not.toEqual(wrapped.subarray(13, 45));
  });

  it('wrapping the same DEK twice gives different bytes (random nonce)', () => {
    const { entry } = newEntry();
    const dek = randomBytes(32);
    expect(entry.wrapDek(dek, AAD)).not.toEqual(entry.wrapDek(dek, AAD));
  });

  it('dek() with the wrong aad throws AeadAuthenticationError, also when the right one is memoised', () => {
    const { entry } = newEntry();
    const wrapped = entry.wrapDek(randomBytes(32), AAD);
    expect(() => entry.dek('segment/7', wrapped, utf8('segment=8'))).toThrow(AeadAuthenticationError);
    entry.dek('segment/7', wrapped, AAD);
    expect(() => entry.dek('segment/7', wrapped, utf8('segment=8'))).toThrow(AeadAuthenticationError);
  });

  it('dek() of altered bytes throws AeadAuthenticationError, also when the original is memoised', () => {
    const { entry } = newEntry();
    const wrapped = entry.wrapDek(randomBytes(32), AAD);
    const altered = Uint8Array.from(wrapped);
    altered[20]! ^= 0x01;
    expect(() => entry.dek('segment/7', altered, AAD)).toThrow(AeadAuthenticationError);
    entry.dek('segment/7', wrapped, AAD);
    expect(() => entry.dek('segment/7', altered, AAD)).toThrow(AeadAuthenticationError);
  });

  it('another table key cannot unwrap the DEK', () => {
    const a = newEntry().entry;
    const b = newEntry().entry;
    const wrapped = a.wrapDek(randomBytes(32), AAD);
    expect(() => b.dek('segment/7', wrapped, AAD)).toThrow(AeadAuthenticationError);
  });

  it('dek() is memoised: the same SecretKey object for the same cacheKey', () => {
    const { entry } = newEntry();
    const wrapped = entry.wrapDek(randomBytes(32), AAD);
    const first = entry.dek('segment/7', wrapped, AAD);
    expect(entry.dek('segment/7', Uint8Array.from(wrapped), Uint8Array.from(AAD))).toBe(first);
    expect(entry.dekCount).toBe(1);
  });

  it('a cacheKey names one wrapped DEK', () => {
    const { entry } = newEntry();
    entry.dek('segment/7', entry.wrapDek(randomBytes(32), AAD), AAD);
    expect(() => entry.dek('segment/7', entry.wrapDek(randomBytes(32), AAD), AAD)).toThrow(RangeError);
  });

  it('the memo keeps at most 4096 DEKs: the least recently used is zeroized', () => {
    const { entry } = newEntry();
    const keys: SecretKey[] = [];
    for (let i = 0; i <= MAX_CACHED_DEKS_PER_ENTRY; i++) keys.push(entry.dek(`s/${i}`, entry.wrapDek(randomBytes(32), AAD), AAD));
    expect(entry.dekCount).toBe(MAX_CACHED_DEKS_PER_ENTRY);
    expect(keys[0]!.isZeroized).toBe(true);
    expect(keys[1]!.isZeroized).toBe(false);
  });

  it('the memo holds its own copies of wrapped and aad: changing the caller\'s arrays does not fool it', () => {
    const { entry } = newEntry();
    const wrapped = entry.wrapDek(randomBytes(32), AAD);
    const aad = Uint8Array.from(AAD);
    entry.dek('segment/7', wrapped, aad);
    aad[0]! ^= 1;
    expect(() => entry.dek('segment/7', wrapped, aad)).toThrow(AeadAuthenticationError);
  });

  it('wrapDek and unwrapDek (the functions) interoperate with the entry', () => {
    const { entry, tableKey } = newEntry();
    const holder = SecretKey.copyOf(tableKey);
    const dek = randomBytes(32);
    const wrapped = wrapDek(holder, dek, AAD);
    expect(entry.dek('x', wrapped, AAD).bytes).toEqual(dek);
    expect(unwrapDek(holder, entry.wrapDek(dek, AAD), AAD).bytes).toEqual(dek);
  });

  it('a DEK is a 32-byte Uint8Array; aad is a Uint8Array', () => {
    const { entry } = newEntry();
    expect(() => entry.wrapDek(new Uint8Array(16), AAD)).toThrow(RangeError);
    expect(() => entry.wrapDek('key' as never, AAD)).toThrow(TypeError);
    expect(() => entry.wrapDek(new Uint8Array(32), 'aad' as never)).toThrow(TypeError);
    expect(() => entry.dek(7 as never, new Uint8Array(61), AAD)).toThrow(TypeError);
  });

  it('a wrapped DEK opens to 32 bytes (a wrapped 16-byte key is refused)', () => {
    const { entry, tableKey } = newEntry();
    const short = wrapKey(tableKey, new Uint8Array(16), AAD);
    expect(() => entry.dek('x', short, AAD)).toThrow(RangeError);
    expect(entry.dekCount).toBe(0);
  });
});

describe('blocks', () => {
  it('get and set: a Map-like cache of decrypted blocks', () => {
    const { entry } = newEntry();
    const block = utf8('rows');
    entry.blocks.set('s7#0', block);
    expect(entry.blocks.get('s7#0')).toBe(block);
    expect(entry.blocks.get('s7#1')).toBeUndefined();
    expect(entry.blocks.bytes).toBe(4);
    entry.blocks.clear();
    expect(entry.blocks.get('s7#0')).toBeUndefined();
    expect(entry.blocks.bytes).toBe(0);
  });

  it('a byte budget (64 MiB by default): past it the least recently used blocks go', () => {
    expect(DEFAULT_BLOCK_CACHE_BYTES).toBe(64 * 1024 * 1024);
    const { entry } = newEntry({ blockCacheBytes: 100 });
    entry.blocks.set('a', new Uint8Array(40));
    entry.blocks.set('b', new Uint8Array(40));
    entry.blocks.get('a');
    entry.blocks.set('c', new Uint8Array(40));
    expect(entry.blocks.get('b')).toBeUndefined();
    expect(entry.blocks.get('a')).toBeDefined();
    expect(entry.blocks.get('c')).toBeDefined();
    expect(entry.blocks.bytes).toBe(80);
    entry.blocks.set('huge', new Uint8Array(101));
    expect(entry.blocks.get('huge')).toBeUndefined();
  });
});

describe('derived', () => {
  it('makes a value once per owner and gives it back while the entry lives; numbers name blocks too', () => {
    const { entry } = newEntry();
    const segment = {};
    let made = 0;
    const first = entry.derived(segment, () => ({ n: ++made }));
    expect(entry.derived(segment, () => ({ n: ++made }))).toBe(first);
    expect(entry.derived({}, () => ({ n: ++made }))).toEqual({ n: 2 });
    expect(made).toBe(2);
    entry.blocks.set(7, utf8('rows'));
    expect(entry.blocks.get(7)).toEqual(utf8('rows'));
    expect(entry.blocks.get('7')).toBeUndefined();
  });

  it('the block cache also holds objects that report their byteLength (a block with its row positions), counted by it', () => {
    const { entry } = newEntry({ blockCacheBytes: 100 });
    const view = { byteLength: 60, rows: [1, 2] };
    entry.blocks.set(1, view);
    expect(entry.blocks.get(1)).toBe(view);
    expect(entry.blocks.bytes).toBe(60);
    entry.blocks.set(2, { byteLength: 60 });
    expect(entry.blocks.get(1)).toBeUndefined();
    for (const bad of [null, 'text', { byteLength: -1 }, { byteLength: 1.5 }, {}]) expect(() => entry.blocks.set(3, bad as never)).toThrow(TypeError);
  });

  it('dies with the entry: derived() then throws KeyZeroizedError and nothing made before is handed out again', () => {
    const { entry } = newEntry();
    const segment = {};
    entry.derived(segment, () => ({ index: 'plaintext keys' }));
    entry.zeroize();
    expect(() => entry.derived(segment, () => ({ index: 'again' }))).toThrow(KeyZeroizedError);
  });

  it('a value made while the entry died (a make() that zeroizes it) is not kept', () => {
    const { entry } = newEntry();
    expect(() => entry.derived({}, () => entry.zeroize())).toThrow(KeyZeroizedError);
  });
});

describe('zeroize', () => {
  it('wipes the table key and every DEK, drops the blocks; every method then throws KeyZeroizedError', () => {
    const { entry } = newEntry();
    const wrapped = entry.wrapDek(randomBytes(32), AAD);
    const dek = entry.dek('segment/7', wrapped, AAD);
    entry.blocks.set('s7#0', utf8('rows'));
    expect(entry.isZeroized).toBe(false);
    entry.zeroize();
    expect(entry.isZeroized).toBe(true);
    expect(dek.isZeroized).toBe(true);
    expect(entry.blocks.bytes).toBe(0);
    expect(() => entry.wrapDek(randomBytes(32), AAD)).toThrow(KeyZeroizedError);
    expect(() => entry.dek('segment/7', wrapped, AAD)).toThrow(KeyZeroizedError);
    expect(() => entry.blocks.get('s7#0')).toThrow(KeyZeroizedError);
    expect(() => entry.blocks.set('s7#0', utf8('rows'))).toThrow(KeyZeroizedError);
    entry.zeroize(); // again: nothing
  });

  it('takes ownership of the table key: the SecretKey given is the one wiped', () => {
    const key = SecretKey.copyOf(randomBytes(32));
    const entry = new TableKeyEntry({ tableId: 't', version: 1, key, createdAt: 0 });
    entry.zeroize();
    expect(key.isZeroized).toBe(true);
  });

  it('never shows key bytes in inspect, String or JSON', () => {
    const tableKey = randomBytes(32);
    const entry = new TableKeyEntry({ tableId: 't-1', version: 3, key: SecretKey.copyOf(tableKey), createdAt: 0 });
    const hex = Buffer.from(tableKey).toString('hex');
    for (const text of [inspect(entry, { showHidden: true, depth: 5 }), String(entry), JSON.stringify({ entry })]) {
      expect(text).toContain('t-1 v3');
      expect(text).not.toContain(hex);
    }
  });
});

describe('constructor preconditions', () => {
  it('the table key is a live 32-byte SecretKey', () => {
    expect(() => new TableKeyEntry({ tableId: 't', version: 1, key: SecretKey.copyOf(new Uint8Array(16)), createdAt: 0 })).toThrow(RangeError);
    const dead = SecretKey.copyOf(new Uint8Array(32));
    dead.zeroize();
    expect(() => new TableKeyEntry({ tableId: 't', version: 1, key: dead, createdAt: 0 })).toThrow(RangeError);
    expect(() => new TableKeyEntry({ tableId: 't', version: 1, key: new Uint8Array(32) as never, createdAt: 0 })).toThrow(TypeError);
  });

  it('tableId is a non-empty string; version is a positive integer', () => {
    const key = (): SecretKey => SecretKey.copyOf(new Uint8Array(32));
    expect(() => new TableKeyEntry({ tableId: '', version: 1, key: key(), createdAt: 0 })).toThrow(RangeError);
    expect(() => new TableKeyEntry({ tableId: 't', version: 0, key: key(), createdAt: 0 })).toThrow(RangeError);
  });
});
