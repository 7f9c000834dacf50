import { CubeClientError } from '../errors/CubeClientError';
import { abortedRequest, RequestError } from '../errors/RequestError';
import type { TokenError } from '../errors/TokenError';
import type { ConnectionState, ConnectionStateSource, ConnectionStatus } from '../transport/connectionState';
import type { TokenAwareTransport, TransportTokenSource } from '../transport/types';
import { Listeners } from '../utils/Listeners';
import { startTimer } from '../utils/timers';
import { isContinueWait, parseFrame, requestFrame, type RequestFrame, type ServerFrame } from './protocol';
import { reconnectDelay } from './reconnectDelay';
import { WebSocketResult } from './WebSocketResult';

/** The parts of a WebSocket this transport uses: the browser's `WebSocket` and the `ws` package both fit. */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Called once the connection is open. */
  onopen: ((event: unknown) => void) | null;
  /** Called with each frame from the server (`data` is its text). */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called once the connection is closed, whoever closed it. */
  onclose: ((event: unknown) => void) | null;
  /** Called when the connection fails. */
  onerror: ((event: unknown) => void) | null;
  /** Sends one text frame. */
  send(data: string): void;
  /** Closes the connection. */
  close(code?: number, reason?: string): void;
}

/** A `WebSocket` constructor, such as the global one or `ws`'s default export. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Options of {@link WebSocketTransport}. */
export interface WebSocketTransportOptions {
  /** Cube's WebSocket address, e.g. `'wss://cube.example.com/'` (`http(s)://` is read as `ws(s)://`). Required. */
  apiUrl: string;
  /**
   * The token, when no cube-client `CubeApi` hands this transport its token rules (for example
   * with the published `@cubejs-client/core`, which sets `authorization` before each request).
   * @default undefined
   */
  authorization?: string;
  /**
   * The `WebSocket` constructor, for runtimes without a global one (Node 20: the `ws` package).
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructor;
  /**
   * Seconds between two re-sends of the live subscriptions (Cube forgets a subscription it has
   * not seen for four of its own 60-second heartbeats). A connection that answers none of them
   * within one interval is considered dead and replaced.
   * @default 60
   */
  heartBeatInterval?: number;
  /** Milliseconds of the first reconnect window (see `reconnectDelay`); it doubles per failed attempt. @default 6000 */
  reconnectDelay?: number;
  /** Milliseconds the reconnect window grows to at most. @default 30000 */
  maxReconnectDelay?: number;
  /** Milliseconds the socket stays open after the last subscription or request ended. @default 1000 */
  idleTimeout?: number;
  /** A source of numbers in [0, 1) for the reconnect jitter. @default Math.random */
  random?: () => number;
}

/** What `request(...).subscribe(callback)` calls for each reply, as in `@cubejs-client/core`'s transport contract. */
export type WebSocketReplyCallback<T> = (reply: WebSocketResult, next: () => Promise<T>) => T | Promise<T>;

/** One request or subscription of {@link WebSocketTransport.request}. */
export interface WebSocketRequest {
  /** Sends the request (once), waits for its next reply and calls `callback` with it. */
  subscribe<T>(callback: WebSocketReplyCallback<T>): Promise<T>;
  /** Ends it: the server is told at once, also from inside the callback. */
  unsubscribe(): Promise<void>;
}

/** A request or subscription the transport knows about. */
interface Entry {
  readonly frame: RequestFrame;
  readonly subscription: boolean;
  /** The socket the frame was last sent on; a new socket, or a new identity, means send again. */
  sentOn?: WebSocketLike;
  /** A request that already lived through one lost connection fails on the next. */
  retried: boolean;
  /** A request answered "Continue wait": it is sent again when the client asks for the next reply. */
  resend: boolean;
  /** The newest reply nobody has taken yet (only the newest result of a subscription matters). */
  pending?: WebSocketResult;
  waiter?: (reply: WebSocketResult) => void;
}

type Phase = 'idle' | 'connecting' | 'authenticating' | 'open' | 'waiting' | 'failed';

/** Cube accepts any non-empty `authorization` in dev mode and needs one frame before any request. */
const DEV_MODE_AUTHORIZATION = 'dev-mode';
const OPEN = 1;
const CLOSED_STATE: ConnectionState = Object.freeze({ status: 'closed' });
const never = new Promise<never>(() => undefined);

