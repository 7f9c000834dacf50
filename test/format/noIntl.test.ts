/**
 * Runtimes without `Intl` (some edge and embedded JavaScript engines): the same generated calls,
 * with `Intl` removed from this test file's global before either formatter is loaded, so the
 * published one detects no locale at import, as it would there. Locales with fixed separators
 * keep them; every other locale formats as en-US, and currencies show their sign from a short
 * list or their code.
 */
import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { formatValueCase, getFormatCase, type FormatCase } from './cases';
import { differences, type FormatModule } from './compare';
import { SEED } from './settings';

const intl = globalThis.Intl;
let ours: FormatModule;
let theirs: FormatModule[];

beforeAll(async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  Reflect.deleteProperty(globalThis, 'Intl');
  ours = (await import('../../src/format')) as unknown as FormatModule;
  theirs = [
    (await import('@cubejs-client/core/format')) as unknown as FormatModule,
    createRequire(import.meta.url)('@cubejs-client/core/format') as FormatModule,
  ];
});

afterAll(() => {
  globalThis.Intl = intl;
  jest.restoreAllMocks();
});

const sample = (arbitrary: fc.Arbitrary<FormatCase>, runs: number, offset: number) =>
  fc.sample(arbitrary, { seed: SEED + 100 + offset, numRuns: runs });

test('Intl is really gone for both formatters', () => {
  expect(typeof Intl).toBe('undefined');
  expect(() => new Intl.NumberFormat()).toThrow(ReferenceError);
  // Both fall back the same way: German keeps its separators, Hindi formats as en-US.
  const options = { type: 'number', format: 'currency', currency: 'EUR' } as const;
  expect(ours.formatValue(1234567.5, { ...options, locale: 'de-DE' } as never)).toBe('€1.234.567,5');
  expect(ours.formatValue(1234567.5, { ...options, locale: 'hi-IN' } as never)).toBe('€1,234,567.5');
  // With Intl, Japanese writes the yen sign full width ('￥'); both took the short list's sign.
  const yen = { type: 'number', format: 'currency_0', currency: 'JPY', locale: 'ja-JP' } as never;
  for (const module of [ours, ...theirs]) expect(module.formatValue(1234.5, yen)).toBe('¥1,235');
});

test.each([
  ['formatValue', sample(formatValueCase, 2000, 0)],
  ['getFormat', sample(getFormatCase, 600, 1)],
])('%s without Intl: every generated call agrees with both published builds', (_name, cases) => {
  for (const published of theirs) expect(differences(ours, published, cases)).toEqual([]);
});
