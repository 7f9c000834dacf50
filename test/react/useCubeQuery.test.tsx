/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
import { jest } from '@jest/globals';
import { StrictMode } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import cubejs, { RequestError, type Query } from '../../src/index';
import {
  CubeProvider,
  CubeTokenState,
  useCubeQuery,
  useCubeToken,
  type UseCubeQueryOptions,
} from '../../src/react/index';
import { API_URL, countingTokenFn, useFakeCube, json, loadBody } from '../support/fixtures';
import { gate, hangingLoad, measuresOf, recording } from '../support/frameworks';

const cube = useFakeCube();

const COUNT: Query = { measures: ['Orders.count'] };
const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;

/** What one render of a component showed. */
interface Shown {
  isLoading: boolean;
  error: string | null;
  value: unknown;
  stage: string | null;
}

function describeState(state: Shown): string {
  if (state.isLoading) return state.stage ? `loading: ${state.stage}` : 'loading';
  if (state.error) return `error: ${state.error}`;
  return `value ${String(state.value)}`;
}

/** Renders what `useCubeQuery` returns, and logs every render. */
function Probe({
  query,
  options,
  log = [],
}: {
  query: Query | Query[] | null;
  options?: UseCubeQueryOptions;
  log?: Shown[];
}) {
  const { resultSet, isLoading, error, progress, refetch } = useCubeQuery(query, options);
  const shown: Shown = {
    isLoading,
    error: error?.message ?? null,
    value: resultSet ? (resultSet.rawData()[0]?.['Orders.count'] ?? null) : null,
    stage: progress?.stage ?? null,
  };
  log.push(shown);
  return (
    <div>
      <p data-testid="state">{describeState(shown)}</p>
      <p data-testid="data">{resultSet ? `data ${String(shown.value)}` : 'no data'}</p>
      <button onClick={() => void refetch()}>refetch</button>
    </div>
  );
}

const state = () => screen.getByTestId('state').textContent;

