import { TokenProvider, type TokenSource, type TokenState } from '../auth/TokenProvider';
import { abortedRequest, RequestError } from '../errors/RequestError';
import { TokenError } from '../errors/TokenError';
import { Meta } from '../result/Meta';
import type { ResultSet } from '../result/ResultSet';
import { toResultSet } from '../result/toResultSet';
import { HttpTransport } from '../transport/HttpTransport';
import type {
  ITransport,
  ITransportResponse,
  TokenAwareTransport,
  TransportResponse,
  TransportTokenSource,
} from '../transport/types';
import type {
  CubeSqlOptions,
  CubeSqlResult,
  CubeSqlStreamChunk,
  DryRunResponse,
  MetaMethodOptions,
  QueryRecordType,
  ResponseFormat,
  UnsubscribeObj,
} from '../types/methods';
import type {
  AuthErrorCandidate,
  CubeApiOptions,
  LegacyCubeApiOptions,
  LoadMethodCallback,
  LoadMethodOptions,
} from '../types/options';
import type { DeeplyReadonly, Query, QueryInput } from '../types/query';
import type { LoadResponse } from '../types/response';
import { backoffDelay } from '../utils/backoff';
import { Listeners } from '../utils/Listeners';
import { newRequestId } from '../utils/requestId';
import { redactToken } from '../utils/redact';
import { onAbort } from '../utils/signals';
import { sleep } from '../utils/timers';
import { validateOptions } from '../utils/validateOptions';
import { foreignChannel, httpChannel, type Call, type Channel } from './channel';
import { ProgressResult, type ProgressResponse } from './ProgressResult';
import { REPLY_SHAPES, type ReplyKind } from './replyShapes';
import { SqlQuery, type SqlQueryResponse } from './SqlQuery';

/** The reply of Cube's GraphQL endpoint. */
export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; [key: string]: unknown }[];
}

/** Builds a method's result from a checked reply; `bad(what)` is the `BAD_RESPONSE` to throw. */
type Parse<T> = (response: TransportResponse, bad: (what?: string) => RequestError, token?: string) => T;

const AUTH_ERROR_MESSAGES = /invalid token|authorization header isn't set/i;
const CONTINUE_WAIT = 'Continue wait';
/**
 * A real Cube holds a "Continue wait" poll for its `continueWaitTimeout` (seconds); a reply that
 * came back faster than this is followed by a short, jittered, growing pause, so a broken proxy
 * that answers at once is not hammered.
 */
const LONG_POLL_MS = 500;
const FAST_POLL_PAUSE = { min: 50, base: 100, cap: 2000 };
const EXCERPT_LENGTH = 200;

function errorText(body: unknown): string | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  return typeof error === 'string' ? error : undefined;
}

/** Only a 200 whose error is exactly "Continue wait" (REST) or whose first GraphQL error says so. */
function isContinueWait({ status, body }: TransportResponse): boolean {
  const graphqlError = (body as GraphQLResponse<unknown> | undefined)?.errors?.[0]?.message;
  return status === 200 && (errorText(body) === CONTINUE_WAIT || graphqlError === CONTINUE_WAIT);
}

/** Cube's own answers to a bad or missing token are 403s with these texts; gateways answer 401. */
export function isCubeAuthError({ status, body }: AuthErrorCandidate): boolean {
  return status === 401 || (status === 403 && AUTH_ERROR_MESSAGES.test(errorText(body) ?? ''));
}

/** A reply of the shape `kind` needs, turned into the method's result. */
function fromJson<T>(kind: ReplyKind, build: (body: never) => T): Parse<T> {
  return ({ body }, bad) => {
    const [isShape, what] = REPLY_SHAPES[kind];
    if (!isShape(body)) throw bad(what);
    return build(body as never);
  };
}

/**
 * One signal for a whole call, so each of the caller's signals gets one listener per call however
 * many polls and retries the call takes; `release` removes them.
 */
