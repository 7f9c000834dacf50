import { redactToken } from '../utils/redact';
import { CubeClientError } from './CubeClientError';

/**
 * Why a request to the Cube API failed:
 * - `HTTP_ERROR`: the server answered with a non-2xx status (see `status` and `response`);
 * - `AUTH_FAILED`: the server rejected the token, and a fresh one (where the token is a function)
 *   was rejected too;
 * - `BAD_RESPONSE`: the body is not JSON (a proxy's HTML page, a truncated reply);
 * - `NETWORK_ERROR`: the connection failed, after the configured retries;
 * - `TIMEOUT`: an attempt took longer than `fetchTimeout`, after the configured retries;
 * - `ABORTED`: the caller's `AbortSignal` fired, or the subscription was cancelled;
 * - `GRAPHQL_ERROR`: the GraphQL endpoint answered with `errors` (see `response`).
 */
export type RequestErrorCode =
  'HTTP_ERROR' | 'AUTH_FAILED' | 'BAD_RESPONSE' | 'NETWORK_ERROR' | 'TIMEOUT' | 'ABORTED' | 'GRAPHQL_ERROR';

/**
 * Thrown by `load`, `sql`, `meta`, `dryRun` and `subscribe` when a request does not produce data.
 *
 * Compatible with the published client's `RequestError` (`message`, `response`, `status`), with a
 * stable `code` added.
 *
 * @example
 * ```ts
 * try {
 *   await cubeApi.load(query);
 * } catch (error) {
 *   if (error instanceof RequestError && error.code === 'HTTP_ERROR') console.log(error.status, error.response);
 * }
 * ```
 */
export class RequestError extends CubeClientError<RequestErrorCode> {
  /** HTTP status of the reply; `0` when no reply arrived. */
  readonly status: number;
  /** The parsed reply body, or a short excerpt of a non-JSON body. */
  readonly response: unknown;

  constructor(
    code: RequestErrorCode,
    message: string,
    details: {
      status?: number;
      response?: unknown;
      cause?: unknown;
      /** The request's token: redacted from the message, `response` and `cause` (see `redactToken`). */
      token?: string;
    } = {},
  ) {
    super(code, message, { cause: details.cause, token: details.token });
    this.status = details.status ?? 0;
    this.response = redactToken(details.response, details.token);
  }
}

/** The `ABORTED` error for a request whose signal fired; `reason` is the signal's. */
export function abortedRequest(reason: unknown): RequestError {
  return new RequestError('ABORTED', 'The request was aborted', { cause: reason });
}
