/**
 * A tiny random-weight llama GGUF (v3) written from scratch, so the real node-llama-cpp path can be
 * tested on any machine without downloading a model. Weights are F32 from a seeded PRNG; the
 * tokenizer is SPM-style ("llama") with byte-fallback tokens, printable ASCII and merges learned
 * from a small corpus (the advisor's instructions), so prompts stay a few hundred tokens long.
 */
import { writeFile } from 'node:fs/promises';
import { ADVISOR_INSTRUCTIONS } from '../../src/main/domain/llm/prompt';

/** Options of the tiny model; every field has a default that loads in tens of ms. */
export interface TinyGgufOptions {
  /** PRNG seed of the weights (default 1). */
  seed?: number;
  /** Total vocabulary size, including 3 special and 256 byte tokens (default 768). */
  vocabSize?: number;
  /** Embedding width (default 32). */
  embedding?: number;
  /** Transformer blocks (default 2). */
  layers?: number;
  /** Attention heads (default 4). */
  heads?: number;
  /** Feed-forward width (default 64). */
  feedForward?: number;
  /** Training context length recorded in the metadata (default 4096). */
  contextLength?: number;
  /** Text the merges are learned from (default: the advisor instructions plus JSON/ID snippets). */
  corpus?: string;
}

const SPACE = '\u2581';
const GGUF_ALIGN = 32;
/** GGUF metadata value types (gguf.md). */
const T = { u32: 4, i32: 5, f32: 6, bool: 7, str: 8, arr: 9 } as const;
const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

type Meta =
  | { t: 'u32' | 'i32' | 'f32'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'strs'; v: string[] }
  | { t: 'f32s' | 'i32s'; v: number[] };

