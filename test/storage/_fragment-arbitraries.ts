/**
 * fast-check arbitraries of partition states (storage/partition.ts), shared by the fragment-codec
 * and block-view property tests.
 */
import fc from 'fast-check';
import { emptyPartition, hexOf, type Cell, type PartitionState, type RowState } from '../../src/storage/partition.js';

export const bytes = fc.uint8Array({ maxLength: 12 });
const ts = fc.integer({ min: 0, max: 2 ** 52 });
const cellArb: fc.Arbitrary<Cell> = fc.record({ ts, value: fc.option(bytes, { nil: null }), expiresAt: fc.option(ts, { nil: undefined }) }).map((c) => {
  const out: Cell = { ts: c.ts, value: c.value };
  if (c.expiresAt !== undefined) {
    out.expiresAt = c.expiresAt;
    out.ttl = 60;
  }
  return out;
});
export const rowArb: fc.Arbitrary<RowState> = fc
  .record({
    marker: fc.option(fc.oneof(fc.record({ ts }), fc.record({ ts, expiresAt: ts, ttl: fc.nat() })), { nil: undefined }),
    deletion: fc.option(ts, { nil: undefined }),
    cells: fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), cellArb), { maxLength: 5 }),
  })
  .map((r) => {
    const row: RowState = { cells: new Map(r.cells) };
    if (r.marker) row.marker = r.marker;
    if (r.deletion !== undefined) row.deletion = r.deletion;
    return row;
  });
export const partitionArb: fc.Arbitrary<PartitionState> = fc
  .record({
    key: bytes,
    deletion: fc.option(ts, { nil: undefined }),
    ranges: fc.array(
      fc.record({ start: fc.option(fc.record({ key: bytes, inclusive: fc.boolean() }), { nil: undefined }), end: fc.option(fc.record({ key: bytes, inclusive: fc.boolean() }), { nil: undefined }), ts }),
      { maxLength: 3 },
    ),
    staticRow: fc.option(rowArb, { nil: undefined }),
    rows: fc.array(fc.tuple(bytes, rowArb), { maxLength: 5 }),
  })
  .map((r) => {
    const p = emptyPartition(r.key);
    if (r.deletion !== undefined) p.deletion = r.deletion;
    p.ranges = r.ranges.map((x) => ({ ts: x.ts, ...(x.start ? { start: x.start } : {}), ...(x.end ? { end: x.end } : {}) }));
    if (r.staticRow) p.staticRow = r.staticRow;
    for (const [clustering, row] of r.rows) p.rows.set(hexOf(clustering), { clustering, row });
    return p;
  });
