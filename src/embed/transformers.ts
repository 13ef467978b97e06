/**
 * An Embedder on transformers.js (`@huggingface/transformers`): feature extraction, mean
 * pooling, L2 normalisation. Default model `Xenova/all-MiniLM-L6-v2`, int8 (`q8`, ~23 MB),
 * downloaded from the Hugging Face hub only when the user asked for it (`allowRemote`);
 * otherwise read from `localModelPath` (Hugging Face layout: `<id>/config.json`,
 * `<id>/tokenizer.json`, `<id>/onnx/model_quantized.onnx`).
 *
 * In the extension (Chrome only) the ONNX runtime's wasm is the extension's own copy
 * (`/ort/`, copied at build time by wxt.config.ts) with one thread: a service worker cannot
 * start the runtime's worker threads, and nothing is fetched from a CDN. In a Firefox build
 * the dynamic import is dead code and transformers.js is not bundled.
 *
 * @example
 * const e = await TransformersEmbedder.load({ localModelPath: '/abs/models/', model: 'test/tiny-random-bert', dtype: 'fp32' });
 * const [v] = await e.embed(['I adopted a puppy']); // Float32Array(e.dims), unit length
 */
import type { Embedder } from '../memory/types';
import { ModelLoadError } from './static';

export const DEFAULT_TRANSFORMERS_MODEL = 'Xenova/all-MiniLM-L6-v2';

export type TransformersDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';

export interface TransformersEmbedderOptions {
  /** Hub id or local folder name under `localModelPath`. */
  model?: string;
  /** Default `q8` (model_quantized.onnx). */
  dtype?: TransformersDtype;
  /** Folder (Node) or URL prefix (browser) holding local models. */
  localModelPath?: string;
  /** Download from the Hugging Face hub when not local. Only when the user asked. */
  allowRemote?: boolean;
  /**
   * Where the ONNX runtime's wasm is. In a service worker give the object form with the
   * wasm file only: a string prefix makes the runtime `import()` its JS glue, which service
   * workers forbid; with `{ wasm }` the bundled glue is used.
   */
  wasmPaths?: string | { wasm: string; mjs?: string };
  /** transformers.js' progress events while files load. */
  onProgress?: (p: {
    status: string;
    file?: string;
    progress?: number;
    loaded?: number;
    total?: number;
  }) => void;
}

type Transformers = typeof import('@huggingface/transformers');
type Pipe = Awaited<ReturnType<Transformers['pipeline']>> & {
  (
    texts: string[],
    opts: { pooling: 'mean'; normalize: boolean },
  ): Promise<{ dims: number[]; data: Float32Array }>;
  tokenizer: { encode(text: string, opts?: { add_special_tokens?: boolean }): number[] };
  model: { config: { hidden_size?: number } };
};

export async function loadTransformers(): Promise<Transformers> {
  if (import.meta.env.BROWSER === 'firefox')
    throw new ModelLoadError(
      'The larger embedding models run in Chrome only (Firefox limits extension files to 4 MB). Mnemo uses its built-in embedding model here.',
    );
  return import('@huggingface/transformers');
}

export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;

  private constructor(
    id: string,
    private readonly pipe: Pipe,
  ) {
    this.id = id;
    this.dims = pipe.model.config.hidden_size ?? 0;
  }

  static async load(opts: TransformersEmbedderOptions = {}): Promise<TransformersEmbedder> {
    const model = opts.model ?? DEFAULT_TRANSFORMERS_MODEL;
    const dtype = opts.dtype ?? 'q8';
    const t = await loadTransformers();
    const { env } = t;
    env.allowRemoteModels = !!opts.allowRemote;
    env.allowLocalModels = !!opts.localModelPath;
    if (opts.localModelPath) env.localModelPath = opts.localModelPath.replace(/\/?$/, '/');
    const wasm = env.backends.onnx.wasm;
    if (wasm) {
      if (opts.wasmPaths) wasm.wasmPaths = opts.wasmPaths as typeof wasm.wasmPaths;
      // Threads need a Worker, which a service worker cannot create.
      wasm.numThreads = 1;
    }
    let pipe: Pipe;
    try {
      pipe = (await t.pipeline('feature-extraction', model, {
        dtype,
        ...(opts.onProgress ? { progress_callback: opts.onProgress as never } : {}),
      })) as unknown as Pipe;
    } catch (cause) {
      const offline = !opts.allowRemote;
      throw new ModelLoadError(
        offline
          ? `The embedding model ${model} (${dtype}) is not on this device. Download it in Options → Models, or keep the built-in model.`
          : `Downloading the embedding model ${model} failed. Check your connection and try again in Options → Models.`,
        { cause },
      );
    }
    const e = new TransformersEmbedder(`${model}@${dtype}`, pipe);
    if (!e.dims) throw new ModelLoadError(`The model ${model} does not declare hidden_size.`);
    return e;
  }

  countTokens(text: string): number {
    return this.pipe.tokenizer.encode(text, { add_special_tokens: false }).length;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const out = await this.pipe([...texts], { pooling: 'mean', normalize: true });
    const [n = 0, d = this.dims] = out.dims;
    const rows: Float32Array[] = [];
    for (let i = 0; i < n; i++) rows.push(Float32Array.from(out.data.subarray(i * d, (i + 1) * d)));
    return rows;
  }
}
