import type { Query } from '../../src/types/query';
import type { LoadResponse, Row } from '../../src/types/response';

/** The annotation of the `Orders.count` measure in the hand-written responses. */
export const COUNT_ANNOTATION = { title: 'Orders Count', shortTitle: 'Count', type: 'number' };

/**
 * A regular-query load response with one result measuring `Orders.count`, shaped as Cube sends it;
 * the time-series tests differ only in their query, rows and annotations.
 */
export function countResponse(
  query: Query,
  data: Row[],
  annotation: { measure?: object; timeDimensions?: Record<string, object> } = {},
): LoadResponse {
  const { measure = COUNT_ANNOTATION, timeDimensions = {} } = annotation;
  return {
    queryType: 'regularQuery',
    pivotQuery: { ...query, queryType: 'regularQuery' },
    results: [
      {
        query,
        data,
        annotation: { measures: { 'Orders.count': measure }, dimensions: {}, segments: {}, timeDimensions },
      },
    ],
  } as unknown as LoadResponse;
}
