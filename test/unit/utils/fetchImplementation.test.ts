import { resolveFetch } from '../../../src/utils/fetchImplementation';

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
