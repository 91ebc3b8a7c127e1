import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Level } from 'level';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLevelKv, type KvStore } from '../../../src/storage/kv/index.js';
import { kvConformanceSuite } from './conformance.js';
import { b, closeQuietly, collect, entriesHex, tempDir } from './_helpers.js';

kvConformanceSuite('LevelKv', async () => {
  const dir = await tempDir('kv');
  const kv = await openLevelKv(join(dir.path, 'db'));
  return {
    kv,
    cleanup: async () => {
      await closeQuietly(kv);
      await dir.remove();
    },
  };
});

describe('openLevelKv', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const opened: KvStore[] = [];

  beforeEach(async () => {
    dir = await tempDir('kv');
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const kv of opened.splice(0)) await closeQuietly(kv);
    await dir.remove();
  });

  async function open(path = join(dir.path, 'db')): Promise<KvStore> {
    const kv = await openLevelKv(path);
    opened.push(kv);
    return kv;
  }

  it('keeps what was written across close and reopen of the same directory', async () => {
    const path = join(dir.path, 'db');
    const first = await open(path);
    await first.put(b(1), b(1), { sync: true });
    await first.batch(
      [
        { type: 'put', key: b(2), value: b(2) },
        { type: 'put', key: b(0xff, 0x00), value: b() },
      ],
      { sync: true },
    );
    await first.del(b(1), { sync: true });
    await first.close();
    const second = await open(path);
    expect(await entriesHex(second)).toEqual([
      ['02', '02'],
      ['ff00', ''],
    ]);
  });

  it('creates missing parent directories', async () => {
    const kv = await open(join(dir.path, 'a', 'b', 'db'));
    await kv.put(b(1), b(1));
    expect(await kv.get(b(1))).toEqual(b(1));
  });

  it('rejects while another handle holds the directory (LevelDB lock)', async () => {
    const path = join(dir.path, 'db');
    await open(path);
    await expect(openLevelKv(path)).rejects.toSatisfy(
      (e: unknown) => (e as { code?: unknown }).code === 'LEVEL_DATABASE_NOT_OPEN' && ((e as Error).cause as { code?: unknown } | undefined)?.code === 'LEVEL_LOCKED',
    );
  });

  it('rejects a path that is a file', async () => {
    const path = join(dir.path, 'file');
    await writeFile(path, 'x');
    await expect(openLevelKv(path)).rejects.toThrow();
  });

  it.each([
    ['an empty string', ''],
    ['a number', 1],
    ['undefined', undefined],
  ])('a path that is %s throws TypeError naming path', async (_label, path) => {
    await expect(openLevelKv(path as string)).rejects.toThrow(/^path must be a non-empty string/);
  });

  it('passes sync through to LevelDB on put, del and batch', async () => {
    const kv = await open();
    const put = vi.spyOn(Level.prototype, 'put');
    const del = vi.spyOn(Level.prototype, 'del');
    const batch = vi.spyOn(Level.prototype, 'batch');
    await kv.put(b(1), b(1), { sync: true });
    await kv.put(b(2), b(2));
    await kv.del(b(1), { sync: true });
    await kv.batch([{ type: 'del', key: b(2) }], { sync: true });
    await kv.batch([{ type: 'del', key: b(2) }], { sync: false });
    const syncOf = (calls: unknown[][], at: number) => calls.map((c) => (c[at] as { sync?: boolean } | undefined)?.sync);
    expect(syncOf(put.mock.calls, 2)).toEqual([true, false]);
    expect(syncOf(del.mock.calls, 1)).toEqual([true]);
    expect(syncOf(batch.mock.calls, 1)).toEqual([true, false]);
  });

  it('closes the LevelDB iterator when a consumer breaks out early, and after a full iteration', async () => {
    const kv = await open();
    for (let i = 0; i < 5; i++) await kv.put(b(i), b(i));
    const closes: ReturnType<typeof vi.fn>[] = [];
    const original = Level.prototype.iterator;
    vi.spyOn(Level.prototype, 'iterator').mockImplementation(function (this: Level<Uint8Array, Uint8Array>, ...args: unknown[]) {
      const it = (original as (...a: unknown[]) => { close: () => Promise<void> }).apply(this, args);
      const spy = vi.fn(it.close.bind(it));
      it.close = spy;
      closes.push(spy);
      return it as never;
    });
    for await (const [k] of kv.entries()) if (k[0] === 1) break;
    expect(closes).toHaveLength(1);
    expect(closes[0]).toHaveBeenCalledTimes(1);
    await collect(kv.keys({ limit: 2 }));
    expect(closes).toHaveLength(2);
    expect(closes[1]).toHaveBeenCalledTimes(1);
    // An iterable that is never stepped opens no LevelDB iterator.
    kv.entries();
    expect(closes).toHaveLength(2);
  });

  it('turns LevelDB "not open" failures after close() into KvClosedError with the LevelDB error as cause', async () => {
    const kv = await open();
    for (let i = 0; i < 3; i++) await kv.put(b(i), b(i));
    const it = kv.entries()[Symbol.asyncIterator]();
    // Step through the whole first read-ahead batch, so the next step has to ask LevelDB again.
    for (let i = 0; i < 3; i++) expect((await it.next()).done).toBe(false);
    await kv.close();
    const e: unknown = await it.next().catch((x: unknown) => x);
    expect((e as Error).name).toBe('KvClosedError');
    expect(((e as Error).cause as { code?: unknown } | undefined)?.code).toBe('LEVEL_ITERATOR_NOT_OPEN');
  });
});
