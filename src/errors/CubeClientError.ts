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

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
