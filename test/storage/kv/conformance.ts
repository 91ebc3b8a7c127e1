/**
 * The conformance suite of {@link KvStore} (STYLE.md §4, after abstract-level `test/index.js`):
 * every implementation runs it, so the engine can rely on the same contract from LevelDB and
 * from the in-memory model. Expected orders come from `Buffer.compare`, not `compareBytes`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KvOperation, KvRange, KvStore } from '../../../src/storage/kv/index.js';
import { b, collect, entriesHex, expectRejectsNamed, hex, oracleCompare } from './_helpers.js';

/** What `open` gives the suite: a fresh, empty store and a function disposing of it. */
export interface KvFixture {
  kv: KvStore;
  cleanup: () => Promise<void>;
}

/** Keys chosen for byte order: the empty key, 0x00 and 0xFF bytes, prefixes of each other. */
const ORDER_KEYS: readonly Uint8Array[] = [
  b(),
  b(0x00),
  b(0x00, 0x00),
  b(0x00, 0xff),
  b(0x01),
  b(0x7f),
  b(0x7f, 0x00),
  b(0x80),
  b(0xfe, 0xff, 0xff),
  b(0xff),
  b(0xff, 0x00),
  b(0xff, 0xff),
  b(0xff, 0xff, 0xff),
];

/** Bound values for the range tests: present keys and absent keys between them. */
const BOUNDS: readonly Uint8Array[] = [b(), b(0x00), b(0x00, 0x01), b(0x7f), b(0x7f, 0x00, 0x00), b(0xff), b(0xff, 0xff, 0xff), b(0xff, 0xff, 0xff, 0xff)];

const LIMITS: readonly (number | undefined)[] = [undefined, 0, 1, 2, 5, 100, Infinity];

/** The value stored under a key in the order tests: the key's hex plus one marker byte. */
function valueOf(key: Uint8Array): Uint8Array {
  return Uint8Array.from([...key, 0xaa]);
}

/** The expected [hexKey, hexValue] list of a range over ORDER_KEYS, computed independently. */
function expectedRange(range: KvRange): [string, string][] {
  let keys = [...ORDER_KEYS].sort(oracleCompare).filter((k) => {
    if (range.gt && oracleCompare(k, range.gt) <= 0) return false;
    if (range.gte && oracleCompare(k, range.gte) < 0) return false;
    if (range.lt && oracleCompare(k, range.lt) >= 0) return false;
    if (range.lte && oracleCompare(k, range.lte) > 0) return false;
    return true;
  });
  if (range.reverse) keys = keys.reverse();
  if (range.limit !== undefined && range.limit !== Infinity) keys = keys.slice(0, range.limit);
  return keys.map((k) => [hex(k), hex(valueOf(k))]);
}

function describeRange(range: KvRange): string {
  return JSON.stringify(range, (_k, v: unknown) => (v instanceof Uint8Array ? `0x${hex(v)}` : v === Infinity ? 'Infinity' : v));
}

/**
 * Registers the conformance suite for one implementation.
 * @param name - the implementation's name (in the describe title)
 * @param open - makes a fresh, empty, open store and its cleanup (which must tolerate a closed store)
 */
