import type { FetchFunction } from '../utils/fetchImplementation';
import type { RequestError } from '../errors/RequestError';
import type { TokenError } from '../errors/TokenError';
import type { ProgressResult } from '../core/ProgressResult';
import type { TokenStorageOption } from '../auth/RememberedToken';
import type { ITransport, TransportOptions } from '../transport/types';
import type { CubeApi } from '../core/CubeApi';
import type { CacheMode } from './query';

/** What `isAuthError` sees of a reply. */
export interface AuthErrorCandidate {
  status: number;
  /** The parsed JSON body. */
  body: unknown;
}

/**
 * Options of `cubejs(token, options)`: the one place each option is declared, with its default.
 * The settings of {@link HttpTransport} and {@link TokenProvider} are picked from here. Every
 * value is checked when the client is created; a bad one throws a `TypeError` that names the
 * option.
 */
export interface CubeApiOptions {
  /**
   * Base URL of Cube's REST API, e.g. `'https://cube.example.com/cubejs-api/v1'`, with no query
   * string and no `user:password@`. In a browser, a path such as `'/cubejs-api/v1'` is resolved
   * against the page. Required unless `transport` is given.
   */
  apiUrl?: string;
  /**
   * A transport of the published client's shape to send requests through instead of HTTP, such
   * as `@cubejs-client/ws-transport`'s `WebSocketTransport`. The client sets the current token on
   * its `authorization` before each request (or hands it a token source, see `TokenAwareTransport`).
   * @default an `HttpTransport` built from these options
   */
  transport?: ITransport<unknown>;
  /**
   * The row layout `load` and `subscribe` ask Cube for when the call names none; result sets are
   * the same for every layout, `compact` is smaller on the wire.
   * @default 'default'
   */
  resType?: 'default' | 'compact' | 'columnar';
  /**
   * Headers added to every request. The object is copied; the client never changes it.
   * @default {}
   */
  headers?: Record<string, string>;
  /** `fetch`'s `credentials` mode, e.g. `'include'` for a Cube API behind a cookie session. */
  credentials?: RequestCredentials;
  /**
   * HTTP method for every request.
   * @default GET, or POST when the URL would be over 2,000 characters
   */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /**
   * Seconds between two polls of `subscribe`.
   * @default 5
   */
  pollInterval?: number;
  /**
   * Milliseconds one HTTP attempt may take before it fails with code `TIMEOUT`.
   * @default no limit
   */
  fetchTimeout?: number;
  /**
   * Retries, with jittered exponential backoff, after a network error, a timeout, or a 429, 502,
   * 503 or 504 reply (`Retry-After` honoured).
   * @default 2
   */
  networkErrorRetries?: number;
  /**
   * A `fetch` implementation to use.
   * @default the global `fetch`, else `cross-fetch`
   */
  fetch?: FetchFunction;
  /**
   * Milliseconds the token function may take before it fails with `TOKEN_TIMEOUT`.
   * @default 10000
   */
  tokenTimeout?: number;
  /**
   * Milliseconds before a token's expiry when it is refreshed.
   * @default min(60000, 20% of the token's lifetime)
   */
  refreshLeeway?: number;
  /**
   * Decides whether a reply means "this token was rejected".
   * @default any 401, and a 403 whose error is Cube's `Invalid token` or `Authorization header isn't set`
   */
  isAuthError?: (response: AuthErrorCandidate) => boolean;
  /** Called with each token the token function returned that differs from the previous one. */
  onTokenRefreshed?: (token: string) => void;
  /** Called when a request fails because of authentication (after the one retry), or the token route refused. */
  onAuthFailure?: (error: RequestError | TokenError) => void;
  /**
   * Turn numeric strings of numeric members into numbers in every `load`.
   * @default false
   */
  castNumerics?: boolean;
  /**
   * Parse date measures into `Date`s in result sets (as the published client).
   * @default false
   */
  parseDateMeasures?: boolean;
  /**
   * Remember the token across page reloads, so the first request after a reload does not hit the
   * token route while the stored token is valid. A stored token is readable by any script on the
   * page; use this only where that trade-off is acceptable.
   * @default memory only
   */
  tokenStorage?: TokenStorageOption;
  /**
   * Share one token refresh between all tabs of this origin that use the same `apiUrl`
   * (`navigator.locks` + `BroadcastChannel`); where those are missing, each tab refreshes alone.
   * @default false
   */
  shareTokenAcrossTabs?: boolean;
  /**
   * Refresh the token ahead of expiry even while no request is made (a timer that never keeps a
   * Node process alive, stops on `clearToken()` and waits while the page is hidden).
   * @default false
   */
  backgroundRefresh?: boolean;
  /** An `AbortSignal` that cancels every request of this client. */
  signal?: AbortSignal;
  /**
   * A source of numbers in [0, 1) for every jitter; set it for reproducible tests.
   * @default Math.random
   */
  random?: () => number;
  /**
   * The clock, in ms since the epoch; set it for simulations.
   * @default Date.now
   */
  now?: () => number;
}

/** The older name of {@link CubeApiOptions} in the published client. */
export type CubeJSApiOptions = CubeApiOptions;

/**
 * The defaults of the options that have a fixed value, in one place (the others are computed:
 * see each option's `@default`).
 */
export const OPTION_DEFAULTS = {
  pollInterval: 5,
  networkErrorRetries: 2,
  tokenTimeout: 10_000,
} as const satisfies Partial<CubeApiOptions>;

/**
 * Settings of an `HttpTransport`: the client's options that concern HTTP, plus the published
 * transport's `authorization` (the token its published-shape `request()` sends).
 */
export type HttpTransportOptions = Required<Pick<CubeApiOptions, 'apiUrl'>> &
  Pick<
    CubeApiOptions,
    | 'headers'
    | 'credentials'
    | 'method'
    | 'fetchTimeout'
    | 'networkErrorRetries'
    | 'fetch'
    | 'random'
    | 'signal'
  > &
  Pick<TransportOptions, 'authorization'>;

/** Settings of a `TokenProvider`: the client's token options, plus what the client derives for it. */
export interface TokenProviderOptions extends Pick<
  CubeApiOptions,
  'tokenTimeout' | 'refreshLeeway' | 'onTokenRefreshed' | 'now' | 'random' | 'backgroundRefresh'
> {
  /**
   * Remember the token across page reloads in `storage`, for `apiUrl` (the client passes its
   * `tokenStorage` and `apiUrl` when `tokenStorage` is set).
   * @default memory only
   */
  remembered?: { storage: TokenStorageOption; apiUrl: string };
  /**
   * Share one refresh between the tabs of this origin, keyed by this string (the client passes
   * its `apiUrl` when `shareTokenAcrossTabs` is set).
   * @default each tab refreshes on its own
   */
  shareAcrossTabsKey?: string;
}

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
  cache?: CacheMode;
  /** `meta` only: ask for views only. */
  onlyViews?: boolean;
}

/** Node-style callback of the callback forms of `load`, `subscribe` and friends. */
export type LoadMethodCallback<T> = (error: Error | null, resultSet: T) => void;

/** Returned synchronously by `subscribe` and the callback forms. */
export interface Unsubscribe {
  /** Stops polling and cancels the request in flight. */
  unsubscribe(): Promise<void>;
}
