import type { FetchFunction } from '../transport/fetchImplementation';
import type { RequestError } from '../errors/RequestError';
import type { TokenError } from '../errors/TokenError';
import type { ProgressResult } from '../core/ProgressResult';
import type { TokenStorageOption } from '../auth/tokenStorage';
import type { ITransport } from '../transport/types';
import type { CubeApi } from '../core/CubeApi';

/** What `isAuthError` sees of a reply. */
export interface AuthErrorCandidate {
  status: number;
  /** The parsed JSON body. */
  body: unknown;
}

/**
 * Options of `cubejs(token, options)`. Every value is checked when the client is created; a bad
 * one throws a `TypeError` that names the option.
 */
export interface CubeApiOptions {
  /**
   * Base URL of Cube's REST API, e.g. `'https://cube.example.com/cubejs-api/v1'`. In a browser, a
   * path such as `'/cubejs-api/v1'` is resolved against the page. Required unless `transport` is given.
   */
  apiUrl?: string;
  /**
   * A transport of the published client's shape to send requests through instead of HTTP, such
   * as `@cubejs-client/ws-transport`'s `WebSocketTransport`. The client sets the current token on
   * its `authorization` before each request (or hands it a token source, see `TokenAwareTransport`).
   * Default: an {@link HttpTransport} built from these options.
   */
  transport?: ITransport<unknown>;
  /**
   * The row layout `load` and `subscribe` ask Cube for when the call names none; result sets are
   * the same for every layout, `compact` is smaller on the wire. Default `'default'`.
   */
  resType?: 'default' | 'compact' | 'columnar';
  /** Headers added to every request. The object is copied; the client never changes it. */
  headers?: Record<string, string>;
  /** `fetch`'s `credentials` mode, e.g. `'include'` for a Cube API behind a cookie session. */
  credentials?: RequestCredentials;
  /** HTTP method for every request. Default: GET, or POST when the URL would be over 2,000 characters. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Seconds between two polls of `subscribe`. Default `5`. */
  pollInterval?: number;
  /** Milliseconds one HTTP attempt may take before it fails with code `TIMEOUT`. Default: no limit. */
  fetchTimeout?: number;
  /**
   * Retries, with jittered exponential backoff, after a network error, a timeout, or a 429, 502,
   * 503 or 504 reply (`Retry-After` honoured). Default `2`.
   */
  networkErrorRetries?: number;
  /** A `fetch` implementation to use. Default: the global `fetch`, else `cross-fetch`. */
  fetch?: FetchFunction;
  /** Milliseconds the token function may take before it fails with `TOKEN_TIMEOUT`. Default `10000`. */
  tokenTimeout?: number;
  /** Milliseconds before a token's expiry when it is refreshed. Default `min(60000, 20% of its lifetime)`. */
  refreshLeeway?: number;
  /**
   * Decides whether a reply means "this token was rejected". Default: any 401, and a 403 whose
   * error is Cube's `Invalid token` or `Authorization header isn't set`.
   */
  isAuthError?: (response: AuthErrorCandidate) => boolean;
  /** Called with each new token the token function returned. */
  onTokenRefreshed?: (token: string) => void;
  /** Called when a request fails because of authentication (after the one retry), or the token route refused. */
  onAuthFailure?: (error: RequestError | TokenError) => void;
  /** Turn numeric strings of numeric members into numbers in every `load`. Default `false`. */
  castNumerics?: boolean;
  /** Parse date measures into `Date`s in result sets (as the published client). Default `false`. */
  parseDateMeasures?: boolean;
  /**
   * Remember the token across page reloads, so the first request after a reload does not hit the
   * token route while the stored token is valid. Default: memory only. A stored token is readable
   * by any script on the page; use this only where that trade-off is acceptable.
   */
  tokenStorage?: TokenStorageOption;
  /**
   * Share one token refresh between all tabs of this origin that use the same `apiUrl`
   * (`navigator.locks` + `BroadcastChannel`); where those are missing, each tab refreshes alone.
   * Default `false`.
   */
  shareTokenAcrossTabs?: boolean;
  /**
   * Refresh the token ahead of expiry even while no request is made (a timer that never keeps a
   * Node process alive, stops on `clearToken()` and waits while the page is hidden). Default `false`.
   */
  backgroundRefresh?: boolean;
  /** A signal that cancels every request of this client. */
  signal?: AbortSignal;
  /** A source of numbers in [0, 1) for every jitter. Default `Math.random`; set it for reproducible tests. */
  random?: () => number;
  /** The clock, in ms since the epoch. Default `Date.now`; set it for simulations. */
  now?: () => number;
}

/** The older name of {@link CubeApiOptions} in the published client. */
export type CubeJSApiOptions = CubeApiOptions;

/** The options-only form of `cubejs()`, kept from older versions of the published client. */
export interface LegacyCubeApiOptions extends CubeApiOptions {
  /** The token, a token function, or `null` for dev mode; the first argument of the newer form. */
  apiToken?: string | (() => string | Promise<string>) | null;
}

/** Per-call options of `load`, `sql`, `meta`, `dryRun` and `subscribe`. */
export interface LoadMethodOptions {
  /**
   * With `mutexKey`, makes calls supersede each other: when a newer call claims the same key of
   * this object, an older one resolves `null` instead of its result. Used by `@cubejs-client/react`.
   */
  mutexObj?: Record<string, unknown>;
  /** Key inside `mutexObj`. Default `'default'`. */
  mutexKey?: string;
  /** Called on every "Continue wait" reply while the server computes the query. */
  progressCallback?: (result: ProgressResult) => void;
  /** Overrides the client's `castNumerics` for this call. */
  castNumerics?: boolean;
  /** Cancels this call: its HTTP request, its Continue-wait polling, its wait for a token. */
  signal?: AbortSignal;
  /** Prefix of the `x-request-id` header; a random UUID by default. */
  baseRequestId?: string;
  /** Accepted for the published client's type; `subscribe()` is how a call keeps polling here. */
  subscribe?: boolean;
  /** Accepted for the published client's type (its React package reads it); the methods ignore it. */
  cubeApi?: CubeApi;
  /** Cube's cache mode for this query. */
  cache?: 'stale-if-slow' | 'stale-while-revalidate' | 'must-revalidate' | 'no-cache';
  /** `meta` only: ask for views only. */
  onlyViews?: boolean;
}

/** Node-style callback of the callback forms of `load`, `subscribe` and friends. */
export type LoadMethodCallback<T> = (error: Error | null, result?: T) => void;

/** Returned synchronously by `subscribe` and the callback forms. */
export interface Unsubscribe {
  /** Stops polling and cancels the request in flight. */
  unsubscribe(): Promise<void>;
}
