/**
 * Differential suite: generated load responses, every ResultSet method, ours vs
 * `@cubejs-client/core` 1.7.42. Fixed seeds; `DIFF_SEED=<n>` explores another range of seeds and
 * `DIFF_CASES=<n>` changes how many responses are generated.
 */
import { generateCase } from './generator';
import { runCase } from './differential';

const BASE_SEED = process.env.DIFF_SEED ? Number(process.env.DIFF_SEED) : 20240501;
const RESPONSES = process.env.DIFF_CASES ? Number(process.env.DIFF_CASES) : 250;
const BATCH = 25;

let configCases = 0;
let calls = 0;

describe(`ResultSet matches @cubejs-client/core (seeds ${BASE_SEED}…${BASE_SEED + RESPONSES - 1})`, () => {
  for (let from = 0; from < RESPONSES; from += BATCH) {
    test(`responses ${from}…${Math.min(RESPONSES, from + BATCH) - 1}`, () => {
      const failures: string[] = [];
      for (let i = from; i < Math.min(RESPONSES, from + BATCH); i++) {
        const seed = BASE_SEED + i;
        const generated = generateCase(seed);
        configCases += generated.configs.length;
        const report = runCase(generated);
        calls += report.calls;
        for (const d of report.differences.slice(0, 3)) {
          failures.push(`seed ${seed} (${generated.kind}) ${d.call}\n${d.detail}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  afterAll(() => {
    // Printed so a run shows how much was compared; the count itself is asserted below.
    console.log(`differential: ${RESPONSES} responses, ${configCases} (response, pivot config) cases, ${calls} calls compared`);
  });

  test('covers at least 2,000 generated (response, pivot config) cases', () => {
    expect(configCases).toBeGreaterThanOrEqual(RESPONSES >= 250 ? 2000 : 1);
  });
});
