/**
 * Where a transport's connection stands, for a UI that must not go stale silently:
 * - `connecting`: the first connection (or the first after `close()` or an identity change) is being opened;
 * - `open`: connected and authenticated; pushed results arrive;
 * - `reconnecting`: the connection dropped while subscriptions were live; the next attempt waits
 *   for its backoff (see `error` for why it dropped);
 * - `closed`: nothing to do (no live subscription), `close()` was called, or the transport gave up
 *   (see `error`: for example `AUTH_FAILED`).
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One snapshot of a connection; the same object until something changes (for `useSyncExternalStore`). */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** The last error: why the connection dropped or was given up; cleared once it is open again. */
  readonly error?: Error;
}

/** Anything with an observable connection state, such as `cube-client/ws`'s `WebSocketTransport`. */
export interface ConnectionStateSource {
  /** The current snapshot. */
  getConnectionState(): ConnectionState;
  /** Calls `listener` after each change of the snapshot; returns the remover. */
  subscribeConnectionState(listener: () => void): () => void;
}
