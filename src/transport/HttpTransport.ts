import { abortedRequest, RequestError } from '../errors/RequestError';
import { onAbort } from '../utils/signals';
import { backoffDelay, parseRetryAfter } from '../utils/backoff';
import { newRequestId } from '../utils/requestId';
import { parseJson } from '../utils/parseJson';
import { sleep, startTimer } from '../utils/timers';
import { resolveFetch, type FetchFunction } from '../utils/fetchImplementation';
import { readChunks } from './readChunks';
import type {
  ErrorResponse,
  HttpTransportReply,
  ITransport,
  ITransportResponse,
  ITransportStreamParams,
  ITransportStreamResponse,
  Transport,
  TransportRequest,
  TransportResponse,
} from './types';
import type { HttpTransportOptions } from '../types/options';

export type { HttpTransportOptions };

/** Beyond this length, a GET URL risks being cut by proxies, so the request goes as POST. */
const MAX_GET_URL_LENGTH = 2000;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** A server may ask for a long pause; the client waits at most this long per retry. */
const MAX_RETRY_AFTER_MS = 30_000;
/** What the published transport hands its callback when no reply arrived, by our error code. */
const NO_REPLY: Record<string, string> = { TIMEOUT: 'timeout', ABORTED: 'aborted' };

/** A fetch under way: its reply, how to release its timer and listeners, how to name a failure. */
interface Fetched {
  response: Response;
  done: () => void;
  fail: (cause: unknown) => RequestError;
}

/** The outcome of one attempt: a reply (maybe not JSON), or a transport-level error. */
type Attempt =
  { status: number; headers: Headers; text: string; error?: undefined } | { error: RequestError };

function toSearchParams(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    // Strings go as they are; numbers, booleans and objects as JSON (which prints 5 and true alike).
    search.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return search.toString();
}

/** Header names are case-insensitive: one lower-case key per header, so nothing is sent twice. */
function lowerCaseNames(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * Sends requests to Cube's REST API with `fetch`: builds the URL or body, sets the headers,
 * enforces `fetchTimeout` per attempt, retries network faults and transient statuses with
 * jittered exponential backoff, and reads the reply.
 *
 * It is also a transport of the published client's shape (`request(method, params)` returning
 * `{ subscribe }`, `requestStream`, a settable `authorization`), so code that builds or wraps
 * `@cubejs-client/core`'s `HttpTransport` keeps working; both shapes share one request path.
 *
 * @example
 * ```ts
 * const transport = new HttpTransport({ apiUrl: 'https://cube.example.com/cubejs-api/v1', authorization: token });
 * const cubeApi = new CubeApi({ transport });
 * ```
 */
export class HttpTransport implements Transport, ITransport<HttpTransportReply> {
  /** The token the published-shape `request()` and `requestStream()` send. */
  authorization: string | undefined;
  readonly #options: HttpTransportOptions;
  readonly #headers: Record<string, string>;
  /** The runtime's fetch, looked up once (a promise only where cross-fetch must be loaded). */
  #fallbackFetch?: FetchFunction | Promise<FetchFunction>;

  constructor(options: HttpTransportOptions) {
    this.#options = options;
    this.authorization = options.authorization;
    this.#headers = lowerCaseNames(options.headers);
  }

  /** Base URL of the REST API (the published transport's field, for subclasses written against it). */
  protected get apiUrl(): string {
    return this.#options.apiUrl;
  }

  /** The method every request uses, when one was given. */
  protected get method(): HttpTransportOptions['method'] {
    return this.#options.method;
  }

  /** The extra headers, with lower-case names. */
  protected get headers(): Record<string, string> {
    return this.#headers;
  }

  /** `fetch`'s `credentials`. */
  protected get credentials(): HttpTransportOptions['credentials'] {
    return this.#options.credentials;
  }

  /** Milliseconds one attempt may take, when limited. */
  protected get fetchTimeout(): number | undefined {
    return this.#options.fetchTimeout;
  }

