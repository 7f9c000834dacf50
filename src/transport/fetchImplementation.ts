/** The `fetch` signature the transport needs. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The global `fetch` when there is one; otherwise `cross-fetch`, loaded only then (the module
 * loader caches it), so that browsers and modern Node never load it.
 */
export function resolveFetch(): Promise<FetchFunction> {
  if (typeof globalThis.fetch === 'function') {
    return Promise.resolve((input, init) => globalThis.fetch(input, init));
  }
  return import('cross-fetch').then(
    (module) => (module.default ?? module) as unknown as FetchFunction,
  );
}
