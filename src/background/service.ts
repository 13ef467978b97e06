/**
 * The background's memory service: the handlers behind every protocol method. It owns the
 * capture queue (turns are written to IndexedDB before any processing, and removed in the
 * same transaction that stores their results), the settings, and access control: a content
 * script's site comes from the sender's URL, never from the message, and it reads only the
 * buckets that site is granted.
 */
import {
  defaultSettings,
  deleteBucketFromSettings,
  MAX_BUCKETS,
  mergeBucketsInSettings,
  siteSettingsOf,
  type Settings,
} from '../config/settings';
import { buildExport, overLimit } from '../io/format';
import { prepareText, prepareTexts } from '../privacy/clean';
import { validateParams } from '../messaging/validate';
import type { MemoryEngine } from '../memory/engine';
import type { CapturedTurn, Extractor } from '../memory/types';
import { planInjection, DEFAULT_PLAN, INJECTION_SEARCH } from '../inject/plan';
import type {
  EngineStatus,
  ImportProgressEvent,
  InjectionRecord,
  Method,
  Params,
  Protocol,
  Result,
} from '../messaging/protocol';
import { CONTENT_METHODS } from '../messaging/protocol';
import { toWireError, type WireError } from '../messaging/wire-error';
import type { SiteId } from '../sites/hosts';
import { StorageFullError, type MemoryStore } from '../store/store';
import { isExtractorUnavailable } from '../extract/unavailable';
import type { ExtractorCounts } from '../extract/llm/counts';
import type { SetupParams, SyncStatus } from '../sync/types';
import type { SyncHost } from '../sync/pass';

export interface SenderInfo {
  /** The URL of the page that sent the message (the tab's page for content scripts). */
  url?: string;
  tabId?: number;
  incognito?: boolean;
  /** True when the sender is one of Mnemo's own pages (popup, options). */
  fromExtensionPage: boolean;
}

export interface ServiceEnv {
  engine: () => Promise<MemoryEngine>;
  store: () => Promise<MemoryStore>;
  extractor: Extractor;
  /** Maps a page URL to the supported site it belongs to (null: not a chat site). */
  siteOf: (url: string) => SiteId | null;
  now: () => number;
  /** Why the LLM tier last fell back to the rules, if it did. */
  extractorError?: () => { name: string; message: string } | undefined;
  /** How the model tier in use has fared (kept in the store). */
  extractorCounts?: () => Promise<ExtractorCounts | undefined>;
  /** Tells open extension pages how a long operation (an import) is going. */
  notify?: (event: ImportProgressEvent) => void;
  /** Sync with the user's server (src/sync/), when the background runs it. */
  sync?: SyncService;
  /** The engine and settings as sync reads and writes them, for sync in another context. */
  syncHost?: SyncHost;
  /** Whether the extension may reach an origin (the browser's permissions). */
  canReach?: (pattern: string) => Promise<boolean>;
}

/** What the service asks of sync: told of every change, and the Options → Sync requests. */
export interface SyncService {
  changed(): void;
  status(): Promise<SyncStatus>;
  setup(p: SetupParams): Promise<SyncStatus>;
  syncNow(): Promise<SyncStatus>;
  turnOff(): Promise<SyncStatus>;
  forgetEverywhere(): Promise<void>;
}

/** Methods that change memories or settings: sync hears of each. */
const MUTATIONS: ReadonlySet<Method> = new Set<Method>([
  'edit',
  'pin',
  'forget',
  'restore',
  'setSettings',
  'import',
  'mergeBuckets',
  'deleteBucket',
]);

/** Extension pages listen with runtime.onMessage; nobody listening is not an error. */
function broadcast(event: ImportProgressEvent): void {
  const rt = (globalThis as { chrome?: { runtime?: { sendMessage?: (m: unknown) => unknown } } })
    .chrome?.runtime;
  try {
    const p = rt?.sendMessage?.(event) as Promise<unknown> | undefined;
    p?.catch?.(() => undefined);
  } catch {
    // No page is open to hear it.
  }
}

export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/** An import that would take the profile over a limit; nothing was imported. */
export class ImportLimitError extends Error {
  constructor(message: string) {
    super(`${message} Nothing was imported.`);
    this.name = 'ImportLimitError';
  }
}

export class InvalidBucketError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBucketError';
  }
}

const SETTINGS_KEY = 'settings';
/** Meta records of the last injection per tab (`inject:<tabId>`): they hold user text. */
const INJECT_PREFIX = 'inject:';

export class MemoryService {
  private processing: Promise<void> | undefined;
  /** The last error processing the queue met (shown in the options page), until a success. */
  private lastError: WireError | undefined;
  private settingsCache: Settings | undefined;

  constructor(private readonly env: ServiceEnv) {}

