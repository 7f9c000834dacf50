// Jest transform for the Svelte suites' components: Svelte's own compiler, client output, so the
// tests mount real compiled components in jsdom.
const { compile } = require('svelte/compiler');

module.exports = {
  process(source, filename) {
    const { js } = compile(source, { filename, generate: 'client', dev: true });
    return { code: js.code, map: js.map };
  },
};
