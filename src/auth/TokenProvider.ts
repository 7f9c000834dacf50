import { TokenError } from '../errors/TokenError';
import { backoffDelay } from '../utils/backoff';
import { abortable, startTimer } from '../utils/timers';
import { readTokenTimes, scheduleToken, type TokenSchedule } from './jwt';
import type { RememberedToken } from './tokenStorage';
import { shareAcrossTabs } from './crossTab';

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

/**
 * Failures of one kind in a row. The first is forgiven (it may be a blip); from the second on,
 * the next attempt waits `pause(failures - 2)` ms, so a fleet of clients does not hammer a
 * service that is down.
 */
function failureStreak(pause: (attempt: number) => number) {
  let inARow = 0;
  let until = 0;
  return {
    failed(now: number) {
      inARow += 1;
      if (inARow > 1) until = now + pause(inARow - 2);
    },
    /** Milliseconds still to wait at `now`; zero or less when the next attempt may go ahead. */
    waitAt: (now: number) => until - now,
    reset() {
      inARow = until = 0;
    },
  };
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
  /** The token's state now; the same object until it changes. */
  readonly getState: () => TokenState;
  /** Calls `listener` after every change of {@link TokenProvider.getState}; returns the remover. */
  readonly subscribe: (listener: () => void) => () => void;
  /** Records that a request failed because of the token (the server rejected a fresh one too). */
  readonly reportFailure: (error: Error) => void;
  /**
   * The token to send now, or `undefined` in dev mode. Waits for a refresh only when there is no
   * usable token; an aborted `signal` stops this caller's wait, not the shared fetch.
   */
  readonly getToken: (signal?: AbortSignal) => Promise<string | undefined>;
  /**
   * Reports that the server rejected `token`. Returns whether the request should be retried:
   * with a token function, the rejected token is dropped if it is still the current one (the
   * next `getToken` fetches a new one, or joins a refresh already running); if the token has
   * changed meanwhile, the retry simply uses the current one.
   */
  readonly reportRejected: (token: string | undefined) => boolean;
  /** Reports that the server accepted `token`, which ends any rejection backoff. */
  readonly reportAccepted: (token: string | undefined) => void;
  /** Replaces the token source (login as someone else); the memo and any running refresh are dropped. */
  readonly setToken: (source: TokenSource) => void;
  /** Forgets the token (logout); the next request calls the token function again. */
  readonly clearToken: () => void;
  // The only field: everything else lives in the constructor's closures (shorter once minified).
  private source: TokenSource;

  constructor(source: TokenSource, options: TokenProviderOptions = {}) {
    const {
      now = Date.now,
      random = Math.random,
      tokenTimeout = 10_000,
      refreshLeeway,
      onTokenRefreshed,
      remembered,
      shareAcrossTabsKey,
      backgroundRefresh,
    } = options;
    let current: CurrentToken | undefined;
    let refreshing: Promise<CurrentToken> | undefined;
    /** Bumped by setToken/clearToken: a refresh started under an older generation is discarded. */
    let generation = 0;
    /** Whether the remembered token was looked at; only the first need for a token reads storage. */
    let restored = false;
    /** The last token handed out, kept after it is dropped so that a refresh knows what it replaces. */
    let lastToken: string | undefined;
    let stopRefreshTimer: (() => void) | undefined;
    let state = IDLE;
    const listeners = new Set<() => void>();
    // Jittered so that a fleet of clients rejected together does not come back together.
    const rejections = failureStreak((attempt) => {
      const pause = Math.min(REJECTION_BACKOFF_CAP_MS, REJECTION_BACKOFF_MS * 2 ** attempt);
      return pause / 2 + random() * (pause / 2);
    });
    const fetchFailures = failureStreak((attempt) =>
      backoffDelay(attempt, random, FETCH_BACKOFF_BASE_MS, FETCH_BACKOFF_CAP_MS),
    );
    let lastFetchFailure: TokenError | undefined;

    const setState = (next: TokenState) => {
      state = next;
      for (const listener of listeners) listener();
    };
    const setStatus = (status: TokenStatus, error: Error | null = null, refreshedAt = state.refreshedAt) =>
      setState({ status, error, refreshedAt });

    const adoptStatic = () => {
      const source = this.source;
      if (typeof source === 'string') current = { token: source, accepted: false };
      else if (source !== null && source !== undefined && typeof source !== 'function') {
        throw new TypeError(
          typeof (source as PromiseLike<unknown>).then === 'function'
            ? 'A Promise of a token can never be refreshed; pass a function that returns one, e.g. () => fetchToken()'
            : `The token must be a string, a function or null; got ${typeof source}`,
        );
      }
    };

    const reset = () => {
      if (state !== IDLE) setState(IDLE);
      stopRefreshTimer?.();
      lastToken = undefined;
      remembered?.remove();
      restored = true;
      generation += 1;
      current = refreshing = undefined;
      rejections.reset();
      fetchFailures.reset();
      adoptStatic();
    };

    const refreshInBackground = () => {
      // A failing token route is left alone until its backoff has passed; the current token is
      // still valid, so nobody waits for it. The caller already has a usable token; a failed
      // background refresh is retried by the next request, so its error is deliberately dropped.
      if (fetchFailures.waitAt(now()) <= 0) refresh().catch(() => undefined);
    };

    /** Makes `token` the current one: schedule, storage, event, and the optional refresh timer. */
    const adopt = (token: string): CurrentToken => {
      fetchFailures.reset();
      const schedule = scheduleToken(readTokenTimes(token), now(), random, refreshLeeway);
      const next: CurrentToken = { token, accepted: false, schedule };
      current = next;
      remembered?.write(token, schedule);
      if (token !== lastToken) onTokenRefreshed?.(token);
      lastToken = token;
      setStatus('ready', null, now());
      stopRefreshTimer?.();
      stopRefreshTimer = undefined;
      // With `backgroundRefresh`, refreshes at the scheduled moment even if no request comes.
      if (backgroundRefresh && schedule) {
        const started = generation;
        const fire = () => {
          if (started !== generation) return;
          const doc = (globalThis as { document?: Document }).document;
          // A hidden tab waits: refreshing for nobody would only load the token route.
          if (doc?.hidden) doc.addEventListener('visibilitychange', fire, { once: true });
          else refreshInBackground();
        };
        stopRefreshTimer = startTimer(fire, Math.max(0, schedule.refreshAt - now()));
      }
      return next;
    };

    const callTokenFunction = (): Promise<string> => {
      const fn = this.source as TokenFunction;
      const controller = new AbortController();
      return new Promise<string>((resolve, reject) => {
        const stop = startTimer(() => {
          reject(new TokenError('TOKEN_TIMEOUT', `The token function took longer than ${tokenTimeout} ms`));
          controller.abort();
        }, tokenTimeout);
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
    };

    this.source = source;
    adoptStatic();
    const share =
      shareAcrossTabsKey === undefined
        ? undefined
        : shareAcrossTabs(shareAcrossTabsKey, (token) => {
            if (typeof this.source === 'function' && token !== current?.token) adopt(token);
          });

    /** Single flight: every caller during a refresh shares one call of the token function. */
    const refresh = (): Promise<CurrentToken> => {
      if (refreshing) return refreshing;
      const started = generation;
      const obtained = share ? share(callTokenFunction, lastToken) : callTokenFunction();
      const promise = obtained.then(
        (token) => {
          if (refreshing === promise) refreshing = undefined;
          // Obtained for an identity that was logged out meanwhile: never applied.
          return started === generation ? adopt(token) : { token, accepted: false };
        },
        (error: unknown) => {
          if (refreshing === promise) refreshing = undefined;
          if (started === generation && error instanceof TokenError) {
            fetchFailures.failed(now());
            lastFetchFailure = error;
            setStatus('failed', error);
          }
          throw error;
        },
      );
      refreshing = promise;
      setStatus('refreshing');
      return promise;
    };

    const getToken = async (signal?: AbortSignal): Promise<string | undefined> => {
      if (typeof this.source !== 'function') return current?.token;
      const at = now();
      if (!restored) {
        restored = true;
        const stored = remembered?.read(at);
        if (stored && !current) current = { ...stored, accepted: false };
      }
      const held = current;
      const schedule = held?.schedule;
      if (held && (!schedule || at < schedule.expiresAt)) {
        if (schedule && at >= schedule.refreshAt) refreshInBackground();
        return held.token;
      }
      // A token inside its last, uncertain second is better than none while the route is failing.
      const lastResort = held && at < (schedule?.graceUntil ?? at) ? held.token : undefined;
      const fetchWait = fetchFailures.waitAt(at);
      if (fetchWait > 0 && lastFetchFailure) {
        if (lastResort) return lastResort;
        const { code, message, status, cause } = lastFetchFailure;
        throw new TokenError(code, `${message}; asking again in a moment`, {
          cause,
          status,
          retryAfter: fetchWait,
        });
      }
      const rejectionWait = rejections.waitAt(at);
      if (rejectionWait > 0) {
        throw new TokenError(
          'TOKEN_REJECTED',
          'The Cube server rejected the last fresh tokens; waiting before asking for another',
          { retryAfter: rejectionWait },
        );
      }
      const started = generation;
      let next: CurrentToken;
      try {
        next = await abortable(refresh(), signal);
      } catch (error) {
        if (lastResort && !signal?.aborted && current === held) return lastResort;
        throw error;
      }
      // A logout or login happened while we waited: the token belongs to the old identity.
      return started === generation ? next.token : getToken(signal);
    };

    this.getState = () => state;
    this.subscribe = (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    this.reportFailure = (error) => setStatus('failed', error);
    this.getToken = getToken;
    this.reportRejected = (token) => {
      if (!this.canRefresh) return false;
      const rejected = current;
      if (rejected && rejected.token === token) {
        current = undefined;
        stopRefreshTimer?.();
        remembered?.remove();
        if (!rejected.accepted) rejections.failed(now());
      }
      return true;
    };
    this.reportAccepted = (token) => {
      if (current && current.token === token && !current.accepted) {
        current.accepted = true;
        rejections.reset();
      }
    };
    this.setToken = (next) => {
      this.source = next;
      reset();
    };
    this.clearToken = reset;
  }

  /** Whether a rejected token can be replaced by calling the token function again. */
  get canRefresh(): boolean {
    return typeof this.source === 'function';
  }

  /** Whether there is a token source at all (false in dev mode). */
  get hasToken(): boolean {
    return this.source !== null && this.source !== undefined;
  }
}
