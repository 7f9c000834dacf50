/**
 * Child-process runner of the differential suite (bundled and spawned by differential.test.ts):
 * `node child.mjs <firstSeed> <count>` prints `{ configCases, calls, failures }` as JSON.
 * Running outside Jest's VM makes both clients about twice as fast, and lets the parent pick TZ.
 */
import { runCase } from './differential';
import { generateCase } from './generator';

const first = Number(process.argv[2]);
const count = Number(process.argv[3]);
let configCases = 0;
let calls = 0;
const failures: string[] = [];
for (let seed = first; seed < first + count; seed++) {
  const generated = generateCase(seed);
  configCases += generated.configs.length;
  const report = runCase(generated);
  calls += report.calls;
  for (const d of report.differences.slice(0, 3))
    failures.push(`seed ${seed} (${generated.kind}) ${d.call}\n${d.detail}`);
}
process.stdout.write(JSON.stringify({ configCases, calls, failures }));
