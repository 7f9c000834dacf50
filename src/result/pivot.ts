/**
 * The pivot engine behind `pivot`, `chartPivot`, `tablePivot` and `series`.
 *
 * It builds a compact table (x values per row, y values per column, a flat array of cells) in a few
 * linear passes with Map lookups; the public methods then shape that table. The published client
 * rebuilds nested arrays and re-runs the whole pivot per series, which is where its time goes.
 */
import type { AxisValue, LoadResponseResult, PivotConfigFull, Row } from '../types/response';
import { axisLabel, axisValuesString } from './axis';
import { hasKeys, hasOwn } from './objects';
import { hasMeasures, timeDimensionMember } from './pivotConfig';

/** Reads one axis member of a row; null when absent. */
export type MemberReader = (row: Row) => AxisValue;

/** The pivot of one or more results, before it is shaped into rows. */
export interface PivotTable {
  /** x values of each output row. */
  xValues: AxisValue[][];
  /** y values of each column (the same for every row). */
  yValues: AxisValue[][];
  /** Cells, row-major: `cells[row * yValues.length + column]`. */
  cells: unknown[];
}

/** The last of a list of axis values: the measure, when the axis holds measures. */
export const last = (values: readonly AxisValue[]): AxisValue | undefined => values[values.length - 1];

/**
 * A reader of `member` in a result's rows. A row that has `Cube.time` but no usable `Cube.time.day`
 * reads as if `Cube.time.day` held the `Cube.time` value (responses of older Cube versions); only
 * the first granularity queried for a dimension falls back to it.
 */
export function memberReader(result: LoadResponseResult<Row>, member: string): MemberReader {
  const granular = (result.query.timeDimensions ?? []).filter((td) => td.granularity);
  const td = granular.find((t) => timeDimensionMember(t) === member);
  const field = td && granular.find((t) => t.dimension === td.dimension) === td ? td.dimension : undefined;
  return (row) => {
    const v = row[member];
    return ((!v && field !== undefined && hasOwn(row, field) ? row[field] : v) ?? null) as AxisValue;
  };
}

/** Readers of an axis's members other than `measures`. */
export function axisReaders(result: LoadResponseResult<Row>, axis: string[]): MemberReader[] {
  return axis.filter((m) => m !== 'measures').map((m) => memberReader(result, m));
}

function readAll(readers: MemberReader[], row: Row): AxisValue[] {
  return readers.map((read) => read(row));
}

/** Rows grouped by x: the rows `rows[g]` share the x values `xValues[g]`. */
interface Groups {
  xValues: AxisValue[][];
  rows: Row[][];
}

const EMPTY_ROW: Row = {};

/**
 * Groups rows by their x values, in first-seen order; a row appears once per measure when the
 * measures are on x. With a time series, the groups are the series' dates (rows off it are dropped).
 */
function groupRows(
  data: Row[],
  xReaders: MemberReader[],
  xMeasures: string[],
  series: string[] | null,
): Groups {
  const ids = new Map<string, number>();
  const xValues: AxisValue[][] = [];
  const rows: Row[][] = [];
  const measures = xMeasures.length ? xMeasures : [undefined];
  for (const row of data) {
    const values = readAll(xReaders, row);
    const base = series ? String(values[0]) : axisValuesString(values);
    for (const m of measures) {
      const key = m === undefined ? base : xReaders.length ? `${base}, ${axisLabel(m)}` : axisLabel(m);
      const g = ids.get(key);
      if (g !== undefined) rows[g].push(row);
      else {
        ids.set(key, rows.length);
        xValues.push(m === undefined ? values : [...values, m]);
        rows.push([row]);
      }
    }
  }
  return series ? alignToSeries({ xValues, rows }, ids, series) : { xValues, rows };
}

/** The groups in the order of the time series' dates, with an empty group for a date without rows. */
function alignToSeries(groups: Groups, ids: Map<string, number>, series: string[]): Groups {
  const at = series.map((d) => ids.get(d));
  return {
    xValues: series.map((d, i) => (at[i] === undefined ? [d] : groups.xValues[at[i]])),
    rows: at.map((g) => (g === undefined ? [EMPTY_ROW] : groups.rows[g])),
  };
}

/**
 * Per row, in group order: its y key as the published client joins it (the last row with a key
 * provides that combination's values) and the label it finds its cells by (`∅`, `[Empty string]`).
 */
