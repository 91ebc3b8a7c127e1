/**
 * Shared helpers of the KV tests: byte builders, an independent byte-order oracle
 * (`Buffer.compare`, not the code under test), iteration collectors and temporary LevelDB dirs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { KvStore } from '../../../src/storage/kv/index.js';

/** Bytes from numbers. */
export function b(...bytes: number[]): Uint8Array {
  return Uint8Array.from(bytes);
}

/** Lowercase hex of bytes ('' for empty). */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Bytes from hex. */
export function unhex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Byte order by node's Buffer.compare: the oracle the implementations are checked against. */
export function oracleCompare(a: Uint8Array, c: Uint8Array): number {
  return Buffer.compare(a, c);
}

/** All items of an async iterable. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** All entries of a range as [hexKey, hexValue] pairs. */
export async function entriesHex(kv: KvStore, range?: Parameters<KvStore['entries']>[0]): Promise<[string, string][]> {
  return (await collect(kv.entries(range))).map(([k, v]) => [hex(k), hex(v)]);
}

/** Expects a promise to reject with an error of that name. */
export async function expectRejectsNamed(p: Promise<unknown>, name: string): Promise<void> {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof Error && e.name === name);
}

/** A fresh directory under the OS temp dir, and a function removing it. */
export async function tempDir(label: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `sealtable-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Closes a store unless it is already closed (test cleanup). */
export async function closeQuietly(kv: KvStore): Promise<void> {
  try {
    await kv.close();
  } catch (e) {
    if (!(e instanceof Error && e.name === 'KvClosedError')) throw e;
  }
}
