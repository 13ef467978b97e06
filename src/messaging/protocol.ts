/**
 * The one typed protocol between Mnemo's contexts (content scripts, popup, options, the
 * background). Each request names a method of `Protocol`; its params and result types are
 * checked at compile time on both sides and validated at run time by the receiver
 * (src/messaging/validate.ts). Errors cross as `{ ok: false, error }` with their name,
 * a message that says what to do, and the cause's message.
 *
 * @example
 * const hits = await call('search', { query: 'diet', filters: {} });
 */
import type {
  ForgetScope,
  HistoryRow,
  Memory,
  MemoryKind,
  RemoteChanges,
  SearchHit,
} from '../memory/types';
import type { SiteId } from '../sites/hosts';
import type { Settings, SiteSettings } from '../config/settings';
import type { ExportFile } from '../io/format';
import type { ImportSummary } from '../io/plan';
import type { ExtractorCounts } from '../extract/llm/counts';
import type { WireError } from './wire-error';
import type { SetupParams, SyncedSettings, SyncStatus } from '../sync/types';

export interface TurnInput {
  turnId: string;
  role: 'user' | 'assistant';
  text: string;
  conversationId: string;
  url: string;
}

export interface InjectionItem {
  id: string;
  type: 'memory' | 'episode';
  text: string;
  date: string;
  score: number;
  relevance: number;
  parts: SearchHit['parts'];
  site: string;
  url: string;
  tokens: number;
  /** No longer true (superseded or ended): injected as history, never as current. */
  history?: boolean;
  /** For history: YYYY-MM-DD when it stopped being true. */
  until?: string;
  /** An assistant's answer the user agreed to (the user's decision), shown as such. */
  agreed?: boolean;
}

export interface InjectionPlan {
  items: InjectionItem[];
  /** Tokens of the whole block, header and markers included. */
  tokens: number;
  mode: SiteSettings['inject'];
}

export interface InjectionRecord {
  at: number;
  site: SiteId;
  url: string;
  prompt: string;
  items: InjectionItem[];
}

export interface ListParams {
  query?: string;
  buckets?: string[];
  kinds?: MemoryKind[];
  sites?: SiteId[];
  status?: 'current' | 'all';
  from?: number;
  to?: number;
  offset?: number;
  limit?: number;
}

/**
 * A stored chat turn as the popup lists it: a turn can be injected (for what no fact
 * covers), so the user can see and delete it.
 */
export interface TurnItem {
  key: string;
  site: SiteId;
  conversationId: string;
  bucket: string;
  text: string;
  observedAt: number;
  url: string;
  /** An assistant's answer the user agreed to (injected as the user's decision). */
  agreed?: boolean;
}

export interface TurnListParams {
  query?: string;
  buckets?: string[];
  offset?: number;
  limit?: number;
}

export interface EngineStatus {
  memories: number;
  active: number;
  episodes: number;
  queue: number;
  buckets: Record<string, number>;
  embedder: string;
  extractor: string;
  /** Why the LLM tier last fell back to the rules, if it did. */
  extractorError?: { name: string; message: string };
  /** Turns the model tier read, and those it handed to the rules, by reason. */
  extractorCounts?: ExtractorCounts;
  /** The last error met while processing captured turns (a full disk, say), until a success. */
  lastError?: WireError;
  /** The vector index in use ('exact' or 'voy'). */
  vectorIndex: string;
  /** Why the chosen vector index was replaced by the exact scan, if it was. */
  vectorIndexFallback?: string;
}

/** Methods a content script may call. Everything else is for extension pages only. */
export const CONTENT_METHODS = [
  'capture',
  'prepareInjection',
  'recordInjection',
  'siteSettings',
] as const;

export interface Protocol {
  /** Content script: captured turns, queued durably before any processing. */
  capture: { params: { turns: TurnInput[] }; result: { queued: number } };
  /** Content script: the memories to inject for a prompt (empty when none is relevant). */
  prepareInjection: {
    /**
     * `conversationId`: the chat the prompt is typed in, as the site's adapter reads it (absent
     * in a new chat): its own turns are already in the chat, so none of them is injected.
     */
    params: { prompt: string; url: string; conversationId?: string };
    result: InjectionPlan;
  };
  /** Content script: what was actually injected (for "why this?"). */
  recordInjection: {
    params: { url: string; prompt: string; items: InjectionItem[] };
    result: null;
  };
  siteSettings: {
    params: { url: string };
    result: SiteSettings & { site: SiteId; paused: boolean };
  };

