/**
 * The extractor backed by Chrome's built-in model (the Prompt API, `LanguageModel`): the
 * same two steps as the web-llm tier (extractor.ts), with the API's own JSON Schema
 * constraint (`responseConstraint`) and its context window.
 *
 *   1. facts:     the user's turn → facts about the user, each with its attribute (`slot`),
 *                 the operation it implies (set / end / correct / forget / add), its value
 *                 and target, under CHROME_FACTS_SCHEMA. A turn longer than the context
 *                 window allows (read at run time: `contextWindow`, `measureContextUsage`)
 *                 is read in chunks, each its own request.
 *   2. decisions: for the plain facts (add / set) when similar memories exist: ADD /
 *                 UPDATE / SUPERSEDE / NOOP against those memories, numbered, under
 *                 DECISIONS_SCHEMA (Mem0's DELETE, a fact contradicting a memory, is
 *                 SUPERSEDE here: the memory stays as history; a request to forget is the
 *                 `forget` operation of step 1). End, correct and forget are applied by the
 *                 engine's operations.
 *
 * Every failure of step 1 — no model, not downloaded, a refused schema, an answer that does
 * not parse, a context overflow, the quota, a timeout, any other error of the API — hands the
 * turn to the fallback (the rule extractor), reports the named error (`onFallback`) and is
 * counted (`onOutcome`). A failure of step 2 keeps step 1's candidates and leaves the
 * decisions to the engine. An aborted signal is never a fallback: it rejects, and the turn
 * stays in the capture queue.
 *
 * Nothing here downloads: a model that is not `available` is a fallback, and only the
 * options page (a user's click) may start the download (src/ai/chrome-model.ts).
 *
 * @example
 * const x = new ChromeModelExtractor({ fallback: rules, resolveDates, onOutcome: count });
 * const { candidates, decisions } = await new ExtractionQueue(x).extract(input);
 */
import { stripMemoryBlock } from '../../inject/marker';
import type { Candidate, ExtractionInput, ExtractionResult, Extractor } from '../../memory/types';
import { splitText } from './chunk';
import { LlmOutputError, LlmRequestError, LlmTimeoutError, type LlmError } from './errors';
import type { LlmRunReport } from './extractor';
import {
  CHROME_FACTS_SCHEMA,
  chromeFactsPrompt,
  decisionMessages,
  DECISIONS_SCHEMA,
  MAX_FACTS,
  parseDecisions,
  parseFacts,
  parseJsonOutput,
  type RawFact,
} from './prompts';
import {
  CHROME_MODEL_OPTIONS,
  classifyPromptApiError,
  notReadyError,
  promptApi,
  type PromptApi,
  type PromptSession,
} from './prompt-api';
import { candidatesOf, decisionsOf, type DateResolver } from './results';

/** The rule extractor reads at most this much of a turn (src/extract/rules.ts): so does this. */
export const MAX_CHROME_TURN_CHARS = 20_000;
/** More chunks than this and the turn goes to the rules (counted as `quota`). */
export const MAX_CHUNKS = 8;
/** Below this a chunk carries too little text to be worth a request. */
const MIN_CHUNK_CHARS = 200;

export interface ChromeRunReport extends LlmRunReport {
  /** Requests step 1 made (one per chunk). */
  chunks: number;
}

export interface ChromeModelExtractorOptions {
  /** Default: the global `LanguageModel` (`promptApi()`); tests pass a test double. */
  api?: () => PromptApi | undefined;
  fallback: Extractor;
  resolveDates: DateResolver;
  /** Per request. Default 90 s. */
  timeoutMs?: number;
  /** Tokens of the context window kept free for the answer. Default 1024. */
  outputReserve?: number;
  onFallback?: (err: LlmError, input: ExtractionInput, stage: 'facts' | 'decisions') => void;
  /** After each user turn, what happened (for the counts in Options → Models). */
  onOutcome?: (report: ChromeRunReport) => void;
}

