/** The `fetch` signature the transport needs. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The global `fetch` when there is one (looked up at each call, so that a later polyfill or test
 * interceptor is honoured); otherwise `cross-fetch`, loaded only then, so that browsers and modern
 * Node never load it. The import names a module of ours, not the package: the ESM build a page
 * loads with `<script type="module">` must not contain a bare specifier a browser cannot resolve.
 */
export function resolveFetch(): FetchFunction | Promise<FetchFunction> {
  if (typeof globalThis.fetch === 'function') {
    return (input, init) => globalThis.fetch(input, init);
  }
  return import('./crossFetch').then((module) => module.fallbackFetch);
}
