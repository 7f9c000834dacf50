/**
 * Opt-in sharing of one token refresh between the tabs of one origin (`shareTokenAcrossTabs`).
 *
 * The tab that needs a new token takes a Web Lock named after `apiUrl`; while it holds the lock it
 * calls its token function and broadcasts the result on a `BroadcastChannel`. Tabs that wanted a
 * token meanwhile queue on the same lock and, once inside, find the token that was just broadcast,
 * so the token route sees one request for all of them. Without `navigator.locks` or
 * `BroadcastChannel`, each tab refreshes on its own.
 */

import type { sleep } from '../utils/timers';

/** How long the refreshing tab keeps the lock after broadcasting its token. */
const HANDOFF_MS = 50;
const MESSAGE_TYPE = 'cube-client:token';

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

interface SharedTokenMessage {
  type: typeof MESSAGE_TYPE;
  token: string;
}

/**
 * Gets a new token for all tabs: inside the lock, a token another tab broadcast that differs
 * from `stale` is taken as is; otherwise `fetchToken` runs and its result is broadcast.
 */
export type SharedRefresh = (fetchToken: () => Promise<string>, stale: string | undefined) => Promise<string>;

/**
 * Links one client to the other tabs: returns its shared refresh, and calls `onToken` with every
 * token another tab broadcasts. Returns `undefined` where Web Locks or BroadcastChannel are missing.
 * `pause` is the package's `sleep`, passed in rather than imported: this module loads on first
 * use, and a module it shared with the initial bundle would become a chunk of its own.
 */
export function shareAcrossTabs(
  apiUrl: string,
  onToken: (token: string) => void,
  pause: typeof sleep,
): SharedRefresh | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (!locks || typeof BroadcastChannel !== 'function') return undefined;
  /** The newest token known to this tab, broadcast by another tab or fetched here. */
  let latest: string | undefined;
  const channel = new BroadcastChannel(`cube-client:token:${apiUrl}`);
  // Node's BroadcastChannel would otherwise keep the process alive.
  (channel as { unref?: () => void }).unref?.();
  channel.onmessage = (event: MessageEvent) => {
    const message = event.data as Partial<SharedTokenMessage> | null;
    if (message?.type === MESSAGE_TYPE && typeof message.token === 'string' && message.token !== '') {
      latest = message.token;
      onToken(latest);
    }
  };

  return (fetchToken, stale) => {
    const before = latest;
    return new Promise<string>((resolve, reject) => {
      locks
        .request(`cube-client:refresh:${apiUrl}`, async () => {
          if (latest !== undefined && latest !== stale && latest !== before) {
            resolve(latest);
            return;
          }
          const token = await fetchToken();
          latest = token;
          const message: SharedTokenMessage = { type: MESSAGE_TYPE, token };
          channel.postMessage(message);
          resolve(token);
          // Messages arrive as tasks, possibly after the lock's next holder starts: holding the
          // lock a moment longer lets the broadcast land first, so that tab does not refresh too.
          await pause(HANDOFF_MS);
        })
        .catch(reject);
    });
  };
}
