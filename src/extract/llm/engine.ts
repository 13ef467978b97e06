/**
 * The part of web-llm's `MLCEngine` that Mnemo uses, as a small interface, so the extractor
 * can be driven by the real engine in the browser and by a scripted test double in tests.
 * Shapes follow `@mlc-ai/web-llm` 0.2.86 (`MLCEngineInterface`, OpenAI-style completions);
 * only the fields Mnemo reads are declared.
 */

/** web-llm's `InitProgressReport`. */
export interface LoadProgress {
  /** 0..1 */
  progress: number;
  timeElapsed: number;
  text: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A non-streaming chat completion request, JSON-constrained by a JSON schema. */
export interface CompletionRequest {
  messages: ChatMessage[];
  /** web-llm takes the schema as a JSON string (its grammar compiler parses it). */
  response_format: { type: 'json_object'; schema: string };
  temperature?: number;
  max_tokens?: number;
  stream?: false;
}

export interface CompletionResponse {
  choices: {
    message: { content: string | null };
    /** `length`: the output was cut at max_tokens (truncated JSON follows). */
    finish_reason: 'stop' | 'length' | 'tool_calls' | 'abort' | null | string;
  }[];
  usage?: {
    completion_tokens: number;
    prompt_tokens: number;
    extra?: { decode_tokens_per_s?: number; prefill_tokens_per_s?: number };
  };
}

/**
 * The engine surface. `MLCEngine` satisfies it structurally.
 *
 * @example
 * const engine: LlmEngine = await createWebLlmEngine({ onProgress: (p) => bar(p.progress) });
 * await engine.reload(DEFAULT_LLM_MODEL);
 * const r = await engine.chat.completions.create({ messages, response_format });
 */
export interface LlmEngine {
  chat: { completions: { create(req: CompletionRequest): Promise<CompletionResponse> } };
  reload(modelId: string): Promise<void>;
  setInitProgressCallback(cb: (report: LoadProgress) => void): void;
  /** Stops the running generation; the pending `create` resolves with what it had. */
  interruptGenerate(): void;
  unload(): Promise<void>;
}
