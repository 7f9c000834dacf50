#!/usr/bin/env node
// `node bench/format.mjs`: cube-client/format against @cubejs-client/core/format in the same run:
// time per formatValue call for a table's worth of values in each common format, and the gzip
// size of an app using every export (esbuild, browser, minified). Needs `npm run build` first.
import { bundleApp, sizes } from '../scripts/size.mjs';
import * as published from '@cubejs-client/core/format';
import { root } from './lib/build.mjs';

const own = await import(`${root}dist/format.js`);
const VALUES = 20_000;
const ROUNDS = 5;
const numbers = Array.from({ length: VALUES }, (_, i) => String(((i * 7919.37) % 1e6) - 5e5));
const times = Array.from({ length: VALUES }, (_, i) =>
  new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
);
const FORMATS = {
  'number (no format)': [{ type: 'number' }, numbers],
  'currency, de-DE, EUR': [{ type: 'number', format: 'currency', currency: 'EUR', locale: 'de-DE' }, numbers],
  percent_1: [{ type: 'number', format: 'percent_1' }, numbers],
  'custom-numeric $,.2f': [{ type: 'number', format: { type: 'custom-numeric', value: '$,.2f' } }, numbers],
  'time by day': [{ type: 'time', granularity: 'day' }, times],
};

/** Median over rounds of the µs one formatValue call takes. */
function perCall(module, options, values) {
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const value of values) module.formatValue(value, options);
    runs.push(((performance.now() - started) * 1000) / values.length);
  }
  return runs.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
}

const app = (specifier) => `import * as format from '${specifier}'; globalThis.format = format;`;
const ownSize = sizes(
  await bundleApp(app('cube-client/format'), root, { 'cube-client/format': `${root}dist/format.js` }),
);
const publishedSize = sizes(await bundleApp(app('@cubejs-client/core/format'), root));

console.log(
  `${'metric'.padEnd(28)} ${'cube-client'.padStart(12)} ${'published'.padStart(12)}   published ÷ ours`,
);
console.log(
  `${'app bundle, gzip'.padEnd(28)} ${`${(ownSize.gzip / 1024).toFixed(1)} KB`.padStart(12)} ${`${(publishedSize.gzip / 1024).toFixed(1)} KB`.padStart(12)}`,
);
for (const [name, [options, values]] of Object.entries(FORMATS)) {
  const ours = perCall(own, options, values);
  const theirs = perCall(published, options, values);
  console.log(
    `${`formatValue: ${name}`.padEnd(28)} ${`${ours.toFixed(2)} µs`.padStart(12)} ${`${theirs.toFixed(2)} µs`.padStart(12)}   ${(theirs / ours).toFixed(2)}×`,
  );
}
