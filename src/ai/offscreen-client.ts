/**
 * The background's side of the offscreen document (Chrome): creates it on demand, sends it
 * typed requests (src/ai/offscreen-protocol.ts) with a time limit, turns its errors back
 * into Mnemo's named errors, and closes it. Nothing here imports web-llm, transformers.js or
 * the ONNX runtime: they live in the offscreen page, so the service worker stays small and
 * starts fast.
 *
 * @example
 * const client = new OffscreenClient(chromeOffscreenTransport());
 * const engine = new OffscreenLlmEngine(client, modelId);   // an LlmEngine
 * const e = await OffscreenEmbedder.load(client, { model, dtype: 'q8', source: 'downloaded' });
 * const rules = new OffscreenRuleExtractor(client, { assistantTurns: false }); // an Extractor
 */
import type { Embedder, ExtractionInput, ExtractionResult, Extractor } from '../memory/types';
import { ExtractorUnavailableError } from '../extract/unavailable';
import type {
  CompletionRequest,
  CompletionResponse,
  LlmEngine,
  LoadProgress,
} from '../extract/llm/engine';
import { GpuMemoryError, LlmUnavailableError, type LlmErrorCode } from '../extract/llm/errors';
import {
  OFFSCREEN_PATH,
  OFFSCREEN_TARGET,
  type EmbedModelRef,
  type OffscreenOp,
  type OffscreenParams,
  type OffscreenRequest,
  type OffscreenResponse,
  type OffscreenResult,
} from './offscreen-protocol';
import type { WireError } from '../messaging/wire-error';

/** How requests reach the document; the real one is `chromeOffscreenTransport()`. */
export interface OffscreenTransport {
  /** Creates the document unless it exists; resolves once it listens. */
  ensure(): Promise<void>;
  send(req: OffscreenRequest): Promise<unknown>;
  close(): Promise<void>;
}

/** The offscreen page is missing, closed, or did not answer in time. */
export class OffscreenUnavailableError extends LlmUnavailableError {
  constructor(message: string, cause?: unknown) {
    super(message, { cause, code: 'unavailable' });
    this.name = 'OffscreenUnavailableError';
  }
}

const UNAVAILABLE_CODES = new Set<LlmErrorCode>([
  'unavailable',
  'no-webgpu',
  'not-downloaded',
  'download-failed',
]);

/** The offscreen page's error as the named error it was there (or a plain named Error). */
export function fromOffscreenError(w: WireError): Error {
  if (w.name === 'GpuMemoryError') return new GpuMemoryError(w.message);
  if (w.name === 'LlmUnavailableError' || w.name === 'ModelLoadError') {
    const code = UNAVAILABLE_CODES.has(w.code as LlmErrorCode)
      ? (w.code as 'unavailable' | 'no-webgpu' | 'not-downloaded' | 'download-failed')
      : 'unavailable';
    return new LlmUnavailableError(w.message, { code });
  }
  // web-llm's and WebGPU's own errors: classifyEngineError reads their name and message.
  const e = new Error(w.message);
  e.name = w.name;
  return e;
}

export interface CallOptions {
  /** Default: the client's (30 s). */
  timeoutMs?: number;
}

export class OffscreenClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly transport: OffscreenTransport,
    opts: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  async call<O extends OffscreenOp>(
    op: O,
    params: OffscreenParams<O>,
    opts: CallOptions = {},
  ): Promise<OffscreenResult<O>> {
    const ms = opts.timeoutMs ?? this.timeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let res: OffscreenResponse<O> | undefined;
    try {
      // The limit covers creating the page too: a creation that never settles must not
      // hang the caller (the capture queue waits on it).
      res = (await Promise.race([
        this.transport
          .ensure()
          .then(() =>
            this.transport.send({ target: OFFSCREEN_TARGET, op, params } as OffscreenRequest),
          ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new OffscreenUnavailableError(
                  `The AI model's page did not answer within ${Math.round(ms / 1000)} s; Mnemo used its built-in rules meanwhile.`,
                ),
              ),
            ms,
          );
        }),
      ])) as OffscreenResponse<O> | undefined;
    } catch (err) {
      if (err instanceof OffscreenUnavailableError) throw err;
      throw new OffscreenUnavailableError(
        `The AI model's page is not running (${String((err as Error)?.message ?? err).slice(0, 120)}); Mnemo used its built-in rules meanwhile.`,
        err,
      );
    } finally {
      clearTimeout(timer);
    }
    if (!res || typeof res !== 'object' || typeof res.ok !== 'boolean')
      throw new OffscreenUnavailableError(
        "The AI model's page gave no answer; Mnemo used its built-in rules meanwhile.",
      );
    if (!res.ok) throw fromOffscreenError(res.error);
    return res.value;
  }

  close(): Promise<void> {
    return this.transport.close().catch(() => {});
  }
}

