// AssemblyScript source of the fused learner's kernels (WebAssembly SIMD128). Built by
// `npm run build:kernels` into kernels.wasm.ts (base64); a unit test rebuilds it and checks the
// committed bytes match. Every pointer is a byte offset into the module's memory, which the
// JS side (fast/heap.ts) owns: these functions allocate nothing.

// @ts-nocheck: AssemblyScript, not TypeScript (v128, f32x4, usize, load/store are its builtins).

const ZERO: v128 = f32x4.splat(0);

// tanh of 4 lanes: x·P(x²)/Q(x²) on x clamped to ±7.9053 (Eigen's float rational approximation,
// within a few ulp of float tanh), x itself where |x| < 4e-4.
@inline
function tanh4(x0: v128): v128 {
  const x = f32x4.min(f32x4.max(x0, f32x4.splat(-7.90531110763549805)), f32x4.splat(7.90531110763549805));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.268434632439e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  const small = f32x4.lt(f32x4.abs(x0), f32x4.splat(0.0004));
  return v128.bitselect(x0, f32x4.div(p, q), small);
}

@inline
function tanh1(x: f32): f32 {
  return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0);
}

// Stores the first `count` (1..16) lanes of c0..c3 at p.
@inline
function storeTail(p: usize, c0: v128, c1: v128, c2: v128, c3: v128, count: i32): void {
  let rest = count;
  let v = c0;
  let q = p;
  if (rest >= 4) { v128.store(q, c0); rest -= 4; q += 16; v = c1; }
  if (rest >= 4) { v128.store(q, c1); rest -= 4; q += 16; v = c2; }
  if (rest >= 4) { v128.store(q, c2); rest -= 4; q += 16; v = c3; }
  if (rest >= 4) { v128.store(q, c3); rest -= 4; q += 16; }
  if (rest > 0) store<f32>(q, f32x4.extract_lane(v, 0));
  if (rest > 1) store<f32>(q, f32x4.extract_lane(v, 1), 4);
  if (rest > 2) store<f32>(q, f32x4.extract_lane(v, 2), 8);
}

/**
 * out[r,:] = bias + Σ_k a[r,k]·m[k,:] (bias 0 = none), then tanh when act = 1; zero a[r,k]
 * skipped. Columns go in blocks of 32 and 16, then a last block of up to 16 that reads up to 15
 * floats past a row of m and of bias (the Arena pads every allocation) and stores only its own.
 */
