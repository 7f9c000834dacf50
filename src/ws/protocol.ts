/**
 * Cube's WebSocket protocol as its `SubscriptionServer` speaks it (Cube 0.33 and later):
 * - the client opens with `{ authorization }` and gets `{ handshake: true }`, or a rejection with
 *   no `messageId`, on a socket that stays open for another `{ authorization }` frame;
 * - requests are `{ messageId, requestId, method, params }`; replies are
 *   `{ messageId, message, status }` (Continue wait included) and, once a request is processed,
 *   `{ messageProcessedId }`;
 * - `{ unsubscribe: messageId }` ends a subscription (no reply).
 */

/** The parameters the server reads per method; it drops every other key, so we never send them. */
export const SERVER_PARAMS: Readonly<Record<string, readonly string[]>> = {
  load: ['query', 'queryType'],
  subscribe: ['query', 'queryType'],
  sql: ['query'],
  'dry-run': ['query'],
  meta: [],
};

/** A request frame. */
export interface RequestFrame {
  messageId: number;
  requestId?: string;
  method: string;
  params: Record<string, unknown>;
}

/** Any frame the server sends, with the fields this client reads. */
export interface ServerFrame {
  handshake?: boolean;
  messageId?: number;
  messageProcessedId?: number;
  message?: unknown;
  status?: number;
}

/** The request frame of `method`, with only the parameters the server reads. */
export function requestFrame(
  messageId: number,
  method: string,
  params: Record<string, unknown>,
): RequestFrame {
  const { baseRequestId } = params;
  const keys = SERVER_PARAMS[method] ?? Object.keys(params).filter((key) => !TRANSPORT_ONLY.has(key));
  const sent: Record<string, unknown> = {};
  for (const key of keys) if (params[key] !== undefined) sent[key] = params[key];
  return {
    messageId,
    requestId: typeof baseRequestId === 'string' ? baseRequestId : undefined,
    method,
    params: sent,
  };
}

/** Parameters that configure the HTTP transport and mean nothing to the server. */
const TRANSPORT_ONLY = new Set(['baseRequestId', 'signal', 'method', 'fetchTimeout', 'cache']);

/** Parses one frame; `undefined` for anything that is not a JSON object. */
export function parseFrame(data: unknown): ServerFrame | undefined {
  try {
    const parsed: unknown = JSON.parse(typeof data === 'string' ? data : String(data));
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a reply is Cube's "still running, ask again". */
export function isContinueWait(body: unknown): boolean {
  return (body as { error?: unknown } | null)?.error === 'Continue wait';
}