/**
 * web-llm's engine, running in the offscreen page. `reload` checks WebGPU and the weight
 * cache there and loads the model without downloading it (the model manager downloads);
 * load progress is not forwarded (loads from the cache take seconds, and nobody watches).
 */
export class OffscreenLlmEngine implements LlmEngine {
  readonly chat: LlmEngine['chat'];

  constructor(
    private readonly client: OffscreenClient,
    public modelId: string,
    private readonly opts: { loadTimeoutMs?: number; completionTimeoutMs?: number } = {},
  ) {
    this.chat = {
      completions: {
        create: (request: CompletionRequest): Promise<CompletionResponse> =>
          this.client.call(
            'llmComplete',
            { modelId: this.modelId, request },
            // The extractor has its own limit (and interrupts); this one only catches a lost page.
            { timeoutMs: this.opts.completionTimeoutMs ?? 180_000 },
          ),
      },
    };
  }

  async reload(modelId: string): Promise<void> {
    this.modelId = modelId;
    // Compiling a model's shaders on first load can take minutes on a slow GPU.
    await this.client.call(
      'llmLoad',
      { modelId },
      { timeoutMs: this.opts.loadTimeoutMs ?? 300_000 },
    );
  }

  setInitProgressCallback(_cb: (report: LoadProgress) => void): void {}

  interruptGenerate(): void {
    void this.client.call('llmInterrupt', {}, { timeoutMs: 5_000 }).catch(() => {});
  }

  async unload(): Promise<void> {
    await this.client.call('llmUnload', {}, { timeoutMs: 10_000 });
  }
}

/**
 * A transformers.js embedder running in the offscreen page. Not an `Embedder` as is: that
 * interface counts tokens synchronously, and here the tokenizer is a message away.
 */
export class OffscreenEmbedder implements Omit<Embedder, 'countTokens'> {
  private constructor(
    private readonly client: OffscreenClient,
    private readonly ref: EmbedModelRef,
    readonly id: string,
    readonly dims: number,
  ) {}

  static async load(client: OffscreenClient, ref: EmbedModelRef): Promise<OffscreenEmbedder> {
    const { id, dims } = await client.call('embedLoad', ref, { timeoutMs: 120_000 });
    return new OffscreenEmbedder(client, ref, id, dims);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const rows = await this.client.call('embed', { ...this.ref, texts: [...texts] });
    return rows.map((r) => Float32Array.from(r));
  }

  countTokens(text: string): Promise<number> {
    return this.client.call('countTokens', { ...this.ref, text });
  }
}

/** RuleExtractor's id (src/extract/rules.ts), without importing it (and compromise). */
export const RULES_EXTRACTOR_ID = 'rules-v1';

/** A call to the page that cannot be answered now becomes "try this turn again later". */
async function retryLater<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof OffscreenUnavailableError)) throw err;
    const why = String(err.cause instanceof Error ? err.cause.message : 'no answer in time');
    throw new ExtractorUnavailableError(
      `Mnemo's extraction page (${what}) could not run (${why.slice(0, 120)}); the turn stays queued and is read again later.`,
      { cause: err },
    );
  }
}

