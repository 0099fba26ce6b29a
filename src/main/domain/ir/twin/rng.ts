/** mulberry32: a one-word seeded generator, so a twin (and its clones) can copy its state exactly. */
export class TwinRng {
  constructor(public state: number) {}

  /** A uniform float in [0, 1). */
  float(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A Poisson count with mean `lambda` (Knuth; lambda is small here). */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let n = 0;
    for (let p = this.float(); p > limit; p *= this.float()) n++;
    return n;
  }

  copy(): TwinRng {
    return new TwinRng(this.state);
  }
}

/** A 32-bit FNV-1a hash of a string, to derive seeds from names. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
