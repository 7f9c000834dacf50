import type { ResultSet } from '../../src/index';
import {
  RequestObserver,
  deepEqual,
  isQueryPresent,
  queryRequest,
  type CubeApiLike,
  type RequestSink,
  type RequestSpec,
} from '../../src/observer/index';

/** A spec whose request the test answers by hand through the captured sink. */
function manualSpec(key: unknown[], overrides: Partial<RequestSpec<string>> = {}) {
  const started: { sink: RequestSink<string>; signal: AbortSignal; stopped: boolean }[] = [];
  const spec: RequestSpec<string> = {
    key,
    enabled: true,
    resetOnChange: true,
    clearOnError: true,
    start: (sink, signal) => {
      started.push({ sink, signal, stopped: false });
      return undefined;
    },
    ...overrides,
  };
  return { spec, started };
}

const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('RequestObserver', () => {
  it('starts nothing until someone listens, then one request', () => {
    const observer = new RequestObserver<string>();
    const { spec, started } = manualSpec(['a']);
    observer.setSpec(spec);
    expect(started).toHaveLength(0);
    observer.subscribe(() => undefined);
    expect(started).toHaveLength(1);
    expect(observer.getSnapshot().isLoading).toBe(true);
    started[0].sink.result('data-a');
    expect(observer.getSnapshot()).toEqual({ data: 'data-a', isLoading: false, error: null, progress: null });
  });

  it('calls no listener after the last one left, even when the answer comes later', async () => {
    const observer = new RequestObserver<string>();
    const { spec, started } = manualSpec(['a']);
    let calls = 0;
    const unsubscribe = observer.subscribe(() => (calls += 1));
    observer.setSpec(spec);
    const callsBefore = calls;
    unsubscribe();
    await microtask();
    expect(started[0].signal.aborted).toBe(true);
    started[0].sink.result('late');
    started[0].sink.error(new Error('late'));
    expect(calls).toBe(callsBefore);
    expect(observer.getSnapshot().data).toBeNull();
  });

  it('keeps the request when a listener comes back in the same tick (StrictMode), aborts it otherwise', async () => {
    const observer = new RequestObserver<string>();
    const { spec, started } = manualSpec(['a']);
    observer.setSpec(spec);
    const first = observer.subscribe(() => undefined);
    first();
    const second = observer.subscribe(() => undefined);
    observer.setSpec(spec);
    await microtask();
    expect(started).toHaveLength(1);
    expect(started[0].signal.aborted).toBe(false);
    second();
    await microtask();
    expect(started[0].signal.aborted).toBe(true);
  });

  it('asks again after a remount if the first request was cut short; not if it had finished', async () => {
    const observer = new RequestObserver<string>();
    const { spec, started } = manualSpec(['a']);
    observer.setSpec(spec);
    observer.subscribe(() => undefined)();
    await microtask();
    observer.subscribe(() => undefined);
    expect(started).toHaveLength(2);
    started[1].sink.result('done');
    const other = new RequestObserver<string>();
    const second = manualSpec(['b']);
    other.setSpec(second.spec);
    const stop = other.subscribe(() => undefined);
    second.started[0].sink.result('b');
    stop();
    await microtask();
    other.subscribe(() => undefined);
    expect(second.started).toHaveLength(1);
    expect(other.getSnapshot().data).toBe('b');
  });

  it('aborts the superseded request and ignores what it says afterwards', () => {
    const observer = new RequestObserver<string>();
    const a = manualSpec(['a']);
    const b = manualSpec(['b']);
    observer.subscribe(() => undefined);
    observer.setSpec(a.spec);
    observer.setSpec(b.spec);
    expect(a.started[0].signal.aborted).toBe(true);
    a.started[0].sink.result('stale');
    a.started[0].sink.progress({ error: 'Continue wait', stage: 'stale' });
    expect(observer.getSnapshot()).toMatchObject({ data: null, isLoading: true, progress: null });
    b.started[0].sink.result('fresh');
    expect(observer.getSnapshot().data).toBe('fresh');
  });

  it('compares keys item by item: an equal rebuilt spec starts nothing', () => {
    const observer = new RequestObserver<string>();
    const query = { measures: ['x'] };
    const first = manualSpec(['api', query]);
    const again = manualSpec(['api', query]);
    observer.subscribe(() => undefined);
    observer.setSpec(first.spec);
    observer.setSpec(again.spec);
    expect(first.started).toHaveLength(1);
    expect(again.started).toHaveLength(0);
  });

  it('stops a continuous request (a subscription) when it is superseded or disabled', () => {
    const observer = new RequestObserver<string>();
    let stops = 0;
    const continuous = manualSpec(['a'], { start: () => () => void (stops += 1) });
    observer.subscribe(() => undefined);
    observer.setSpec(continuous.spec);
    observer.setSpec({ ...continuous.spec, enabled: false });
    expect(stops).toBe(1);
    expect(observer.getSnapshot().isLoading).toBe(false);
  });

  it('keeps data on a subscription error, clears it on a load error', () => {
    const keep = new RequestObserver<string>();
    const sub = manualSpec(['a'], { clearOnError: false });
    keep.subscribe(() => undefined);
    keep.setSpec(sub.spec);
    sub.started[0].sink.result('good');
    sub.started[0].sink.error(new Error('poll failed'));
    expect(keep.getSnapshot()).toMatchObject({ data: 'good', error: new Error('poll failed') });

    const clear = new RequestObserver<string>();
    const load = manualSpec(['a']);
    clear.subscribe(() => undefined);
    clear.setSpec(load.spec);
    load.started[0].sink.error('not an Error');
    expect(clear.getSnapshot().data).toBeNull();
    expect(clear.getSnapshot().error).toEqual(new Error('not an Error'));
  });

  it('turns a start() that throws into an error state', () => {
    const observer = new RequestObserver<string>();
    const { spec } = manualSpec(['a'], {
      start: () => {
        throw new TypeError('bad client');
      },
    });
    observer.subscribe(() => undefined);
    observer.setSpec(spec);
    expect(observer.getSnapshot()).toMatchObject({ isLoading: false, error: new TypeError('bad client') });
  });

  it('refetch resolves when the new answer is in, and does nothing with no listener', async () => {
    const observer = new RequestObserver<string>();
    const { spec, started } = manualSpec(['a']);
    await observer.refetch();
    observer.setSpec(spec);
    await observer.refetch();
    expect(started).toHaveLength(0);
    observer.subscribe(() => undefined);
    started[0].sink.result('first');
    const done = observer.refetch();
    expect(started[0].signal.aborted).toBe(true);
    started[1].sink.result('second');
    await done;
    expect(observer.getSnapshot().data).toBe('second');
  });
});

