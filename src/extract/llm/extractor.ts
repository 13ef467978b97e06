/**
 * The LLM extractor: Mem0's two steps on a small on-device model (web-llm, WebGPU).
 *
 *   1. facts:     the new user turn + a few earlier turns → self-contained facts about the
 *                 user, relative dates made absolute from the turn's observation time, as
 *                 JSON constrained by FACTS_SCHEMA.
 *   2. decisions: only when similar memories exist: the facts + those memories, numbered
 *                 0..n-1 (the model never sees a real id) → ADD / UPDATE / SUPERSEDE / NOOP
 *                 per fact, as JSON constrained by DECISIONS_SCHEMA, mapped back to real ids.
 *
 * Invented ids and fact numbers: see results.ts (shared with Chrome's built-in model).
 *
 * Failures: any LlmError in step 1 (no WebGPU, model missing, malformed or truncated JSON,
 * a refusal, a timeout, GPU out of memory / device lost) → the fallback (rule-based)
 * extractor handles the turn, and `onFallback` gets the named error for the options page.
 * A failure in step 2 keeps step 1's facts and returns no decisions, so the engine decides
 * with its embedding-based dedupe. An aborted signal is never a fallback: it rejects.
 *
 * @example
 * const llm = new LlmExtractor({
 *   engine: () => runtime.engine(),
 *   fallback: new RuleExtractor(),
 *   resolveDates: resolveDatesLocally,
 *   onFallback: (e) => log(e),
 * });
 * const { candidates, decisions } = await llm.extract({ turn, context, similar }, signal);
 */
import type { ExtractionInput, ExtractionResult, Extractor } from '../../memory/types';
import type { CompletionRequest, CompletionResponse, LlmEngine } from './engine';
import { classifyEngineError, GpuMemoryError, LlmTimeoutError, type LlmError } from './errors';
import {
  DECISIONS_SCHEMA,
  decisionMessages,
  FACTS_SCHEMA,
  factsMessages,
  parseDecisions,
  parseFacts,
  parseJsonOutput,
  type RawFact,
} from './prompts';
import { candidatesOf, decisionsOf, type DateResolver } from './results';

export interface LlmRunStats {
  stage: 'facts' | 'decisions';
  completionTokens: number;
  promptTokens: number;
  /** Decode speed web-llm reports (usage.extra.decode_tokens_per_s). */
  tokensPerSecond?: number;
  ms: number;
}

export interface LlmExtractorOptions {
  /** Gives the loaded engine (loads the model on first use); throws when it cannot. */
  engine: () => Promise<LlmEngine>;
  /**
   * Used for the turn when the model fails: the rule-based extractor (in Chrome's service
   * worker, its proxy to the offscreen page: compromise stays out of the worker's bundle).
   */
  fallback: Extractor;
  /**
   * The absolute date (ms) of each plan or event the model gave no ISO date for, said at
   * `observedAt` (chrono-node: `resolveDatesLocally` in src/extract/local.ts, or the
   * offscreen page's `resolveDates`); `null` where there is none.
   */
  resolveDates: DateResolver;
  /** Per completion. Default 90 s (a 1.5B model on an integrated GPU can take 20 s). */
  timeoutMs?: number;
  maxTokens?: { facts: number; decisions: number };
  onFallback?: (err: LlmError, input: ExtractionInput, stage: 'facts' | 'decisions') => void;
  onStats?: (stats: LlmRunStats) => void;
  /** After GPU out of memory / device lost: the engine must be recreated before reuse. */
  onEngineLost?: (err: GpuMemoryError) => void;
  now?: () => number;
}

/** What the last `extract` did, for the options page and the tests. */
export interface LlmRunReport {
  path: 'llm' | 'fallback' | 'skipped';
  error?: LlmError;
  /** Decisions whose memory number was not in the list, turned into ADD. */
  inventedMemoryIds: number;
  /** Decisions whose fact number did not exist, dropped. */
  droppedDecisions: number;
}

export class LlmExtractor implements Extractor {
  readonly id = 'llm';
  readonly fallback: Extractor;
  last: LlmRunReport = { path: 'skipped', inventedMemoryIds: 0, droppedDecisions: 0 };
  private readonly timeoutMs: number;
  private readonly maxTokens: { facts: number; decisions: number };

