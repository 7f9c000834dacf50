import { browserBundle } from '../support/browserBundle';

/** Code that is in any bundle holding React itself, or an import of it. */
const REACT_MARKERS = [
  /\buseState\b/,
  /\buseSyncExternalStore\b/,
  /react\.(production|development)/,
  /from\s*["']react["']/,
  /require\(["']react["']\)/,
];

describe('React stays out of the core bundle', () => {
  it('a browser bundle of `cube-client` holds no React and nothing of src/react', async () => {
    const { text, inputs } = await browserBundle('src/index.ts');
    expect(inputs).toContain('src/index.ts');
    expect(inputs.filter((input) => /node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(input))).toEqual(
      [],
    );
    expect(inputs.filter((input) => /src[\\/]react[\\/]/.test(input))).toEqual([]);
    for (const marker of REACT_MARKERS) expect(text).not.toMatch(marker);
  });

  it('the markers would catch React: the react entry, with react bundled, trips them', async () => {
    const { text, inputs } = await browserBundle('src/react/index.ts');
    expect(inputs.some((input) => /node_modules[\\/]react[\\/]/.test(input))).toBe(true);
    expect(text).toMatch(REACT_MARKERS[1]);
  });

  it('the react entry, with react external as in the package, imports it and holds no core runtime', async () => {
    const { text, inputs } = await browserBundle('src/react/index.ts', ['react']);
    expect(text).toMatch(/from\s*["']react["']/);
    // Only type imports reach into the core: hooks never pull in the transport or token code.
    expect(inputs.filter((input) => /src[\\/](core|auth|transport|result)[\\/]/.test(input))).toEqual([]);
  });
});
