import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import type { CubeApiLike } from '../observer/CubeApiLike';
import type { TokenStateSource } from '../observer/CubeTokenState';

/** Defaults for every hook under a {@link CubeProvider}. */
export interface CubeProviderOptions {
  /** Default `castNumerics` of `useCubeQuery`; unset, the client's own option applies. */
  castNumerics?: boolean;
}

/** Props of {@link CubeProvider}. */
export interface CubeProviderProps {
  /**
   * The client: `cubejs(...)`'s `CubeApi`, or any {@link CubeApiLike}. `null` while there is none
   * yet (before login): hooks below then need `skip` or their own `cubeApi`.
   */
  cubeApi: CubeApiLike | null;
  options?: CubeProviderOptions;
  /**
   * Where `useCubeToken` reads token state: a {@link CubeTokenState} wired into the client.
   * Not needed when the client reports token state itself.
   */
  tokenState?: TokenStateSource;
  children?: ReactNode;
}

/** What the hooks read from the nearest {@link CubeProvider}. */
export interface CubeContextValue {
  cubeApi: CubeApiLike | null;
  options: CubeProviderOptions;
  tokenState?: TokenStateSource;
}

/**
 * The context behind {@link CubeProvider}; read it for direct access to the client.
 *
 * @example
 * ```ts
 * const { cubeApi } = useContext(CubeContext) ?? {};
 * ```
 */
export const CubeContext = createContext<CubeContextValue | null>(null);
CubeContext.displayName = 'CubeContext';

/**
 * Makes a client available to the hooks of `cube-client/react` below it.
 *
 * @example
 * ```tsx
 * import cubejs from 'cube-client';
 * import { CubeProvider } from 'cube-client/react';
 *
 * const cubeApi = cubejs(() => fetchToken(), { apiUrl: '/cubejs-api/v1' });
 *
 * export const App = () => (
 *   <CubeProvider cubeApi={cubeApi} options={{ castNumerics: true }}>
 *     <Dashboard />
 *   </CubeProvider>
 * );
 * ```
 */
export function CubeProvider({ cubeApi, options, tokenState, children }: CubeProviderProps): ReactNode {
  const castNumerics = options?.castNumerics;
  // A new value object on every parent render would re-render every consumer; build it only
  // when something in it changed (an inline `options={{...}}` literal is compared by content).
  const value = useMemo<CubeContextValue>(
    () => ({ cubeApi, options: castNumerics === undefined ? {} : { castNumerics }, tokenState }),
    [cubeApi, castNumerics, tokenState],
  );
  return createElement(CubeContext.Provider, { value }, children);
}

/** The nearest provider's value, or an empty one. */
export function useCubeContext(): CubeContextValue {
  return useContext(CubeContext) ?? { cubeApi: null, options: {} };
}