/** Little-endian byte sink that grows as needed. */
class Sink {
  private buf = Buffer.alloc(1 << 16);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  u32(v: number): void {
    this.room(4);
    this.length = this.buf.writeUInt32LE(v, this.length);
  }
  i32(v: number): void {
    this.room(4);
    this.length = this.buf.writeInt32LE(v, this.length);
  }
  u64(v: number): void {
    this.room(8);
    this.length = this.buf.writeBigUInt64LE(BigInt(v), this.length);
  }
  f32(v: number): void {
    this.room(4);
    this.length = this.buf.writeFloatLE(v, this.length);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.bytes(b);
  }
  pad(align: number): void {
    const n = (align - (this.length % align)) % align;
    this.bytes(new Uint8Array(n));
  }
  done(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

function writeMeta(s: Sink, key: string, m: Meta): void {
  s.str(key);
  switch (m.t) {
    case 'u32':
      s.u32(T.u32);
      s.u32(m.v);
      break;
    case 'i32':
      s.u32(T.i32);
      s.i32(m.v);
      break;
    case 'f32':
      s.u32(T.f32);
      s.f32(m.v);
      break;
    case 'bool':
      s.u32(T.bool);
      s.bytes(new Uint8Array([m.v ? 1 : 0]));
      break;
    case 'str':
      s.u32(T.str);
      s.str(m.v);
      break;
    case 'strs':
      s.u32(T.arr);
      s.u32(T.str);
      s.u64(m.v.length);
      for (const x of m.v) s.str(x);
      break;
    case 'f32s':
      s.u32(T.arr);
      s.u32(T.f32);
      s.u64(m.v.length);
      for (const x of m.v) s.f32(x);
      break;
    case 'i32s':
      s.u32(T.arr);
      s.u32(T.i32);
      s.u64(m.v.length);
      for (const x of m.v) s.i32(x);
      break;
  }
}

/** mulberry32: a small seeded PRNG, so the same seed always gives the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text the default merges come from: what the advisor's prompts and answers are made of. */
function defaultCorpus(): string {
  const ids = ['NONE', 'M1037', 'M1031', 'M1030', 'M1036', 'M1032', 'M1042', 'M1026', 'M1050'];
  return [
    ADVISOR_INSTRUCTIONS,
    'Predicted attack: DDoS. Signature 12 (confidence 0.93 over 812 flows).',
    'Candidate actions: ' + ids.map((id) => `${id} Filter Network Traffic`).join('\n'),
    'Knowledge graph records: action M1037 Filter Network Traffic: avg reward 4.9 over 812 flows;',
    'misclassification rate 0.02; actual types seen: PortScan, Benign; the right action for them.',
    ids.map((id) => `{"action": "${id}"}`).join(' '),
  ].join('\n');
}

/**
 * Learn BPE-style merges over SPM pieces (spaces as ▁, one leading ▁) and return the merged
 * strings best first; llama.cpp's SPM tokenizer re-applies them by score.
 */
function learnMerges(corpus: string, max: number): string[] {
  const words = new Map<string, number>();
  for (const w of corpus.replace(/\s+/g, ' ').split(' ')) {
    if (w) words.set(SPACE + w, (words.get(SPACE + w) ?? 0) + 1);
  }
  const seqs = [...words].map(([w, n]) => ({ parts: [...w], n }));
  const merges: string[] = [];
  const seen = new Set<string>();
  while (merges.length < max) {
    const counts = new Map<string, number>();
    for (const { parts, n } of seqs)
      for (let i = 0; i + 1 < parts.length; i++) {
        const k = parts[i] + '\u0000' + parts[i + 1];
        counts.set(k, (counts.get(k) ?? 0) + n);
      }
    let best = '';
    let bestN = 1;
    for (const [k, n] of counts) if (n > bestN) [best, bestN] = [k, n];
    if (!best) break;
    const [a = '', b = ''] = best.split('\u0000');
    const merged = a + b;
    for (const s of seqs) {
      const out: string[] = [];
      for (let i = 0; i < s.parts.length; i++) {
        if (s.parts[i] === a && s.parts[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(s.parts[i] ?? '');
      }
      s.parts = out;
    }
    if (!seen.has(merged)) {
      seen.add(merged);
      merges.push(merged);
    }
  }
  return merges;
}

/** The vocabulary: specials, byte tokens, ▁ and printable ASCII, then learned merges. */
function buildVocab(size: number, corpus: string) {
  const tokens = ['<unk>', '<s>', '</s>'];
  const types: number[] = [TOKEN_TYPE.unknown, TOKEN_TYPE.control, TOKEN_TYPE.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TOKEN_TYPE.byte);
  }
  const have = new Set<string>();
  const add = (t: string): void => {
    if (have.has(t) || tokens.length >= size) return;
    have.add(t);
    tokens.push(t);
    types.push(TOKEN_TYPE.normal);
  };
  add(SPACE);
  for (let c = 0x21; c < 0x7f; c++) add(String.fromCharCode(c));
  for (const m of learnMerges(corpus, size)) add(m);
  // SPM merges by score: earlier (more frequent) merges score higher; singles never merge.
  const scores = tokens.map((_, i) => (i < 3 + 256 ? 0 : -i));
  return { tokens, types, scores };
}

/** Build the tiny GGUF in memory (see writeTinyGguf). */
export function buildTinyGguf(opts: TinyGgufOptions = {}): Buffer {
  const nEmbd = opts.embedding ?? 32;
  const nLayer = opts.layers ?? 2;
  const nHead = opts.heads ?? 4;
  const nFf = opts.feedForward ?? 64;
  const vocab = buildVocab(opts.vocabSize ?? 768, opts.corpus ?? defaultCorpus());
  const nVocab = vocab.tokens.length;
  const rand = rng(opts.seed ?? 1);

  const tensors: { name: string; dims: number[]; norm?: boolean }[] = [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab] },
    { name: 'output_norm.weight', dims: [nEmbd], norm: true },
    { name: 'output.weight', dims: [nEmbd, nVocab] },
  ];
  for (let l = 0; l < nLayer; l++) {
    const p = `blk.${l}.`;
    tensors.push(
      { name: p + 'attn_norm.weight', dims: [nEmbd], norm: true },
      { name: p + 'attn_q.weight', dims: [nEmbd, nEmbd] },
      { name: p + 'attn_k.weight', dims: [nEmbd, nEmbd] },
      { name: p + 'attn_v.weight', dims: [nEmbd, nEmbd] },
      { name: p + 'attn_output.weight', dims: [nEmbd, nEmbd] },
      { name: p + 'ffn_norm.weight', dims: [nEmbd], norm: true },
      { name: p + 'ffn_gate.weight', dims: [nEmbd, nFf] },
      { name: p + 'ffn_up.weight', dims: [nEmbd, nFf] },
      { name: p + 'ffn_down.weight', dims: [nFf, nEmbd] },
    );
  }

  const meta: [string, Meta][] = [
    ['general.architecture', { t: 'str', v: 'llama' }],
    ['general.name', { t: 'str', v: 'rampart-tiny-random' }],
    ['general.alignment', { t: 'u32', v: GGUF_ALIGN }],
    ['general.file_type', { t: 'u32', v: 0 }],
    ['llama.context_length', { t: 'u32', v: opts.contextLength ?? 4096 }],
    ['llama.embedding_length', { t: 'u32', v: nEmbd }],
    ['llama.block_count', { t: 'u32', v: nLayer }],
    ['llama.feed_forward_length', { t: 'u32', v: nFf }],
    ['llama.attention.head_count', { t: 'u32', v: nHead }],
    ['llama.attention.head_count_kv', { t: 'u32', v: nHead }],
    ['llama.rope.dimension_count', { t: 'u32', v: nEmbd / nHead }],
    ['llama.attention.layer_norm_rms_epsilon', { t: 'f32', v: 1e-5 }],
    ['llama.vocab_size', { t: 'u32', v: nVocab }],
    ['tokenizer.ggml.model', { t: 'str', v: 'llama' }],
    ['tokenizer.ggml.tokens', { t: 'strs', v: vocab.tokens }],
    ['tokenizer.ggml.scores', { t: 'f32s', v: vocab.scores }],
    ['tokenizer.ggml.token_type', { t: 'i32s', v: vocab.types }],
    ['tokenizer.ggml.unknown_token_id', { t: 'u32', v: 0 }],
    ['tokenizer.ggml.bos_token_id', { t: 'u32', v: 1 }],
    ['tokenizer.ggml.eos_token_id', { t: 'u32', v: 2 }],
    ['tokenizer.ggml.add_bos_token', { t: 'bool', v: true }],
    ['tokenizer.ggml.add_eos_token', { t: 'bool', v: false }],
  ];

  const s = new Sink();
  s.bytes(Buffer.from('GGUF', 'ascii'));
  s.u32(3);
  s.u64(tensors.length);
  s.u64(meta.length);
  for (const [k, m] of meta) writeMeta(s, k, m);
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    s.str(t.name);
    s.u32(t.dims.length);
    for (const d of t.dims) s.u64(d);
    s.u32(0); // GGML_TYPE_F32
    s.u64(offset);
    offsets.push(offset);
    const bytes = t.dims.reduce((a, b) => a * b, 1) * 4;
    offset += Math.ceil(bytes / GGUF_ALIGN) * GGUF_ALIGN;
  }
  s.pad(GGUF_ALIGN);
  for (const t of tensors) {
    const n = t.dims.reduce((a, b) => a * b, 1);
    const fanIn = t.dims[0] ?? 1;
    const scale = Math.sqrt(3 / fanIn); // uniform with unit-ish activations per layer
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = t.norm ? 1 : (rand() * 2 - 1) * scale;
    s.bytes(new Uint8Array(data.buffer));
    s.pad(GGUF_ALIGN);
  }
  return s.done();
}

/** Write a tiny random-weight llama GGUF to `path`; returns its size in bytes. */
export async function writeTinyGguf(path: string, opts: TinyGgufOptions = {}): Promise<number> {
  const buf = buildTinyGguf(opts);
  await writeFile(path, buf);
  return buf.length;
}
