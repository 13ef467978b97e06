/**
 * The real engine: web-llm's MLCEngine, created lazily, with weights cached in IndexedDB
 * (`appConfig.cacheBackend: 'indexeddb'`, so they survive the service worker and are
 * counted in the extension's storage). Chrome only: in a Firefox build the dynamic import
 * below is dead code (Vite folds `import.meta.env.BROWSER`) and web-llm is not bundled.
 */
import type { LlmEngine, LoadProgress } from './engine';
import { classifyEngineError, LlmUnavailableError } from './errors';
import { DEFAULT_LLM_MODEL } from './models';

type WebLlm = typeof import('@mlc-ai/web-llm');

export async function loadWebLlm(): Promise<WebLlm> {
  if (import.meta.env.BROWSER === 'firefox')
    throw new LlmUnavailableError(
      'Firefox does not offer WebGPU to extensions, so the AI model cannot run here. Mnemo uses its built-in rules, which need no model.',
      { code: 'no-webgpu' },
    );
  return import('@mlc-ai/web-llm');
}

async function appConfig(): Promise<import('@mlc-ai/web-llm').AppConfig> {
  const w = await loadWebLlm();
  return { ...w.prebuiltAppConfig, cacheBackend: 'indexeddb' };
}

export interface WebLlmRuntimeOptions {
  modelId?: string;
  onProgress?: (p: LoadProgress) => void;
}

/**
 * Owns one MLCEngine and the model loaded in it. `engine()` loads on first use (from the
 * IndexedDB cache, or downloads); after a GPU loss `invalidate()` makes the next call
 * start over.
 *
 * @example
 * const rt = new WebLlmRuntime({ modelId: settings.llmModel });
 * const llm = new LlmExtractor({ engine: () => rt.engine(), onEngineLost: () => rt.invalidate() });
 */
export class WebLlmRuntime {
  modelId: string;
  private current?: Promise<LlmEngine>;
  private onProgress: ((p: LoadProgress) => void) | undefined;

  constructor(opts: WebLlmRuntimeOptions = {}) {
    this.modelId = opts.modelId ?? DEFAULT_LLM_MODEL;
    this.onProgress = opts.onProgress;
  }

  engine(): Promise<LlmEngine> {
    this.current ??= (async () => {
      const w = await loadWebLlm();
      try {
        const e = new w.MLCEngine({
          appConfig: await appConfig(),
          initProgressCallback: (p) => this.onProgress?.(p),
        });
        await e.reload(this.modelId);
        return e as unknown as LlmEngine;
      } catch (err) {
        throw classifyEngineError(err);
      }
    })();
    this.current.catch(() => {
      this.current = undefined;
    });
    return this.current;
  }

  async invalidate(): Promise<void> {
    const e = this.current;
    this.current = undefined;
    await e?.then((x) => x.unload()).catch(() => {});
  }

  async setModel(id: string): Promise<void> {
    if (id === this.modelId) return;
    await this.invalidate();
    this.modelId = id;
  }
}

/** Whether the weights of a model are in the IndexedDB cache. */
export async function isLlmCached(modelId: string): Promise<boolean> {
  const w = await loadWebLlm();
  return w.hasModelInCache(modelId, await appConfig());
}

export async function deleteLlm(modelId: string): Promise<void> {
  const w = await loadWebLlm();
  await w.deleteModelAllInfoInCache(modelId, await appConfig());
}

/**
 * Downloads (and compiles) a model with progress; the signal cancels it (web-llm's
 * `unload()` aborts a reload in progress). Resolves once the model is cached.
 */
export async function downloadLlm(
  modelId: string,
  onProgress: (p: LoadProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const w = await loadWebLlm();
  signal?.throwIfAborted();
  const engine = new w.MLCEngine({
    appConfig: await appConfig(),
    initProgressCallback: onProgress,
  });
  const abort = () => void engine.unload();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await engine.reload(modelId);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw classifyEngineError(err);
  } finally {
    signal?.removeEventListener('abort', abort);
    await engine.unload().catch(() => {});
  }
}
