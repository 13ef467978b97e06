/**
 * Run-time validation of requests at the receiver: a message is data from another context
 * (a content script runs beside a web page), so every field is checked before use.
 */
import {
  MAX_BUCKET_NAME,
  MAX_BUCKETS,
  knownSites,
  type Bucket,
  type Settings,
  type SiteSettings,
} from '../config/settings';
import { validateExport, WHAT_TO_DO } from '../io/format';
import {
  MEMORY_KINDS,
  type HistoryRow,
  type Memory,
  type Provenance,
  type ScoreParts,
} from '../memory/types';
import { MAX_MEMORY_TEXT } from '../memory/state';
import {
  any,
  arr,
  bool,
  fields,
  num,
  obj,
  oneOf,
  opt,
  record,
  str,
  validate,
  type V,
} from './check';
import type {
  InjectionItem,
  ListParams,
  Method,
  Params,
  TurnInput,
  TurnListParams,
} from './protocol';

export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(`Mnemo rejected a malformed request: ${message}`);
    this.name = 'InvalidMessageError';
  }
}

const SITE = oneOf(...knownSites());
const KIND = oneOf(...MEMORY_KINDS);
const ROLE = oneOf('user', 'assistant');

const turn = fields<TurnInput>({
  turnId: str(200),
  role: ROLE,
  text: str(1_000_000),
  conversationId: str(300),
  url: str(4000),
});

const listParams = {
  query: opt(str(2000)),
  buckets: opt(arr(str(200), 1000)),
  kinds: opt(arr(KIND, 20)),
  sites: opt(arr(SITE, 50)),
  status: opt(oneOf('current', 'all')),
  from: opt(num),
  to: opt(num),
  offset: opt(num),
  limit: opt(num),
} satisfies Record<keyof ListParams, V>;

const turnListParams = fields<TurnListParams>({
  query: opt(str(2000)),
  buckets: opt(arr(str(200), 1000)),
  offset: opt(num),
  limit: opt(num),
});

const scoreParts = fields<ScoreParts>({
  similarity: num,
  keywords: num,
  coverage: num,
  recency: num,
  pinned: num,
  kind: num,
  when: opt(num),
  asks: opt(num),
  self: opt(num),
});

const injectionItem = fields<InjectionItem>({
  id: str(300),
  type: oneOf('memory', 'episode'),
  text: str(4000),
  date: str(100),
  score: num,
  relevance: num,
  parts: scoreParts,
  site: str(40),
  url: str(4000),
  tokens: num,
  history: opt(bool),
  until: opt(str(100)),
  agreed: opt(bool),
});

const provenance = fields<Provenance>({
  site: SITE,
  conversationId: str(300),
  url: str(4000),
  turnIds: arr(str(200), 1000),
  role: ROLE,
});

/** Every field of a Memory (a restore puts the whole object back in the store). */
export const memory = fields<Memory>({
  id: str(200),
  text: str(MAX_MEMORY_TEXT),
  kind: KIND,
  bucket: str(200),
  observedAt: num,
  eventAt: opt(num),
  createdAt: num,
  updatedAt: num,
  status: oneOf('active', 'superseded', 'deleted'),
  supersedes: opt(str(200)),
  supersededBy: opt(str(200)),
  supersededAt: opt(num),
  pinned: bool,
  entities: arr(str(200), 100),
  slot: opt(str(200)),
  provenance: arr(provenance, 1000),
});

/** One history row as it crosses contexts (sync's host calls, a synced body). */
export const historyRow = fields<Omit<HistoryRow, 'id'>>({
  memoryId: str(200),
  at: num,
  action: oneOf(
    'added',
    'updated',
    'superseded',
    'deleted',
    'restored',
    'edited',
    'imported',
    'merged',
  ),
  actor: oneOf('extraction', 'user', 'import', 'sync'),
  before: opt(str(100_000)),
  after: opt(str(100_000)),
  relatedId: opt(str(200)),
});

export const siteSettings = fields<SiteSettings>({
  capture: bool,
  inject: oneOf('auto', 'manual', 'off'),
  writeBucket: str(MAX_BUCKET_NAME),
  readBuckets: arr(str(MAX_BUCKET_NAME), MAX_BUCKETS),
});

