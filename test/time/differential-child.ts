/**
 * Child-process runner of the time-helper differential suite (bundled and spawned by
 * differential.test.ts under another TZ): `node child.mjs <seed> <runs>` prints the report as JSON.
 */
import { compareTimeHelpers } from './cases';

process.stdout.write(JSON.stringify(compareTimeHelpers(Number(process.argv[2]), Number(process.argv[3]))));
