/**
 * Wires the real parts together inside the extension: IndexedDB, the potion embedder from
 * the extension's own files, the rule-based extractor, redaction. Everything is created
 * lazily on first use so the listeners are registered before any async work.
 *
 * Chrome: the rule-based extractor (compromise and chrono-node, slow to evaluate) runs in
 * the offscreen document, not in this bundle, which is evaluated at every service worker
 * start; searching never needs it. Firefox (a persistent background page, no
 * offscreen documents) runs it here.
 */
import { browser } from 'wxt/browser';
import { urlModelSource, StaticEmbedder, type ModelFileSource } from '../embed/static';
import {
  chromeOffscreenTransport,
  OffscreenClient,
  OffscreenRuleExtractor,
  RULES_EXTRACTOR_ID,
} from '../ai/offscreen-client';
import { MemoryEngine } from '../memory/engine';
import { prepareStart } from '../memory/start';
import { systemClock, type Extractor } from '../memory/types';
import type { Settings } from '../config/settings';
import { isMethod, validateParams } from '../messaging/validate';
import type { Request, Response } from '../messaging/protocol';
import { toWireError } from '../messaging/wire-error';
import { findAdapter } from '../sites/registry';
import { openMnemoDb } from '../store/db';
import type { CachedFile } from '../store/meta';
import { MemoryStore } from '../store/store';
import { ExactIndex } from '../search/vector';
import { initVoy, VoyIndex } from '../search/voy';
import {
  countRun,
  emptyCounts,
  type ExtractorCounts,
  type RunOutcome,
} from '../extract/llm/counts';
import { createBackgroundSync, offscreenBackend, type SyncBackend } from '../sync/background';
import { engineHost } from '../sync/host';
import { MemoryService, type SenderInfo } from './service';

/**
 * The rule-based extractor for this browser. Chrome: a proxy to the offscreen page (its
 * failures keep the turn queued). Firefox: the extractor itself, loaded on first use (Vite
 * drops each branch from the other browser's bundle).
 */
function ruleExtractor(assistantTurns: boolean, offscreen: () => OffscreenClient): Extractor {
  if (import.meta.env.BROWSER === 'firefox') {
    let local: Promise<Extractor> | undefined;
    return {
      id: RULES_EXTRACTOR_ID,
      extract: async (input, signal) =>
        (
          await (local ??= import('../extract/local').then(
            (m) => new m.RuleExtractor({ assistantTurns }),
          ))
        ).extract(input, signal),
    };
  }
  return new OffscreenRuleExtractor(offscreen(), { assistantTurns });
}

const FILE_PREFIX = 'file:';

/**
 * The extension's own files (the embedding model: 4.4 MB), kept in IndexedDB after the
 * first read: in Chromium, fetching them from the package at every service-worker start is
 * several times slower than reading them back as a Blob (docs/benchmarks.md, History:
 * figures moved out of code comments). A package's files do not change within one
 * version, so a copy of another version is not used (and is replaced), and an
 * install or update drops the copies (`runtime.onInstalled`).
 */
function cachedFiles(
  src: ModelFileSource,
  store: () => Promise<MemoryStore>,
  version: string,
): ModelFileSource {
  const key = (path: string) => `${FILE_PREFIX}${path}` as const;
  const cached = async (path: string): Promise<Blob | undefined> => {
    try {
      const rec = await (await store()).getMeta(key(path));
      return rec?.version === version && rec.data instanceof Blob ? rec.data : undefined;
    } catch {
      return undefined;
    }
  };
  const keep = (path: string, data: Blob) =>
    void store()
      .then((s) => s.setMeta(key(path), { version, data } satisfies CachedFile))
      .catch(() => undefined);
  return {
    text: async (path) => {
      const hit = await cached(path);
      if (hit) return hit.text();
      const text = await src.text(path);
      keep(path, new Blob([text]));
      return text;
    },
    bytes: async (path) => {
      const hit = await cached(path);
      if (hit) return hit.arrayBuffer();
      const bytes = await src.bytes(path);
      keep(path, new Blob([bytes]));
      return bytes;
    },
  };
}

