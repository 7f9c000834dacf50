import crossFetch from 'cross-fetch';
import type { FetchFunction } from './fetchImplementation';

/**
 * The Node fallback, alone in its module so that the build gives it a file of its own, reached
 * only through the dynamic import in `resolveFetch`. A browser that loads `dist/index.js` as is
 * therefore never requests the one file that names the bare specifier `cross-fetch`.
 */
export const fallbackFetch = crossFetch as unknown as FetchFunction;