describe('useCubeQuery with our client', () => {
  it('shows loading on the first render, then the data', async () => {
    const log: Shown[] = [];
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Probe query={COUNT} log={log} />
      </CubeProvider>,
    );
    expect(log[0]).toEqual({ isLoading: true, error: null, value: null, stage: null });
    await waitFor(() => expect(state()).toBe('value 42'));
    expect(cube.seen).toHaveLength(1);
    expect(cube.seen[0].authorization).toBe('token');
  });

  it('shows the server error, with no data', async () => {
    cube.answer(() => json({ error: 'Query is invalid: no member Orders.nope' }, 400));
    const log: Shown[] = [];
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Probe query={{ measures: ['Orders.nope'] }} log={log} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('error: Query is invalid: no member Orders.nope'));
    expect(screen.getByTestId('data').textContent).toBe('no data');
    expect(log.at(-1)?.isLoading).toBe(false);
  });

  it('passes the error object through: a RequestError with its status', async () => {
    cube.answer(() => json({ error: 'boom' }, 500));
    let seen: Error | null = null;
    function ErrorProbe() {
      const { error } = useCubeQuery(COUNT);
      if (error) seen = error;
      return null;
    }
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <ErrorProbe />
      </CubeProvider>,
    );
    await waitFor(() => expect(seen).not.toBeNull());
    expect(seen).toBeInstanceOf(RequestError);
    expect((seen as unknown as RequestError).status).toBe(500);
  });

  it('shows Cube\'s "Continue wait" stage as progress while the query runs', async () => {
    const done = gate();
    cube.answer(async (_request, index) => {
      if (index === 0) return json({ error: 'Continue wait', stage: 'Executing query', timeElapsed: 12 });
      await done.promise;
      return json(loadBody(5));
    });
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Probe query={COUNT} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('loading: Executing query'));
    done.open();
    await waitFor(() => expect(state()).toBe('value 5'));
  });

  it('keeps a token refresh in the middle of a query invisible: loading, then data, never an error', async () => {
    const tokenFn = countingTokenFn(['stale', 'fresh']);
    cube.answer((request) =>
      request.authorization === 'stale' ? json({ error: 'Invalid token' }, 403) : json(loadBody(7)),
    );
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(tokenState.track(tokenFn), { ...fast, onAuthFailure: tokenState.onAuthFailure });
    const statuses: string[] = [];
    function TokenProbe() {
      const { status } = useCubeToken();
      if (statuses.at(-1) !== status) statuses.push(status);
      return null;
    }
    const log: Shown[] = [];
    render(
      <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
        <Probe query={COUNT} log={log} />
        <TokenProbe />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value 7'));
    // The server did reject the first token, and the client did fetch a second one...
    expect(cube.seen.map((request) => request.authorization)).toEqual(['stale', 'fresh']);
    expect(tokenFn.calls).toBe(2);
    // ...while the component only ever saw "loading" and then the data.
    const distinct = log.map(describeState).filter((text, index, all) => text !== all[index - 1]);
    expect(distinct).toEqual(['loading', 'value 7']);
    expect(log.every((shown) => shown.error === null)).toBe(true);
    // The token UI, which asked to see it, did.
    expect(statuses).toEqual(['idle', 'refreshing', 'ready', 'refreshing', 'ready']);
  });

  it('aborts the request in flight when the component unmounts, and reports nothing after', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    const { api, calls } = recording(cubejs('token', fast));
    const log: Shown[] = [];
    const { unmount } = render(
      <CubeProvider cubeApi={api}>
        <Probe query={COUNT} log={log} />
      </CubeProvider>,
    );
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count']));
    const rendersBefore = log.length;
    unmount();
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count']));
    expect(calls).toHaveLength(1);
    expect(calls[0].signal?.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).toHaveLength(rendersBefore);
  });

  it('under StrictMode makes one request, not two, and never aborts it', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    render(
      <StrictMode>
        <CubeProvider cubeApi={api}>
          <Probe query={COUNT} />
        </CubeProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(state()).toBe('value 42'));
    expect(calls).toHaveLength(1);
    expect(calls[0].signal?.aborted).toBe(false);
    expect(cube.seen).toHaveLength(1);
  });

  it('under StrictMode still aborts on a real unmount', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    const { unmount } = render(
      <StrictMode>
        <CubeProvider cubeApi={cubejs('token', fast)}>
          <Probe query={COUNT} />
        </CubeProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(hanging.arrived).toHaveLength(1));
    unmount();
    await waitFor(() => expect(hanging.aborted).toHaveLength(1));
  });

  it('does not refetch for a deep-equal query literal; does for a changed one', async () => {
    cube.answer((request) => json(loadBody(measuresOf(request.url).length)));
    const { api, calls } = recording(cubejs('token', fast));
    const view = (query: Query) => (
      <CubeProvider cubeApi={api}>
        <Probe query={query} />
      </CubeProvider>
    );
    const { rerender } = render(view({ measures: ['Orders.count'], filters: [] }));
    await waitFor(() => expect(state()).toBe('value 1'));
    rerender(view({ measures: ['Orders.count'], filters: [] }));
    rerender(view(JSON.parse(JSON.stringify({ measures: ['Orders.count'], filters: [] })) as Query));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(1);
    rerender(view({ measures: ['Orders.count', 'Orders.total'], filters: [] }));
    await waitFor(() => expect(state()).toBe('value 2'));
    expect(calls).toHaveLength(2);
  });

  it('aborts a superseded request; the late answer never shows', async () => {
    const first = gate();
    cube.answer(async (request) => {
      const measures = measuresOf(request.url);
      if (measures[0] === 'Orders.first') await first.promise;
      return json(loadBody(measures[0] === 'Orders.first' ? 1 : 2));
    });
    const { api, calls } = recording(cubejs('token', fast));
    const log: Shown[] = [];
    const view = (measure: string) => (
      <CubeProvider cubeApi={api}>
        <Probe query={{ measures: [measure] }} log={log} />
      </CubeProvider>
    );
    const { rerender } = render(view('Orders.first'));
    await waitFor(() => expect(cube.seen).toHaveLength(1));
    rerender(view('Orders.second'));
    await waitFor(() => expect(state()).toBe('value 2'));
    expect(calls[0].signal?.aborted).toBe(true);
    expect(calls[1].signal?.aborted).toBe(false);
    first.open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state()).toBe('value 2');
    expect(log.some((shown) => shown.value === 1)).toBe(false);
  });

  it('clears the old result while a changed query loads, unless resetResultSetOnChange is false', async () => {
    const second = gate();
    cube.answer(async (request) => {
      if (measuresOf(request.url)[0] === 'Orders.second') await second.promise;
      return json(loadBody(measuresOf(request.url)[0] === 'Orders.second' ? 2 : 1));
    });
    const api = cubejs('token', fast);
    const view = (measure: string, reset?: boolean) => (
      <CubeProvider cubeApi={api}>
        <Probe query={{ measures: [measure] }} options={{ resetResultSetOnChange: reset }} />
      </CubeProvider>
    );
    const { rerender } = render(view('Orders.first', false));
    await waitFor(() => expect(state()).toBe('value 1'));
    rerender(view('Orders.second', false));
    expect(state()).toBe('loading');
    expect(screen.getByTestId('data').textContent).toBe('data 1');
    rerender(view('Orders.first', undefined));
    await waitFor(() => expect(state()).toBe('value 1'));
    rerender(view('Orders.second', undefined));
    expect(state()).toBe('loading');
    expect(screen.getByTestId('data').textContent).toBe('no data');
    second.open();
    await waitFor(() => expect(state()).toBe('value 2'));
  });

  it('with skip sends nothing and is not loading; refetch() runs the query anyway', async () => {
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Probe query={COUNT} options={{ skip: true }} />
      </CubeProvider>,
    );
    expect(state()).toBe('value null');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cube.seen).toHaveLength(0);
    fireEvent.click(screen.getByText('refetch'));
    await waitFor(() => expect(state()).toBe('value 42'));
    expect(cube.seen).toHaveLength(1);
  });

  it("waits on an empty query (a query builder's first state) without sending it", async () => {
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Probe query={{ measures: [] }} />
      </CubeProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(state()).toBe('value null');
    expect(cube.seen).toHaveLength(0);
  });

  it('refetch() sends the same query again and shows the new answer', async () => {
    cube.answer((_request, index) => json(loadBody(index + 1)));
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Probe query={COUNT} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value 1'));
    fireEvent.click(screen.getByText('refetch'));
    await waitFor(() => expect(state()).toBe('value 2'));
  });

  it('passes castNumerics (hook option over provider option) to load', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    const { rerender } = render(
      <CubeProvider cubeApi={api} options={{ castNumerics: true }}>
        <Probe query={COUNT} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value 42'));
    expect(calls[0].options).toMatchObject({ castNumerics: true });
    rerender(
      <CubeProvider cubeApi={api} options={{ castNumerics: true }}>
        <Probe query={COUNT} options={{ castNumerics: false }} />
      </CubeProvider>,
    );
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].options).toMatchObject({ castNumerics: false });
  });

  it('with subscribe keeps polling while mounted, shows each new result, and stops on unmount', async () => {
    cube.answer((_request, index) => json(loadBody(index + 1)));
    const { api, calls, unsubscribed } = recording(cubejs('token', { ...fast, pollInterval: 0.01 }));
    const { unmount } = render(
      <CubeProvider cubeApi={api}>
        <Probe query={COUNT} options={{ subscribe: true }} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value 3'));
    expect(calls.map((call) => call.method)).toEqual(['subscribe']);
    unmount();
    await waitFor(() => expect(unsubscribed).toEqual([0]));
    const sent = cube.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cube.seen.length).toBeLessThanOrEqual(sent + 1);
  });

  it('throws a clear error when there is no client', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(() => render(<Probe query={COUNT} />)).toThrow(/CubeProvider/);
    } finally {
      spy.mockRestore();
    }
  });

  it("uses options.cubeApi over the provider's client", async () => {
    const { api, calls } = recording(cubejs('own', fast));
    render(
      <CubeProvider cubeApi={null}>
        <Probe query={COUNT} options={{ cubeApi: api }} />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value 42'));
    expect(calls).toHaveLength(1);
    expect(cube.seen[0].authorization).toBe('own');
  });
});
