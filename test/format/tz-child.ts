/**
 * Child process of tz.test.ts: the time-zone sensitive calls, ours vs both published builds,
 * under the TZ this process was started with. Prints a JSON report.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import * as ours from '../../src/format';
import { timeCase, yearBoundaryCases } from './cases';
import { differences, observe, type FormatModule } from './compare';
import { SEED } from './settings';

const runs = Number(process.argv[2]);
const theirsEsm = (await import('@cubejs-client/core/format')) as unknown as FormatModule;
const theirsCjs = createRequire(import.meta.url)('@cubejs-client/core/format') as FormatModule;
const cases = [...fc.sample(timeCase, { seed: SEED + 200, numRuns: runs }), ...yearBoundaryCases()];
const hash = createHash('sha256');
for (const generated of cases) hash.update(observe(ours as unknown as FormatModule, generated));

process.stdout.write(
  JSON.stringify({
    offsetJan: new Date(2024, 0, 1).getTimezoneOffset(),
    cases: cases.length,
    outputs: hash.digest('hex'),
    differences: [theirsEsm, theirsCjs].flatMap((theirs) =>
      differences(ours as unknown as FormatModule, theirs, cases),
    ),
  }),
);
