import { inspect } from 'node:util';
import { RequestError } from '../../../src/errors/RequestError';
import { TokenError } from '../../../src/errors/TokenError';
import { REDACTED, redactToken } from '../../../src/utils/redact';
import cubejs from '../../../src/index';
import { API_URL, json, jwtAt, useFakeCube } from '../../support/fixtures';

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
    const unrelated = new RangeError('nothing to see');
    expect(redactToken(unrelated, token)).toMatchObject({ name: 'RangeError', message: 'nothing to see' });
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

describe('a server that echoes the Authorization header never gets the token into an error', () => {
  const cube = useFakeCube();
  const query = { measures: ['Orders.count'] };
  const jwt = jwtAt(Date.now(), 3600).replace(/sig$/, 'RWNob2luZ1NlcnZlclNpZ25hdHVyZTk4NzY');
  const sig = jwt.split('.')[2];
  const leaks = (error: unknown) => {
    const texts = [
      String(error),
      (error as Error).stack,
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
    ];
    return texts.some((text) => [jwt, jwt.toLowerCase(), sig].some((form) => text?.includes(form)));
  };
  type Echo = (authorization: string) => Response;
  const echoes: [string, Echo][] = [
    ['in `error` of a 500', (auth) => json({ error: `boom for ${auth}` }, 500)],
    ['in `error` of a 403 (AUTH_FAILED)', (auth) => json({ error: `Invalid token ${auth}` }, 403)],
    ['lower-cased in a 401', (auth) => json({ error: `no ${auth.toLowerCase()}` }, 401)],
    ['in an HTML body', (auth) => new Response(`<html><p>${auth}</p></html>`, { status: 400 })],
    ['lower-cased in an HTML body', (auth) => new Response(`<p>${auth.toLowerCase()}</p>`, { status: 400 })],
    ['as its signature only', (auth) => json({ error: `signature ${auth.split('.')[2]} is wrong` }, 500)],
    ['in a 200 body with an error', (auth) => json({ error: `echo ${auth}` }, 200)],
  ];

  it.each(echoes)('echoed %s', async (_label, echo) => {
    cube.answer((request) => echo(request.authorization ?? ''));
    const api = cubejs(async () => jwt, { apiUrl: API_URL, networkErrorRetries: 0 });
    const error = await api.load(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(leaks(error)).toBe(false);
  });

  it('a token ending in a newline (fetch sends it trimmed) echoed back', async () => {
    cube.answer((request) => json({ error: `boom for ${request.authorization}` }, 500));
    const api = cubejs(async () => `${jwt}\n`, { apiUrl: API_URL, networkErrorRetries: 0 });
    const error = await api.load(query).catch((e: unknown) => e);
    expect((error as RequestError).message).toBe('boom for [token]');
    expect(leaks(error)).toBe(false);
  });
});

describe('redactToken on causes the runtime builds', () => {
  it('copies a DOMException cause (message is a getter) instead of throwing', () => {
    const cause = new DOMException(`timed out for ${token}`, 'TimeoutError');
    const copy = redactToken(new Error('outer', { cause }), token);
    const copiedCause = copy.cause as DOMException;
    expect(copiedCause).toBeInstanceOf(DOMException);
    expect(copiedCause.message).toBe('timed out for [token]');
    expect(copiedCause.name).toBe('TimeoutError');
  });
});
