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
              return (!v && hasOwn(row, field) ? (row[field] ?? null) : (v ?? null)) as AxisValue;
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

/**
 * x groups as parallel arrays: most groups hold a single row, so the first row is stored inline and
 * only groups with more rows get an array.
 */
interface Groups {
  xValues: AxisValue[][];
  first: Row[];
  more: Array<Row[] | undefined>;
}

const EMPTY_ROW: Row = {};

/** Labels of several readers' values, joined with `', '` (the key of an x group or y cell). */
function labelKey(readers: MemberReader[], row: Row): string {
  if (readers.length === 1) return axisLabel(readers[0](row));
  let key = '';
  for (let i = 0; i < readers.length; i++) key += (i ? ', ' : '') + axisLabel(readers[i](row));
  return key;
}

/** Values joined with `','`, nulls as empty strings (the key of a distinct y combination). */
function joinKey(readers: MemberReader[], row: Row): string {
  let key = '';
  for (let i = 0; i < readers.length; i++) {
    const v = readers[i](row);
    key += (i ? ',' : '') + (v == null ? '' : String(v));
  }
  return key;
}

function readAll(readers: MemberReader[], row: Row): AxisValue[] {
  const out = new Array<AxisValue>(readers.length);
  for (let i = 0; i < readers.length; i++) out[i] = readers[i](row);
  return out;
}

function groupRows(source: PivotSource, xReaders: MemberReader[], xMeasures: string[] | null): Groups {
  const { data } = source.result;
  const xValues: AxisValue[][] = [];
  const first: Row[] = [];
  const more: Array<Row[] | undefined> = [];
  const join = (g: number, row: Row): void => {
    const rest = more[g];
    if (rest) rest.push(row);
    else more[g] = [row];
  };
  if (source.series) {
    const read = xReaders[0];
    const byValue = new Map<string, number>();
    for (const row of data) {
      const v = read(row);
      const key = String(v);
      const g = byValue.get(key);
      if (g !== undefined) join(g, row);
      else {
        byValue.set(key, first.length);
        xValues.push([v]);
        first.push(row);
        more.push(undefined);
      }
    }
    const aligned: Groups = { xValues: [], first: [], more: [] };
    for (const d of source.series) {
      const g = byValue.get(d);
      aligned.xValues.push(g === undefined ? [d] : xValues[g]);
      aligned.first.push(g === undefined ? EMPTY_ROW : first[g]);
      aligned.more.push(g === undefined ? undefined : more[g]);
    }
    return aligned;
  }
  const byKey = new Map<string, number>();
  const add = (key: string, row: Row, measure: string | undefined): void => {
    const g = byKey.get(key);
    if (g !== undefined) {
      join(g, row);
      return;
    }
    const values = readAll(xReaders, row);
    if (measure !== undefined) values.push(measure);
    byKey.set(key, first.length);
    xValues.push(values);
    first.push(row);
    more.push(undefined);
  };
  for (const row of data) {
    const base = xReaders.length ? labelKey(xReaders, row) : '';
    if (!xMeasures) add(base, row, undefined);
    else for (const m of xMeasures) add(xReaders.length ? `${base}, ${axisLabel(m)}` : axisLabel(m), row, m);
  }
  return { xValues, first, more };
}

