/**
 * model2vec static embeddings (potion-base-2M by default): tokenize without special tokens,
 * drop [UNK], average the token rows of the embedding matrix, L2-normalise. No network runs:
 * a table lookup, well under a millisecond a sentence. The tokenizer is transformers.js' own
 * tokenizer engine (@huggingface/tokenizers, which @huggingface/transformers v4 uses and
 * re-exports); importing it directly keeps the ONNX runtime out of the default path.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import type { Embedder } from '../memory/types';

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

/** Parses a safetensors file holding one 2-D F16 or F32 tensor (`embeddings`). */
export function parseSafetensors(buf: ArrayBuffer, name = 'embeddings'): Matrix {
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
  const data = new Float32Array(rows * dims);
  if (t.dtype === 'F32') {
    data.set(new Float32Array(buf.slice(start, start + rows * dims * 4)));
  } else if (t.dtype === 'F16') {
    // Widen by bit manipulation (no table, no Math.pow): this runs at every worker start.
    const h = new Uint16Array(buf.slice(start, start + rows * dims * 2));
    const out = new Uint32Array(data.buffer);
    for (let i = 0; i < h.length; i++) {
      const x = h[i]!;
      const sign = (x & 0x8000) << 16;
      const exp = (x >> 10) & 0x1f;
      const mant = x & 0x3ff;
      if (exp === 0)
        data[i] = (sign ? -1 : 1) * mant * 5.960464477539063e-8; // subnormal
      else if (exp === 31) out[i] = sign | 0x7f800000 | (mant << 13);
      else out[i] = sign | ((exp + 112) << 23) | (mant << 13);
    }
  } else {
    throw new ModelLoadError(`Unsupported tensor type ${t.dtype}; expected F16 or F32.`);
  }
  return { rows, dims, data };
}

export class StaticEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  private readonly unkId: number | undefined;

  private constructor(
    id: string,
    private readonly tokenizer: Tokenizer,
    private readonly matrix: Matrix,
  ) {
    this.id = id;
    this.dims = matrix.dims;
    this.unkId = tokenizer.token_to_id('[UNK]');
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
      const tokenizer = new Tokenizer(JSON.parse(tokJson), JSON.parse(tokConfig));
      return new StaticEmbedder(model, tokenizer, parseSafetensors(weights));
    } catch (cause) {
      if (cause instanceof ModelLoadError) throw cause;
      throw new ModelLoadError(
        `Could not load the embedding model ${model}. Reinstall the extension, or rebuild it with the model files present.`,
        { cause },
      );
    }
  }

  tokenIds(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  countTokens(text: string): number {
    return this.tokenIds(text).length;
  }

  embedOne(text: string): Float32Array {
    const { dims, data, rows } = this.matrix;
    const out = new Float32Array(dims);
    let n = 0;
    for (const id of this.tokenIds(text)) {
      if (id === this.unkId || id < 0 || id >= rows) continue;
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