export function kvConformanceSuite(name: string, open: () => Promise<KvFixture>): void {
  describe(`KvStore conformance: ${name}`, () => {
    let kv: KvStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ kv, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    describe('get, put, del', () => {
      it('a missing key reads as undefined', async () => {
        expect(await kv.get(b(1, 2, 3))).toBeUndefined();
      });

      it('put then get returns the value, and a second put replaces it', async () => {
        await kv.put(b(1), b(10, 11));
        expect(await kv.get(b(1))).toEqual(b(10, 11));
        await kv.put(b(1), b(12));
        expect(await kv.get(b(1))).toEqual(b(12));
      });

      it('getSync reads what get reads, as a copy of its own, without a promise', async () => {
        await kv.put(b(1), b(10, 11));
        const got = kv.getSync(b(1));
        expect(got).not.toBeInstanceOf(Promise);
        expect(got).toEqual(b(10, 11));
        expect(kv.getSync(b(2))).toBeUndefined();
        got![0] = 99;
        expect(kv.getSync(b(1))).toEqual(b(10, 11));
        expect(() => kv.getSync('x' as unknown as Uint8Array)).toThrow(TypeError);
      });

      it('del removes the key, and deleting a missing key resolves', async () => {
        await kv.put(b(1), b(10));
        await kv.put(b(2), b(20));
        await kv.del(b(1));
        expect(await kv.get(b(1))).toBeUndefined();
        expect(await kv.get(b(2))).toEqual(b(20));
        await expect(kv.del(b(9))).resolves.toBeUndefined();
        expect(await entriesHex(kv)).toEqual([['02', '14']]);
      });

      it('the empty key and an empty value are stored, and an empty value is not a missing one', async () => {
        await kv.put(b(), b(1));
        await kv.put(b(5), b());
        expect(await kv.get(b())).toEqual(b(1));
        const empty = await kv.get(b(5));
        expect(empty).toBeInstanceOf(Uint8Array);
        expect(empty).toHaveLength(0);
        expect(await entriesHex(kv)).toEqual([
          ['', '01'],
          ['05', ''],
        ]);
      });

      it('keys differing only in 0x00/0xFF bytes or in length are distinct keys', async () => {
        for (const k of ORDER_KEYS) await kv.put(k, valueOf(k));
        for (const k of ORDER_KEYS) expect(hex((await kv.get(k)) ?? b(0xde, 0xad))).toBe(hex(valueOf(k)));
        expect(await collect(kv.keys())).toHaveLength(ORDER_KEYS.length);
      });

      it('a key or value given as a subarray or a Buffer is stored by its bytes', async () => {
        const frame = b(0xee, 1, 2, 3, 0xee);
        await kv.put(frame.subarray(1, 4), frame.subarray(2, 3));
        await kv.put(Buffer.from([9]), Buffer.from([8, 7]));
        expect(await kv.get(b(1, 2, 3))).toEqual(b(2));
        expect(await kv.get(Buffer.from([1, 2, 3]))).toEqual(b(2));
        expect(await kv.get(b(9))).toEqual(b(8, 7));
        expect(await entriesHex(kv)).toEqual([
          ['010203', '02'],
          ['09', '0807'],
        ]);
      });
    });

    describe('getMany', () => {
      it('returns one entry per key in order: values, undefined for missing keys, duplicates repeated', async () => {
        await kv.batch([
          { type: 'put', key: b(1), value: b(10) },
          { type: 'put', key: b(2), value: b() },
        ]);
        const got = await kv.getMany([b(2), b(3), b(1), b(2)]);
        expect(got).toEqual([b(), undefined, b(10), b()]);
      });

      it('an empty list of keys gives an empty list', async () => {
        expect(await kv.getMany([])).toEqual([]);
      });
    });

    describe('batch', () => {
      it('applies puts and deletes together, in order, the last operation on a key winning', async () => {
        await kv.put(b(1), b(1));
        await kv.put(b(2), b(2));
        await kv.batch([
          { type: 'put', key: b(3), value: b(3) },
          { type: 'del', key: b(1) },
          { type: 'put', key: b(4), value: b(4) },
          { type: 'del', key: b(4) },
          { type: 'del', key: b(5) },
          { type: 'put', key: b(5), value: b(5) },
          { type: 'put', key: b(2), value: b(0x22) },
          { type: 'put', key: b(2), value: b(0x23) },
        ]);
        expect(await entriesHex(kv)).toEqual([
          ['02', '23'],
          ['03', '03'],
          ['05', '05'],
        ]);
      });

      it('an empty batch resolves and changes nothing', async () => {
        await kv.put(b(1), b(1));
        await kv.batch([]);
        expect(await entriesHex(kv)).toEqual([['01', '01']]);
      });

      const invalid: readonly (readonly [string, unknown, string])[] = [
        ['a put without a value', { type: 'put', key: b(9) }, 'ops[2].value'],
        ['a string key', { type: 'put', key: 'k', value: b(1) }, 'ops[2].key'],
        ['a del without a key', { type: 'del' }, 'ops[2].key'],
        ['an unknown type', { type: 'merge', key: b(9), value: b(1) }, 'ops[2].type'],
        ['null', null, 'ops[2]'],
        ['a number value', { type: 'put', key: b(9), value: 7 }, 'ops[2].value'],
      ];
      it.each(invalid)('a batch whose last operation is %s rejects with TypeError naming it and applies nothing', async (_label, bad, argName) => {
        await kv.put(b(1), b(1));
        const ops = [{ type: 'put', key: b(2), value: b(2) }, { type: 'del', key: b(1) }, bad] as unknown as KvOperation[];
        await expect(kv.batch(ops)).rejects.toSatisfy((e: unknown) => e instanceof TypeError && e.message.startsWith(argName));
        expect(await entriesHex(kv)).toEqual([['01', '01']]);
      });

      it('ops that are not an array reject with TypeError and apply nothing', async () => {
        await expect(kv.batch({ type: 'put', key: b(1), value: b(1) } as unknown as KvOperation[])).rejects.toThrow(TypeError);
        expect(await entriesHex(kv)).toEqual([]);
      });
    });

    describe('write options', () => {
      it('put, del and batch accept { sync: true } and { sync: false }', async () => {
        await kv.put(b(1), b(1), { sync: true });
        await kv.put(b(2), b(2), { sync: false });
        await kv.batch([{ type: 'put', key: b(3), value: b(3) }], { sync: true });
        await kv.del(b(2), { sync: true });
        expect(await entriesHex(kv)).toEqual([
          ['01', '01'],
          ['03', '03'],
        ]);
      });

      it('a non-boolean sync rejects with TypeError naming options.sync and writes nothing', async () => {
        const bad = { sync: 'yes' } as unknown as { sync: boolean };
        await expect(kv.put(b(1), b(1), bad)).rejects.toThrow(/^options\.sync/);
        await expect(kv.batch([{ type: 'put', key: b(1), value: b(1) }], bad)).rejects.toThrow(TypeError);
        await expect(kv.del(b(1), bad)).rejects.toThrow(TypeError);
        expect(await entriesHex(kv)).toEqual([]);
      });
    });

    describe('byte order and ranges', () => {
      beforeEach(async () => {
        // Insert in a scrambled order so that order comes from the store, not from insertion.
        const scrambled = [...ORDER_KEYS].reverse().sort((x, y) => (x.length % 2) - (y.length % 2));
        await kv.batch(scrambled.map((key) => ({ type: 'put', key, value: valueOf(key) })));
      });

      it('iterates every key in unsigned byte order (empty key first, 0x00 before 0x01, prefixes first, 0xFF last)', async () => {
        expect((await collect(kv.keys())).map(hex)).toEqual(['', '00', '0000', '00ff', '01', '7f', '7f00', '80', 'feffff', 'ff', 'ff00', 'ffff', 'ffffff']);
      });

      it('entries pair each key with its value, and keys() yields the same keys', async () => {
        const entries = await entriesHex(kv);
        expect(entries).toEqual(expectedRange({}));
        expect((await collect(kv.keys())).map(hex)).toEqual(entries.map(([k]) => k));
      });

      const lowers = ['none', 'gt', 'gte'] as const;
      const uppers = ['none', 'lt', 'lte'] as const;
      const combos = lowers.flatMap((lo) => uppers.flatMap((up) => [false, true].map((reverse) => [lo, up, reverse] as const)));
      it.each(combos)('lower bound %s, upper bound %s, reverse %s: every bound pair and limit gives the expected keys', async (lo, up, reverse) => {
        for (const lower of lo === 'none' ? [undefined] : BOUNDS) {
          for (const upper of up === 'none' ? [undefined] : BOUNDS) {
            for (const limit of LIMITS) {
              const range: KvRange = { reverse };
              if (lo !== 'none') range[lo] = lower;
              if (up !== 'none') range[up] = upper;
              if (limit !== undefined) range.limit = limit;
              const expected = expectedRange(range);
              expect(await entriesHex(kv, range), describeRange(range)).toEqual(expected);
              expect((await collect(kv.keys(range))).map(hex), describeRange(range)).toEqual(expected.map(([k]) => k));
            }
          }
        }
      });

      it('a range whose lower bound is above its upper bound is empty', async () => {
        expect(await entriesHex(kv, { gte: b(0x80), lte: b(0x01) })).toEqual([]);
        expect(await entriesHex(kv, { gt: b(0x7f), lt: b(0x7f), reverse: true })).toEqual([]);
      });

      it('reverse with a limit takes the largest keys', async () => {
        expect((await collect(kv.keys({ reverse: true, limit: 3 }))).map(hex)).toEqual(['ffffff', 'ffff', 'ff00']);
        expect((await collect(kv.keys({ lt: b(0xff), reverse: true, limit: 2 }))).map(hex)).toEqual(['feffff', '80']);
      });
    });

    describe('malformed ranges', () => {
      const bad: readonly (readonly [string, unknown, typeof TypeError | typeof RangeError, RegExp])[] = [
        ['both gt and gte', { gt: b(1), gte: b(1) }, TypeError, /gt and gte/],
        ['both lt and lte', { lt: b(1), lte: b(1) }, TypeError, /lt and lte/],
        ['a string bound', { gte: 'a' }, TypeError, /^range\.gte/],
        ['a null bound', { lt: null }, TypeError, /^range\.lt/],
        ['a negative limit', { limit: -1 }, RangeError, /^range\.limit/],
        ['a fractional limit', { limit: 1.5 }, RangeError, /^range\.limit/],
        ['a NaN limit', { limit: Number.NaN }, RangeError, /^range\.limit/],
        ['a string limit', { limit: '3' }, TypeError, /^range\.limit/],
        ['a string reverse', { reverse: 'yes' }, TypeError, /^range\.reverse/],
        ['a range that is not an object', 'all', TypeError, /^range/],
      ];
      it.each(bad)('%s throws at once from entries() and keys()', (_label, range, Err, message) => {
        expect(() => kv.entries(range as KvRange)).toThrow(Err);
        expect(() => kv.entries(range as KvRange)).toThrow(message);
        expect(() => kv.keys(range as KvRange)).toThrow(Err);
      });
    });

    describe('iteration', () => {
      it('a long iteration returns every entry in order with its value (more than one read-ahead batch)', async () => {
        const n = 1000;
        const key = (i: number) => b(i >> 8, i & 0xff);
        const ops: KvOperation[] = [];
        for (let i = n - 1; i >= 0; i--) ops.push({ type: 'put', key: key(i), value: b(i & 0xff, 0x55) });
        await kv.batch(ops);
        const all = await collect(kv.entries());
        expect(all).toHaveLength(n);
        all.forEach(([k, v], i) => {
          expect(hex(k)).toBe(hex(key(i)));
          expect(hex(v)).toBe(hex(b(i & 0xff, 0x55)));
        });
        const back = await collect(kv.keys({ reverse: true, gte: key(100), limit: 300 }));
        expect(back.map(hex)).toEqual(Array.from({ length: 300 }, (_, j) => hex(key(n - 1 - j))));
      });

      it('breaking out early leaves the store usable and a new iteration starts from the beginning', async () => {
        for (let i = 0; i < 10; i++) await kv.put(b(i), b(i));
        const seen: string[] = [];
        for await (const [k] of kv.entries()) {
          seen.push(hex(k));
          if (seen.length === 2) break;
        }
        expect(seen).toEqual(['00', '01']);
        await kv.put(b(20), b(20));
        expect((await collect(kv.keys())).map(hex)).toHaveLength(11);
        const it = kv.keys()[Symbol.asyncIterator]();
        expect(hex((await it.next()).value as Uint8Array)).toBe('00');
        expect(await it.return?.()).toMatchObject({ done: true });
        expect(await it.next()).toMatchObject({ done: true });
      });

      it('an iteration sees the entries as of its first step, not later writes', async () => {
        for (const i of [1, 2, 3, 4]) await kv.put(b(i), b(i));
        const it = kv.entries()[Symbol.asyncIterator]();
        const first = await it.next();
        expect(hex((first.value as [Uint8Array, Uint8Array])[0])).toBe('01');
        await kv.put(b(5), b(5));
        await kv.del(b(3));
        await kv.put(b(2), b(0x22));
        const rest: [string, string][] = [];
        for (let r = await it.next(); !r.done; r = await it.next()) rest.push([hex(r.value[0]), hex(r.value[1])]);
        expect(rest).toEqual([
          ['02', '02'],
          ['03', '03'],
          ['04', '04'],
        ]);
        expect(await entriesHex(kv)).toEqual([
          ['01', '01'],
          ['02', '22'],
          ['04', '04'],
          ['05', '05'],
        ]);
      });

      it('an iterable not yet stepped reads the store as of its first step', async () => {
        await kv.put(b(1), b(1));
        const iterable = kv.keys();
        await kv.put(b(2), b(2));
        expect((await collect(iterable)).map(hex)).toEqual(['01', '02']);
      });
    });

    describe('close', () => {
      it('after close() every method rejects with KvClosedError, close() included', async () => {
        await kv.put(b(1), b(1));
        await kv.close();
        await expectRejectsNamed(kv.get(b(1)), 'KvClosedError');
        expect(() => kv.getSync(b(1))).toThrow(expect.objectContaining({ name: 'KvClosedError' }));
        await expectRejectsNamed(kv.getMany([b(1)]), 'KvClosedError');
        await expectRejectsNamed(kv.put(b(2), b(2)), 'KvClosedError');
        await expectRejectsNamed(kv.del(b(1)), 'KvClosedError');
        await expectRejectsNamed(kv.batch([{ type: 'del', key: b(1) }]), 'KvClosedError');
        await expectRejectsNamed(collect(kv.entries()), 'KvClosedError');
        await expectRejectsNamed(collect(kv.keys({ gte: b(0) })), 'KvClosedError');
        await expectRejectsNamed(kv.close(), 'KvClosedError');
      });

      it('KvClosedError is an Error whose name is KvClosedError', async () => {
        await kv.close();
        const e: unknown = await kv.get(b(1)).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(Error);
        expect((e as Error).name).toBe('KvClosedError');
      });

      it('an iteration running when the store closes rejects with KvClosedError at its next step', async () => {
        for (let i = 0; i < 5; i++) await kv.put(b(i), b(i));
        const it = kv.entries()[Symbol.asyncIterator]();
        expect((await it.next()).done).toBe(false);
        await kv.close();
        await expectRejectsNamed(it.next(), 'KvClosedError');
      });

      it('an iterable made before close() rejects with KvClosedError when stepped after it', async () => {
        await kv.put(b(1), b(1));
        const iterable = kv.entries();
        await kv.close();
        await expectRejectsNamed(collect(iterable), 'KvClosedError');
      });
    });

    describe('value isolation', () => {
      it('changing a key or value after put does not change the store', async () => {
        const key = b(1);
        const value = b(10, 11);
        await kv.put(key, value);
        const batchValue = b(20);
        await kv.batch([{ type: 'put', key: b(2), value: batchValue }]);
        key[0] = 9;
        value[0] = 99;
        batchValue[0] = 99;
        expect(await kv.get(b(1))).toEqual(b(10, 11));
        expect(await kv.get(b(9))).toBeUndefined();
        expect(await kv.get(b(2))).toEqual(b(20));
      });

      it('changing returned bytes (get, getMany, entries, keys) does not change the store', async () => {
        await kv.put(b(1), b(10));
        const got = (await kv.get(b(1))) as Uint8Array;
        got[0] = 0;
        const [many] = (await kv.getMany([b(1)])) as [Uint8Array];
        many[0] = 0;
        const [[ek, ev]] = (await collect(kv.entries())) as [[Uint8Array, Uint8Array]];
        ek[0] = 7;
        ev[0] = 0;
        const [kk] = (await collect(kv.keys())) as [Uint8Array];
        kk[0] = 8;
        expect(await entriesHex(kv)).toEqual([['01', '0a']]);
      });

      it('returned bytes are fresh plain Uint8Arrays, not Buffers and not shared', async () => {
        await kv.put(b(1), b(10));
        const x = (await kv.get(b(1))) as Uint8Array;
        const y = (await kv.get(b(1))) as Uint8Array;
        expect(x.constructor).toBe(Uint8Array);
        expect(Buffer.isBuffer(x)).toBe(false);
        expect(x.buffer).not.toBe(y.buffer);
        const [[k, v]] = (await collect(kv.entries())) as [[Uint8Array, Uint8Array]];
        expect(k.constructor).toBe(Uint8Array);
        expect(v.constructor).toBe(Uint8Array);
        const [m] = await kv.getMany([b(1)]);
        expect(m?.constructor).toBe(Uint8Array);
        const [kk] = await collect(kv.keys());
        expect(kk?.constructor).toBe(Uint8Array);
      });

      it('changing a range bound after calling entries() does not change the range', async () => {
        for (const i of [1, 2, 3]) await kv.put(b(i), b(i));
        const lower = b(2);
        const iterable = kv.keys({ gte: lower });
        lower[0] = 0;
        expect((await collect(iterable)).map(hex)).toEqual(['02', '03']);
      });
    });

    describe('wrong inputs', () => {
      const notBytes: readonly (readonly [string, unknown])[] = [
        ['undefined', undefined],
        ['null', null],
        ['a string', '01'],
        ['a number', 1],
        ['an array of numbers', [1]],
        ['an ArrayBuffer', new ArrayBuffer(1)],
        ['a Uint16Array', new Uint16Array(1)],
      ];
      it.each(notBytes)('a key that is %s rejects with TypeError naming key', async (_label, key) => {
        const k = key as Uint8Array;
        await expect(kv.get(k)).rejects.toThrow(/^key must be a Uint8Array/);
        await expect(kv.put(k, b(1))).rejects.toThrow(/^key must be a Uint8Array/);
        await expect(kv.del(k)).rejects.toThrow(/^key must be a Uint8Array/);
        await expect(kv.getMany([b(1), k])).rejects.toThrow(/^keys\[1\] must be a Uint8Array/);
        expect(await entriesHex(kv)).toEqual([]);
      });

      it.each(notBytes)('a value that is %s rejects with TypeError naming value', async (_label, value) => {
        await expect(kv.put(b(1), value as Uint8Array)).rejects.toThrow(TypeError);
        await expect(kv.put(b(1), value as Uint8Array)).rejects.toThrow(/^value must be a Uint8Array/);
        expect(await kv.get(b(1))).toBeUndefined();
      });

      it('getMany of something other than an array rejects with TypeError naming keys', async () => {
        await expect(kv.getMany(b(1) as unknown as Uint8Array[])).rejects.toThrow(/^keys must be an array/);
      });
    });
  });
}
