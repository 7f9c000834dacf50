/**
 * The `compact` (and `columnar`) response formats: the query asks for the layout, the reply's rows
 * are expanded, and the `ResultSet` is the one the published client builds from the same reply.
 */
import officialCube from '@cubejs-client/core';
import { CubeApi } from '../../../src/index';
import { API_URL, json, useFakeCube } from '../../support/fixtures';

const cube = useFakeCube();

const query = {
  measures: ['Orders.count'],
  dimensions: ['Orders.status'],
  timeDimensions: [
    { dimension: 'Orders.createdAt', granularity: 'month', dateRange: ['2024-01-01', '2024-03-31'] },
  ],
} as const;
const members = ['Orders.status', 'Orders.createdAt.month', 'Orders.createdAt', 'Orders.count'];
const rows = [
  ['done', '2024-01-01T00:00:00.000', '2024-01-01T00:00:00.000', '3'],
  ['new', '2024-01-01T00:00:00.000', '2024-01-01T00:00:00.000', '1'],
  ['done', '2024-03-01T00:00:00.000', '2024-03-01T00:00:00.000', '5'],
];
const annotation = {
  measures: { 'Orders.count': { title: 'Orders Count', shortTitle: 'Count', type: 'number' } },
  dimensions: { 'Orders.status': { title: 'Orders Status', shortTitle: 'Status', type: 'string' } },
  segments: {},
  timeDimensions: {
    'Orders.createdAt.month': { title: 'Orders Created at', shortTitle: 'Created at', type: 'time' },
    'Orders.createdAt': { title: 'Orders Created at', shortTitle: 'Created at', type: 'time' },
  },
};

/** Cube's reply for the query as sent: rows laid out as its `responseFormat` asks. */
function replyFor(sent: { responseFormat?: string }) {
  const format = sent.responseFormat;
  const data =
    format === 'compact'
      ? { members, dataset: rows }
      : format === 'columnar'
        ? { members, columns: members.map((_, k) => rows.map((row) => row[k])) }
        : rows.map((row) => Object.fromEntries(members.map((m, k) => [m, row[k]])));
  return {
    queryType: 'regularQuery',
    results: [{ query: { ...query, ...sent, timezone: 'UTC' }, data, annotation }],
    pivotQuery: { ...query, ...sent, queryType: 'regularQuery' },
  };
}

beforeEach(() =>
  cube.answer((request) =>
    json(replyFor(JSON.parse(request.url.searchParams.get('query') ?? '{}') as never)),
  ),
);

/** Everything a chart or table reads from a result set. */
function outputs(resultSet: {
  rawData(): unknown;
  tablePivot(): unknown;
  chartPivot(): unknown;
  seriesNames(): unknown;
  tableColumns(): unknown;
}) {
  return [
    resultSet.rawData(),
    resultSet.tablePivot(),
    resultSet.chartPivot(),
    resultSet.seriesNames(),
    resultSet.tableColumns(),
  ];
}

describe('load(query, options, callback, responseFormat)', () => {
  it.each(['compact', 'columnar'] as const)(
    '%s: the query asks for it, and the result set equals the published one and the default one',
    async (format) => {
      const mine = await new CubeApi('tok', { apiUrl: API_URL }).load(query, {}, undefined, format);
      const published = await officialCube('tok', { apiUrl: API_URL }).load(query, {}, undefined, format);
      const plain = await new CubeApi('tok', { apiUrl: API_URL }).load(query);
      const sent = cube.seen.map(
        (r) =>
          (JSON.parse(r.url.searchParams.get('query') ?? '{}') as { responseFormat?: string }).responseFormat,
      );
      expect(sent).toEqual([format, format, undefined]);
      expect(outputs(mine)).toEqual(outputs(published as never));
      expect(outputs(mine)).toEqual(outputs(plain));
    },
  );

  it('the callback form takes the format too', async () => {
    const resultSet = await new Promise((resolve, reject) =>
      new CubeApi('tok', { apiUrl: API_URL }).load(
        query,
        undefined,
        (e, r) => (e ? reject(e) : resolve(r)),
        'compact',
      ),
    );
    expect((resultSet as { rawData(): unknown[] }).rawData()).toHaveLength(3);
    expect(JSON.parse(cube.seen[0].url.searchParams.get('query') ?? '{}')).toMatchObject({
      responseFormat: 'compact',
    });
  });

  it('resType is the format when the call names none; a call can still ask for another', async () => {
    const api = new CubeApi('tok', { apiUrl: API_URL, resType: 'compact' });
    const compact = await api.load(query);
    await api.load(query, {}, undefined, 'default');
    const formats = cube.seen.map(
      (r) =>
        (JSON.parse(r.url.searchParams.get('query') ?? '{}') as { responseFormat?: string }).responseFormat,
    );
    expect(formats).toEqual(['compact', undefined]);
    expect(compact.tablePivot()).toEqual(
      (await new CubeApi('tok', { apiUrl: API_URL }).load(query)).tablePivot(),
    );
    expect(() => new CubeApi('tok', { apiUrl: API_URL, resType: 'csv' as never })).toThrow(/resType/);
  });

  it('castNumerics works on compact rows (the published client fails there)', async () => {
    const resultSet = await new CubeApi('tok', { apiUrl: API_URL, castNumerics: true }).load(
      query,
      {},
      undefined,
      'compact',
    );
    expect(resultSet.rawData().map((row) => row['Orders.count'])).toEqual([3, 1, 5]);
  });
});

describe('meta and the per-call options', () => {
  it('meta({ extended: true }) asks for the extended model; cache and baseRequestId reach the wire', async () => {
    cube.answer(() => json({ cubes: [] }));
    await new CubeApi('tok', { apiUrl: API_URL }).meta({ extended: true, onlyViews: true });
    expect(cube.seen[0].url.searchParams.get('extended')).toBe('true');
    expect(cube.seen[0].url.searchParams.get('onlyViews')).toBe('true');
    cube.answer((request) =>
      json(replyFor(JSON.parse(request.url.searchParams.get('query') ?? '{}') as never)),
    );
    await new CubeApi('tok', { apiUrl: API_URL }).load(query, {
      cache: 'must-revalidate',
      baseRequestId: 'mine',
    });
    expect(cube.seen[1].url.searchParams.get('cache')).toBe('must-revalidate');
    expect(cube.seen[1].requestId).toBe('mine-span-1');
  });
});