/**
 * The rule-based extractor, running in the offscreen page (Chrome): the service worker's
 * bundle stays free of compromise and chrono-node, whose evaluation would otherwise slow
 * every worker start. Same id and results as a local RuleExtractor. When the page cannot be
 * created, closes mid-request or does not answer in time, `extract` rejects with an
 * ExtractorUnavailableError: the capture queue keeps the turn and retries it later.
 */
export class OffscreenRuleExtractor implements Extractor {
  readonly id = RULES_EXTRACTOR_ID;
  private readonly assistantTurns: boolean;

  constructor(
    private readonly client: OffscreenClient,
    private readonly opts: { assistantTurns?: boolean; timeoutMs?: number } = {},
  ) {
    this.assistantTurns = opts.assistantTurns ?? false;
  }

  async extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult> {
    signal?.throwIfAborted();
    // As RuleExtractor: assistant turns are skipped unless asked for (no page needed).
    if (input.turn.role === 'assistant' && !this.assistantTurns) return { candidates: [] };
    const { site, conversationId, turnId, role, text, url, observedAt } = input.turn;
    const candidates = await retryLater('rules', () =>
      this.client.call(
        'extractRules',
        {
          // The rules read the turn and the user's name only (not context nor similar).
          turn: { site, conversationId, turnId, role, text, url, observedAt },
          ...(input.userName !== undefined ? { userName: input.userName } : {}),
          assistantTurns: this.assistantTurns,
        },
        this.opts.timeoutMs ? { timeoutMs: this.opts.timeoutMs } : {},
      ),
    );
    signal?.throwIfAborted();
    return { candidates };
  }
}

/** The LLM extractor's date resolver (chrono-node), in the offscreen page. */
export function offscreenDateResolver(
  client: OffscreenClient,
): (texts: string[], observedAt: number) => Promise<(number | null)[]> {
  return (texts, observedAt) =>
    texts.length === 0
      ? Promise.resolve([])
      : retryLater('dates', () => client.call('resolveDates', { texts, observedAt }));
}

type ChromeLike = {
  runtime: {
    getURL(p: string): string;
    sendMessage(msg: unknown): Promise<unknown>;
    getContexts?(f: { contextTypes: string[]; documentUrls?: string[] }): Promise<unknown[]>;
  };
  offscreen?: {
    createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
};

/**
 * The real transport: `chrome.offscreen` and `chrome.runtime.sendMessage`. One document per
 * extension (Chrome's rule); concurrent `ensure()` calls share one creation.
 */
export function chromeOffscreenTransport(
  chromeApi: ChromeLike = (globalThis as unknown as { chrome: ChromeLike }).chrome,
): OffscreenTransport {
  const url = chromeApi.runtime.getURL(OFFSCREEN_PATH);
  let creating: Promise<void> | undefined;

  async function exists(): Promise<boolean> {
    if (!chromeApi.runtime.getContexts) return false;
    const found = await chromeApi.runtime.getContexts({
      contextTypes: ['OFFSCREEN_DOCUMENT'],
      documentUrls: [url],
    });
    return found.length > 0;
  }

  async function create(): Promise<void> {
    if (!chromeApi.offscreen)
      throw new Error('This browser has no offscreen documents (chrome.offscreen).');
    try {
      await chromeApi.offscreen.createDocument({
        url: OFFSCREEN_PATH,
        // No reason names WebGPU; the page runs the model's and the ONNX runtime's workers.
        reasons: ['WORKERS'],
        justification: 'Runs the on-device AI models (WebGPU and WebAssembly) for Mnemo.',
      });
    } catch (err) {
      // Created meanwhile by another call (Chrome allows one offscreen document).
      if (!/single offscreen|already/i.test(String((err as Error)?.message))) throw err;
    }
  }

  return {
    async ensure() {
      if (await exists()) return;
      creating ??= create().finally(() => {
        creating = undefined;
      });
      await creating;
    },
    send: (req) => chromeApi.runtime.sendMessage(req),
    async close() {
      if (await exists()) await chromeApi.offscreen?.closeDocument();
    },
  };
}
