/**
 * Cassandra's reconciliation rules as the engine applies them (storage/partition.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  cellIsLive,
  cellWins,
  compactPartition,
  emptyPartition,
  hexOf,
  inRange,
  markerIsLive,
  mergePartition,
  shadowingDeletion,
  type Cell,
  type PartitionState,
} from '../../src/storage/partition.js';

const v = (...b: number[]): Uint8Array => Uint8Array.from(b);
const cell = (ts: number, value: Uint8Array | null, expiresAt?: number): Cell => ({ ts, value, ...(expiresAt === undefined ? {} : { expiresAt }) });

function withRow(key: Uint8Array, clustering: Uint8Array, cells: [number, Cell][], extra: Partial<PartitionState> = {}): PartitionState {
  const p = { ...emptyPartition(key), ...extra };
  p.rows.set(hexOf(clustering), { clustering, row: { cells: new Map(cells) } });
  return p;
}

describe('cell reconciliation', () => {
  it('the cell with the newer timestamp wins, whatever arrives last', () => {
    expect(cellWins(cell(2, v(1)), cell(1, v(9)))).toBe(true);
    expect(cellWins(cell(1, v(9)), cell(2, v(1)))).toBe(false);
  });
  it('on equal timestamps a tombstone wins over a value', () => {
    expect(cellWins(cell(5, null), cell(5, v(1)))).toBe(true);
    expect(cellWins(cell(5, v(1)), cell(5, null))).toBe(false);
  });
  it('on equal timestamps between values the greater value wins (Cassandra compares bytes)', () => {
    expect(cellWins(cell(5, v(2)), cell(5, v(1)))).toBe(true);
    expect(cellWins(cell(5, v(1)), cell(5, v(2)))).toBe(false);
  });
  it('merging partitions keeps the winning cell per column', () => {
    const a = withRow(v(1), v(1), [[1, cell(10, v(1))], [2, cell(5, v(5))]]);
    const b = withRow(v(1), v(1), [[1, cell(9, v(9))], [2, cell(6, v(6))]]);
    mergePartition(a, b);
    const row = a.rows.get(hexOf(v(1)))!.row;
    expect(row.cells.get(1)!.value).toEqual(v(1));
    expect(row.cells.get(2)!.value).toEqual(v(6));
  });
});

describe('deletions and TTL', () => {
  it('a deletion at timestamp T shadows cells written at or before T, not after', () => {
    expect(cellIsLive(cell(10, v(1)), 10, 0)).toBe(false);
    expect(cellIsLive(cell(11, v(1)), 10, 0)).toBe(true);
  });
  it('a TTL cell is live until its expiry time, then not', () => {
    expect(cellIsLive(cell(1, v(1), 1000), undefined, 999)).toBe(true);
    expect(cellIsLive(cell(1, v(1), 1000), undefined, 1000)).toBe(false);
  });
  it('a row marker is shadowed by a newer deletion and expires with its TTL', () => {
    expect(markerIsLive({ ts: 5 }, 6, 0)).toBe(false);
    expect(markerIsLive({ ts: 7 }, 6, 0)).toBe(true);
    expect(markerIsLive({ ts: 7, expiresAt: 100 }, undefined, 100)).toBe(false);
  });
  it('the shadowing deletion of a row is the newest of partition, range and row deletions', () => {
    const p = withRow(v(1), v(5), [], { deletion: 3, ranges: [{ start: { key: v(4), inclusive: true }, end: { key: v(6), inclusive: false }, ts: 8 }] });
    expect(shadowingDeletion(p, v(5), { cells: new Map(), deletion: 7 })).toBe(8);
    expect(shadowingDeletion(p, v(6), { cells: new Map(), deletion: 7 })).toBe(7);
    expect(shadowingDeletion(p, v(9), { cells: new Map() })).toBe(3);
  });
  it('range bounds are prefixes: a key starting with an inclusive bound is inside, with an exclusive one outside', () => {
    const rt = { start: { key: v(1), inclusive: true }, end: { key: v(2), inclusive: false }, ts: 1 };
    expect(inRange(v(1, 0, 7), rt)).toBe(true);
    expect(inRange(v(2, 0, 0), rt)).toBe(false);
    expect(inRange(v(0, 9), rt)).toBe(false);
    expect(inRange(v(1, 9), { ts: 1 })).toBe(true);
  });
});

describe('compaction purge', () => {
  it('drops cells shadowed by a deletion, but keeps the deletion while inside the grace period', () => {
    const p = withRow(v(1), v(1), [[1, cell(5, v(1))], [2, cell(20, v(2))]], { deletion: 10 });
    const out = compactPartition(p, 0, undefined)!;
    const row = out.rows.get(hexOf(v(1)))!.row;
    expect([...row.cells.keys()]).toEqual([2]);
    expect(out.deletion).toBe(10);
  });
  it('a major compaction past the grace period purges tombstones and expired cells older than it', () => {
    const p = withRow(v(1), v(1), [[1, cell(5_000, null)], [2, cell(5_000, v(2), 6)], [3, cell(50_000, v(3))]], { deletion: 1_000 });
    const out = compactPartition(p, 100, 10)!;
    expect(out.deletion).toBeUndefined();
    expect([...out.rows.get(hexOf(v(1)))!.row.cells.keys()]).toEqual([3]);
  });
  it('a partition with nothing left disappears', () => {
    const p = withRow(v(1), v(1), [[1, cell(5, v(1))]], { deletion: 10 });
    expect(compactPartition(p, 0, 1)).toBeUndefined();
  });
});
