/** @jest-environment <rootDir>/test/support/jsdom-environment.cjs */
// cube-client/vue in Vue's real runtime (jsdom + @vue/test-utils), against msw's fake Cube.
import { waitFor } from '@testing-library/dom';
import { mount } from '@vue/test-utils';
import { defineComponent, effectScope, h, KeepAlive, nextTick, reactive, ref, type PropType } from 'vue';
import cubejs, { RequestError, type Query } from '../../src/index';
import {
  CubeTokenState,
  provideCubeApi,
  useCubeQuery,
  useCubeToken,
  type CubeApiLike,
} from '../../src/vue/index';
import { API_URL, countingTokenFn, json, loadBody, useFakeCube } from '../support/fixtures';
import { hangingLoad, measuresOf, recording, rejectAfter } from '../support/frameworks';

const cube = useFakeCube();
const fast = { apiUrl: API_URL, networkErrorRetries: 0 } as const;
const COUNT: Query = { measures: ['Orders.count'] };

/** Shows what `useCubeQuery` holds, as one line of text. */
const Probe = defineComponent({
  props: {
    query: { type: [Object, Function] as PropType<Query | (() => Query | null)>, required: true },
    subscribe: Boolean,
  },
  setup(props) {
    const { resultSet, isLoading, error, progress, refetch } = useCubeQuery(props.query, () => ({
      subscribe: props.subscribe,
    }));
    return () =>
      h('div', [
        h('p', { 'data-testid': 'state' }, [
          isLoading.value
            ? `loading${progress.value?.stage ? `: ${progress.value.stage}` : ''}`
            : error.value
              ? `error: ${error.value.constructor.name} ${error.value.message}`
              : `value ${String(resultSet.value?.rawData()[0]?.['Orders.count'])}`,
        ]),
        h('button', { onClick: () => void refetch() }, 'refetch'),
      ]);
  },
});

/** Provides `cubeApi` (and a token tracker) to its default slot. */
const Provider = defineComponent({
  props: {
    cubeApi: { type: Object as PropType<CubeApiLike>, required: true },
    tokenState: { type: Object as PropType<CubeTokenState>, default: undefined },
  },
  setup(props, { slots }) {
    provideCubeApi(props.cubeApi, { tokenState: props.tokenState });
    return () => slots.default?.();
  },
});

function withClient(cubeApi: CubeApiLike, children: () => ReturnType<typeof h>, tokenState?: CubeTokenState) {
  return mount(() => h(Provider, { cubeApi, tokenState }, { default: children }), {
    attachTo: document.body,
  });
}

const text = (wrapper: { text(): string }) => wrapper.text().replace('refetch', '').trim();

