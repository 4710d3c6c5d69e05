import { createHash } from 'node:crypto';
import { cos, log, PI, sin, sqrt } from '../fast-math';

/** A seeded pseudo-random source. Never Math.random: the same seed gives the same day. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state), seeded from
 * SHA-256 of (seed, stream): each named stream is independent, so adding an instrument to a day
 * does not change the paths of the others.
 */
export function seededRng(seed: string | number, stream: string): Rng {
  const h = createHash('sha256').update(`${seed}\u0000${stream}`).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // mix the seed in
  let spare: number | undefined;
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      // Box-Muller, both values used
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      const u = 1 - next(); // (0, 1]: log is finite
      const r = sqrt(-2 * log(u));
      const theta = 2 * PI * next();
      spare = r * sin(theta);
      return r * cos(theta);
    },
  };
}
