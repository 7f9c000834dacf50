/**
 * `cube-client/react`: React hooks over a cube-client `CubeApi`, and the bridge that hands our
 * client to the published `@cubejs-client/react`.
 *
 * `react` (18 or later) is an optional peer dependency; `import cubejs from 'cube-client'` alone
 * holds no React code.
 *
 * @example
 * ```tsx
 * import cubejs from 'cube-client';
 * import { CubeProvider, useCubeQuery } from 'cube-client/react';
 *
 * const cubeApi = cubejs(() => fetchToken(), { apiUrl: '/cubejs-api/v1' });
 *
 * function OrdersCount() {
 *   const { resultSet, isLoading, error } = useCubeQuery({ measures: ['Orders.count'] });
 *   if (isLoading) return <p>Loading…</p>;
 *   if (error) return <p>{error.message}</p>;
 *   return <p>{resultSet?.rawData()[0]?.['Orders.count']}</p>;
 * }
 *
 * export const App = () => (
 *   <CubeProvider cubeApi={cubeApi}>
 *     <OrdersCount />
 *   </CubeProvider>
 * );
 * ```
 * @packageDocumentation
 */
export {
  CubeContext,
  CubeProvider,
  type CubeContextValue,
  type CubeProviderOptions,
  type CubeProviderProps,
} from './CubeProvider';
export { useCubeQuery, type UseCubeQueryOptions, type UseCubeQueryResult } from './useCubeQuery';
export { useCubeMeta, type UseCubeMetaOptions, type UseCubeMetaResult } from './useCubeMeta';
export { useCubeSql } from './useCubeSql';
export { useDryRun, useLazyDryRun } from './useDryRun';
export type { UseCubeFetchLoadOptions, UseCubeFetchOptions, UseCubeFetchResult } from './useCubeFetch';
export { useCubeToken, type UseCubeTokenResult } from './useCubeToken';
export { useRequest, type RequestState } from './useRequest';
export * from '../observer/index';
export { useCubeConnectionState } from './useCubeConnectionState';
