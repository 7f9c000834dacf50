import type { TokenSource } from './auth/TokenProvider';
import { CubeApi } from './core/CubeApi';
import { HttpTransport } from './transport/HttpTransport';
import type { CubeApiOptions, LegacyCubeApiOptions } from './types/options';
import { validateOptions } from './utils/validateOptions';

/**
 * Creates a client for one Cube deployment.
 *
 * `token` is a static token, a function returning a token (or a promise of one) that the client
 * calls when it needs a new token, or `null` for a Cube server in dev mode. The options-only form
 * `cubejs({ apiToken, apiUrl })` of older versions is accepted too.
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
  maybeOptions?: CubeApiOptions,
): CubeApi {
  let token: unknown = tokenOrOptions;
  let rawOptions: unknown = maybeOptions;
  if (typeof tokenOrOptions === 'object' && tokenOrOptions !== null && !('then' in tokenOrOptions)) {
    const { apiToken, ...rest } = tokenOrOptions;
    token = apiToken;
    rawOptions = rest;
  }
  const options = validateOptions(rawOptions);
  // The token is checked by the TokenProvider the client builds, as it is on every setToken().
  return new CubeApi(token as TokenSource, new HttpTransport(options), options);
}

export default cubejs;