function callSignal(...signals: (AbortSignal | undefined)[]): { signal?: AbortSignal; release: () => void } {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (!present.length) return { release: () => {} };
  const controller = new AbortController();
  const stops = present.map((signal) => {
    if (signal.aborted && !controller.signal.aborted) controller.abort(signal.reason);
    return onAbort(signal, () => controller.abort(signal.reason));
  });
  return { signal: controller.signal, release: () => stops.forEach((stop) => stop()) };
}

/** The stop signal of a callback-form call and the `unsubscribe()` that fires it. */
function cancellable(): { stop: AbortSignal; subscription: UnsubscribeObj } {
  const controller = new AbortController();
  return {
    stop: controller.signal,
    subscription: { unsubscribe: () => Promise.resolve(controller.abort()) },
  };
}

/** Both forms of the constructor: `(token, options)` and the options-only `({ apiToken, ... })`. */
function readArguments(tokenOrOptions: unknown, maybeOptions: unknown): [unknown, CubeApiOptions] {
  if (typeof tokenOrOptions === 'object' && tokenOrOptions !== null && !('then' in tokenOrOptions)) {
    const { apiToken, ...rest } = tokenOrOptions as LegacyCubeApiOptions;
    return [apiToken, validateOptions(rest)];
  }
  return [tokenOrOptions, validateOptions(maybeOptions)];
}

/**
 * The client for one Cube deployment: `load`, `sql`, `meta`, `dryRun`, `subscribe`, `cubeSql`,
 * `graphql`, with the token handled by a {@link TokenProvider} and the network by our
 * {@link HttpTransport} or by the `transport` option. `new CubeApi(...)` and `cubejs(...)` are the same.
 *
 * @example
 * ```ts
 * const cubeApi = new CubeApi(() => fetchToken(), { apiUrl: 'https://cube.example.com/cubejs-api/v1' });
 * const resultSet = await cubeApi.load({ measures: ['Orders.count'] });
 * resultSet.tablePivot();
 * ```
 * @throws TypeError when an option or the token has the wrong type (checked here, not at the first request).
 */
export class CubeApi {
  readonly #tokens: TokenProvider;
  readonly #options: CubeApiOptions;
  /** Our own promise-based HTTP path; absent only with a foreign `transport` and no `apiUrl`. */
  readonly #http?: HttpTransport;
  /** A transport of the published shape, given as the `transport` option. */
  readonly #foreign?: ITransport<unknown>;
  /** The foreign transport authenticates its own connection through a {@link TransportTokenSource}. */
  readonly #tokenAware: boolean;
  readonly #identity = new Listeners();
  /** Per-client counter behind `mutexObj`: no state is shared between clients. */
  #mutexCounter = 0;

