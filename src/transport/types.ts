/** One HTTP exchange the API client asks a transport for. */
export interface TransportRequest {
  /** The API method, appended to `apiUrl`: `load`, `sql`, `meta`, `dry-run`, `subscribe`, `graphql`. */
  path: string;
  /** An absolute URL to use instead of `apiUrl/path` (GraphQL lives beside the REST API). */
  url?: string;
  /** Parameters: sent in the query string for GET, as the JSON body for POST. */
  params: Record<string, unknown>;
  /** Forces the HTTP method; otherwise the client's option, or POST only for long URLs. */
  method?: 'GET' | 'POST';
  /** The token for the `Authorization` header; none is sent when `undefined`. */
  token?: string;
  /** The value of `x-request-id`. */
  requestId: string;
  /** The caller's signal: aborting it stops this exchange and its retries. */
  signal?: AbortSignal;
}

/** A reply whose body was read and parsed as JSON. */
export interface TransportResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * What the API client needs from the network: one call per HTTP exchange, network faults and
 * transient statuses already retried, the body already parsed.
 */
export interface Transport {
  /** Performs one exchange (with its retries); rejects with a `RequestError` when no reply arrives. */
  request(request: TransportRequest): Promise<TransportResponse>;
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
  /** Calls `listener` after `setToken()` or `clearToken()` (another identity, or none); returns the remover. */
  onIdentityChange(listener: () => void): () => void;
}

/** A transport that manages its own authenticated connection (see {@link TransportTokenSource}). */
export interface TokenAwareTransport {
  /** Called once by the client it is given to. */
  useTokenSource(source: TransportTokenSource): void;
}
