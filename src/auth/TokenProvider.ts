import { TokenError } from '../errors/TokenError';
import { OPTION_DEFAULTS, type TokenProviderOptions } from '../types/options';
import { backoffDelay } from '../utils/backoff';
import { Listeners } from '../utils/Listeners';
import { abortable, sleep, startTimer } from '../utils/timers';
import { checkReturnedToken, checkSendable } from './checkToken';
import { FailureStreak } from './FailureStreak';
import { forgetToken } from './forgetToken';
import { readTokenTimes, scheduleToken, type TokenSchedule } from './jwt';
import type { RememberedToken } from './RememberedToken';
import type { SharedRefresh } from './shareAcrossTabs';

export type { TokenProviderOptions };

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

/**
 * The source itself when it is usable: a function, nothing (dev mode), or a string `fetch` can
 * send (else `TOKEN_INVALID`, never kept). A Promise or any other value is a `TypeError`.
 */
function checkSource(source: TokenSource): TokenSource {
  if (typeof source === 'string') return checkSendable(source, 'The static token');
  if (source !== null && source !== undefined && typeof source !== 'function') {
    throw new TypeError(
      typeof (source as PromiseLike<unknown>).then === 'function'
        ? 'A Promise of a token can never be refreshed; pass a function that returns one, e.g. () => fetchToken()'
        : `The token must be a string, a function or null; got ${typeof source}`,
    );
  }
  return source;
}

/** The error of a token function that failed, or the timeout that ended it. */
function toTokenError(error: unknown): TokenError {
  return error instanceof TokenError
    ? error
    : new TokenError('TOKEN_FETCH_FAILED', 'The token function failed', { cause: error });
}

type RememberOptions = NonNullable<TokenProviderOptions['remembered']>;

/** `tokenStorage`'s reader and writer; a chunk that fails to load means memory only, like a failing store. */
function loadRemembered({ storage, apiUrl }: RememberOptions): Promise<RememberedToken | undefined> {
  return import('./RememberedToken').then(
    ({ RememberedToken }) => new RememberedToken(storage, apiUrl),
    () => undefined,
  );
}

/**
 * Owns the token: one memoized token shared by every request, refreshed ahead of expiry, replaced
 * once when the server rejects it, and never leaked into messages.
 *
 * Rules (see docs/ARCHITECTURE.md, "The token rules"): concurrent requests share one call of the
 * token function; a token is reused while valid; inside the leeway window requests keep the
 * current token while one background refresh runs; a rejected or invalid result is never cached;
 * `setToken`/`clearToken` discard a refresh still running for the previous identity.
 *
 * @example
 * ```ts
 * const provider = new TokenProvider(() => fetchMyToken());
 * const token = await provider.getToken(); // one call, however many callers
 * ```
 */
export class TokenProvider {
  #source: TokenSource;
  readonly #options: TokenProviderOptions;
  readonly #now: () => number;
  readonly #listeners = new Listeners();
  /** Fresh tokens the server rejected in a row; jittered, so clients rejected together come back apart. */
  readonly #rejections: FailureStreak;
  /** Failures of the token function in a row. */
  readonly #fetchFailures: FailureStreak;
  /** `shareTokenAcrossTabs`: the refresh shared with the other tabs, once its module is there. */
  readonly #shared: Promise<SharedRefresh | undefined> | undefined;
  /** `tokenStorage`: the remembered token's reader and writer, once its module is there. */
  readonly #remembered: Promise<RememberedToken | undefined> | undefined;
  #state = IDLE;
  #current: CurrentToken | undefined;
  #refreshing: Promise<CurrentToken> | undefined;
  /** Bumped by setToken/clearToken: a refresh started under an older generation is discarded. */
  #generation = 0;
  /** Whether the remembered token was looked at; only the first need for a token reads storage. */
  #restored: boolean;
  /** The last token handed out, kept after it is dropped so that a refresh knows what it replaces. */
  #lastToken: string | undefined;
  #lastFetchFailure: TokenError | undefined;
  #stopRefreshTimer: (() => void) | undefined;

