/**
 * Differential suite: generated load responses, every ResultSet method, ours vs
 * `@cubejs-client/core` 1.7.42, compared exactly (values, undefined keys, key order, thrown or not).
 *
 * 250 responses with fixed seeds (≈2,100 response × pivot config cases): the first 20 run here, in
 * Jest; the rest run in two child processes, one under TZ=America/New_York and one under
 * TZ=Asia/Kolkata (the generator keeps sub-day ranges away from DST changes, where the published
 * client follows the host clock; tz.test.ts covers those days).
 *
 * `DIFF_SEED=<n>` moves the seed range, `DIFF_CASES=<n>` changes the number of responses.
 */
import { bundleChildScript, runJsonChild } from '../support/nodeChild';
import { compareSeeds, type SeedRangeReport } from './differential';

const BASE_SEED = process.env.DIFF_SEED ? Number(process.env.DIFF_SEED) : 20240501;
const RESPONSES = process.env.DIFF_CASES ? Number(process.env.DIFF_CASES) : 250;
const IN_PROCESS = Math.min(RESPONSES, 20);

function runChild(file: string, tz: string, first: number, count: number): Promise<SeedRangeReport> {
  return runJsonChild<SeedRangeReport>(file, [String(first), String(count)], tz);
}

let configCases = 0;
let calls = 0;

describe(`ResultSet matches @cubejs-client/core (seeds ${BASE_SEED}…${BASE_SEED + RESPONSES - 1})`, () => {
  test(`responses 0…${IN_PROCESS - 1}, in process`, () => {
    const report = compareSeeds(BASE_SEED, IN_PROCESS);
    configCases += report.configCases;
    calls += report.calls;
    expect(report.failures).toEqual([]);
  });

  test(`responses ${IN_PROCESS}…${RESPONSES - 1}, in child processes under New York and Kolkata time`, async () => {
    const file = await bundleChildScript('test/result/differential-child.ts', 'resultset-diff', [
      '@cubejs-client/core',
    ]);
    const rest = RESPONSES - IN_PROCESS;
    const half = Math.ceil(rest / 2);
    const reports = await Promise.all([
      runChild(file, 'America/New_York', BASE_SEED + IN_PROCESS, half),
      runChild(file, 'Asia/Kolkata', BASE_SEED + IN_PROCESS + half, rest - half),
    ]);
    for (const r of reports) {
      configCases += r.configCases;
      calls += r.calls;
    }
    expect(reports.flatMap((r) => r.failures)).toEqual([]);
  }, 180_000);

  test('covers at least 2,000 generated (response, pivot config) cases', () => {
    // Printed so a run shows how much was compared; the count itself is asserted.
    console.log(
      `differential: ${RESPONSES} responses, ${configCases} (response, pivot config) cases, ${calls} calls compared`,
    );
    expect(configCases).toBeGreaterThanOrEqual(RESPONSES >= 250 ? 2000 : 1);
  });
});
