import type { TokenFunction, TokenState, TokenStatus } from '../auth/TokenProvider';
import type { RequestError } from '../errors/RequestError';
import type { TokenError } from '../errors/TokenError';

/** Where the client's token stands; the core's `TokenStatus`. */
export type CubeTokenStatus = TokenStatus;

/** Token state for a UI (a spinner while refreshing, a "log in again" prompt when failed); the core's `TokenState`. */
export type CubeTokenSnapshot = TokenState;

/**
 * Anything `useCubeToken` can read token state from: a {@link CubeTokenState}, or a client that
 * reports its own token state.
 */
export interface TokenStateSource {
  /** The current state; the same object until something changes. */
  getTokenState(): CubeTokenSnapshot;
  /** Adds a listener called after every change; returns the remover. */
  subscribeTokenState(listener: () => void): () => void;
  /** Back to `idle`; `useCubeToken().clearToken` calls it after the client's `clearToken`. */
  reset?(): void;
}

/** Whether `value` reports token state itself (a client with that capability). */
export function isTokenStateSource(value: unknown): value is TokenStateSource {
  const candidate = value as Partial<TokenStateSource> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.getTokenState === 'function' &&
    typeof candidate.subscribeTokenState === 'function'
  );
}

const IDLE: CubeTokenSnapshot = { status: 'idle', error: null, refreshedAt: null };

/**
 * Watches a client's token from the outside, for `useCubeToken`: wrap the token function you
 * give `cubejs()` with {@link CubeTokenState.track}, pass {@link CubeTokenState.onAuthFailure}
 * as its `onAuthFailure` option, and hand the object to `CubeProvider`'s `tokenState`.
 * Framework-free: `getTokenState`/`subscribeTokenState` fit any store protocol.
 *
 * @example
 * ```tsx
 * const tokenState = new CubeTokenState();
 * const cubeApi = cubejs(tokenState.track(() => fetchToken()), {
 *   apiUrl: '/cubejs-api/v1',
 *   onAuthFailure: tokenState.onAuthFailure,
 * });
 *
 * root.render(
 *   <CubeProvider cubeApi={cubeApi} tokenState={tokenState}>
 *     <App />
 *   </CubeProvider>,
 * );
 * ```
 */
export class CubeTokenState implements TokenStateSource {
  private snapshot: CubeTokenSnapshot = IDLE;
  private readonly listeners = new Set<() => void>();
  /** Bumped by every call and by `reset`: only the latest call may report its outcome. */
  private generation = 0;
  private readonly now: () => number;

  /** @param now - the clock for `refreshedAt`; `Date.now` by default. */
  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /**
   * Returns a token function that behaves as `tokenFunction` and reports each call: `refreshing`
   * while it runs, then `ready` or `failed`.
   */
  track(tokenFunction: TokenFunction): TokenFunction {
    return (context) => {
      const generation = ++this.generation;
      this.update({ ...this.snapshot, status: 'refreshing' });
      const outcome = new Promise<string>((resolve) => resolve(tokenFunction(context)));
      return outcome.then(
        (token) => {
          if (generation === this.generation) {
            if (typeof token === 'string' && token.trim() !== '') {
              this.update({ status: 'ready', error: null, refreshedAt: this.now() });
            } else {
              this.update({
                ...this.snapshot,
                status: 'failed',
                error: new TypeError('The token function returned no token'),
              });
            }
          }
          return token;
        },
        (error: unknown) => {
          if (generation === this.generation) {
            this.update({
              ...this.snapshot,
              status: 'failed',
              error: error instanceof Error ? error : new Error(String(error)),
            });
          }
          throw error;
        },
      );
    };
  }

  /** For `cubejs()`'s `onAuthFailure` option: the server rejected a fresh token too, or the token route refused. */
  readonly onAuthFailure = (error: RequestError | TokenError): void => {
    this.generation += 1;
    this.update({ ...this.snapshot, status: 'failed', error });
  };

  /** Back to `idle`, e.g. after a logout; the outcome of a call still running is ignored. */
  reset(): void {
    this.generation += 1;
    this.update(IDLE);
  }

  /** The current state; the same object until something changes (what `useSyncExternalStore` needs). */
  readonly getTokenState = (): CubeTokenSnapshot => this.snapshot;

  readonly subscribeTokenState = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private update(next: CubeTokenSnapshot): void {
    const previous = this.snapshot;
    if (
      previous.status === next.status &&
      previous.error === next.error &&
      previous.refreshedAt === next.refreshedAt
    )
      return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
