/**
 * The fused learner's memory and kernels. An Arena is one float32 heap with a bump allocator and
 * the seven kernels every layer needs (gemm, aᵀd, column sums, tanh backward, transpose, Σg²,
 * Adam). Two implementations share the heap layout: WebAssembly SIMD128 (compiled from
 * assembly/kernels.ts; the default) and plain JavaScript (where WebAssembly SIMD is missing, and
 * as the measured alternative). Offsets are in floats; offset 0 is reserved so 0 means "none".
 */
import { KERNELS_WASM_BASE64 } from './kernels.wasm';

/** Which kernel implementation an arena runs. */
export type KernelKind = 'wasm-simd' | 'js';

/** The slice of the WebAssembly JS API used here (this project's TS lib has no DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (mod: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface WasmKernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  gemm(
    a: number,
    m: number,
    bias: number,
    out: number,
    rows: number,
    K: number,
    N: number,
    act: number,
  ): void;
  gemmTN(a: number, d: number, out: number, rows: number, K: number, N: number): void;
  colSum(d: number, out: number, rows: number, N: number): void;
  tanhBack(h: number, d: number, n: number): void;
  transpose(src: number, dst: number, R: number, C: number): void;
  sumSq(g: number, n: number): number;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    c1: number,
    c2: number,
    scale: number,
  ): void;
}

let compiled: object | null | undefined;
let compileError = '';

/** The kernels' module, compiled once; null (with the reason in wasmUnavailable()) where it fails. */
function wasmModule(): object | null {
  if (compiled !== undefined) return compiled;
  try {
    compiled = new WA.Module(Buffer.from(KERNELS_WASM_BASE64, 'base64'));
  } catch (err) {
    compiled = null;
    compileError = err instanceof Error ? err.message : String(err);
  }
  return compiled ?? null;
}

/** Why the WebAssembly SIMD kernels cannot run here, or null when they can. */
export function wasmUnavailable(): string | null {
  return wasmModule() ? null : `WebAssembly SIMD kernels failed to compile: ${compileError}`;
}

let preferred: KernelKind | null = null;

/**
 * The kernels new arenas use: 'js' forces the JavaScript ones (the measured alternative; also
 * RAMPART_FUSED_KERNELS=js), null the fastest that runs here.
 */
export function preferKernels(kind: KernelKind | null): void {
  preferred = kind;
}

/** The kernels a new arena gets. */
export function defaultKernels(): KernelKind {
  if (preferred) return preferred;
  if (process.env['RAMPART_FUSED_KERNELS'] === 'js') return 'js';
  return wasmUnavailable() ? 'js' : 'wasm-simd';
}

const ALIGN = 4; // floats: 16-byte alignment for v128 loads
/** Floats after every allocation that a kernel's last column block may read (never use). */
const PAD = 16;

/** One heap and its kernels. */
export class Arena {
  /** The heap as floats; re-read after alloc (growing replaces the buffer). */
  f32: Float32Array;
  private top = ALIGN;
  private readonly wasm: WasmKernels | null;

  constructor(readonly kind: KernelKind = defaultKernels()) {
    if (kind === 'wasm-simd') {
      const mod = wasmModule();
      if (!mod) throw new Error(wasmUnavailable()!);
      this.wasm = new WA.Instance(mod, { env: { abort: () => {} } })
        .exports as unknown as WasmKernels;
      this.wasm.memory.grow(1);
      this.f32 = new Float32Array(this.wasm.memory.buffer);
    } else {
      this.wasm = null;
      this.f32 = new Float32Array(1 << 14);
    }
  }

  /** `n` zeroed floats, 16-byte aligned; returns the offset. */
  alloc(n: number): number {
    const off = this.top;
    this.top += Math.ceil((n + PAD) / ALIGN) * ALIGN;
    if (this.top > this.f32.length) {
      if (this.wasm) {
        const pages = Math.ceil((this.top * 4 - this.wasm.memory.buffer.byteLength) / 65536);
        this.wasm.memory.grow(pages);
        this.f32 = new Float32Array(this.wasm.memory.buffer);
      } else {
        const next = new Float32Array(Math.max(this.top, this.f32.length * 2));
        next.set(this.f32);
        this.f32 = next;
      }
    }
    return off;
  }

