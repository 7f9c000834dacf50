import { DEFAULT_GRANULARITY } from '../time/granularities';
import type { Query, TimeDimension, TimeDimensionGranularity } from '../types/query';
import { deepClone } from '../utils/deepClone';
import { areQueriesEqual } from './areQueriesEqual';
import type { TDefaultHeuristicsOptions, TDefaultHeuristicsResponse, TDefaultHeuristicsState } from './types';

const count = (list: readonly unknown[] | undefined): number => (list || []).length;

/** The state returned when a heuristic changed the query: a fresh pivot and a re-derived order. */
function changed(
  state: TDefaultHeuristicsResponse,
  query: Query,
  extra: Partial<TDefaultHeuristicsResponse>,
): TDefaultHeuristicsResponse {
  return { ...state, pivotConfig: null, shouldApplyHeuristicOrder: true, query, ...extra };
}

function withGranularity(
  query: Query,
  granularityOf: (td: TimeDimension) => TimeDimensionGranularity | undefined,
): Query {
  return {
    ...query,
    timeDimensions: (query.timeDimensions || []).map((td) => ({ ...td, granularity: granularityOf(td) })),
  };
}

/** A first measure, or a single measure swapped: use its cube's default time dimension. */
function onMeasureChosen(
  state: TDefaultHeuristicsResponse,
  query: Query,
  options: TDefaultHeuristicsOptions,
  granularity: TimeDimensionGranularity,
): TDefaultHeuristicsResponse {
  const [td] = query.timeDimensions || [];
  const dimension = options.meta.defaultTimeDimensionNameFor((query.measures as string[])[0]);
  const timeDimensions = dimension
    ? [{ dimension, granularity: td?.granularity || granularity, dateRange: td?.dateRange }]
    : [];
  return changed(state, { ...query, timeDimensions }, { chartType: dimension ? 'line' : 'number' });
}

/** The heuristics for a query that changed, from the most specific to the least; `state` if none applies. */
function onQueryChange(
  state: TDefaultHeuristicsResponse,
  query: Query,
  oldQuery: Query,
  options: TDefaultHeuristicsOptions,
  granularity: TimeDimensionGranularity,
): TDefaultHeuristicsResponse {
  const [oldTd] = oldQuery.timeDimensions || [];
  const [newTd] = query.timeDimensions || [];
  if (count(oldQuery.timeDimensions) === 1 && count(query.timeDimensions) === 1 && newTd?.granularity) {
    // The user picked another granularity: remember it for the next time dimension.
    if (oldTd?.granularity !== newTd.granularity) state = { ...state, sessionGranularity: newTd.granularity };
  }
  const [oldMeasures, newMeasures] = [count(oldQuery.measures), count(query.measures)];
  const [oldDimensions, newDimensions] = [count(oldQuery.dimensions), count(query.dimensions)];
  if (
    (oldMeasures === 0 && newMeasures > 0) ||
    (oldMeasures === 1 && newMeasures === 1 && oldQuery.measures?.[0] !== query.measures?.[0])
  ) {
    return onMeasureChosen(state, query, options, granularity);
  }
  if (oldDimensions === 0 && newDimensions > 0) {
    return changed(
      state,
      withGranularity(query, () => undefined),
      { chartType: 'table' },
    );
  }
  if (oldDimensions > 0 && newDimensions === 0) {
    const next = withGranularity(query, (td) => td.granularity || granularity);
    return changed(state, next, { chartType: count(next.timeDimensions) ? 'line' : 'number' });
  }
  if ((oldDimensions > 0 || oldMeasures > 0) && newDimensions === 0 && newMeasures === 0) {
    return changed(state, { ...query, timeDimensions: [], filters: [] }, { sessionGranularity: null });
  }
  return state;
}

/** A new chart type on an unchanged query: time charts need a granularity, the others drop it. */
function onChartTypeChange(
  state: TDefaultHeuristicsResponse,
  oldQuery: Query,
  granularity: TimeDimensionGranularity,
): TDefaultHeuristicsResponse {
  const { chartType } = state;
  const timeDimensions = oldQuery.timeDimensions || [];
  if (timeDimensions.length !== 1) return state;
  const td = timeDimensions[0];
  if ((chartType === 'line' || chartType === 'area') && !td.granularity) {
    return { ...state, pivotConfig: null, query: { ...oldQuery, timeDimensions: [{ ...td, granularity }] } };
  }
  if ((chartType === 'pie' || chartType === 'table' || chartType === 'number') && td.granularity) {
    return changed(state, { ...oldQuery, timeDimensions: [{ ...td, granularity: undefined }] }, {});
  }
  return state;
}

/**
 * The query builder's heuristics: given the state the user just produced and the previous query,
 * the state to show instead. A first measure brings its cube's default time dimension (line chart),
 * a first dimension drops the granularity (table), removing every measure and dimension clears
 * the query, and a chart type change adds or drops the granularity. Lists of queries are left as
 * they are.
 *
 * @example
 * ```ts
 * defaultHeuristics({ query: { measures: ['Orders.count'] } }, {}, { meta });
 * // { query: { measures: [...], timeDimensions: [{ dimension: 'Orders.createdAt', granularity: 'day' }] },
 * //   chartType: 'line', shouldApplyHeuristicOrder: true, pivotConfig: null }
 * ```
 */
export function defaultHeuristics(
  newState: TDefaultHeuristicsState,
  oldQuery: Query,
  options: TDefaultHeuristicsOptions,
): TDefaultHeuristicsResponse {
  const { query, ...props } = deepClone(newState);
  const granularity = options.sessionGranularity || DEFAULT_GRANULARITY;
  const state: TDefaultHeuristicsResponse = {
    shouldApplyHeuristicOrder: false,
    pivotConfig: null,
    query,
    ...props,
  };
  const changedQuery = areQueriesEqual(query, oldQuery) ? null : query;
  if (Array.isArray(changedQuery) || Array.isArray(oldQuery)) {
    return { shouldApplyHeuristicOrder: false, pivotConfig: null, ...newState };
  }
  if (changedQuery) return onQueryChange(state, changedQuery, oldQuery, options, granularity);
  return state.chartType ? onChartTypeChange(state, oldQuery, granularity) : state;
}
