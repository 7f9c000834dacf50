/**
 * The pivot engine behind `pivot`, `chartPivot`, `tablePivot` and `series`.
 *
 * It builds a compact table (x values per row, y values per column, a flat array of cells) in a few
 * linear passes with Map lookups; the public methods then shape that table. The published client
 * rebuilds nested arrays and re-runs the whole pivot per series, which is where its time goes.
 */
import type { AxisValue, LoadResponseResult, PivotConfigFull, Row } from '../types/response';
import type { TimeDimension } from '../types/query';
import { axisLabel } from './axis';
import { timeDimensionMember } from './pivotConfig';
import { hasKeys } from './objects';

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

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Readers for a result's members. A row that has `Cube.time` but no usable `Cube.time.day` is read as
 * if `Cube.time.day` held the `Cube.time` value (responses of older Cube versions).
 */
export class RowReaders {
  private readonly fallback = new Map<string, string>();
  private readonly cache = new Map<string, MemberReader>();

  constructor(result: LoadResponseResult) {
    const seen = new Set<string>();
    for (const td of result.query.timeDimensions ?? []) {
      if (!td.granularity || seen.has(td.dimension)) continue;
      seen.add(td.dimension);
      this.fallback.set(timeDimensionMember(td), td.dimension);
    }
  }

  /** A reader of `member`. */
  reader(member: string): MemberReader {
    let read = this.cache.get(member);
    if (!read) {
      const field = this.fallback.get(member);
      read =
        field === undefined
          ? (row) => (row[member] ?? null) as AxisValue
          : (row) => {
              const v = row[member];
              return (!v && hasOwn(row, field) ? row[field] ?? null : v ?? null) as AxisValue;
            };
      this.cache.set(member, read);
    }
    return read;
  }
}

/** What {@link pivotResult} needs to know about a result. */
export interface PivotSource {
  result: LoadResponseResult;
  readers: RowReaders;
  /** The time series to align rows to, or null to group by distinct x values. */
  series: string[] | null;
}

interface Group {
  xValues: AxisValue[];
  rows: Row[];
}

const EMPTY_ROW: Row = {};

/** Labels of several readers' values, joined with `', '` (the key of an x group or y cell). */
function labelKey(readers: MemberReader[], row: Row): string {
  if (readers.length === 1) return axisLabel((readers[0] as MemberReader)(row));
  let key = '';
  for (let i = 0; i < readers.length; i++) key += (i ? ', ' : '') + axisLabel((readers[i] as MemberReader)(row));
  return key;
}

/** Values joined with `','`, nulls as empty strings (the key of a distinct y combination). */
function joinKey(readers: MemberReader[], row: Row): string {
  let key = '';
  for (let i = 0; i < readers.length; i++) {
    const v = (readers[i] as MemberReader)(row);
    key += (i ? ',' : '') + (v == null ? '' : String(v));
  }
  return key;
}

function readAll(readers: MemberReader[], row: Row): AxisValue[] {
  const out = new Array<AxisValue>(readers.length);
  for (let i = 0; i < readers.length; i++) out[i] = (readers[i] as MemberReader)(row);
  return out;
}

function groupRows(source: PivotSource, xReaders: MemberReader[], xMeasures: string[] | null): Group[] {
  const { data } = source.result;
  if (source.series) {
    const read = xReaders[0] as MemberReader;
    const byValue = new Map<string, Group>();
    for (const row of data) {
      const v = read(row);
      const key = String(v);
      const group = byValue.get(key);
      if (group) group.rows.push(row);
      else byValue.set(key, { xValues: [v], rows: [row] });
    }
    return source.series.map((d) => byValue.get(d) ?? { xValues: [d], rows: [EMPTY_ROW] });
  }
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const add = (key: string, row: Row, measure: string | undefined): void => {
    const group = byKey.get(key);
    if (group) {
      group.rows.push(row);
      return;
    }
    const xValues = readAll(xReaders, row);
    if (measure !== undefined) xValues.push(measure);
    const created = { xValues, rows: [row] };
    byKey.set(key, created);
    groups.push(created);
  };
  for (const row of data) {
    const base = xReaders.length ? labelKey(xReaders, row) : '';
    if (!xMeasures) add(base, row, undefined);
    else for (const m of xMeasures) add(xReaders.length ? `${base}, ${axisLabel(m)}` : axisLabel(m), row, m);
  }
  return groups;
}

/**
 * Pivots one result. Groups rows by x (or aligns them to the time series), collects the distinct y
 * combinations in first-seen order (numeric-looking keys first, as object keys order), then fills
 * one cell per group and y combination with the measure value or `fillWithValue ?? 0`.
 */
