/**
 * Named errors of the LLM tier. Each message tells the user what to do; the options page
 * shows `message` as is and can branch on `name` / `code`. Every one of them makes the
 * extractor fall back to the rule-based extractor for the turn at hand.
 */

export type LlmErrorCode =
  | 'unavailable'
  | 'no-webgpu'
  | 'not-downloaded'
  | 'download-failed'
  | 'gpu-memory'
  | 'malformed'
  | 'truncated'
  | 'refusal'
  | 'schema'
  | 'schema-unsupported'
  | 'context-overflow'
  | 'quota'
  | 'timeout';

export abstract class LlmError extends Error {
  abstract readonly code: LlmErrorCode;
}

/** WebGPU missing, the model not downloaded or not loadable, the download failed. */
export class LlmUnavailableError extends LlmError {
  readonly code: LlmErrorCode;
  constructor(
    message: string,
    options: {
      cause?: unknown;
      code?: 'unavailable' | 'no-webgpu' | 'not-downloaded' | 'download-failed';
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'LlmUnavailableError';
    this.code = options.code ?? 'unavailable';
  }
}

/** Out of GPU memory or the GPU device was lost (web-llm's DeviceLostError is mostly OOM). */
export class GpuMemoryError extends LlmError {
  readonly code = 'gpu-memory' as const;
  constructor(message?: string, options: { cause?: unknown } = {}) {
    super(
      message ??
        'The GPU ran out of memory or was reset while running the AI model. Choose the smaller model in Options → Models, or close other tabs that use the GPU. Memories were extracted with the built-in rules meanwhile.',
      options,
    );
    this.name = 'GpuMemoryError';
  }
}

/** The model answered, but not with what was asked: malformed or truncated JSON, a refusal. */
export class LlmOutputError extends LlmError {
  readonly code: 'malformed' | 'truncated' | 'refusal' | 'schema';
  /** The raw output, for the debug log (never shown in the UI: it may quote the user). */
  readonly raw: string;
  constructor(
    code: 'malformed' | 'truncated' | 'refusal' | 'schema',
    raw: string,
    cause?: unknown,
  ) {
    const what = {
      malformed: 'returned text that is not valid JSON',
      truncated: 'stopped before finishing its answer (output too long)',
      refusal: 'declined to answer',
      schema: 'returned JSON of the wrong shape',
    }[code];
    super(
      `The AI model ${what}; this turn was processed by the built-in rules instead. If it keeps happening, try the other model in Options → Models.`,
      { cause },
    );
    this.name = 'LlmOutputError';
    this.code = code;
    this.raw = raw;
  }
}

/**
 * The request itself could not be run (Chrome's Prompt API): a JSON schema the model does
 * not take, a turn that does not fit its context window even in chunks, a context that
 * overflowed while it answered.
 */
export class LlmRequestError extends LlmError {
  readonly code: 'schema-unsupported' | 'context-overflow' | 'quota';
  constructor(code: 'schema-unsupported' | 'context-overflow' | 'quota', cause?: unknown) {
    const what = {
      'schema-unsupported':
        'does not accept the answer format Mnemo asks for (this Chrome version may be too old)',
      'context-overflow': 'ran out of room in its context window while reading this turn',
      quota: 'could not fit this turn in its context window',
    }[code];
    super(
      `Chrome's built-in model ${what}; this turn was processed by the built-in rules instead. Updating Chrome may help; nothing was lost.`,
      { cause },
    );
    this.name = 'LlmRequestError';
    this.code = code;
  }
}

export class LlmTimeoutError extends LlmError {
  readonly code = 'timeout' as const;
  constructor(
    readonly ms: number,
    advice = 'A smaller model (Options → Models) is faster on this GPU.',
  ) {
    super(
      `The AI model took longer than ${Math.round(ms / 1000)} s on one turn; it was processed by the built-in rules instead. ${advice}`,
    );
    this.name = 'LlmTimeoutError';
  }
}

const GPU_MEMORY =
  /out of memory|\boom\b|GPUOutOfMemoryError|device (?:was |is )?lost|DeviceLost|allocation failed|failed to allocate|exceeds the max(?:imum)? buffer size/i;
const NO_WEBGPU = /WebGPU|navigator\.gpu|requestAdapter|shader-f16|ShaderF16|FeatureSupport/i;
const NETWORK =
  /Failed to fetch|NetworkError|network error|ERR_INTERNET|ERR_NAME_NOT_RESOLVED|HTTP 4\d\d|HTTP 5\d\d|status 4\d\d|status 5\d\d/i;

/**
 * Maps anything web-llm throws (its own error classes, a GPUError, a DOMException) to one of
 * ours. Recognised by class name and message, because web-llm errors cross the worker and
 * service-worker boundary as plain objects.
 */
export function classifyEngineError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  const name = (err as { name?: unknown })?.name;
  const message = String((err as { message?: unknown })?.message ?? err);
  const text = `${typeof name === 'string' ? name : ''} ${message}`;
  if (GPU_MEMORY.test(text)) return new GpuMemoryError(undefined, { cause: err });
  if (/ShaderF16SupportError|shader-f16/i.test(text))
    return new LlmUnavailableError(
      'This GPU does not support 16-bit shaders (shader-f16), which this model needs. Choose a q4f32 model in Options → Models, or keep the built-in rules.',
      { cause: err, code: 'no-webgpu' },
    );
  if (NO_WEBGPU.test(text))
    return new LlmUnavailableError(
      'WebGPU is not available in this browser, so the AI model cannot run. Mnemo keeps using its built-in rules; update Chrome or enable WebGPU to use the model.',
      { cause: err, code: 'no-webgpu' },
    );
  if (NETWORK.test(text))
    return new LlmUnavailableError(
      'Downloading the AI model failed. Check your connection and try the download again in Options → Models.',
      { cause: err, code: 'download-failed' },
    );
  if (/ModelNotLoaded|EngineNotLoaded|not loaded/i.test(text))
    return new LlmUnavailableError(
      'The AI model is not loaded. Download it in Options → Models; until then Mnemo uses its built-in rules.',
      { cause: err, code: 'not-downloaded' },
    );
  return new LlmUnavailableError(
    `The AI model failed (${message.slice(0, 160)}). Mnemo used its built-in rules for this turn; reload the model in Options → Models if it persists.`,
    { cause: err },
  );
}
