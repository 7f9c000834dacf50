// The token rules handed to a WebSocketTransport, built here from our TokenProvider the way the
// client is meant to build them (src/transport/types.ts, TransportTokenSource): a token valid
// now, one refresh after a rejection, then the error.
// TODO(ws lane): once CubeApi accepts `transport` and calls useTokenSource, drive the suites
// through `cubejs(tokenFn, { transport })` instead.
import { TokenProvider, type TokenSource } from '../../../src/auth/TokenProvider';
import { RequestError } from '../../../src/errors/RequestError';
import type { TransportTokenSource } from '../../../src/transport/types';

export function providerTokenSource(source: TokenSource): TransportTokenSource & {
  provider: TokenProvider;
  setToken(next: TokenSource): void;
} {
  const provider = new TokenProvider(source);
  const identity = new Set<() => void>();
  return {
    provider,
    getToken: (signal) => provider.getToken(signal),
    rejected: async (token, signal) => {
      if (provider.reportRejected(token)) return provider.getToken(signal);
      throw new RequestError('AUTH_FAILED', 'The Cube server rejected the token', { status: 403 });
    },
    onIdentityChange: (listener) => {
      identity.add(listener);
      return () => identity.delete(listener);
    },
    setToken: (next) => {
      provider.setToken(next);
      for (const listener of identity) listener();
    },
  };
}