export function createBackground() {
  let storeP: Promise<MemoryStore> | undefined;
  let engineP: Promise<MemoryEngine> | undefined;
  /** Chrome: one client for the offscreen page (the rules, and the LLM tier when on). */
  let offscreenP: OffscreenClient | undefined;
  const offscreen = () =>
    (offscreenP ??= new OffscreenClient(chromeOffscreenTransport(), { timeoutMs: 60_000 }));
  let current: Extractor = ruleExtractor(false, offscreen);
  let currentKey = 'rules|false';
  let cancelCurrent: (() => void) | undefined;
  /** The last reason the LLM tier fell back to the rules (shown in Options → Models). */
  let lastLlmError: { name: string; message: string } | undefined;
  /** Updates of the counts in the store, one after the other. */
  let counting: Promise<unknown> = Promise.resolve();
  const count = (tier: string, run: RunOutcome) => {
    counting = counting.then(async () => {
      const s = await store();
      const before = await s.getMeta('counts:extractor');
      const base = before?.tier === tier ? before : emptyCounts(tier, Date.now());
      await s.setMeta('counts:extractor', countRun(base, run));
    });
    counting = counting.catch(() => undefined);
  };
  const counts = async (): Promise<ExtractorCounts | undefined> => {
    await counting;
    return (await store()).getMeta('counts:extractor');
  };

  /** The engine holds this proxy, so switching extractors needs no engine rebuild. */
  const extractor: Extractor = {
    get id() {
      return current.id;
    },
    extract: (input, signal) => current.extract(input, signal),
  };

  /**
   * Rules (assistant turns per settings), the web-llm tier or Chrome's built-in model, both
   * of which fall back to them. web-llm runs in an offscreen document, created on the first
   * turn that needs it and closed when the user turns the LLM off: web-llm is not in this
   * bundle. Chrome's model runs in this worker.
   */
  async function applyExtractor(s: Settings): Promise<void> {
    const key = `${s.extractor}|${s.assistantFacts}|${s.llmModel}`;
    if (key === currentKey) return;
    currentKey = key;
    cancelCurrent?.();
    cancelCurrent = undefined;
    const rules = ruleExtractor(s.assistantFacts, offscreen);
    current = rules;
    // Firefox builds have no AI tier: Vite drops this branch there.
    if (s.extractor === 'llm' && import.meta.env.BROWSER !== 'firefox') {
      const { createLlmTier } = await import('../ai/llm');
      const tier = createLlmTier({
        modelId: s.llmModel,
        fallback: rules,
        client: offscreen(),
        onFallback: (e) => {
          lastLlmError = { name: e.name, message: e.message };
        },
      });
      current = tier.extractor;
      cancelCurrent = () => {
        tier.extractor.cancelAll('The extraction model was changed.');
        void tier.dispose();
      };
    }
    // Chrome's built-in model runs here, in the service worker: no offscreen document for it.
    if (s.extractor === 'chrome' && import.meta.env.BROWSER !== 'firefox') {
      const { createChromeTier } = await import('../ai/chrome');
      const tier = createChromeTier({
        fallback: rules,
        client: offscreen(),
        onFallback: (e) => {
          lastLlmError = { name: e.name, message: e.message };
        },
        onOutcome: (run) => count('chrome', run),
      });
      current = tier.extractor;
      cancelCurrent = tier.dispose;
    }
  }

  const store = (): Promise<MemoryStore> =>
    (storeP ??= openMnemoDb(undefined, {
      onVersionChange: () => {
        storeP = undefined;
        engineP = undefined;
      },
    }).then((db) => new MemoryStore(db)));

  /** Start-up phases, ms since the worker started (performance.now()), for the benchmarks. */
  const timings: Record<string, number> = { scriptEvaluated: performance.now() };
  const mark = <T>(name: string, p: Promise<T>): Promise<T> =>
    p.then((v) => {
      timings[name] = performance.now();
      return v;
    });

  // An update (or, unpacked, a reload) may bring other model files: the copies go. Only
  // a reload keeps the version, and it is then read from the package at the next start.
  browser.runtime.onInstalled.addListener(() => {
    void store()
      .then((s) => s.dropMetaPrefix(FILE_PREFIX))
      .catch(() => undefined);
  });

  const step = (name: string) => {
    timings[name] = performance.now();
  };

  /** The model's files, each timed (`model:tokenizer.json`, …). */
  const modelFiles = (): ModelFileSource => {
    const src = cachedFiles(
      urlModelSource(browser.runtime.getURL('/models/' as never)),
      store,
      browser.runtime.getManifest().version,
    );
    const name = (p: string) => `model:${p.split('/').pop()}`;
    return {
      text: (p) => mark(name(p), src.text(p)),
      bytes: (p) => mark(name(p), src.bytes(p)),
    };
  };

  const engine = (): Promise<MemoryEngine> =>
    (engineP ??= (async () => {
      timings.engineStart = performance.now();
      // The model's files are asked for first (the tokenizer, built from them, is the
      // longest step), then the store is read and prepared (the start image, the lexical
      // snapshot) while the embedder loads: neither needs the other.
      const embedderP = mark('embedderLoaded', StaticEmbedder.load(modelFiles()));
      const start = store().then((s) => prepareStart(s, step));
      start.catch(() => undefined); // its failure is init()'s to report
      const [s, embedder, settings] = await Promise.all([
        mark('storeOpen', store()),
        embedderP,
        mark('settingsRead', service.settings()),
      ]);
      await applyExtractor(settings);
      const useVoy = settings.vectorIndex === 'voy';
      if (useVoy)
        await initVoy(async () =>
          (await fetch(browser.runtime.getURL('/voy/voy_search_bg.wasm' as never))).arrayBuffer(),
        );
      const e = new MemoryEngine({
        store: s,
        embedder,
        vectorIndex: (dims) => (useVoy ? new VoyIndex() : new ExactIndex(dims)),
        extractor,
        clock: systemClock,
        snapshotDelayMs: 3000,
        start,
        mark: step,
      });
      await e.init();
      timings.engineReady = performance.now();
      return e;
    })());

  const syncHost = engineHost({
    engine,
    settings: () => service.settings(),
    saveSettings: (settings) =>
      service.handle('setSettings', { settings }, { fromExtensionPage: true }),
    now: () => Date.now(),
  });
  // Chrome: the replicator runs in the offscreen page; Firefox: here, loaded on first use.
  // Either way PouchDB is not in what a worker start evaluates (Vite drops the other branch).
  let local: Promise<SyncBackend> | undefined;
  const sync = createBackgroundSync({
    backend:
      import.meta.env.BROWSER === 'firefox'
        ? () => (local ??= import('../sync/local').then((m) => m.localReplicator(syncHost)))
        : async () => offscreenBackend(offscreen()),
  });

  const service: MemoryService = new MemoryService({
    engine,
    store,
    sync,
    syncHost,
    canReach: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    extractor,
    siteOf: (url) => {
      try {
        return findAdapter(new URL(url))?.adapter.id ?? null;
      } catch {
        return null;
      }
    },
    now: () => Date.now(),
    extractorError: () => lastLlmError,
    extractorCounts: counts,
  });

  const extensionOrigin = new URL(browser.runtime.getURL('/' as never)).origin;

  async function onMessage(
    msg: unknown,
    sender: { url?: string; tab?: { id?: number; url?: string; incognito?: boolean }; id?: string },
  ): Promise<Response> {
    try {
      const req = msg as Partial<Request>;
      if (!req || req.mnemo !== 1 || !isMethod(req.method)) throw new Error('Unknown request.');
      if (sender.id !== browser.runtime.id)
        throw new Error('Requests from other extensions are refused.');
      const params = validateParams(req.method, req.params);
      const pageUrl = sender.tab?.url ?? sender.url;
      const info: SenderInfo = {
        fromExtensionPage: !!sender.url && new URL(sender.url).origin === extensionOrigin,
        ...(pageUrl ? { url: pageUrl } : {}),
        ...(sender.tab?.id !== undefined ? { tabId: sender.tab.id } : {}),
        ...(sender.tab?.incognito !== undefined ? { incognito: sender.tab.incognito } : {}),
      };
      const before = req.method === 'setSettings' ? await service.settings() : undefined;
      const value = await service.handle(req.method, params, info);
      timings.firstAnswer ??= performance.now();
      if (req.method === 'setSettings') {
        const after = await service.settings();
        await applyExtractor(after);
        // A different vector index is built from the stored vectors on next use.
        if (before?.vectorIndex !== after.vectorIndex) engineP = undefined;
      }
      return { ok: true, value } as Response;
    } catch (err) {
      return { ok: false, error: toWireError(err) };
    }
  }

  return { service, onMessage, engine, store, timings, sync };
}