/** The settings sync carries between devices: the buckets and which sites read which. */
export const syncedSettingsShape = {
  buckets: arr(
    fields<Bucket>({ id: str(MAX_BUCKET_NAME), name: str(MAX_BUCKET_NAME) }),
    MAX_BUCKETS,
  ),
  sites: record(siteSettings),
};
export const syncedSettings = obj(syncedSettingsShape);

const settings = fields<Settings>({
  version: oneOf(1),
  paused: bool,
  redactSecrets: bool,
  captureIncognito: bool,
  assistantFacts: bool,
  injectBudget: num,
  vectorIndex: oneOf('exact', 'voy'),
  // May be absent, as before: the service reads an absent field as its default.
  extractor: opt(oneOf('rules', 'llm', 'chrome')),
  llmModel: opt(str(200)),
  ...syncedSettingsShape,
});

/** Options → Sync's setup: the server, the login and the passphrase. */
export const syncSetupParams = obj({
  url: str(2000),
  username: str(500),
  password: str(1000),
  passphrase: str(1000),
  urls: bool,
});

/** A bad import file: every problem found, and what to do. Nothing was written. */
export class InvalidImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.join(' ')} ${WHAT_TO_DO}`);
    this.name = 'InvalidImportError';
  }
}

const VALIDATORS: { [M in Method]: V } = {
  capture: obj({ turns: arr(turn, 500) }),
  prepareInjection: obj({ prompt: str(200_000), url: str(4000), conversationId: opt(str(1000)) }),
  recordInjection: obj({ url: str(4000), prompt: str(200_000), items: arr(injectionItem, 100) }),
  siteSettings: obj({ url: str(4000) }),
  list: obj(listParams),
  turns: turnListParams,
  search: obj({ ...listParams, query: str(2000) }),
  get: obj({ id: str(200) }),
  edit: obj({ id: str(200), text: str(100_000) }),
  pin: obj({ id: str(200), pinned: bool }),
  forget: (x, p) => {
    obj({ type: oneOf('memory', 'turn', 'conversation', 'site', 'bucket', 'all') })(x, p);
    const s = x as { type: string };
    if (s.type === 'memory') obj({ id: str(200) })(x, p);
    if (s.type === 'turn') obj({ key: str(1000) })(x, p);
    if (s.type === 'conversation') obj({ site: str(40), conversationId: str(300) })(x, p);
    if (s.type === 'site') obj({ site: str(40) })(x, p);
    if (s.type === 'bucket') obj({ bucket: str(200) })(x, p);
  },
  restore: obj({ memory }),
  history: obj({ id: str(200) }),
  lastInjection: obj({ tabId: num }),
  status: obj({}),
  getSettings: obj({}),
  setSettings: obj({ settings }),
  siteInfo: obj({ url: str(4000) }),
  export: obj({ bucket: opt(str(200)) }),
  import: (x, p) => {
    obj({ file: any })(x, p);
    const res = validateExport((x as { file: unknown }).file);
    if (!res.ok) throw new InvalidImportError(res.errors);
  },
  mergeBuckets: obj({ from: str(200), into: str(200) }),
  deleteBucket: obj({ bucket: str(200) }),
  drain: obj({}),
  syncStatus: obj({}),
  syncSetup: syncSetupParams,
  syncNow: obj({}),
  syncOff: obj({}),
  syncForgetEverywhere: obj({}),
  syncHostMemories: obj({}),
  syncHostHistory: obj({ id: str(200) }),
  syncHostApply: obj({
    upsert: arr(obj({ memory, history: arr(historyRow, 10_000) }), 100_000),
    remove: arr(str(200), 100_000),
  }),
  syncHostSettings: obj({}),
  syncHostApplySettings: syncedSettings,
  syncHostCanReach: obj({ pattern: str(2000) }),
};

export function isMethod(x: unknown): x is Method {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(VALIDATORS, x);
}

export function validateParams<M extends Method>(method: M, params: unknown): Params<M> {
  validate(VALIDATORS[method], params, 'params', (m) => new InvalidMessageError(m));
  return params as Params<M>;
}
