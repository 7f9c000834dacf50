/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
// The hooks added to match @cubejs-client/react: useCubeSql, useDryRun, useLazyDryRun, and
// useCubeQuery's subscribe over a client that pushes (as a WebSocket transport does).
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import cubejs, { RequestError, SqlQuery, type Query, type ResultSet } from '../../src/index';
import {
  CubeProvider,
  CubeTokenState,
  useCubeQuery,
  useCubeSql,
  useDryRun,
  useLazyDryRun,
  type CubeApiLike,
} from '../../src/react/index';
import { API_URL, countingTokenFn, json, useFakeCube } from '../support/fixtures';
import { measuresOf, recording, rejectAfter } from '../support/frameworks';

const cube = useFakeCube();
const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;
const COUNT: Query = { measures: ['Orders.count'] };
const TOTAL: Query = { measures: ['Orders.total'] };
const state = (id = 'state') => screen.getByTestId(id).textContent;

/** /sql answers with the measure in the SQL; /dry-run echoes the query it got. */
function sqlAndDryRun() {
  cube.answer((request) => {
    const query = JSON.parse(request.url.searchParams.get('query') ?? '{}') as Query;
    if (request.url.pathname.endsWith('/sql'))
      return json({ sql: { sql: [`SELECT ${query.measures?.join(',')}`, []] } });
    if (query.measures?.includes('Orders.nope')) return json({ error: 'no member Orders.nope' }, 400);
    return json({ queryType: 'regularQuery', normalizedQueries: [query], pivotQuery: query, queryOrder: [] });
  });
}

function Sql({ query }: { query: Query }) {
  const { response, isLoading } = useCubeSql(query);
  return <p data-testid="state">{isLoading ? 'loading' : (response as SqlQuery | null)?.sql()}</p>;
}

describe('useCubeSql', () => {
  it('shows the SQL of the query, and follows a changed query', async () => {
    sqlAndDryRun();
    const { api, calls } = recording(cubejs('token', fast));
    const { rerender } = render(
      <CubeProvider cubeApi={api}>
        <Sql query={COUNT} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('SELECT Orders.count'));
    rerender(
      <CubeProvider cubeApi={api}>
        <Sql query={{ measures: ['Orders.count'] }} />
      </CubeProvider>,
    );
    expect(calls).toHaveLength(1);
    rerender(
      <CubeProvider cubeApi={api}>
        <Sql query={TOTAL} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('SELECT Orders.total'));
    expect(calls.map((call) => call.method)).toEqual(['sql', 'sql']);
    expect(calls[0].options).toMatchObject({ mutexKey: 'sql' });
  });
});

describe('useDryRun and useLazyDryRun', () => {
  function Check({ query }: { query: Query }) {
    const { response, error, isLoading } = useDryRun(query);
    if (isLoading) return <p data-testid="state">loading</p>;
    if (error) return <p data-testid="state">{`${error.constructor.name}: ${error.message}`}</p>;
    return <p data-testid="state">{(response as { queryType: string }).queryType}</p>;
  }

  it('useDryRun shows the normalized answer, or a typed error', async () => {
    sqlAndDryRun();
    const { rerender } = render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Check query={COUNT} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('regularQuery'));
    rerender(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Check query={{ measures: ['Orders.nope'] }} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('RequestError: no member Orders.nope'));
  });

  it('useLazyDryRun sends nothing until its loader runs, then the query it is given', async () => {
    sqlAndDryRun();
    const { api, calls } = recording(cubejs('token', fast));
    function LazyCheck() {
      const [check, { response, isLoading }] = useLazyDryRun();
      const normalized = (response as { normalizedQueries: Query[] } | null)?.normalizedQueries[0];
      return (
        <div>
          <p data-testid="state">
            {isLoading ? 'loading' : (normalized?.measures?.join(',') ?? 'nothing yet')}
          </p>
          <button onClick={() => void check({ query: TOTAL })}>check</button>
        </div>
      );
    }
    render(
      <CubeProvider cubeApi={api}>
        <LazyCheck />
      </CubeProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state()).toBe('nothing yet');
    expect(calls).toHaveLength(0);
    fireEvent.click(screen.getByText('check'));
    await waitFor(() => expect(state()).toBe('Orders.total'));
    expect(calls.map((call) => call.method)).toEqual(['dryRun']);
  });
});

