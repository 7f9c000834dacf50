import { CubeClientError } from '../errors/CubeClientError';
import { abortedRequest, RequestError } from '../errors/RequestError';
import type {
  ErrorResponse,
  ITransport,
  ITransportResponse,
  Transport,
  TransportRequest,
  TransportResponse,
} from '../transport/types';
import { abortable } from '../utils/timers';
import { parseJson } from '../utils/parseJson';

/** What one API method asks of the network. */
export type Call = Pick<TransportRequest, 'path' | 'params' | 'url' | 'method' | 'timeout'>;

/**
 * The replies of one logical request: each `reply(token)` is the next one. Over our HTTP
 * transport every reply is a new exchange (the next `-span-` of the request id); over a transport
 * of the published shape it is the next reply of one `request()`, so a WebSocket subscription
 * keeps its server-side subscription between results.
 */
export interface Channel {
  reply(token: string | undefined): Promise<TransportResponse>;
  /** Whether replies arrive by themselves (a pushing transport), so `subscribe` need not poll. */
  readonly pushes: boolean;
  /** Ends the request (unsubscribes it where the transport can). */
  close(): void;
}

/** A channel over the client's own promise-based transport. */
export function httpChannel(
  transport: Transport,
  call: Call,
  requestId: string,
  signal?: AbortSignal,
): Channel {
  let span = 0;
  return {
    pushes: false,
    reply: (token) => transport.send({ ...call, token, signal, requestId: `${requestId}-span-${++span}` }),
    close: () => {},
  };
}

type Reply = {
  status?: unknown;
  text?: () => Promise<string>;
  headers?: unknown;
  failure?: unknown;
} & Partial<ErrorResponse>;

const NO_REPLY_CODES = { timeout: 'TIMEOUT', aborted: 'ABORTED' } as const;

/** A reply of a published-shape transport as our own: read once, `{ error }` as the error it stands for. */
async function readReply(reply: Reply, path: string): Promise<TransportResponse> {
  // The transport's own typed failure (e.g. the WebSocket's AUTH_FAILED) is the error to surface.
  if (reply?.failure instanceof CubeClientError) throw reply.failure;
  if (typeof reply?.status !== 'number' || typeof reply.text !== 'function') {
    const said = reply?.error ?? 'no reply';
    const code = NO_REPLY_CODES[said as keyof typeof NO_REPLY_CODES] ?? 'NETWORK_ERROR';
    throw new RequestError(code, `The transport gave no reply to ${path}: ${said}`);
  }
  const text = await reply.text();
  const headers = reply.headers instanceof Headers ? reply.headers : new Headers();
  return { status: reply.status, text, body: parseJson(text), headers };
}

/** Where a published-shape request stands: its token, and how to ask for its next reply. */
interface Subscription {
  token: string | undefined;
  request: ITransportResponse<unknown>;
  next?: () => Promise<unknown>;
  waiting?: (reply: Reply) => void;
}

/**
 * A channel over a transport of the published client's shape. The token is set on
 * `transport.authorization` (only when it changed: a WebSocket transport reconnects on every
 * assignment) and a new `request()` starts whenever the token differs from the one the current
 * request was sent with; otherwise the next reply is the one `next()` brings.
 */
export function foreignChannel(
  transport: ITransport<unknown>,
  call: Call,
  params: Record<string, unknown>,
  options: { signal?: AbortSignal; setsAuthorization: boolean },
): Channel {
  let current: Subscription | undefined;
  const close = () => void current?.request.unsubscribe?.().catch(() => undefined);
  const start = (token: string | undefined): Subscription => {
    close();
    if (options.setsAuthorization && transport.authorization !== token) transport.authorization = token;
    const subscription: Subscription = { token, request: transport.request(call.path, params) };
    return (current = subscription);
  };
  const receive = (subscription: Subscription): Promise<Reply> =>
    new Promise<Reply>((resolve, reject) => {
      subscription.waiting = resolve;
      const onReply = (reply: unknown, next: () => Promise<unknown>) => {
        subscription.next = next;
        subscription.waiting?.(reply as Reply);
      };
      const sent = subscription.next ? subscription.next() : subscription.request.subscribe(onReply);
      sent.catch(reject);
    });
  return {
    get pushes() {
      return typeof current?.request.unsubscribe === 'function';
    },
    async reply(token) {
      const subscription = current && current.token === token && current.next ? current : start(token);
      const reply = await abortable(receive(subscription), options.signal).catch((error: unknown) => {
        throw options.signal?.aborted ? abortedRequest(options.signal.reason) : error;
      });
      return readReply(reply, call.path);
    },
    close,
  };
}
