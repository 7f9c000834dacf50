/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
// The published `@cubejs-client/react` (1.7.42), handed our client instead of its own core.
import { render, screen, waitFor } from '@testing-library/react';
import type { CubeApi as PublishedCubeApi } from '@cubejs-client/core';
import { CubeProvider, QueryRenderer, useCubeMeta, useCubeQuery } from '@cubejs-client/react';
import cubejs from '../../src/index';
import { asPublishedCubeApi } from '../../src/react/index';
import { API_URL, useFakeCube, json, loadBody } from '../support/fixtures';
import { gate, metaBody, recording } from '../support/frameworks';

const cube = useFakeCube();

const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;
const COUNT = { measures: ['Orders.count'] };

function Count({ subscribe = false }: { subscribe?: boolean }) {
  const { resultSet, isLoading, error, progress } = useCubeQuery(COUNT, { subscribe });
  if (isLoading)
    return <p data-testid="state">{progress?.stage ? `loading: ${progress.stage}` : 'loading'}</p>;
  if (error) return <p data-testid="state">{`error: ${error.message}`}</p>;
  const value = resultSet?.rawData()[0]?.['Orders.count'];
  return <p data-testid="state">{`value ${typeof value} ${String(value)}`}</p>;
}

const state = () => screen.getByTestId('state').textContent;

describe('@cubejs-client/react with our client', () => {
  it('renders data through our client', async () => {
    const cubeApi = cubejs('token', fast);
    render(
      <CubeProvider cubeApi={asPublishedCubeApi<PublishedCubeApi>(cubeApi)}>
        <Count />
      </CubeProvider>,
    );
    expect(state()).toBe('loading');
    await waitFor(() => expect(state()).toBe('value string 42'));
    expect(cube.seen).toHaveLength(1);
    expect(cube.seen[0].authorization).toBe('token');
  });

  it('gets the options it relies on: mutexObj, mutexKey, progressCallback, castNumerics', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    render(
      <CubeProvider cubeApi={asPublishedCubeApi<PublishedCubeApi>(api)} options={{ castNumerics: true }}>
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value number 42'));
    expect(calls).toHaveLength(1);
    expect(calls[0].options).toMatchObject({ mutexKey: 'query', castNumerics: true });
    expect(calls[0].options).toHaveProperty('mutexObj');
    expect(calls[0].options).toHaveProperty('progressCallback');
  });

  it('shows the "Continue wait" stage it reads from our ProgressResult', async () => {
    const done = gate();
    cube.answer(async (_request, index) => {
      if (index === 0) return json({ error: 'Continue wait', stage: 'Executing query', timeElapsed: 3 });
      await done.promise;
      return json(loadBody(9));
    });
    render(
      <CubeProvider cubeApi={asPublishedCubeApi<PublishedCubeApi>(cubejs('token', fast))}>
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('loading: Executing query'));
    done.open();
    await waitFor(() => expect(state()).toBe('value string 9'));
  });

  it("shows our RequestError's message", async () => {
    cube.answer(() => json({ error: 'Query is invalid' }, 400));
    render(
      <CubeProvider cubeApi={asPublishedCubeApi<PublishedCubeApi>(cubejs('token', fast))}>
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('error: Query is invalid'));
  });

  it('subscribes with our synchronous { unsubscribe }, shows each result, and stops on unmount', async () => {
    cube.answer((_request, index) => json(loadBody(index + 1)));
    const { api, calls, unsubscribed } = recording(cubejs('token', { ...fast, pollInterval: 0.01 }));
    const { unmount } = render(
      <CubeProvider cubeApi={asPublishedCubeApi<PublishedCubeApi>(api)}>
        <Count subscribe />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value string 3'));
    expect(calls[0].method).toBe('subscribe');
    unmount();
    expect(unsubscribed).toContain(0);
    const sent = cube.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(cube.seen.length).toBeLessThanOrEqual(sent + 1);
  });

  it('loads meta for useCubeMeta', async () => {
    cube.answer((request) => (request.url.pathname.endsWith('/meta') ? json(metaBody) : json(loadBody())));
    function Cubes() {
      const { response, isLoading } = useCubeMeta();
      if (isLoading || !response) return <p data-testid="state">loading</p>;
      return <p data-testid="state">{response.cubes.map((c) => c.name).join(',')}</p>;
    }
    render(
      <CubeProvider cubeApi={asPublishedCubeApi<PublishedCubeApi>(cubejs('token', fast))}>
        <Cubes />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('Orders'));
  });

  it('renders through QueryRenderer, the class component', async () => {
    render(
      <QueryRenderer
        query={COUNT}
        cubeApi={asPublishedCubeApi<PublishedCubeApi>(cubejs('token', fast))}
        render={({ resultSet, error }) => (
          <p data-testid="state">
            {error ? error.message : resultSet ? `rows ${resultSet.rawData().length}` : 'loading'}
          </p>
        )}
      />,
    );
    await waitFor(() => expect(state()).toBe('rows 1'));
  });

  it('needs the cast at the type level: the published CubeApi is a class with private fields', () => {
    const cubeApi = cubejs('token', fast);
    // @ts-expect-error: our CubeApi is not an instance of the published class; asPublishedCubeApi says so on purpose.
    const direct: PublishedCubeApi = cubeApi;
    const viaHelper: PublishedCubeApi = asPublishedCubeApi<PublishedCubeApi>(cubeApi);
    expect(viaHelper).toBe(cubeApi);
    expect(direct).toBe(cubeApi);
  });
});