  async settings(): Promise<Settings> {
    if (this.settingsCache) return this.settingsCache;
    const store = await this.env.store();
    // Settings saved by an older version lack newer fields: they take the defaults.
    const s = { ...defaultSettings(), ...(await store.getMeta(SETTINGS_KEY)) };
    this.settingsCache = s;
    return s;
  }

  /** Dispatch one validated request. Content scripts reach only CONTENT_METHODS. */
  async handle<M extends Method>(
    method: M,
    params: Params<M>,
    sender: SenderInfo,
  ): Promise<Result<M>> {
    if (!sender.fromExtensionPage && !(CONTENT_METHODS as readonly string[]).includes(method)) {
      throw new AccessDeniedError(`A web page cannot call "${method}".`);
    }
    const h = this.handlers[method] as (p: Params<M>, s: SenderInfo) => Promise<Result<M>>;
    const result = await h.call(this, params, sender);
    if (MUTATIONS.has(method)) this.env.sync?.changed();
    return result;
  }

  private syncHost(): SyncHost {
    if (!this.env.syncHost) throw new Error('Sync is not available in this context.');
    return this.env.syncHost;
  }

  private syncing(): SyncService {
    if (!this.env.sync) throw new Error('Sync is not available in this context.');
    return this.env.sync;
  }

  /** The site a content script's message may act for: from the sender, not the message. */
  private senderSite(sender: SenderInfo, claimedUrl: string): SiteId {
    // Mnemo's own pages (the popup) act for the site of the tab they name.
    if (sender.fromExtensionPage) {
      const site = this.env.siteOf(claimedUrl);
      if (!site) throw new AccessDeniedError('That page is not a supported chat site.');
      return site;
    }
    if (!sender.url) throw new AccessDeniedError('The sender has no page URL.');
    const site = this.env.siteOf(sender.url);
    if (!site) throw new AccessDeniedError('This page is not a supported chat site.');
    if (this.env.siteOf(claimedUrl) !== site) {
      throw new AccessDeniedError('A page can only act for its own site.');
    }
    return site;
  }

