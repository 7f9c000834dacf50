import { http, HttpResponse } from 'msw';
import type { CubeApi } from '../../src/index';
import type { CubeApiLike } from '../../src/observer/index';
import { API_URL, json, loadBody } from './fixtures';

/** A promise and the function that resolves it, to hold a fake server reply until a test says so. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** The measures a request to the fake Cube asked for (GET `query` parameter). */
export function measuresOf(url: URL): string[] {
  const raw = url.searchParams.get('query');
  const query = (raw ? JSON.parse(raw) : {}) as { measures?: string[] };
  return query.measures ?? [];
}

/** One call the hooks made on a client, with the signal they gave it. */
export interface RecordedCall {
  method: 'load' | 'subscribe' | 'meta' | 'sql' | 'dryRun';
  signal?: AbortSignal;
  options?: object;
}

/**
 * Our real client, with every `load`/`subscribe`/`meta`/`sql`/`dryRun` call recorded on the way through: the
 * tests see both what reached the server (msw) and what the hooks asked of the client.
 */
export function recording(api: CubeApi): { api: CubeApiLike; calls: RecordedCall[]; unsubscribed: number[] } {
  const calls: RecordedCall[] = [];
  const unsubscribed: number[] = [];
  return {
    calls,
    unsubscribed,
    api: {
      load: (query, options) => {
        calls.push({ method: 'load', signal: options?.signal, options });
        return api.load(query, options);
      },
      subscribe: (query, options, callback) => {
        const index = calls.push({ method: 'subscribe', signal: options?.signal, options }) - 1;
        const subscription = api.subscribe(query, options, callback);
        return {
          unsubscribe: () => {
            unsubscribed.push(index);
            return subscription.unsubscribe();
          },
        };
      },
      meta: (options) => {
        calls.push({ method: 'meta', signal: options?.signal, options });
        return api.meta(options);
      },
      sql: (query, options) => {
        calls.push({ method: 'sql', signal: options?.signal, options });
        return api.sql(query as never, options);
      },
      dryRun: (query, options) => {
        calls.push({ method: 'dryRun', signal: options?.signal, options });
        return api.dryRun(query, options);
      },
      clearToken: () => api.clearToken(),
    },
  };
}

/**
 * An msw handler for `/load` that holds every request until its client aborts it, and records
 * that it saw the abort: the proof that cancelling reached the network, not just the hook.
 */
export function hangingLoad(): {
  handler: ReturnType<typeof http.get>;
  aborted: string[];
  arrived: string[];
} {
  const aborted: string[] = [];
  const arrived: string[] = [];
  const handler = http.get(`${API_URL}/load`, ({ request }) => {
    const measures = measuresOf(new URL(request.url)).join(',');
    arrived.push(measures);
    return new Promise<Response>((resolve) => {
      request.signal.addEventListener('abort', () => {
        aborted.push(measures);
        resolve(HttpResponse.json({ error: 'aborted' }, { status: 499 }));
      });
    });
  });
  return { handler, aborted, arrived };
}

export const metaBody = {
  cubes: [
    {
      name: 'Orders',
      title: 'Orders',
      type: 'cube',
      measures: [{ name: 'Orders.count', title: 'Orders Count', shortTitle: 'Count', type: 'number' }],
      dimensions: [],
      segments: [],
    },
  ],
};

/**
 * A fake Cube whose first `okCount` requests succeed with the given token, and which from then on
 * rejects `staleToken` as Cube does (403 "Invalid token"): the way a test makes the client refresh
 * its token in the middle of a session.
 */
export function rejectAfter(staleToken: string, okCount: number) {
  return (request: { authorization: string | null; url: URL }, index: number) =>
    index >= okCount && request.authorization === staleToken
      ? json({ error: 'Invalid token' }, 403)
      : json(loadBody(measuresOf(request.url).length));
}