/**
 * Cube's real-time API over one WebSocket, under the same token rules as the HTTP client:
 * a token that is valid now for each (re)connection, one refresh after a rejected handshake, then
 * a typed `AUTH_FAILED` and silence; reconnects with jittered, growing backoff that re-send every
 * live subscription; the socket closes once nothing is live, so a Node process exits on its own.
 *
 * It speaks `@cubejs-client/core`'s transport contract (`request(method, params)`, a settable
 * `authorization`), so it also works as the published client's `transport`.
 *
 * @example
 * ```ts
 * import cubejs from 'cube-client';
 * import { WebSocketTransport } from 'cube-client/ws';
 *
 * const transport = new WebSocketTransport({ apiUrl: 'wss://cube.example.com/' });
 * const cubeApi = cubejs(() => fetchToken(), { apiUrl: 'https://cube.example.com/cubejs-api/v1', transport });
 * cubeApi.subscribe({ measures: ['Orders.count'] }, {}, (error, resultSet) => render(error, resultSet));
 * transport.subscribeConnectionState(() => showStatus(transport.getConnectionState().status));
 * ```
 */
export class WebSocketTransport implements TokenAwareTransport, ConnectionStateSource {
  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #heartbeatMs: number;
  readonly #reconnectMs: number;
  readonly #maxReconnectMs: number;
  readonly #idleMs: number;
  readonly #random: () => number;
  readonly #entries = new Map<number, Entry>();
  readonly #listeners = new Listeners();
  #authorization: string | undefined;
  #tokens: TransportTokenSource;
  #messageId = 0;
  #phase: Phase = 'idle';
  /** Bumped whenever the connection is replaced or given up: late async steps of the old one stop. */
  #generation = 0;
  #socket: WebSocketLike | undefined;
  #token: string | undefined;
  #rejections = 0;
  #attempt = 0;
  #awaitingReply = false;
  #state: ConnectionState = CLOSED_STATE;
  #stopTimer: () => void = () => undefined;
  #idleTimer: (() => void) | undefined;

