/**
 * A small seeded PRNG (sfc32, seeded through splitmix32). Math.random cannot be seeded, and the
 * demo data must be byte-identical for the same seed on every machine and Node version.
 */

/** splitmix32 step: spreads a 32-bit state into a well-mixed 32-bit output. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

/** A seeded sfc32 generator; `stream` gives independent sequences for the same seed. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** A spare normal from the last Box–Muller pair (NaN when none). */
  private spare = NaN;

  constructor(seed: number, stream = 0) {
    // Both 32-bit halves of the seed count, so seeds beyond 2^32 do not collide with small ones.
    const hi = splitmix32(Math.floor(seed / TWO_POW_32) | 0);
    let s = splitmix32((seed >>> 0) ^ hi ^ Math.imul(stream + 1, 0x6a09e667));
    this.a = s;
    this.b = s = splitmix32(s ^ 0x3c6ef372);
    this.c = s = splitmix32(s ^ 0x5be0cd19);
    this.d = 1;
    // sfc32's first outputs are weakly mixed; discard a few as its author recommends.
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.u32() / TWO_POW_32;
  }

  /** A uniform integer in [0, n) for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A standard normal variate (Box–Muller; both values of each pair are used). */
  normal(): number {
    const s = this.spare;
    if (!Number.isNaN(s)) {
      this.spare = NaN;
      return s;
    }
    const u = (this.u32() + 1) / (TWO_POW_32 + 1); // (0, 1): log(0) would be -Infinity
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.float();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Index drawn from cumulative weights `cum` (non-decreasing, last element = total). */
  pickCumulative(cum: ArrayLike<number>): number {
    const n = cum.length;
    const x = this.float() * (cum[n - 1] as number);
    let i = 0;
    while (i < n - 1 && (cum[i] as number) <= x) i++;
    return i;
  }
}
