// The framework-free core the React, Vue and Svelte entries share; each entry re-exports it.
export { asPublishedCubeApi, type CubeApiLike } from './CubeApiLike';
export {
  CubeTokenState,
  isTokenStateSource,
  type CubeTokenSnapshot,
  type CubeTokenStatus,
  type TokenStateSource,
} from './CubeTokenState';
export { RequestObserver, type RequestSink, type RequestSnapshot, type RequestSpec } from './RequestObserver';
export { TokenStateView, type CubeTokenInfo } from './TokenStateView';
export {
  fetchRequest,
  queryRequest,
  type FetchMethod,
  type FetchRequestOptions,
  type QueryRequestOptions,
  type QueryRows,
} from './requests';
// Kept in the adapters' API since cube-client/react first had them; one implementation, the core's.
export { deepEqual } from '../utils/deepEqual';
export { isQueryPresent } from '../query/isQueryPresent';
