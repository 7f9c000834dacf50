/**
 * toResultSet: the raw `/load` body → ResultSet step of the published CubeApi
 * (`loadResponseInternal`), compared with it on generated responses in every row format.
 */
import { CubeApi } from '@cubejs-client/core';
import { toResultSet } from '../../src/result/toResultSet';
import type { LoadResponse, Row } from '../../src/types/response';
import { canonicalOutcome, outcome } from './compare';
import { generateCase } from './generator';

const published = new CubeApi('token', { apiUrl: 'http://localhost/cubejs-api/v1' }) as unknown as {
  loadResponseInternal(
    response: unknown,
    options: { castNumerics?: boolean },
  ): Record<string, (...a: unknown[]) => unknown>;
};

function asMulti(seed: number): LoadResponse {
  const generated = generateCase(seed);
  const response = generated.response as LoadResponse;
  if (response.results) return response;
  const query = (generated.response as unknown as { query: LoadResponse['pivotQuery'] }).query;
  return {
    queryType: 'regularQuery',
    results: [generated.response as never],
    pivotQuery: { ...query, queryType: 'regularQuery' },
  };
}

function reformat(response: LoadResponse, format: 'compact' | 'columnar'): unknown {
  return {
    ...response,
    results: response.results.map((r) => {
      const members = [...new Set(r.data.flatMap((row) => Object.keys(row)))];
      const data =
        format === 'compact'
          ? { members, dataset: r.data.map((row) => members.map((m) => row[m])) }
          : { members, columns: members.map((m) => r.data.map((row) => row[m])) };
      return { ...r, query: { ...r.query, responseFormat: format }, data };
    }),
  };
}

const views = (rs: Record<string, (...a: unknown[]) => unknown>): string =>
  ['rawData', 'tablePivot', 'chartPivot', 'decompose']
    .map((m) =>
      canonicalOutcome(
        outcome(() =>
          m === 'decompose'
            ? (rs.decompose!() as Array<{ rawData(): unknown }>).map((p) => p.rawData())
            : rs[m]!(),
        ),
      ),
    )
    .join('\n');

describe('toResultSet matches the published CubeApi', () => {
  test.each([false, true])('default format, castNumerics %s, on 80 generated responses', (castNumerics) => {
    for (let seed = 500; seed < 580; seed++) {
      const body = asMulti(seed);
      const before = JSON.stringify(body);
      const ours = toResultSet(body, { castNumerics }) as unknown as Record<
        string,
        (...a: unknown[]) => unknown
      >;
      expect(JSON.stringify(body)).toBe(before); // the body is left alone
      const theirs = published.loadResponseInternal(structuredClone(body), { castNumerics });
      expect(views(ours)).toBe(views(theirs));
    }
  });

  test.each(['compact', 'columnar'] as const)('%s format expands to the same rows', (format) => {
    for (let seed = 600; seed < 640; seed++) {
      const body = asMulti(seed);
      const ours = toResultSet(reformat(body, format) as never) as unknown as Record<
        string,
        (...a: unknown[]) => unknown
      >;
      const theirs = published.loadResponseInternal(reformat(structuredClone(body), format), {});
      expect(views(ours)).toBe(views(theirs));
    }
  });

  test('castNumerics with a compact body equals casting the expanded rows (the published client throws here)', () => {
    const body = asMulti(700);
    const ours = toResultSet(reformat(body, 'compact') as never, { castNumerics: true }) as unknown as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    // The compact rows, expanded by hand into the default format, then cast by the published client.
    const compact = reformat(body, 'compact') as {
      results: Array<{ data: { members: string[]; dataset: unknown[][] } }>;
    };
    const expanded = {
      ...structuredClone(body),
      results: body.results.map((r, i) => {
        const { members, dataset } = compact.results[i]!.data;
        return {
          ...structuredClone(r),
          data: dataset.map((values) => Object.fromEntries(members.map((m, k) => [m, values[k]]))),
        };
      }),
    };
    const theirsFromDefault = published.loadResponseInternal(expanded, { castNumerics: true });
    expect(views(ours)).toBe(views(theirsFromDefault));
    expect(() =>
      published.loadResponseInternal(reformat(structuredClone(body), 'compact'), { castNumerics: true }),
    ).toThrow(TypeError);
  });

  test('castNumerics turns numeric members into numbers, leaves nulls and other members', () => {
    const body = asMulti(501);
    const rs = toResultSet(body, { castNumerics: true });
    const result = body.results[0]!;
    const numeric = Object.entries({ ...result.annotation.measures, ...result.annotation.dimensions })
      .filter(([, a]) => a.type === 'number')
      .map(([m]) => m);
    expect(numeric.length).toBeGreaterThan(0);
    (rs.decompose()[0]!.rawData() as Row[]).forEach((row, i) => {
      for (const m of numeric) {
        const raw = result.data[i]![m];
        expect(row[m]).toEqual(raw == null ? raw : Number(raw));
      }
    });
  });

  test('a plain single-result body is accepted', () => {
    const generated = generateCase(20240502);
    const single = (generated.response as LoadResponse).results?.[0] ?? generated.response;
    const rs = toResultSet(single as never);
    expect(rs.loadResponses).toHaveLength(1);
    expect(rs.queryType).toBe('regularQuery');
  });
});
