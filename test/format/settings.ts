/** The seed of the formatting suites; `FORMAT_SEED=<n>` explores other inputs. */
export const SEED = process.env.FORMAT_SEED === undefined ? 0x0f0_4a7 : Number(process.env.FORMAT_SEED);
/** Scales the number of generated cases (`FORMAT_RUNS=2` doubles them). */
export const SCALE = Number(process.env.FORMAT_RUNS ?? 1);