  list: { params: ListParams; result: { total: number; items: Memory[] } };
  /** The user's stored turns that can still be injected, newest first (the popup lists them). */
  turns: { params: TurnListParams; result: { total: number; items: TurnItem[] } };
  search: { params: ListParams & { query: string }; result: SearchHit[] };
  get: { params: { id: string }; result: Memory | null };
  edit: { params: { id: string; text: string }; result: Memory };
  pin: { params: { id: string; pinned: boolean }; result: Memory };
  forget: { params: ForgetScope; result: { deleted: Memory[] } };
  restore: { params: { memory: Memory }; result: Memory };
  history: { params: { id: string }; result: HistoryRow[] };
  lastInjection: { params: { tabId: number }; result: InjectionRecord | null };
  status: { params: Record<string, never>; result: EngineStatus };
  getSettings: { params: Record<string, never>; result: Settings };
  setSettings: { params: { settings: Settings }; result: Settings };
  /** Extension pages: the supported site a URL belongs to (the popup's current tab). */
  siteInfo: {
    params: { url: string };
    result: { site: SiteId | null; settings: SiteSettings | null; paused: boolean };
  };
  /** All memories, or one bucket's, as an export file. */
  export: { params: { bucket?: string }; result: ExportFile };
  /** A whole, already valid file (checked again here), written in one transaction. */
  import: { params: { file: ExportFile }; result: ImportSummary };
  /** Moves `from`'s memories into `into`, removes `from` and repoints the sites using it. */
  mergeBuckets: { params: { from: string; into: string }; result: Settings };
  /** Forgets the bucket's memories and turns (cascade), removes it from the settings. */
  deleteBucket: { params: { bucket: string }; result: { deleted: number; settings: Settings } };
  /** Resolves once every queued turn has been processed (tests, the demo, benchmarks). */
  drain: { params: Record<string, never>; result: EngineStatus };
  /** Options → Sync (src/sync/): where sync stands, its last sync and its last error. */
  syncStatus: { params: Record<string, never>; result: SyncStatus };
  /**
   * Sets sync up with the user's CouchDB (the page has asked for the server's origin first).
   * The passphrase derives the keys here and is not kept.
   */
  syncSetup: { params: SetupParams; result: SyncStatus };
  syncNow: { params: Record<string, never>; result: SyncStatus };
  /** Stops syncing and forgets the setup; the memories on this device stay. */
  syncOff: { params: Record<string, never>; result: SyncStatus };
  /** Forgets every memory here and, through the server, on every synced device. */
  syncForgetEverywhere: { params: Record<string, never>; result: { deleted: number } };
  /**
   * Chrome: sync runs in the offscreen page (its PouchDB stays out of the service worker's
   * bundle, evaluated at every start) and reads and writes memories through these, as
   * src/sync/host.ts does in the background itself.
   */
  syncHostMemories: { params: Record<string, never>; result: Memory[] };
  syncHostHistory: { params: { id: string }; result: HistoryRow[] };
  syncHostApply: { params: RemoteChanges; result: null };
  syncHostSettings: { params: Record<string, never>; result: SyncedSettings };
  syncHostApplySettings: { params: SyncedSettings; result: null };
  /** Whether the extension may reach a server's origin (an optional host permission). */
  syncHostCanReach: { params: { pattern: string }; result: boolean };
  // Options → Models has no methods here: the model manager runs in the options page
  // (src/ai/manager.ts), and the background reaches the models through the offscreen
  // document's own protocol (src/ai/offscreen-protocol.ts).
}

export type Method = keyof Protocol;

/** Sent by the background to extension pages while an import is written. */
export interface ImportProgressEvent {
  mnemoEvent: 'importProgress';
  done: number;
  total: number;
}
export type Params<M extends Method> = Protocol[M]['params'];
export type Result<M extends Method> = Protocol[M]['result'];

export interface Request<M extends Method = Method> {
  mnemo: 1;
  method: M;
  params: Params<M>;
}

export type Response<M extends Method = Method> =
  { ok: true; value: Result<M> } | { ok: false; error: WireError };

export class RemoteError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message, wire.cause ? { cause: wire.cause } : undefined);
    this.name = wire.name;
  }
}
