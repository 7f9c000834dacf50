import type { TokenSchedule } from './jwt';

/** A place to keep a token across page reloads; the same three methods as a key-value store. */
export interface TokenStorage {
  /** The value stored under `key`, or `null`. */
  get(key: string): string | null;
  /** Stores `value` under `key`. May throw (quota); the client then keeps the token in memory. */
  set(key: string, value: string): void;
  /** Forgets `key`. */
  remove(key: string): void;
}

/** Where `cubejs()` may remember its token: one of the browser's stores, or one of your own. */
export type TokenStorageOption = 'localStorage' | 'sessionStorage' | TokenStorage;

/** What is stored: the token, the API it is for, and its schedule on this client's clock. */
interface StoredToken {
  token: string;
  apiUrl: string;
  schedule?: TokenSchedule;
}

/** Runs `call`; a failure gives `undefined`. Storage fails in many ways (private mode, quota). */
function quietly<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

function browserStorage(name: 'localStorage' | 'sessionStorage'): TokenStorage | undefined {
  // Reading localStorage itself throws when storage is disabled (e.g. blocked cookies).
  const storage = quietly(() => (globalThis as Record<string, unknown>)[name] as Storage | undefined);
  return (
    storage && {
      get: (key) => storage.getItem(key),
      set: (key, value) => storage.setItem(key, value),
      remove: (key) => storage.removeItem(key),
    }
  );
}

/** Whether `stored` is a token for `apiUrl` that has not expired at `now`. */
function isUsable(
  stored: Partial<StoredToken> | null | undefined,
  apiUrl: string,
  now: number,
): stored is StoredToken {
  const schedule = stored?.schedule;
  return (
    typeof stored?.token === 'string' &&
    stored.token !== '' &&
    stored.apiUrl === apiUrl &&
    (schedule === undefined ||
      (typeof schedule?.expiresAt === 'number' &&
        typeof schedule.refreshAt === 'number' &&
        schedule.expiresAt > now))
  );
}

/**
 * Remembers one client's token. Keyed by `apiUrl`, so two Cube deployments never share a token.
 * Every storage failure (private mode, quota, disabled storage) is swallowed: the token then lives
 * in memory only, which is also the default when no storage is configured.
 */
export class RememberedToken {
  readonly #storage: TokenStorage | undefined;
  readonly #apiUrl: string;
  readonly #key: string;

  constructor(option: TokenStorageOption, apiUrl: string) {
    this.#storage = typeof option === 'string' ? browserStorage(option) : option;
    this.#apiUrl = apiUrl;
    // forgetToken() removes the same key without this module, which loads on first use.
    this.#key = `cube-client:token:${apiUrl}`;
  }

  /** The stored token when it is for this API and not expired at `now`; otherwise clears it. */
  read(now: number): Omit<StoredToken, 'apiUrl'> | undefined {
    const raw = quietly(() => this.#storage?.get(this.#key));
    if (raw === null || raw === undefined) return undefined;
    const stored = quietly(() => JSON.parse(raw) as Partial<StoredToken> | null);
    if (isUsable(stored, this.#apiUrl, now)) return { token: stored.token, schedule: stored.schedule };
    this.remove();
    return undefined;
  }

  /** Stores `token` with its schedule (none: valid until the server rejects it). */
  write(token: string, schedule: TokenSchedule | undefined): void {
    const value: StoredToken = { token, apiUrl: this.#apiUrl, schedule };
    quietly(() => this.#storage?.set(this.#key, JSON.stringify(value)));
  }

  /** Forgets the stored token. */
  remove(): void {
    quietly(() => this.#storage?.remove(this.#key));
  }
}
