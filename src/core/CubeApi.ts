import { TokenProvider, type TokenSource, type TokenState } from '../auth/TokenProvider';
import { RememberedToken } from '../auth/RememberedToken';
import { abortedRequest, RequestError } from '../errors/RequestError';
import { TokenError } from '../errors/TokenError';
import { Meta } from '../result/Meta';
import type { ResultSet } from '../result/ResultSet';
import { toResultSet } from '../result/toResultSet';
import type { Transport, TransportRequest, TransportResponse } from '../transport/types';
import type { DeeplyReadonly, Query, QueryInput } from '../types/query';
import type {
  AuthErrorCandidate,
  CubeApiOptions,
  LoadMethodCallback,
  LoadMethodOptions,
  Unsubscribe,
} from '../types/options';
import { newRequestId } from '../utils/requestId';
import { anySignal } from '../utils/signals';
import { sleep } from '../utils/timers';
import { ProgressResult, type ProgressResponse } from './ProgressResult';
import { SqlQuery, type SqlQueryResponse } from './SqlQuery';

/** What one API method asks of the network. */
type Call = Pick<TransportRequest, 'path' | 'params' | 'url' | 'method'>;

/** The reply of Cube's GraphQL endpoint. */
export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; [key: string]: unknown }[];
}

const AUTH_ERROR_MESSAGES = /invalid token|authorization header isn't set/i;

function errorText(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : undefined;
}

