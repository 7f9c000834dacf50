import { TokenError } from '../errors/TokenError';
import { backoffDelay } from '../utils/backoff';
import { abortable, startTimer } from '../utils/timers';
import { readTokenTimes, scheduleToken, type TokenSchedule } from './jwt';
import type { RememberedToken } from './tokenStorage';
import { TabTokenSharing } from './crossTab';

/**
 * A token function: called whenever the client needs a (new) token. It receives a signal that
 * aborts when `tokenTimeout` passes, so a fetch inside it can be cancelled (functions written for
 * the published client simply ignore it).
 */
export type TokenFunction = (context?: { signal: AbortSignal }) => string | Promise<string>;

/**
 * What `cubejs()` accepts as its first argument: a static token, a function that fetches one,
 * or `null`/`undefined` for a Cube server in dev mode (no `Authorization` header at all).
 */
export type TokenSource = string | TokenFunction | null | undefined;

/**
 * Where the token stands, for a UI: `idle` (none yet, or forgotten by a logout), `refreshing`
 * (the token function is running), `ready` (a token is at hand) or `failed` (the token function
 * failed, or the server rejected a fresh token too; see `error`).
 */
export type TokenStatus = 'idle' | 'refreshing' | 'ready' | 'failed';

/** A snapshot of the token's state; the same object until something changes. */
export interface TokenState {
  readonly status: TokenStatus;
  /** The error of the last failure; cleared by the next token. */
  readonly error: Error | null;
  /** When the last token arrived (local clock, ms); `null` before the first. */
  readonly refreshedAt: number | null;
}

const IDLE: TokenState = { status: 'idle', error: null, refreshedAt: null };

/** Settings of a {@link TokenProvider}; `cubejs()` passes its options through. */
export interface TokenProviderOptions {
  /** How long a token function may take, in ms. Default `10000`. */
  tokenTimeout?: number;
  /** How long before expiry a refresh starts, in ms. Default `min(60000, 20% of the lifetime)`. */
  refreshLeeway?: number;
  /** Called with every token the function returned that differs from the previous one. */
  onTokenRefreshed?: (token: string) => void;
  /** The clock, in ms since the epoch. Default `Date.now`; injectable for tests and simulations. */
  now?: () => number;
  /** A source of numbers in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Where to remember the token across page reloads. Default: memory only. */
  remembered?: RememberedToken;
  /**
   * Share one refresh between the tabs of this origin (Web Locks + BroadcastChannel), keyed by
   * this string (the client passes its `apiUrl`). Default: each tab refreshes on its own.
   */
  shareAcrossTabsKey?: string;
  /**
   * Refresh ahead of expiry even when no request is made, with a timer that never keeps a Node
   * process alive and waits while the page is hidden. Default `false`.
   */
  backgroundRefresh?: boolean;
}

/** First pause after the server rejected two fresh tokens in a row, in ms; it doubles after. */
const REJECTION_BACKOFF_MS = 30_000;
const REJECTION_BACKOFF_CAP_MS = 8 * 60_000;
/** Backoff after the token function failed twice or more in a row: base and cap, in ms. */
const FETCH_BACKOFF_BASE_MS = 1000;
const FETCH_BACKOFF_CAP_MS = 60_000;

interface CurrentToken {
  token: string;
  schedule?: TokenSchedule;
  /** Whether the Cube server has accepted this token at least once. */
  accepted: boolean;
}

function validateToken(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = value === '' ? 'an empty string' : typeof value;
    throw new TokenError('TOKEN_INVALID', `The token function returned ${got}, not a token string`);
  }
  return value;
}

/**
 * Owns the token: one memoized token shared by every request, refreshed ahead of expiry, replaced
 * once when the server rejects it, and never leaked into messages.
 *
 * Rules (see DESIGN.md): concurrent requests share one call of the token function; a token is
 * reused while valid; inside the leeway window requests keep the current token while one
 * background refresh runs; a rejected or invalid result is never cached; `setToken`/`clearToken`
 * discard a refresh still running for the previous identity.
 *
 * @example
 * ```ts
 * const provider = new TokenProvider(() => fetchMyToken());
 * const token = await provider.getToken(); // one call, however many callers
 * ```
 */
export class TokenProvider {
  private source: TokenSource;
  private readonly options: TokenProviderOptions;
  private readonly now: () => number;
  private readonly random: () => number;
  private current?: CurrentToken;
  private refreshing?: Promise<CurrentToken>;
  /** Bumped by setToken/clearToken: a refresh started under an older generation is discarded. */
  private generation = 0;
  private rejectionsInARow = 0;
  private blockedUntil = 0;
  /** Consecutive failures of the token function, the last one, and when to try it again. */
  private fetchFailuresInARow = 0;
  private lastFetchFailure?: TokenError;
  private fetchBlockedUntil = 0;
  /** Whether the remembered token was looked at; only the first need for a token reads storage. */
  private restored = false;
  /** The last token handed out, kept after it is dropped so that a refresh knows what it replaces. */
  private lastToken?: string;
  private readonly sharing?: TabTokenSharing;
  private stopRefreshTimer?: () => void;
  private state: TokenState = IDLE;
  private readonly listeners = new Set<() => void>();

