/// <reference types="dom-chromium-ai" />
/**
 * The part of Chrome's Prompt API (`LanguageModel`, Chrome 138+ in extensions: the service
 * worker, offscreen documents and extension pages) that Mnemo uses, picked from
 * `@types/dom-chromium-ai` so the real class satisfies it and a test double can too. The
 * global is looked up at call time and never assumed: Firefox, Chromium builds without the
 * model and older Chrome have none.
 *
 * @example
 * const api = promptApi();
 * if (api && (await api.availability(CHROME_MODEL_OPTIONS)) === 'available') {
 *   const s = await api.create({ ...CHROME_MODEL_OPTIONS, initialPrompts: [{ role: 'system', content }] });
 *   const json = await s.prompt(text, { responseConstraint: schema });
 * }
 */
import { LlmError, LlmOutputError, LlmRequestError, LlmUnavailableError } from './errors';

export type PromptAvailability = Availability;

/** A session: one system prompt, cloned per request so no request sees another's text. */
export type PromptSession = Pick<
  LanguageModel,
  | 'prompt'
  | 'measureContextUsage'
  | 'contextWindow'
  | 'contextUsage'
  | 'clone'
  | 'destroy'
  | 'addEventListener'
  | 'removeEventListener'
>;

export type PromptCreateOptions = LanguageModelCreateOptions;

/** `LanguageModel`'s static side, as Mnemo calls it. */
export interface PromptApi {
  availability(options?: LanguageModelCreateCoreOptions): Promise<PromptAvailability>;
  create(options?: PromptCreateOptions): Promise<PromptSession>;
}

/**
 * What Mnemo asks of the model, passed alike to `availability` and `create` (the API answers
 * for these options only). English in and out: the memory's statements, and the rules that
 * read them, are English; the model also reads Spanish and Japanese, but asking for them
 * would make it unavailable on Chrome versions that lack them.
 */
export const CHROME_MODEL_OPTIONS = {
  expectedInputs: [{ type: 'text', languages: ['en'] }],
  expectedOutputs: [{ type: 'text', languages: ['en'] }],
} as const satisfies LanguageModelCreateCoreOptions;

/** The global `LanguageModel` where this context has one. */
export function promptApi(): PromptApi | undefined {
  const g = globalThis as { LanguageModel?: PromptApi };
  const api = g.LanguageModel;
  return api && typeof api.availability === 'function' && typeof api.create === 'function'
    ? api
    : undefined;
}

const nameOf = (err: unknown): string => {
  const n = (err as { name?: unknown } | null)?.name;
  return typeof n === 'string' ? n : '';
};

/**
 * The Prompt API's failures as Mnemo's named errors. The API reports them as DOMExceptions
 * by name: NotSupportedError (a schema or language it cannot take), SyntaxError (no answer
 * fits the schema), QuotaExceededError (the input exceeds the context window), NetworkError
 * (the download failed), NotAllowedError (a policy or a missing user gesture).
 */
export function classifyPromptApiError(err: unknown, raw = ''): LlmError {
  if (err instanceof LlmError) return err;
  const message = String((err as { message?: unknown } | null)?.message ?? err);
  switch (nameOf(err)) {
    case 'NotSupportedError':
      return new LlmRequestError('schema-unsupported', err);
    case 'SyntaxError':
      return new LlmOutputError('schema', raw, err);
    case 'QuotaExceededError':
      return new LlmRequestError('quota', err);
    case 'NetworkError':
      return new LlmUnavailableError(
        'Chrome could not download its built-in model. Check your connection and free disk space (it needs 22 GB), then click Download again in Options → Models. Mnemo uses its built-in rules meanwhile.',
        { cause: err, code: 'download-failed' },
      );
    case 'NotAllowedError':
      return new LlmUnavailableError(
        'Chrome refused to start its built-in model (it may be turned off by a policy, or need a download started from Options → Models). Mnemo uses its built-in rules meanwhile.',
        { cause: err, code: 'unavailable' },
      );
    default:
      return new LlmUnavailableError(
        `Chrome's built-in model failed (${message.slice(0, 160)}). Mnemo used its built-in rules for this turn.`,
        { cause: err },
      );
  }
}

/** The reason a model that is not `available` cannot read a turn, as a named error. */
export function notReadyError(availability: PromptAvailability | 'absent'): LlmUnavailableError {
  if (availability === 'downloadable' || availability === 'downloading')
    return new LlmUnavailableError(
      availability === 'downloading'
        ? 'Chrome is still downloading its built-in model; Mnemo uses its built-in rules until it is ready (Options → Models shows the progress).'
        : "Chrome's built-in model is not downloaded yet. Click Download in Options → Models; until then Mnemo uses its built-in rules.",
      { code: 'not-downloaded' },
    );
  return new LlmUnavailableError(
    availability === 'absent'
      ? 'This browser has no built-in model (Chrome 138 or later has one). Mnemo uses its built-in rules.'
      : "Chrome's built-in model cannot run on this computer (it needs 22 GB of free disk space and a GPU with more than 4 GB of memory, or 16 GB of RAM), or it is turned off by a policy. Mnemo uses its built-in rules.",
    { code: 'unavailable' },
  );
}