export function pivotResult(source: PivotSource, config: PivotConfigFull): PivotTable {
  const measures = source.result.query.measures ?? [];
  const reader = (m: string): MemberReader => source.readers.reader(m);
  const xReaders = config.x.filter((m) => m !== 'measures').map(reader);
  const yReaders = config.y.filter((m) => m !== 'measures').map(reader);
  const xMeasures = config.x.includes('measures') && measures.length ? measures : null;
  const yMeasures = config.y.includes('measures') && measures.length ? measures : null;
  const measureOnX = config.x.includes('measures');
  const fill = config.fillWithValue ?? 0;
  const yDims = yReaders.length > 0;

  const groups = groupRows(source, xReaders, xMeasures);

  // Distinct y combinations, keyed like object keys so their order matches `Object.values`.
  interface Seen {
    row: Row;
    measure: string | undefined;
  }
  const seen: Record<string, Seen> = {};
  const remember = (key: string, row: Row, measure: string | undefined): void => {
    const entry = seen[key];
    if (entry) {
      entry.row = row;
      entry.measure = measure;
    } else seen[key] = { row, measure };
  };
  for (const group of groups) {
    for (const row of group.rows) {
      if (!hasKeys(row)) continue;
      const base = yDims ? joinKey(yReaders, row) : '';
      if (!yMeasures) remember(base, row, undefined);
      else for (const m of yMeasures) remember(yDims ? `${base},${m}` : m, row, m);
    }
  }
  const entries = Object.values(seen);
  const columns = entries.length;
  const yValues: AxisValue[][] = new Array(columns);
  const columnMeasure: unknown[] = new Array(columns);
  const columnSlot = new Int32Array(columns);
  const slotOf = new Map<string, number>();
  for (let i = 0; i < columns; i++) {
    const { row, measure } = entries[i] as Seen;
    const values = readAll(yReaders, row);
    if (measure !== undefined) values.push(measure);
    yValues[i] = values;
    columnMeasure[i] = values[values.length - 1];
    let key = '';
    for (let j = 0; j < values.length; j++) key += (j ? ', ' : '') + axisLabel(values[j]);
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = slotOf.size;
      slotOf.set(key, slot);
    }
    columnSlot[i] = slot;
  }

  // Per group, the last row per y key wins; stamps avoid clearing the slot arrays between groups.
  const slotRow: Row[] = new Array(slotOf.size);
  const slotStamp = new Int32Array(slotOf.size);
  const measureSuffix = yMeasures ? yMeasures.map((m) => axisLabel(m)) : null;
  const cells: unknown[] = new Array(groups.length * columns);
  const xValues: AxisValue[][] = new Array(groups.length);
  let c = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g] as Group;
    const stamp = g + 1;
    xValues[g] = group.xValues;
    if (columns) {
      for (const row of group.rows) {
        const base = yDims ? labelKey(yReaders, row) : '';
        if (!measureSuffix) {
          const slot = slotOf.get(base);
          if (slot !== undefined) {
            slotRow[slot] = row;
            slotStamp[slot] = stamp;
          }
        } else {
          for (const suffix of measureSuffix) {
            const slot = slotOf.get(yDims ? `${base}, ${suffix}` : suffix);
            if (slot !== undefined) {
              slotRow[slot] = row;
              slotStamp[slot] = stamp;
            }
          }
        }
      }
    }
    const lastX = group.xValues[group.xValues.length - 1];
    for (let i = 0; i < columns; i++) {
      const slot = columnSlot[i] as number;
      const row = slotStamp[slot] === stamp ? (slotRow[slot] as Row) : EMPTY_ROW;
      const measure = (measureOnX ? lastX : columnMeasure[i]) as string;
      cells[c++] = row[measure] ?? fill;
    }
  }
  return { xValues, yValues, cells };
}

/**
 * Joins the pivots of several results row by row, up to the shortest one; with `joinDateRange`
 * the x label of a row lists the x values of every result.
 */
export function mergePivots(tables: PivotTable[], joinDateRange: boolean): PivotTable {
  let shortest: PivotTable | undefined;
  for (const t of tables) if (!shortest || t.xValues.length < shortest.xValues.length) shortest = t;
  const rows = shortest ? shortest.xValues.length : 0;
  const yValues = tables.flatMap((t) => t.yValues);
  const cells: unknown[] = new Array(rows * yValues.length);
  const xValues: AxisValue[][] = new Array(rows);
  let c = 0;
  for (let r = 0; r < rows; r++) {
    xValues[r] = joinDateRange
      ? [tables.map((t) => t.xValues[r] || []).join(', ')]
      : ((shortest as PivotTable).xValues[r] as AxisValue[]);
    for (const t of tables) {
      const width = t.yValues.length;
      for (let i = 0, at = r * width; i < width; i++) cells[c++] = t.cells[at + i];
    }
  }
  return { xValues, yValues, cells };
}

/** The time dimension whose series aligns result rows (the first one of the result's query). */
export function seriesTimeDimension(result: LoadResponseResult): TimeDimension {
  return (result.query.timeDimensions as TimeDimension[])[0] as TimeDimension;
}
