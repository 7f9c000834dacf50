/**
 * Child-process runner of the differential suite (bundled and spawned by differential.test.ts):
 * `node child.mjs <firstSeed> <count>` prints `{ configCases, calls, failures }` as JSON.
 * Running outside Jest's VM makes both clients about twice as fast, and lets the parent pick TZ.
 */
import { compareSeeds } from './differential';

process.stdout.write(JSON.stringify(compareSeeds(Number(process.argv[2]), Number(process.argv[3]))));
