/**
 * Differential suite of the time helpers and constants: ours against `@cubejs-client/core` 1.7.43
 * on generated dates, intervals, ranges and custom granularities (cases.ts), with fixed seeds
 * (`FUZZ_SEED` moves them, `FUZZ_RUNS` sets the runs per property). One run in this process, one
 * child under TZ=America/New_York (DST) and one under TZ=Asia/Kolkata (a half-hour offset), each
 * with its own seed.
 */
import * as theirs from '@cubejs-client/core';
import { bundleChildScript, runJsonChild } from '../support/nodeChild';
import * as ours from '../../src/index';
import { SEED } from '../fuzz/settings';
import { compareTimeHelpers, type TimeReport } from './cases';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const reports: Record<string, TimeReport> = {};

function runChild(file: string, tz: string, seed: number): Promise<TimeReport> {
  return runJsonChild<TimeReport>(file, [String(seed), String(RUNS)], tz);
}

describe('time helpers match @cubejs-client/core 1.7.43', () => {
  test('constants: GRANULARITIES, DEFAULT_GRANULARITY, DateRegex, LocalDateRegex, TIME_SERIES keys', () => {
    expect(ours.GRANULARITIES).toStrictEqual(theirs.GRANULARITIES);
    expect(ours.DEFAULT_GRANULARITY).toBe(theirs.DEFAULT_GRANULARITY);
    for (const name of ['DateRegex', 'LocalDateRegex'] as const) {
      expect([ours[name].source, ours[name].flags]).toEqual([theirs[name].source, theirs[name].flags]);
    }
    expect(Object.keys(ours.TIME_SERIES)).toEqual(Object.keys(theirs.TIME_SERIES));
  });

  test(`generated cases, in this process (TZ=${process.env.TZ ?? 'host'})`, () => {
    reports.host = compareTimeHelpers(SEED, RUNS);
    expect(reports.host.failures).toEqual([]);
  }, 120_000);

  test('generated cases in child processes under New York and Kolkata time', async () => {
    const file = await bundleChildScript('test/time/differential-child.ts', 'time-diff', [
      '@cubejs-client/core',
    ]);
    [reports.newYork, reports.kolkata] = await Promise.all([
      runChild(file, 'America/New_York', SEED + 1),
      runChild(file, 'Asia/Kolkata', SEED + 2),
    ]);
    expect([reports.newYork.offsetJan, reports.kolkata.offsetJan]).toEqual([300, -330]);
    expect([...reports.newYork.failures, ...reports.kolkata.failures]).toEqual([]);
  }, 240_000);

  test('across a DST change ours keeps the wall clock in every TZ; the published client follows the host clock', () => {
    const { host, newYork, kolkata } = reports as Record<string, TimeReport>;
    expect(newYork?.dst.ours).toEqual(host?.dst.ours);
    expect(kolkata?.dst.ours).toEqual(host?.dst.ours);
    expect(kolkata?.dst.theirs).toEqual(kolkata?.dst.ours);
    // Under New York time the published series skips 02:00 and 01:30 + 1 hour is 03:30.
    expect(newYork?.dst.theirs).toEqual([
      [
        '2024-03-10T00:00:00.000',
        '2024-03-10T01:00:00.000',
        '2024-03-10T03:00:00.000',
        '2024-03-10T04:00:00.000',
        '2024-03-10T05:00:00.000',
      ],
      '2024-03-10T03:30:00.000',
    ]);
    expect(newYork?.dst.ours).toEqual([
      [
        '2024-03-10T00:00:00.000',
        '2024-03-10T01:00:00.000',
        '2024-03-10T02:00:00.000',
        '2024-03-10T03:00:00.000',
        '2024-03-10T04:00:00.000',
        '2024-03-10T05:00:00.000',
      ],
      '2024-03-10T02:30:00.000',
    ]);
  });

  test('compared at least 8,000 generated cases', () => {
    const total = Object.values(reports).reduce((sum, r) => sum + r.cases, 0);
    console.log(`time helpers: ${total} generated cases compared with @cubejs-client/core (3 time zones)`);
    expect(total).toBeGreaterThanOrEqual(8_000);
  });
});
