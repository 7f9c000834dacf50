/**
 * `cube-client/vue`: composables over a cube-client `CubeApi` for Vue 3.3 and later, on the same
 * framework-free observer as `cube-client/react` and `cube-client/svelte`.
 *
 * `vue` is an optional peer dependency; `import cubejs from 'cube-client'` alone holds no Vue code.
 *
 * @example
 * ```ts
 * // main.ts
 * import cubejs from 'cube-client';
 * import { provideCubeApi } from 'cube-client/vue';
 *
 * const app = createApp(App);
 * provideCubeApi(cubejs(() => fetchToken(), { apiUrl: '/cubejs-api/v1' }), { app });
 * app.mount('#app');
 *
 * // OrdersCount.vue, <script setup>
 * const { resultSet, isLoading } = useCubeQuery({ measures: ['Orders.count'] });
 * ```
 * @packageDocumentation
 */
export {
  CUBE_API_KEY,
  provideCubeApi,
  useCubeApi,
  type CubeApiContext,
  type ProvideCubeApiOptions,
} from './provideCubeApi';
export { useCubeQuery, type UseCubeQueryOptions, type UseCubeQueryResult } from './useCubeQuery';
export {
  useCubeMeta,
  useCubeSql,
  useDryRun,
  type UseCubeFetchOptions,
  type UseCubeFetchResult,
} from './useCubeFetch';
export { useCubeToken, type UseCubeTokenResult } from './useCubeToken';
export * from '../observer/index';
