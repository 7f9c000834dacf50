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
