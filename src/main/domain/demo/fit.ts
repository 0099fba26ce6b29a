/**
 * The statistics behind scripts/fit-demo-profile.ts: weighted quantile functions with atoms,
 * weighted k-means, and one-factor Gaussian-copula loadings. Pure functions, so they are tested
 * without the real data.
 */
import { normalQuantile } from './normal';
import type { Sfc32 } from '../random';

/**
 * A stored feature distribution (see profile.ts): a constant, quantiles at the levels, [u, x] knots,
 * or a discrete distribution {v: values, p: cumulative shares}.
 */
export type Distribution = number | number[] | [number[], number[]] | { v: number[]; p: number[] };

/**
 * Rounds to `digits` significant digits, except integers below 10^5 (ports, window sizes, packet
 * lengths), which stay exact because their exact values are what makes flows look real.
 */
export function roundSig(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x) || (Number.isInteger(x) && Math.abs(x) < 1e5)) return x;
  return Number(x.toPrecision(digits));
}

const roundU = (u: number): number => Math.round(u * 1e4) / 1e4;

/** Distinct values (ascending) and their summed weights. */
function distinctWeighted(
  xs: ArrayLike<number>,
  ws: ArrayLike<number>,
): { v: number[]; w: number[] } {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort(
    (a, b) => (xs[a] as number) - (xs[b] as number),
  );
  const v: number[] = [];
  const w: number[] = [];
  for (const i of order) {
    const x = xs[i] as number;
    if (v.length && v[v.length - 1] === x)
      w[w.length - 1] = (w[w.length - 1] as number) + (ws[i] as number);
    else {
      v.push(x);
      w.push(ws[i] as number);
    }
  }
  return { v, w };
}

/** Options of {@link encodeDistribution}. */
export interface EncodeOptions {
  /** A value holding at least this share of the weight becomes an exact atom. Default 0.02. */
  atomShare?: number;
  /** With at most this many distinct values the distribution is stored exactly. Default 24. */
  maxDiscrete?: number;
}

/** Drops knots inside flat runs and rounds; returns plain quantiles when the knots are the levels. */
function compactKnots(u: number[], x: number[], levels: readonly number[]): Distribution {
  const ru: number[] = [];
  const rx: number[] = [];
  for (let i = 0; i < u.length; i++) {
    // Rounding keeps small integers exact but not nearby fractions, so restore monotonicity.
    const xi = Math.max(
      roundSig(x[i] as number),
      rx.length ? (rx[rx.length - 1] as number) : -Infinity,
    );
    const ui = roundU(u[i] as number);
    const n = rx.length;
    if (n && ru[n - 1] === ui && rx[n - 1] === xi) continue;
    if (n >= 2 && rx[n - 1] === xi && rx[n - 2] === xi)
      ru[n - 1] = ui; // extend the flat run
    else {
      ru.push(ui);
      rx.push(xi);
    }
  }
  ru[0] = 0;
  ru[ru.length - 1] = 1;
  if (rx.every((v) => v === rx[0])) return rx[0] as number;
  if (ru.length === levels.length && ru.every((v, i) => v === roundU(levels[i] as number)))
    return rx;
  return [ru, rx];
}

/** A discrete distribution, rounded; values whose rounded share vanishes are merged into the next. */
function discrete(v: number[], cum: number[]): Distribution {
  const rv: number[] = [];
  const rp: number[] = [];
  v.forEach((vj, j) => {
    const x = Math.max(roundSig(vj), rv.length ? (rv[rv.length - 1] as number) : -Infinity);
    const p = j === v.length - 1 ? 1 : roundU(cum[j] as number);
    const n = rv.length;
    if (n && rp[n - 1] === p) return; // no mass left after rounding
    if (n && rv[n - 1] === x) rp[n - 1] = p;
    else {
      rv.push(x);
      rp.push(p);
    }
  });
  return rv.length === 1 ? (rv[0] as number) : { v: rv, p: rp };
}

/**
 * The weighted empirical quantile function of `xs`, as a constant, quantiles at `levels`, or knots
 * where heavy values (ports, window sizes, flag counts) are exact atoms so that sampling never
 * invents values between them.
 */
