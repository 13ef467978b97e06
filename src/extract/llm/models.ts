/**
 * The LLM models Mnemo offers, from web-llm 0.2.86's `prebuiltAppConfig.model_list` (a unit
 * test checks the ids and GPU-memory figures against the installed package). Plain data:
 * importing it does not pull web-llm into a bundle.
 */
export interface LlmModelInfo {
  /** web-llm's model_id. */
  id: string;
  label: string;
  /** `vram_required_MB` from web-llm's list. */
  vramMB: number;
  /** Approximate download: parameters × ~4.5 bits (q4f16_1 weights and scales). */
  approxDownloadMB: number;
  /** Needs the GPU feature shader-f16 (every q4f16 model does). */
  needsF16: boolean;
  role: 'default' | 'small' | 'no-f16';
  note: string;
}

export const LLM_MODELS: readonly LlmModelInfo[] = [
  {
    id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    label: 'Qwen2.5 1.5B Instruct',
    vramMB: 1629.75,
    approxDownloadMB: 870,
    needsF16: true,
    role: 'default',
    note: 'Best extraction quality of the small models; follows JSON schemas well.',
  },
  {
    id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
    label: 'Llama 3.2 1B Instruct',
    vramMB: 879.04,
    approxDownloadMB: 700,
    needsF16: true,
    role: 'small',
    note: 'For GPUs with little memory: about half the GPU memory of the default.',
  },
  {
    id: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
    label: 'Qwen2.5 1.5B Instruct (f32)',
    vramMB: 1888.97,
    approxDownloadMB: 1000,
    needsF16: false,
    role: 'no-f16',
    note: 'For GPUs without 16-bit shader support (shader-f16).',
  },
];

export const DEFAULT_LLM_MODEL = LLM_MODELS[0]!.id;
export const SMALL_LLM_MODEL = LLM_MODELS[1]!.id;

export function llmModel(id: string): LlmModelInfo | undefined {
  return LLM_MODELS.find((m) => m.id === id);
}
