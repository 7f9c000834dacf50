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

function browserStorage(name: 'localStorage' | 'sessionStorage'): TokenStorage | undefined {
  try {
    const storage = (globalThis as Record<string, unknown>)[name] as Storage | undefined;
    if (!storage) return undefined;
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => storage.setItem(key, value),
      remove: (key) => storage.removeItem(key),
    };
  } catch {
    // Reading localStorage itself throws when storage is disabled (e.g. blocked cookies).
    return undefined;
  }
}

/**
 * Remembers one client's token. Keyed by `apiUrl`, so two Cube deployments never share a token.
 * Every storage failure (private mode, quota, disabled storage) is swallowed: the token then lives
 * in memory only, which is also the default when no storage is configured.
 */
export class RememberedToken {
  private readonly storage?: TokenStorage;
  private readonly key: string;
  private readonly apiUrl: string;

  constructor(option: TokenStorageOption, apiUrl: string) {
    this.storage = typeof option === 'string' ? browserStorage(option) : option;
    this.apiUrl = apiUrl;
    this.key = `cube-client:token:${apiUrl}`;
  }

  /** The stored token when it is for this API and not expired at `now`; otherwise clears it. */
  read(now: number): Omit<StoredToken, 'apiUrl'> | undefined {
    let raw: string | null = null;
    try {
      raw = this.storage?.get(this.key) ?? null;
    } catch {
      return undefined;
    }
    if (raw === null) return undefined;
    const stored = this.parse(raw);
    if (stored && stored.apiUrl === this.apiUrl && (!stored.schedule || stored.schedule.expiresAt > now)) {
      return { token: stored.token, schedule: stored.schedule };
    }
    this.remove();
    return undefined;
  }

  /** Stores `token` with its schedule (none: valid until the server rejects it). */
  write(token: string, schedule: TokenSchedule | undefined): void {
    const value: StoredToken = { token, apiUrl: this.apiUrl, schedule };
    try {
      this.storage?.set(this.key, JSON.stringify(value));
    } catch {
      // Quota or private mode: memory only.
    }
  }

  remove(): void {
    try {
      this.storage?.remove(this.key);
    } catch {
      // Nothing stored, or storage unavailable: nothing to remove.
    }
  }

  private parse(raw: string): StoredToken | undefined {
    try {
      const value = JSON.parse(raw) as Partial<StoredToken> | null;
      if (
        typeof value?.token !== 'string' ||
        value.token === '' ||
        typeof value.apiUrl !== 'string' ||
        (value.schedule !== undefined &&
          (typeof value.schedule?.expiresAt !== 'number' || typeof value.schedule.refreshAt !== 'number'))
      ) {
        return undefined;
      }
      return value as StoredToken;
    } catch {
      return undefined;
    }
  }
}