export function encodeDistribution(
  xs: ArrayLike<number>,
  ws: ArrayLike<number>,
  levels: readonly number[],
  opts: EncodeOptions = {},
): Distribution {
  const { v, w } = distinctWeighted(xs, ws);
  if (v.length === 0) return 0;
  if (v.length === 1) return roundSig(v[0] as number);
  const total = w.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  w.reduce((s, wi, j) => (cum[j] = s + wi / total), 0);
  const start = (j: number): number => (j === 0 ? 0 : (cum[j - 1] as number));
  const u: number[] = [];
  const x: number[] = [];
  if (v.length <= (opts.maxDiscrete ?? 24)) return discrete(v, cum);
  // Quantile at p: linear between the mid-points of each value's share of the weight.
  const mids = v.map((_, j) => (start(j) + (cum[j] as number)) / 2);
  const q = (p: number): number => {
    if (p <= (mids[0] as number)) return v[0] as number;
    let j = 1;
    while (j < mids.length - 1 && (mids[j] as number) < p) j++;
    if (p >= (mids[j] as number)) return v[j] as number;
    const m0 = mids[j - 1] as number;
    return (
      (v[j - 1] as number) +
      (((v[j] as number) - (v[j - 1] as number)) * (p - m0)) / ((mids[j] as number) - m0)
    );
  };
  const atoms = v
    .map((_, j) => j)
    .filter((j) => (w[j] as number) / total >= (opts.atomShare ?? 0.02));
  const knots: [number, number][] = [];
  for (const p of levels) {
    const inside = atoms.some((j) => p > start(j) && p < (cum[j] as number));
    if (!inside)
      knots.push([p, p === 0 ? (v[0] as number) : p === 1 ? (v[v.length - 1] as number) : q(p)]);
  }
  for (const j of atoms) knots.push([start(j), v[j] as number], [cum[j] as number, v[j] as number]);
  knots.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let run = -Infinity;
  for (const [ui, xi] of knots) {
    run = Math.max(run, xi); // interpolated level values may not undercut an atom below them
    u.push(ui);
    x.push(run);
  }
  return compactKnots(u, x, levels);
}

/** Weighted normal scores: each value maps to Φ⁻¹ of the middle of its share of the weight. */
export function normalScores(xs: ArrayLike<number>, ws: ArrayLike<number>): Float64Array {
  const { v, w } = distinctWeighted(xs, ws);
  const total = w.reduce((a, b) => a + b, 0);
  const score = new Map<number, number>();
  let s = 0;
  v.forEach((vj, j) => {
    const mid = (s + (w[j] as number) / 2) / total;
    s += w[j] as number;
    score.set(vj, normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, mid))));
  });
  return Float64Array.from(Array.from(xs, (x) => score.get(x) ?? 0));
}

/** Top eigenpair of a symmetric matrix by power iteration. */
function topEigen(m: Float64Array[], iters = 100): { value: number; vector: Float64Array } {
  const n = m.length;
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let value = 0;
  for (let it = 0; it < iters; it++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = m[i] as Float64Array;
      for (let j = 0; j < n; j++) s += (row[j] as number) * (v[j] as number);
      next[i] = s;
    }
    value = Math.hypot(...next);
    if (value === 0) break;
    v = next.map((x) => x / value);
  }
  return { value, vector: v };
}

/**
 * Loadings of a one-factor model fitted to the weighted correlations of the columns (principal-axis
 * factoring). Constant columns get 0. The sign is chosen so that the loadings sum to ≥ 0.
 */
