/**
 * A decrypted block read in place (storage/block-view.ts): the fragments and rows it finds are
 * the ones the fragment codec wrote, a point lookup decodes only its row, and malformed bytes
 * fail with CorruptDataError instead of reading out of bounds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter, CorruptDataError } from '../../src/storage/_bytes.js';
import { BlockView } from '../../src/storage/block-view.js';
import { decodeFragments, writeFragment } from '../../src/storage/fragment-codec.js';
import { compareBytes } from '../../src/storage/kv/index.js';
import { emptyPartition, hexOf, sortedRows, type PartitionState, type RowState } from '../../src/storage/partition.js';
import { partitionArb } from './_fragment-arbitraries.js';

const b = (...xs: number[]): Uint8Array => new Uint8Array(xs);

function row(ts: number, value: number[] | null, extra: Partial<RowState> = {}): RowState {
  return { marker: { ts }, cells: new Map([[1, { ts, value: value === null ? null : b(...value) }]]), ...extra };
}

/** A block as segment.ts frames it: u32 count, then fragments; rows sorted; `split` cuts a partition's rows into several fragments. */
function block(parts: PartitionState[], split = 0): Uint8Array {
  const w = new ByteWriter();
  const frags: [PartitionState, ReturnType<typeof sortedRows>][] = [];
  for (const p of parts) {
    const rows = sortedRows(p);
    if (split > 0 && rows.length > split) {
      for (let i = 0; i < rows.length; i += split) frags.push([i === 0 ? p : { ...p, staticRow: undefined } as PartitionState, rows.slice(i, i + split)]);
    } else frags.push([p, rows]);
  }
  w.u32(frags.length);
  for (const [p, rows] of frags) {
    const head: PartitionState = { key: p.key, ranges: p.ranges, rows: new Map() };
    if (p.deletion !== undefined) head.deletion = p.deletion;
    if (p.staticRow) head.staticRow = p.staticRow;
    writeFragment(w, head, rows);
  }
  return w.finish();
}

function partition(key: number[], rows: [number[], RowState][], extra: Partial<PartitionState> = {}): PartitionState {
  const p = { ...emptyPartition(b(...key)), ...extra };
  for (const [c, r] of rows) p.rows.set(hexOf(b(...c)), { clustering: b(...c), row: r });
  return p;
}

const P1 = partition([1], [[[5], row(10, [50])], [[1], row(11, [10])], [[9], row(12, null)]], { deletion: 3, ranges: [{ start: { key: b(2), inclusive: true }, end: { key: b(3), inclusive: false }, ts: 4 }], staticRow: row(7, [70]) });
const P2 = partition([2], [[[0], row(20, [1, 2, 3])]]);
const P4 = partition([4, 0], [[[1, 1], row(40, [4])], [[1], row(41, [5])], [[2], row(42, [6])], [[3], row(43, [7])]]);