const fresh = (): ChromeRunReport => ({
  path: 'skipped',
  inventedMemoryIds: 0,
  droppedDecisions: 0,
  chunks: 0,
});

export class ChromeModelExtractor implements Extractor {
  readonly id = 'chrome';
  readonly fallback: Extractor;
  last: ChromeRunReport = fresh();
  /** One session per system prompt, cloned for each request (the clone starts clean). */
  private readonly sessions = new Map<string, Promise<PromptSession>>();
  private readonly timeoutMs: number;
  private readonly reserve: number;

  constructor(private readonly opts: ChromeModelExtractorOptions) {
    this.fallback = opts.fallback;
    this.timeoutMs = opts.timeoutMs ?? 90_000;
    this.reserve = opts.outputReserve ?? 1024;
  }

  async extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult> {
    signal?.throwIfAborted();
    this.last = fresh();
    // Assistant turns hold no first-person facts; the rules read the user's restatements in
    // them when the settings ask for it.
    if (input.turn.role !== 'user') return this.fallback.extract(input, signal);

    let api: PromptApi;
    let facts: RawFact[];
    try {
      const found = (this.opts.api ?? promptApi)();
      if (!found) throw notReadyError('absent');
      api = found;
      const availability = await api.availability(CHROME_MODEL_OPTIONS);
      if (availability !== 'available') throw notReadyError(availability);
      facts = await this.readFacts(api, input, signal);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      this.last.path = 'fallback';
      this.last.error = this.failed(err, input, 'facts');
      this.opts.onOutcome?.(this.last);
      return this.fallback.extract(input, signal);
    }

    // Outside the fallback: a date resolver that cannot run keeps the turn queued.
    const candidates = await candidatesOf(facts, input.turn.observedAt, this.opts.resolveDates);
    signal?.throwIfAborted();
    this.last.path = 'llm';
    const decidable = candidates.filter(
      (c) => c.text && (!c.op || c.op === 'add' || c.op === 'set'),
    );
    if (decidable.length === 0 || input.similar.length === 0) {
      this.opts.onOutcome?.(this.last);
      return { candidates };
    }
    try {
      const decisions = await this.decide(api, decidable, input, signal);
      this.opts.onOutcome?.(this.last);
      return { candidates, decisions };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      this.last.error = this.failed(err, input, 'decisions');
      this.opts.onOutcome?.(this.last);
      return { candidates };
    }
  }

  /** Frees the model: the sessions go (a new turn creates them again). */
  dispose(): void {
    for (const s of this.sessions.values()) void s.then((x) => x.destroy()).catch(() => {});
    this.sessions.clear();
  }

  private failed(err: unknown, input: ExtractionInput, stage: 'facts' | 'decisions'): LlmError {
    const e = classifyPromptApiError(err);
    // A session that failed for any reason but its answer is not trusted again.
    if (!(e instanceof LlmOutputError)) this.dispose();
    this.opts.onFallback?.(e, input, stage);
    return e;
  }

  private session(api: PromptApi, key: string, system: string): Promise<PromptSession> {
    let s = this.sessions.get(key);
    if (!s) {
      s = api.create({
        ...CHROME_MODEL_OPTIONS,
        initialPrompts: [{ role: 'system', content: system }],
      });
      this.sessions.set(key, s);
      s.catch(() => this.sessions.delete(key));
    }
    return s;
  }

