import { browserBundle } from '../support/browserBundle';

/**
 * Strings that survive minification in any bundle holding jose: its name (in comments, paths and
 * messages) and its stable error codes and class names, which are string literals.
 */
const JOSE_MARKERS = [
  /jose/i,
  /ERR_JWS_/,
  /ERR_JWT_/,
  /ERR_JOSE_/,
  /JWSSignatureVerificationFailed/,
  /JWTClaimValidationFailed/,
];

describe('the browser bundle of cube-client', () => {
  it('holds no byte of jose, and nothing of the server entry', async () => {
    const { text, inputs } = await browserBundle('src/index.ts');
    expect(inputs).toContain('src/index.ts');
    expect(inputs.filter((input) => /node_modules[\\/]jose[\\/]/.test(input))).toEqual([]);
    expect(inputs.filter((input) => /src[\\/](server|cli)[\\/]/.test(input))).toEqual([]);
    for (const marker of JOSE_MARKERS) expect(text).not.toMatch(marker);
  });

  it('would notice jose if it were there (the server entry built the same way)', async () => {
    const { text, inputs } = await browserBundle('src/server/index.ts', ['node:*']);
    expect(inputs.some((input) => /node_modules[\\/]jose[\\/]/.test(input))).toBe(true);
    for (const marker of JOSE_MARKERS) expect(text).toMatch(marker);
  });
});
