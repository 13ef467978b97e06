/**
 * The extension's background as the memory benchmarks run it under Node: the engine over
 * fake-indexeddb (the caller imports `fake-indexeddb/auto`), the default embedder, the
 * extractor of the current settings, secret redaction as the settings say, and the memory
 * service in front. Requests go through `request`, which does what `onMessage` in
 * src/background/boot.ts does: validate the params as the background validates them, ask the
 * service's handler, then apply a settings change (redaction, the extractor). The clock is
 * the caller's.
 *
 * What differs from boot.ts, and why: the rule extractor runs in this process (Chrome runs the
 * same code in its offscreen page), the LLM tier is not available (no WebGPU under Node), and
 * the lexical snapshot timer is off (the snapshot only speeds up a restart, which no benchmark
 * step does).
 *
 * @example
 * const bg = await createBenchBackground({ embedder, clock, dbName: 'bench-1' });
 * await bg.request('capture', { turns }, contentScriptAt('https://chatgpt.com/c/a', 1));
 */
import { RuleExtractor } from '../extract/local';
import { MemoryEngine } from '../memory/engine';
import type { Clock, Embedder, Extractor } from '../memory/types';
import type { Settings } from '../config/settings';
import { validateParams } from '../messaging/validate';
import type { Method, Params, Result } from '../messaging/protocol';
import { MemoryService, type SenderInfo } from '../background/service';
import { findAdapter } from '../sites/registry';
import { openMnemoDb } from '../store/db';
import { MemoryStore } from '../store/store';
import { ExactIndex } from '../search/vector';

export interface BenchBackgroundEnv {
  embedder: Embedder;
  clock: Clock;
  /** A database of its own (fake-indexeddb): one per scenario, one per persona. */
  dbName: string;
  /**
   * In place of the rules (`npm run check:llm -- --tier chrome`: Chrome's built-in model,
   * reached in a browser). Default: the rule extractor, as the settings say.
   */
  extractor?: Extractor;
}

export interface BenchBackground {
  /** One request as `onMessage` handles it: validated, then the service's handler. */
  request<M extends Method>(method: M, params: Params<M>, sender: SenderInfo): Promise<Result<M>>;
  engine: () => Promise<MemoryEngine>;
  /** Closes the database (the runner deletes it after). */
  close(): Promise<void>;
}

/** The extension can only run the LLM tier in a browser with WebGPU. */
export class BenchSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchSettingsError';
  }
}

/** A content script in a tab showing `url`. */
export function contentScriptAt(url: string, tabId: number): SenderInfo {
  return { url, tabId, incognito: false, fromExtensionPage: false };
}

/** The popup or the options page. */
export const EXTENSION_PAGE: SenderInfo = {
  url: 'chrome-extension://mnemo/popup.html',
  fromExtensionPage: true,
};

// The store build's value (no local test hosts): the build defines it, tsx does not.
const g = globalThis as { __MNEMO_LOCAL_HOSTS__?: readonly string[] };
g.__MNEMO_LOCAL_HOSTS__ ??= [];

function siteOf(url: string) {
  try {
    return findAdapter(new URL(url))?.adapter.id ?? null;
  } catch {
    return null;
  }
}

export async function createBenchBackground(env: BenchBackgroundEnv): Promise<BenchBackground> {
  const db = await openMnemoDb(env.dbName);
  const store = new MemoryStore(db);
  let current: Extractor = env.extractor ?? new RuleExtractor({ assistantTurns: false });
  let currentKey = 'rules|false';
  const extractor: Extractor = {
    get id() {
      return current.id;
    },
    extract: (input, signal) => current.extract(input, signal),
  };
  const applyExtractor = (s: Settings) => {
    if (s.extractor === 'llm')
      throw new BenchSettingsError(
        'The benchmark runs the rule extractor only: the LLM tier needs WebGPU in a browser. Leave "extractor" at "rules".',
      );
    const key = `${s.extractor}|${s.assistantFacts}`;
    if (key === currentKey || env.extractor) return;
    currentKey = key;
    current = new RuleExtractor({ assistantTurns: s.assistantFacts });
  };

  let engineP: Promise<MemoryEngine> | undefined;
  const engine = (): Promise<MemoryEngine> =>
    (engineP ??= (async () => {
      const settings = await service.settings();
      applyExtractor(settings);
      const e = new MemoryEngine({
        store,
        embedder: env.embedder,
        vectorIndex: (dims) => new ExactIndex(dims),
        extractor,
        clock: env.clock,
      });
      await e.init();
      return e;
    })());

  const service: MemoryService = new MemoryService({
    engine,
    store: async () => store,
    extractor,
    siteOf,
    now: () => env.clock.now(),
    notify: () => undefined,
  });
  const initial = await service.settings();
  if (initial.vectorIndex !== 'exact')
    throw new BenchSettingsError('The benchmark runs the exact vector scan (the default).');

  return {
    engine,
    async request(method, params, sender) {
      // Both ways a message is structured-cloned, as between the extension's contexts.
      const checked = validateParams(method, structuredClone(params));
      const value = structuredClone(await service.handle(method, checked, sender));
      if (method === 'setSettings') {
        const after = await service.settings();
        applyExtractor(after);
      }
      return value;
    },
    async close() {
      db.close();
    },
  };
}
