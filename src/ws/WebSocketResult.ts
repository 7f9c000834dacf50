import type { CubeClientError } from '../errors/CubeClientError';

/**
 * One reply that arrived over the WebSocket, in the shape clients read from a fetch `Response`
 * (`status`, `ok`, `json()`, `text()`), so the published `@cubejs-client/core` and cube-client
 * read it the same way they read an HTTP reply.
 */
export class WebSocketResult {
  /** The status Cube sent with the message (200 for data and for "Continue wait"). */
  readonly status: number;
  /** The message body as Cube sent it. */
  readonly body: unknown;
  /**
   * Set when the transport itself produced this reply instead of the server (the token was
   * rejected twice, the connection could not be restored, `close()`): the typed error a client
   * should surface as it is. Not named `error`, which clients read as the server's error text.
   */
  readonly failure?: CubeClientError;

  constructor(status: number, body: unknown, failure?: CubeClientError) {
    this.status = status;
    this.body = body;
    if (failure) this.failure = failure;
  }

  /** Whether the status is 2xx. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The body; it is already parsed. */
  json(): Promise<unknown> {
    return Promise.resolve(this.body);
  }

  /** The body as JSON text. */
  text(): Promise<string> {
    return Promise.resolve(typeof this.body === 'string' ? this.body : JSON.stringify(this.body));
  }

  /** This reply: nothing in it is consumed by reading. */
  clone(): this {
    return this;
  }
}
