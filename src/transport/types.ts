/** One HTTP exchange the API client asks a transport for. */
export interface TransportRequest {
  /** The API method, appended to `apiUrl`: `load`, `sql`, `meta`, `dry-run`, `subscribe`, `cubesql`, `graphql`. */
  path: string;
  /** An absolute URL to use instead of `apiUrl/path` (GraphQL lives beside the REST API). */
  url?: string;
  /** Parameters: sent in the query string for GET, as the JSON body for POST. */
  params: Record<string, unknown>;
  /** Forces the HTTP method; otherwise the client's option, or POST only for long URLs. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** The token for the `Authorization` header; none is sent when `undefined`. */
  token?: string;
  /** The value of `x-request-id`. */
  requestId: string;
  /** The caller's signal: aborting it stops this exchange and its retries. */
  signal?: AbortSignal;
  /** Milliseconds one attempt may take, instead of the transport's `fetchTimeout`. */
  timeout?: number;
}

/** A reply whose body was read: `body` is the parsed JSON, `undefined` when `text` is not JSON. */
export interface TransportResponse {
  status: number;
  body: unknown;
  /** The body as received. */
  text: string;
  headers: Headers;
}

/**
 * What the API client needs from its own HTTP transport: one call per HTTP exchange, network
 * faults and transient statuses already retried, the body already read.
 */
export interface Transport {
  /** Performs one exchange (with its retries); rejects with a `RequestError` when no reply arrives. */
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** What a transport of the published client's shape passes for a request that produced no reply. */
export interface ErrorResponse {
  error: string;
}

/**
 * Options of the published client's `HttpTransport`, the shape any transport of that client is
 * built from.
 */
export interface TransportOptions {
  /** The token sent as the `Authorization` header. */
  authorization?: string;
  /** Base URL of the REST API, e.g. `https://cube.example.com/cubejs-api/v1`. */
  apiUrl: string;
  /** Headers sent with every request. */
  headers: Record<string, string>;
  /** `fetch`'s `credentials`. */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Always use this method; by default GET, and POST when the URL would exceed 2,000 characters. */
  method?: 'GET' | 'PUT' | 'POST' | 'PATCH';
  /** Milliseconds one attempt may take. */
  fetchTimeout?: number;
  /** Cancels every request of the transport. */
  signal?: AbortSignal;
}

/**
 * A request of a transport in the published client's shape. `subscribe(callback)` sends it and
 * calls `callback` with the reply and a `next` function that waits for the next reply (a poll
 * again over HTTP, the next pushed message over a WebSocket).
 */
export interface ITransportResponse<R> {
  /** Sends the request; calls `cb` with the reply and a function that waits for the next one. */
  subscribe: <CBResult>(
    cb: (result: R | ErrorResponse, resubscribe: () => Promise<CBResult>) => CBResult,
  ) => Promise<CBResult>;
  /** Stops the request (for transports that push results, the subscription on the server). */
  unsubscribe?: () => Promise<void>;
}

/** A streaming request of a transport in the published client's shape. */
export interface ITransportStreamResponse {
  /** Sends the request; resolves with the body's chunks once the reply's status is known. */
  stream(): Promise<AsyncIterable<Uint8Array>>;
  /** Cancels the request and its body. */
  unsubscribe?: () => Promise<void>;
}

/** Parameters of {@link ITransport.requestStream}. */
export interface ITransportStreamParams<T extends Record<string, unknown> = Record<string, unknown>> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  fetchTimeout?: number;
  baseRequestId?: string;
  signal?: AbortSignal;
  params?: T;
}

/**
 * The `transport` option: any object of the published client's transport shape, such as
 * `@cubejs-client/ws-transport`'s `WebSocketTransport` or a stub written for tests. The client
 * sets the current token on `authorization` before each request.
 */
export interface ITransport<R> {
  /** Prepares the API method `method` (`load`, `meta`, …) with `params`; `subscribe` sends it. */
  request(method: string, params: Record<string, unknown>): ITransportResponse<R>;
  /** Prepares a streaming request (used by `cubeSqlStream`). */
  requestStream?<T extends Record<string, unknown> = Record<string, unknown>>(
    method: string,
    params: ITransportStreamParams<T>,
  ): ITransportStreamResponse;
  authorization: TransportOptions['authorization'];
}

/** The reply `HttpTransport.request()` hands to its callback: the parts of a fetch `Response` clients read. */
export interface HttpTransportReply {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The body as text. */
  text(): Promise<string>;
  /** The body parsed as JSON (rejects when it is not JSON). */
  json(): Promise<unknown>;
}

/**
 * What the client hands to a transport that authenticates a connection of its own (such as a
 * WebSocket, where Cube checks the token once, at the handshake), so that the token rules hold
 * there too: one shared fetch, refresh ahead of `exp`, one refresh after a rejection.
 *
 * A transport that wants it implements `useTokenSource(source)`; the client calls it once, when
 * it is created. Transports without it get the token through their `authorization` property
 * before each request, as in `@cubejs-client/core`.
 */
export interface TransportTokenSource {
  /**
   * A token that is valid now (shared by concurrent callers, refreshed ahead of expiry), or
   * `undefined` in dev mode. Rejects with a `TokenError` when the token function fails.
   */
  getToken(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Reports that the server rejected `token`, and resolves with the token to try next (a fresh
   * one, or a newer one that is already current). Rejects with the error to surface when there is
   * nothing better to try (a static token, dev mode, or the token route failing).
   */
  rejected(token: string | undefined, signal?: AbortSignal): Promise<string | undefined>;
  /**
   * Reports that the server accepted `token` (e.g. a handshake succeeded), as an accepted HTTP
   * reply does: a later rejection of it is then not counted as a fresh token refused, so it is
   * refreshed at once rather than after the rejection backoff.
   */
  accepted?(token: string | undefined): void;
  /** Calls `listener` after `setToken()` or `clearToken()` (another identity, or none); returns the remover. */
  onIdentityChange(listener: () => void): () => void;
}

/** A transport that manages its own authenticated connection (see {@link TransportTokenSource}). */
export interface TokenAwareTransport {
  /** Called once by the client it is given to. */
  useTokenSource(source: TransportTokenSource): void;
}