function labelRows(groups: Row[][], yReaders: MemberReader[]) {
  const lastRow = new Map<string, Row>();
  const labelIds = new Map<string, number>();
  const rowLabel: number[] = [];
  for (const rows of groups) {
    for (const row of rows) {
      let key = '';
      let label = '';
      for (let i = 0; i < yReaders.length; i++) {
        const v = yReaders[i](row);
        key += `${i ? ',' : ''}${v ?? ''}`;
        label += (i ? ', ' : '') + axisLabel(v);
      }
      if (hasKeys(row)) lastRow.set(key, row);
      let id = labelIds.get(label);
      if (id === undefined) labelIds.set(label, (id = labelIds.size));
      rowLabel.push(id);
    }
  }
  return { lastRow, labelIds, rowLabel };
}

/**
 * One cell per group and column: the measure `measureOf(group, column)` of the group's last row
 * with the column's label, or `fill`. `slotGroup` tells whether a slot was filled by this group.
 */
function fillCells(
  groups: Row[][],
  rowLabel: number[],
  columnLabel: number[],
  labels: number,
  measureOf: (group: number, column: number) => AxisValue | undefined,
  fill: unknown,
): unknown[] {
  // Filled up front: packed arrays of one element kind keep the loop optimized.
  const slotRow = new Array<Row>(labels).fill(EMPTY_ROW);
  const slotGroup = new Array<number>(labels).fill(-1);
  const cells: unknown[] = [];
  let visit = 0;
  for (let g = 0; g < groups.length; g++) {
    for (const row of groups[g]) {
      const id = rowLabel[visit++];
      slotRow[id] = row;
      slotGroup[id] = g;
    }
    for (let i = 0; i < columnLabel.length; i++) {
      const id = columnLabel[i];
      const row = slotGroup[id] === g ? slotRow[id] : EMPTY_ROW;
      cells.push(row[measureOf(g, i) as string] ?? fill);
    }
  }
  return cells;
}

/**
 * Pivots one result. Groups rows by x (or aligns them to the time series), collects the distinct y
 * combinations, then fills one cell per group and y combination with the measure value or
 * `fillWithValue ?? 0`.
 *
 * Rows are keyed by their y dimension values only; the measures of a row are columns under that key,
 * so no per-measure strings are built per row. (Cube member names contain no commas, which keeps
 * "dimension key + measure" as unambiguous as the published client's joined strings.)
 */
export function pivotResult(
  result: LoadResponseResult<Row>,
  config: PivotConfigFull,
  series: string[] | null,
): PivotTable {
  const measures = result.query.measures ?? [];
  const xReaders = axisReaders(result, config.x);
  const yReaders = axisReaders(result, config.y);
  const measureOnX = hasMeasures(config.x);
  const { xValues, rows: groups } = groupRows(result.data, xReaders, measureOnX ? measures : [], series);
  const { lastRow, labelIds, rowLabel } = labelRows(groups, yReaders);
  const yMeasures = hasMeasures(config.y) && measures.length ? measures : [undefined];
  // Collected in an object as the published client does, which also orders them as it does:
  // integer-like keys first.
  const byKey: Record<string, AxisValue[]> = {};
  for (const row of lastRow.values()) {
    for (const m of yMeasures) {
      const values = readAll(yReaders, row);
      if (m !== undefined) values.push(m);
      byKey[values.join()] = values;
    }
  }
  const yValues = Object.values(byKey);
  const dims = yReaders.length;
  const columnLabel = yValues.map(
    (values) => labelIds.get(axisValuesString(values.slice(0, dims))) as number,
  );
  const cells = fillCells(
    groups,
    rowLabel,
    columnLabel,
    labelIds.size,
    (g, i) => last(measureOnX ? xValues[g] : yValues[i]),
    config.fillWithValue ?? 0,
  );
  return { xValues, yValues, cells };
}

/**
 * Joins the pivots of several results row by row, up to the shortest one; with `joinDateRange`
 * the x label of a row lists the x values of every result.
 */
export function mergePivots(tables: PivotTable[], joinDateRange: boolean): PivotTable {
  const shortest = tables.reduce((a, b) => (b.xValues.length < a.xValues.length ? b : a));
  const xValues = shortest.xValues.map((x, r) =>
    joinDateRange ? [tables.map((t) => t.xValues[r]).join(', ')] : x,
  );
  const cells = xValues.flatMap((_, r) =>
    tables.flatMap((t) => t.cells.slice(r * t.yValues.length, (r + 1) * t.yValues.length)),
  );
  return { xValues, yValues: tables.flatMap((t) => t.yValues), cells };
}
