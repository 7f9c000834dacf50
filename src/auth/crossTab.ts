/**
 * Opt-in sharing of one token refresh between the tabs of one origin (`shareTokenAcrossTabs`).
 *
 * The tab that needs a new token takes a Web Lock named after `apiUrl`; while it holds the lock it
 * calls its token function and broadcasts the result on a `BroadcastChannel`. Tabs that wanted a
 * token meanwhile queue on the same lock and, once inside, find the token that was just broadcast,
 * so the token route sees one request for all of them. Without `navigator.locks` or
 * `BroadcastChannel`, each tab refreshes on its own.
 */

import { sleep } from '../utils/timers';

/** How long the refreshing tab keeps the lock after broadcasting its token. */
const HANDOFF_MS = 50;

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

interface SharedTokenMessage {
  type: 'cube-client:token';
  token: string;
}

function isSharedTokenMessage(data: unknown): data is SharedTokenMessage {
  const message = data as Partial<SharedTokenMessage> | null;
  return message?.type === 'cube-client:token' && typeof message.token === 'string' && message.token !== '';
}

/** One client's link to the other tabs; `create` returns undefined where the platform lacks the APIs. */
export class TabTokenSharing {
  private readonly channel: BroadcastChannel;
  private readonly locks: LockManagerLike;
  private readonly lockName: string;
  /** The newest token known to this tab, broadcast by another tab or fetched here. */
  private latest?: string;

  private constructor(apiUrl: string, locks: LockManagerLike, onToken: (token: string) => void) {
    this.locks = locks;
    this.lockName = `cube-client:refresh:${apiUrl}`;
    this.channel = new BroadcastChannel(`cube-client:token:${apiUrl}`);
    // Node's BroadcastChannel would otherwise keep the process alive.
    (this.channel as { unref?: () => void }).unref?.();
    this.channel.onmessage = (event: MessageEvent) => {
      if (!isSharedTokenMessage(event.data)) return;
      this.latest = event.data.token;
      onToken(event.data.token);
    };
  }

  /** Links to the other tabs, or returns `undefined` when Web Locks or BroadcastChannel are missing. */
  static create(apiUrl: string, onToken: (token: string) => void): TabTokenSharing | undefined {
    const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
    if (!locks || typeof BroadcastChannel !== 'function') return undefined;
    return new TabTokenSharing(apiUrl, locks, onToken);
  }

  /**
   * Gets a new token for all tabs: inside the lock, a token another tab broadcast that differs
   * from `stale` is taken as is; otherwise `fetchToken` runs and its result is broadcast.
   */
  refresh(fetchToken: () => Promise<string>, stale: string | undefined): Promise<string> {
    const before = this.latest;
    return new Promise<string>((resolve, reject) => {
      this.locks
        .request(this.lockName, async () => {
          if (this.latest !== undefined && this.latest !== stale && this.latest !== before) {
            resolve(this.latest);
            return;
          }
          const token = await fetchToken();
          this.latest = token;
          const message: SharedTokenMessage = { type: 'cube-client:token', token };
          this.channel.postMessage(message);
          resolve(token);
          // Messages arrive as tasks, possibly after the lock's next holder starts: holding the
          // lock a moment longer lets the broadcast land first, so that tab does not refresh too.
          await sleep(HANDOFF_MS);
        })
        .catch(reject);
    });
  }
}
