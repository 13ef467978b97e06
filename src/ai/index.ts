/** The AI tiers' background side: WebGPU detection, the LLM tier, the model manager backend. */
export { detectWebGpu, type WebGpuStatus } from './webgpu';
export { createLlmTier, type LlmTierOptions } from './llm';
export {
  createModelManagerBackend,
  browserOrtPaths,
  extensionUrl,
  ORT_WASM_FILE,
  type ModelManagerApi,
  type ModelRow,
  type DownloadJob,
  type ModelState,
} from './manager';
