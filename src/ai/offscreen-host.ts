/**
 * The offscreen document's side (Chrome): hosts web-llm's engine, transformers.js
 * embedders and the rule-based extractor (compromise, chrono-node) for the background, which stays free of both (its bundle is evaluated at every
 * service-worker start). Serves the requests of src/ai/offscreen-protocol.ts, from Mnemo's
 * own contexts only, and ignores every other runtime message (they are the background's).
 *
 * Idle: after `idleMs` without a request, it unloads the model (frees the GPU memory) and
 * closes the document; the background recreates it on the next turn.
 *
 * @example (entrypoints/offscreen/main.ts)
 * serveOffscreen();
 */
import type { Replicator } from '../sync/replicator';
import type { SyncStatus } from '../sync/types';
import { LlmUnavailableError } from '../extract/llm/errors';
import { llmModel } from '../extract/llm/models';
import { isLlmCached, WebLlmRuntime } from '../extract/llm/webllm';
import type { TransformersEmbedder } from '../embed/transformers';
import type { RuleExtractor } from '../extract/rules';
import { browserOrtPaths, extensionUrl } from './paths';
import {
  parseOffscreenRequest,
  type EmbedModelRef,
  type OffscreenOp,
  type OffscreenParams,
  type OffscreenRequest,
  type OffscreenResponse,
  type OffscreenResult,
} from './offscreen-protocol';
import { detectWebGpu } from './webgpu';
import { toWireError } from '../messaging/wire-error';

type Handlers = {
  [O in OffscreenOp]: (p: OffscreenParams<O>) => Promise<OffscreenResult<O>>;
};
type TestOp = (...args: unknown[]) => Promise<unknown>;

const testOps = new Map<string, TestOp>();
/** Test builds: src/ai/probe-offscreen.ts adds its operations here. */
export function registerTestOp(name: string, fn: TestOp): void {
  testOps.set(name, fn);
}

export interface OffscreenHostOptions {
  /** Default 5 minutes. */
  idleMs?: number;
  /** Default `window.close()`. */
  close?: () => void;
}

