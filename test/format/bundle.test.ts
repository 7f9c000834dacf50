import { browserBundle } from '../support/browserBundle';

/** Strings that survive minification in any bundle holding d3-format or this entry. */
const FORMAT_MARKERS = [/invalid format: /, /%-m\/%-d\/%Y/, /%Y-%m-%d W%V/];
const fromFormat = (input: string) => /node_modules[\\/]d3-|src[\\/]format[\\/]/.test(input);

describe('formatting stays out of the core bundles', () => {
  test.each(['src/index.ts', 'src/umd.ts'])(
    'a browser bundle of %s holds no d3 and nothing of src/format',
    async (entry) => {
      const { text, inputs } = await browserBundle(entry);
      expect(inputs).toContain(entry);
      expect(inputs.filter(fromFormat)).toEqual([]);
      for (const marker of FORMAT_MARKERS) expect(text).not.toMatch(marker);
    },
  );

  test('the markers would catch it: the format entry, bundled the same way, trips every one', async () => {
    const { text, inputs } = await browserBundle('src/format/index.ts');
    expect(inputs.some((input) => input.includes('node_modules/d3-format/'))).toBe(true);
    // Dates are our own code: no d3-time-format, d3-time or d3-array.
    expect(inputs.filter((input) => /node_modules[\\/]d3-(time|array)/.test(input))).toEqual([]);
    for (const marker of FORMAT_MARKERS) expect(text).toMatch(marker);
  });

  test('the format entry, with d3-format external as in the package, imports it and nothing of the core', async () => {
    const { text, inputs } = await browserBundle('src/format/index.ts', ['d3-format']);
    expect(text).toMatch(/from\s*["']d3-format["']/);
    expect(inputs.filter((input) => !/src[\\/]format[\\/]/.test(input))).toEqual([]);
  });
});
