import { readTokenTimes } from '../../../src/auth/jwt';
import { stripBearer } from '../../../src/utils/stripBearer';
import { makeJwt } from '../../support/fixtures';

describe('jwt reading', () => {
  it('strips a Bearer prefix in any case', () => {
    expect(stripBearer('bearer abc')).toBe('abc');
    expect(stripBearer('BEARER  abc')).toBe('abc');
    expect(readTokenTimes(`Bearer ${makeJwt({ exp: 10, iat: 5 })}`)).toEqual({ exp: 10, iat: 5 });
  });

  it('ignores payloads that are not UTF-8 or not objects', () => {
    const bad = Buffer.from([0xff, 0xfe, 0xfd]).toString('base64url');
    expect(readTokenTimes(`a.${bad}.c`)).toBeUndefined();
    expect(readTokenTimes(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toBeUndefined();
    expect(readTokenTimes(`a.${Buffer.from('nope').toString('base64url')}.c`)).toBeUndefined();
  });
});