describe('cube-client/vue useCubeQuery', () => {
  it('shows loading, then the data, with one request', async () => {
    const wrapper = withClient(cubejs('token', fast), () => h(Probe, { query: COUNT }));
    expect(text(wrapper)).toBe('loading');
    await waitFor(() => expect(text(wrapper)).toBe('value 42'));
    expect(cube.seen).toHaveLength(1);
    expect(cube.seen[0].authorization).toBe('token');
    wrapper.unmount();
  });

  it('surfaces a server error as our typed RequestError', async () => {
    cube.answer(() => json({ error: 'Query is invalid' }, 400));
    const wrapper = withClient(cubejs('token', fast), () => h(Probe, { query: COUNT }));
    await waitFor(() => expect(text(wrapper)).toBe('error: RequestError Query is invalid'));
    wrapper.unmount();
  });

  it('follows a getter: a changed query aborts the request in flight and sends the new one', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    const measure = ref('Orders.count');
    const wrapper = withClient(cubejs('token', fast), () =>
      h(Probe, { query: () => ({ measures: [measure.value] }) }),
    );
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count']));
    measure.value = 'Orders.total';
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count', 'Orders.total']));
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count']));
    wrapper.unmount();
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count', 'Orders.total']));
  });

  it('a reactive query mutated in place refetches; an equal rewrite does not', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    const query = reactive<Query>({ measures: ['Orders.count'] });
    const wrapper = withClient(api, () => h(Probe, { query: () => query }));
    await waitFor(() => expect(text(wrapper)).toBe('value 42'));
    query.measures = ['Orders.count'];
    await nextTick();
    expect(calls).toHaveLength(1);
    query.measures!.push('Orders.total');
    await waitFor(() => expect(cube.seen).toHaveLength(2));
    expect(calls).toHaveLength(2);
    expect(measuresOf(cube.seen[1].url)).toEqual(['Orders.count', 'Orders.total']);
    wrapper.unmount();
  });

  it('aborts when the effect scope is disposed, outside any component', async () => {
    const hanging = hangingLoad();
    cube.server.use(hanging.handler);
    const { api, calls } = recording(cubejs('token', fast));
    const scope = effectScope();
    const result = scope.run(() => useCubeQuery(COUNT, { cubeApi: api }))!;
    expect(result.isLoading.value).toBe(true);
    await waitFor(() => expect(hanging.arrived).toEqual(['Orders.count']));
    scope.stop();
    await waitFor(() => expect(hanging.aborted).toEqual(['Orders.count']));
    expect(calls[0].signal?.aborted).toBe(true);
  });

  it('inside <KeepAlive> a component switched away and back sends one request and keeps its data', async () => {
    const { api, calls } = recording(cubejs('token', fast));
    const shown = ref(true);
    const Empty = defineComponent({ render: () => h('p', 'elsewhere') });
    const wrapper = withClient(api, () =>
      h(KeepAlive, null, [
        shown.value ? h(Probe, { key: 'probe', query: COUNT }) : h(Empty, { key: 'empty' }),
      ]),
    );
    await waitFor(() => expect(text(wrapper)).toBe('value 42'));
    shown.value = false;
    await nextTick();
    expect(text(wrapper)).toBe('elsewhere');
    shown.value = true;
    await nextTick();
    expect(text(wrapper)).toBe('value 42');
    expect(calls).toHaveLength(1);
    wrapper.unmount();
  });

  it('a token refresh updates the token refs and refetches no other query', async () => {
    cube.answer(rejectAfter('first', 2));
    const tokenFn = countingTokenFn(['first', 'second']);
    const tokenState = new CubeTokenState();
    const { api, calls } = recording(
      cubejs(tokenState.track(tokenFn), { ...fast, onAuthFailure: tokenState.onAuthFailure }),
    );
    const statuses: string[] = [];
    const TokenProbe = defineComponent({
      setup() {
        const { status } = useCubeToken();
        return () => {
          if (statuses.at(-1) !== status.value) statuses.push(status.value);
          return h('span', status.value);
        };
      },
    });
    const wrapper = withClient(
      api,
      () =>
        h('div', [
          h(Probe, { query: COUNT }),
          h(Probe, { query: { measures: ['Orders.count', 'Orders.total'] } }),
          h(TokenProbe),
        ]),
      tokenState,
    );
    await waitFor(() =>
      expect(wrapper.findAll('[data-testid=state]').map((p) => p.text())).toEqual(['value 1', 'value 2']),
    );
    await wrapper.findAll('button')[0].trigger('click');
    await waitFor(() => expect(tokenFn.calls).toBe(2));
    await waitFor(() => expect(statuses.at(-1)).toBe('ready'));
    await waitFor(() => expect(cube.seen).toHaveLength(4));
    // The first query was sent again (rejected, then retried with the new token); the second never.
    expect(cube.seen.map((seen) => `${measuresOf(seen.url).length} ${seen.authorization}`)).toEqual([
      '1 first',
      '2 first',
      '1 first',
      '1 second',
    ]);
    expect(calls.filter((call) => call.method === 'load')).toHaveLength(3);
    expect(statuses).toContain('refreshing');
    wrapper.unmount();
  });

  it('with subscribe: true keeps updating from cubeApi.subscribe, and stops on unmount', async () => {
    let count = 0;
    cube.answer(() => json(loadBody(++count)));
    const { api, unsubscribed } = recording(cubejs('token', { ...fast, pollInterval: 0.02 }));
    const wrapper = withClient(api, () => h(Probe, { query: COUNT, subscribe: true }));
    await waitFor(() => expect(text(wrapper)).toBe('value 1'));
    await waitFor(() => expect(text(wrapper)).toBe('value 3'));
    wrapper.unmount();
    await waitFor(() => expect(unsubscribed).toEqual([0]));
    const seen = cube.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(cube.seen.length).toBeLessThanOrEqual(seen + 1);
  });

  it('sends nothing during a server render, unless told to (ssr: true)', async () => {
    const { renderToString } = await import('vue/server-renderer');
    const { createSSRApp } = await import('vue');
    const render = (ssr: boolean) => {
      const app = createSSRApp({
        setup() {
          const { isLoading, resultSet } = useCubeQuery(COUNT, { ssr, cubeApi: cubejs('token', fast) });
          const value = () => resultSet.value?.rawData()[0]?.['Orders.count'];
          return () =>
            h('p', isLoading.value ? 'loading' : resultSet.value ? `value ${String(value())}` : 'no data');
        },
      });
      return renderToString(app);
    };
    await expect(render(false)).resolves.toBe('<p>no data</p>');
    expect(cube.seen).toHaveLength(0);
    await expect(render(true)).resolves.toBe('<p>value 42</p>');
    expect(cube.seen).toHaveLength(1);
  });

  it('rejects the typed error class itself, not a copy', async () => {
    cube.answer(() => json({ error: 'nope' }, 500));
    const scope = effectScope();
    const result = scope.run(() => useCubeQuery(COUNT, { cubeApi: cubejs('token', fast) }))!;
    await waitFor(() => expect(result.error.value).toBeInstanceOf(RequestError));
    expect((result.error.value as RequestError).status).toBe(500);
    scope.stop();
  });
});
