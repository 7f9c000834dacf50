/**
 * cube-client: a small, typed client for Cube's REST API, drop-in compatible with
 * `@cubejs-client/core`, with token handling that refreshes ahead of expiry and once on rejection.
 *
 * @example
 * ```ts
 * import cubejs from 'cube-client';
 *
 * const cubeApi = cubejs(fetchCubeToken('/auth/cubejs-token'), { apiUrl: '/cubejs-api/v1' });
 * const resultSet = await cubeApi.load({ measures: ['Orders.count'] });
 * ```
 * @packageDocumentation
 */
export { cubejs, cubejs as default } from './cubejs';
export { CubeApi, isCubeAuthError } from './core/CubeApi';
export { ProgressResult, type ProgressResponse } from './core/ProgressResult';
export { SqlQuery, type SqlQueryResponse } from './core/SqlQuery';
export {
  TokenProvider,
  type TokenFunction,
  type TokenSource,
  type TokenState,
  type TokenStatus,
} from './auth/TokenProvider';
export { fetchCubeToken, type FetchCubeTokenOptions } from './auth/fetchCubeToken';
export type { TokenStorage, TokenStorageOption } from './auth/RememberedToken';
export { HttpTransport, type HttpTransportOptions } from './transport/HttpTransport';
export type {
  ErrorResponse,
  HttpTransportReply,
  ITransport,
  ITransportResponse,
  ITransportStreamParams,
  ITransportStreamResponse,
  TokenAwareTransport,
  Transport,
  TransportOptions,
  TransportRequest,
  TransportResponse,
  TransportTokenSource,
} from './transport/types';
export type { FetchFunction } from './utils/fetchImplementation';
export type { ConnectionState, ConnectionStatus, ConnectionStateSource } from './transport/connectionState';
export { CubeClientError } from './errors/CubeClientError';
export { RequestError, type RequestErrorCode } from './errors/RequestError';
export { TokenError, type TokenErrorCode } from './errors/TokenError';
export { ResultSet, QUERY_TYPE } from './result/ResultSet';
export { toResultSet } from './result/toResultSet';
export { Meta } from './result/Meta';
export type * from './types/query';
export type * from './types/options';
export type * from './types/response';
export type * from './types/meta';
export type * from './types/methods';
export type { CubeApi as CubejsApi } from './core/CubeApi';
export * from './query';
export * from './time';
