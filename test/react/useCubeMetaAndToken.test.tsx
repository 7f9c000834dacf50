/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import cubejs, { TokenError } from '../../src/index';
import {
  CubeProvider,
  CubeTokenState,
  useCubeMeta,
  useCubeQuery,
  useCubeToken,
  type CubeApiLike,
  type CubeTokenSnapshot,
} from '../../src/react/index';
import { API_URL, countingTokenFn, useFakeCube, json, loadBody } from '../support/fixtures';
import { hangingLoad, metaBody, recording } from '../support/frameworks';

const cube = useFakeCube();

const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;
const state = (id = 'state') => screen.getByTestId(id).textContent;

function Cubes({ onlyViews }: { onlyViews?: boolean }) {
  const { response, isLoading, error } = useCubeMeta({ onlyViews });
  if (isLoading) return <p data-testid="state">loading</p>;
  if (error) return <p data-testid="state">{`error: ${error.message}`}</p>;
  return <p data-testid="state">{response ? response.cubes.map((c) => c.name).join(',') : 'none'}</p>;
}

describe('useCubeMeta', () => {
  it('loads the data model', async () => {
    cube.answer(() => json(metaBody));
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Cubes />
      </CubeProvider>,
    );
    expect(state()).toBe('loading');
    await waitFor(() => expect(state()).toBe('Orders'));
    expect(cube.seen.map((request) => request.url.pathname)).toEqual(['/cubejs-api/v1/meta']);
  });

  it('asks for views only when told, and shows errors', async () => {
    cube.answer(() => json({ error: 'no access' }, 400));
    render(
      <CubeProvider cubeApi={cubejs('token', fast)}>
        <Cubes onlyViews />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('error: no access'));
    expect(cube.seen[0].url.searchParams.get('onlyViews')).toBe('true');
  });

  it('aborts on unmount', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    const { unmount } = render(
      <CubeProvider cubeApi={api}>
        <Cubes />
      </CubeProvider>,
    );
    unmount();
    await waitFor(() => expect(calls[0]?.signal?.aborted).toBe(true));
  });
});

function Session() {
  const { status, error, isTracked, clearToken } = useCubeToken();
  return (
    <div>
      <p data-testid="token">{`${status}${error ? `: ${error.message}` : ''}${isTracked ? '' : ' (untracked)'}`}</p>
      <button onClick={clearToken}>log out</button>
    </div>
  );
}

function Count() {
  const { resultSet, isLoading, error, refetch } = useCubeQuery({ measures: ['Orders.count'] });
  return (
    <div>
      <p data-testid="state">
        {isLoading
          ? 'loading'
          : error
            ? `error: ${(error as TokenError).code ?? error.message}`
            : `value ${String(resultSet?.rawData()[0]?.['Orders.count'])}`}
      </p>
      <button onClick={() => void refetch()}>refetch</button>
    </div>
  );
}

describe('useCubeToken', () => {
  it('reports refreshing while the token function runs, then ready', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    let release!: (token: string) => void;
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(
      tokenState.track(() => new Promise<string>((resolve) => (release = resolve))),
      fast,
    );
    render(
      <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
        <Session />
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state('token')).toBe('refreshing'));
    release('token-1');
    await waitFor(() => expect(state('token')).toBe('ready'));
    expect(tokenState.getTokenState().refreshedAt).toEqual(expect.any(Number));
  });

  it('reports a failing token function, and the query shows the TokenError', async () => {
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(
      tokenState.track(() => Promise.reject(new Error('token route down'))),
      { ...fast, onAuthFailure: tokenState.onAuthFailure },
    );
    render(
      <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
        <Session />
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('error: TOKEN_FETCH_FAILED'));
    expect(state('token')).toBe('failed: token route down');
  });

  it('reports failed when the server rejects a fresh token too (onAuthFailure)', async () => {
    cube.answer(() => json({ error: 'Invalid token' }, 403));
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(tokenState.track(countingTokenFn(['a', 'b'])), {
      ...fast,
      onAuthFailure: tokenState.onAuthFailure,
    });
    render(
      <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
        <Session />
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('error: AUTH_FAILED'));
    expect(state('token')).toMatch(/^failed: The Cube server rejected the token/);
  });

  it('clearToken logs out: state back to idle, and the next request asks the token function again', async () => {
    cube.answer(() => json(loadBody(3)));
    const tokenFn = countingTokenFn(['first', 'second']);
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(tokenState.track(tokenFn), fast);
    render(
      <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
        <Session />
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('value 3'));
    expect(state('token')).toBe('ready');
    fireEvent.click(screen.getByText('log out'));
    expect(state('token')).toBe('idle');
    fireEvent.click(screen.getByText('refetch'));
    await waitFor(() => expect(cube.seen).toHaveLength(2));
    expect(tokenFn.calls).toBe(2);
    expect(cube.seen.map((request) => request.authorization)).toEqual(['first', 'second']);
  });

  it('says when nothing reports token state, and clearToken still reaches the client', () => {
    const { api } = recording(cubejs('static', fast));
    let cleared = 0;
    render(
      <CubeProvider cubeApi={{ ...api, clearToken: () => (cleared += 1) }}>
        <Session />
      </CubeProvider>,
    );
    expect(state('token')).toBe('idle (untracked)');
    fireEvent.click(screen.getByText('log out'));
    expect(cleared).toBe(1);
  });

  it('reads our client’s own token state, with no CubeTokenState: refreshing, ready, then idle after logout', async () => {
    cube.answer(() => json(loadBody(5)));
    let release!: (token: string) => void;
    const cubeApi = cubejs(() => new Promise<string>((resolve) => (release = resolve)), fast);
    render(
      <CubeProvider cubeApi={cubeApi}>
        <Session />
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state('token')).toBe('refreshing'));
    act(() => release('plain-token'));
    await waitFor(() => expect(state()).toBe('value 5'));
    expect(state('token')).toBe('ready');
    fireEvent.click(screen.getByText('log out'));
    expect(state('token')).toBe('idle');
  });

  it("our client's own token state shows a token-function timeout as failed", async () => {
    const cubeApi = cubejs(() => new Promise<string>(() => undefined), { ...fast, tokenTimeout: 30 });
    render(
      <CubeProvider cubeApi={cubeApi}>
        <Session />
        <Count />
      </CubeProvider>,
    );
    await waitFor(() => expect(state()).toBe('error: TOKEN_TIMEOUT'));
    expect(state('token')).toMatch(/^failed: The token function took longer than 30 ms/);
  });

  it('reads a client that reports its own token state (the proposed core hook point)', () => {
    let snapshot: CubeTokenSnapshot = { status: 'ready', error: null, refreshedAt: 1 };
    const listeners = new Set<() => void>();
    const { api } = recording(cubejs('static', fast));
    const reporting: CubeApiLike & {
      getTokenState(): CubeTokenSnapshot;
      subscribeTokenState(listener: () => void): () => void;
    } = {
      ...api,
      getTokenState: () => snapshot,
      subscribeTokenState: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    render(
      <CubeProvider cubeApi={reporting}>
        <Session />
      </CubeProvider>,
    );
    expect(state('token')).toBe('ready');
    snapshot = { status: 'refreshing', error: null, refreshedAt: 1 };
    act(() => listeners.forEach((listener) => listener()));
    expect(state('token')).toBe('refreshing');
  });
});
