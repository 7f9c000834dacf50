#!/usr/bin/env node
// Packaging checks on the built package: publint, and @arethetypeswrong/cli on the packed
// tarball (types must resolve under node10, node16 CJS and ESM, and bundler resolution).
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync('npx', args, { stdio: 'inherit' }).status === 0;
const publint = run(['publint', '--strict']);
const attw = run(['attw', '--pack', '.']);
process.exit(publint && attw ? 0 : 1);
