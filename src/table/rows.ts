/**
 * @module table/rows
 * Turns a merged partition into CQL rows at a point in time: a row is live when its marker or
 * any of its regular cells is live (not shadowed by a partition, range or row deletion, not
 * expired); static columns repeat on every row of the partition; a partition whose only live
 * data is static yields one row with null clustering columns (as Cassandra does).
 */
import { cellIsLive, markerIsLive, shadowingDeletion, sortedRows, type PartitionState, type RowState } from '../storage/partition.js';
import { decodeClusteringKey, decodeKeys, type KeyShape } from './primary-key.js';
import { regularColumns, staticColumns, type ColumnDef, type TableSchema } from './schema.js';
import { decodeValue } from './value-codec.js';
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
  statics: ColumnDef[];
  keyNames: string[];
  staticNames: string[];
}
const schemaColumns = new WeakMap<TableSchema, SchemaColumns>();

function columnsOf(schema: TableSchema, shape: KeyShape): SchemaColumns {
  let c = schemaColumns.get(schema);
  if (!c) {
    const statics = staticColumns(schema);
    c = { regular: regularColumns(schema), statics, keyNames: [...shape.partitionColumns, ...shape.clusteringColumns].map((k) => k.name), staticNames: statics.map((k) => k.name) };
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
  const { regular, statics, keyNames, staticNames } = columnsOf(schema, shape);
  const partitionValues = decodeKeys(shape, p.key, undefined);
  const staticValues: Row = {};
  const staticMeta = withMeta ? new Map<string, CellMeta>() : undefined;
  const hasStatic = p.staticRow ? liveCells(statics, p.staticRow, shadowingDeletion(p, undefined, p.staticRow), now, staticValues, staticMeta) : false;
  if (!p.staticRow) for (const col of statics) staticValues[col.name] = null;
  const out: MaterializedRow[] = [];
  for (const { clustering, row } of sortedRows(p)) {
    if (want && !want(clustering)) continue;
    const deletion = shadowingDeletion(p, clustering, row);
    const clusteringValues = decodeClusteringKey(shape, clustering);
    const values: Row = {};
    for (const name of keyNames) values[name] = partitionValues[name] ?? clusteringValues[name] ?? null;
    for (const name of staticNames) values[name] = staticValues[name] ?? null;
    const meta = staticMeta ? new Map(staticMeta) : undefined;
    const cellsLive = liveCells(regular, row, deletion, now, values, meta);
    if (!cellsLive && !markerIsLive(row.marker, deletion, now)) continue;
    out.push({ clustering, row: values, meta: meta ?? NO_META });
  }
  if (out.length === 0 && hasStatic && shape.clusteringColumns.length > 0 && (!want || want(new Uint8Array(0)))) {
    const values: Row = { ...partitionValues, ...decodeClusteringKey(shape, new Uint8Array(0)), ...staticValues };
    for (const col of regular) values[col.name] = null;
    out.push({ clustering: new Uint8Array(0), row: values, meta: staticMeta ?? NO_META });
  }
  return out;
}
