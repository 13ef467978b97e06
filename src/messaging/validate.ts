/**
 * Run-time validation of requests at the receiver: a message is data from another context
 * (a content script runs beside a web page), so every field is checked before use.
 */
import { MAX_BUCKET_NAME, MAX_BUCKETS } from '../config/settings';
import { validateExport, WHAT_TO_DO } from '../io/format';
import type { Method, Params } from './protocol';

export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(`Mnemo rejected a malformed request: ${message}`);
    this.name = 'InvalidMessageError';
  }
}

type V = (x: unknown, path: string) => void;

const fail = (path: string, want: string): never => {
  throw new InvalidMessageError(`${path} must be ${want}`);
};
const str =
  (max = 1_000_000): V =>
  (x, p) => {
    if (typeof x !== 'string') fail(p, 'a string');
    if ((x as string).length > max) fail(p, `at most ${max} characters`);
  };
const num: V = (x, p) => {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(p, 'a finite number');
};
const bool: V = (x, p) => {
  if (typeof x !== 'boolean') fail(p, 'true or false');
};
const oneOf =
  (...vals: string[]): V =>
  (x, p) => {
    if (!vals.includes(x as string)) fail(p, `one of ${vals.join(', ')}`);
  };
const opt =
  (v: V): V =>
  (x, p) => {
    if (x !== undefined) v(x, p);
  };
const arr =
  (v: V, max = 10_000): V =>
  (x, p) => {
    if (!Array.isArray(x)) fail(p, 'a list');
    if ((x as unknown[]).length > max) fail(p, `a list of at most ${max}`);
    (x as unknown[]).forEach((e, i) => v(e, `${p}[${i}]`));
  };
const obj =
  (shape: Record<string, V>): V =>
  (x, p) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(p, 'an object');
    for (const [k, v] of Object.entries(shape)) v((x as Record<string, unknown>)[k], `${p}.${k}`);
  };
const any: V = () => {};

const turn = obj({
  turnId: str(200),
  role: oneOf('user', 'assistant'),
  text: str(1_000_000),
  conversationId: str(300),
  url: str(4000),
});

const listParams = {
  query: opt(str(2000)),
  buckets: opt(arr(str(200), 1000)),
  kinds: opt(arr(str(40), 20)),
  sites: opt(arr(str(40), 50)),
  status: opt(oneOf('current', 'all')),
  from: opt(num),
  to: opt(num),
  offset: opt(num),
  limit: opt(num),
};

const siteSettings = obj({
  capture: bool,
  inject: oneOf('auto', 'manual', 'off'),
  writeBucket: str(MAX_BUCKET_NAME),
  readBuckets: arr(str(MAX_BUCKET_NAME), MAX_BUCKETS),
});

/** A bad import file: every problem found, and what to do. Nothing was written. */
export class InvalidImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`${problems.join(' ')} ${WHAT_TO_DO}`);
    this.name = 'InvalidImportError';
  }
}

const memoryShape = obj({
  id: str(200),
  text: str(2000),
  bucket: str(200),
  provenance: arr(any, 1000),
});

const VALIDATORS: { [M in Method]: V } = {
  capture: obj({ turns: arr(turn, 500) }),
  prepareInjection: obj({ prompt: str(200_000), url: str(4000), conversationId: opt(str(1000)) }),
  recordInjection: obj({
    url: str(4000),
    prompt: str(200_000),
    items: arr(obj({ id: str(300), text: str(4000) }), 100),
  }),
  siteSettings: obj({ url: str(4000) }),
  list: obj(listParams),
  turns: obj({
    query: opt(str(2000)),
    buckets: opt(arr(str(200), 1000)),
    offset: opt(num),
    limit: opt(num),
  }),
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
  restore: obj({ memory: memoryShape }),
  history: obj({ id: str(200) }),
  lastInjection: obj({ tabId: num }),
  status: obj({}),
  getSettings: obj({}),
  setSettings: obj({
    settings: obj({
      version: num,
      paused: bool,
      redactSecrets: bool,
      captureIncognito: bool,
      assistantFacts: bool,
      injectBudget: num,
      vectorIndex: oneOf('exact', 'voy'),
      extractor: opt(oneOf('rules', 'llm')),
      llmModel: opt(str(200)),
      buckets: arr(obj({ id: str(MAX_BUCKET_NAME), name: str(MAX_BUCKET_NAME) }), MAX_BUCKETS),
      sites: (x, p) => {
        obj({})(x, p);
        for (const [k, v] of Object.entries(x as Record<string, unknown>))
          siteSettings(v, `${p}.${k}`);
      },
    }),
  }),
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
};

export function isMethod(x: unknown): x is Method {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(VALIDATORS, x);
}

export function validateParams<M extends Method>(method: M, params: unknown): Params<M> {
  VALIDATORS[method](params, 'params');
  return params as Params<M>;
}
