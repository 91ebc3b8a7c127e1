/**
 * @module table/rows
 * Turns a merged partition into CQL rows at a point in time: a row is live when its marker or
 * any of its regular cells is live (not shadowed by a partition, range or row deletion, not
 * expired); static columns repeat on every row of the partition; a partition whose only live
 * data is static yields one row with null clustering columns (as Cassandra does).
 */
import { newCellHead, newRowHead } from '../storage/block-view.js';
import { cellIsLive, inRange, markerIsLive, shadowingDeletion, sortedRows, type PartitionState, type RowState } from '../storage/partition.js';
import type { PartitionRead } from '../storage/table-engine.js';
import { decodeClusteringKey, decodeKeys, type KeyShape } from './primary-key.js';
import { regularColumns, staticColumns, type ColumnDef, type TableSchema } from './schema.js';
import { CopyArena } from '../common/copy-arena.js';
import { decodeValue, decodeValueIn } from './value-codec.js';
import type { CqlValue } from './values.js';

/** A CQL row: column name → value (null when absent). */
export type Row = Record<string, CqlValue>;

/** Per-cell metadata a SELECT may ask for (WRITETIME, TTL). */
export interface CellMeta {
  writetime: number;
  ttl: number | null;
}

/** A materialised row with its encoded clustering key (for paging) and cell metadata. */
export interface MaterializedRow {
  clustering: Uint8Array;
  row: Row;
  meta: Map<string, CellMeta>;
}

/** What materialize needs of a schema, worked out once per schema object (schemas are replaced, never changed). */
interface SchemaColumns {
  regular: ColumnDef[];
  /** Regular columns by column id (the id a cell is stored under). */
  regularById: Map<number, ColumnDef>;
  statics: ColumnDef[];
  keyNames: string[];
  staticNames: string[];
}
const schemaColumns = new WeakMap<TableSchema, SchemaColumns>();

function columnsOf(schema: TableSchema, shape: KeyShape): SchemaColumns {
  let c = schemaColumns.get(schema);
  if (!c) {
    const statics = staticColumns(schema);
    const regular = regularColumns(schema);
    c = {
      regular,
      regularById: new Map(regular.map((col) => [col.id, col])),
      statics,
      keyNames: [...shape.partitionColumns, ...shape.clusteringColumns].map((k) => k.name),
      staticNames: statics.map((k) => k.name),
    };
    schemaColumns.set(schema, c);
  }
  return c;
}

/** The metadata map of rows read without metadata (never written to). */
const NO_META: Map<string, CellMeta> = new Map();

function liveCells(columns: readonly ColumnDef[], row: RowState, deletion: number | undefined, now: number, into: Row, meta: Map<string, CellMeta> | undefined): boolean {
  let any = false;
  for (const col of columns) {
    const cell = row.cells.get(col.id);
    if (cell && cellIsLive(cell, deletion, now)) {
      into[col.name] = decodeValue(col.type, cell.value!);
      meta?.set(col.name, { writetime: cell.ts, ttl: cell.expiresAt === undefined ? null : Math.max(0, Math.ceil((cell.expiresAt - now) / 1000)) });
      any = true;
    } else into[col.name] = null;
  }
  return any;
}

/**
 * The live rows of a partition, in clustering order.
 * @param now - the store clock's time (ms), for TTL
 * @param want - when given, only rows whose encoded clustering key it accepts are decoded
 * @param withMeta - whether to fill each row's cell metadata (WRITETIME, TTL); without it
 *   `meta` is an empty map shared by every row
 */
export function materialize(schema: TableSchema, shape: KeyShape, p: PartitionState, now: number, want?: (clustering: Uint8Array) => boolean, withMeta = true): MaterializedRow[] {
  // Column lists are worked out once per schema, the partition key once per partition.
  const columns = columnsOf(schema, shape);
  const { regular } = columns;
  const head = partitionHead(columns, shape, p, now, withMeta);
  const out: MaterializedRow[] = [];
  for (const { clustering, row } of sortedRows(p)) {
    if (want && !want(clustering)) continue;
    const deletion = shadowingDeletion(p, clustering, row);
    const { values, meta } = rowStart(columns, shape, head, clustering);
    const cellsLive = liveCells(regular, row, deletion, now, values, meta);
    if (!cellsLive && !markerIsLive(row.marker, deletion, now)) continue;
    out.push({ clustering, row: values, meta: meta ?? NO_META });
  }
  return staticOnly(columns, shape, head, out, want);
}

/**
 * {@link materialize} of what {@link TableEngine.readRows} found: a merged partition, or rows
 * still in their cached blocks, read in place (no partition, row or cell objects made; values
 * decoded straight from the block). The same rows, in the same order, with the same values.
 */
