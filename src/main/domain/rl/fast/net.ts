/**
 * An MLP on an Arena: weights, gradients and activations in one float32 heap, forward and
 * backward as whole-batch kernel calls (no per-op allocation, no graph). Layer l has W_l
 * [in × out] row-major and b_l, laid out as [W0, b0, W1, b1, ...] like MlpWeights, so a
 * checkpoint is the same bytes on both paths.
 */
import type { MlpShape, MlpWeights } from './shape';
import { Arena } from './arena';

/** Rows one forward pass takes at most (inference chunks to it). */
export const DEFAULT_MAX_ROWS = 8192;

/** Parameter count of a shape. */
export function paramCount(sizes: number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l]! * sizes[l + 1]! + sizes[l + 1]!;
  return n;
}

/** An MLP whose weights live in an Arena. */
export class FastMlp {
  readonly sizes: number[];
  /** Offsets of W_l and b_l (params) and of their gradients. */
  readonly w: number[] = [];
  readonly b: number[] = [];
  readonly gw: number[] = [];
  readonly gb: number[] = [];
  /** Output of each layer (after its activation), maxRows × width. */
  private readonly act: number[] = [];
  /** Backward scratch: two maxRows × widest buffers and a widest² transpose. */
  private readonly d0: number;
  private readonly d1: number;
  private readonly wt: number;
  /** Input buffer for predict(). */
  private readonly xin: number;

  constructor(
    readonly arena: Arena,
    readonly shape: MlpShape,
    /** Offset of this net's params (count paramCount) and of its gradients. */
    readonly params: number,
    readonly grads: number,
    readonly maxRows: number,
  ) {
    this.sizes = [...shape.sizes];
    let p = params;
    let g = grads;
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const n = this.sizes[l]! * this.sizes[l + 1]!;
      this.w.push(p);
      this.gw.push(g);
      this.b.push(p + n);
      this.gb.push(g + n);
      p += n + this.sizes[l + 1]!;
      g += n + this.sizes[l + 1]!;
    }
    const widest = Math.max(...this.sizes);
    for (let l = 1; l < this.sizes.length; l++)
      this.act.push(arena.alloc(maxRows * this.sizes[l]!));
    this.d0 = arena.alloc(maxRows * widest);
    this.d1 = arena.alloc(maxRows * widest);
    this.wt = arena.alloc(widest * widest);
    this.xin = arena.alloc(maxRows * this.sizes[0]!);
  }

  /** Number of parameters. */
  get count(): number {
    return paramCount(this.sizes);
  }

  /** Offset of the output of the last forward pass (rows × out). */
  get out(): number {
    return this.act[this.act.length - 1]!;
  }

  /** Forward `rows` states at offset x; returns the output's offset. */
  forward(x: number, rows: number): number {
    const a = this.arena;
    const L = this.sizes.length - 1;
    let h = x;
    for (let l = 0; l < L; l++) {
      const hidden = l + 1 < L;
      const K = this.sizes[l]!;
      const N = this.sizes[l + 1]!;
      a.gemm(
        h,
        this.w[l]!,
        this.b[l]!,
        this.act[l]!,
        rows,
        K,
        N,
        hidden && this.shape.activation === 'tanh',
      );
      if (hidden && this.shape.activation === 'relu') {
        const f = a.f32;
        const o = this.act[l]!;
        for (let i = 0; i < rows * N; i++) if (f[o + i]! < 0) f[o + i] = 0;
      }
      h = this.act[l]!;
    }
    return h;
  }

  /**
   * Gradients of the last forward pass (same x, rows) given dOut (rows × out, at offset dOut):
   * overwrites this net's gradient block.
   */
  backward(x: number, rows: number, dOut: number): void {
    const a = this.arena;
    const L = this.sizes.length - 1;
    let d = dOut;
    for (let l = L - 1; l >= 0; l--) {
      const K = this.sizes[l]!;
      const N = this.sizes[l + 1]!;
      const input = l === 0 ? x : this.act[l - 1]!;
      a.gemmTN(input, d, this.gw[l]!, rows, K, N);
      a.colSum(d, this.gb[l]!, rows, N);
      if (l === 0) break;
      // dInput = d · Wᵀ, then back through the previous layer's activation.
      const next = d === this.d0 ? this.d1 : this.d0;
      a.transpose(this.w[l]!, this.wt, K, N);
      a.gemm(d, this.wt, 0, next, rows, N, K, false);
      if (this.shape.activation === 'tanh') a.tanhBack(input, next, rows * K);
      else {
        const f = a.f32;
        for (let i = 0; i < rows * K; i++) if (f[input + i]! <= 0) f[next + i] = 0;
      }
      d = next;
    }
  }

  /** Outputs for `rows` encoded states (rows × in), chunked by maxRows; a fresh array. */
  predict(x: Float32Array, rows: number): Float32Array {
    const K = this.sizes[0]!;
    const N = this.sizes[this.sizes.length - 1]!;
    const out = new Float32Array(rows * N);
    for (let s = 0; s < rows; s += this.maxRows) {
      const n = Math.min(this.maxRows, rows - s);
      this.arena.f32.set(x.subarray(s * K, (s + n) * K), this.xin);
      const o = this.forward(this.xin, n);
      out.set(this.arena.f32.subarray(o, o + n * N), s * N);
    }
    return out;
  }

  /** Current weights as plain arrays. */
  weights(): MlpWeights {
    const f = this.arena.f32;
    const params: Float32Array[] = [];
    for (let l = 0; l < this.w.length; l++) {
      const n = this.sizes[l]! * this.sizes[l + 1]!;
      params.push(
        f.slice(this.w[l]!, this.w[l]! + n),
        f.slice(this.b[l]!, this.b[l]! + this.sizes[l + 1]!),
      );
    }
    return { sizes: [...this.sizes], activation: this.shape.activation, params };
  }

  /** The arena is garbage-collected with the net. */
  dispose(): void {}
}

/**
 * Nets on one arena with their parameters (and gradients) contiguous, in the order given, so one
 * Adam call and one Σg² cover them all.
 */
export function createNets(
  weights: MlpWeights[],
  opts: { arena?: Arena; maxRows?: number } = {},
): { arena: Arena; nets: FastMlp[]; params: number; grads: number; count: number } {
  const arena = opts.arena ?? new Arena();
  const count = weights.reduce((s, w) => s + paramCount(w.sizes), 0);
  const params = arena.alloc(count);
  const grads = arena.alloc(count);
  const nets: FastMlp[] = [];
  let off = 0;
  for (const w of weights) {
    let p = params + off;
    w.params.forEach((t, k) => {
      const l = k >> 1;
      const expect = k % 2 === 0 ? w.sizes[l]! * w.sizes[l + 1]! : w.sizes[l + 1]!;
      if (t.length !== expect)
        throw new Error(`weights ${k} have ${t.length} values, expected ${expect}`);
      arena.f32.set(t, p);
      p += t.length;
    });
    nets.push(new FastMlp(arena, w, params + off, grads + off, opts.maxRows ?? DEFAULT_MAX_ROWS));
    off += paramCount(w.sizes);
  }
  return { arena, nets, params, grads, count };
}
