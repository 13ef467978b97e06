/**
 * Test builds only (Chrome, `--mode test`; wxt.config.ts adds this import to the background):
 * exposes the AI tiers on the service worker's global for the end-to-end test and
 * `npm run check:llm`. Everything runs as in use: the background's proxies, the offscreen
 * document (which the test build extends with src/ai/probe-offscreen.ts). Never part of a
 * store build.
 */
import type { CapturedTurn, ExtractionInput } from '../memory/types';
import { CHROME_MODEL_OPTIONS, promptApi } from '../extract/llm/prompt-api';
import { createChromeTier } from './chrome';
import { createLlmTier } from './llm';
import {
  chromeOffscreenTransport,
  OffscreenClient,
  OffscreenEmbedder,
  OffscreenRuleExtractor,
} from './offscreen-client';
import { OFFSCREEN_PATH } from './offscreen-protocol';

const client = new OffscreenClient(chromeOffscreenTransport());
const chromeRt = () =>
  (
    globalThis as unknown as {
      chrome: {
        runtime: {
          getURL(p: string): string;
          getContexts(f: { contextTypes: string[] }): Promise<{ documentUrl?: string }[]>;
        };
      };
    }
  ).chrome.runtime;

let chromeTier: ReturnType<typeof createChromeTier> | undefined;

const probe = {
  client,
  /** `check:llm -- --tier chrome`: what Chrome says of its model, for Mnemo's options. */
  chromeAvailability: async (): Promise<string> => {
    const api = promptApi();
    return api ? api.availability(CHROME_MODEL_OPTIONS) : 'absent';
  },
  /**
   * One extraction through Chrome's built-in model as the background runs it, as plain data:
   * each decision names its candidate by index (identity does not cross the boundary).
   */
  async chromeExtract(input: ExtractionInput) {
    chromeTier ??= createChromeTier({ fallback: new OffscreenRuleExtractor(client), client });
    const r = await chromeTier.extractor.extract(input);
    const last = chromeTier.model.last;
    return {
      path: last.path,
      chunks: last.chunks,
      ...(last.error
        ? { error: { name: last.error.name, code: last.error.code, message: last.error.message } }
        : {}),
      candidates: r.candidates,
      ...(r.decisions
        ? {
            decisions: r.decisions.map((d) => ({
              index: r.candidates.indexOf(d.candidate),
              kind: d.kind,
              ...(d.targetId ? { targetId: d.targetId } : {}),
            })),
          }
        : {}),
    };
  },
  /** WebGPU as the offscreen page (where the LLM runs) sees it. */
  detectWebGpu: () => client.call('detectWebGpu', {}),
  /** Loads a local model from the extension's /models/ in the offscreen page; embeds. */
  async embed(model: string, texts: string[], dtype: 'fp32' | 'q8' = 'fp32') {
    const t0 = performance.now();
    const e = await OffscreenEmbedder.load(client, { model, dtype, source: 'extension' });
    const vectors = await e.embed(texts);
    return {
      id: e.id,
      dims: e.dims,
      ms: performance.now() - t0,
      tokens: await e.countTokens(texts[0] ?? ''),
      vectors: vectors.map((v) => Array.from(v)),
    };
  },
  /** One turn through the LLM tier as the background runs it (engine in the offscreen page). */
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
  /** The offscreen documents open now (0 or 1). */
  async offscreenDocuments(): Promise<string[]> {
    const rt = chromeRt();
    const found = await rt.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] });
    return found.map((c) => c.documentUrl ?? rt.getURL(OFFSCREEN_PATH));
  },
  closeOffscreen: () => client.close(),
  /** The offscreen page closes itself, as it does when idle. */
  closeSelf: () => client.call('test', { name: 'closeSelf', args: [] }),
  /** `npm run check:llm`: see src/ai/probe-offscreen.ts. */
  checkLlm: (modelId: string, texts: string[], base?: string, libBase?: string) =>
    client.call(
      'test',
      { name: 'checkLlm', args: [modelId, texts, base ?? null, libBase ?? null] },
      { timeoutMs: 3_600_000 },
    ),
};

(globalThis as { mnemoAi?: typeof probe }).mnemoAi = probe;
