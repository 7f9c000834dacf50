import { browserBundle } from '../support/browserBundle';

/** Code found in any bundle that holds a framework itself, or an import of it. */
const MARKERS = {
  react: [
    /\buseSyncExternalStore\b/,
    /react\.(production|development)/,
    /from\s*["']react["']/,
    /require\(["']react["']\)/,
  ],
  vue: [/\bshallowRef\b/, /__VUE_/, /from\s*["']vue["']/, /require\(["']vue["']\)/],
  svelte: [/svelte[\\/]internal/, /\bsetContext\b/, /from\s*["']svelte(\/store)?["']/, /require\(["']svelte/],
};
const FRAMEWORK_PACKAGES = /node_modules[\\/](react|react-dom|scheduler|vue|@vue|svelte)[\\/]/;
const ADAPTER_SOURCES = /src[\\/](react|vue|svelte|observer)[\\/]/;
const entries = [
  ['react', 'src/react/index.ts', ['react']],
  ['vue', 'src/vue/index.ts', ['vue']],
  ['svelte', 'src/svelte/index.ts', ['svelte', 'svelte/store']],
] as const;

describe('the frameworks stay out of the core bundle', () => {
  it('a browser bundle of `cube-client` holds no React, Vue or Svelte, and nothing of the adapters', async () => {
    const { text, inputs } = await browserBundle('src/index.ts');
    expect(inputs).toContain('src/index.ts');
    expect(inputs.filter((input) => FRAMEWORK_PACKAGES.test(input))).toEqual([]);
    expect(inputs.filter((input) => ADAPTER_SOURCES.test(input))).toEqual([]);
    for (const marker of Object.values(MARKERS).flat()) expect(text).not.toMatch(marker);
  });

  it.each(entries)(
    'the markers would catch %s: its entry with the framework bundled trips them',
    async (name, entry) => {
      const { text, inputs } = await browserBundle(entry);
      expect(inputs.some((input) => FRAMEWORK_PACKAGES.test(input))).toBe(true);
      expect(MARKERS[name].some((marker) => marker.test(text))).toBe(true);
    },
  );

  it.each(entries)(
    'the %s entry, framework external as in the package, imports it, holds the observer and no core runtime',
    async (name, entry, external) => {
      const { text, inputs } = await browserBundle(entry, [...external]);
      expect(text).toMatch(MARKERS[name][2]);
      expect(inputs).toContain('src/observer/RequestObserver.ts');
      // Only type imports reach into the core: adapters never pull in the transport or token code.
      expect(inputs.filter((input) => /src[\\/](core|auth|transport|result)[\\/]/.test(input))).toEqual([]);
      // And no adapter holds another framework's glue.
      const others = inputs.filter((input) => /src[\\/](react|vue|svelte)[\\/]/.test(input));
      expect(others.every((input) => input.includes(`src/${name}/`))).toBe(true);
    },
  );
});
