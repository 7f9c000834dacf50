/**
 * Differential suite: generated calls of `formatValue`, `getFormat` and `formatDateByGranularity`,
 * ours vs the published `@cubejs-client/core/format` 1.7.43, compared exactly. The published
 * entry is loaded twice: its ESM build (which shares our d3-format and d3-time-format) and its
 * CommonJS build (which carries its own copy of d3), so a difference in the d3 copies would show.
 *
 * `FORMAT_SEED=<n>` moves the seed, `FORMAT_RUNS=<n>` scales the number of cases.
 */
import { createRequire } from 'node:module';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import * as theirsEsm from '@cubejs-client/core/format';
import * as ours from '../../src/format';
import { dateCase, formatValueCase, getFormatCase, type FormatCase } from './cases';
import { differences, type FormatModule } from './compare';
import { SCALE, SEED } from './settings';

const theirsCjs = createRequire(import.meta.url)('@cubejs-client/core/format') as FormatModule;
const sample = (arbitrary: fc.Arbitrary<FormatCase>, runs: number, offset: number) =>
  fc.sample(arbitrary, { seed: SEED + offset, numRuns: Math.round(runs * SCALE) });

// The published formatter warns on every locale `Intl` rejects; the outputs are what is compared.
beforeAll(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterAll(() => jest.restoreAllMocks());

const SUITES = {
  formatValue: sample(formatValueCase, 4000, 0),
  getFormat: sample(getFormatCase, 1500, 1),
  formatDateByGranularity: sample(dateCase, 1500, 2),
};

describe.each([
  ['ESM', theirsEsm as unknown as FormatModule],
  ['CommonJS', theirsCjs],
])('ours vs the published %s build', (_build, theirs) => {
  test('the two builds of the published entry are distinct modules', () => {
    expect(theirsCjs).not.toBe(theirsEsm);
    expect(theirsCjs.formatValue).not.toBe(theirsEsm.formatValue);
  });

  test.each(Object.keys(SUITES) as Array<keyof typeof SUITES>)('%s: every generated call agrees', (name) => {
    const cases = SUITES[name];
    expect(cases.length).toBeGreaterThanOrEqual(Math.round(1000 * SCALE));
    expect(differences(ours as unknown as FormatModule, theirs, cases)).toEqual([]);
  });
});

test('the generator reaches every kind of format, locale and value it promises', () => {
  const options = SUITES.formatValue.map((c) => c.args[1] as Record<string, unknown>);
  const formats = new Set(
    options.map((o) =>
      typeof o.format === 'object' && o.format ? (o.format as { type: string }).type : o.format,
    ),
  );
  for (const kind of [
    'custom-numeric',
    'custom-time',
    'link',
    'currency_0',
    'abbr',
    'accounting_3',
    'id',
    undefined,
  ])
    expect(formats).toContain(kind);
  const locales = new Set(options.map((o) => o.locale));
  for (const locale of ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'hi-IN', 'ar-EG', 'not a locale', undefined])
    expect(locales).toContain(locale);
  const values = SUITES.formatValue.map((c) => c.args[0]);
  expect(values.some((v) => typeof v === 'string' && /^-?\d/.test(v))).toBe(true);
  expect(values.some((v) => typeof v === 'number' && Math.abs(v) > 1e21)).toBe(true);
  expect(values.some((v) => typeof v === 'number' && v !== 0 && Math.abs(v) < 1e-6)).toBe(true);
  expect(values.some((v) => Number.isNaN(v))).toBe(true);
  expect(values.some((v) => v instanceof Date)).toBe(true);
  expect(values).toContain(null);
});