  private readonly handlers: {
    [M in Method]: (p: Protocol[M]['params'], s: SenderInfo) => Promise<Result<M>>;
  } = {
    capture: async ({ turns }, sender) => {
      const site = this.senderSite(sender, sender.url ?? '');
      const settings = await this.settings();
      const ss = siteSettingsOf(settings, site);
      if (settings.paused || !ss.capture) return { queued: 0 };
      if (sender.incognito && !settings.captureIncognito) return { queued: 0 };
      const store = await this.env.store();
      const now = this.env.now();
      // The one place a captured turn's text is cleaned and redacted: the queue, and all
      // that is derived from it, never hold what was removed here.
      const texts = await prepareTexts(
        turns.map((t) => t.text),
        { redact: settings.redactSecrets },
      );
      let queued = 0;
      for (const [i, t] of turns.entries()) {
        const turn: CapturedTurn = {
          site,
          conversationId: t.conversationId,
          turnId: t.turnId,
          role: t.role,
          text: texts[i]!,
          url: t.url,
          observedAt: now,
        };
        await store.enqueue(turn, ss.writeBucket, now);
        queued++;
      }
      void this.processQueue();
      return { queued };
    },

    prepareInjection: async ({ prompt, url, conversationId }, sender) => {
      const site = this.senderSite(sender, url);
      const settings = await this.settings();
      const ss = siteSettingsOf(settings, site);
      if (settings.paused || ss.inject === 'off' || !prompt.trim()) {
        return { items: [], tokens: 0, mode: ss.inject };
      }
      const engine = await this.env.engine();
      const hits = await engine.injectionSearch(prompt.slice(0, 2000), {
        ...INJECTION_SEARCH,
        buckets: ss.readBuckets,
        limit: 20,
        ...(conversationId ? { conversation: { site, conversationId } } : {}),
      });
      const plan = planInjection(
        hits,
        (h) => engine.relevance(h),
        (t) => engine.embedder.countTokens(t),
        { ...DEFAULT_PLAN, budget: settings.injectBudget },
        { text: prompt, similarity: engine.similarityTo(prompt.slice(0, 2000)) },
      );
      return { ...plan, mode: ss.inject };
    },

    recordInjection: async ({ url, prompt, items }, sender) => {
      const site = this.senderSite(sender, url);
      if (sender.tabId === undefined) return null;
      // The prompt is what the user typed, secrets included: redacted like a captured turn.
      const redact = (await this.settings()).redactSecrets;
      const [clean, ...itemTexts] = await prepareTexts(
        [prompt.slice(0, 2000), ...items.map((i) => i.text)],
        { redact },
      );
      const rec: InjectionRecord = {
        at: this.env.now(),
        site,
        url,
        prompt: clean!,
        items: items.map((it, i) => ({ ...it, text: itemTexts[i]! })),
      };
      await (await this.env.store()).setMeta(`${INJECT_PREFIX}${sender.tabId}`, rec);
      return null;
    },

    siteSettings: async ({ url }, sender) => {
      const site = this.senderSite(sender, url);
      const settings = await this.settings();
      return { ...siteSettingsOf(settings, site), site, paused: settings.paused };
    },

    list: async (p) => {
      const engine = await this.env.engine();
      if (p.query?.trim()) {
        const hits = await engine.search(p.query, { ...p, limit: p.limit ?? 50 });
        const items = hits.flatMap((h) => (h.memory ? [h.memory] : []));
        return { total: items.length, items };
      }
      return engine.list(p);
    },
    turns: async (p) => {
      const { total, items } = await (await this.env.engine()).listTurns(p);
      return {
        total,
        items: items.map((e) => ({
          key: e.key,
          site: e.site,
          conversationId: e.conversationId,
          bucket: e.bucket,
          text: e.text,
          observedAt: e.observedAt,
          url: e.url,
          ...(e.agreed ? { agreed: true } : {}),
        })),
      };
    },
    search: async (p) => (await this.env.engine()).search(p.query, { ...p, limit: p.limit ?? 20 }),
    get: async ({ id }) => (await (await this.env.engine()).get(id)) ?? null,
    edit: async ({ id, text }) =>
      (await this.env.engine()).edit(
        id,
        await prepareText(text, { redact: (await this.settings()).redactSecrets }),
      ),
    pin: async ({ id, pinned }) => (await this.env.engine()).setPinned(id, pinned),
    forget: async (scope) => {
      const deleted = await (await this.env.engine()).forget(scope);
      await this.dropInjections();
      return { deleted };
    },
    restore: async ({ memory }) => (await this.env.engine()).restore(memory),
    history: async ({ id }) => (await this.env.engine()).history(id),
    lastInjection: async ({ tabId }) =>
      (await (await this.env.store()).getMeta(`${INJECT_PREFIX}${tabId}`)) ?? null,
    status: async () => this.status(),
    getSettings: async () => this.settings(),
    setSettings: async ({ settings }) => this.saveSettings(settings),
    siteInfo: async ({ url }) => {
      const site = this.env.siteOf(url);
      const settings = await this.settings();
      return {
        site,
        settings: site ? siteSettingsOf(settings, site) : null,
        paused: settings.paused,
      };
    },
    export: async ({ bucket }) => {
      const engine = await this.env.engine();
      return buildExport(
        await engine.exportable(bucket),
        (await this.settings()).buckets,
        this.env.now(),
        bucket,
      );
    },
    import: async ({ file }) => {
      // Buckets named in the file that this profile lacks are created, with their names.
      // The settings that will result are checked first, with the settings request's own
      // rules, so an import never leaves settings that the next change would be refused on.
      const settings = await this.settings();
      const have = new Set(settings.buckets.map((b) => b.id));
      const used = new Set(file.memories.map((m) => m.bucket));
      const extra = file.buckets.filter((b) => !have.has(b.id) && used.has(b.id));
      for (const id of used)
        if (!have.has(id) && !extra.some((b) => b.id === id)) extra.push({ id, name: id });
      const next = { ...settings, buckets: [...settings.buckets, ...extra] };
      if (next.buckets.length > MAX_BUCKETS)
        throw new ImportLimitError(
          overLimit(
            `buckets this profile lacks (${settings.buckets.length} already exist)`,
            extra.length,
            MAX_BUCKETS - settings.buckets.length,
            'Merge or delete buckets in Options → Buckets, or import a file with fewer buckets.',
          ),
        );
      validateParams('setSettings', { settings: next });
      // Imported text is cleaned and redacted as captured text is: a file can hold anything.
      const redact = settings.redactSecrets;
      const texts = await prepareTexts(
        file.memories.map((m) => m.text),
        { redact },
      );
      const memories = await Promise.all(
        file.memories.map(async (m, i) => ({
          ...m,
          text: texts[i]!,
          entities: await prepareTexts(m.entities, { redact }),
        })),
      );
      const engine = await this.env.engine();
      const notify = this.env.notify ?? broadcast;
      const summary = await engine.importMemories(memories, {
        onProgress: (done, total) => notify({ mnemoEvent: 'importProgress', done, total }),
      });
      if (extra.length) await this.saveSettings(next);
      return summary;
    },
    mergeBuckets: async ({ from, into }) => {
      if (from === into) throw new InvalidBucketError('Choose two different buckets to merge.');
      const settings = await this.settings();
      if (!settings.buckets.some((b) => b.id === into))
        throw new InvalidBucketError(
          `There is no bucket "${into}". Reload the page and choose again.`,
        );
      await (await this.env.engine()).moveBucket(from, into);
      return this.saveSettings(mergeBucketsInSettings(settings, from, into));
    },
    deleteBucket: async ({ bucket }) => {
      const deleted = await (await this.env.engine()).forget({ type: 'bucket', bucket });
      await this.dropInjections();
      const settings = await this.saveSettings(
        deleteBucketFromSettings(await this.settings(), bucket),
      );
      return { deleted: deleted.length, settings };
    },
    drain: async () => {
      while (this.processing) await this.processing;
      await this.processQueue();
      return this.status();
    },
    syncStatus: async () =>
      this.env.sync ? this.env.sync.status() : { enabled: false, state: 'off' },
    syncSetup: async (p) => this.syncing().setup(p),
    syncHostMemories: async () => this.syncHost().memories(),
    syncHostHistory: async ({ id }) => this.syncHost().history(id),
    syncHostApply: async (changes) => {
      await this.syncHost().apply(changes);
      return null;
    },
    syncHostSettings: async () => this.syncHost().settings(),
    syncHostApplySettings: async (s) => {
      await this.syncHost().applySettings(s);
      return null;
    },
    syncHostCanReach: async ({ pattern }) =>
      this.env.canReach ? this.env.canReach(pattern) : false,
    syncNow: async () => this.syncing().syncNow(),
    syncOff: async () => this.syncing().turnOff(),
    syncForgetEverywhere: async () => {
      const sync = this.syncing();
      const deleted = await (await this.env.engine()).forget({ type: 'all' });
      await this.dropInjections();
      await sync.forgetEverywhere();
      return { deleted: deleted.length };
    },
  };