/** True for keys that objects order first, numerically (canonical array indices). */
function isIndexKey(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/**
 * Pivots one result. Groups rows by x (or aligns them to the time series), collects the distinct y
 * combinations in first-seen order (index-like keys first, the order object keys have), then fills
 * one cell per group and y combination with the measure value or `fillWithValue ?? 0`.
 *
 * Keys are built per row from the dimension values only; the measures of a row are slots under that
 * key, so no per-measure strings are built. (Cube member names contain no commas, which keeps
 * "dimension key + measure" as unambiguous as the published client's joined strings.)
 */
export function pivotResult(source: PivotSource, config: PivotConfigFull): PivotTable {
  const measures = source.result.query.measures ?? [];
  const reader = (m: string): MemberReader => source.readers.reader(m);
  const xReaders = config.x.filter((m) => m !== 'measures').map(reader);
  const yReaders = config.y.filter((m) => m !== 'measures').map(reader);
  const xMeasures = config.x.includes('measures') && measures.length ? measures : null;
  const yMeasures: Array<string | undefined> =
    config.y.includes('measures') && measures.length ? measures : [undefined];
  const measureCount = yMeasures.length;
  // A measure listed twice shares the slot of its first listing, as it shares a key in the published client.
  const measureSlot = yMeasures.map((m) => yMeasures.indexOf(m));
  const measureOnX = config.x.includes('measures');
  const fill = config.fillWithValue ?? 0;
  const yDims = yReaders.length;
  const firstY = yReaders[0];

  const groups = groupRows(source, xReaders, xMeasures);

  // Pass 1: distinct y combinations. The last row seen for a combination provides its values.
  const baseSlots = new Map<string, Int32Array>();
  const entryRow: Row[] = [];
  const entryMeasure: Array<string | undefined> = [];
  const entryKey: string[] = [];
  const groupCount = groups.first.length;
  for (let g = 0; g < groupCount; g++) {
    const rest = groups.more[g];
    for (let r = -1, n = rest ? rest.length : 0; r < n; r++) {
      const row = r < 0 ? groups.first[g] : (rest as Row[])[r];
      if (!hasKeys(row)) continue;
      let base = '';
      if (yDims === 1) {
        const v = firstY(row);
        base = v == null ? '' : String(v);
      } else if (yDims) base = joinKey(yReaders, row);
      let slots = baseSlots.get(base);
      if (!slots) {
        slots = new Int32Array(measureCount).fill(-1);
        baseSlots.set(base, slots);
      }
      for (let m = 0; m < measureCount; m++) {
        const slot = measureSlot[m];
        const e = slots[slot];
        if (e >= 0) {
          entryRow[e] = row;
          continue;
        }
        const measure = yMeasures[m];
        slots[slot] = entryRow.length;
        entryRow.push(row);
        entryMeasure.push(measure);
        entryKey.push(measure === undefined ? base : yDims ? `${base},${measure}` : measure);
      }
    }
  }
  let order = entryKey.map((_, i) => i);
  if (entryKey.some(isIndexKey)) {
    const index = order
      .filter((i) => isIndexKey(entryKey[i]))
      .sort((a, b) => Number(entryKey[a]) - Number(entryKey[b]));
    order = index.concat(order.filter((i) => !isIndexKey(entryKey[i])));
  }

  const columns = order.length;
  const yValues = new Array<AxisValue[]>(columns);
  const columnMeasure: unknown[] = new Array(columns);
  const columnSlot = new Int32Array(columns);
  // Cells are found by the label key (`∅`, `[Empty string]`, `', '`) of the dimension values.
  const labelIndex = new Map<string, number>();
  for (let i = 0; i < columns; i++) {
    const e = order[i];
    const row = entryRow[e];
    const values = readAll(yReaders, row);
    const measure = entryMeasure[e];
    if (measure !== undefined) values.push(measure);
    yValues[i] = values;
    columnMeasure[i] = values[values.length - 1];
    const label = yDims ? labelKey(yReaders, row) : '';
    let at = labelIndex.get(label);
    if (at === undefined) {
      at = labelIndex.size;
      labelIndex.set(label, at);
    }
    columnSlot[i] = at * measureCount + (measure === undefined ? 0 : yMeasures.indexOf(measure));
  }

  // Pass 2: per group, the last row per y key wins; stamps avoid clearing the slots between groups.
  const slotCount = labelIndex.size * measureCount;
  const slotRow = new Array<Row>(slotCount);
  const slotStamp = new Int32Array(slotCount);
  const cells: unknown[] = new Array(groupCount * columns);
  let c = 0;
  for (let g = 0; g < groupCount; g++) {
    const stamp = g + 1;
    const groupX = groups.xValues[g];
    if (columns) {
      const rest = groups.more[g];
      for (let r = -1, n = rest ? rest.length : 0; r < n; r++) {
        const row = r < 0 ? groups.first[g] : (rest as Row[])[r];
        const at = labelIndex.get(
          yDims === 1 ? axisLabel(firstY(row)) : yDims ? labelKey(yReaders, row) : '',
        );
        if (at === undefined) continue;
        for (let m = 0, slot = at * measureCount; m < measureCount; m++, slot++) {
          slotRow[slot] = row;
          slotStamp[slot] = stamp;
        }
      }
    }
    const lastX = groupX[groupX.length - 1];
    for (let i = 0; i < columns; i++) {
      const slot = columnSlot[i];
      const row = slotStamp[slot] === stamp ? slotRow[slot] : EMPTY_ROW;
      const measure = (measureOnX ? lastX : columnMeasure[i]) as string;
      cells[c++] = row[measure] ?? fill;
    }
  }
  return { xValues: groups.xValues, yValues, cells };
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
  const xValues = new Array<AxisValue[]>(rows);
  let c = 0;
  for (let r = 0; r < rows; r++) {
    xValues[r] = joinDateRange
      ? [tables.map((t) => t.xValues[r] || []).join(', ')]
      : (shortest as PivotTable).xValues[r];
    for (const t of tables) {
      const width = t.yValues.length;
      for (let i = 0, at = r * width; i < width; i++) cells[c++] = t.cells[at + i];
    }
  }
  return { xValues, yValues, cells };
}

/** The time dimension whose series aligns result rows (the first one of the result's query). */
export function seriesTimeDimension(result: LoadResponseResult): TimeDimension {
  return (result.query.timeDimensions as TimeDimension[])[0];
}
