import { backoffDelay, parseRetryAfter } from '../../src/utils/backoff';
import { newRequestId } from '../../src/utils/requestId';
import { anySignal } from '../../src/utils/signals';
import { abortable, sleep } from '../../src/utils/timers';
import { resolveFetch } from '../../src/transport/fetchImplementation';
import { RememberedToken } from '../../src/auth/tokenStorage';
import { readTokenTimes, stripBearer } from '../../src/auth/jwt';
import { makeJwt } from './support';

describe('anySignal', () => {
  it('returns undefined or the only signal when there is nothing to combine', () => {
    const only = new AbortController().signal;
    expect(anySignal()).toBeUndefined();
    expect(anySignal(undefined, only)).toBe(only);
  });

  it('aborts when any input aborts, with that reason, and only once', () => {
    const a = new AbortController();
    const b = new AbortController();
    const combined = anySignal(a.signal, b.signal)!;
    expect(combined.aborted).toBe(false);
    b.abort('b went first');
    a.abort('a later');
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('b went first');
  });

  it('is already aborted when an input already is', () => {
    const a = new AbortController();
    a.abort('early');
    const combined = anySignal(new AbortController().signal, a.signal)!;
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('early');
  });
});

describe('backoff', () => {
  it('stays within [0, min(cap, base * 2^attempt))', () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(backoffDelay(attempt, () => 0)).toBe(0);
      const high = backoffDelay(attempt, () => 0.999999, 100, 1000);
      expect(high).toBeLessThan(Math.min(1000, 100 * 2 ** attempt));
      expect(high).toBeGreaterThanOrEqual(Math.min(1000, 100 * 2 ** attempt) - 1);
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('request ids', () => {
  it('are UUID-shaped with or without crypto.randomUUID', () => {
    const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newRequestId()).toMatch(shape);
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, newRequestId));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(shape);
    } finally {
      Object.defineProperty(globalThis, 'crypto', descriptor);
    }
  });
});

describe('timers', () => {
  it('sleep rejects at once with an already aborted signal, and when aborted midway', async () => {
    const done = new AbortController();
    done.abort('gone');
    await expect(sleep(10_000, done.signal)).rejects.toBe('gone');
    const later = new AbortController();
    const pending = sleep(10_000, later.signal);
    later.abort('left');
    await expect(pending).rejects.toBe('left');
  });

  it('abortable passes results and errors through, and gives up on abort', async () => {
    await expect(abortable(Promise.resolve(1))).resolves.toBe(1);
    const controller = new AbortController();
    await expect(abortable(Promise.reject(new Error('x')), controller.signal)).rejects.toThrow('x');
    const aborted = new AbortController();
    aborted.abort('stop');
    await expect(abortable(new Promise(() => undefined), aborted.signal)).rejects.toBe('stop');
  });
});

describe('fetch resolution', () => {
  it('falls back to cross-fetch only where there is no global fetch', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch')!;
    Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
    try {
      const fallback = await resolveFetch();
      expect(typeof fallback).toBe('function');
    } finally {
      Object.defineProperty(globalThis, 'fetch', descriptor);
    }
    const native = await resolveFetch();
    expect(typeof native).toBe('function');
  });
});

describe('remembered tokens in browser storage', () => {
  it("uses globalThis.localStorage when the option is 'localStorage'", () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
    try {
      const remembered = new RememberedToken('localStorage', 'http://cube.test/v1');
      remembered.write('tok', { expiresAt: 2000, refreshAt: 1500 });
      expect(remembered.read(1000)).toEqual({ token: 'tok', schedule: { expiresAt: 2000, refreshAt: 1500 } });
      expect(remembered.read(3000)).toBeUndefined();
      expect(items.size).toBe(0);
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it('a localStorage getter that throws (storage disabled) means memory only', () => {
    Object.defineProperty(globalThis, 'sessionStorage', {
      get() {
        throw new Error('SecurityError');
      },
      configurable: true,
    });
    try {
      const remembered = new RememberedToken('sessionStorage', 'http://cube.test/v1');
      remembered.write('tok', undefined);
      expect(remembered.read(0)).toBeUndefined();
    } finally {
      delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    }
  });
});

describe('jwt reading', () => {
  it('strips a Bearer prefix in any case', () => {
    expect(stripBearer('bearer abc')).toBe('abc');
    expect(stripBearer('BEARER  abc')).toBe('abc');
    expect(readTokenTimes(`Bearer ${makeJwt({ exp: 10, iat: 5 })}`)).toEqual({ exp: 10, iat: 5 });
  });

  it('ignores payloads that are not UTF-8 or not objects', () => {
    const bad = Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url');
    expect(readTokenTimes(`a.${bad}.c`)).toBeUndefined();
    expect(readTokenTimes(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toBeUndefined();
    expect(readTokenTimes(`a.${Buffer.from('nope').toString('base64url')}.c`)).toBeUndefined();
  });
});