  /** A view of `n` floats at `off` (valid until the next alloc). */
  view(off: number, n: number): Float32Array {
    return this.f32.subarray(off, off + n);
  }

  /** out[r,:] = bias + Σ_k a[r,k]·m[k,:] (bias 0 = none), tanh'd when `tanh`. */
  gemm(
    a: number,
    m: number,
    bias: number,
    out: number,
    rows: number,
    K: number,
    N: number,
    tanh: boolean,
  ): void {
    if (this.wasm) return this.wasm.gemm(a * 4, m * 4, bias * 4, out * 4, rows, K, N, tanh ? 1 : 0);
    const h = this.f32;
    for (let r = 0; r < rows; r++) {
      const o = out + r * N;
      for (let j = 0; j < N; j++) h[o + j] = bias ? h[bias + j]! : 0;
      for (let k = 0; k < K; k++) {
        const s = h[a + r * K + k]!;
        if (s === 0) continue;
        const mk = m + k * N;
        for (let j = 0; j < N; j++) h[o + j]! += s * h[mk + j]!;
      }
      if (tanh) for (let j = 0; j < N; j++) h[o + j] = Math.tanh(h[o + j]!);
    }
  }

  /** out[k,:] = Σ_r a[r,k]·d[r,:]. */
  gemmTN(a: number, d: number, out: number, rows: number, K: number, N: number): void {
    if (this.wasm) return this.wasm.gemmTN(a * 4, d * 4, out * 4, rows, K, N);
    const h = this.f32;
    h.fill(0, out, out + K * N);
    for (let r = 0; r < rows; r++) {
      const dr = d + r * N;
      for (let k = 0; k < K; k++) {
        const s = h[a + r * K + k]!;
        if (s === 0) continue;
        const o = out + k * N;
        for (let j = 0; j < N; j++) h[o + j]! += s * h[dr + j]!;
      }
    }
  }

  /** out[j] = Σ_r d[r,j]. */
  colSum(d: number, out: number, rows: number, N: number): void {
    if (this.wasm) return this.wasm.colSum(d * 4, out * 4, rows, N);
    const h = this.f32;
    h.fill(0, out, out + N);
    for (let r = 0; r < rows; r++) for (let j = 0; j < N; j++) h[out + j]! += h[d + r * N + j]!;
  }

  /** d[i] *= 1 − h[i]². */
  tanhBack(hOff: number, d: number, n: number): void {
    if (this.wasm) return this.wasm.tanhBack(hOff * 4, d * 4, n);
    const h = this.f32;
    for (let i = 0; i < n; i++) h[d + i]! *= 1 - h[hOff + i]! * h[hOff + i]!;
  }

  /** dst = srcᵀ for an R×C src. */
  transpose(src: number, dst: number, R: number, C: number): void {
    if (this.wasm) return this.wasm.transpose(src * 4, dst * 4, R, C);
    const h = this.f32;
    for (let r = 0; r < R; r++)
      for (let c = 0; c < C; c++) h[dst + c * R + r] = h[src + r * C + c]!;
  }

  /** Σ g[i]² over n floats. */
  sumSq(g: number, n: number): number {
    if (this.wasm) return this.wasm.sumSq(g * 4, n);
    let s = 0;
    for (let i = 0; i < n; i++) s += this.f32[g + i]! * this.f32[g + i]!;
    return s;
  }

  /** tf.train.adam's update of n params, gradients scaled by `scale` first; t is the step (1-based). */
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    o: AdamOptions,
    t: number,
    scale: number,
  ): void {
    const c1 = 1 - o.beta1 ** t;
    const c2 = 1 - o.beta2 ** t;
    if (this.wasm)
      return this.wasm.adam(
        p * 4,
        g * 4,
        m * 4,
        v * 4,
        n,
        o.lr,
        o.beta1,
        o.beta2,
        o.eps,
        c1,
        c2,
        scale,
      );
    const h = this.f32;
    for (let i = 0; i < n; i++) {
      const gv = h[g + i]! * scale;
      const mv = (h[m + i] = o.beta1 * h[m + i]! + (1 - o.beta1) * gv);
      const vv = (h[v + i] = o.beta2 * h[v + i]! + (1 - o.beta2) * gv * gv);
      h[p + i]! -= (o.lr * (mv / c1)) / (Math.sqrt(vv / c2) + o.eps);
    }
  }
}

/** Adam's hyperparameters. */
export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}