  /**
   * Sends one request, retrying network errors, timeouts, 429 and 502–504 up to
   * `networkErrorRetries` times, and resolves with the reply of the last attempt.
   */
  async send(request: TransportRequest): Promise<TransportResponse> {
    const retries = this.#options.networkErrorRetries ?? 2;
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(request);
      const retryable = outcome.error
        ? outcome.error.code === 'NETWORK_ERROR' || outcome.error.code === 'TIMEOUT'
        : RETRYABLE_STATUSES.has(outcome.status);
      if (!retryable || attempt >= retries) {
        if (outcome.error) throw outcome.error;
        return { ...outcome, body: parseJson(outcome.text) };
      }
      await sleep(this.#retryDelay(outcome, attempt), request.signal).catch((reason: unknown) => {
        throw abortedRequest(reason);
      });
    }
  }

  /**
   * The published client's request shape: each `subscribe(callback)` sends the request (a new
   * `-span-` of `baseRequestId`) with the current `authorization`, and calls `callback` with a
   * `Response`-like reply, or `{ error }` (`'network Error'`, `'timeout'`, `'aborted'`) when none came.
   */
  request(apiMethod: string, params: Record<string, unknown>): ITransportResponse<HttpTransportReply> {
    const { method, fetchTimeout, baseRequestId, signal, ...rest } = params;
    const base = typeof baseRequestId === 'string' ? baseRequestId : newRequestId();
    let span = 0;
    const send = (): Promise<HttpTransportReply | ErrorResponse> =>
      this.send({
        path: apiMethod,
        params: rest,
        method: method as TransportRequest['method'],
        timeout: fetchTimeout as number | undefined,
        signal: signal as AbortSignal | undefined,
        token: this.authorization,
        requestId: `${base}-span-${++span}`,
      }).then(
        ({ status, headers, text }) => ({
          status,
          ok: status >= 200 && status < 300,
          headers,
          text: () => Promise.resolve(text),
          json: () => Promise.resolve().then(() => JSON.parse(text) as unknown),
        }),
        (error: unknown) => ({ error: NO_REPLY[(error as RequestError).code] ?? 'network Error' }),
      );
    const subscription: ITransportResponse<HttpTransportReply> = {
      subscribe: async (callback) => callback(await send(), () => subscription.subscribe(callback)),
    };
    return subscription;
  }

  /**
   * Sends one streaming request (POST by default) with the current `authorization`; `stream()`
   * rejects with a `RequestError` unless the status is 2xx, then yields the body's chunks.
   */
  requestStream<T extends Record<string, unknown> = Record<string, unknown>>(
    apiMethod: string,
    { method, fetchTimeout, baseRequestId, signal, params }: ITransportStreamParams<T>,
  ): ITransportStreamResponse {
    const stop = new AbortController();
    const request: TransportRequest = {
      path: apiMethod,
      params: params ?? {},
      method: method ?? this.#options.method ?? 'POST',
      token: this.authorization,
      requestId: baseRequestId ?? newRequestId(),
      signal,
      timeout: fetchTimeout,
    };
    return {
      stream: async () => {
        const { response, done, fail } = await this.#fetch(request, stop.signal);
        if (response.ok && response.body) return readChunks(response.body, done, fail);
        done();
        const text = await response.text().catch(() => '');
        const body = parseJson(text);
        const error = (body as Partial<ErrorResponse> | undefined)?.error;
        throw new RequestError('HTTP_ERROR', `HTTP ${response.status}: ${error ?? response.statusText}`, {
          status: response.status,
          response: body ?? text,
          token: request.token,
        });
      },
      unsubscribe: () => Promise.resolve(stop.abort()),
    };
  }

  #retryDelay(outcome: Attempt, attempt: number): number {
    const retryAfter = outcome.error
      ? undefined
      : parseRetryAfter(outcome.headers.get('retry-after'), Date.now());
    return Math.max(
      backoffDelay(attempt, this.#options.random ?? Math.random),
      Math.min(retryAfter ?? 0, MAX_RETRY_AFTER_MS),
    );
  }

  #buildInit(request: TransportRequest): { url: string; init: RequestInit } {
    const base = request.url ?? `${this.#options.apiUrl}/${request.path}`;
    const search = toSearchParams(request.params);
    const getUrl = search ? `${base}?${search}` : base;
    const method =
      request.method ?? this.#options.method ?? (getUrl.length > MAX_GET_URL_LENGTH ? 'POST' : 'GET');
    const body = method === 'GET' ? undefined : JSON.stringify(request.params);
    // The managed values win over a user header of any spelling; a user `authorization` is sent
    // only when the client has no token (dev mode, or auth handled by the app's own header).
    const headers: Record<string, string> = { ...this.#headers, 'x-request-id': request.requestId };
    if (request.token !== undefined) headers.authorization = request.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return {
      url: body === undefined ? getUrl : base,
      init: { method, headers, credentials: this.#options.credentials, body },
    };
  }

  /** One HTTP exchange with the body read; a transport-level failure becomes its `RequestError`. */
  async #attempt(request: TransportRequest): Promise<Attempt> {
    const fetched = await this.#fetch(request).catch((error: unknown) => ({ error: error as RequestError }));
    if ('error' in fetched) return fetched;
    const { response, done, fail } = fetched;
    try {
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (cause) {
      return { error: fail(cause) };
    } finally {
      done();
    }
  }

  /**
   * Starts one fetch under its own abort controller (so a retry never reuses a fired signal and
   * no listener stays on the caller's long-lived signals), with the attempt's timeout. `done`
   * removes the timer and the listeners once the body has been read; `fail` names a failure.
   */
  async #fetch(request: TransportRequest, extraSignal?: AbortSignal): Promise<Fetched> {
    const signals = [request.signal, this.#options.signal, extraSignal];
    const fired = signals.find((signal) => signal?.aborted);
    if (fired) throw abortedRequest(fired.reason);
    const timeout = request.timeout ?? this.#options.fetchTimeout;
    // Nothing can end a request without a signal or a timeout: no controller (a measurable share
    // of a load's own time in Node, where each one is made transferable).
    const controller = timeout !== undefined || signals.some(Boolean) ? new AbortController() : undefined;
    let timedOut = false;
    const stops = signals.map((signal) => onAbort(signal, () => controller?.abort(signal?.reason)));
    if (timeout !== undefined) {
      stops.push(startTimer(() => ((timedOut = true), controller?.abort()), timeout));
    }
    const done = () => stops.forEach((stop) => stop());
    const fail = (cause: unknown): RequestError => {
      if (timedOut) {
        return new RequestError('TIMEOUT', `No complete reply within fetchTimeout (${timeout} ms)`, {
          cause,
          token: request.token,
        });
      }
      if (controller?.signal.aborted) return abortedRequest(controller.signal.reason);
      return new RequestError('NETWORK_ERROR', `The request to ${request.path} failed: network error`, {
        cause,
        token: request.token,
      });
    };
    const { url, init } = this.#buildInit(request);
    try {
      const found = this.#options.fetch ?? (this.#fallbackFetch ??= resolveFetch());
      const fetchImpl = typeof found === 'function' ? found : await found;
      return { response: await fetchImpl(url, { ...init, signal: controller?.signal }), done, fail };
    } catch (cause) {
      done();
      throw fail(cause);
    }
  }
}
