/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
// cube-client/svelte in Svelte's real runtime: components compiled by svelte/compiler (see
// transform.cjs), mounted in jsdom with Svelte's own mount(), against msw's fake Cube.
import { screen, waitFor } from '@testing-library/dom';
import { flushSync, mount, unmount } from 'svelte';
import { get, writable } from 'svelte/store';
import cubejs, { RequestError, SqlQuery, type Query } from '../../src/index';
import {
  CubeTokenState,
  cubeDryRun,
  cubeMeta,
  cubeQuery,
  cubeSql,
  cubeToken,
  type CubeApiLike,
} from '../../src/svelte/index';
import { API_URL, countingTokenFn, json, loadBody, useFakeCube } from '../support/fixtures';
import { hangingLoad, measuresOf, metaBody, recording, rejectAfter } from '../support/frameworks';
import App from './App.svelte';

const cube = useFakeCube();
const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;
const COUNT: Query = { measures: ['Orders.count'] };
const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function mountApp(props: Record<string, unknown>) {
  const target = document.body.appendChild(document.createElement('div'));
  const app = mount(App as never, { target, props });
  flushSync();
  return {
    app,
    stop: () => {
      unmount(app);
      target.remove();
    },
  };
}

afterEach(() => document.body.replaceChildren());

const shown = (index = 0) => screen.getByTestId(`state-${index}`).textContent?.replace(/\s+/g, ' ').trim();

describe('cube-client/svelte in a mounted component', () => {
  it('shows loading, then the data, with one request', async () => {
    const { stop } = mountApp({ cubeApi: cubejs('token', fast), queries: [COUNT] });
    expect(shown()).toBe('loading');
    await waitFor(() => expect(shown()).toBe('value 42'));
    expect(cube.seen).toHaveLength(1);
    stop();
  });

  it('surfaces a server error as our typed RequestError', async () => {
    cube.answer(() => json({ error: 'Query is invalid' }, 400));
    const { stop } = mountApp({ cubeApi: cubejs('token', fast), queries: [COUNT] });
    await waitFor(() => expect(shown()).toBe('error: RequestError Query is invalid'));
    stop();
  });

  it('follows a store of queries: a change aborts the request in flight; unmount aborts the last', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    const query = writable<Query>(COUNT);
    const { stop } = mountApp({ cubeApi: cubejs('token', fast), queries: [query] });
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count']));
    query.set({ measures: ['Orders.total'] });
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count']));
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count', 'Orders.total']));
    query.set({ measures: ['Orders.total'] });
    expect(hanging.arrived).toHaveLength(2);
    stop();
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count', 'Orders.total']));
  });

  it('two components on one context each show their query; the token store shows the state', async () => {
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(tokenState.track(countingTokenFn(['t'])), fast);
    const { stop } = mountApp({
      cubeApi,
      tokenState,
      withToken: true,
      queries: [COUNT, { measures: ['Orders.count', 'Orders.total'] }],
    });
    cube.answer((request) => json(loadBody(measuresOf(request.url).length)));
    await waitFor(() => expect([shown(0), shown(1)]).toEqual(['value 1', 'value 2']));
    flushSync();
    expect(screen.getByTestId('token').textContent).toBe('ready');
    screen.getByText('log out').click();
    flushSync();
    expect(screen.getByTestId('token').textContent).toBe('idle');
    stop();
  });
});