  constructor(source: TokenSource, options: TokenProviderOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const random = options.random ?? Math.random;
    this.#rejections = new FailureStreak((attempt) => {
      const pause = Math.min(REJECTION_BACKOFF_CAP_MS, REJECTION_BACKOFF_MS * 2 ** attempt);
      return pause / 2 + random() * (pause / 2);
    });
    this.#fetchFailures = new FailureStreak((attempt) =>
      backoffDelay(attempt, random, FETCH_BACKOFF_BASE_MS, FETCH_BACKOFF_CAP_MS),
    );
    this.#source = checkSource(source);
    this.#adoptStatic();
    // The opt-in extras are modules of their own, loaded only by the clients that use them.
    const { remembered, shareAcrossTabsKey } = options;
    this.#restored = !remembered;
    this.#remembered = remembered && loadRemembered(remembered);
    this.#shared = shareAcrossTabsKey === undefined ? undefined : this.#joinTabs(shareAcrossTabsKey);
  }

  /** The token's state now; the same object until it changes. */
  readonly getState = (): TokenState => this.#state;

  /** Calls `listener` after every change of {@link TokenProvider.getState}; returns the remover. */
  readonly subscribe: (listener: () => void) => () => void = this.#listeners.subscribe;

  /** Records that a request failed because of the token (the server rejected a fresh one too). */
  readonly reportFailure = (error: Error): void => this.#setStatus('failed', error);

  /**
   * The token to send now, or `undefined` in dev mode. Waits for a refresh only when there is no
   * usable token; an aborted `signal` stops this caller's wait, not the shared fetch.
   */
  readonly getToken = (signal?: AbortSignal): Promise<string | undefined> => this.#getToken(signal);

  /**
   * Reports that the server rejected `token`. Returns whether the request should be retried:
   * with a token function, the rejected token is dropped if it is still the current one (the
   * next `getToken` fetches a new one, or joins a refresh already running); if the token has
   * changed meanwhile, the retry simply uses the current one.
   */
  readonly reportRejected = (token: string | undefined): boolean => {
    if (!this.canRefresh) return false;
    const rejected = this.#current;
    if (rejected && rejected.token === token) {
      this.#current = undefined;
      this.#stopRefreshTimer?.();
      forgetToken(this.#options.remembered);
      if (!rejected.accepted) this.#rejections.failed(this.#now());
    }
    return true;
  };

  /** Reports that the server accepted `token`, which ends any rejection backoff. */
  readonly reportAccepted = (token: string | undefined): void => {
    const current = this.#current;
    if (current && current.token === token && !current.accepted) {
      current.accepted = true;
      this.#rejections.reset();
    }
  };

  /** Replaces the token source (login as someone else); the memo and any running refresh are dropped. */
  readonly setToken = (source: TokenSource): void => {
    // Checked before anything changes: a refused source leaves the current one in place.
    this.#source = checkSource(source);
    this.#reset();
  };

  /** Forgets the token (logout); the next request calls the token function again. */
  readonly clearToken = (): void => this.#reset();

  /** Whether a rejected token can be replaced by calling the token function again. */
  get canRefresh(): boolean {
    return typeof this.#source === 'function';
  }

  /** Whether there is a token source at all (false in dev mode). */
  get hasToken(): boolean {
    return this.#source !== null && this.#source !== undefined;
  }

  #setStatus(status: TokenStatus, error: Error | null = null, refreshedAt = this.#state.refreshedAt): void {
    this.#setState({ status, error, refreshedAt });
  }

  #setState(next: TokenState): void {
    this.#state = next;
    this.#listeners.notify();
  }

  /** A static token is the current one from the start, and again after every reset. */
  #adoptStatic(): void {
    if (typeof this.#source === 'string') this.#current = { token: this.#source, accepted: false };
  }

  #reset(): void {
    if (this.#state !== IDLE) this.#setState(IDLE);
    this.#stopRefreshTimer?.();
    this.#lastToken = undefined;
    forgetToken(this.#options.remembered);
    this.#restored = true;
    this.#generation += 1;
    this.#current = this.#refreshing = undefined;
    this.#rejections.reset();
    this.#fetchFailures.reset();
    this.#adoptStatic();
  }

  async #getToken(signal?: AbortSignal): Promise<string | undefined> {
    if (typeof this.#source !== 'function') return this.#current?.token;
    if (!this.#restored) await this.#restore();
    const at = this.#now();
    const held = this.#current;
    const schedule = held?.schedule;
    if (held && (!schedule || at < schedule.expiresAt)) {
      if (schedule && at >= schedule.refreshAt) this.#refreshInBackground();
      return held.token;
    }
    // A token inside its last, uncertain second is better than none while the route is failing.
    const lastResort = held && at < (schedule?.graceUntil ?? at) ? held.token : undefined;
    const fetchWait = this.#fetchFailures.waitAt(at);
    if (fetchWait > 0 && this.#lastFetchFailure) {
      if (lastResort) return lastResort;
      const { code, message, status, cause } = this.#lastFetchFailure;
      throw new TokenError(code, `${message}; asking again in a moment`, {
        cause,
        status,
        retryAfter: fetchWait,
      });
    }
    const rejectionWait = this.#rejections.waitAt(at);
    if (rejectionWait > 0) {
      throw new TokenError(
        'TOKEN_REJECTED',
        'The Cube server rejected the last fresh tokens; waiting before asking for another',
        { retryAfter: rejectionWait },
      );
    }
    return this.#waitForRefresh(held, lastResort, signal);
  }

  /** The first need for a token looks at the remembered one, once its module is there. */
  async #restore(): Promise<void> {
    const remembered = await this.#remembered;
    // A concurrent first caller, or a logout, got there first.
    if (this.#restored) return;
    this.#restored = true;
    const stored = remembered?.read(this.#now());
    if (stored && !this.#current) this.#current = { ...stored, accepted: false };
  }

  /** `shareTokenAcrossTabs`: loads its module, which opens the channel; a token another tab broadcast is adopted. */
  #joinTabs(key: string): Promise<SharedRefresh | undefined> {
    const onToken = (token: string) => {
      if (typeof this.#source === 'function' && token !== this.#current?.token) this.#adopt(token);
    };
    return import('./shareAcrossTabs').then(
      ({ shareAcrossTabs }) => shareAcrossTabs(key, onToken, sleep),
      // A chunk that fails to load leaves this tab refreshing on its own.
      () => undefined,
    );
  }

  /** Writes `next` to `tokenStorage` unless it is no longer current when the storage is ready. */
  #remember(next: CurrentToken): void {
    void this.#remembered?.then((remembered) => {
      if (this.#current === next) remembered?.write(next.token, next.schedule);
    });
  }

  async #waitForRefresh(
    held: CurrentToken | undefined,
    lastResort: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string | undefined> {
    const started = this.#generation;
    let next: CurrentToken;
    try {
      next = await abortable(this.#refresh(), signal);
    } catch (error) {
      if (lastResort && !signal?.aborted && this.#current === held) return lastResort;
      throw error;
    }
    // A logout or login happened while we waited: the token belongs to the old identity.
    return started === this.#generation ? next.token : this.#getToken(signal);
  }

  #refreshInBackground(): void {
    // A failing token route is left alone until its backoff has passed; the current token is
    // still valid, so nobody waits for it. The caller already has a usable token; a failed
    // background refresh is retried by the next request, so its error is deliberately dropped.
    if (this.#fetchFailures.waitAt(this.#now()) <= 0) this.#refresh().catch(() => undefined);
  }

  /** Single flight: every caller during a refresh shares one call of the token function. */
  #refresh(): Promise<CurrentToken> {
    if (this.#refreshing) return this.#refreshing;
    const started = this.#generation;
    const call = () => this.#callTokenFunction();
    const stale = this.#lastToken;
    const obtained = this.#shared
      ? this.#shared.then((shared) => (shared ? shared(call, stale) : call()))
      : call();
    const promise = obtained.then(
      (token) => {
        if (this.#refreshing === promise) this.#refreshing = undefined;
        // Obtained for an identity that was logged out meanwhile: never applied.
        return started === this.#generation ? this.#adopt(token) : { token, accepted: false };
      },
      (error: unknown) => {
        if (this.#refreshing === promise) this.#refreshing = undefined;
        if (started === this.#generation && error instanceof TokenError) {
          this.#fetchFailures.failed(this.#now());
          this.#lastFetchFailure = error;
          this.#setStatus('failed', error);
        }
        throw error;
      },
    );
    this.#refreshing = promise;
    this.#setStatus('refreshing');
    return promise;
  }

  /** One call of the token function, bounded by `tokenTimeout`, its result checked. */
  #callTokenFunction(): Promise<string> {
    const fn = this.#source as TokenFunction;
    const timeout = this.#options.tokenTimeout ?? OPTION_DEFAULTS.tokenTimeout;
    const controller = new AbortController();
    return new Promise<string>((resolve, reject) => {
      const stop = startTimer(() => {
        reject(new TokenError('TOKEN_TIMEOUT', `The token function took longer than ${timeout} ms`));
        controller.abort();
      }, timeout);
      new Promise<unknown>((settle) => settle(fn({ signal: controller.signal })))
        .then(
          (value) => resolve(checkReturnedToken(value)),
          (error: unknown) => reject(toTokenError(error)),
        )
        .catch(reject)
        .finally(stop);
    });
  }

  /** Makes `token` the current one: schedule, storage, event, and the optional refresh timer. */
  #adopt(token: string): CurrentToken {
    const { refreshLeeway, onTokenRefreshed, random = Math.random } = this.#options;
    this.#fetchFailures.reset();
    const schedule = scheduleToken(readTokenTimes(token), this.#now(), random, refreshLeeway);
    const next: CurrentToken = { token, accepted: false, schedule };
    this.#current = next;
    this.#remember(next);
    if (token !== this.#lastToken) onTokenRefreshed?.(token);
    this.#lastToken = token;
    this.#setStatus('ready', null, this.#now());
    this.#stopRefreshTimer?.();
    this.#stopRefreshTimer = undefined;
    if (this.#options.backgroundRefresh && schedule) this.#refreshAt(schedule.refreshAt);
    return next;
  }

  /** `backgroundRefresh`: refreshes at the scheduled moment even if no request comes. */
  #refreshAt(moment: number): void {
    const started = this.#generation;
    const fire = () => {
      if (started !== this.#generation) return;
      const doc = (globalThis as { document?: Document }).document;
      // A hidden tab waits: refreshing for nobody would only load the token route.
      if (doc?.hidden) doc.addEventListener('visibilitychange', fire, { once: true });
      else this.#refreshInBackground();
    };
    // Serves nobody's pending call, so it never keeps a Node process alive.
    this.#stopRefreshTimer = startTimer(fire, Math.max(0, moment - this.#now()), { keepAlive: false });
  }
}
