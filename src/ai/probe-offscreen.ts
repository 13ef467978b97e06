/**
 * Test builds only (Chrome, `--mode test`; wxt.config.ts adds this import to the offscreen
 * page): operations the end-to-end checks reach through the offscreen protocol's `test`
 * operation. Never part of a store build.
 */
import { LlmExtractor, type LlmRunStats } from '../extract/llm/extractor';
import { resolveDatesLocally, RuleExtractor } from '../extract/local';
import { loadWebLlm } from '../extract/llm/webllm';
import type { LlmEngine } from '../extract/llm/engine';
import type { CapturedTurn } from '../memory/types';
import { registerTestOp } from './offscreen-host';

/**
 * `npm run check:llm`: loads a real model (from the hub, or from `base` — a local mirror
 * with `<base>/<model_id>/` and `<base>/libs/<lib>.wasm`) and extracts facts from turns.
 */
async function checkLlm(modelId: string, texts: string[], base?: string, libBase?: string) {
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
    fallback: new RuleExtractor(),
    resolveDates: resolveDatesLocally,
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
}

registerTestOp('checkLlm', (modelId, texts, base, libBase) =>
  checkLlm(
    String(modelId),
    (texts as unknown[]).map(String),
    typeof base === 'string' ? base : undefined,
    typeof libBase === 'string' ? libBase : undefined,
  ),
);

/** What the page does when idle, now: `window.close()` must close an offscreen document. */
registerTestOp('closeSelf', async () => {
  setTimeout(() => globalThis.close(), 20);
  return null;
});
