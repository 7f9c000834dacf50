import { TokenError } from '../errors/TokenError';
import type { FetchFunction } from '../utils/fetchImplementation';
import { resolveFetch } from '../utils/fetchImplementation';
import type { TokenFunction } from './TokenProvider';

/** Options of {@link fetchCubeToken}: a `RequestInit` for the token route, plus an optional `fetch`. */
export interface FetchCubeTokenOptions extends RequestInit {
  /** A `fetch` to use instead of the global one. */
  fetch?: FetchFunction;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function fromBody(text: string, status: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const bare = text.trim();
    if (JWT_SHAPE.test(bare)) return bare;
    throw new TokenError('TOKEN_INVALID', 'The token route answered with neither JSON nor a bare token', {
      status,
    });
  }
  const token = (parsed as { token?: unknown } | null)?.token;
  if (typeof token === 'string' && token !== '') return token;
  if (typeof parsed === 'string' && parsed !== '') return parsed;
  throw new TokenError('TOKEN_INVALID', 'The token route answered JSON without a "token" string', { status });
}

/**
 * The token function for an app's own token route (the `/auth/cubejs-token` of Cube's recipe):
 * fetches it with the page's cookies (the route is protected by the app's session) and accepts
 * `{ "token": "..." }` JSON or a bare JWT as the body. Nothing is cached here: the client's token
 * provider memoizes the token and calls this function again only when it needs a new one.
 *
 * Failures are `TokenError`s carrying the route's HTTP status: 401/403 →
 * `TOKEN_ROUTE_UNAUTHORIZED` (the user is logged out; `onAuthFailure` fires), other statuses and
 * network errors → `TOKEN_FETCH_FAILED`, an unusable body → `TOKEN_INVALID`.
 *
 * @example
 * ```ts
 * const cubeApi = cubejs(fetchCubeToken('/auth/cubejs-token'), { apiUrl: '/cubejs-api/v1' });
 * ```
 */
export function fetchCubeToken(url: string, options: FetchCubeTokenOptions = {}): TokenFunction {
  const { fetch: customFetch, ...init } = options;
  return async (context) => {
    const fetchImpl = customFetch ?? (await resolveFetch());
    // The provider's timeout cancels the request too, unless the caller brought its own signal.
    const signal = init.signal ?? context?.signal;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        credentials: 'same-origin',
        ...init,
        signal,
        headers: {
          Accept: 'application/json, text/plain',
          ...(init.headers as Record<string, string> | undefined),
        },
      });
      text = await response.text();
    } catch (cause) {
      throw new TokenError('TOKEN_FETCH_FAILED', 'The token route could not be reached', { cause });
    }
    if (response.status === 401 || response.status === 403) {
      throw new TokenError('TOKEN_ROUTE_UNAUTHORIZED', `The token route refused: HTTP ${response.status}`, {
        status: response.status,
      });
    }
    if (!response.ok) {
      throw new TokenError('TOKEN_FETCH_FAILED', `The token route answered HTTP ${response.status}`, {
        status: response.status,
      });
    }
    return fromBody(text, response.status);
  };
}
