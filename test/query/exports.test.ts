/**
 * The query utilities and time helpers are named exports of the entry and properties of the
 * script-tag global, under the published client's names.
 */
import * as theirs from '@cubejs-client/core';
import * as ours from '../../src/index';
import scriptTag from '../../src/umd';

const NAMES = [
  'removeEmptyQueryFields',
  'validateQuery',
  'areQueriesEqual',
  'defaultOrder',
  'defaultHeuristics',
  'isQueryPresent',
  'movePivotItem',
  'moveItemInArray',
  'flattenFilters',
  'getQueryMembers',
  'getOrderMembersFromOrder',
  'aliasSeries',
  'GRANULARITIES',
  'DEFAULT_GRANULARITY',
  'TIME_SERIES',
  'DateRegex',
  'LocalDateRegex',
  'dayRange',
  'isPredefinedGranularity',
  'parseSqlInterval',
  'addInterval',
  'subtractInterval',
  'timeSeriesFromCustomInterval',
  'diffTimeUnitForInterval',
  'minGranularityForIntervals',
  'granularityFor',
  'internalDayjs',
] as const;

test.each(NAMES)('%s: exported by both entries, with the same kind of value, and on the global', (name) => {
  expect(name in theirs).toBe(true);
  expect(typeof ours[name]).toBe(typeof theirs[name]);
  expect((scriptTag as unknown as Record<string, unknown>)[name]).toBe(ours[name]);
});
