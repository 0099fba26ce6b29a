/**
 * Draws feature vectors from a demo profile. Each class is a mixture of clusters; within a cluster
 * the features follow a one-factor Gaussian copula (one shared latent normal per row plus a
 * per-feature idiosyncratic part, with the loadings fitted from the real rank correlations), and
 * each feature's marginal is the cluster's piecewise-linear quantile function.
 */
import { FEATURE_INDEX } from '../ingest/schema';
import type { FeatureName } from '../ingest/schema';
import { enforceIdentities } from './identities';
import { normalCdfFast, normalFromU32 } from './normal';
import type { DemoProfile } from './profile';
import type { Sfc32 } from '../random';

/** A cluster ready for sampling: flat typed arrays, no per-row allocation. */
export interface CompiledCluster {
  proto: number;
  /** Cumulative label shares (same order as the class's labels). */
  labelCum: Float64Array;
  /** Canonical indices and values of the features that are constant in this cluster. */
  constIdx: Int32Array;
  constVal: Float64Array;
  /** Varying features: canonical index, copula loading a and √(1−a²), whether to round. */
  varIdx: Int32Array;
  load: Float64Array;
  noise: Float64Array;
  round: Uint8Array;
  /** Knots of feature j are knotU/knotX[knotStart[j] .. knotStart[j+1]). */
  knotStart: Int32Array;
  knotU: Float64Array;
  knotX: Float64Array;
}

/** One class of the profile, compiled. */
export interface CompiledClass {
  labels: string[];
  clusterCum: Float64Array;
  clusters: CompiledCluster[];
}

function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (out[i] = s += w));
  return out;
}

type Stored = DemoProfile['classes']['Benign']['clusters'][number]['q'][number];

/** Expands one stored distribution into explicit knots (a constant stays a number). */
function knotsOf(q: Stored, levels: readonly number[]): [number[], number[]] | number {
  if (typeof q === 'number') return q;
  if (!Array.isArray(q)) {
    if (q.v.length === 1) return q.v[0] as number;
    // Value j holds u in (p[j-1], p[j]]: a flat segment between two knots.
    const u = q.p.flatMap((p, j) => [j === 0 ? 0 : (q.p[j - 1] as number), p]);
    return [u, q.v.flatMap((v) => [v, v])];
  }
  if (Array.isArray(q[0])) return q as [number[], number[]];
  const x = q as number[];
  return x.every((v) => v === x[0]) ? (x[0] as number) : [levels.slice(), x];
}

function compileCluster(
  p: DemoProfile,
  k: DemoProfile['classes']['Benign']['clusters'][number],
  ints: Set<string>,
): CompiledCluster {
  const consts: [number, number][] = [];
  const vars: { idx: number; a: number; round: boolean; u: number[]; x: number[] }[] = [];
  p.features.forEach((name, j) => {
    const idx = FEATURE_INDEX[name as FeatureName];
    const kn = knotsOf(k.q[j] as Stored, p.levels);
    if (typeof kn === 'number') consts.push([idx, kn]);
    else vars.push({ idx, a: k.r[j] ?? 0, round: ints.has(name), u: kn[0], x: kn[1] });
  });
  const knotStart = new Int32Array(vars.length + 1);
  vars.forEach((v, j) => (knotStart[j + 1] = (knotStart[j] as number) + v.u.length));
  const a = vars.map((v) => Math.max(-0.999, Math.min(0.999, v.a)));
  return {
    proto: k.proto,
    labelCum: cumulative(k.labels),
    constIdx: Int32Array.from(consts.map((c) => c[0])),
    constVal: Float64Array.from(consts.map((c) => c[1])),
    varIdx: Int32Array.from(vars.map((v) => v.idx)),
    load: Float64Array.from(a),
    noise: Float64Array.from(a.map((x) => Math.sqrt(1 - x * x))),
    round: Uint8Array.from(vars.map((v) => (v.round ? 1 : 0))),
    knotStart,
    knotU: Float64Array.from(vars.flatMap((v) => v.u)),
    knotX: Float64Array.from(vars.flatMap((v) => v.x)),
  };
}

/** Compiles every class of a validated profile, in the profile's class order. */
export function compileProfile(p: DemoProfile): Map<string, CompiledClass> {
  const ints = new Set(p.integerFeatures);
  const out = new Map<string, CompiledClass>();
  for (const [cls, c] of Object.entries(p.classes)) {
    out.set(cls, {
      labels: c.labels,
      clusterCum: cumulative(c.clusters.map((k) => k.w)),
      clusters: c.clusters.map((k) => compileCluster(p, k, ints)),
    });
  }
  return out;
}

/** Inverse CDF of feature j at u: linear between knots, flat over atoms. */
function quantileAt(c: CompiledCluster, j: number, u: number): number {
  const ku = c.knotU;
  const kx = c.knotX;
  let lo = c.knotStart[j] as number;
  let hi = (c.knotStart[j + 1] as number) - 1;
  // Binary search for the last knot with knotU <= u (the first knot has u = 0).
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((ku[mid] as number) <= u) lo = mid;
    else hi = mid;
  }
  const u0 = ku[lo] as number;
  const u1 = ku[hi] as number;
  const x0 = kx[lo] as number;
  const x1 = kx[hi] as number;
  if (u1 <= u0 || u <= u0) return u1 <= u0 ? x1 : x0;
  return x0 + ((x1 - x0) * (u - u0)) / (u1 - u0);
}

/** Fills `out` (canonical order, FEATURE_COUNT long) with one consistent flow from cluster `c`. */
export function sampleCluster(c: CompiledCluster, rng: Sfc32, out: Float64Array): void {
  // Every modelled feature is set below and every derived one by enforceIdentities: no clearing.
  const { constIdx, constVal, varIdx, load, noise, round } = c;
  for (let i = 0; i < constIdx.length; i++) out[constIdx[i] as number] = constVal[i] as number;
  const z0 = rng.normal();
  for (let j = 0; j < varIdx.length; j++) {
    const u = normalCdfFast(
      (load[j] as number) * z0 + (noise[j] as number) * normalFromU32(rng.u32()),
    );
    const x = quantileAt(c, j, u);
    out[varIdx[j] as number] = round[j] ? Math.round(x) : x;
  }
  out[FEATURE_INDEX['Protocol']] = c.proto;
  enforceIdentities(out);
}
