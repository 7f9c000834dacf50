import type {
  ColumnarData,
  CompactData,
  LoadResponse,
  LoadResponseResult,
  RawLoadResponse,
  RawLoadResponseResult,
  Row,
} from '../types/response';
import { ResultSet } from './ResultSet';

/** Options of {@link toResultSet}. */
export interface ToResultSetOptions {
  /** Turn values of members annotated as `number` into JavaScript numbers (Cube sends strings). */
  castNumerics?: boolean;
  /** Passed to the {@link ResultSet}: parse timestamp-looking measure values into `Date`s in charts. */
  parseDateMeasures?: boolean;
}

function expandRows(data: Row[] | CompactData | ColumnarData, format: string | undefined): Row[] {
  if (format !== 'compact' && format !== 'columnar') return data as Row[];
  const { members, dataset, columns } = data as CompactData & ColumnarData;
  const count = format === 'compact' ? dataset.length : (columns[0]?.length ?? 0);
  const value =
    format === 'compact' ? (r: number, k: number) => dataset[r][k] : (r: number, k: number) => columns[k][r];
  return Array.from({ length: count }, (_, r) => {
    const row: Row = {};
    members.forEach((m, k) => (row[m] = value(r, k)));
    return row;
  });
}

function castRows(result: LoadResponseResult<Row>): Row[] {
  const numeric = Object.entries({ ...result.annotation.measures, ...result.annotation.dimensions })
    .filter(([, a]) => a.type === 'number')
    .map(([member]) => member);
  if (!numeric.length) return result.data;
  return result.data.map((row) => {
    const copy = { ...row };
    for (const member of numeric) if (copy[member] != null) copy[member] = Number(copy[member]);
    return copy;
  });
}

/**
 * Turns a `/load` response body into a {@link ResultSet}, as `@cubejs-client/core`'s `CubeApi`
 * does: expands the `compact` and `columnar` row formats and, with `castNumerics`, turns the
 * values of numeric members into numbers. The body is not modified.
 *
 * A body without `results` (a plain single-result response) is accepted as one regular result.
 * Unlike the published client, `castNumerics` also works with the compact and columnar formats
 * (rows are expanded first).
 *
 * @example
 * ```ts
 * const body = await response.json();
 * const resultSet = toResultSet(body, { castNumerics: true });
 * ```
 */
export function toResultSet<T extends Row = Row>(
  body: RawLoadResponse | LoadResponseResult<Row>,
  options: ToResultSetOptions = {},
): ResultSet<T> {
  const resultSetOptions = { parseDateMeasures: options.parseDateMeasures };
  const raw = body as RawLoadResponse;
  const single = !Array.isArray(raw.results);
  const results = (single ? [body] : raw.results) as RawLoadResponseResult[];
  if (!results.length) return new ResultSet<T>(body as LoadResponse<T>, resultSetOptions);
  const format = results[0].query.responseFormat;
  const normalized = results.map((result) => {
    const out = { ...result, data: expandRows(result.data, format) } as LoadResponseResult<Row>;
    if (options.castNumerics) out.data = castRows(out);
    return out;
  });
  if (single) return new ResultSet<T>(normalized[0] as LoadResponseResult<T>, resultSetOptions);
  return new ResultSet<T>({ ...raw, results: normalized } as LoadResponse<T>, resultSetOptions);
}