describe('BlockView', () => {
  it('indexes every fragment and row of a block and decodes them as the fragment codec does', () => {
    const bytes = block([P1, P2, P4]);
    const view = BlockView.of(bytes);
    expect(view.fragments.map((f) => f.rows.length)).toEqual([3, 1, 4]);
    expect(view.fragments.map((f) => view.decode(f, 'all'))).toEqual(decodeFragments(bytes));
  });

  it('finds a partition by key, and nothing for a key before, between or after the ones it holds', () => {
    const view = BlockView.of(block([P1, P2, P4]));
    expect(view.find(b(2)).map((f) => view.decode(f, 'all').rows.size)).toEqual([1]);
    expect(view.find(b(4, 0))).toHaveLength(1);
    for (const absent of [b(), b(0), b(1, 0), b(3), b(4), b(4, 0, 0), b(5)]) expect(view.find(absent)).toEqual([]);
  });

  it('finds every fragment of a partition that a block holds several of, in order', () => {
    const view = BlockView.of(block([P2, P4], 1));
    const frags = view.find(b(4, 0));
    expect(frags).toHaveLength(4);
    expect(frags.map((f) => [...view.decode(f, 'all').rows.keys()])).toEqual([['01'], ['0101'], ['02'], ['03']]);
  });

  it('a point lookup decodes only its row, with what shadows it (deletion, range tombstones) and the static row', () => {
    const view = BlockView.of(block([P1, P2]));
    const [f] = view.find(b(1));
    const at = view.rowIndex(f!, b(5));
    expect(at).toBe(1);
    const one = view.decode(f!, { index: at });
    expect([...one.rows.keys()]).toEqual(['05']);
    expect(one.rows.get('05')).toEqual(P1.rows.get('05'));
    expect(one.deletion).toBe(3);
    expect(one.ranges).toEqual(P1.ranges);
    expect(one.staticRow).toEqual(P1.staticRow);
    const none = view.decode(f!, 'none');
    expect(none.rows.size).toBe(0);
    expect(none.deletion).toBe(3);
    for (const absent of [b(), b(0), b(2), b(5, 0), b(10)]) expect(view.rowIndex(f!, absent)).toBe(-1);
  });

  it('decoded keys and values are views into the block (no copies), equal to what was written', () => {
    const bytes = block([P2]);
    const view = BlockView.of(bytes);
    const p = view.decode(view.fragments[0]!, 'all');
    const r = p.rows.get('00')!;
    expect(r.clustering.buffer).toBe(bytes.buffer);
    expect(r.row.cells.get(1)!.value!.buffer).toBe(bytes.buffer);
    expect([...r.row.cells.get(1)!.value!]).toEqual([1, 2, 3]);
  });

  it('random sorted blocks: every fragment decodes as the codec decodes it, every row is found, absent keys are not', () => {
    fc.assert(
      fc.property(fc.array(partitionArb, { maxLength: 5 }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 3 }), (raw, split, probe) => {
        // Blocks hold partitions in key order, one partition once (several fragments in a row at most).
        const seen = new Set<string>();
        const parts = raw.filter((p) => !seen.has(hexOf(p.key)) && seen.add(hexOf(p.key))).sort((x, y) => compareBytes(x.key, y.key));
        const bytes = block(parts, split);
        const view = BlockView.of(bytes);
        expect(view.fragments.map((f) => view.decode(f, 'all'))).toEqual(decodeFragments(bytes));
        for (const p of parts) {
          const frags = view.find(p.key);
          expect(frags.length).toBeGreaterThan(0);
          for (const { clustering, row: r } of p.rows.values()) {
            const hits = frags.map((f) => ({ f, i: view.rowIndex(f, clustering) })).filter((x) => x.i >= 0);
            expect(hits).toHaveLength(1);
            expect(view.decode(hits[0]!.f, { index: hits[0]!.i }).rows.get(hexOf(clustering))!.row).toEqual(r);
          }
        }
        if (!seen.has(hexOf(probe))) expect(view.find(probe)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('a truncated or malformed block fails with CorruptDataError, never a read out of bounds', () => {
    const bytes = block([P1, P2, P4]);
    for (let cut = 0; cut < bytes.length; cut++) expect(() => BlockView.of(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(CorruptDataError);
    const lying = Uint8Array.from(bytes);
    new DataView(lying.buffer).setUint32(4, 1_000_000); // the first key's length
    expect(() => BlockView.of(lying)).toThrow(CorruptDataError);
    const tooMany = Uint8Array.from(bytes);
    new DataView(tooMany.buffer).setUint32(0, 4); // one fragment more than there is
    expect(() => BlockView.of(tooMany)).toThrow(CorruptDataError);
  });
});

describe('BlockView.head', () => {
  it('is the fragment without rows, decoded once and shared', () => {
    const view = BlockView.of(block([P1, P2]));
    const [f] = view.find(b(1));
    const head = view.head(f!);
    expect(head).toBe(view.head(f!));
    expect(head).toEqual(view.decode(f!, 'none'));
    expect(head.rows.size).toBe(0);
    expect(head.staticRow).toEqual(P1.staticRow);
  });
});
