/**
 * model2vec static embeddings (potion-base-2M by default): tokenize without special tokens,
 * drop [UNK], average the token rows of the embedding matrix, L2-normalise. No network runs:
 * a table lookup, well under a millisecond a sentence. The tokenizer is BERT's WordPiece
 * (./wordpiece.ts: the same ids, built far faster at each service-worker start) where the
 * model's tokenizer.json is that, else transformers.js' own tokenizer engine
 * (@huggingface/tokenizers, which @huggingface/transformers v4 uses and re-exports);
 * importing it directly keeps the ONNX runtime out of the default path.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type { Embedder } from '../memory/types';
import { bertWordPiece } from './wordpiece';

/** Text to token ids (no special tokens added), and a token's id. */
interface TextTokenizer {
  encode(text: string): number[];
  idOf(token: string): number | undefined;
}

/** The tokenizer a model's tokenizer.json and tokenizer_config.json describe (parsed). */
function makeTokenizer(json: unknown, config: unknown): TextTokenizer {
  const wp = bertWordPiece(json, config);
  if (wp) return wp;
  const t = new Tokenizer(json as never, config as never);
  return {
    encode: (text) => t.encode(text, { add_special_tokens: false }).ids,
    idOf: (token) => t.token_to_id(token),
  };
}

export const DEFAULT_STATIC_MODEL = 'minishlab/potion-base-2M';

/** Reads one file of a model folder (Hugging Face layout), as text or bytes. */
export interface ModelFileSource {
  text(path: string): Promise<string>;
  bytes(path: string): Promise<ArrayBuffer>;
}

export class ModelLoadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelLoadError';
  }
}

interface Matrix {
  rows: number;
  dims: number;
  /** Row-major, as float32 (F16 files are widened once at load). */
  data: Float32Array;
}

interface Tensor {
  rows: number;
  dims: number;
  /** As stored: float16 bits (Uint16Array) or float32. Views on the file's buffer when aligned. */
  raw: Uint16Array | Float32Array;
}

/** Reads the header of a safetensors file holding one 2-D F16 or F32 tensor (`embeddings`). */
function readTensor(buf: ArrayBuffer, name: string): Tensor {
  const view = new DataView(buf);
  if (buf.byteLength < 8) throw new ModelLoadError('The model file is empty or truncated.');
  const n = Number(view.getBigUint64(0, true));
  if (n <= 0 || 8 + n > buf.byteLength)
    throw new ModelLoadError('The model file has no valid safetensors header.');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, n))) as Record<
    string,
    { dtype: string; shape: number[]; data_offsets: [number, number] }
  >;
  const t = header[name] ?? Object.entries(header).find(([k]) => k !== '__metadata__')?.[1];
  if (!t || t.shape.length !== 2)
    throw new ModelLoadError(`The model file has no 2-D tensor named "${name}".`);
  const [rows = 0, dims = 0] = t.shape;
  const start = 8 + n + t.data_offsets[0];
  const count = rows * dims;
  // A view where the data is aligned (no copy of the file), else a copy.
  const typed = <A>(size: number, make: (b: ArrayBuffer, off: number, len: number) => A): A =>
    start % size === 0
      ? make(buf, start, count)
      : make(buf.slice(start, start + count * size), 0, count);
  if (start + count * (t.dtype === 'F32' ? 4 : 2) > buf.byteLength)
    throw new ModelLoadError('The model file is truncated.');
  if (t.dtype === 'F32')
    return { rows, dims, raw: typed(4, (b, o, l) => new Float32Array(b, o, l)) };
  if (t.dtype === 'F16')
    return { rows, dims, raw: typed(2, (b, o, l) => new Uint16Array(b, o, l)) };
  throw new ModelLoadError(`Unsupported tensor type ${t.dtype}; expected F16 or F32.`);
}

/** Widens float16 bits `h[from..to)` into `data` (and its bits view `bits`), exactly. */
function widenF16(
  h: Uint16Array,
  data: Float32Array,
  bits: Uint32Array,
  from: number,
  to: number,
): void {
  // By bit manipulation (no table, no Math.pow).
  for (let i = from; i < to; i++) {
    const x = h[i]!;
    const sign = (x & 0x8000) << 16;
    const exp = (x >> 10) & 0x1f;
    const mant = x & 0x3ff;
    if (exp === 0)
      data[i] = (sign ? -1 : 1) * mant * 5.960464477539063e-8; // subnormal
    else if (exp === 31) bits[i] = sign | 0x7f800000 | (mant << 13);
    else bits[i] = sign | ((exp + 112) << 23) | (mant << 13);
  }
}