/** GraphQL reports a still-running query as an error whose message is "Continue wait". */
function graphqlErrorText(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  const message = (first as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message.includes('Continue wait') ? message : undefined;
}

/** Cube's own answers to a bad or missing token are 403s with these texts; gateways answer 401. */
export function isCubeAuthError({ status, body }: AuthErrorCandidate): boolean {
  return status === 401 || (status === 403 && AUTH_ERROR_MESSAGES.test(errorText(body) ?? ''));
}

/** The signal of a callback-form call, aborted by its `unsubscribe()` or by the caller's own signal. */
function cancellable(options: LoadMethodOptions | undefined): {
  signal: AbortSignal;
  subscription: Unsubscribe;
} {
  const stop = new AbortController();
  const subscription = {
    unsubscribe: () => {
      stop.abort();
      return Promise.resolve();
    },
  };
  return { signal: anySignal(stop.signal, options?.signal) as AbortSignal, subscription };
}

/**
 * The client for one Cube deployment: `load`, `sql`, `meta`, `dryRun`, `subscribe`, with the
 * token handled by a {@link TokenProvider} and the network by a {@link Transport}. Create it
 * with `cubejs()`.
 *
 * @example
 * ```ts
 * const cubeApi = cubejs(() => fetchToken(), { apiUrl: 'https://cube.example.com/cubejs-api/v1' });
 * const resultSet = await cubeApi.load({ measures: ['Orders.count'] });
 * resultSet.tablePivot();
 * ```
 */
export class CubeApi {
  private readonly tokens: TokenProvider;
  private readonly transport: Transport;
  private readonly options: CubeApiOptions;
  /** Per-client counter behind `mutexObj`: no state is shared between clients. */
  private mutexCounter = 0;

  constructor(token: TokenSource, transport: Transport, options: CubeApiOptions) {
    this.options = options;
    this.transport = transport;
    const { tokenStorage } = options;
    this.tokens = new TokenProvider(token, {
      ...options,
      remembered: tokenStorage ? new RememberedToken(tokenStorage, options.apiUrl) : undefined,
      shareAcrossTabsKey: options.shareTokenAcrossTabs ? options.apiUrl : undefined,
    });
  }

  /**
   * Runs a query (or several, for blending and compared date ranges) and returns its result set.
   * Resolves `null` when a newer call claimed the same `mutexObj` key first.
   */
  load(query: QueryInput, options?: LoadMethodOptions): Promise<ResultSet>;
  load(
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<ResultSet>,
    responseFormat?: 'default' | 'compact',
  ): Unsubscribe;
  load(
    query: QueryInput,
    options?: LoadMethodOptions,
    callback?: LoadMethodCallback<ResultSet>,
    responseFormat: 'default' | 'compact' = 'default',
  ): Promise<ResultSet> | Unsubscribe {
    const call = this.loadCall('load', query, options, responseFormat);
    return this.withCallback(call, (body) => this.toResultSet(body, options), options, callback);
  }

  /** The SQL Cube generates for a query (one `SqlQuery` per query when given several). */
  sql(query: DeeplyReadonly<Query>, options?: LoadMethodOptions): Promise<SqlQuery>;
  sql(query: DeeplyReadonly<Query[]>, options?: LoadMethodOptions): Promise<SqlQuery[]>;
  sql(
    query: DeeplyReadonly<Query>,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<SqlQuery>,
  ): Unsubscribe;
  sql(
    query: QueryInput,
    options?: LoadMethodOptions,
    callback?: LoadMethodCallback<SqlQuery>,
  ): Promise<SqlQuery | SqlQuery[]> | Unsubscribe {
    const toSql = (body: unknown): SqlQuery | SqlQuery[] =>
      Array.isArray(body)
        ? body.map((item: SqlQueryResponse) => new SqlQuery(item))
        : new SqlQuery(body as SqlQueryResponse);
    return this.withCallback(
      { path: 'sql', params: { query } },
      toSql,
      options,
      callback as LoadMethodCallback<SqlQuery | SqlQuery[]> | undefined,
    );
  }

  /** The data model: cubes, views and their members. */
  meta(options?: LoadMethodOptions): Promise<Meta>;
  meta(options: LoadMethodOptions | undefined, callback: LoadMethodCallback<Meta>): Unsubscribe;
  meta(options?: LoadMethodOptions, callback?: LoadMethodCallback<Meta>): Promise<Meta> | Unsubscribe {
    const params = options?.onlyViews ? { onlyViews: true } : {};
    return this.withCallback(
      { path: 'meta', params },
      (body) => new Meta(body as ConstructorParameters<typeof Meta>[0]),
      options,
      callback,
    );
  }

  /** Validates and normalizes a query without running it. */
  dryRun(query: QueryInput, options?: LoadMethodOptions): Promise<unknown>;
  dryRun(
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<unknown>,
  ): Unsubscribe;
  dryRun(
    query: QueryInput,
    options?: LoadMethodOptions,
    callback?: LoadMethodCallback<unknown>,
  ): Promise<unknown> | Unsubscribe {
    return this.withCallback({ path: 'dry-run', params: { query } }, (body) => body, options, callback);
  }

  /**
   * Runs a query now and again every `pollInterval` seconds, calling `callback` with each result
   * or error, until `unsubscribe()`. Returns synchronously.
   *
   * @example
   * ```ts
   * const subscription = cubeApi.subscribe(query, {}, (error, resultSet) => render(resultSet));
   * await subscription.unsubscribe();
   * ```
   */
  subscribe(
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<ResultSet>,
    responseFormat: 'default' | 'compact' = 'default',
  ): Unsubscribe {
    const { signal, subscription } = cancellable(options);
    const call = this.loadCall('subscribe', query, options, responseFormat);
    const pollMs = (this.options.pollInterval ?? 5) * 1000;
    const loop = async () => {
      while (!signal.aborted) {
        let outcome: { error: Error | null; result?: ResultSet | null };
        try {
          const result = await this.run(call, (body) => this.toResultSet(body, options), {
            ...options,
            signal,
          });
          outcome = { error: null, result };
        } catch (error) {
          outcome = { error: error as Error };
        }
        if (signal.aborted) return;
        if (outcome.error) callback(outcome.error);
        else if (outcome.result) callback(null, outcome.result);
        await sleep(pollMs, signal).catch(() => undefined);
      }
    };
    void loop();
    return subscription;
  }

  /**
   * Runs a query against Cube's GraphQL API (`/cubejs-api/graphql`, beside `apiUrl`) with the same
   * token handling as the REST methods, and returns its `data`. GraphQL `errors` become a
   * `RequestError` with code `GRAPHQL_ERROR` and the whole reply as `response`.
   *
   * @example
   * ```ts
   * const data = await cubeApi.graphql<{ cube: { orders: { count: number } }[] }>(
   *   'query { cube { orders { count } } }',
   * );
   * ```
   */
  async graphql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    options?: Pick<LoadMethodOptions, 'signal' | 'progressCallback' | 'baseRequestId'>,
  ): Promise<T> {
    const url = `${this.options.apiUrl.replace(/\/v\d+$/, '')}/graphql`;
    const call: Call = { path: 'graphql', url, method: 'POST', params: { query, variables } };
    const reply = await this.run(call, (body) => body as GraphQLResponse<T>, options);
    const errors = reply?.errors;
    if (errors?.length) {
      throw new RequestError('GRAPHQL_ERROR', errors.map((e) => e.message).join('; '), {
        status: 200,
        response: reply,
      });
    }
    return reply?.data as T;
  }

  /**
   * Replaces the token or token function, e.g. after another user logged in. A refresh still
   * running for the previous identity is discarded.
   */
  setToken(token: TokenSource): void {
    this.tokens.setToken(token);
  }

  /** Forgets the current token (logout); the next request asks the token function again. */
  clearToken(): void {
    this.tokens.clearToken();
  }

  /**
   * Where the token stands (`idle`, `refreshing`, `ready`, `failed`), for a UI; the same object
   * until it changes. `cube-client/react`'s `useCubeToken` reads it.
   *
   * @example
   * ```ts
   * const stop = cubeApi.subscribeTokenState(() => {
   *   if (cubeApi.getTokenState().status === 'failed') showLoginPrompt();
   * });
   * ```
   */
  getTokenState(): TokenState {
    return this.tokens.getState();
  }

  /** Calls `listener` after every change of {@link CubeApi.getTokenState}; returns the remover. */
  subscribeTokenState(listener: () => void): () => void {
    return this.tokens.subscribe(listener);
  }

  private loadCall(
    path: 'load' | 'subscribe',
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    responseFormat: 'default' | 'compact',
  ): Call {
    const withFormat = (q: Query): Query =>
      responseFormat === 'compact' && q.responseFormat !== 'compact' ? { ...q, responseFormat } : q;
    // Read-only only in its type: the query is serialized, never changed.
    const plain = query as Query | Query[];
    return {
      path,
      params: {
        query: Array.isArray(plain) ? plain.map(withFormat) : withFormat(plain),
        queryType: 'multi',
        cache: options?.cache,
      },
    };
  }

  private toResultSet(body: unknown, options: LoadMethodOptions | undefined): ResultSet {
    return toResultSet(body as Parameters<typeof toResultSet>[0], {
      castNumerics: options?.castNumerics ?? this.options.castNumerics ?? false,
      parseDateMeasures: this.options.parseDateMeasures,
    });
  }

  /** The promise form, or the published client's callback form when `callback` is given. */
  private withCallback<T>(
    call: Call,
    toResult: (body: unknown) => T,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<T> | undefined,
  ): Promise<T> | Unsubscribe {
    if (!callback) return this.run(call, toResult, options) as Promise<T>;
    const { signal, subscription } = cancellable(options);
    this.run(call, toResult, { ...options, signal }).then(
      (result) => {
        if (result !== null && !signal.aborted) callback(null, result);
      },
      (error: unknown) => {
        if (!signal.aborted) callback(error as Error);
      },
    );
    return subscription;
  }

  /**
   * One API call: exchanges until the server stops answering "Continue wait", then turns the body
   * into a result. Resolves `null` when superseded through `mutexObj`.
   */
  private async run<T>(
    call: Call,
    toResult: (body: unknown) => T,
    options: LoadMethodOptions = {},
  ): Promise<T | null> {
    const { mutexObj, mutexKey = 'default' } = options;
    const mutexValue = `${++this.mutexCounter}`;
    if (mutexObj) mutexObj[mutexKey] = mutexValue;
    const superseded = () => mutexObj !== undefined && mutexObj[mutexKey] !== mutexValue;
    const signal = anySignal(options.signal, this.options.signal);
    const requestId = options.baseRequestId ?? newRequestId();
    let span = 0;
    for (;;) {
      const response = await this.exchange(call, signal, () => `${requestId}-span-${++span}`);
      if (superseded()) return null;
      const message = errorText(response.body) ?? graphqlErrorText(response.body);
      if (message?.includes('Continue wait')) {
        options.progressCallback?.(new ProgressResult(response.body as ProgressResponse));
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        throw new RequestError('HTTP_ERROR', message ?? `The server answered ${response.status}`, {
          status: response.status,
          response: response.body,
        });
      }
      return toResult(response.body);
    }
  }

  /**
   * One HTTP exchange with the current token; when the server rejects the token, one retry with
   * a fresh one (or the newer current one), never more.
   */
  private async exchange(
    call: Call,
    signal: AbortSignal | undefined,
    nextRequestId: () => string,
  ): Promise<TransportResponse> {
    const isAuthError = this.options.isAuthError ?? isCubeAuthError;
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.tokens.getToken(signal).catch((error: unknown) => {
        if (signal?.aborted) throw abortedRequest(signal.reason);
        if (error instanceof TokenError && error.code === 'TOKEN_ROUTE_UNAUTHORIZED')
          this.options.onAuthFailure?.(error);
        throw error;
      });
      const response = await this.transport.request({ ...call, token, requestId: nextRequestId(), signal });
      if (!isAuthError({ status: response.status, body: response.body })) {
        if (response.status >= 200 && response.status < 300) this.tokens.reportAccepted(token);
        return response;
      }
      const retry = this.tokens.reportRejected(token);
      if (retry && attempt === 0) continue;
      const serverText = errorText(response.body) ?? `HTTP ${response.status}`;
      const message = this.tokens.hasToken
        ? `The Cube server rejected the token: ${serverText}`
        : `This Cube server requires a token (${serverText}); pass one to cubejs(token, options)`;
      const error = new RequestError('AUTH_FAILED', message, {
        status: response.status,
        response: response.body,
      });
      if (this.tokens.canRefresh) this.tokens.reportFailure(error);
      this.options.onAuthFailure?.(error);
      throw error;
    }
  }
}
