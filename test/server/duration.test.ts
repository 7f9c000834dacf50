import { parseExpiresIn } from '../../src/server/duration';
import { TokenSigningError } from '../../src/errors/TokenSigningError';
import { thrownBy } from './support';

describe('parseExpiresIn', () => {
  it.each([
    [1, 1],
    [3600, 3600],
    ['45', 45],
    ['30s', 30],
    ['15m', 900],
    ['2h', 7200],
    ['30d', 2_592_000],
    ['1w', 604_800],
    [' 2 days ', 172_800],
    ['10 minutes', 600],
    ['1 hour', 3600],
    ['3 weeks', 1_814_400],
    ['5 secs', 5],
    ['2H', 7200],
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(parseExpiresIn(input)).toBe(seconds);
  });

  it.each([
    0,
    -1,
    -60,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 60,
    '',
    '0',
    '0d',
    '-5m',
    '1.5h',
    'abc',
    '10ms',
    '1y',
    '3 months',
    'm',
    '1 d 2 h',
  ])('refuses %p with EXPIRY_INVALID', (input) => {
    const error = thrownBy(() => parseExpiresIn(input));
    expect(error).toBeInstanceOf(TokenSigningError);
    expect(error.code).toBe('EXPIRY_INVALID');
    expect(error.message).toMatch(/^expiresIn must be a positive whole number/);
  });

  it.each([null, undefined, {}, true])('refuses the non-duration %p', (input) => {
    expect(thrownBy(() => parseExpiresIn(input as never)).code).toBe('EXPIRY_INVALID');
  });

  it('names the option it was given and shortens long input', () => {
    const error = thrownBy(() => parseExpiresIn('x'.repeat(500), '--expiry'));
    expect(error.message).toMatch(/^--expiry /);
    expect(error.message.length).toBeLessThan(200);
  });
});