describe('request identity', () => {
  const api = (name: string) => ({ name, load: () => Promise.resolve(null) });

  it('compares plain data by content and clients by identity, even when they look alike', () => {
    const observer = new RequestObserver<string>();
    observer.subscribe(() => undefined);
    const first = manualSpec([api('a'), { measures: ['x'] }]);
    const sameContent = manualSpec([first.spec.key[0], { measures: ['x'] }]);
    const otherClient = manualSpec([api('a'), { measures: ['x'] }]);
    observer.setSpec(first.spec);
    observer.setSpec(sameContent.spec);
    expect(sameContent.started).toHaveLength(0);
    observer.setSpec(otherClient.spec);
    expect(otherClient.started).toHaveLength(1);
  });

  it('a query whose order keys changed sequence is a new request; a rebuilt equal query is not', () => {
    const observer = new RequestObserver<ResultSet>();
    observer.subscribe(() => undefined);
    const loads: unknown[] = [];
    const client = { load: (query: unknown) => (loads.push(query), new Promise<never>(() => undefined)) };
    const cubeApi = client as unknown as CubeApiLike;
    const byAThenB = { measures: ['x'], order: { a: 'asc', b: 'desc' } } as const;
    observer.setSpec(queryRequest(cubeApi, byAThenB));
    observer.setSpec(queryRequest(cubeApi, { measures: ['x'], order: { a: 'asc', b: 'desc' } }));
    expect(loads).toHaveLength(1);
    observer.setSpec(queryRequest(cubeApi, { measures: ['x'], order: { b: 'desc', a: 'asc' } }));
    expect(loads).toHaveLength(2);
  });

  it('re-exports the core helpers, one implementation: deepEqual and isQueryPresent', () => {
    expect(deepEqual({ measures: ['a'] }, { measures: ['a'] })).toBe(true);
    expect(isQueryPresent({ measures: [] })).toBe(false);
    expect(isQueryPresent({ measures: ['a'] })).toBe(true);
  });
});
