import { inspect } from 'node:util';
import { RequestError } from '../../../src/errors/RequestError';
import { TokenError } from '../../../src/errors/TokenError';
import { REDACTED, redactToken } from '../../../src/utils/redact';
import { jwtAt } from '../../support/fixtures';

const token = jwtAt(Date.UTC(2026, 0, 1), 3600, { sub: 'user-1' }).replace(
  /sig$/,
  'Zk9vQmFyU2lnbmF0dXJlUGFydDEyMzQ',
);
const signature = token.split('.')[2];

describe('redactToken: every form of the token, and nothing else', () => {
  it.each([
    ['as sent', token, token],
    ['as fetch sent it (a trailing newline trimmed)', `${token}\n`, token],
    ['lower-cased by an echoing proxy', token, token.toLowerCase()],
    ['upper-cased', token, token.toUpperCase()],
    ['without the Bearer prefix it was sent with', `Bearer ${token}`, token],
    ['its signature alone', token, signature],
  ])('%s', (_label, sent, echoed) => {
    const text = `proxy says: <b>${echoed}</b> is not welcome`;
    expect(redactToken(text, sent)).toBe(`proxy says: <b>${REDACTED}</b> is not welcome`);
  });

  it('walks plain objects and arrays, copying them, and leaves other text alone', () => {
    const body = { error: `bad ${token}`, nested: [{ header: token.toLowerCase(), n: 1 }], ok: 'fine' };
    const clean = redactToken(body, token);
    expect(clean).toEqual({ error: `bad ${REDACTED}`, nested: [{ header: REDACTED, n: 1 }], ok: 'fine' });
    expect(body.error).toBe(`bad ${token}`); // the original is not changed
  });

  it('replaces an error that mentions the token by a copy of the same class that does not', () => {
    const cause = new TypeError(`Headers.append: "${token}" is an invalid header value`);
    const clean = redactToken(cause, token);
    expect(clean).toBeInstanceOf(TypeError);
    expect(clean.message).toBe(`Headers.append: "${REDACTED}" is an invalid header value`);
    expect(clean.stack).not.toContain(signature);
    const unrelated = new Error('nothing to see');
    expect(redactToken(unrelated, token)).toBe(unrelated);
  });

  it('is the identity without a token, and leaves tokens too short to tell from words', () => {
    const body = { error: 'x' };
    expect(redactToken(body, undefined)).toBe(body);
    expect(redactToken('the token tok was refused', 'tok')).toBe('the token tok was refused');
  });

  it('cuts a body deeper than it walks instead of recursing without end', () => {
    let deep: unknown = token;
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    expect(JSON.stringify(redactToken(deep, token))).not.toContain(signature);
  });
});

describe('errors built with the token never show it', () => {
  const forms = [token, token.toLowerCase(), signature];

  it('RequestError: message, stack, response, cause, util.inspect and JSON.stringify', () => {
    const error = new RequestError('HTTP_ERROR', `server said ${token.toLowerCase()}`, {
      status: 500,
      response: { error: `echo ${token}`, html: `<p>${signature}</p>` },
      cause: new Error(`upstream ${token}`),
      token: `${token}\n`,
    });
    for (const text of [
      error.message,
      error.stack,
      String(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
    ]) {
      for (const form of forms) expect(text).not.toContain(form);
    }
    expect(error.message).toBe(`server said ${REDACTED}`);
    expect(error.response).toEqual({ error: `echo ${REDACTED}`, html: `<p>${REDACTED}</p>` });
  });

  it('TokenError takes the token the same way', () => {
    const error = new TokenError('TOKEN_INVALID', `refused ${token}`, { cause: token, token });
    expect(`${inspect(error)} ${JSON.stringify(error)}`).not.toContain(signature);
  });
});