export function createOffscreenHost(opts: OffscreenHostOptions = {}) {
  const runtime = new WebLlmRuntime();
  /** The model whose WebGPU, shader-f16 and cache checks passed. */
  let checked: string | undefined;
  const embedders = new Map<string, Promise<TransformersEmbedder>>();
  /** compromise and chrono-node: loaded on the first extraction, not with the page. */
  let local: Promise<typeof import('../extract/local')> | undefined;
  const rules = new Map<boolean, RuleExtractor>();
  async function ruleExtractor(assistantTurns: boolean): Promise<RuleExtractor> {
    const m = await (local ??= import('../extract/local'));
    let r = rules.get(assistantTurns);
    if (!r) rules.set(assistantTurns, (r = new m.RuleExtractor({ assistantTurns })));
    return r;
  }
  let idle: ReturnType<typeof setTimeout> | undefined;
  let busy = 0;
  /** Sync's replicator (PouchDB): loaded when sync is first asked for, not with the page. */
  let replicator: Promise<Replicator> | undefined;
  const sync = () =>
    (replicator ??= import('../sync/offscreen').then((m) => m.offscreenReplicator()));
  /** While sync is set up the page stays open: live replication runs here. */
  let syncOn = false;
  const noted = (s: SyncStatus): SyncStatus => {
    syncOn = s.enabled;
    return s;
  };

  async function ensureLlm(modelId: string) {
    if (checked !== modelId) {
      await runtime.setModel(modelId);
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
      checked = modelId;
    }
    return runtime.engine();
  }

  function embedder(ref: EmbedModelRef): Promise<TransformersEmbedder> {
    const key = `${ref.model}@${ref.dtype}@${ref.source}`;
    let e = embedders.get(key);
    if (!e) {
      e = import('../embed/transformers').then(({ TransformersEmbedder }) =>
        TransformersEmbedder.load({
          model: ref.model,
          dtype: ref.dtype,
          wasmPaths: browserOrtPaths(),
          // 'downloaded': from transformers.js' browser cache, filled by the model manager.
          ...(ref.source === 'extension' ? { localModelPath: extensionUrl('/models/') } : {}),
        }),
      );
      embedders.set(key, e);
      e.catch(() => embedders.delete(key));
    }
    return e;
  }

  const handlers: Handlers = {
    ping: async () => ({ ready: true }),
    detectWebGpu: () => detectWebGpu(),
    llmLoad: async ({ modelId }) => {
      await ensureLlm(modelId);
      return null;
    },
    llmComplete: async ({ modelId, request }) => {
      const engine = await ensureLlm(modelId);
      return engine.chat.completions.create({ ...request, stream: false });
    },
    llmInterrupt: async () => {
      if (checked)
        void runtime.engine().then(
          (e) => e.interruptGenerate(),
          () => {},
        );
      return null;
    },
    llmUnload: async () => {
      checked = undefined;
      await runtime.invalidate();
      return null;
    },
    embedLoad: async (ref) => {
      const e = await embedder(ref);
      return { id: e.id, dims: e.dims };
    },
    embed: async ({ texts, ...ref }) =>
      (await (await embedder(ref)).embed(texts)).map((v) => Array.from(v)),
    countTokens: async ({ text, ...ref }) => (await embedder(ref)).countTokens(text),
    extractRules: async ({ turn, userName, assistantTurns }) =>
      (await ruleExtractor(assistantTurns)).extractSync({
        turn,
        context: [],
        similar: [],
        ...(userName !== undefined ? { userName } : {}),
      }),
    resolveDates: async ({ texts, observedAt }) =>
      (await (local ??= import('../extract/local'))).resolveDatesLocally(texts, observedAt),
    syncStart: async () => {
      const r = await sync();
      await r.start();
      return noted(await r.status());
    },
    syncStatus: async () => noted(await (await sync()).status()),
    syncSetup: async (p) => noted(await (await sync()).setup(p)),
    syncNow: async () => noted(await (await sync()).syncNow()),
    syncOff: async () => noted(await (await sync()).turnOff()),
    syncForgetEverywhere: async () => {
      await (await sync()).forgetEverywhere();
      return null;
    },
    syncChanged: async () => {
      (await sync()).changed();
      return null;
    },
    test: async ({ name, args }) => {
      const fn = testOps.get(name);
      if (!fn) throw new Error(`No test operation "${name}" in this build.`);
      return fn(...args);
    },
  };

  const idleMs = opts.idleMs ?? 5 * 60_000;
  function armIdle() {
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (busy > 0 || syncOn) return armIdle();
      checked = undefined;
      void runtime.invalidate().finally(() => (opts.close ?? (() => globalThis.close()))());
    }, idleMs);
  }
  armIdle();

  /**
   * One runtime message: `undefined` when it is not addressed to this page (another context
   * answers it), otherwise the response.
   */
  function handle(
    msg: unknown,
    sender: { id?: string; url?: string; tab?: unknown },
    ownId: string,
    ownOrigin: string,
  ): Promise<OffscreenResponse> | undefined {
    let req: OffscreenRequest | null;
    try {
      req = parseOffscreenRequest(msg);
      if (!req) return undefined;
      // Only Mnemo's own background and pages; never a content script (it runs in a tab).
      if (sender.id !== ownId || sender.tab || !sender.url?.startsWith(ownOrigin))
        throw new Error('Requests from outside Mnemo are refused.');
    } catch (err) {
      return Promise.resolve({ ok: false, error: toWireError(err) });
    }
    busy++;
    armIdle();
    const h = handlers[req.op] as (p: unknown) => Promise<unknown>;
    return h(req.params)
      .then(
        (value) => ({ ok: true, value }) as OffscreenResponse,
        (err: unknown) => ({ ok: false, error: toWireError(err) }) as OffscreenResponse,
      )
      .finally(() => {
        busy--;
        armIdle();
      });
  }

  return { handle, handlers };
}

type RuntimeLike = {
  id: string;
  getURL(p: string): string;
  onMessage: {
    addListener(
      fn: (
        msg: unknown,
        sender: { id?: string; url?: string; tab?: unknown },
        sendResponse: (r: unknown) => void,
      ) => boolean | undefined,
    ): void;
  };
};

/** Registers the page's only listener, synchronously at load. */
export function serveOffscreen(opts: OffscreenHostOptions = {}) {
  const rt = (globalThis as unknown as { chrome: { runtime: RuntimeLike } }).chrome.runtime;
  const host = createOffscreenHost(opts);
  const origin = new URL(rt.getURL('/')).origin;
  rt.onMessage.addListener((msg, sender, sendResponse) => {
    const res = host.handle(msg, sender, rt.id, origin);
    if (!res) return false; // not ours: leave it to the background
    void res.then(sendResponse);
    return true;
  });
  return host;
}