export function oneFactorLoadings(
  cols: Float64Array[],
  ws: ArrayLike<number>,
  iters = 20,
): number[] {
  const n = ws.length;
  let wsum = 0;
  for (let i = 0; i < n; i++) wsum += ws[i] as number;
  const active: number[] = [];
  const std: Float64Array[] = [];
  cols.forEach((c, f) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += (ws[i] as number) * (c[i] as number);
    mean /= wsum;
    let vr = 0;
    for (let i = 0; i < n; i++) vr += (ws[i] as number) * ((c[i] as number) - mean) ** 2;
    const sd = Math.sqrt(vr / wsum);
    if (sd < 1e-9) return;
    active.push(f);
    std.push(Float64Array.from(c, (x) => (x - mean) / sd));
  });
  const out = new Array<number>(cols.length).fill(0);
  if (active.length < 2) return out;
  const m = active.length;
  const corr = Array.from({ length: m }, () => new Float64Array(m));
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      const sa = std[a] as Float64Array;
      const sb = std[b] as Float64Array;
      let s = 0;
      for (let i = 0; i < n; i++) s += (ws[i] as number) * (sa[i] as number) * (sb[i] as number);
      (corr[a] as Float64Array)[b] = (corr[b] as Float64Array)[a] = s / wsum;
    }
  }
  let load = new Float64Array(m);
  for (let it = 0; it < iters; it++) {
    // Replace the diagonal by the communalities of the previous step (1 at the start: plain PCA).
    for (let a = 0; a < m; a++)
      (corr[a] as Float64Array)[a] = it === 0 ? 1 : Math.min(0.995, (load[a] as number) ** 2);
    const { value, vector } = topEigen(corr);
    load = vector.map((x) => x * Math.sqrt(Math.max(0, value)));
  }
  const sign = load.reduce((s, x) => s + x, 0) < 0 ? -1 : 1;
  active.forEach((f, a) => (out[f] = Math.max(-0.99, Math.min(0.99, sign * (load[a] as number)))));
  return out;
}

function nearest(p: Float64Array, centers: Float64Array[]): [number, number] {
  let best = 0;
  let bestD = Infinity;
  centers.forEach((c, k) => {
    let d = 0;
    for (let j = 0; j < p.length; j++) d += ((p[j] as number) - (c[j] as number)) ** 2;
    if (d < bestD) [best, bestD] = [k, d];
  });
  return [best, bestD];
}

/** Weighted k-means (k-means++ seeding, Lloyd iterations, best of `restarts`); returns assignments. */
export function weightedKMeans(
  points: Float64Array[],
  ws: ArrayLike<number>,
  k: number,
  rng: Sfc32,
  restarts = 3,
  iters = 30,
): Int32Array {
  let best = new Int32Array(points.length);
  let bestCost = Infinity;
  if (k <= 1 || points.length <= k)
    return points.length <= k ? Int32Array.from(points, (_, i) => i) : best;
  const dim = (points[0] as Float64Array).length;
  for (let r = 0; r < restarts; r++) {
    const centers: Float64Array[] = [];
    const d2 = Float64Array.from(points, () => Infinity);
    let pick = rng.pickCumulative(cumsum(ws));
    while (centers.length < k) {
      centers.push(Float64Array.from(points[pick] as Float64Array));
      points.forEach(
        (p, i) =>
          (d2[i] = Math.min(
            d2[i] as number,
            nearest(p, [centers[centers.length - 1] as Float64Array])[1],
          )),
      );
      pick = rng.pickCumulative(cumsum(Array.from(d2, (d, i) => d * (ws[i] as number))));
    }
    const assign = new Int32Array(points.length);
    let cost = 0;
    for (let it = 0; it < iters; it++) {
      cost = 0;
      points.forEach((p, i) => {
        const [c, d] = nearest(p, centers);
        assign[i] = c;
        cost += d * (ws[i] as number);
      });
      const sums = centers.map(() => new Float64Array(dim));
      const mass = new Float64Array(k);
      points.forEach((p, i) => {
        const c = assign[i] as number;
        mass[c] = (mass[c] as number) + (ws[i] as number);
        const s = sums[c] as Float64Array;
        for (let j = 0; j < dim; j++)
          s[j] = (s[j] as number) + (ws[i] as number) * (p[j] as number);
      });
      // An emptied centre keeps its place; it simply stays empty.
      sums.forEach((s, c) => {
        if ((mass[c] as number) > 0) centers[c]?.set(s.map((x) => x / (mass[c] as number)));
      });
    }
    if (cost < bestCost) [best, bestCost] = [assign, cost];
  }
  return best;
}

function cumsum(ws: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ws.length);
  let s = 0;
  for (let i = 0; i < ws.length; i++) out[i] = s += ws[i] as number;
  return out;
}
