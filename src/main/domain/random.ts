/**
 * Seeded pseudo-random numbers for the whole core. Math.random cannot be seeded, and every random
 * choice (splits, demo data, the twin, the RL and LLM agents) must replay bit for bit from a seed
 * on every machine and Node version. Two generators live here because each one's outputs are
 * pinned by tests and published tables: mulberry32 (one word of state, cheap to copy) and sfc32
 * (the demo data's, with independent streams per seed). Neither is for cryptography.
 */

const TWO_POW_32 = 4294967296;

/** mulberry32 with its one-word state in the open, so a twin (and its clones) can copy it. */
export class Mulberry32 {
  constructor(public state: number) {}

  /** A uniform float in [0, 1). */
  float(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A Poisson count with mean `lambda` (Knuth; meant for small lambda). */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let n = 0;
    for (let p = this.float(); p > limit; p *= this.float()) n++;
    return n;
  }

  /** An independent generator at the same point of the sequence. */
  copy(): Mulberry32 {
    return new Mulberry32(this.state);
  }
}

/** A mulberry32 draw function seeded from `seed` (mixed with the golden ratio, so 0 is fine). */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32((Math.trunc(seed) ^ 0x9e3779b9) | 0);
  return () => g.float();
}

/** In-place Fisher–Yates shuffle of a[0..n). */
export function shuffle(a: Uint32Array, rand: () => number, n = a.length): void {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** A 32-bit FNV-1a hash of a string, to derive seeds from names. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** splitmix32 step: spreads a 32-bit state into a well-mixed 32-bit output. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded sfc32 generator (seeded through splitmix32); `stream` gives independent sequences. */
export class Sfc32 {
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
