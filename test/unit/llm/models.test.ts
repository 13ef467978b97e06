/** The model catalog agrees with web-llm's prebuilt list in node_modules. */
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LLM_MODEL, LLM_MODELS, SMALL_LLM_MODEL } from '../../../src/extract/llm/models';

describe('LLM model catalog', () => {
  it.each(LLM_MODELS.map((m) => [m.id, m] as const))(
    '%s is in web-llm’s prebuilt list with its GPU memory',
    (id, m) => {
      const rec = prebuiltAppConfig.model_list.find((r) => r.model_id === id);
      expect(rec, id).toBeDefined();
      expect(rec!.vram_required_MB).toBeCloseTo(m.vramMB, 1);
      expect(m.needsF16).toBe(/q4f16/.test(id));
    },
  );
  it('the small model needs less GPU memory than the default', () => {
    const d = LLM_MODELS.find((m) => m.id === DEFAULT_LLM_MODEL)!;
    const s = LLM_MODELS.find((m) => m.id === SMALL_LLM_MODEL)!;
    expect(s.vramMB).toBeLessThan(d.vramMB);
  });
});