  constructor(private readonly opts: LlmExtractorOptions) {
    this.fallback = opts.fallback;
    this.timeoutMs = opts.timeoutMs ?? 90_000;
    this.maxTokens = opts.maxTokens ?? { facts: 768, decisions: 512 };
  }

  async extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult> {
    signal?.throwIfAborted();
    this.last = { path: 'skipped', inventedMemoryIds: 0, droppedDecisions: 0 };
    // Assistant turns hold no first-person facts for the model to extract; the rules read
    // the user's restatements in them when configured to.
    if (input.turn.role !== 'user') return this.fallback.extract(input, signal);

    let engine: LlmEngine;
    let facts: RawFact[];
    try {
      engine = await this.opts.engine();
      signal?.throwIfAborted();
      const messages = factsMessages(input.turn, input.context, input.userName);
      const res = await this.complete(
        engine,
        'facts',
        {
          messages,
          response_format: { type: 'json_object', schema: JSON.stringify(FACTS_SCHEMA) },
          temperature: 0,
          max_tokens: this.maxTokens.facts,
        },
        signal,
      );
      const raw = res.choices[0]?.message.content ?? null;
      facts = parseFacts(parseJsonOutput(raw, res.choices[0]?.finish_reason), raw ?? '');
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      const e = this.failed(err, input, 'facts');
      this.last = { ...this.last, path: 'fallback', error: e };
      return this.fallback.extract(input, signal);
    }

    // Outside the fallback: a date resolver that cannot run keeps the turn queued.
    const candidates = await candidatesOf(facts, input.turn.observedAt, this.opts.resolveDates);
    signal?.throwIfAborted();
    this.last.path = 'llm';
    if (candidates.length === 0 || input.similar.length === 0) return { candidates };

    try {
      const { messages, ids } = decisionMessages(
        candidates.map((c) => c.text),
        input.similar,
        input.turn.observedAt,
      );
      const res = await this.complete(
        engine,
        'decisions',
        {
          messages,
          response_format: { type: 'json_object', schema: JSON.stringify(DECISIONS_SCHEMA) },
          temperature: 0,
          max_tokens: this.maxTokens.decisions,
        },
        signal,
      );
      const raw = res.choices[0]?.message.content ?? null;
      const parsed = parseDecisions(parseJsonOutput(raw, res.choices[0]?.finish_reason), raw ?? '');
      const mapped = decisionsOf(parsed, candidates, ids);
      this.last.inventedMemoryIds += mapped.invented;
      this.last.droppedDecisions += mapped.dropped;
      return { candidates, decisions: mapped.decisions };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      this.last.error = this.failed(err, input, 'decisions');
      return { candidates };
    }
  }

  private failed(err: unknown, input: ExtractionInput, stage: 'facts' | 'decisions'): LlmError {
    const e = classifyEngineError(err);
    if (e instanceof GpuMemoryError) this.opts.onEngineLost?.(e);
    this.opts.onFallback?.(e, input, stage);
    return e;
  }

  /** One completion with a timeout and the caller's signal; both interrupt the engine. */
  private async complete(
    engine: LlmEngine,
    stage: 'facts' | 'decisions',
    req: CompletionRequest,
    signal?: AbortSignal,
  ): Promise<CompletionResponse> {
    const now = this.opts.now ?? (() => performance.now());
    const t0 = now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const call = engine.chat.completions.create(req);
    call.catch(() => {}); // a rejection after a timeout or abort is not unhandled
    try {
      const res = await Promise.race([
        call,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            engine.interruptGenerate();
            reject(new LlmTimeoutError(this.timeoutMs));
          }, this.timeoutMs);
        }),
        new Promise<never>((_, reject) => {
          if (!signal) return;
          onAbort = () => {
            engine.interruptGenerate();
            reject(signal.reason);
          };
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
      const tps = res.usage?.extra?.decode_tokens_per_s;
      this.opts.onStats?.({
        stage,
        completionTokens: res.usage?.completion_tokens ?? 0,
        promptTokens: res.usage?.prompt_tokens ?? 0,
        ...(tps !== undefined ? { tokensPerSecond: tps } : {}),
        ms: now() - t0,
      });
      return res;
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }
}
