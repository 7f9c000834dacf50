import type { TokenSource } from './auth/TokenProvider';
import { CubeApi } from './core/CubeApi';
import type { CubeApiOptions, LegacyCubeApiOptions } from './types/options';

/**
 * Creates a client for one Cube deployment.
 *
 * `token` is a static token, a function returning a token (or a promise of one) that the client
 * calls when it needs a new token, or `null` for a Cube server in dev mode. The options-only form
 * `cubejs({ apiToken, apiUrl })` of older versions is accepted too. The same as `new CubeApi(...)`.
 *
 * @example
 * ```ts
 * import cubejs from 'cube-client';
 *
 * const cubeApi = cubejs(() => fetch('/auth/cubejs-token').then((r) => r.json()).then((r) => r.token), {
 *   apiUrl: 'https://cube.example.com/cubejs-api/v1',
 * });
 * const resultSet = await cubeApi.load({ measures: ['Orders.count'] });
 * ```
 * @throws TypeError when an option or the token has the wrong type (checked here, not at the first request).
 */
export function cubejs(token: TokenSource, options: CubeApiOptions): CubeApi;
export function cubejs(options: LegacyCubeApiOptions): CubeApi;
export function cubejs(
  tokenOrOptions: TokenSource | LegacyCubeApiOptions,
  options?: CubeApiOptions,
): CubeApi {
  return new CubeApi(tokenOrOptions as TokenSource, options as CubeApiOptions);
}

export default cubejs;
