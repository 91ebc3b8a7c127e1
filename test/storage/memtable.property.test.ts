/**
 * The memtable (storage/memtable.ts): `adopt`, which takes an update's objects as they are, leaves
 * the memtable as `apply`, which copies them, does, for any sequence of updates (several to one
 * partition and one row among them), the two mixed too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Memtable } from '../../src/storage/memtable.js';
import { emptyPartition, hexOf, type Cell, type PartitionState, type RowState } from '../../src/storage/partition.js';

const small = fc.uint8Array({ minLength: 1, maxLength: 2 }).map((b) => b.map((x) => x % 3));
const ts = fc.integer({ min: 0, max: 20 });
const cellArb: fc.Arbitrary<Cell> = fc
  .record({ ts, value: fc.option(small, { nil: null }), expiresAt: fc.option(ts, { nil: undefined }) })
  .map((c) => (c.expiresAt === undefined ? { ts: c.ts, value: c.value } : { ts: c.ts, value: c.value, expiresAt: c.expiresAt, ttl: 60 }));
const rowArb: fc.Arbitrary<RowState> = fc
  .record({
    marker: fc.option(fc.oneof(fc.record({ ts }), fc.record({ ts, expiresAt: ts, ttl: fc.nat() })), { nil: undefined }),
    deletion: fc.option(ts, { nil: undefined }),
    cells: fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), cellArb), { maxLength: 3 }),
  })
  .map((r) => {
    const row: RowState = { cells: new Map(r.cells) };
    if (r.marker) row.marker = r.marker;
    if (r.deletion !== undefined) row.deletion = r.deletion;
    return row;
  });
const updateArb: fc.Arbitrary<PartitionState> = fc
  .record({
    key: small,
    deletion: fc.option(ts, { nil: undefined }),
    ranges: fc.array(fc.record({ start: fc.record({ key: small, inclusive: fc.boolean() }), ts }), { maxLength: 1 }),
    staticRow: fc.option(rowArb, { nil: undefined }),
    rows: fc.array(fc.tuple(small, rowArb), { maxLength: 3 }),
  })
  .map((r) => {
    const p = emptyPartition(r.key);
    if (r.deletion !== undefined) p.deletion = r.deletion;
    p.ranges = r.ranges;
    if (r.staticRow) p.staticRow = r.staticRow;
    for (const [clustering, row] of r.rows) p.rows.set(hexOf(clustering), { clustering, row });
    return p;
  });

/** A deep copy, so each memtable gets objects of its own. */
function copy(p: PartitionState): PartitionState {
  const row = (r: RowState): RowState => ({ ...r, ...(r.marker ? { marker: { ...r.marker } } : {}), cells: new Map(r.cells) });
  const out: PartitionState = { key: p.key, ranges: p.ranges.map((x) => ({ ...x })), rows: new Map([...p.rows].map(([h, e]) => [h, { clustering: e.clustering, row: row(e.row) }])) };
  if (p.deletion !== undefined) out.deletion = p.deletion;
  if (p.staticRow) out.staticRow = row(p.staticRow);
  return out;
}

describe('Memtable.adopt (property)', () => {
  it('leaves the memtable as apply does: the same partitions, bytes and update count', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(updateArb, fc.boolean()), { maxLength: 12 }), (updates) => {
        const copied = new Memtable();
        const adopted = new Memtable();
        for (const [u, adopt] of updates) {
          copied.apply(copy(u));
          // Mostly adopt; sometimes apply, as a memtable replayed from the log and then written to sees both.
          if (adopt || updates.length % 3 !== 0) adopted.adopt(copy(u));
          else adopted.apply(copy(u));
        }
        expect([...adopted.partitions()]).toEqual([...copied.partitions()]);
        expect(adopted.bytes).toBe(copied.bytes);
        expect(adopted.updates).toBe(copied.updates);
      }),
      { numRuns: 500 },
    );
  });
});