export function gemm(a: usize, m: usize, bias: usize, out: usize, rows: i32, K: i32, N: i32, act: i32): void {
  if (N == 1) {
    gemv(a, m, bias, out, rows, K, act);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const ar = a + ((<usize>(r * K)) << 2);
    const orow = out + ((<usize>(r * N)) << 2);
    let j = 0;
    for (; j + 32 <= N; j += 32) {
      const bp = bias + (<usize>j << 2);
      let c0 = bias ? v128.load(bp, 0) : ZERO;
      let c1 = bias ? v128.load(bp, 16) : ZERO;
      let c2 = bias ? v128.load(bp, 32) : ZERO;
      let c3 = bias ? v128.load(bp, 48) : ZERO;
      let c4 = bias ? v128.load(bp, 64) : ZERO;
      let c5 = bias ? v128.load(bp, 80) : ZERO;
      let c6 = bias ? v128.load(bp, 96) : ZERO;
      let c7 = bias ? v128.load(bp, 112) : ZERO;
      for (let k = 0; k < K; k++) {
        const s = load<f32>(ar + (<usize>k << 2));
        if (s == 0) continue;
        const sv = f32x4.splat(s);
        const mp = m + ((<usize>(k * N + j)) << 2);
        c0 = f32x4.add(c0, f32x4.mul(sv, v128.load(mp, 0)));
        c1 = f32x4.add(c1, f32x4.mul(sv, v128.load(mp, 16)));
        c2 = f32x4.add(c2, f32x4.mul(sv, v128.load(mp, 32)));
        c3 = f32x4.add(c3, f32x4.mul(sv, v128.load(mp, 48)));
        c4 = f32x4.add(c4, f32x4.mul(sv, v128.load(mp, 64)));
        c5 = f32x4.add(c5, f32x4.mul(sv, v128.load(mp, 80)));
        c6 = f32x4.add(c6, f32x4.mul(sv, v128.load(mp, 96)));
        c7 = f32x4.add(c7, f32x4.mul(sv, v128.load(mp, 112)));
      }
      if (act) c0 = tanh4(c0);
      if (act) c1 = tanh4(c1);
      if (act) c2 = tanh4(c2);
      if (act) c3 = tanh4(c3);
      if (act) c4 = tanh4(c4);
      if (act) c5 = tanh4(c5);
      if (act) c6 = tanh4(c6);
      if (act) c7 = tanh4(c7);
      v128.store(orow + (<usize>j << 2), c0, 0);
      v128.store(orow + (<usize>j << 2), c1, 16);
      v128.store(orow + (<usize>j << 2), c2, 32);
      v128.store(orow + (<usize>j << 2), c3, 48);
      v128.store(orow + (<usize>j << 2), c4, 64);
      v128.store(orow + (<usize>j << 2), c5, 80);
      v128.store(orow + (<usize>j << 2), c6, 96);
      v128.store(orow + (<usize>j << 2), c7, 112);
    }
    for (; j + 16 <= N; j += 16) {
      const bp = bias + (<usize>j << 2);
      let c0 = bias ? v128.load(bp, 0) : ZERO;
      let c1 = bias ? v128.load(bp, 16) : ZERO;
      let c2 = bias ? v128.load(bp, 32) : ZERO;
      let c3 = bias ? v128.load(bp, 48) : ZERO;
      for (let k = 0; k < K; k++) {
        const s = load<f32>(ar + (<usize>k << 2));
        if (s == 0) continue;
        const sv = f32x4.splat(s);
        const mp = m + ((<usize>(k * N + j)) << 2);
        c0 = f32x4.add(c0, f32x4.mul(sv, v128.load(mp, 0)));
        c1 = f32x4.add(c1, f32x4.mul(sv, v128.load(mp, 16)));
        c2 = f32x4.add(c2, f32x4.mul(sv, v128.load(mp, 32)));
        c3 = f32x4.add(c3, f32x4.mul(sv, v128.load(mp, 48)));
      }
      if (act) c0 = tanh4(c0);
      if (act) c1 = tanh4(c1);
      if (act) c2 = tanh4(c2);
      if (act) c3 = tanh4(c3);
      v128.store(orow + (<usize>j << 2), c0, 0);
      v128.store(orow + (<usize>j << 2), c1, 16);
      v128.store(orow + (<usize>j << 2), c2, 32);
      v128.store(orow + (<usize>j << 2), c3, 48);
    }
    if (j < N) {
      const bp = bias + (<usize>j << 2);
      let c0 = bias ? v128.load(bp, 0) : ZERO;
      let c1 = bias ? v128.load(bp, 16) : ZERO;
      let c2 = bias ? v128.load(bp, 32) : ZERO;
      let c3 = bias ? v128.load(bp, 48) : ZERO;
      for (let k = 0; k < K; k++) {
        const s = load<f32>(ar + (<usize>k << 2));
        if (s == 0) continue;
        const sv = f32x4.splat(s);
        const mp = m + ((<usize>(k * N + j)) << 2);
        c0 = f32x4.add(c0, f32x4.mul(sv, v128.load(mp, 0)));
        c1 = f32x4.add(c1, f32x4.mul(sv, v128.load(mp, 16)));
        c2 = f32x4.add(c2, f32x4.mul(sv, v128.load(mp, 32)));
        c3 = f32x4.add(c3, f32x4.mul(sv, v128.load(mp, 48)));
      }
      if (act) c0 = tanh4(c0);
      if (act) c1 = tanh4(c1);
      if (act) c2 = tanh4(c2);
      if (act) c3 = tanh4(c3);
      storeTail(orow + (<usize>j << 2), c0, c1, c2, c3, N - j);
    }
  }
}

// out[r] = bias + Σ_k a[r,k]·m[k] (N = 1: one dot product per row, 4 k at a time).
function gemv(a: usize, m: usize, bias: usize, out: usize, rows: i32, K: i32, act: i32): void {
  const b: f32 = bias ? load<f32>(bias) : 0;
  for (let r = 0; r < rows; r++) {
    const ar = a + ((<usize>(r * K)) << 2);
    let c = ZERO;
    let k = 0;
    for (; k + 4 <= K; k += 4) c = f32x4.add(c, f32x4.mul(v128.load(ar + (<usize>k << 2)), v128.load(m + (<usize>k << 2))));
    let s: f32 = b + f32x4.extract_lane(c, 0) + f32x4.extract_lane(c, 1) + f32x4.extract_lane(c, 2) + f32x4.extract_lane(c, 3);
    for (; k < K; k++) s += load<f32>(ar + (<usize>k << 2)) * load<f32>(m + (<usize>k << 2));
    store<f32>(out + (<usize>r << 2), act ? tanh1(s) : s);
  }
}

