/**
 * How a segment packs partitions into blocks (storage/segment.ts writeSegment): blocks stay
 * within the block size unless a single row is larger; a block holds at most one fragment of a
 * partition (a partition that goes on starts the next block); every row comes back, in order,
 * through point and partition reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretKey, randomBytes } from '../../src/crypto/index.js';
import { TableKeyEntry } from '../../src/keys/index.js';
import { encodeFragments } from '../../src/storage/fragment-codec.js';
import { MemoryKv, compareBytes } from '../../src/storage/kv/index.js';
import { emptyPartition, hexOf, sortedRows, type PartitionState } from '../../src/storage/partition.js';
import { Segment, writeSegment } from '../../src/storage/segment.js';

const place = { tableId: '0'.repeat(31) + '1', tableName: 'ks.t', segmentId: '0'.repeat(31) + '2' };

function partitionOf(key: number, rows: number[], valueBytes: number): PartitionState {
  const p = emptyPartition(new Uint8Array([key]));
  if (key % 3 === 0) p.deletion = 5;
  if (key % 4 === 0) p.ranges.push({ start: { key: new Uint8Array([0]), inclusive: true }, ts: 6 });
  if (key % 5 === 0) p.staticRow = { cells: new Map([[9, { ts: 7, value: new Uint8Array(valueBytes) }]]) };
  for (const r of rows) {
    const clustering = new Uint8Array([r >> 8, r & 0xff]);
    p.rows.set(hexOf(clustering), { clustering, row: { marker: { ts: 10 + r }, cells: new Map([[1, { ts: 10 + r, value: new Uint8Array(valueBytes).fill(r & 0xff) }]]) } });
  }
  return p;
}

async function written(parts: PartitionState[], blockSize: number): Promise<{ segment: Segment; entry: TableKeyEntry }> {
  const entry = new TableKeyEntry({ tableId: place.tableId, version: 1, key: SecretKey.copyOf(randomBytes(32)), createdAt: 0 });
  const kv = new MemoryKv();
  const { ops } = await writeSegment(place, entry, 1, parts, blockSize, 0);
  await kv.batch(ops);
  return { segment: await Segment.load(kv, place), entry };
}

/** The fragments of a partition in a segment (of the row `clustering` only, when given), decoded. */
function fragmentsOf(segment: Segment, entry: TableKeyEntry, key: Uint8Array, clustering?: Uint8Array): PartitionState[] {
  return segment.partitionSpans(entry, key, clustering).map((span) => segment.decodeSpan(span));
}

describe('writeSegment packs blocks', () => {
  it('random partitions: blocks fit the block size (or hold one oversized row), one fragment per partition per block, every row read back', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 40 })), { maxLength: 12 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(128, 512, 4096),
        async (raw, valueBytes, blockSize) => {
          const seen = new Set<number>();
          const parts = raw.filter(([k]) => !seen.has(k) && seen.add(k)).map(([k, rows]) => partitionOf(k, rows, valueBytes)).sort((a, b) => compareBytes(a.key, b.key));
          const { segment, entry } = await written(parts, blockSize);
          for (let n = 0; n < segment.header.blockCount; n++) {
            const frags = segment.block(entry, n, false);
            const keys = frags.map((f) => hexOf(f.key));
            expect(new Set(keys).size, `block ${n}: one fragment per partition`).toBe(keys.length);
            // encodeFragments gives the block's plaintext: u32 count and the fragments.
            const size = encodeFragments(frags).length;
            expect(encodeFragments(frags.slice(0, -1)).length, `block ${n}: all but its last fragment fit`).toBeLessThanOrEqual(blockSize);
            if (size > blockSize) expect(frags.at(-1)!.rows.size, `block ${n} (${size} bytes) overflows by one row at most`).toBeLessThanOrEqual(1);
          }
          for (const p of parts) {
            const got = fragmentsOf(segment, entry, p.key);
            const rows = got.flatMap((f) => [...f.rows.values()]);
            expect(rows.map((r) => hexOf(r.clustering))).toEqual(sortedRows(p).map((r) => hexOf(r.clustering)));
            expect(got.every((f) => f.deletion === p.deletion)).toBe(true);
            expect(got[0]?.staticRow).toEqual(p.staticRow);
            for (const r of sortedRows(p)) {
              const point = fragmentsOf(segment, entry, p.key, r.clustering);
              const hits = point.flatMap((f) => [...f.rows.values()]);
              expect(hits.map((h) => hexOf(h.clustering))).toEqual([hexOf(r.clustering)]);
              expect(hits[0]!.row).toEqual(r.row);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('100 rows of ~600 bytes in 4 KiB blocks: 6 rows a block, every block full to within a row', async () => {
    const p = partitionOf(1, Array.from({ length: 100 }, (_, i) => i), 600);
    const { segment, entry } = await written([p], 4096);
    const perBlock = Array.from({ length: segment.header.blockCount }, (_, n) => segment.block(entry, n)).map((frags) => {
      expect(frags).toHaveLength(1);
      return frags[0]!.rows.size;
    });
    // Row: 4 + 2 clustering + 1 + 8 marker + 4 + (13 + 4 + 600) cell = 636 bytes; head 4 + 1 + 1 + 4 + 4 = 14.
    expect(perBlock).toEqual([...Array(16).fill(6), 4]);
  });
});
