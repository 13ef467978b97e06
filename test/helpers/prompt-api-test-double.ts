/**
 * TEST DOUBLE of Chrome's Prompt API (`LanguageModel`). It replays scripted answers shaped
 * as the API gives them — a JSON string, a DOMException by name (NotSupportedError,
 * SyntaxError, QuotaExceededError, NetworkError, NotAllowedError, AbortError), an answer that
 * never comes, a `contextoverflow` event — and plays the API's states: `availability()`,
 * `create()` with `downloadprogress` events on its monitor, `contextWindow`,
 * `contextUsage` and `measureContextUsage()` (a fixed number of characters per token), a
 * QuotaExceededError for a request larger than the window. It proves Mnemo's prompt, schema,
 * parsing, decisions, fallbacks and progress UI; it knows nothing of language, and no
 * quality figure may ever come from it.
 *
 * Self-contained (no imports, no outer names) so the end-to-end test can install it into
 * the extension's service worker and options page from its source text.
 *
 * @example
 * const double = installPromptApiTestDouble(globalThis, { availability: 'available', replies: [{ text: '{"facts":[]}' }] });
 * // … run the extractor …
 * double.log.prompts[0].input // the request Mnemo sent
 */
export type DoubleAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

export type DoubleReply =
  /** An answer, after `delayMs`; `overflow` fires `contextoverflow` on the session first. */
  | { text: string; delayMs?: number; overflow?: boolean }
  /** The request rejects with a DOMException of this name. */
  | { error: string; message?: string }
  /** No answer until the request's signal aborts (a stuck model). */
  | { hang: true };

/** One fact as the Chrome tier's schema has the model write it (CHROME_FACTS_SCHEMA). */
export const modelFact = (text: string, over: Record<string, unknown> = {}) => ({
  text,
  kind: 'fact',
  entities: [],
  date: '',
  slot: '',
  op: 'add',
  value: '',
  target: '',
  confidence: 0.9,
  ...over,
});

/** The model's answer to the facts step. */
export const factsReply = (...f: ReturnType<typeof modelFact>[]): DoubleReply => ({
  text: JSON.stringify({ facts: f }),
});

export interface DoubleScript {
  availability: DoubleAvailability;
  /** What `create()` does while the model is downloadable or downloading. */
  download?: { progress?: number[]; intervalMs?: number; error?: string };
  /** `create()` on a downloadable model needs a user gesture (`navigator.userActivation`). */
  requireActivation?: boolean;
  contextWindow?: number;
  charsPerToken?: number;
  replies: DoubleReply[];
}

export interface DoubleLog {
  availability: unknown[];
  creates: { options: Record<string, unknown>; system: string }[];
  prompts: { input: string; schema: unknown; system: string }[];
  measures: number;
  clones: number;
  destroyed: number;
  progress: number[];
  /** The most requests the model was answering at once. */
  maxInFlight: number;
}

export interface DoubleControl {
  log: DoubleLog;
  script: DoubleScript;
}

export function installPromptApiTestDouble(target: object, script: DoubleScript): DoubleControl {
  const log: DoubleLog = {
    availability: [],
    creates: [],
    prompts: [],
    measures: 0,
    clones: 0,
    destroyed: 0,
    progress: [],
    maxInFlight: 0,
  };
  let inFlight = 0;
  const control: DoubleControl = { log, script };
  const perToken = script.charsPerToken ?? 4;
  const window = script.contextWindow ?? 9216;
  const tokens = (text: string, schema?: unknown) =>
    Math.ceil(text.length / perToken) +
    (schema ? Math.ceil(JSON.stringify(schema).length / perToken) : 0) +
    4;
  const fail = (name: string, message?: string) =>
    new DOMException(message ?? `${name} (from the Prompt API test double)`, name);
  const wait = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((ok, no) => {
      if (signal?.aborted) return no(signal.reason);
      const t = setTimeout(ok, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          no(signal.reason);
        },
        { once: true },
      );
    });
  const systemOf = (options: Record<string, unknown>) => {
    const first = (options.initialPrompts as { role: string; content: string }[] | undefined)?.[0];
    return first?.role === 'system' ? first.content : '';
  };

  class Session extends EventTarget {
    readonly contextWindow = window;
    readonly contextUsage: number;
    constructor(readonly system: string) {
      super();
      this.contextUsage = system ? tokens(system) : 0;
    }
    async measureContextUsage(input: string, options: { responseConstraint?: unknown } = {}) {
      log.measures++;
      return tokens(input, options.responseConstraint);
    }
    async clone(options: { signal?: AbortSignal } = {}) {
      options.signal?.throwIfAborted();
      log.clones++;
      return new Session(this.system);
    }
    destroy() {
      log.destroyed++;
    }
    async prompt(
      input: string,
      options: { responseConstraint?: unknown; signal?: AbortSignal } = {},
    ) {
      log.prompts.push({ input, schema: options.responseConstraint, system: this.system });
      options.signal?.throwIfAborted();
      if (tokens(input, options.responseConstraint) > this.contextWindow - this.contextUsage)
        throw fail('QuotaExceededError', 'The input is too large.');
      const reply = script.replies.shift();
      if (!reply) throw new Error('Prompt API test double: no scripted reply left.');
      inFlight++;
      log.maxInFlight = Math.max(log.maxInFlight, inFlight);
      try {
        if ('error' in reply) throw fail(reply.error, reply.message);
        if ('hang' in reply) {
          await wait(2 ** 31 - 1, options.signal);
          throw fail('AbortError');
        }
        if (reply.delayMs) await wait(reply.delayMs, options.signal);
        if (reply.overflow) this.dispatchEvent(new Event('contextoverflow'));
        return reply.text;
      } finally {
        inFlight--;
      }
    }
  }

  class LanguageModelDouble {
    static async availability(options?: unknown) {
      log.availability.push(options ?? null);
      return script.availability;
    }
    static async create(options: Record<string, unknown> = {}) {
      const monitor = new EventTarget();
      (options.monitor as ((m: EventTarget) => void) | undefined)?.(monitor);
      const signal = options.signal as AbortSignal | undefined;
      signal?.throwIfAborted();
      if (script.availability === 'unavailable') throw fail('NotSupportedError');
      if (script.availability !== 'available') {
        const active = (globalThis as { navigator?: { userActivation?: { isActive?: boolean } } })
          .navigator?.userActivation?.isActive;
        if (script.requireActivation && script.availability === 'downloadable' && !active)
          throw fail(
            'NotAllowedError',
            'Requires a user gesture when availability is "downloadable".',
          );
        script.availability = 'downloading';
        const steps = script.download?.progress ?? [0, 0.5, 1];
        for (const loaded of steps) {
          await wait(script.download?.intervalMs ?? 0, signal);
          log.progress.push(loaded);
          monitor.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded, total: 1 }));
        }
        if (script.download?.error) {
          script.availability = 'downloadable';
          throw fail(script.download.error);
        }
        script.availability = 'available';
      }
      const system = systemOf(options);
      // Plain data only: the end-to-end test reads the log across the page boundary.
      log.creates.push({
        options: {
          expectedInputs: options.expectedInputs,
          expectedOutputs: options.expectedOutputs,
          monitor: typeof options.monitor === 'function',
        },
        system,
      });
      return new Session(system);
    }
  }

  Object.assign(target, {
    LanguageModel: LanguageModelDouble,
    __promptApiTestDouble: control,
  });
  return control;
}
