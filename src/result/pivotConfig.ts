import type { PivotConfig, PivotConfigFull } from '../types/response';
import type { Query, TimeDimension } from '../types/query';
import { mergeDeepLeft } from './objects';

/** `Cube.dimension.granularity`: how a time dimension with a granularity is named in rows and axes. */
export function timeDimensionMember(td: TimeDimension): string {
  return `${td.dimension}.${td.granularity}`;
}

/** Whether an axis (a list of members) holds the measures. */
export const hasMeasures = (axis: string[]): boolean => axis.includes('measures');

/**
 * Resolves a pivot config against a query: fills in missing axes, renames time dimensions to their
 * granularity members, drops unknown members and places `measures` (and `compareDateRange`).
 *
 * With no config, time dimensions go on `x` and dimensions on `y`; with an (even empty) config,
 * every member not placed goes on `x`.
 *
 * @example
 * ```ts
 * normalizePivotConfig(
 *   { measures: ['Orders.count'], timeDimensions: [{ dimension: 'Orders.ts', granularity: 'day' }] },
 *   undefined,
 * ); // { x: ['Orders.ts.day'], y: ['measures'], fillMissingDates: true, joinDateRange: false }
 * ```
 */
export function normalizePivotConfig(
  query: Query | null | undefined,
  pivotConfig?: PivotConfig | null,
): PivotConfigFull {
  const { measures = [], dimensions = [] } = query || {};
  const allTimeDimensions = query?.timeDimensions || [];
  const grouped = allTimeDimensions.filter((td) => !!td.granularity);
  const groupedMembers = grouped.map(timeDimensionMember);

  const given: PivotConfig =
    pivotConfig || (grouped.length ? { x: groupedMembers, y: dimensions } : { x: dimensions, y: [] });
  // The user's keys win, even when set to undefined; defaults only fill absent keys.
  const config = mergeDeepLeft(given, {
    x: [],
    y: [],
    fillMissingDates: true,
    joinDateRange: false,
  }) as PivotConfigFull;

  // A bare time dimension name on an axis means its granularity member (the first one queried).
  const rename = (axis: string[]): string[] =>
    axis.map((member) =>
      grouped.some((td) => td.dimension === member) && !(member && dimensions.includes(member))
        ? timeDimensionMember(allTimeDimensions.find((td) => td.dimension === member) as TimeDimension)
        : member,
    );
  let x = rename(config.x);
  let y = rename(config.y);

  const known = groupedMembers.concat(dimensions);
  const placed = x.concat(y);
  const isKnown = (member: string): boolean => known.includes(member) || member === 'measures';
  x = x.concat(known.filter((d) => !placed.includes(d) && d !== 'compareDateRange')).filter(isKnown);
  y = y.filter(isKnown);

  if (!hasMeasures(x.concat(y))) y.push('measures');
  if (
    dimensions.includes('compareDateRange') &&
    !y.includes('compareDateRange') &&
    !x.includes('compareDateRange')
  ) {
    y.unshift('compareDateRange');
  }
  if (!measures.length) {
    x = x.filter((d) => d !== 'measures');
    y = y.filter((d) => d !== 'measures');
  }
  config.x = x;
  config.y = y;
  return config;
}