/** out[k,:] = Σ_r a[r,k]·d[r,:] (a weight gradient: aᵀd); zero a[r,k] skipped; blocks as gemm's. */
export function gemmTN(a: usize, d: usize, out: usize, rows: i32, K: i32, N: i32): void {
  if (N == 1) {
    // out[k] = Σ_r a[r,k]·d[r]: accumulate whole rows of a, 4 k at a time.
    memory.fill(out, 0, <usize>K << 2);
    for (let r = 0; r < rows; r++) {
      const s = load<f32>(d + (<usize>r << 2));
      if (s == 0) continue;
      const sv = f32x4.splat(s);
      const ar = a + ((<usize>(r * K)) << 2);
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        const o = out + (<usize>k << 2);
        v128.store(o, f32x4.add(v128.load(o), f32x4.mul(sv, v128.load(ar + (<usize>k << 2)))));
      }
      for (; k < K; k++) {
        const o = out + (<usize>k << 2);
        store<f32>(o, load<f32>(o) + s * load<f32>(ar + (<usize>k << 2)));
      }
    }
    return;
  }
  for (let k = 0; k < K; k++) {
    const orow = out + ((<usize>(k * N)) << 2);
    let j = 0;
    for (; j + 32 <= N; j += 32) {
      let c0 = ZERO;
      let c1 = ZERO;
      let c2 = ZERO;
      let c3 = ZERO;
      let c4 = ZERO;
      let c5 = ZERO;
      let c6 = ZERO;
      let c7 = ZERO;
      for (let r = 0; r < rows; r++) {
        const s = load<f32>(a + ((<usize>(r * K + k)) << 2));
        if (s == 0) continue;
        const sv = f32x4.splat(s);
        const mp = d + ((<usize>(r * N + j)) << 2);
        c0 = f32x4.add(c0, f32x4.mul(sv, v128.load(mp, 0)));
        c1 = f32x4.add(c1, f32x4.mul(sv, v128.load(mp, 16)));
        c2 = f32x4.add(c2, f32x4.mul(sv, v128.load(mp, 32)));
        c3 = f32x4.add(c3, f32x4.mul(sv, v128.load(mp, 48)));
        c4 = f32x4.add(c4, f32x4.mul(sv, v128.load(mp, 64)));
        c5 = f32x4.add(c5, f32x4.mul(sv, v128.load(mp, 80)));
        c6 = f32x4.add(c6, f32x4.mul(sv, v128.load(mp, 96)));
        c7 = f32x4.add(c7, f32x4.mul(sv, v128.load(mp, 112)));
      }
      v128.store(orow + (<usize>j << 2), c0, 0);
      v128.store(orow + (<usize>j << 2), c1, 16);
      v128.store(orow + (<usize>j << 2), c2, 32);
      v128.store(orow + (<usize>j << 2), c3, 48);
      v128.store(orow + (<usize>j << 2), c4, 64);
      v128.store(orow + (<usize>j << 2), c5, 80);
      v128.store(orow + (<usize>j << 2), c6, 96);
      v128.store(orow + (<usize>j << 2), c7, 112);
    }
    for (; j + 16 <= N; j += 16) {
      let c0 = ZERO;
      let c1 = ZERO;
      let c2 = ZERO;
      let c3 = ZERO;
      for (let r = 0; r < rows; r++) {
        const s = load<f32>(a + ((<usize>(r * K + k)) << 2));
        if (s == 0) continue;
        const sv = f32x4.splat(s);
        const mp = d + ((<usize>(r * N + j)) << 2);
        c0 = f32x4.add(c0, f32x4.mul(sv, v128.load(mp, 0)));
        c1 = f32x4.add(c1, f32x4.mul(sv, v128.load(mp, 16)));
        c2 = f32x4.add(c2, f32x4.mul(sv, v128.load(mp, 32)));
        c3 = f32x4.add(c3, f32x4.mul(sv, v128.load(mp, 48)));
      }
      v128.store(orow + (<usize>j << 2), c0, 0);
      v128.store(orow + (<usize>j << 2), c1, 16);
      v128.store(orow + (<usize>j << 2), c2, 32);
      v128.store(orow + (<usize>j << 2), c3, 48);
    }
    if (j < N) {
      let c0 = ZERO;
      let c1 = ZERO;
      let c2 = ZERO;
      let c3 = ZERO;
      for (let r = 0; r < rows; r++) {
        const s = load<f32>(a + ((<usize>(r * K + k)) << 2));
        if (s == 0) continue;
        const sv = f32x4.splat(s);
        const mp = d + ((<usize>(r * N + j)) << 2);
        c0 = f32x4.add(c0, f32x4.mul(sv, v128.load(mp, 0)));
        c1 = f32x4.add(c1, f32x4.mul(sv, v128.load(mp, 16)));
        c2 = f32x4.add(c2, f32x4.mul(sv, v128.load(mp, 32)));
        c3 = f32x4.add(c3, f32x4.mul(sv, v128.load(mp, 48)));
      }
      storeTail(orow + (<usize>j << 2), c0, c1, c2, c3, N - j);
    }
  }
}

