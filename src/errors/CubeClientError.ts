import { redactToken } from '../utils/redact';

/**
 * Base class of every error this package throws on purpose.
 *
 * Each subclass carries a stable `code` that callers can switch on; messages are for people and
 * may change. No message ever contains a token.
 *
 * @example
 * ```ts
 * try {
 *   await cubeApi.load(query);
 * } catch (error) {
 *   if (error instanceof CubeClientError && error.code === 'AUTH_FAILED') redirectToLogin();
 * }
 * ```
 */
export abstract class CubeClientError<Code extends string = string> extends Error {
  /** A stable, machine-readable identifier of what went wrong. */
  readonly code: Code;

  /**
   * @param options.token - the token of the request this error is about: its every form is
   *   redacted from `message` and `cause` here, before the stack is captured.
   */
  constructor(code: Code, message: string, options?: { cause?: unknown; token?: string }) {
    const { token, ...rest } = options ?? {};
    super(redactToken(message, token), redactToken(rest, token));
    this.code = code;
    this.name = new.target.name;
  }
}
