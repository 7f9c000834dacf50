// What the drop-in tests share: the fake Cube's answers for meta, dry-run and load.
import { json, loadBody, type SeenRequest } from '../support/fixtures';

export const META = {
  cubes: [
    {
      name: 'Orders',
      title: 'Orders',
      type: 'cube',
      measures: [{ name: 'Orders.count', title: 'Orders Count', shortTitle: 'Count', type: 'number' }],
      dimensions: [
        { name: 'Orders.createdAt', title: 'Orders Created at', shortTitle: 'Created at', type: 'time' },
      ],
      segments: [],
    },
  ],
};

/** Answers `/meta`, `/dry-run` and `/load` as a Cube server would for `Orders.count`. */
export function cubeAnswers(count: number | string = 42) {
  return ({ url }: SeenRequest): Response => {
    if (url.pathname.endsWith('/meta')) return json(META);
    if (url.pathname.endsWith('/dry-run')) {
      const query = { measures: ['Orders.count'], dimensions: [], timeDimensions: [], filters: [] };
      return json({
        queryType: 'regularQuery',
        normalizedQueries: [query],
        pivotQuery: { ...query, queryType: 'regularQuery' },
        queryOrder: [],
        transformedQueries: [],
      });
    }
    const body = loadBody(count);
    return json({ ...body, pivotQuery: { ...body.results[0].query, queryType: 'regularQuery' } });
  };
}