/** Parses a safetensors file holding one 2-D F16 or F32 tensor (`embeddings`). */
export function parseSafetensors(buf: ArrayBuffer, name = 'embeddings'): Matrix {
  const { rows, dims, raw } = readTensor(buf, name);
  const data = new Float32Array(rows * dims);
  if (raw instanceof Float32Array) data.set(raw);
  else widenF16(raw, data, new Uint32Array(data.buffer), 0, raw.length);
  return { rows, dims, data };
}

/**
 * The embedding matrix for lookups. F16 rows are widened on first use rather than all at
 * load (two million values at every service-worker start, before the first search); a
 * query reads a few dozen rows. The values are the same as `parseSafetensors` gives.
 */
class RowTable {
  readonly rows: number;
  readonly dims: number;
  readonly data: Float32Array;
  private readonly f16: Uint16Array | undefined;
  private readonly bits: Uint32Array | undefined;
  private readonly ready: Uint8Array | undefined;

  constructor(t: Tensor) {
    this.rows = t.rows;
    this.dims = t.dims;
    if (t.raw instanceof Float32Array) {
      this.data = t.raw;
    } else {
      this.f16 = t.raw;
      this.data = new Float32Array(t.rows * t.dims);
      this.bits = new Uint32Array(this.data.buffer);
      this.ready = new Uint8Array(t.rows);
    }
  }

  /** Makes row `id` readable in `data` (at `id * dims`). */
  ensure(id: number): void {
    if (!this.ready || this.ready[id]) return;
    widenF16(this.f16!, this.data, this.bits!, id * this.dims, (id + 1) * this.dims);
    this.ready[id] = 1;
  }
}

export class StaticEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  private readonly unkId: number | undefined;

  private constructor(
    id: string,
    private readonly tokenizer: TextTokenizer,
    private readonly matrix: RowTable,
  ) {
    this.id = id;
    this.dims = matrix.dims;
    this.unkId = tokenizer.idOf('[UNK]');
  }

  /**
   * @example
   * const e = await StaticEmbedder.load(nodeModelSource('public/models'));
   * const [v] = await e.embed(['I adopted a puppy']);
   */
  static async load(
    source: ModelFileSource,
    model = DEFAULT_STATIC_MODEL,
  ): Promise<StaticEmbedder> {
    try {
      const [tokJson, tokConfig, weights] = await Promise.all([
        source.text(`${model}/tokenizer.json`),
        source.text(`${model}/tokenizer_config.json`).catch(() => '{}'),
        source.bytes(`${model}/model.safetensors`),
      ]);
      const tokenizer = makeTokenizer(JSON.parse(tokJson), JSON.parse(tokConfig));
      return new StaticEmbedder(model, tokenizer, new RowTable(readTensor(weights, 'embeddings')));
    } catch (cause) {
      if (cause instanceof ModelLoadError) throw cause;
      throw new ModelLoadError(
        `Could not load the embedding model ${model}. Reinstall the extension, or rebuild it with the model files present.`,
        { cause },
      );
    }
  }

  tokenIds(text: string): number[] {
    return this.tokenizer.encode(text);
  }

  countTokens(text: string): number {
    return this.tokenIds(text).length;
  }

  embedOne(text: string): Float32Array {
    const m = this.matrix;
    const { dims, data, rows } = m;
    const out = new Float32Array(dims);
    let n = 0;
    for (const id of this.tokenIds(text)) {
      if (id === this.unkId || id < 0 || id >= rows) continue;
      m.ensure(id);
      const off = id * dims;
      for (let d = 0; d < dims; d++) out[d]! += data[off + d]!;
      n++;
    }
    if (n === 0) return out;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += out[d]! * out[d]!;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) out[d]! /= norm;
    return out;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }
}

/** Model files served with the extension (public/models → /models/ at runtime). */
export function urlModelSource(base: string): ModelFileSource {
  const get = async (path: string) => {
    const res = await fetch(`${base.replace(/\/$/, '')}/${path}`);
    if (!res.ok) throw new ModelLoadError(`Model file ${path} is missing (HTTP ${res.status}).`);
    return res;
  };
  return {
    text: async (p) => (await get(p)).text(),
    bytes: async (p) => (await get(p)).arrayBuffer(),
  };
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}