  constructor(token: TokenSource, options: CubeApiOptions);
  constructor(options: LegacyCubeApiOptions);
  constructor(tokenOrOptions: TokenSource | LegacyCubeApiOptions, maybeOptions?: CubeApiOptions) {
    const [token, options] = readArguments(tokenOrOptions, maybeOptions);
    this.#options = options;
    const { transport, apiUrl = '' } = options;
    const own = transport instanceof HttpTransport && transport.request === HttpTransport.prototype.request;
    if (transport && !own) this.#foreign = transport;
    // The client's signal is honoured once per call by the client, not again per attempt.
    this.#http = own
      ? transport
      : apiUrl
        ? new HttpTransport({ ...options, apiUrl, signal: undefined })
        : undefined;
    const remembered = options.tokenStorage ? { storage: options.tokenStorage, apiUrl } : undefined;
    this.#tokens = new TokenProvider((token ?? transport?.authorization) as TokenSource, {
      ...options,
      remembered,
      shareAcrossTabsKey: options.shareTokenAcrossTabs ? apiUrl : undefined,
    });
    const aware = transport as Partial<TokenAwareTransport> | undefined;
    this.#tokenAware = !own && typeof aware?.useTokenSource === 'function';
    if (this.#tokenAware) aware?.useTokenSource?.(this.#tokenSource());
  }

  /**
   * Runs a query (or several, for blending and compared date ranges) and returns its result set;
   * rows are typed by the members of a literal (`as const`) query. With `callback`, returns an
   * {@link UnsubscribeObj} at once and calls back with the result or the error. Resolves `null`
   * when a newer call claimed the same `mutexObj` key first.
   */
  load<Q extends DeeplyReadonly<Query | Query[]>>(
    query: Q,
    options?: LoadMethodOptions,
    callback?: undefined,
    responseFormat?: ResponseFormat,
  ): Promise<ResultSet<QueryRecordType<Q>>>;
  load<Q extends DeeplyReadonly<Query | Query[]>>(
    query: Q,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<ResultSet<QueryRecordType<Q>>>,
    responseFormat?: ResponseFormat,
  ): UnsubscribeObj;
  load(
    query: QueryInput,
    options?: LoadMethodOptions,
    callback?: LoadMethodCallback<never>,
    responseFormat?: ResponseFormat,
  ): Promise<ResultSet> | UnsubscribeObj {
    const call = this.#loadCall('load', query, options, responseFormat);
    return this.#withCallback(
      call,
      this.#resultSet(options),
      options,
      callback as LoadMethodCallback<ResultSet>,
    );
  }

  /** The SQL Cube generates for a query (one `SqlQuery` per query when given several). */
  sql(query: DeeplyReadonly<Query>, options?: LoadMethodOptions): Promise<SqlQuery>;
  sql(query: DeeplyReadonly<Query[]>, options?: LoadMethodOptions): Promise<SqlQuery[]>;
  sql(
    query: DeeplyReadonly<Query | Query[]>,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<SqlQuery>,
  ): UnsubscribeObj;
  sql(
    query: QueryInput,
    options?: LoadMethodOptions,
    callback?: LoadMethodCallback<SqlQuery>,
  ): Promise<SqlQuery | SqlQuery[]> | UnsubscribeObj {
    const toSql = fromJson('sql', (body: SqlQueryResponse | SqlQueryResponse[]) =>
      Array.isArray(body) ? body.map((item) => new SqlQuery(item)) : new SqlQuery(body),
    );
    const call = { path: 'sql', params: { query } };
    return this.#withCallback(call, toSql, options, callback as LoadMethodCallback<SqlQuery | SqlQuery[]>);
  }

  /** The data model: cubes, views and their members (`extended: true` for the extended model). */
  meta(options?: MetaMethodOptions): Promise<Meta>;
  meta(options: MetaMethodOptions | undefined, callback: LoadMethodCallback<Meta>): UnsubscribeObj;
  meta(options?: MetaMethodOptions, callback?: LoadMethodCallback<Meta>): Promise<Meta> | UnsubscribeObj {
    const params = {
      ...(options?.onlyViews ? { onlyViews: true } : {}),
      ...(options?.extended ? { extended: true } : {}),
    };
    const toMeta = fromJson('meta', (body: ConstructorParameters<typeof Meta>[0]) => new Meta(body));
    return this.#withCallback({ path: 'meta', params }, toMeta, options, callback);
  }

  /** Validates and normalizes a query without running it. */
  dryRun(query: QueryInput, options?: LoadMethodOptions): Promise<DryRunResponse>;
  dryRun(
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<DryRunResponse>,
  ): UnsubscribeObj;
  dryRun(
    query: QueryInput,
    options?: LoadMethodOptions,
    callback?: LoadMethodCallback<DryRunResponse>,
  ): Promise<DryRunResponse> | UnsubscribeObj {
    const toDryRun = fromJson('dryRun', (body: DryRunResponse) => body);
    return this.#withCallback({ path: 'dry-run', params: { query } }, toDryRun, options, callback);
  }

  /**
   * Runs a query of Cube's SQL API (`POST /cubesql`) and resolves with its schema and rows.
   *
   * @example
   * ```ts
   * const { schema, data } = await cubeApi.cubeSql('SELECT status, MEASURE(count) FROM orders GROUP BY 1');
   * ```
   */
  cubeSql(sqlQuery: string, options?: CubeSqlOptions): Promise<CubeSqlResult>;
  cubeSql(
    sqlQuery: string,
    options: CubeSqlOptions | undefined,
    callback: LoadMethodCallback<CubeSqlResult>,
  ): UnsubscribeObj;
  cubeSql(
    sqlQuery: string,
    options?: CubeSqlOptions,
    callback?: LoadMethodCallback<CubeSqlResult>,
  ): Promise<CubeSqlResult> | UnsubscribeObj {
    const call: Call = {
      path: 'cubesql',
      method: 'POST',
      timeout: options?.timeout,
      params: {
        query: sqlQuery,
        throwContinueWait: true,
        cache: options?.cache,
        timezone: options?.timezone,
      },
    };
    // The SQL API's line parser is fetched on first use (a chunk of its own): the call is async anyway.
    const parse = (({ text }, bad, token) =>
      import('./cubeSql').then(({ parseCubeSql }) =>
        parseCubeSql(text, bad, (message, line) => {
          return new RequestError('HTTP_ERROR', message, { status: 200, response: line, token });
        }),
      )) as Parse<never>;
    return this.#withCallback(call, parse, options, callback);
  }

  /**
   * Runs a query of Cube's SQL API and yields its reply as it streams in: the schema first, then
   * the rows. Needs a transport with `requestStream` (ours has it).
   *
   * @example
   * ```ts
   * for await (const chunk of cubeApi.cubeSqlStream('SELECT * FROM orders')) {
   *   if (chunk.type === 'data') rows.push(chunk.data);
   * }
   * ```
   */
  async *cubeSqlStream(sqlQuery: string, options?: CubeSqlOptions): AsyncGenerator<CubeSqlStreamChunk> {
    const transport = this.#foreign ?? this.#http;
    if (!transport?.requestStream) throw new TypeError('The transport does not support streaming');
    const stream = {
      method: 'POST' as const,
      signal: options?.signal,
      fetchTimeout: options?.timeout,
      baseRequestId: options?.baseRequestId ?? newRequestId(),
      params: { query: sqlQuery, cache: options?.cache, timezone: options?.timezone },
    };
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.#token(options?.signal);
      if (!this.#tokenAware && transport.authorization !== token) transport.authorization = token;
      const response = transport.requestStream('cubesql', stream);
      try {
        const { cubeSqlChunks } = await import('./cubeSql');
        for await (const chunk of cubeSqlChunks(await response.stream())) {
          // Bytes already received keep arriving after an abort; the caller asked for no more.
          if (options?.signal?.aborted) throw abortedRequest(options.signal.reason);
          yield chunk;
        }
        return;
      } catch (error) {
        const { status = 0, response: body } = error as Partial<RequestError>;
        if (this.#tokenAware || !this.#isAuthError({ status, body })) throw error;
        this.#rejected(token, attempt, status, body);
      } finally {
        await response.unsubscribe?.();
      }
    }
  }

  /**
   * Runs a query now and again every `pollInterval` seconds (or as a pushing transport delivers
   * results), calling `callback` with each result or error, until `unsubscribe()`. Returns synchronously.
   *
   * @example
   * ```ts
   * const subscription = cubeApi.subscribe(query, {}, (error, resultSet) => render(resultSet));
   * await subscription.unsubscribe();
   * ```
   */
  subscribe<Q extends DeeplyReadonly<Query | Query[]>>(
    query: Q,
    options: LoadMethodOptions | null | undefined,
    callback: LoadMethodCallback<ResultSet<QueryRecordType<Q>>>,
    responseFormat?: ResponseFormat,
  ): UnsubscribeObj {
    const { stop, subscription } = cancellable();
    const call = this.#loadCall('subscribe', query, options ?? undefined, responseFormat);
    void this.#subscribeLoop(call, options ?? {}, callback as LoadMethodCallback<ResultSet>, stop);
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
    const url = `${(this.#options.apiUrl ?? '').replace(/\/v\d+$/, '')}/graphql`;
    const call: Call = { path: 'graphql', url, method: 'POST', params: { query, variables } };
    const toData: Parse<T> = (response, bad, token) => {
      const reply = fromJson('graphql', (body: GraphQLResponse<T>) => body)(response, bad);
      if (!reply.errors?.length) return reply.data as T;
      const message = reply.errors.map((e) => e.message).join('; ');
      throw new RequestError('GRAPHQL_ERROR', message, { status: 200, response: reply, token });
    };
    return (await this.#run(call, toData, options)) as T;
  }

  /**
   * Replaces the token or token function, e.g. after another user logged in. A refresh still
   * running for the previous identity is discarded.
   */
  setToken(token: TokenSource): void {
    this.#tokens.setToken(token);
    this.#identity.notify();
  }

  /** Forgets the current token (logout); the next request asks the token function again. */
  clearToken(): void {
    this.#tokens.clearToken();
    this.#identity.notify();
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
    return this.#tokens.getState();
  }

  /** Calls `listener` after every change of {@link CubeApi.getTokenState}; returns the remover. */
  subscribeTokenState(listener: () => void): () => void {
    return this.#tokens.subscribe(listener);
  }

  /** The transport requests go through: the `transport` option, or our {@link HttpTransport}. */
  protected get transport(): ITransport<unknown> {
    return (this.#foreign ?? this.#http) as ITransport<unknown>;
  }

  /** The published client's low-level request: `method` sent through {@link CubeApi.transport} as is. */
  protected request(method: string, params?: Record<string, unknown>): ITransportResponse<unknown> {
    return this.transport.request(method, {
      ...params,
      baseRequestId: params?.baseRequestId ?? newRequestId(),
    });
  }

  /** Turns a `/load` body into a result set, as `load` does. */
  protected loadResponseInternal(
    response: LoadResponse<unknown>,
    options?: LoadMethodOptions | null,
  ): ResultSet {
    return this.#resultSet(options ?? undefined)({ body: response } as TransportResponse, () => {
      throw new TypeError('not a load response');
    });
  }

  #loadCall(
    path: 'load' | 'subscribe',
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    responseFormat = this.#options.resType,
  ): Call {
    const withFormat = (q: Query): Query =>
      (responseFormat === 'compact' || responseFormat === 'columnar') && q.responseFormat !== responseFormat
        ? { ...q, responseFormat }
        : q;
    // Read-only only in its type: the query is serialized, never changed.
    const plain = query as Query | Query[];
    const params = {
      query: Array.isArray(plain) ? plain.map(withFormat) : withFormat(plain),
      queryType: 'multi',
    };
    return { path, params: options?.cache ? { ...params, cache: options.cache } : params };
  }

  #resultSet(options: LoadMethodOptions | undefined): Parse<ResultSet> {
    return fromJson('load', (body: Parameters<typeof toResultSet>[0]) =>
      toResultSet(body, {
        castNumerics: options?.castNumerics ?? this.#options.castNumerics ?? false,
        parseDateMeasures: this.#options.parseDateMeasures,
      }),
    );
  }

  /** The promise form, or the published client's callback form when `callback` is given. */
  #withCallback<T>(
    call: Call,
    parse: Parse<T>,
    options: LoadMethodOptions | LoadMethodCallback<T> | undefined,
    callback: LoadMethodCallback<T> | undefined,
  ): Promise<T> | UnsubscribeObj {
    // As published: `load(query, callback)` is the callback form without options.
    if (typeof options === 'function') [callback, options] = [options, undefined];
    if (!callback) return this.#run(call, parse, options) as Promise<T>;
    const { stop, subscription } = cancellable();
    const report = callback;
    this.#run(call, parse, options, { stop }).then(
      (result) => {
        if (result !== null && !stop.aborted) report(null, result);
      },
      (error: unknown) => {
        if (!stop.aborted) report(error as Error, undefined as never);
      },
    );
    return subscription;
  }

  async #subscribeLoop(
    call: Call,
    options: LoadMethodOptions,
    callback: LoadMethodCallback<ResultSet>,
    stop: AbortSignal,
  ): Promise<void> {
    const { signal, release } = callSignal(options.signal, this.#options.signal, stop);
    const channel = this.#open(call, options, signal);
    const parse = this.#resultSet(options);
    const pollMs = (this.#options.pollInterval ?? 5) * 1000;
    try {
      while (!signal?.aborted) {
        const outcome = await this.#run(call, parse, options, { stop, channel }).then(
          (result) => () => result && callback(null, result),
          (error: unknown) => () => callback(error as Error, undefined as never),
        );
        if (signal?.aborted) return;
        outcome();
        if (!channel.pushes) await sleep(pollMs, signal).catch(() => undefined);
      }
    } finally {
      channel.close();
      release();
    }
  }

  #open(call: Call, options: LoadMethodOptions, signal: AbortSignal | undefined): Channel {
    const requestId = options.baseRequestId ?? newRequestId();
    if (this.#foreign && !call.url) {
      const { method, timeout } = call;
      const params = {
        ...call.params,
        ...(method ? { method } : {}),
        ...(timeout ? { fetchTimeout: timeout } : {}),
        signal: options.signal,
        baseRequestId: requestId,
      };
      return foreignChannel(this.#foreign, call, params, { signal, setsAuthorization: !this.#tokenAware });
    }
    if (!this.#http) throw new TypeError(`cubejs(): ${call.path} needs the apiUrl option`);
    return httpChannel(this.#http, call, requestId, signal);
  }

  /**
   * One API call: replies until the server stops answering "Continue wait", then the result.
   * Resolves `null` when superseded through `mutexObj`.
   */
  async #run<T>(
    call: Call,
    parse: Parse<T>,
    options: LoadMethodOptions = {},
    via: { stop?: AbortSignal; channel?: Channel } = {},
  ): Promise<T | null> {
    const superseded = this.#claimMutex(options);
    const { signal, release } = callSignal(options.signal, this.#options.signal, via.stop);
    try {
      const channel = via.channel ?? this.#open(call, options, signal);
      try {
        for (let fastReplies = 0; ;) {
          const { response, token, sentAt } = await this.#authorized(channel, signal);
          if (superseded()) return null;
          if (!isContinueWait(response)) return this.#result(response, token, parse);
          options.progressCallback?.(new ProgressResult(response.body as ProgressResponse));
          fastReplies = Date.now() - sentAt < LONG_POLL_MS ? fastReplies + 1 : 0;
          if (fastReplies) await this.#pause(fastReplies - 1, signal);
        }
      } finally {
        if (!via.channel) channel.close();
      }
    } finally {
      release();
    }
  }

  /** Whether a newer call took the `mutexObj` key after this one. */
  #claimMutex({ mutexObj, mutexKey = 'default' }: LoadMethodOptions): () => boolean {
    const mutexValue = `${++this.#mutexCounter}`;
    if (mutexObj) mutexObj[mutexKey] = mutexValue;
    return () => mutexObj !== undefined && mutexObj[mutexKey] !== mutexValue;
  }

  #pause(fastReplies: number, signal: AbortSignal | undefined): Promise<void> {
    const { min, base, cap } = FAST_POLL_PAUSE;
    const delay = min + backoffDelay(fastReplies, this.#options.random ?? Math.random, base, cap);
    return sleep(delay, signal).catch((reason: unknown) => {
      throw abortedRequest(reason);
    });
  }

  /** The reply as the method's result, or the `RequestError` it stands for. */
  #result<T>(response: TransportResponse, token: string | undefined, parse: Parse<T>): T {
    const { status, body } = response;
    const bad = (what?: string) => this.#badResponse(response, token, what);
    const error = errorText(body);
    if (status >= 200 && status < 300 && error === undefined) return parse(response, bad, token);
    if (body === undefined) throw bad();
    throw new RequestError('HTTP_ERROR', error ?? `The server answered ${status}`, {
      status,
      response: body,
      token,
    });
  }

  #badResponse({ status, body, text }: TransportResponse, token: string | undefined, what?: string) {
    if (body !== undefined && what) {
      return new RequestError('BAD_RESPONSE', `The server answered ${status} with JSON that is not ${what}`, {
        status,
        response: body,
        token,
      });
    }
    // Redact before cutting: a JWT is longer than the excerpt, so a cut token would slip through.
    const excerpt = redactToken(text, token).slice(0, EXCERPT_LENGTH);
    return new RequestError(
      'BAD_RESPONSE',
      `The server answered ${status} with a body that is not JSON: ${JSON.stringify(excerpt)}`,
      { status, response: excerpt, token },
    );
  }

  /**
   * One reply with the current token; when the server rejects the token (recognised from the
   * status first, whatever the body), one retry with a fresh one (or the newer current one), never more.
   */
  async #authorized(
    channel: Channel,
    signal: AbortSignal | undefined,
  ): Promise<{ response: TransportResponse; token?: string; sentAt: number }> {
    // A token-aware transport applies the token rules to its own connection.
    // The reply's own time, without the token's: a long-poll is told apart by it.
    let sentAt = Date.now();
    if (this.#tokenAware) return { response: await channel.reply(undefined), sentAt };
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.#token(signal);
      sentAt = Date.now();
      const response = await channel.reply(token);
      if (!this.#isAuthError(response)) {
        if (response.status >= 200 && response.status < 300) this.#tokens.reportAccepted(token);
        return { response, token, sentAt };
      }
      this.#rejected(token, attempt, response.status, response.body);
    }
  }

  /** After the server rejected `token`: returns when one retry may follow, else throws `AUTH_FAILED`. */
  #rejected(token: string | undefined, attempt: number, status: number, body: unknown): void {
    if (!this.#tokens.reportRejected(token) || attempt > 0) throw this.#authFailed(status, body, token);
  }

  #isAuthError(candidate: AuthErrorCandidate): boolean {
    return (this.#options.isAuthError ?? isCubeAuthError)(candidate);
  }

  async #token(signal: AbortSignal | undefined): Promise<string | undefined> {
    return this.#tokens.getToken(signal).catch((error: unknown) => {
      if (signal?.aborted) throw abortedRequest(signal.reason);
      if (error instanceof TokenError && error.code === 'TOKEN_ROUTE_UNAUTHORIZED')
        this.#options.onAuthFailure?.(error);
      throw error;
    });
  }

  /** The `AUTH_FAILED` error after the one retry, reported to the token state and `onAuthFailure`. */
  #authFailed(status: number, body: unknown, token: string | undefined): RequestError {
    const serverText = errorText(body) ?? `HTTP ${status}`;
    const message = this.#tokens.hasToken
      ? `The Cube server rejected the token: ${serverText}`
      : `This Cube server requires a token (${serverText}); pass one to cubejs(token, options)`;
    const error = new RequestError('AUTH_FAILED', message, { status, response: body, token });
    if (this.#tokens.canRefresh) this.#tokens.reportFailure(error);
    this.#options.onAuthFailure?.(error);
    return error;
  }

  /** The token rules offered to a transport with a connection of its own. */
  #tokenSource(): TransportTokenSource {
    return {
      getToken: (signal) => this.#token(signal),
      rejected: async (token, signal) => {
        if (this.#tokens.reportRejected(token)) return this.#token(signal);
        throw this.#authFailed(403, undefined, token);
      },
      accepted: (token) => this.#tokens.reportAccepted(token),
      onIdentityChange: this.#identity.subscribe,
    };
  }
}
