import { useCallback, useSyncExternalStore } from 'react';
import type { ConnectionState, ConnectionStateSource } from '../transport/connectionState';

/**
 * The connection state of a real-time transport (`cube-client/ws`'s `WebSocketTransport`), kept
 * current: `connecting`, `open`, `reconnecting` or `closed`, with the last error, so a live view
 * can say that it is stale instead of going stale silently.
 *
 * @example
 * ```tsx
 * function LiveBadge({ transport }: { transport: WebSocketTransport }) {
 *   const { status, error } = useCubeConnectionState(transport);
 *   return <span title={error?.message}>{status}</span>;
 * }
 * ```
 */
export function useCubeConnectionState(source: ConnectionStateSource): ConnectionState {
  const subscribe = useCallback(
    (listener: () => void) => source.subscribeConnectionState(listener),
    [source],
  );
  const snapshot = useCallback(() => source.getConnectionState(), [source]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