  /**
   * Any forget drops every tab's last-injection record: it holds the user's prompt and the
   * texts of injected memories, which may be what was just forgotten. (A record only
   * explains the last injection to the popup; the next one writes a new record.)
   */
  private async dropInjections(): Promise<void> {
    await (await this.env.store()).dropMetaPrefix(INJECT_PREFIX);
  }

  private async saveSettings(settings: Settings): Promise<Settings> {
    await (await this.env.store()).setMeta(SETTINGS_KEY, settings);
    this.settingsCache = settings;
    return settings;
  }

  async status(): Promise<EngineStatus> {
    const engine = await this.env.engine();
    const { queue } = await (await this.env.store()).counts();
    const s = engine.stats();
    const extractorError = this.env.extractorError?.();
    const extractorCounts = await this.env.extractorCounts?.().catch(() => undefined);
    return {
      ...s,
      queue,
      embedder: engine.embedder.id,
      extractor: this.env.extractor.id,
      vectorIndex: engine.vectorIndexName,
      ...(engine.vectorIndexFallback ? { vectorIndexFallback: engine.vectorIndexFallback } : {}),
      ...(extractorError ? { extractorError } : {}),
      ...(extractorCounts ? { extractorCounts } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /**
   * Processes queued turns one at a time, oldest first. Safe to call any time (at start,
   * after each capture): one run at a time. A turn that fails three times is dropped from
   * the queue with its error logged, so one bad turn cannot block the rest. Failures that
   * are not the turn's (a full disk, an extractor that cannot run now) drop nothing: the
   * run stops and the next one starts over.
   */
  /** A turn queued by a version that did not clean at capture: cleaned as capture does now. */
  private async cleanLegacy(turn: CapturedTurn): Promise<CapturedTurn> {
    const redact = (await this.settings()).redactSecrets;
    return { ...turn, text: await prepareText(turn.text, { redact }) };
  }

  processQueue(): Promise<void> {
    if (this.processing) return this.processing;
    this.processing = (async () => {
      const store = await this.env.store();
      const engine = await this.env.engine();
      for (;;) {
        const pending = await store.pendingQueue();
        if (pending.length === 0) break;
        let progressed = false;
        for (const rec of pending) {
          try {
            const turn = rec.cleaned ? rec.turn : await this.cleanLegacy(rec.turn);
            await engine.ingest(turn, rec.bucket, { queueSeq: rec.seq! });
            progressed = true;
            this.env.sync?.changed();
            this.lastError = undefined;
          } catch (err) {
            this.lastError = toWireError(err);
            // A full disk, or an extractor that cannot run now (Chrome: its offscreen page
            // could not be created or did not answer), is not the turn's fault: keep every
            // turn queued and stop until the next capture or start-up tries again.
            if (err instanceof StorageFullError || isExtractorUnavailable(err)) return;
            console.error('Mnemo: could not process a captured turn', err);
            // One bad turn must not block the others: it gets three tries, then is dropped.
            if (rec.attempts >= 2) await store.dropQueued(rec.seq!);
            else await store.markAttempt(rec);
          }
        }
        if (!progressed) return;
      }
    })().finally(() => {
      this.processing = undefined;
    });
    return this.processing;
  }
}
