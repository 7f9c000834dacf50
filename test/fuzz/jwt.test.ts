/**
 * The JWT payload reader and the refresh schedule under arbitrary input. `readTokenTimes` sees
 * whatever a token route returned, so it must never throw, never hang, and only ever report
 * finite numbers.
 */
import fc from 'fast-check';
import { readTokenTimes, scheduleToken, type TokenTimes } from '../../src/auth/jwt';
import { stripBearer } from '../../src/utils/stripBearer';
import { check, quick, RUNS } from './settings';

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const HEADER = b64url('{"alg":"HS256","typ":"JWT"}');

/** The contract: `undefined`, or an object whose claims are each `undefined` or a finite number. */
function wellFormed(result: TokenTimes | undefined): boolean {
  if (result === undefined) return true;
  return [result.exp, result.iat].every(
    (value) => value === undefined || (typeof value === 'number' && Number.isFinite(value)),
  );
}

const read = (token: string) => quick(() => readTokenTimes(token));

/** JSON text for a claim, including what JSON.stringify would never write (NaN, 1e400). */
const claimText = fc.oneof(
  fc.integer({ min: -2_000_000_000, max: 5_000_000_000 }).map(String),
  fc.double().map((value) => (Number.isFinite(value) ? JSON.stringify(value) : String(value))),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '-1e400',
    '"1767225600"',
    '"soon"',
    'null',
    'true',
    '[]',
    '{}',
    '-0',
    '0.5',
    '1.7976931348623157e308',
  ),
);

/** What a claim's JSON text means to a reader that only trusts finite numbers. */
function expectedClaim(text: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

describe(`readTokenTimes (${RUNS} runs per property)`, () => {
  it('any string at all (full unicode, lone surrogates): never throws, well-formed result', () => {
    check(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => wellFormed(read(text))),
      5_000,
    );
  });

  it('three dot-separated segments of random characters', () => {
    const segment = fc.string({ unit: 'binary', maxLength: 120 });
    check(
      fc.property(segment, segment, segment, (a, b, c) => wellFormed(read(`${a}.${b}.${c}`))),
      5_000,
    );
  });

  it('random bytes as the payload (valid base64url of invalid UTF-8 and non-JSON)', () => {
    check(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        wellFormed(read(`${HEADER}.${Buffer.from(bytes).toString('base64url')}.sig`)),
      ),
      5_000,
    );
  });

  it('bad base64url: padding, +, /, spaces, a length of 4n+1 → undefined, never a throw', () => {
    const good = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      minLength: 1,
      maxLength: 80,
    });
    const poison = fc.constantFrom('=', '==', '+', '/', ' ', '\n', '%', '.', '\u00e9', '\u0000');
    check(
      fc.property(good, poison, fc.nat(), (payload, bad, at) => {
        const position = at % (payload.length + 1);
        const broken = payload.slice(0, position) + bad + payload.slice(position);
        const result = read(`${HEADER}.${broken}.sig`);
        // '.' makes four segments; all others are not base64url: either way, no claims.
        return result === undefined;
      }),
      5_000,
    );
    check(
      fc.property(fc.nat({ max: 50 }), (n) => read(`${HEADER}.${'A'.repeat(4 * n + 1)}.sig`) === undefined),
      5_000,
    );
  });

  it('exp and iat as strings, floats, negatives, NaN, ±Infinity, 1e400: kept only when finite numbers', () => {
    check(
      fc.property(claimText, claimText, (exp, iat) => {
        const payload = `{"sub":"fuzz","exp":${exp},"iat":${iat}}`;
        const result = read(`${HEADER}.${b64url(payload)}.sig`);
        let valid = true;
        try {
          JSON.parse(payload);
        } catch {
          valid = false; // NaN, Infinity: not JSON, so not a JWT payload at all
        }
        if (!valid) return result === undefined;
        return (
          result !== undefined &&
          Object.is(result.exp, expectedClaim(exp)) &&
          Object.is(result.iat, expectedClaim(iat))
        );
      }),
      5_000,
    );
  });

  it('payloads that are JSON but not objects (arrays, strings, numbers, null) → undefined', () => {
    check(
      fc.property(
        fc.oneof(
          fc.array(fc.integer()),
          fc.string(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.constant(null),
          fc.boolean(),
        ),
        (value) => read(`${HEADER}.${b64url(JSON.stringify(value))}.sig`) === undefined,
      ),
      5_000,
    );
  });

  it('huge payloads (up to 200 KB) → fast; over 64 KB no claims, under it the claims', () => {
    check(
      fc.property(
        fc.integer({ min: 0, max: 150_000 }),
        fc.integer({ min: 1, max: 4_000_000_000 }),
        (padding, exp) => {
          const payload = b64url(JSON.stringify({ exp, pad: 'x'.repeat(padding) }));
          const result = read(`${HEADER}.${payload}.sig`);
          return payload.length > 64 * 1024 ? result === undefined : result?.exp === exp;
        },
      ),
      20_000,
    );
  });

  it('a Bearer prefix in any case and spacing reads like the bare token', () => {
    const prefix = fc
      .tuple(
        fc.constantFrom('Bearer', 'bearer', 'BEARER', 'BeArEr'),
        fc.constantFrom(' ', '  ', '\t', ' \t '),
      )
      .map(([word, space]) => word + space);
    check(
      fc.property(
        prefix,
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        (bearer, exp, iat) => {
          const token = `${HEADER}.${b64url(JSON.stringify({ exp, iat }))}.sig`;
          const result = read(bearer + token);
          return stripBearer(bearer + token) === token && result?.exp === exp && result?.iat === iat;
        },
      ),
      5_000,
    );
  });
});

