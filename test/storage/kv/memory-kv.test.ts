import { describe, expect, it } from 'vitest';
import { MemoryKv } from '../../../src/storage/kv/index.js';
import { kvConformanceSuite } from './conformance.js';
import { b, closeQuietly, entriesHex } from './_helpers.js';

kvConformanceSuite('MemoryKv', async () => {
  const kv = new MemoryKv();
  return { kv, cleanup: () => closeQuietly(kv) };
});

describe('MemoryKv.snapshot', () => {
  it('maps lowercase hex keys to values, in key order', async () => {
    const kv = new MemoryKv();
    await kv.put(b(0xff), b(3));
    await kv.put(b(), b(1));
    await kv.put(b(0x0a, 0x00), b());
    const snap = kv.snapshot();
    expect([...snap.keys()]).toEqual(['', '0a00', 'ff']);
    expect(snap.get('ff')).toEqual(b(3));
    expect(snap.get('0a00')).toEqual(b());
  });

  it('is a copy: changing it does not change the store, nor later writes the snapshot', async () => {
    const kv = new MemoryKv();
    await kv.put(b(1), b(1));
    const snap = kv.snapshot();
    (snap.get('01') as Uint8Array)[0] = 9;
    snap.delete('01');
    await kv.put(b(2), b(2));
    expect(await entriesHex(kv)).toEqual([
      ['01', '01'],
      ['02', '02'],
    ]);
    expect([...snap.keys()]).toEqual([]);
  });

  it('still shows the contents after close()', async () => {
    const kv = new MemoryKv();
    await kv.put(b(1), b(1));
    await kv.close();
    expect(kv.snapshot()).toEqual(new Map([['01', b(1)]]));
  });
});

describe('new MemoryKv(initial)', () => {
  it('starts with copies of the given pairs, a later pair for the same key winning', async () => {
    const value = b(1);
    const kv = new MemoryKv([
      [b(2), value],
      [b(1), b(0)],
      [b(2), b(2)],
    ]);
    value[0] = 9;
    expect(await entriesHex(kv)).toEqual([
      ['01', '00'],
      ['02', '02'],
    ]);
  });

  it('models reopening a store from the entries of another', async () => {
    const first = new MemoryKv();
    await first.batch([
      { type: 'put', key: b(1), value: b(1) },
      { type: 'put', key: b(2), value: b(2) },
    ]);
    const pairs: [Uint8Array, Uint8Array][] = [];
    for await (const e of first.entries()) pairs.push(e);
    await first.close();
    const reopened = new MemoryKv(pairs);
    expect(reopened.snapshot()).toEqual(first.snapshot());
  });

  it.each([
    ['a string key', [['01', b(1)]], 'initial[0][0]'],
    ['a missing value', [[b(1), b(1)], [b(2)]], 'initial[1][1]'],
    ['a pair that is not an array', [null], 'initial[0][0]'],
  ])('a pair with %s throws TypeError naming it', (_label, initial, name) => {
    expect(() => new MemoryKv(initial as unknown as [Uint8Array, Uint8Array][])).toThrow(TypeError);
    expect(() => new MemoryKv(initial as unknown as [Uint8Array, Uint8Array][])).toThrow(new RegExp(`^${name.replace(/[[\]]/g, '\\$&')}`));
  });
});
