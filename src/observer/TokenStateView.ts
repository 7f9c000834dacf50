import type { CubeApiLike } from './CubeApiLike';
import { isTokenStateSource, type CubeTokenSnapshot, type TokenStateSource } from './CubeTokenState';

/** The token state as `useCubeToken` (React, Vue) and `cubeToken` (Svelte) show it. */
export interface CubeTokenInfo extends CubeTokenSnapshot {
  /** `status === 'refreshing'`. */
  readonly isRefreshing: boolean;
  /** `status === 'failed'`. */
  readonly isFailed: boolean;
  /**
   * Whether token state is reported at all: false when there is neither a `tokenState` nor a
   * client that reports its own; `status` then stays `idle`.
   */
  readonly isTracked: boolean;
  /** Logout: the client forgets its token (the next request asks the token function again) and the state goes back to `idle`. */
  readonly clearToken: () => void;
}

const UNTRACKED: CubeTokenSnapshot = { status: 'idle', error: null, refreshedAt: null };

/**
 * The framework-free half of the token hooks: picks where token state comes from (the given
 * `tokenState`, else the client when it reports its own), and turns each snapshot into one
 * {@link CubeTokenInfo}, the same object until the state changes.
 *
 * @example
 * ```ts
 * const view = new TokenStateView(cubeApi);
 * const stop = view.subscribe(() => render(view.getSnapshot().status));
 * ```
 */
export class TokenStateView {
  readonly #cubeApi: CubeApiLike | null;
  readonly #source?: TokenStateSource;
  #shown?: CubeTokenInfo;

  /** @param tokenState - an outside tracker ({@link CubeTokenState}); preferred over the client's own state. */
  constructor(cubeApi: CubeApiLike | null, tokenState?: TokenStateSource) {
    this.#cubeApi = cubeApi;
    this.#source = tokenState ?? (isTokenStateSource(cubeApi) ? cubeApi : undefined);
  }

  /** Adds a listener called after every change of the token state; returns the remover. */
  readonly subscribe = (listener: () => void): (() => void) =>
    this.#source ? this.#source.subscribeTokenState(listener) : () => undefined;

  /** The current {@link CubeTokenInfo}; the same object until the state changes. */
  readonly getSnapshot = (): CubeTokenInfo => {
    const snapshot = this.#source?.getTokenState() ?? UNTRACKED;
    const shown = this.#shown;
    if (
      shown?.status === snapshot.status &&
      shown.error === snapshot.error &&
      shown.refreshedAt === snapshot.refreshedAt
    )
      return shown;
    this.#shown = {
      status: snapshot.status,
      error: snapshot.error,
      refreshedAt: snapshot.refreshedAt,
      isRefreshing: snapshot.status === 'refreshing',
      isFailed: snapshot.status === 'failed',
      isTracked: this.#source !== undefined,
      clearToken: this.#clearToken,
    };
    return this.#shown;
  };

  readonly #clearToken = (): void => {
    this.#cubeApi?.clearToken?.();
    // A client that reports its own state resets it in clearToken; an outside tracker is told here.
    if (this.#source && this.#source !== (this.#cubeApi as unknown)) this.#source.reset?.();
  };
}