  constructor(options: WebSocketTransportOptions) {
    const WebSocketClass =
      options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass) {
      throw new TypeError('WebSocketTransport: no global WebSocket here; pass one as the `WebSocket` option');
    }
    this.#url = options.apiUrl.replace(/^http/, 'ws');
    this.#WebSocket = WebSocketClass;
    this.#authorization = options.authorization;
    this.#heartbeatMs = (options.heartBeatInterval ?? 60) * 1000;
    this.#reconnectMs = options.reconnectDelay ?? 6000;
    this.#maxReconnectMs = options.maxReconnectDelay ?? 30_000;
    this.#idleMs = options.idleTimeout ?? 1000;
    this.#random = options.random ?? Math.random;
    this.#tokens = this.#ownTokens();
  }

  /** The token used for the next handshake when no token source was given; setting it never reconnects. */
  get authorization(): string | undefined {
    return this.#authorization;
  }

  /** Replaces the token for the next handshake; the open connection stays as it is. */
  set authorization(token: string | undefined) {
    this.#authorization = token;
  }

  /** Called by cube-client's `CubeApi`: from then on tokens come from its `TokenProvider`. */
  useTokenSource(source: TransportTokenSource): void {
    this.#tokens = source;
    source.onIdentityChange(() => void this.#reauthenticate());
  }

  /** Where the connection stands; the same object until it changes. */
  getConnectionState(): ConnectionState {
    return this.#state;
  }

  /** Calls `listener` after each change of {@link WebSocketTransport.getConnectionState}; returns the remover. */
  subscribeConnectionState(listener: () => void): () => void {
    return this.#listeners.subscribe(listener);
  }

  /**
   * A request (`load`, `sql`, `dry-run`, `meta`) or a subscription (`subscribe`). Nothing is sent
   * before `subscribe(callback)`; only the parameters Cube reads for `method` are sent.
   */
  request(method: string, params: Record<string, unknown> = {}): WebSocketRequest {
    const entry: Entry = {
      frame: requestFrame(++this.#messageId, method, params),
      subscription: method === 'subscribe',
      retried: false,
      resend: false,
    };
    const { signal } = params;
    if (signal instanceof AbortSignal) {
      signal.addEventListener('abort', () => this.#fail(entry, abortedRequest(signal.reason)), {
        once: true,
      });
    }
    const handle: WebSocketRequest = {
      subscribe: async <T>(callback: WebSocketReplyCallback<T>): Promise<T> => {
        const reply = await this.#nextReply(entry);
        return callback(reply, () => handle.subscribe(callback));
      },
      unsubscribe: () => {
        this.#end(entry);
        return Promise.resolve();
      },
    };
    return handle;
  }

  /**
   * Ends everything: the socket closes, subscriptions stop without another callback, requests
   * still waiting get a `RequestError` with code `ABORTED`. A later request opens a new connection.
   */
  close(): Promise<void> {
    for (const entry of [...this.#entries.values()]) {
      if (entry.subscription) this.#entries.delete(entry.frame.messageId);
      else this.#fail(entry, new RequestError('ABORTED', 'The WebSocket transport was closed'));
    }
    this.#disconnect('idle');
    this.#setState('closed');
    return Promise.resolve();
  }

  #ownTokens(): TransportTokenSource {
    return {
      getToken: () => Promise.resolve(this.#authorization),
      // Without a token function there is nothing fresher to try, unless someone set a new token.
      rejected: (token) =>
        this.#authorization !== token
          ? Promise.resolve(this.#authorization)
          : Promise.reject(new Error('no other token to try')),
      onIdentityChange: () => () => undefined,
    };
  }

  #nextReply(entry: Entry): Promise<WebSocketResult> {
    const { pending } = entry;
    if (pending) {
      entry.pending = undefined;
      return Promise.resolve(pending);
    }
    const id = entry.frame.messageId;
    if (!this.#entries.has(id)) {
      if (entry.sentOn || entry.retried) return never; // ended: silence, as promised
      this.#entries.set(id, entry);
      this.#stopIdleClose();
      this.#sendOrConnect(entry);
    } else if (entry.resend) {
      this.#sendOrConnect(entry);
    }
    return new Promise((resolve) => (entry.waiter = resolve));
  }

  #sendOrConnect(entry: Entry): void {
    if (this.#phase === 'open') this.#send(entry);
    else if (this.#phase === 'idle' || this.#phase === 'failed') void this.#connect('connecting');
  }

  #send(entry: Entry): void {
    entry.sentOn = this.#socket;
    entry.resend = false;
    this.#write(entry.frame);
  }

  #write(frame: object): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify(frame));
  }

  /** Removes an entry; the server hears of a subscription's end at once. */
  #end(entry: Entry): void {
    const id = entry.frame.messageId;
    entry.waiter = undefined;
    entry.retried = true; // an ended entry is never registered again
    if (!this.#entries.delete(id)) return;
    if (entry.subscription && entry.sentOn === this.#socket) this.#write({ unsubscribe: id });
    this.#closeWhenIdle();
  }

  /** Hands `reply` to whoever waits for it; a final reply of a request ends the request. */
  #deliver(entry: Entry, reply: WebSocketResult): void {
    const { waiter } = entry;
    entry.waiter = undefined;
    if (!entry.subscription) {
      if (!reply.failure && isContinueWait(reply.body)) entry.resend = true;
      else this.#end(entry);
    }
    if (waiter) waiter(reply);
    else entry.pending = reply;
  }

  #fail(entry: Entry, error: CubeClientError): void {
    if (!this.#entries.has(entry.frame.messageId) && !entry.waiter) return;
    this.#deliver(entry, failureReply(error));
    if (entry.subscription) this.#end(entry);
  }

  async #connect(status: ConnectionStatus): Promise<void> {
    this.#disconnect('connecting');
    const generation = this.#generation;
    this.#setState(status, status === 'reconnecting' ? this.#state.error : undefined);
    let token: string | undefined;
    try {
      token = await this.#tokens.getToken();
    } catch (error) {
      if (generation !== this.#generation) return;
      const failure = asClientError(error);
      // Live subscriptions outlast a token route that is down for a moment (it often restarts
      // with Cube): the next attempt follows the reconnect schedule. A logout is final.
      if (status === 'reconnecting' && isPassing(failure)) return this.#tokenUnavailable(failure);
      return this.#giveUp(failure);
    }
    if (generation !== this.#generation) return;
    this.#token = token;
    this.#open();
  }

  /** No token for a reconnect: waiting requests hear why; subscriptions wait for the next attempt. */
  #tokenUnavailable(error: CubeClientError): void {
    this.#disconnect('waiting');
    for (const entry of [...this.#entries.values()]) if (!entry.subscription) this.#fail(entry, error);
    this.#waitToReconnect(error, (error as Partial<TokenError>).retryAfter ?? 0);
  }

  #open(): void {
    const socket = new this.#WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#phase = 'authenticating';
      this.#rejections = 0;
      this.#write({ authorization: this.#token ?? DEV_MODE_AUTHORIZATION });
    };
    socket.onmessage = (event) => {
      const frame = parseFrame(event.data);
      if (frame && socket === this.#socket) this.#onFrame(frame);
    };
    socket.onclose = socket.onerror = () => {
      if (socket === this.#socket) this.#onDrop();
    };
    this.#startHeartbeat();
  }

  #onFrame(frame: ServerFrame): void {
    this.#awaitingReply = false;
    if (frame.handshake) return this.#onHandshake();
    if (frame.messageProcessedId !== undefined) return;
    if (frame.messageId === undefined) {
      // The only reply without a messageId is the answer to an `authorization` frame.
      if (this.#phase === 'authenticating') void this.#onRejected(frame);
      return;
    }
    const entry = this.#entries.get(frame.messageId);
    if (entry) this.#deliver(entry, new WebSocketResult(frame.status ?? 200, frame.message));
  }

  #onHandshake(): void {
    this.#tokens.accepted?.(this.#token);
    this.#phase = 'open';
    this.#attempt = 0;
    this.#rejections = 0;
    this.#setState('open');
    for (const entry of this.#entries.values()) if (entry.sentOn !== this.#socket) this.#send(entry);
    this.#closeWhenIdle();
  }

  /** A rejected handshake: one new token and one new handshake on the same socket, then `AUTH_FAILED`. */
  async #onRejected(frame: ServerFrame): Promise<void> {
    const generation = this.#generation;
    const body = frame.message;
    const text = (body as { error?: unknown } | null)?.error;
    const authFailed = new RequestError(
      'AUTH_FAILED',
      `The Cube server rejected the token: ${typeof text === 'string' ? text : 'handshake refused'}`,
      { status: frame.status ?? 403, response: body },
    );
    if (this.#rejections++ > 0) return this.#giveUp(authFailed);
    try {
      this.#token = await this.#tokens.rejected(this.#token);
    } catch (error) {
      // A typed error of the token source (a failing token route, dev mode) says more than ours.
      if (generation === this.#generation)
        this.#giveUp(error instanceof CubeClientError ? (error as CubeClientError) : authFailed);
      return;
    }
    if (generation !== this.#generation) return;
    this.#write({ authorization: this.#token ?? DEV_MODE_AUTHORIZATION });
  }

  /** After `setToken()`/`clearToken()`: authenticate the open socket again, or wake parked subscriptions. */
  async #reauthenticate(): Promise<void> {
    if (this.#phase === 'failed' && this.#entries.size > 0) return this.#connect('connecting');
    if (this.#phase !== 'open' && this.#phase !== 'authenticating') return;
    const generation = ++this.#generation;
    this.#phase = 'authenticating';
    this.#rejections = 0;
    try {
      this.#token = await this.#tokens.getToken();
    } catch (error) {
      if (generation === this.#generation) this.#giveUp(asClientError(error));
      return;
    }
    if (generation === this.#generation)
      this.#write({ authorization: this.#token ?? DEV_MODE_AUTHORIZATION });
  }

  /** The socket dropped (or never opened): requests get one more life, subscriptions wait for the reconnect. */
  #onDrop(): void {
    const error = new RequestError('NETWORK_ERROR', 'The WebSocket connection to Cube was lost');
    this.#disconnect('waiting');
    for (const entry of [...this.#entries.values()]) {
      if (entry.subscription) continue;
      if (entry.retried) this.#fail(entry, error);
      else entry.retried = true;
    }
    this.#waitToReconnect(error);
  }

  /** The next connection attempt after the reconnect pause (at least `atLeast` ms), or closed when nothing is live. */
  #waitToReconnect(error: CubeClientError, atLeast = 0): void {
    if (this.#entries.size === 0) {
      this.#disconnect('idle');
      return this.#setState('closed', error);
    }
    this.#setState('reconnecting', error);
    const pause = reconnectDelay(this.#attempt++, this.#reconnectMs, this.#maxReconnectMs, this.#random);
    // Kept alive: live subscriptions are waiting for this reconnect.
    this.#stopTimer = startTimer(() => void this.#connect('reconnecting'), Math.max(pause, atLeast));
  }

  /** Stops trying: everyone waiting hears `error` once; subscriptions stay parked until a new identity or request. */
  #giveUp(error: CubeClientError): void {
    this.#disconnect('failed');
    this.#setState('closed', error);
    for (const entry of [...this.#entries.values()]) {
      if (entry.subscription) this.#deliver(entry, failureReply(error));
      else this.#fail(entry, error);
    }
  }

  /** Closes the socket (if any) and stops every timer; the old connection's late events are ignored. */
  #disconnect(phase: Phase): void {
    this.#generation += 1;
    this.#phase = phase;
    this.#stopTimer();
    this.#stopTimer = () => undefined;
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Node's `ws` throws an 'error' event nobody listens to (a connect refused after close()), so a
    // listener that ignores it stays for the socket's last moments.
    socket.onerror = () => undefined;
    // A socket still connecting cannot be closed in every runtime without an error event; once it
    // opens, the handlers above are gone and nothing listens, so close it then.
    if (socket.readyState === 0) socket.onopen = () => socket.close(1000);
    else socket.close(1000);
  }

  /**
   * Every heartbeat: re-send live subscriptions so the server keeps them; a connection that did not
   * answer the previous heartbeat (or never got past its handshake) is replaced.
   */
  #startHeartbeat(): void {
    const tick = () => {
      if (this.#phase !== 'open' || this.#awaitingReply) return this.#onDrop();
      const live = [...this.#entries.values()].filter((entry) => entry.subscription);
      this.#awaitingReply = live.length > 0;
      for (const entry of live) this.#send(entry);
      this.#stopTimer = startTimer(tick, this.#heartbeatMs);
    };
    this.#stopTimer = startTimer(tick, this.#heartbeatMs);
  }

  #closeWhenIdle(): void {
    if (this.#entries.size > 0 || this.#phase === 'idle' || this.#phase === 'failed') return;
    if (this.#phase === 'waiting') return this.#disconnect('idle');
    const socket = this.#socket;
    this.#idleTimer?.();
    this.#idleTimer = startTimer(() => {
      if (this.#entries.size === 0 && socket === this.#socket) {
        this.#disconnect('idle');
        this.#setState('closed');
      }
    }, this.#idleMs);
  }

  #stopIdleClose(): void {
    this.#idleTimer?.();
    this.#idleTimer = undefined;
  }

  #setState(status: ConnectionStatus, error?: Error): void {
    if (this.#state.status === status && this.#state.error === error) return;
    this.#state = Object.freeze(error ? { status, error } : { status });
    this.#listeners.notify();
  }
}

/** A token failure that may pass by itself: the route failing or slow, or a rejection backoff; not a logout. */
function isPassing(error: CubeClientError): boolean {
  const { code } = error as TokenError | RequestError;
  return (
    code === 'TOKEN_FETCH_FAILED' ||
    code === 'TOKEN_TIMEOUT' ||
    code === 'TOKEN_REJECTED' ||
    code === 'NETWORK_ERROR'
  );
}

function asClientError(error: unknown): CubeClientError {
  return error instanceof CubeClientError
    ? (error as CubeClientError)
    : new RequestError('NETWORK_ERROR', 'Could not get a token for the WebSocket connection', {
        cause: error,
      });
}

/** The reply that carries a failure of the transport itself. */
function failureReply(error: CubeClientError): WebSocketResult {
  return new WebSocketResult(
    error instanceof RequestError ? error.status : 0,
    { error: error.message },
    error,
  );
}
