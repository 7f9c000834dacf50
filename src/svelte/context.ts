import { getContext, hasContext, setContext } from 'svelte';
import type { CubeApiLike } from '../observer/CubeApiLike';
import type { TokenStateSource } from '../observer/CubeTokenState';

/** Options of {@link setCubeApi}. */
export interface SetCubeApiOptions {
  /** Default `castNumerics` of `cubeQuery`; unset, the client's own option applies. */
  castNumerics?: boolean;
  /** Where `cubeToken` reads token state; not needed when the client reports its own. */
  tokenState?: TokenStateSource;
}

/** What the store factories read from {@link setCubeApi}. */
export interface CubeApiContext extends SetCubeApiOptions {
  readonly cubeApi: CubeApiLike;
}

const CUBE_API_KEY = Symbol('cube-client');

/**
 * Makes a client available to the store factories of `cube-client/svelte` in this component and
 * its descendants. Call it while the component initialises, as any Svelte context.
 *
 * @example
 * ```svelte
 * <script>
 *   import cubejs from 'cube-client';
 *   import { setCubeApi } from 'cube-client/svelte';
 *   setCubeApi(cubejs(() => fetchToken(), { apiUrl: '/cubejs-api/v1' }));
 * </script>
 * <slot />
 * ```
 */
export function setCubeApi(cubeApi: CubeApiLike, options: SetCubeApiOptions = {}): void {
  setContext<CubeApiContext>(CUBE_API_KEY, { cubeApi, ...options });
}

/** What the nearest {@link setCubeApi} set, or `undefined`; call it while a component initialises. */
export function getCubeContext(): CubeApiContext | undefined {
  return hasContext(CUBE_API_KEY) ? getContext<CubeApiContext>(CUBE_API_KEY) : undefined;
}

/**
 * The client set by the nearest {@link setCubeApi}, for calls of your own.
 *
 * @example
 * ```ts
 * const cubeApi = getCubeApi();
 * const download = async () => exportCsv(await cubeApi.load(query));
 * ```
 */
export function getCubeApi(): CubeApiLike {
  const context = getCubeContext();
  if (!context) throw new Error('No Cube client: call setCubeApi(cubeApi) in a parent component');
  return context.cubeApi;
}

/** The client a factory uses: its own option, else the context's (read only when needed). */
export function clientFor(cubeApi: CubeApiLike | undefined): { cubeApi: CubeApiLike } & SetCubeApiOptions {
  return cubeApi ? { cubeApi } : (getCubeContext() ?? { cubeApi: getCubeApi() });
}
