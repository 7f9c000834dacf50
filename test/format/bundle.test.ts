import { browserBundle } from '../support/browserBundle';

/** Strings that survive minification in any bundle holding d3-format, d3-time-format or this entry. */
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
    for (const library of ['d3-format', 'd3-time-format', 'd3-time'])
      expect(inputs.some((input) => input.includes(`node_modules/${library}/`))).toBe(true);
    for (const marker of FORMAT_MARKERS) expect(text).toMatch(marker);
  });

  test('the format entry, with d3 external as in the package, imports d3 and nothing of the core', async () => {
    const { text, inputs } = await browserBundle('src/format/index.ts', ['d3-format', 'd3-time-format']);
    expect(text).toMatch(/from\s*["']d3-format["']/);
    expect(text).toMatch(/from\s*["']d3-time-format["']/);
    expect(inputs.filter((input) => !/src[\\/]format[\\/]/.test(input))).toEqual([]);
  });
});
