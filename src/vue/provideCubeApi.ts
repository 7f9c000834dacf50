import {
  hasInjectionContext,
  inject,
  provide,
  toValue,
  type App,
  type InjectionKey,
  type MaybeRefOrGetter,
} from 'vue';
import type { CubeApiLike } from '../observer/CubeApiLike';
import type { TokenStateSource } from '../observer/CubeTokenState';

/** Options of {@link provideCubeApi}. */
export interface ProvideCubeApiOptions {
  /** Default `castNumerics` of `useCubeQuery`; unset, the client's own option applies. */
  castNumerics?: boolean;
  /** Where `useCubeToken` reads token state; not needed when the client reports its own. */
  tokenState?: TokenStateSource;
  /** Provide to the whole app (`app.provide`) instead of the current component's descendants. */
  app?: App;
}

/** What the composables read from {@link provideCubeApi}. */
export interface CubeApiContext {
  readonly cubeApi: MaybeRefOrGetter<CubeApiLike | null>;
  readonly castNumerics?: boolean;
  readonly tokenState?: TokenStateSource;
}

/** The injection key behind {@link provideCubeApi}. */
export const CUBE_API_KEY: InjectionKey<CubeApiContext> = Symbol('cube-client');

/**
 * Makes a client available to the composables of `cube-client/vue`, in the calling component's
 * `setup` (for its descendants) or, with `options.app`, in the whole app. The client may be a ref
 * or a getter that is `null` until login: the composables then wait.
 *
 * @example
 * ```ts
 * const app = createApp(App);
 * provideCubeApi(cubejs(() => fetchToken(), { apiUrl: '/cubejs-api/v1' }), { app });
 * app.mount('#app');
 * ```
 */
export function provideCubeApi(
  cubeApi: MaybeRefOrGetter<CubeApiLike | null>,
  options: ProvideCubeApiOptions = {},
): void {
  const { app, ...rest } = options;
  const context: CubeApiContext = { cubeApi, ...rest };
  if (app) app.provide(CUBE_API_KEY, context);
  else provide(CUBE_API_KEY, context);
}

/** What the nearest {@link provideCubeApi} provided; an empty context when there is none. */
export function useCubeContext(): CubeApiContext {
  return (hasInjectionContext() ? inject(CUBE_API_KEY, null) : null) ?? { cubeApi: null };
}

/**
 * The provided client, or `null`, for calls of your own (`cubeApi.load` in an event handler).
 *
 * @example
 * ```ts
 * const cubeApi = useCubeApi();
 * const download = async () => exportCsv(await cubeApi!.load(query));
 * ```
 */
export function useCubeApi(): CubeApiLike | null {
  return toValue(useCubeContext().cubeApi);
}