describe('cube-client/svelte stores', () => {
  it('the request starts with the first subscriber and stops when the last one leaves', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    const { api, calls } = recording(cubejs('token', fast));
    const store = cubeQuery(COUNT, { cubeApi: api });
    expect(calls).toHaveLength(0);
    const first = store.subscribe(() => undefined);
    const second = store.subscribe(() => undefined);
    expect(get(store).isLoading).toBe(true);
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count']));
    first();
    await microtask();
    expect(calls[0].signal?.aborted).toBe(false);
    second();
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count']));
    expect(calls).toHaveLength(1);
    expect(calls[0].signal?.aborted).toBe(true);
  });

  it('a same-tick unsubscribe and resubscribe (a remount) sends one request', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    const store = cubeQuery(COUNT, { cubeApi: api });
    store.subscribe(() => undefined)();
    const values: unknown[] = [];
    const stop = store.subscribe((state) => values.push(state.resultSet?.rawData()[0]?.['Orders.count']));
    await waitFor(() => expect(values.at(-1)).toBe('42'));
    expect(calls).toHaveLength(1);
    expect(calls[0].signal?.aborted).toBe(false);
    stop();
  });

  it('a token refresh updates the token store and re-sends no other query', async () => {
    cube.answer(rejectAfter('first', 2));
    const tokenFn = countingTokenFn(['first', 'second']);
    const tokenState = new CubeTokenState();
    const cubeApi: CubeApiLike = cubejs(tokenState.track(tokenFn), fast);
    const one = cubeQuery(COUNT, { cubeApi });
    const two = cubeQuery({ measures: ['Orders.count', 'Orders.total'] }, { cubeApi });
    const token = cubeToken({ cubeApi, tokenState });
    const statuses: string[] = [];
    const stops = [
      one.subscribe(() => undefined),
      two.subscribe(() => undefined),
      token.subscribe((state) => statuses.push(state.status)),
    ];
    await waitFor(() => expect(get(two).resultSet).not.toBeNull());
    await waitFor(() => expect(get(one).resultSet).not.toBeNull());
    expect(statuses.at(-1)).toBe('ready');
    statuses.length = 0;
    await one.refetch();
    expect(get(one).resultSet?.rawData()[0]?.['Orders.count']).toBe('1');
    expect(tokenFn.calls).toBe(2);
    expect(statuses).toEqual(['refreshing', 'ready']);
    expect(cube.seen.map((seen) => `${measuresOf(seen.url).length} ${seen.authorization}`).slice(2)).toEqual([
      '1 first',
      '1 second',
    ]);
    for (const stop of stops) stop();
  });

  it('with subscribe: true keeps updating, and unsubscribes when the last subscriber leaves', async () => {
    let count = 0;
    cube.answer(() => json(loadBody(++count)));
    const { api, unsubscribed } = recording(cubejs('token', { ...fast, pollInterval: 0.02 }));
    const store = cubeQuery(COUNT, { cubeApi: api, subscribe: true });
    const values: unknown[] = [];
    const stop = store.subscribe((state) => values.push(state.resultSet?.rawData()[0]?.['Orders.count']));
    await waitFor(() => expect(values).toContain('3'));
    stop();
    await waitFor(() => expect(unsubscribed).toEqual([0]));
  });

  it('errors are the typed errors of the core', async () => {
    cube.answer(() => json({ error: 'boom' }, 500));
    const store = cubeQuery(COUNT, { cubeApi: cubejs('token', fast) });
    const stop = store.subscribe(() => undefined);
    await waitFor(() => expect(get(store).error).toBeInstanceOf(RequestError));
    expect((get(store).error as RequestError).status).toBe(500);
    stop();
  });

  it('cubeMeta, cubeSql and cubeDryRun reach /meta, /sql and /dry-run', async () => {
    cube.answer((request) => {
      const path = request.url.pathname.split('/').at(-1);
      if (path === 'meta') return json(metaBody);
      if (path === 'sql') return json({ sql: { sql: ['SELECT 1', []] } });
      return json({
        queryType: 'regularQuery',
        normalizedQueries: [COUNT],
        pivotQuery: COUNT,
        queryOrder: [],
      });
    });
    const cubeApi = cubejs('token', fast);
    const meta = cubeMeta({ cubeApi });
    const sql = cubeSql(COUNT, { cubeApi });
    const dryRun = cubeDryRun(COUNT, { cubeApi });
    const stops = [meta, sql, dryRun].map((store) => store.subscribe(() => undefined));
    await waitFor(() => expect(get(meta).response?.cubes[0].name).toBe('Orders'));
    await waitFor(() => expect((get(sql).response as SqlQuery | null)?.sql()).toBe('SELECT 1'));
    await waitFor(() => expect(get(dryRun).response).toMatchObject({ queryType: 'regularQuery' }));
    for (const stop of stops) stop();
  });

  it('types the rows of a literal query as load does (checked by tsc in the types step)', async () => {
    const store = cubeQuery({ measures: ['Orders.count'] } as const, { cubeApi: cubejs('token', fast) });
    const stop = store.subscribe(() => undefined);
    await waitFor(() => expect(get(store).resultSet).not.toBeNull());
    const row = get(store).resultSet!.rawData()[0];
    // @ts-expect-error: 'Orders.nope' is not a member of the query
    void row['Orders.nope'];
    expect(row['Orders.count'] satisfies string | number | boolean | null).toBe('42');
    stop();
  });
});
