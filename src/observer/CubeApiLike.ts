import type { SqlQuery } from '../core/SqlQuery';
import type { Meta } from '../result/Meta';
import type { ResultSet } from '../result/ResultSet';
import type { DryRunResponse } from '../types/methods';
import type { LoadMethodCallback, LoadMethodOptions, Unsubscribe } from '../types/options';
import type { QueryInput } from '../types/query';

/**
 * What the hooks of `cube-client/react`, `/vue` and `/svelte` need of a client: the `CubeApi`
 * that `cubejs()` returns has all of it, and so can a test double or a wrapper of your own.
 *
 * `load` may resolve `null`: clients with `mutexObj` support do so for a superseded call, and the
 * hooks then keep what they show.
 *
 * @example
 * ```ts
 * const fake: CubeApiLike = {
 *   load: async () => resultSetFromFixture,
 *   meta: async () => metaFromFixture,
 *   subscribe: () => ({ unsubscribe: async () => undefined }),
 * };
 * render(<CubeProvider cubeApi={fake}><Dashboard /></CubeProvider>);
 * ```
 */
export interface CubeApiLike {
  /** Runs a query; must honour `options.signal`, `mutexObj`/`mutexKey` and `progressCallback`. */
  load(query: QueryInput, options?: LoadMethodOptions): Promise<ResultSet | null>;
  /** Must return its `{ unsubscribe }` synchronously, and call `callback` on every result or error. */
  subscribe(
    query: QueryInput,
    options: LoadMethodOptions | undefined,
    callback: LoadMethodCallback<ResultSet>,
  ): Unsubscribe;
  /** Fetches the data model; must honour `options.signal`. */
  meta(options?: LoadMethodOptions): Promise<Meta>;
  /** The SQL Cube generates; needed by `useCubeSql` only. */
  sql?(query: QueryInput, options?: LoadMethodOptions): Promise<SqlQuery | SqlQuery[]>;
  /** Validates a query without running it; needed by `useDryRun` only. */
  dryRun?(query: QueryInput, options?: LoadMethodOptions): Promise<DryRunResponse>;
  /** Logout; used by `useCubeToken().clearToken`. */
  clearToken?(): void;
}

/**
 * Hands a cube-client `CubeApi` to code typed against the published `@cubejs-client/core`, such
 * as `@cubejs-client/react`'s `CubeProvider`, `QueryRenderer` and `QueryBuilder`.
 *
 * At run time our client does what those components ask of it (`load` with `mutexObj`,
 * `mutexKey`, `progressCallback` and `castNumerics`, `subscribe` returning `{ unsubscribe }` at
 * once, `meta`, `sql`, `dryRun`). TypeScript cannot see that by itself: the published `CubeApi`
 * is a class with private fields, which only its own instances can match. This function is the
 * one checked cast: it accepts only a {@link CubeApiLike}, and returns it typed as the type you
 * name. It returns its argument unchanged.
 *
 * @typeParam Published - the type expected, usually `CubeApi` from `@cubejs-client/core`.
 * @example
 * ```tsx
 * import type { CubeApi } from '@cubejs-client/core';
 * import { CubeProvider, useCubeQuery } from '@cubejs-client/react';
 * import cubejs from 'cube-client';
 * import { asPublishedCubeApi } from 'cube-client/react';
 *
 * const cubeApi = cubejs(() => fetchToken(), { apiUrl: '/cubejs-api/v1' });
 *
 * export const App = () => (
 *   <CubeProvider cubeApi={asPublishedCubeApi<CubeApi>(cubeApi)}>
 *     <Dashboard />
 *   </CubeProvider>
 * );
 * ```
 */
// The type parameter appears once on purpose: naming the target type is the whole point.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function asPublishedCubeApi<Published extends object>(cubeApi: CubeApiLike): Published {
  return cubeApi as unknown as Published;
}