  private async readFacts(
    api: PromptApi,
    input: ExtractionInput,
    signal?: AbortSignal,
  ): Promise<RawFact[]> {
    const prompt = chromeFactsPrompt(input.userName);
    const base = await this.session(api, `facts|${input.userName ?? ''}`, prompt.system);
    const text = stripMemoryBlock(input.turn.text).slice(0, MAX_CHROME_TURN_CHARS);
    const requests = await this.chunks(
      base,
      text,
      (chunk, withContext) => prompt.request(input.turn, chunk, withContext ? input.context : []),
      signal,
    );
    this.last.chunks = requests.length;
    const out: RawFact[] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      const raw = await this.ask(base, request, CHROME_FACTS_SCHEMA, signal);
      for (const f of parseFacts(parseJsonOutput(raw, null), raw)) {
        const key = `${f.op ?? ''}|${f.text.toLowerCase()}|${f.target ?? ''}`;
        if (seen.has(key) || out.length >= MAX_FACTS) continue;
        seen.add(key);
        out.push(f);
      }
    }
    return out;
  }

  /**
   * The requests for one turn: the whole turn with its context when it fits the room the
   * session has left (its window, less the system prompt, less the answer's reserve); else
   * the turn alone; else the turn in chunks sized from the measured tokens per character and
   * measured again, halved where one still does not fit.
   */
  private async chunks(
    base: PromptSession,
    text: string,
    build: (chunk: string, withContext: boolean) => string,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const room = base.contextWindow - base.contextUsage - this.reserve;
    const measure = (request: string) =>
      base.measureContextUsage(request, { responseConstraint: CHROME_FACTS_SCHEMA, signal });
    const whole = build(text, true);
    if ((await measure(whole)) <= room) return [whole];
    const alone = build(text, false);
    const used = await measure(alone);
    if (used <= room) return [alone];
    const overhead = await measure(build('', false));
    const perChar = Math.max(1e-6, (used - overhead) / Math.max(1, text.length));
    const first = Math.floor(((room - overhead) / perChar) * 0.9);
    if (first < MIN_CHUNK_CHARS) throw new LlmRequestError('quota');
    const pending = splitText(text, first);
    const out: string[] = [];
    while (pending.length) {
      const piece = pending.shift()!;
      const request = build(piece, false);
      if ((await measure(request)) <= room) out.push(request);
      else if (piece.length / 2 < MIN_CHUNK_CHARS) throw new LlmRequestError('quota');
      else pending.unshift(...splitText(piece, Math.ceil(piece.length / 2)));
      if (out.length + pending.length > MAX_CHUNKS) throw new LlmRequestError('quota');
    }
    return out;
  }

  private async decide(
    api: PromptApi,
    decidable: Candidate[],
    input: ExtractionInput,
    signal?: AbortSignal,
  ) {
    const { messages, ids } = decisionMessages(
      decidable.map((c) => c.text),
      input.similar,
      input.turn.observedAt,
    );
    const [system, user] = messages;
    const base = await this.session(api, 'decisions', system?.content ?? '');
    const raw = await this.ask(base, user?.content ?? '', DECISIONS_SCHEMA, signal);
    const mapped = decisionsOf(parseDecisions(parseJsonOutput(raw, null), raw), decidable, ids);
    this.last.inventedMemoryIds += mapped.invented;
    this.last.droppedDecisions += mapped.dropped;
    return mapped.decisions;
  }

  /**
   * One request on a clone of `base`, under the schema, with the timeout and the caller's
   * signal. A `contextoverflow` while it runs means the model dropped part of what it was
   * given: its answer is not used.
   */
  private async ask(
    base: PromptSession,
    request: string,
    schema: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<string> {
    const timer = new AbortController();
    const timeout = setTimeout(
      () =>
        timer.abort(
          new LlmTimeoutError(
            this.timeoutMs,
            "Chrome's built-in model may be busy with another tab or extension.",
          ),
        ),
      this.timeoutMs,
    );
    const both = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    let overflowed = false;
    const onOverflow = () => {
      overflowed = true;
    };
    let s: PromptSession | undefined;
    try {
      s = await base.clone({ signal: both });
      s.addEventListener('contextoverflow', onOverflow);
      const raw = await s.prompt(request, { responseConstraint: schema, signal: both });
      if (overflowed) throw new LlmRequestError('context-overflow');
      return raw;
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timer.signal.aborted) throw timer.signal.reason;
      throw classifyPromptApiError(err);
    } finally {
      clearTimeout(timeout);
      s?.removeEventListener('contextoverflow', onOverflow);
      s?.destroy();
    }
  }
}
