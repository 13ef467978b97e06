/**
 * The AI tiers (Chrome). The background holds only the small side: the LLM tier's proxy
 * engine and the offscreen document's client. web-llm and transformers.js run in the
 * offscreen page (offscreen-host.ts) and, for downloads, in the options page (manager.ts).
 */
export { detectWebGpu, type WebGpuStatus } from './webgpu';
export { createLlmTier, type LlmTierOptions } from './llm';
export {
  chromeOffscreenTransport,
  OffscreenClient,
  OffscreenEmbedder,
  OffscreenLlmEngine,
  OffscreenUnavailableError,
  type OffscreenTransport,
} from './offscreen-client';
export * from './offscreen-protocol';
export { browserOrtPaths, extensionUrl, ORT_WASM_FILE } from './paths';
export type { ModelManagerApi, ModelRow, DownloadJob, ModelState } from './manager';
