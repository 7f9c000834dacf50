import { stripBearer } from '../utils/stripBearer';
import { abortedRequest, RequestError } from '../errors/RequestError';
import { onAbort } from '../utils/signals';
import { backoffDelay, parseRetryAfter } from '../utils/backoff';
import { sleep, startTimer } from '../utils/timers';
import { resolveFetch, type FetchFunction } from './fetchImplementation';
import type { Transport, TransportRequest, TransportResponse } from './types';
import type { HttpTransportOptions } from '../types/options';

export type { HttpTransportOptions };

/** Beyond this length, a GET URL risks being cut by proxies, so the request goes as POST. */
const MAX_GET_URL_LENGTH = 2000;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** A server may ask for a long pause; the client waits at most this long per retry. */
const MAX_RETRY_AFTER_MS = 30_000;
const EXCERPT_LENGTH = 200;

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

/**
 * Sends requests to Cube's REST API with `fetch`: builds the URL or body, sets the headers,
 * enforces `fetchTimeout` per attempt, retries network faults and transient statuses with
 * jittered exponential backoff, and parses the JSON reply.
 */
export class HttpTransport implements Transport {
  private readonly options: HttpTransportOptions;
  private readonly headers: Record<string, string>;
  private readonly random: () => number;
  /** The runtime's fetch, looked up once (a promise only where cross-fetch must be loaded). */
  private fallbackFetch?: FetchFunction | Promise<FetchFunction>;

  constructor(options: HttpTransportOptions) {
    this.options = options;
    this.headers = { ...options.headers };
    this.random = options.random ?? Math.random;
  }

  /**
   * Sends one request, retrying network errors, timeouts, 429 and 502–504 up to
   * `networkErrorRetries` times, and resolves with the parsed reply of the last attempt.
   */
  async request(request: TransportRequest): Promise<TransportResponse> {
    const retries = this.options.networkErrorRetries ?? 2;
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.attempt(request);
      const retryable = outcome.error
        ? outcome.error.code === 'NETWORK_ERROR' || outcome.error.code === 'TIMEOUT'
        : RETRYABLE_STATUSES.has(outcome.status);
      if (retryable && attempt < retries) {
        const retryAfter = outcome.error
          ? undefined
          : parseRetryAfter(outcome.headers.get('retry-after'), Date.now());
        const delay = Math.max(
          backoffDelay(attempt, this.random),
          Math.min(retryAfter ?? 0, MAX_RETRY_AFTER_MS),
        );
        await sleep(delay, request.signal).catch((reason: unknown) => {
          throw abortedRequest(reason);
        });
        continue;
      }
      if (outcome.error) throw outcome.error;
      return this.parse(outcome, request.token);
    }
  }

  private parse(outcome: Extract<Attempt, { text: string }>, token?: string): TransportResponse {
    const { status, headers, text } = outcome;
    try {
      return { status, headers, body: JSON.parse(text) as unknown };
    } catch {
      // Mask before cutting: a JWT is longer than the excerpt, so a cut token would slip through.
      const masked = token ? text.split(stripBearer(token)).join('[token]') : text;
      const excerpt = masked.slice(0, EXCERPT_LENGTH);
      throw new RequestError(
        'BAD_RESPONSE',
        `The server answered ${status} with a body that is not JSON: ${JSON.stringify(excerpt)}`,
        { status, response: excerpt },
      );
    }
  }

  private buildInit(request: TransportRequest): { url: string; init: RequestInit } {
    const base = request.url ?? `${this.options.apiUrl}/${request.path}`;
    const search = toSearchParams(request.params);
    const getUrl = search ? `${base}?${search}` : base;
    const method =
      request.method ?? this.options.method ?? (getUrl.length > MAX_GET_URL_LENGTH ? 'POST' : 'GET');
    const headers: Record<string, string> = { 'x-request-id': request.requestId, ...this.headers };
    if (request.token !== undefined) headers.Authorization = request.token;
    if (method === 'POST') headers['Content-Type'] = 'application/json';
    return {
      url: method === 'POST' ? base : getUrl,
      init: {
        method,
        headers,
        credentials: this.options.credentials,
        body: method === 'POST' ? JSON.stringify(request.params) : undefined,
      },
    };
  }

  /** One HTTP exchange with its own abort controller, so a retry never reuses a fired signal. */
  private async attempt(request: TransportRequest): Promise<Attempt> {
    const { signal } = request;
    if (signal?.aborted) return { error: abortedRequest(signal.reason) };
    const { url, init } = this.buildInit(request);
    const timeout = this.options.fetchTimeout;
    let timedOut = false;
    // Without a timeout the caller's signal is all there is: no controller of our own needed.
    const controller = timeout === undefined ? undefined : new AbortController();
    const stopListening = controller ? onAbort(signal, () => controller.abort(signal?.reason)) : undefined;
    const stopTimer = controller
      ? startTimer(() => {
          timedOut = true;
          controller.abort();
        }, timeout as number)
      : undefined;
    try {
      const found = this.options.fetch ?? (this.fallbackFetch ??= resolveFetch());
      const fetchImpl = typeof found === 'function' ? found : await found;
      const response = await fetchImpl(url, { ...init, signal: controller?.signal ?? signal });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    } catch (cause) {
      if (signal?.aborted) return { error: abortedRequest(signal.reason) };
      return {
        error: timedOut
          ? new RequestError('TIMEOUT', `No complete reply within fetchTimeout (${timeout} ms)`, { cause })
          : new RequestError('NETWORK_ERROR', `The request to ${request.path} failed: network error`, {
              cause,
            }),
      };
    } finally {
      stopTimer?.();
      stopListening?.();
    }
  }
}