/** out[j] = Σ_r d[r,j] (a bias gradient). */
export function colSum(d: usize, out: usize, rows: i32, N: i32): void {
  let j = 0;
  for (; j + 4 <= N; j += 4) {
    let c = ZERO;
    for (let r = 0; r < rows; r++) c = f32x4.add(c, v128.load(d + ((<usize>(r * N + j)) << 2)));
    v128.store(out + (<usize>j << 2), c);
  }
  for (; j < N; j++) {
    let c: f32 = 0;
    for (let r = 0; r < rows; r++) c += load<f32>(d + ((<usize>(r * N + j)) << 2));
    store<f32>(out + (<usize>j << 2), c);
  }
}

/** d[i] *= 1 − h[i]² (back through tanh, h its output), n elements. */
export function tanhBack(h: usize, d: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const hv = v128.load(h + o);
    v128.store(d + o, f32x4.mul(v128.load(d + o), f32x4.sub(one, f32x4.mul(hv, hv))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const hv = load<f32>(h + o);
    store<f32>(d + o, load<f32>(d + o) * (1 - hv * hv));
  }
}

/** dst[c,r] = src[r,c] for an R×C matrix. */
export function transpose(src: usize, dst: usize, R: i32, C: i32): void {
  for (let r = 0; r < R; r++)
    for (let c = 0; c < C; c++)
      store<f32>(dst + ((<usize>(c * R + r)) << 2), load<f32>(src + ((<usize>(r * C + c)) << 2)));
}

/** Σ g[i]², n elements (accumulated in f64 lanes of 4 f32 partial sums). */
export function sumSq(g: usize, n: i32): f64 {
  let c = ZERO;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(g + (<usize>i << 2));
    c = f32x4.add(c, f32x4.mul(v, v));
  }
  let s: f64 = <f64>f32x4.extract_lane(c, 0) + <f64>f32x4.extract_lane(c, 1) + <f64>f32x4.extract_lane(c, 2) + <f64>f32x4.extract_lane(c, 3);
  for (; i < n; i++) {
    const v = <f64>load<f32>(g + (<usize>i << 2));
    s += v * v;
  }
  return s;
}

/**
 * Adam (tf.train.adam's update): g ← scale·g; m ← b1·m + (1−b1)·g; v ← b2·v + (1−b2)·g²;
 * p ← p − lr·(m/c1)/(√(v/c2) + eps), with c1 = 1 − b1ᵗ, c2 = 1 − b2ᵗ.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, scale: f32): void {
  const vb1 = f32x4.splat(b1);
  const vb2 = f32x4.splat(b2);
  const va1 = f32x4.splat(1 - b1);
  const va2 = f32x4.splat(1 - b2);
  const vc1 = f32x4.splat(c1);
  const vc2 = f32x4.splat(c2);
  const vlr = f32x4.splat(lr);
  const veps = f32x4.splat(eps);
  const vs = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gv = f32x4.mul(v128.load(g + o), vs);
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(va1, gv));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(va2, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const step = f32x4.div(f32x4.div(mv, vc1), f32x4.add(f32x4.sqrt(f32x4.div(vv, vc2)), veps));
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.mul(vlr, step)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gv = load<f32>(g + o) * scale;
    const mv = b1 * load<f32>(m + o) + (1 - b1) * gv;
    const vv = b2 * load<f32>(v + o) + (1 - b2) * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(p + o, load<f32>(p + o) - lr * (mv / c1) / (Mathf.sqrt(vv / c2) + eps));
  }
}