describe('useCubeQuery, more of the published shape', () => {
  function Value({ query, subscribe, id = 'state' }: { query: Query; subscribe?: boolean; id?: string }) {
    const { resultSet, isLoading, previousQuery, refetch } = useCubeQuery(query, { subscribe });
    return (
      <div>
        <p data-testid={id}>
          {isLoading ? 'loading' : `value ${String(resultSet?.rawData()[0]?.['Orders.count'])}`}
        </p>
        <p data-testid={`${id}-previous`}>{JSON.stringify(previousQuery)}</p>
        <button onClick={() => void refetch()}>{`refetch ${id}`}</button>
      </div>
    );
  }

  it('with subscribe shows every result a pushing client delivers (any transport behind subscribe)', async () => {
    let push: ((value: number) => void) | undefined;
    let stopped = 0;
    const pushing: CubeApiLike = {
      load: () => Promise.reject(new Error('load is not used with subscribe')),
      meta: () => Promise.reject(new Error('unused')),
      subscribe: (_query, _options, callback) => {
        push = (value) =>
          callback(null, { rawData: () => [{ 'Orders.count': value }] } as unknown as ResultSet);
        return { unsubscribe: async () => void (stopped += 1) };
      },
    };
    const { unmount } = render(
      <CubeProvider cubeApi={pushing}>
        <Value query={COUNT} subscribe />
      </CubeProvider>,
    );
    expect(state()).toBe('loading');
    act(() => push!(1));
    expect(state()).toBe('value 1');
    act(() => push!(2));
    expect(state()).toBe('value 2');
    expect(state('state-previous')).toBe(JSON.stringify(COUNT));
    unmount();
    await waitFor(() => expect(stopped).toBe(1));
  });

  it('a token refresh caused by one query re-sends that query only, not every query on the page', async () => {
    cube.answer(rejectAfter('first', 2));
    const tokenFn = countingTokenFn(['first', 'second']);
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(tokenState.track(tokenFn), { ...fast, onAuthFailure: tokenState.onAuthFailure });
    function Page() {
      const [, setTick] = useState(0);
      return (
        <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
          <Value query={COUNT} id="one" />
          <Value query={{ measures: ['Orders.count', 'Orders.total'] }} id="two" />
          <button onClick={() => setTick((tick) => tick + 1)}>rerender</button>
        </CubeProvider>
      );
    }
    render(<Page />);
    await waitFor(() => expect([state('one'), state('two')]).toEqual(['value 1', 'value 2']));
    fireEvent.click(screen.getByText('refetch one'));
    await waitFor(() => expect(cube.seen).toHaveLength(4));
    await waitFor(() => expect(tokenState.getTokenState().status).toBe('ready'));
    fireEvent.click(screen.getByText('rerender'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tokenFn.calls).toBe(2);
    expect(cube.seen.map((seen) => `${measuresOf(seen.url).length} ${seen.authorization}`)).toEqual([
      '1 first',
      '2 first',
      '1 first',
      '1 second',
    ]);
    expect(state('two')).toBe('value 2');
  });

  it('a typed error from the token function surfaces as TokenError', async () => {
    const failing = cubejs(() => Promise.reject(new Error('login service down')), fast);
    function Failing() {
      const { error } = useCubeQuery(COUNT);
      return (
        <p data-testid="state">{error ? `${error.constructor.name} ${(error as RequestError).code}` : '…'}</p>
      );
    }
    render(
      <CubeProvider cubeApi={failing}>
        <Failing />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('TokenError TOKEN_FETCH_FAILED'));
  });

  it('types the rows of a literal query as load does (checked by tsc in the types step)', async () => {
    function Typed() {
      const { resultSet } = useCubeQuery({ measures: ['Orders.count'] } as const);
      const row = resultSet?.rawData()[0];
      // @ts-expect-error: 'Orders.nope' is not a member of the query
      void row?.['Orders.nope'];
      return (
        <p data-testid="state">
          {String(row?.['Orders.count'] satisfies string | number | boolean | null | undefined)}
        </p>
      );
    }
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Typed />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('42'));
  });
});
