/**
 * `cube-client/ws`: Cube's real-time API over a WebSocket, as a `transport` for `cubejs()` (or for
 * the published `@cubejs-client/core`). A subpath of its own, so `import cubejs from 'cube-client'`
 * carries none of it.
 *
 * @example
 * ```ts
 * import cubejs from 'cube-client';
 * import { WebSocketTransport } from 'cube-client/ws';
 *
 * const cubeApi = cubejs(() => fetchToken(), {
 *   apiUrl: 'https://cube.example.com/cubejs-api/v1',
 *   transport: new WebSocketTransport({ apiUrl: 'wss://cube.example.com/' }),
 * });
 * ```
 * @packageDocumentation
 */
export {
  WebSocketTransport,
  type WebSocketTransportOptions,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketRequest,
  type WebSocketReplyCallback,
} from './WebSocketTransport';
export { WebSocketResult } from './WebSocketResult';
export type { ConnectionState, ConnectionStatus, ConnectionStateSource } from '../transport/connectionState';
