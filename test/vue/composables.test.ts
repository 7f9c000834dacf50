/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
// The other composables of cube-client/vue, and the provided client as a ref.
import { waitFor } from '@testing-library/dom';
import { mount } from '@vue/test-utils';
import { defineComponent, effectScope, h, shallowRef, type MaybeRefOrGetter } from 'vue';
import cubejs, { SqlQuery, type Meta } from '../../src/index';
import {
  CubeTokenState,
  provideCubeApi,
  useCubeApi,
  useCubeMeta,
  useCubeQuery,
  useCubeSql,
  useCubeToken,
  useDryRun,
  type CubeApiLike,
} from '../../src/vue/index';
import { API_URL, countingTokenFn, json, useFakeCube } from '../support/fixtures';
import { metaBody, recording } from '../support/frameworks';

const cube = useFakeCube();
const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;
const COUNT = { measures: ['Orders.count'] };

/** Runs `body` in the setup of a child of a component that provided `cubeApi`. */
function inSetup<T>(cubeApi: MaybeRefOrGetter<CubeApiLike | null>, body: () => T) {
  let result!: T;
  const Child = defineComponent({
    setup() {
      result = body();
      return () => h('span');
    },
  });
  const wrapper = mount(
    defineComponent({
      setup() {
        provideCubeApi(cubeApi);
        return () => h(Child);
      },
    }),
  );
  return { result, wrapper };
}

describe('cube-client/vue composables', () => {
  it('waits while the provided client ref is null (before login), then loads', async () => {
    const client = shallowRef<CubeApiLike | null>(null);
    const { result, wrapper } = inSetup(client, () => ({ query: useCubeQuery(COUNT) }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cube.seen).toHaveLength(0);
    expect(result.query.isLoading.value).toBe(false);
    client.value = cubejs('token', fast);
    await waitFor(() => expect(result.query.resultSet.value?.rawData()[0]?.['Orders.count']).toBe('42'));
    expect(cube.seen).toHaveLength(1);
    wrapper.unmount();
  });

  it('useCubeMeta loads the data model (views only when asked)', async () => {
    cube.answer(() => json(metaBody));
    const { api, calls } = recording(cubejs('token', fast));
    const { result, wrapper } = inSetup(api, () => ({
      ...useCubeMeta({ onlyViews: true }),
      client: useCubeApi(),
    }));
    expect(result.client).toBe(api);
    await waitFor(() => expect(result.response.value).not.toBeNull());
    expect((result.response.value as Meta).cubes[0].name).toBe('Orders');
    expect(calls[0]).toMatchObject({ method: 'meta', options: { onlyViews: true } });
    expect(cube.seen[0].url.searchParams.get('onlyViews')).toBe('true');
    wrapper.unmount();
  });

  it('useCubeSql and useDryRun send the query to /sql and /dry-run', async () => {
    cube.answer((request) =>
      request.url.pathname.endsWith('/sql')
        ? json({ sql: { sql: ['SELECT count(*) FROM orders', []] } })
        : json({ queryType: 'regularQuery', normalizedQueries: [COUNT], pivotQuery: COUNT, queryOrder: [] }),
    );
    const api = cubejs('token', fast);
    const { result, wrapper } = inSetup(api, () => ({ sql: useCubeSql(COUNT), dryRun: useDryRun(COUNT) }));
    await waitFor(() => expect(result.sql.response.value).toBeInstanceOf(SqlQuery));
    expect((result.sql.response.value as SqlQuery).sql()).toBe('SELECT count(*) FROM orders');
    await waitFor(() => expect(result.dryRun.response.value).toMatchObject({ queryType: 'regularQuery' }));
    expect(cube.seen.map((seen) => seen.url.pathname.split('/').at(-1)).sort()).toEqual(['dry-run', 'sql']);
    wrapper.unmount();
  });

  it('useCubeToken reports the tracked token and logs out', async () => {
    const tokenFn = countingTokenFn(['one', 'two']);
    const tokenState = new CubeTokenState();
    const cubeApi = cubejs(tokenState.track(tokenFn), fast);
    const scope = effectScope();
    let token!: ReturnType<typeof useCubeToken>;
    const Child = defineComponent({
      setup() {
        token = useCubeToken();
        useCubeQuery(COUNT);
        return () => h('span');
      },
    });
    const wrapper = mount(
      defineComponent({
        setup() {
          provideCubeApi(cubeApi, { tokenState });
          return () => h(Child);
        },
      }),
    );
    expect(token.isTracked.value).toBe(true);
    await waitFor(() => expect(token.status.value).toBe('ready'));
    expect(token.refreshedAt.value).toEqual(expect.any(Number));
    token.clearToken();
    expect(token.status.value).toBe('idle');
    await cubeApi.load(COUNT);
    expect(tokenFn.calls).toBe(2);
    wrapper.unmount();
    scope.stop();
  });

  it('useCubeToken outside a provider: untracked and idle', () => {
    const scope = effectScope();
    const token = scope.run(() => useCubeToken())!;
    expect(token.isTracked.value).toBe(false);
    expect(token.status.value).toBe('idle');
    expect(() => token.clearToken()).not.toThrow();
    scope.stop();
  });

  it('types the rows of a literal query as load does (checked by tsc in the types step)', async () => {
    const scope = effectScope();
    const { resultSet } = scope.run(() =>
      useCubeQuery({ measures: ['Orders.count'] } as const, { cubeApi: cubejs('token', fast) }),
    )!;
    await waitFor(() => expect(resultSet.value).not.toBeNull());
    const row = resultSet.value!.rawData()[0];
    // @ts-expect-error: 'Orders.nope' is not a member of the query
    void row['Orders.nope'];
    expect(row['Orders.count'] satisfies string | number | boolean | null).toBe('42');
    scope.stop();
  });
});
