/**
 * Differential property: random sequences of KV operations give identical results on LevelDB
 * and on the in-memory model, step by step and in the final contents.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryKv, openLevelKv, type KvOperation, type KvRange, type KvStore } from '../../../src/storage/kv/index.js';
import { closeQuietly, hex, tempDir } from './_helpers.js';

/** Keys over a small alphabet of edge bytes, so that sequences revisit keys and prefixes. */
const key = fc.array(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff), { maxLength: 3 }).map((a) => Uint8Array.from(a));
const value = fc.uint8Array({ maxLength: 4 });

const kvOp: fc.Arbitrary<KvOperation> = fc.oneof(
  fc.record({ type: fc.constant('put' as const), key, value }),
  fc.record({ type: fc.constant('del' as const), key }),
);

const range: fc.Arbitrary<KvRange> = fc
  .record({
    lower: fc.option(fc.tuple(fc.constantFrom('gt' as const, 'gte' as const), key), { nil: undefined }),
    upper: fc.option(fc.tuple(fc.constantFrom('lt' as const, 'lte' as const), key), { nil: undefined }),
    reverse: fc.option(fc.boolean(), { nil: undefined }),
    limit: fc.option(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(Infinity)), { nil: undefined }),
  })
  .map(({ lower, upper, reverse, limit }) => {
    const r: KvRange = {};
    if (lower) r[lower[0]] = lower[1];
    if (upper) r[upper[0]] = upper[1];
    if (reverse !== undefined) r.reverse = reverse;
    if (limit !== undefined) r.limit = limit;
    return r;
  });

type Step =
  | { kind: 'put'; key: Uint8Array; value: Uint8Array }
  | { kind: 'del'; key: Uint8Array }
  | { kind: 'batch'; ops: KvOperation[]; poison: boolean }
  | { kind: 'get'; key: Uint8Array }
  | { kind: 'getMany'; keys: Uint8Array[] }
  | { kind: 'entries'; range: KvRange }
  | { kind: 'keys'; range: KvRange }
  | { kind: 'interleaved'; range: KvRange; first: number; writes: KvOperation[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('put' as const), key, value }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('del' as const), key }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('batch' as const), ops: fc.array(kvOp, { maxLength: 6 }), poison: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('get' as const), key }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('getMany' as const), keys: fc.array(key, { maxLength: 4 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('entries' as const), range }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('keys' as const), range }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('interleaved' as const), range, first: fc.integer({ min: 0, max: 3 }), writes: fc.array(kvOp, { maxLength: 3 }) }),
    weight: 1,
  },
);

/** Runs one step and returns a comparable description of its outcome. */
async function run(kv: KvStore, s: Step): Promise<unknown> {
  const h = (x: Uint8Array | undefined) => (x === undefined ? null : hex(x));
  try {
    switch (s.kind) {
      case 'put':
        return await kv.put(s.key, s.value);
      case 'del':
        return await kv.del(s.key);
      case 'batch':
        // A poisoned batch ends with an invalid operation: nothing of it may be applied.
        return await kv.batch(s.poison ? [...s.ops, { type: 'put', key: 'bad' } as unknown as KvOperation] : s.ops);
      case 'get':
        return h(await kv.get(s.key));
      case 'getMany':
        return (await kv.getMany(s.keys)).map(h);
      case 'entries': {
        const out: [string, string][] = [];
        for await (const [k, v] of kv.entries(s.range)) out.push([hex(k), hex(v)]);
        return out;
      }
      case 'keys': {
        const out: string[] = [];
        for await (const k of kv.keys(s.range)) out.push(hex(k));
        return out;
      }
      case 'interleaved': {
        // Step part way, write, then finish: the iteration must keep its snapshot.
        const it = kv.entries(s.range)[Symbol.asyncIterator]();
        const out: string[] = [];
        let r = await it.next();
        for (let i = 0; i < s.first && !r.done; i++, r = await it.next()) out.push(hex(r.value[0]));
        await kv.batch(s.writes);
        for (; !r.done; r = await it.next()) out.push(hex(r.value[0]));
        return out;
      }
    }
  } catch (e) {
    return { error: (e as Error).name };
  }
}

describe('LevelKv and MemoryKv (differential property)', () => {
  it('random operation sequences give the same result at every step and the same final contents', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const dir = await tempDir('kv-prop');
        const level = await openLevelKv(join(dir.path, 'db'));
        const memory = new MemoryKv();
        try {
          for (const [i, s] of steps.entries()) {
            const expected = await run(memory, s);
            expect(await run(level, s), `step ${i}: ${s.kind}`).toEqual(expected);
          }
          const all = async (kv: KvStore) => {
            const out: [string, string][] = [];
            for await (const [k, v] of kv.entries()) out.push([hex(k), hex(v)]);
            return out;
          };
          expect(await all(level)).toEqual(await all(memory));
          expect(await all(level)).toEqual([...memory.snapshot()].map(([k, v]) => [k, hex(v)]));
        } finally {
          await closeQuietly(level);
          await dir.remove();
        }
      }),
      { numRuns: 200 },
    );
  });
});
