/**
 * The LLM tier (Chrome with WebGPU; opt-in, the rule-based extractor stays the default).
 * See extractor.ts for the pipeline, queue.ts for how it plugs into the capture queue,
 * webllm.ts for the real engine and its IndexedDB weight cache.
 */
export type { LlmEngine, CompletionRequest, CompletionResponse, LoadProgress } from './engine';
export * from './errors';
export {
  LlmExtractor,
  type LlmExtractorOptions,
  type LlmRunReport,
  type LlmRunStats,
} from './extractor';
export { ExtractionQueue } from './queue';
export * from './models';
export { FACTS_SCHEMA, DECISIONS_SCHEMA, factsMessages, decisionMessages } from './prompts';
export {
  ChromeModelExtractor,
  type ChromeModelExtractorOptions,
  type ChromeRunReport,
} from './chrome';
export * from './prompt-api';
export * from './counts';