export function materializeRead(schema: TableSchema, shape: KeyShape, read: PartitionRead, now: number, want?: (clustering: Uint8Array) => boolean, withMeta = true): MaterializedRow[] {
  if (read.state) return materialize(schema, shape, read.state, now, want, withMeta);
  const p = read.head;
  const columns = columnsOf(schema, shape);
  const { regular, regularById } = columns;
  const head = partitionHead(columns, shape, p, now, withMeta);
  const out: MaterializedRow[] = [];
  const rh = newRowHead();
  const ch = newCellHead();
  const arena = new CopyArena();
  for (const { view, fragment, from, to } of read.spans) {
    const bytes = view.bytes;
    const dv = view.dataView;
    for (let i = from; i < to; i++) {
      view.rowHead(fragment, i, rh);
      const clustering = rh.clustering;
      if (want && !want(clustering)) continue;
      let deletion = p.deletion;
      if (rh.deletion !== undefined && (deletion === undefined || rh.deletion > deletion)) deletion = rh.deletion;
      for (const r of p.ranges) if (inRange(clustering, r) && (deletion === undefined || r.ts > deletion)) deletion = r.ts;
      const { values, meta } = rowStart(columns, shape, head, clustering);
      for (const col of regular) values[col.name] = null;
      let live = false;
      let at = rh.cellsAt;
      for (let c = 0; c < rh.cells; c++) {
        at = view.cell(at, ch);
        const col = regularById.get(ch.column);
        if (col === undefined || ch.valueLength < 0 || (deletion !== undefined && ch.ts <= deletion) || (ch.expiresAt !== undefined && ch.expiresAt <= now)) continue;
        values[col.name] = decodeValueIn(col.type, bytes, dv, ch.valueAt, ch.valueAt + ch.valueLength, arena);
        meta?.set(col.name, { writetime: ch.ts, ttl: ch.expiresAt === undefined ? null : Math.max(0, Math.ceil((ch.expiresAt - now) / 1000)) });
        live = true;
      }
      if (!live && (rh.markerTs === undefined || (deletion !== undefined && rh.markerTs <= deletion) || (rh.markerExpiresAt !== undefined && rh.markerExpiresAt <= now))) continue;
      // Ordered like materialize's: the row's regular cells by column, then the static ones.
      out.push({ clustering, row: values, meta: meta ? orderedMeta(meta, regular, head.staticMeta!) : NO_META });
    }
  }
  return staticOnly(columns, shape, head, out, want);
}

/** What every row of a partition shares: its key values and its static columns. */
interface PartitionHead {
  partitionValues: Row;
  staticValues: Row;
  staticMeta: Map<string, CellMeta> | undefined;
  hasStatic: boolean;
}

function partitionHead(columns: SchemaColumns, shape: KeyShape, p: PartitionState, now: number, withMeta: boolean): PartitionHead {
  const partitionValues = decodeKeys(shape, p.key, undefined);
  const staticValues: Row = {};
  const staticMeta = withMeta ? new Map<string, CellMeta>() : undefined;
  const hasStatic = p.staticRow ? liveCells(columns.statics, p.staticRow, shadowingDeletion(p, undefined, p.staticRow), now, staticValues, staticMeta) : false;
  if (!p.staticRow) for (const col of columns.statics) staticValues[col.name] = null;
  return { partitionValues, staticValues, staticMeta, hasStatic };
}

/** A row's values before its regular cells: its key columns and the partition's static ones (and their metadata). */
function rowStart(columns: SchemaColumns, shape: KeyShape, head: PartitionHead, clustering: Uint8Array): { values: Row; meta: Map<string, CellMeta> | undefined } {
  const clusteringValues = decodeClusteringKey(shape, clustering);
  const values: Row = {};
  for (const name of columns.keyNames) values[name] = head.partitionValues[name] ?? clusteringValues[name] ?? null;
  for (const name of columns.staticNames) values[name] = head.staticValues[name] ?? null;
  return { values, meta: head.staticMeta ? new Map(head.staticMeta) : undefined };
}

/** The rows, or — when the partition's only live data is static — the one row Cassandra shows for it. */
function staticOnly(columns: SchemaColumns, shape: KeyShape, head: PartitionHead, out: MaterializedRow[], want: ((clustering: Uint8Array) => boolean) | undefined): MaterializedRow[] {
  if (out.length === 0 && head.hasStatic && shape.clusteringColumns.length > 0 && (!want || want(new Uint8Array(0)))) {
    const values: Row = { ...head.partitionValues, ...decodeClusteringKey(shape, new Uint8Array(0)), ...head.staticValues };
    for (const col of columns.regular) values[col.name] = null;
    out.push({ clustering: new Uint8Array(0), row: values, meta: head.staticMeta ?? NO_META });
  }
  return out;
}

/** A row's metadata in materialize's order: static columns first (copied from the partition), then regular ones by column. */
function orderedMeta(meta: Map<string, CellMeta>, regular: readonly ColumnDef[], staticMeta: Map<string, CellMeta>): Map<string, CellMeta> {
  if (meta.size - staticMeta.size <= 1) return meta;
  const out = new Map(staticMeta);
  for (const col of regular) {
    const m = meta.get(col.name);
    if (m) out.set(col.name, m);
  }
  return out;
}
