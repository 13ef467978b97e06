/**
 * Test builds only (Chrome, `--mode test`; wxt.config.ts adds this import to the background):
 * exposes the AI tiers on the service worker's global so the end-to-end test can drive them
 * in the real extension background. Never part of a store build.
 */
import { TransformersEmbedder } from '../embed/transformers';
import { LlmExtractor, type LlmRunStats } from '../extract/llm/extractor';
import { loadWebLlm } from '../extract/llm/webllm';
import type { LlmEngine } from '../extract/llm/engine';
import type { CapturedTurn } from '../memory/types';
import { browserOrtPaths, createModelManagerBackend, extensionUrl } from './manager';
import { createLlmTier } from './llm';
import { detectWebGpu } from './webgpu';

const probe = {
  detectWebGpu,
  models: createModelManagerBackend(),
  /** Loads a local model from the extension's /models/ with the shipped ORT wasm; embeds. */
  async embed(model: string, texts: string[], dtype: 'fp32' | 'q8' = 'fp32') {
    const t0 = performance.now();
    const e = await TransformersEmbedder.load({
      model,
      dtype,
      localModelPath: extensionUrl('/models/'),
      wasmPaths: browserOrtPaths(),
    });
    const vectors = await e.embed(texts);
    return {
      id: e.id,
      dims: e.dims,
      ms: performance.now() - t0,
      tokens: e.countTokens(texts[0] ?? ''),
      vectors: vectors.map((v) => Array.from(v)),
    };
  },
  /** One turn through the LLM tier as the background would run it. */
  async extract(text: string, modelId?: string) {
    const tier = createLlmTier(modelId ? { modelId } : {});
    const turn: CapturedTurn = {
      site: 'demo' as CapturedTurn['site'],
      conversationId: 'probe',
      turnId: 't1',
      role: 'user',
      text,
      url: 'https://example.invalid/c/probe',
      observedAt: Date.UTC(2026, 5, 10, 12),
    };
    const result = await tier.extractor.extract({ turn, context: [], similar: [] });
    const r = tier.llm.last;
    return {
      path: r.path,
      errorName: r.error?.name,
      errorCode: r.error?.code,
      errorMessage: r.error?.message,
      candidates: result.candidates.map((c) => c.text),
    };
  },
  /**
   * `npm run check:llm`: loads a real model (from the hub, or from `base` — a local mirror
   * with `<base>/<model_id>/` and `<base>/libs/<lib>.wasm`) and extracts facts from turns.
   */
  async checkLlm(modelId: string, texts: string[], base?: string, libBase?: string) {
    const w = await loadWebLlm();
    const list = w.prebuiltAppConfig.model_list.map((m) =>
      m.model_id === modelId && base
        ? {
            ...m,
            model: `${base}/${modelId}`,
            ...(libBase ? { model_lib: `${libBase}/${m.model_lib.split('/').pop()}` } : {}),
          }
        : m,
    );
    const progress: string[] = [];
    const t0 = performance.now();
    const engine = new w.MLCEngine({
      appConfig: { model_list: list, cacheBackend: 'indexeddb' },
      initProgressCallback: (p) => progress.push(p.text),
    });
    await engine.reload(modelId);
    const loadMs = performance.now() - t0;
    const stats: LlmRunStats[] = [];
    const x = new LlmExtractor({
      engine: async () => engine as unknown as LlmEngine,
      onStats: (st) => stats.push(st),
    });
    const results = [];
    for (const [i, text] of texts.entries()) {
      const turn: CapturedTurn = {
        site: 'demo' as CapturedTurn['site'],
        conversationId: 'check',
        turnId: `t${i}`,
        role: 'user',
        text,
        url: 'https://example.invalid/c/check',
        observedAt: Date.UTC(2026, 5, 10, 12),
      };
      const r = await x.extract({ turn, context: [], similar: [] });
      results.push({ text, path: x.last.path, error: x.last.error?.message, facts: r.candidates });
    }
    await engine.unload();
    return { loadMs, progress: progress.slice(-3), stats, results };
  },
};

(globalThis as { mnemoAi?: typeof probe }).mnemoAi = probe;
