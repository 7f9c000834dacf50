import type { TokenFunction, TokenState, TokenStatus } from '../auth/TokenProvider';
import type { RequestError } from '../errors/RequestError';
import type { TokenError } from '../errors/TokenError';
import { Listeners } from '../utils/Listeners';

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
  #snapshot: CubeTokenSnapshot = IDLE;
  readonly #listeners = new Listeners();
  /** Bumped by every call and by `reset`: only the latest call may report its outcome. */
  #generation = 0;
  readonly #now: () => number;

  /** @param now - the clock for `refreshedAt`; `Date.now` by default. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Returns a token function that behaves as `tokenFunction` and reports each call: `refreshing`
   * while it runs, then `ready` or `failed`.
   */
  track(tokenFunction: TokenFunction): TokenFunction {
    return (context) => {
      const generation = ++this.#generation;
      this.#update({ ...this.#snapshot, status: 'refreshing' });
      const outcome = new Promise<string>((resolve) => resolve(tokenFunction(context)));
      return outcome.then(
        (token) => {
          if (typeof token === 'string' && token.trim() !== '') {
            this.#report(generation, { status: 'ready', error: null, refreshedAt: this.#now() });
          } else {
            this.#fail(generation, new TypeError('The token function returned no token'));
          }
          return token;
        },
        (error: unknown) => {
          this.#fail(generation, error instanceof Error ? error : new Error(String(error)));
          throw error;
        },
      );
    };
  }

  /** For `cubejs()`'s `onAuthFailure` option: the server rejected a fresh token too, or the token route refused. */
  readonly onAuthFailure = (error: RequestError | TokenError): void => {
    this.#fail(++this.#generation, error);
  };

  /** Back to `idle`, e.g. after a logout; the outcome of a call still running is ignored. */
  reset(): void {
    this.#report(++this.#generation, IDLE);
  }

  /** The current state; the same object until something changes (what `useSyncExternalStore` needs). */
  readonly getTokenState = (): CubeTokenSnapshot => this.#snapshot;

  /** Adds a listener called after every change; returns the remover. */
  readonly subscribeTokenState = (listener: () => void): (() => void) => this.#listeners.subscribe(listener);

  #fail(generation: number, error: Error): void {
    this.#report(generation, { ...this.#snapshot, status: 'failed', error });
  }

  /** Applies the outcome of call `generation`, unless a later call or a reset came since. */
  #report(generation: number, next: CubeTokenSnapshot): void {
    if (generation === this.#generation) this.#update(next);
  }

  #update(next: CubeTokenSnapshot): void {
    const previous = this.#snapshot;
    if (
      previous.status === next.status &&
      previous.error === next.error &&
      previous.refreshedAt === next.refreshedAt
    )
      return;
    this.#snapshot = next;
    this.#listeners.notify();
  }
}
