/**
 * The LLM tier, assembled for the background: an extractor that never downloads on its own
 * (the model manager does), checks WebGPU and the cache first, and falls back to the rules.
 *
 * @example (in createBackground, when settings.extractor === 'llm')
 * const tier = createLlmTier({ modelId: settings.llmModel, onFallback: (e) => lastError = e });
 * new MemoryEngine({ …, extractor: tier.extractor });
 */
import { RuleExtractor } from '../extract/rules';
import type { Extractor } from '../memory/types';
import { LlmExtractor, type LlmExtractorOptions } from '../extract/llm/extractor';
import { LlmUnavailableError } from '../extract/llm/errors';
import { ExtractionQueue } from '../extract/llm/queue';
import { DEFAULT_LLM_MODEL, llmModel } from '../extract/llm/models';
import { isLlmCached, WebLlmRuntime } from '../extract/llm/webllm';
import { detectWebGpu } from './webgpu';

export interface LlmTierOptions {
  modelId?: string;
  fallback?: Extractor;
  onFallback?: LlmExtractorOptions['onFallback'];
  timeoutMs?: number;
}

export function createLlmTier(opts: LlmTierOptions = {}) {
  const modelId = opts.modelId ?? DEFAULT_LLM_MODEL;
  const runtime = new WebLlmRuntime({ modelId });
  let checked = false;
  const engine = async () => {
    if (!checked) {
      const gpu = await detectWebGpu();
      if (!gpu.available) throw new LlmUnavailableError(gpu.reason, { code: 'no-webgpu' });
      if (llmModel(modelId)?.needsF16 && !gpu.shaderF16)
        throw new LlmUnavailableError(
          `This GPU (${gpu.description}) lacks 16-bit shader support, which ${modelId} needs. Choose the f32 model in Options → Models.`,
          { code: 'no-webgpu' },
        );
      if (!(await isLlmCached(modelId)))
        throw new LlmUnavailableError(
          `The AI model ${modelId} is not downloaded. Download it in Options → Models; until then Mnemo uses its built-in rules.`,
          { code: 'not-downloaded' },
        );
      checked = true;
    }
    return runtime.engine();
  };
  const llm = new LlmExtractor({
    engine,
    fallback: opts.fallback ?? new RuleExtractor(),
    ...(opts.onFallback ? { onFallback: opts.onFallback } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    onEngineLost: () => {
      checked = false;
      void runtime.invalidate();
    },
  });
  return { extractor: new ExtractionQueue(llm), llm, runtime };
}