  constructor(source: TokenSource, options: TokenProviderOptions = {}) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.source = source;
    this.adoptStatic();
    if (options.shareAcrossTabsKey !== undefined) {
      this.sharing = TabTokenSharing.create(options.shareAcrossTabsKey, (token) => {
        if (typeof this.source === 'function' && token !== this.current?.token) this.adopt(token);
      });
    }
  }

  /** The token's state now; the same object until it changes. */
  getState(): TokenState {
    return this.state;
  }

  /** Calls `listener` after every change of {@link TokenProvider.getState}; returns the remover. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records that a request failed because of the token (the server rejected a fresh one too). */
  reportFailure(error: Error): void {
    this.setState({ status: 'failed', error, refreshedAt: this.state.refreshedAt });
  }

  private setState(next: TokenState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  /** Whether a rejected token can be replaced by calling the token function again. */
  get canRefresh(): boolean {
    return typeof this.source === 'function';
  }

  /** Whether there is a token source at all (false in dev mode). */
  get hasToken(): boolean {
    return this.source !== null && this.source !== undefined;
  }

  /**
   * The token to send now, or `undefined` in dev mode. Waits for a refresh only when there is no
   * usable token; an aborted `signal` stops this caller's wait, not the shared fetch.
   */
  async getToken(signal?: AbortSignal): Promise<string | undefined> {
    if (typeof this.source !== 'function') return this.current?.token;
    const now = this.now();
    if (!this.restored) {
      this.restored = true;
      const stored = this.options.remembered?.read(now);
      if (stored && !this.current) this.current = { ...stored, accepted: false };
    }
    const current = this.current;
    if (current && (!current.schedule || now < current.schedule.expiresAt)) {
      if (current.schedule && now >= current.schedule.refreshAt) this.refreshInBackground();
      return current.token;
    }
    // A token inside its last, uncertain second is better than none while the route is failing.
    const lastResort = current?.schedule?.graceUntil !== undefined && now < current.schedule.graceUntil;
    if (now < this.fetchBlockedUntil && this.lastFetchFailure) {
      if (lastResort) return current.token;
      const { code, message, status, cause } = this.lastFetchFailure;
      throw new TokenError(code, `${message}; asking again in a moment`, {
        cause,
        status,
        retryAfter: this.fetchBlockedUntil - now,
      });
    }
    if (now < this.blockedUntil) {
      throw new TokenError(
        'TOKEN_REJECTED',
        'The Cube server rejected the last fresh tokens; waiting before asking for another',
        { retryAfter: this.blockedUntil - now },
      );
    }
    const generation = this.generation;
    let next: CurrentToken;
    try {
      next = await abortable(this.refresh(), signal);
    } catch (error) {
      if (lastResort && !signal?.aborted && this.current === current) return current.token;
      throw error;
    }
    // A logout or login happened while we waited: the token belongs to the old identity.
    if (generation !== this.generation) return this.getToken(signal);
    return next.token;
  }

  /**
   * Reports that the server rejected `token`. Returns whether the request should be retried:
   * with a token function, the rejected token is dropped if it is still the current one (the
   * next `getToken` fetches a new one, or joins a refresh already running); if the token has
   * changed meanwhile, the retry simply uses the current one.
   */
  reportRejected(token: string | undefined): boolean {
    if (!this.canRefresh) return false;
    const current = this.current;
    if (current && current.token === token) {
      this.current = undefined;
      this.stopRefreshTimer?.();
      this.options.remembered?.remove();
      if (!current.accepted) this.noteFreshTokenRejected();
    }
    return true;
  }

  /** Reports that the server accepted `token`, which ends any rejection backoff. */
  reportAccepted(token: string | undefined): void {
    if (this.current && this.current.token === token && !this.current.accepted) {
      this.current.accepted = true;
      this.rejectionsInARow = 0;
      this.blockedUntil = 0;
    }
  }

  /** Replaces the token source (login as someone else); the memo and any running refresh are dropped. */
  setToken(source: TokenSource): void {
    this.source = source;
    this.reset();
    this.adoptStatic();
  }

  /** Forgets the token (logout); the next request calls the token function again. */
  clearToken(): void {
    this.reset();
    this.adoptStatic();
  }

  private reset(): void {
    if (this.state !== IDLE) this.setState(IDLE);
    this.stopRefreshTimer?.();
    this.lastToken = undefined;
    this.options.remembered?.remove();
    this.restored = true;
    this.generation += 1;
    this.current = undefined;
    this.refreshing = undefined;
    this.rejectionsInARow = 0;
    this.blockedUntil = 0;
    this.fetchFailuresInARow = 0;
    this.fetchBlockedUntil = 0;
  }

  private adoptStatic(): void {
    if (typeof this.source === 'string') this.current = { token: this.source, accepted: false };
    else if (this.source !== null && this.source !== undefined && typeof this.source !== 'function') {
      throw new TypeError('The token must be a string, a function returning one, or null');
    }
  }

  private noteFreshTokenRejected(): void {
    this.rejectionsInARow += 1;
    if (this.rejectionsInARow < 2) return;
    const pause = Math.min(REJECTION_BACKOFF_CAP_MS, REJECTION_BACKOFF_MS * 2 ** (this.rejectionsInARow - 2));
    // Jittered so that a fleet of clients rejected together does not come back together.
    this.blockedUntil = this.now() + pause / 2 + this.random() * (pause / 2);
  }

  private refreshInBackground(): void {
    // A failing token route is left alone until its backoff has passed; the current token is
    // still valid, so nobody waits for it.
    if (this.now() < this.fetchBlockedUntil) return;
    // The caller already has a usable token; a failed background refresh is retried by the
    // next request, so its error is deliberately dropped here.
    this.refresh().catch(() => undefined);
  }

  /** Single flight: every caller during a refresh shares one call of the token function. */
  private refresh(): Promise<CurrentToken> {
    if (this.refreshing) return this.refreshing;
    const generation = this.generation;
    const obtained = this.sharing
      ? this.sharing.refresh(() => this.callTokenFunction(), this.lastToken)
      : this.callTokenFunction();
    const promise = obtained.then(
      (token) => {
        if (this.refreshing === promise) this.refreshing = undefined;
        // Obtained for an identity that was logged out meanwhile: never applied.
        if (generation !== this.generation) return { token, accepted: false };
        return this.adopt(token);
      },
      (error: unknown) => {
        if (this.refreshing === promise) this.refreshing = undefined;
        if (generation === this.generation && error instanceof TokenError) {
          this.noteFetchFailure(error);
          this.reportFailure(error);
        }
        throw error;
      },
    );
    this.refreshing = promise;
    this.setState({ status: 'refreshing', error: null, refreshedAt: this.state.refreshedAt });
    return promise;
  }

  /**
   * The first failure is retried by the next request at once (it may be a blip); from the second
   * failure in a row, requests wait a jittered, growing delay before the token function is called
   * again, so a fleet of clients does not hammer a token route that is down.
   */
  private noteFetchFailure(error: TokenError): void {
    this.fetchFailuresInARow += 1;
    this.lastFetchFailure = error;
    if (this.fetchFailuresInARow < 2) return;
    const delay = backoffDelay(
      this.fetchFailuresInARow - 2,
      this.random,
      FETCH_BACKOFF_BASE_MS,
      FETCH_BACKOFF_CAP_MS,
    );
    this.fetchBlockedUntil = this.now() + delay;
  }

  /** Makes `token` the current one: schedule, storage, event, and the optional refresh timer. */
  private adopt(token: string): CurrentToken {
    this.fetchFailuresInARow = 0;
    this.fetchBlockedUntil = 0;
    const next: CurrentToken = {
      token,
      accepted: false,
      schedule: scheduleToken(readTokenTimes(token), this.now(), this.random, this.options.refreshLeeway),
    };
    this.current = next;
    this.options.remembered?.write(token, next.schedule);
    if (token !== this.lastToken) this.options.onTokenRefreshed?.(token);
    this.lastToken = token;
    this.setState({ status: 'ready', error: null, refreshedAt: this.now() });
    this.scheduleBackgroundRefresh(next.schedule);
    return next;
  }

  /** With `backgroundRefresh`, refreshes at the scheduled moment even if no request comes. */
  private scheduleBackgroundRefresh(schedule: TokenSchedule | undefined): void {
    this.stopRefreshTimer?.();
    this.stopRefreshTimer = undefined;
    if (!this.options.backgroundRefresh || !schedule) return;
    const generation = this.generation;
    const fire = () => {
      if (generation !== this.generation) return;
      const doc = (globalThis as { document?: Document }).document;
      if (doc?.hidden) {
        // A hidden tab waits: refreshing for nobody would only load the token route.
        doc.addEventListener('visibilitychange', fire, { once: true });
        return;
      }
      this.refreshInBackground();
    };
    this.stopRefreshTimer = startTimer(fire, Math.max(0, schedule.refreshAt - this.now()));
  }

  private callTokenFunction(): Promise<string> {
    const fn = this.source as TokenFunction;
    const timeout = this.options.tokenTimeout ?? 10_000;
    const controller = new AbortController();
    return new Promise<string>((resolve, reject) => {
      const stop = startTimer(() => {
        reject(new TokenError('TOKEN_TIMEOUT', `The token function took longer than ${timeout} ms`));
        controller.abort();
      }, timeout);
      new Promise<unknown>((res) => res(fn({ signal: controller.signal })))
        .then(
          (value) => resolve(validateToken(value)),
          (error: unknown) =>
            reject(
              error instanceof TokenError
                ? error
                : new TokenError('TOKEN_FETCH_FAILED', 'The token function failed', { cause: error }),
            ),
        )
        .catch(reject)
        .finally(stop);
    });
  }
}
