/**
 * The LLM tier, assembled for the background: an extractor whose engine runs in the
 * offscreen document (src/ai/offscreen-host.ts), never downloads on its own (the model
 * manager does), checks WebGPU and the cache there first, and falls back to the rules on
 * any error — the page missing or not answering included. No web-llm code is in here, and
 * no compromise or chrono-node either: the fallback rules and the date resolver run in the
 * same page (a page that cannot run at all keeps the turn queued for later).
 *
 * @example (in createBackground, when settings.extractor === 'llm')
 * const tier = createLlmTier({ modelId: settings.llmModel, onFallback: (e) => lastError = e });
 * new MemoryEngine({ …, extractor: tier.extractor });
 * tier.dispose(); // closes the offscreen document when the user turns the LLM off
 */
import type { Extractor } from '../memory/types';
import { LlmExtractor, type LlmExtractorOptions } from '../extract/llm/extractor';
import { ExtractionQueue } from '../extract/llm/queue';
import { DEFAULT_LLM_MODEL } from '../extract/llm/models';
import {
  chromeOffscreenTransport,
  OffscreenClient,
  OffscreenLlmEngine,
  OffscreenRuleExtractor,
  offscreenDateResolver,
} from './offscreen-client';

export interface LlmTierOptions {
  modelId?: string;
  /** Default: the rules in the offscreen page (`OffscreenRuleExtractor` over `client`). */
  fallback?: Extractor;
  onFallback?: LlmExtractorOptions['onFallback'];
  /** Per completion (the extractor's limit). */
  timeoutMs?: number;
  /** Loading the model in the page (default 5 min: the first load compiles its shaders). */
  loadTimeoutMs?: number;
  /** Default: the real offscreen document. Tests pass a client over a fake transport. */
  client?: OffscreenClient;
}

export function createLlmTier(opts: LlmTierOptions = {}) {
  const modelId = opts.modelId ?? DEFAULT_LLM_MODEL;
  const client = opts.client ?? new OffscreenClient(chromeOffscreenTransport());
  const engine = new OffscreenLlmEngine(client, modelId, {
    ...(opts.loadTimeoutMs ? { loadTimeoutMs: opts.loadTimeoutMs } : {}),
  });
  const llm = new LlmExtractor({
    // Cheap once loaded (one round trip); it also recreates a page that was closed when idle.
    engine: async () => {
      await engine.reload(modelId);
      return engine;
    },
    fallback: opts.fallback ?? new OffscreenRuleExtractor(client),
    // chrono-node runs in the page too: the service worker's bundle leaves it out.
    resolveDates: offscreenDateResolver(client),
    ...(opts.onFallback ? { onFallback: opts.onFallback } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    onEngineLost: () => {
      void engine.unload().catch(() => {});
    },
  });
  return {
    extractor: new ExtractionQueue(llm),
    llm,
    engine,
    client,
    /** Frees the GPU: closes the offscreen document. */
    dispose: () => client.close(),
  };
}
