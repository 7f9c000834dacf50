#!/usr/bin/env node
// The project's one test command (`npm test`): every check and every suite, in order, each one
// counted; the last line is the total, `N passed, N failed`. A failing step does not stop the
// others, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const only = process.argv.slice(2);
const jestEnv = { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings' };
mkdirSync('.tmp', { recursive: true });

/** Runs a command with the terminal attached; returns whether it exited 0. */
function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status === 0;
}

/** Runs a Jest configuration and returns its test counts (a crash counts as one failure). */
function jest(name, prefix, config, extra = []) {
  const report = `.tmp/jest-${name}.json`;
  rmSync(report, { force: true });
  const command = [...prefix, 'npx', 'jest', '-c', config, '--json', `--outputFile=${report}`, ...extra];
  const ok = run(command[0], command.slice(1), jestEnv);
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const { numPassedTests, numFailedTests, numRuntimeErrorTestSuites } = JSON.parse(
    readFileSync(report, 'utf8'),
  );
  const failed = numFailedTests + numRuntimeErrorTestSuites;
  return { passed: numPassedTests, failed: ok || failed > 0 ? failed : failed + 1 };
}

const check = (command, args) => () =>
  run(command, args) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };

const steps = [
  ['types', check('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'])],
  ['lint', check('npx', ['eslint', '.', '--max-warnings=0'])],
  ['format', check('npx', ['prettier', '--check', '.'])],
  ['build', check('npm', ['run', 'build', '--silent'])],
  ['unit', () => jest('unit', [], 'jest.config.js', ['--coverage'])],
  ['dist', () => jest('dist', [], 'jest.dist.config.js')],
  ['size', check('node', ['scripts/size.mjs'])],
  ['docs', check('npm', ['run', 'docs', '--silent'])],
  ['package', check('node', ['scripts/package-check.mjs'])],
  ['e2e', () => jest('e2e', ['node', 'test/e2e/harness.mjs', '--'], 'jest.e2e.config.js', ['--runInBand'])],
];

const totals = { passed: 0, failed: 0 };
const lines = [];
for (const [name, step] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const { passed, failed } = step();
  totals.passed += passed;
  totals.failed += failed;
  lines.push(`${name.padEnd(8)} ${passed} passed, ${failed} failed`);
}
console.log(`\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
