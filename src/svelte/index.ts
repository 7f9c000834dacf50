/**
 * `cube-client/svelte`: store factories over a cube-client `CubeApi` for Svelte 4 and 5, on the
 * same framework-free observer as `cube-client/react` and `cube-client/vue`.
 *
 * `svelte` is an optional peer dependency; `import cubejs from 'cube-client'` alone holds no Svelte code.
 *
 * @example
 * ```svelte
 * <script>
 *   import { cubeQuery } from 'cube-client/svelte';
 *   const orders = cubeQuery({ measures: ['Orders.count'] }); // after setCubeApi(cubeApi) in a parent
 * </script>
 * <p>{$orders.isLoading ? 'Loading…' : $orders.resultSet?.rawData()[0]?.['Orders.count']}</p>
 * ```
 * @packageDocumentation
 */
export { getCubeApi, setCubeApi, type CubeApiContext, type SetCubeApiOptions } from './context';
export {
  cubeDryRun,
  cubeMeta,
  cubeQuery,
  cubeSql,
  cubeToken,
  type CubeFetchOptions,
  type CubeFetchState,
  type CubeQueryOptions,
  type CubeQueryState,
} from './stores';
export type { RefetchableStore } from './requestStore';
export * from '../observer/index';
