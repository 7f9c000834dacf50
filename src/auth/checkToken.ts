import { TokenError } from '../errors/TokenError';

/** The ends `fetch` trims from a header value before it checks it (HTTP whitespace). */
const TRIMMED_ENDS = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** What `fetch` refuses in a header value: CR, LF, NUL, and anything that is not a byte. */
const UNSENDABLE = /[\0\r\n]|[^\0-\u00ff]/;

/**
 * Throws `TOKEN_INVALID` for a token `fetch` could not put in the `Authorization` header. Caught
 * here rather than by `fetch`, whose TypeError would look like a network fault, be retried with
 * the same token, and quote it. The message says what is wrong, never what the token is.
 */
export function checkSendable(token: string, source: string): string {
  if (UNSENDABLE.test(token.replace(TRIMMED_ENDS, ''))) {
    throw new TokenError(
      'TOKEN_INVALID',
      `${source} gave a token an HTTP header cannot carry (CR, LF, NUL or a character above U+00FF)`,
    );
  }
  return token;
}

/** The token function's result as a token, or `TOKEN_INVALID`: a non-empty string `fetch` can send. */
export function checkReturnedToken(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = value === '' ? 'an empty string' : typeof value;
    throw new TokenError('TOKEN_INVALID', `The token function returned ${got}, not a token string`);
  }
  return checkSendable(value, 'The token function');
}