describe(`scheduleToken (${RUNS} runs per property)`, () => {
  const random01 = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const seconds = fc.oneof(
    fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }),
    fc.double({ min: -1e10, max: 1e10, noNaN: true }),
  );
  const receivedAt = fc.integer({ min: 0, max: 5_000_000_000_000 });
  const leeway = fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: undefined });

  it('refreshAt ≤ expiresAt and refreshAt ≥ expiresAt − window, for any random in [0, 1)', () => {
    check(
      fc.property(
        seconds,
        fc.option(seconds, { nil: undefined }),
        receivedAt,
        random01,
        leeway,
        (exp, iat, at, r, lee) => {
          const schedule = scheduleToken({ exp, iat }, at, () => r, lee);
          if (!schedule) return false;
          const { expiresAt, refreshAt } = schedule;
          const lifetime = Math.max(0, expiresAt - at);
          const window = Math.min(lee ?? Math.min(60_000, lifetime * 0.2), lifetime);
          return (
            Number.isFinite(expiresAt) &&
            Number.isFinite(refreshAt) &&
            refreshAt <= expiresAt &&
            refreshAt >= expiresAt - window &&
            // No refresh before the token arrived, when it arrived alive.
            (expiresAt < at || refreshAt >= at)
          );
        },
      ),
      5_000,
    );
  });

  it('with iat ≤ exp the lifetime (less the second iat may be rounded by) counts from receipt, whatever the clocks say', () => {
    check(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.integer({ min: 0, max: 86_400 * 365 }),
        receivedAt,
        random01,
        (iat, life, at, r) => {
          const schedule = scheduleToken({ iat, exp: iat + life }, at, () => r);
          return schedule?.expiresAt === at + Math.max(0, life * 1000 - 1000);
        },
      ),
      5_000,
    );
  });

  it('no exp → no schedule (used until the server rejects it)', () => {
    check(
      fc.property(
        fc.option(seconds, { nil: undefined }),
        receivedAt,
        random01,
        (iat, at, r) => scheduleToken(iat === undefined ? undefined : { iat }, at, () => r) === undefined,
      ),
      5_000,
    );
  });
});
