// mulberry32: a 32-bit seeded generator. Good enough to spread jitter and to make a simulation
// or a test repeat exactly from its seed; not for anything secret.

/** Returns a function that yields numbers in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
